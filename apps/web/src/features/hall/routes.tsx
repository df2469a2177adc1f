import type { Permission } from '@fengqiao/domain';
import { Spin } from 'antd';
import { lazy, type ReactNode, Suspense } from 'react';
import type { RouteObject } from 'react-router-dom';
import { RequirePermission } from '../../app/guards';
import { CitizenShell, RequireCitizen } from '../citizen/CitizenShell';

/**
 * The service hall's pages. `hallPublicRoutes` sit outside the staff login:
 * the residents' mobile pages (/m/…), the kiosk and the hall display.
 * `hallStaffRoutes` sit under the app shell. Both are spread into
 * app/router.tsx.
 */

const KioskPage = lazy(() => import('./KioskPage'));
const DisplayPage = lazy(() => import('./DisplayPage'));
const ClerkPage = lazy(() => import('./ClerkPage'));
const ApplicationsReviewPage = lazy(() => import('./ApplicationsReviewPage'));
const StatsPage = lazy(() => import('./StatsPage'));
const CataloguePage = lazy(() => import('./CataloguePage'));
const EnterprisePage = lazy(() => import('./EnterprisePage'));
const HomeVisitsPage = lazy(() => import('./HomeVisitsPage'));
const SuggestionsPage = lazy(() => import('./SuggestionsPage'));
const SignInPage = lazy(() => import('../citizen/SignInPage'));
const ServicesPage = lazy(() => import('../citizen/ServicesPage'));
const BookPage = lazy(() => import('../citizen/BookPage'));
const BookingsPage = lazy(() => import('../citizen/BookingsPage'));
const BookingPage = lazy(() => import('../citizen/BookingPage'));
const ApplyPage = lazy(() => import('../citizen/ApplyPage'));
const ApplicationsPage = lazy(() => import('../citizen/ApplicationsPage'));
const ApplicationPage = lazy(() => import('../citizen/ApplicationPage'));
const TicketPage = lazy(() => import('../citizen/TicketPage'));
const TicketStatusPage = lazy(() => import('../citizen/TicketPage').then((m) => ({ default: m.TicketStatusPage })));
const SuggestPage = lazy(() => import('../citizen/SuggestPage'));
const HomeVisitPage = lazy(() => import('../citizen/HomeVisitPage'));

function loading(page: ReactNode): ReactNode {
  return (
    <Suspense
      fallback={
        <div className="fq-center">
          <Spin size="large" />
        </div>
      }
    >
      {page}
    </Suspense>
  );
}

const guarded = (permission: Permission, page: ReactNode) => (
  <RequirePermission permission={permission}>{loading(page)}</RequirePermission>
);
const citizen = (page: ReactNode) => <RequireCitizen>{loading(page)}</RequireCitizen>;

export const hallPublicRoutes: RouteObject[] = [
  { path: '/hall/kiosk', element: loading(<KioskPage />) },
  { path: '/hall/display', element: loading(<DisplayPage />) },
  { path: '/m/login', element: loading(<SignInPage />) },
  {
    path: '/m',
    element: <CitizenShell />,
    children: [
      // The catalogue, tickets and the suggestions' public counts need no sign-in.
      { index: true, element: loading(<ServicesPage />) },
      { path: 'ticket', element: loading(<TicketPage />) },
      { path: 'ticket/:token', element: loading(<TicketStatusPage />) },
      { path: 'book/:serviceId', element: citizen(<BookPage />) },
      { path: 'bookings', element: citizen(<BookingsPage />) },
      { path: 'bookings/:id', element: citizen(<BookingPage />) },
      { path: 'apply/:serviceId', element: citizen(<ApplyPage />) },
      { path: 'applications', element: citizen(<ApplicationsPage />) },
      { path: 'applications/:id', element: citizen(<ApplicationPage />) },
      { path: 'suggest', element: loading(<SuggestPage />) },
      { path: 'home-visit', element: citizen(<HomeVisitPage />) },
    ],
  },
];

export const hallStaffRoutes: RouteObject[] = [
  { path: 'hall/window', element: guarded('hall.serve', <ClerkPage />) },
  { path: 'hall/applications', element: guarded('hall.serve', <ApplicationsReviewPage />) },
  { path: 'hall/stats', element: guarded('hall.stats', <StatsPage />) },
  { path: 'hall/catalogue', element: guarded('hall.manage', <CataloguePage />) },
  { path: 'hall/enterprise', element: guarded('enterprise.work', <EnterprisePage />) },
  { path: 'hall/home-visits', element: guarded('homevisits.work', <HomeVisitsPage />) },
  { path: 'hall/suggestions', element: guarded('suggestions.manage', <SuggestionsPage />) },
];
