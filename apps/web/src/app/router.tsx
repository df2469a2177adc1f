import type { Permission } from '@fengqiao/domain';
import { Spin } from 'antd';
import { lazy, type ReactNode, Suspense } from 'react';
import { createBrowserRouter, Navigate } from 'react-router-dom';
import { useMe } from '../api/queries';
import { LoginPage } from '../features/auth/LoginPage';
import { cameraRoutes } from '../features/cameras/routes';
import { hallPublicRoutes, hallStaffRoutes } from '../features/hall/routes';
import { leadershipRoutes, wallRoute } from '../features/leadership/routes';
import { trafficPublicRoutes, trafficRoutes } from '../features/traffic/routes';
import { volunteerRoutes } from '../features/volunteers/routes';
import { RequireAuth, RequirePermission } from './guards';
import { AppLayout } from './layout/AppLayout';
import { homePath } from './nav';
import { NotFoundPage } from './StatusPages';

const MapPage = lazy(() => import('../features/map/MapPage'));
const GridEditorPage = lazy(() => import('../features/grids/GridEditorPage'));
const PeoplePage = lazy(() => import('../features/people/PeoplePage'));
const AuditPage = lazy(() => import('../features/audit/AuditPage'));
const RetentionPage = lazy(() => import('../features/retention/RetentionPage'));
const UsersPage = lazy(() => import('../features/users/UsersPage'));
const ProfilePage = lazy(() => import('../features/auth/ProfilePage'));
const CommandBoardPage = lazy(() => import('../features/command/CommandBoardPage'));
const CallTakingPage = lazy(() => import('../features/command/CallTakingPage'));
const CommandConfigPage = lazy(() => import('../features/command/CommandConfigPage'));
const OrdersPage = lazy(() => import('../features/orders/OrdersPage'));
const AnalysisPage = lazy(() => import('../features/analysis/AnalysisPage'));
const ReportPage = lazy(() => import('../features/report/ReportPage'));
const ReportStatusPage = lazy(() => import('../features/report/ReportStatusPage'));
const LedgerPage = lazy(() => import('../features/mediation/LedgerPage'));
const NewDisputePage = lazy(() => import('../features/mediation/NewDisputePage'));
const DisputePage = lazy(() => import('../features/mediation/DisputePage'));
const WorkbenchPage = lazy(() => import('../features/mediation/WorkbenchPage'));
const MeetingsPage = lazy(() => import('../features/mediation/MeetingsPage'));
const MeetingPage = lazy(() => import('../features/mediation/MeetingPage'));
const MediatorPoolPage = lazy(() => import('../features/mediation/MediatorPoolPage'));
const IndicatorsPage = lazy(() => import('../features/mediation/IndicatorsPage'));

function Page({ children }: { children: ReactNode }) {
  return (
    <Suspense
      fallback={
        <div className="fq-center">
          <Spin size="large" />
        </div>
      }
    >
      {children}
    </Suspense>
  );
}

/** A page behind a permission, loaded on first use. */
function Guarded({ permission, children }: { permission: Permission; children: ReactNode }) {
  return (
    <RequirePermission permission={permission}>
      <Page>{children}</Page>
    </RequirePermission>
  );
}

function Home() {
  const { data } = useMe();
  return <Navigate to={homePath(data?.permissions ?? [], data?.roles ?? [])} replace />;
}

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  // Residents' mobile pages, the hall's kiosk and display: outside the staff login.
  ...hallPublicRoutes,
  // The command room's wall display: full screen, outside the app shell.
  wallRoute,
  // Residents report without an account: public, outside the app shell.
  ...trafficPublicRoutes,
  {
    path: '/report',
    element: (
      <Page>
        <ReportPage />
      </Page>
    ),
  },
  {
    path: '/report/:id',
    element: (
      <Page>
        <ReportStatusPage />
      </Page>
    ),
  },
  {
    path: '/',
    element: (
      <RequireAuth>
        <AppLayout />
      </RequireAuth>
    ),
    children: [
      { index: true, element: <Home /> },
      {
        path: 'command',
        element: (
          <Guarded permission="incidents.read">
            <CommandBoardPage />
          </Guarded>
        ),
      },
      {
        path: 'command/new',
        element: (
          <Guarded permission="incidents.create">
            <CallTakingPage />
          </Guarded>
        ),
      },
      {
        path: 'command/config',
        element: (
          <Guarded permission="incidents.configure">
            <CommandConfigPage />
          </Guarded>
        ),
      },
      {
        path: 'orders',
        element: (
          <Guarded permission="orders.update">
            <OrdersPage />
          </Guarded>
        ),
      },
      {
        path: 'analysis',
        element: (
          <Guarded permission="analysis.read">
            <AnalysisPage />
          </Guarded>
        ),
      },
      {
        path: 'mediation',
        element: (
          <Guarded permission="disputes.read">
            <LedgerPage />
          </Guarded>
        ),
      },
      {
        path: 'mediation/new',
        element: (
          <Guarded permission="disputes.write">
            <NewDisputePage />
          </Guarded>
        ),
      },
      {
        path: 'mediation/workbench',
        element: (
          <Guarded permission="disputes.read">
            <WorkbenchPage />
          </Guarded>
        ),
      },
      {
        path: 'mediation/meetings',
        element: (
          <Guarded permission="disputes.read">
            <MeetingsPage />
          </Guarded>
        ),
      },
      {
        path: 'mediation/meetings/:id',
        element: (
          <Guarded permission="disputes.read">
            <MeetingPage />
          </Guarded>
        ),
      },
      {
        path: 'mediation/mediators',
        element: (
          <Guarded permission="disputes.read">
            <MediatorPoolPage />
          </Guarded>
        ),
      },
      {
        path: 'mediation/indicators',
        element: (
          <Guarded permission="disputes.read">
            <IndicatorsPage />
          </Guarded>
        ),
      },
      {
        path: 'mediation/:id',
        element: (
          <Guarded permission="disputes.read">
            <DisputePage />
          </Guarded>
        ),
      },
      {
        path: 'map',
        element: (
          <RequirePermission permission="map.view">
            <Page>
              <MapPage />
            </Page>
          </RequirePermission>
        ),
      },
      {
        path: 'grids',
        element: (
          <RequirePermission permission="grids.edit">
            <Page>
              <GridEditorPage />
            </Page>
          </RequirePermission>
        ),
      },
      {
        path: 'people',
        element: (
          <RequirePermission permission="personnel.read">
            <Page>
              <PeoplePage />
            </Page>
          </RequirePermission>
        ),
      },
      {
        path: 'audit',
        element: (
          <RequirePermission permission="audit.read">
            <Page>
              <AuditPage />
            </Page>
          </RequirePermission>
        ),
      },
      {
        path: 'users',
        element: (
          <RequirePermission permission="users.read">
            <Page>
              <UsersPage />
            </Page>
          </RequirePermission>
        ),
      },
      {
        path: 'retention',
        element: (
          <RequirePermission permission="users.read">
            <Page>
              <RetentionPage />
            </Page>
          </RequirePermission>
        ),
      },
      {
        path: 'profile',
        element: (
          <Page>
            <ProfilePage />
          </Page>
        ),
      },
      ...volunteerRoutes,
      ...trafficRoutes,
      ...cameraRoutes,
      ...hallStaffRoutes,
      ...leadershipRoutes,
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
