import type { Permission } from '@fengqiao/domain';
import { Spin } from 'antd';
import { lazy, type ReactNode, Suspense } from 'react';
import type { RouteObject } from 'react-router-dom';
import { RequirePermission } from '../../app/guards';

/**
 * The volunteer pages under the app shell: the volunteer's phone pages
 * (/volunteer/…) and the station's desk pages (/volunteers/…, /hazards).
 * Spread into app/router.tsx.
 */

const PhoneHomePage = lazy(() => import('./phone/PhoneHomePage'));
const ShiftsPage = lazy(() => import('./phone/ShiftsPage'));
const DutyPage = lazy(() => import('./phone/DutyPage'));
const MyHazardsPage = lazy(() => import('./phone/MyHazardsPage'));
const HazardReportPage = lazy(() => import('./phone/HazardReportPage'));
const HazardProgressPage = lazy(() => import('./phone/HazardProgressPage'));
const PointsPage = lazy(() => import('./phone/PointsPage'));
const InboxPage = lazy(() => import('./phone/InboxPage'));
const TeamLeadPage = lazy(() => import('./phone/TeamLeadPage'));
const RosterPage = lazy(() => import('./desk/RosterPage'));
const TeamsPage = lazy(() => import('./desk/TeamsPage'));
const TrainingPage = lazy(() => import('./desk/TrainingPage'));
const PatrolPlanPage = lazy(() => import('./desk/PatrolPlanPage'));
const DutiesPage = lazy(() => import('./desk/DutiesPage'));
const CoveragePage = lazy(() => import('./desk/CoveragePage'));
const HazardBoardPage = lazy(() => import('./desk/HazardBoardPage'));
const IndicatorsPage = lazy(() => import('./desk/IndicatorsPage'));

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

export const volunteerRoutes: RouteObject[] = [
  { path: 'volunteer', element: guarded('patrols.duty', <PhoneHomePage />) },
  { path: 'volunteer/shifts', element: guarded('patrols.duty', <ShiftsPage />) },
  { path: 'volunteer/duty/:id', element: guarded('patrols.duty', <DutyPage />) },
  { path: 'volunteer/hazards', element: guarded('hazards.report', <MyHazardsPage />) },
  { path: 'volunteer/hazards/new', element: guarded('hazards.report', <HazardReportPage />) },
  { path: 'volunteer/hazards/:id', element: guarded('hazards.report', <HazardProgressPage />) },
  { path: 'volunteer/points', element: guarded('patrols.duty', <PointsPage />) },
  { path: 'volunteer/inbox', element: guarded('patrols.duty', <InboxPage />) },
  { path: 'volunteer/team', element: guarded('patrols.duty', <TeamLeadPage />) },
  { path: 'volunteers', element: guarded('volunteers.read', <RosterPage />) },
  { path: 'volunteers/teams', element: guarded('volunteers.read', <TeamsPage />) },
  { path: 'volunteers/training', element: guarded('volunteers.read', <TrainingPage />) },
  { path: 'volunteers/patrols', element: guarded('volunteers.read', <PatrolPlanPage />) },
  { path: 'volunteers/duties', element: guarded('volunteers.read', <DutiesPage />) },
  { path: 'volunteers/coverage', element: guarded('volunteers.read', <CoveragePage />) },
  { path: 'volunteers/indicators', element: guarded('volunteers.read', <IndicatorsPage />) },
  { path: 'hazards', element: guarded('hazards.manage', <HazardBoardPage />) },
];
