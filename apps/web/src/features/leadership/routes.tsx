import type { Permission } from '@fengqiao/domain';
import { Spin } from 'antd';
import { lazy, type ReactNode, Suspense } from 'react';
import type { RouteObject } from 'react-router-dom';
import { RequireAuth, RequirePermission } from '../../app/guards';

/**
 * The leadership pages under the app shell (/leadership/…), and the
 * command room's wall display (/wall) outside it, full screen. Spread
 * into app/router.tsx.
 */

const DashboardPage = lazy(() => import('./DashboardPage'));
const AgendaPage = lazy(() => import('./AgendaPage'));
const EvaluationPage = lazy(() => import('./EvaluationPage'));
const MinePage = lazy(() => import('./MinePage'));
const WallPage = lazy(() => import('./WallPage'));
const CountyPage = lazy(() => import('./CountyPage'));

function guarded(permission: Permission, page: ReactNode): ReactNode {
  return (
    <RequirePermission permission={permission}>
      <Suspense
        fallback={
          <div className="fq-center">
            <Spin size="large" />
          </div>
        }
      >
        {page}
      </Suspense>
    </RequirePermission>
  );
}

export const leadershipRoutes: RouteObject[] = [
  { path: 'county', element: guarded('county.overview', <CountyPage />) },
  { path: 'leadership', element: guarded('leadership.dashboard', <DashboardPage />) },
  { path: 'leadership/agenda', element: guarded('leadership.manage', <AgendaPage />) },
  { path: 'leadership/evaluation', element: guarded('leadership.manage', <EvaluationPage />) },
  { path: 'leadership/mine', element: guarded('evaluation.self', <MinePage />) },
];

/** The wall display: signed in, no sidebar, the whole screen. */
export const wallRoute: RouteObject = {
  path: '/wall',
  element: <RequireAuth>{guarded('leadership.dashboard', <WallPage />)}</RequireAuth>,
};
