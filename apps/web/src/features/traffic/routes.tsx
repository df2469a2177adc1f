import type { Permission } from '@fengqiao/domain';
import { Spin } from 'antd';
import { lazy, type ReactNode, Suspense } from 'react';
import type { RouteObject } from 'react-router-dom';
import { RequirePermission } from '../../app/guards';

/**
 * Traffic pages. Staff pages live under the app shell (spread into its
 * children); the residents' quick-handling pages are public phone pages
 * outside it (spread at the top level), signed in by phone code.
 */
const AccidentsReviewPage = lazy(() => import('./staff/AccidentsReviewPage'));
const ViolationsPage = lazy(() => import('./staff/ViolationsPage'));
const FogPage = lazy(() => import('./staff/FogPage'));
const QuickHomePage = lazy(() => import('./resident/QuickHomePage'));
const QuickCasePage = lazy(() => import('./resident/QuickCasePage'));

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

export const trafficRoutes: RouteObject[] = [
  { path: 'traffic/accidents', element: guarded('accidents.review', <AccidentsReviewPage />) },
  { path: 'traffic/violations', element: guarded('violations.review', <ViolationsPage />) },
  { path: 'traffic/fog', element: guarded('fog.read', <FogPage />) },
];

export const trafficPublicRoutes: RouteObject[] = [
  { path: '/accident', element: loading(<QuickHomePage />) },
  { path: '/accident/:id', element: loading(<QuickCasePage />) },
];
