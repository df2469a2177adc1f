import { hasPermission, type Permission, ROLES, type Role } from '@fengqiao/domain';

/**
 * The pages of the app and who sees them. The sidebar shows an entry only
 * when the user's permissions (from /api/auth/me) include its permission;
 * the router refuses the page otherwise, and the server refuses the API.
 */
export type PageId =
  | 'county'
  | 'command'
  | 'intake'
  | 'orders'
  | 'analysis'
  | 'map'
  | 'grids'
  | 'people'
  | 'commandConfig'
  | 'audit'
  | 'users'
  | 'retention'
  | 'mediationWorkbench'
  | 'mediationLedger'
  | 'mediationMeetings'
  | 'mediationMediators'
  | 'mediationIndicators'
  | 'volunteerMe'
  | 'volunteersRoster'
  | 'volunteersTeams'
  | 'volunteersTraining'
  | 'volunteersPatrols'
  | 'volunteersDuties'
  | 'volunteersCoverage'
  | 'volunteersHazards'
  | 'volunteersIndicators'
  | 'cameras'
  | 'cameraReview'
  | 'hallWindow'
  | 'hallApplications'
  | 'hallStats'
  | 'hallCatalogue'
  | 'hallEnterprise'
  | 'hallHomeVisits'
  | 'hallSuggestions'
  | 'leadershipDashboard'
  | 'leadershipAgenda'
  | 'leadershipEvaluation'
  | 'leadershipMine'
  | 'trafficAccidents'
  | 'trafficViolations'
  | 'trafficFog';

export type Section = 'leadership' | 'command' | 'mediation' | 'volunteers' | 'hall' | 'traffic' | 'work' | 'admin';

export interface PageEntry {
  id: PageId;
  path: string;
  permission: Permission;
  section: Section;
  /** The page fills the content area itself (maps, the board): no padding, no page scroll. */
  fullBleed?: boolean;
  /** Station staff only: not in the mediator portal (a user whose only dispute role is mediator). */
  staffOnly?: boolean;
}

export const PAGES: readonly PageEntry[] = [
  { id: 'county', path: '/county', permission: 'county.overview', section: 'leadership' },
  { id: 'leadershipDashboard', path: '/leadership', permission: 'leadership.dashboard', section: 'leadership' },
  { id: 'leadershipAgenda', path: '/leadership/agenda', permission: 'leadership.manage', section: 'leadership' },
  {
    id: 'leadershipEvaluation',
    path: '/leadership/evaluation',
    permission: 'leadership.manage',
    section: 'leadership',
  },
  { id: 'leadershipMine', path: '/leadership/mine', permission: 'evaluation.self', section: 'leadership' },
  { id: 'command', path: '/command', permission: 'incidents.read', section: 'command', fullBleed: true },
  { id: 'intake', path: '/command/new', permission: 'incidents.create', section: 'command' },
  { id: 'orders', path: '/orders', permission: 'orders.update', section: 'command' },
  { id: 'analysis', path: '/analysis', permission: 'analysis.read', section: 'command' },
  { id: 'cameras', path: '/cameras', permission: 'cameras.read', section: 'command' },
  { id: 'cameraReview', path: '/cameras/review', permission: 'violations.review', section: 'command' },
  { id: 'mediationWorkbench', path: '/mediation/workbench', permission: 'disputes.read', section: 'mediation' },
  { id: 'mediationLedger', path: '/mediation', permission: 'disputes.read', section: 'mediation' },
  { id: 'mediationMeetings', path: '/mediation/meetings', permission: 'disputes.read', section: 'mediation' },
  {
    id: 'mediationMediators',
    path: '/mediation/mediators',
    permission: 'disputes.read',
    section: 'mediation',
    staffOnly: true,
  },
  { id: 'mediationIndicators', path: '/mediation/indicators', permission: 'disputes.read', section: 'mediation' },
  { id: 'volunteerMe', path: '/volunteer', permission: 'patrols.duty', section: 'volunteers' },
  { id: 'volunteersRoster', path: '/volunteers', permission: 'volunteers.read', section: 'volunteers' },
  { id: 'volunteersTeams', path: '/volunteers/teams', permission: 'volunteers.read', section: 'volunteers' },
  { id: 'volunteersTraining', path: '/volunteers/training', permission: 'volunteers.read', section: 'volunteers' },
  { id: 'volunteersPatrols', path: '/volunteers/patrols', permission: 'volunteers.read', section: 'volunteers' },
  { id: 'volunteersDuties', path: '/volunteers/duties', permission: 'volunteers.read', section: 'volunteers' },
  { id: 'volunteersCoverage', path: '/volunteers/coverage', permission: 'volunteers.read', section: 'volunteers' },
  { id: 'volunteersHazards', path: '/hazards', permission: 'hazards.manage', section: 'volunteers' },
  { id: 'volunteersIndicators', path: '/volunteers/indicators', permission: 'volunteers.read', section: 'volunteers' },
  { id: 'hallWindow', path: '/hall/window', permission: 'hall.serve', section: 'hall' },
  { id: 'hallApplications', path: '/hall/applications', permission: 'hall.serve', section: 'hall' },
  { id: 'hallEnterprise', path: '/hall/enterprise', permission: 'enterprise.work', section: 'hall' },
  { id: 'hallHomeVisits', path: '/hall/home-visits', permission: 'homevisits.work', section: 'hall' },
  { id: 'hallSuggestions', path: '/hall/suggestions', permission: 'suggestions.manage', section: 'hall' },
  { id: 'hallStats', path: '/hall/stats', permission: 'hall.stats', section: 'hall' },
  { id: 'hallCatalogue', path: '/hall/catalogue', permission: 'hall.manage', section: 'hall' },
  { id: 'trafficAccidents', path: '/traffic/accidents', permission: 'accidents.review', section: 'traffic' },
  { id: 'trafficViolations', path: '/traffic/violations', permission: 'violations.review', section: 'traffic' },
  { id: 'trafficFog', path: '/traffic/fog', permission: 'fog.read', section: 'traffic', fullBleed: true },
  { id: 'map', path: '/map', permission: 'map.view', section: 'work', fullBleed: true },
  { id: 'grids', path: '/grids', permission: 'grids.edit', section: 'work' },
  { id: 'people', path: '/people', permission: 'personnel.read', section: 'work' },
  { id: 'commandConfig', path: '/command/config', permission: 'incidents.configure', section: 'admin' },
  { id: 'audit', path: '/audit', permission: 'audit.read', section: 'admin' },
  { id: 'users', path: '/users', permission: 'users.read', section: 'admin' },
  { id: 'retention', path: '/retention', permission: 'users.read', section: 'admin' },
];

function isRole(r: string): r is Role {
  return (ROLES as readonly string[]).includes(r);
}

/**
 * The mediator portal: a user whose every role that reads disputes is
 * `mediator` sees only the disputes assigned to them (the server's reach
 * rule, mediation.policy.ts), registers none and imports no ledgers.
 */
export function isMediatorPortal(roles: readonly string[]): boolean {
  const readers = roles.filter((r) => isRole(r) && hasPermission([r], 'disputes.read'));
  return readers.length > 0 && readers.every((r) => r === 'mediator');
}

export function visiblePages(permissions: readonly string[], roles: readonly string[] = []): PageEntry[] {
  const portal = isMediatorPortal(roles);
  return PAGES.filter((p) => permissions.includes(p.permission) && !(portal && p.staffOnly));
}

/** The page a path belongs to: the longest matching page path (`/command/new` is not `/command`). */
export function pageFor(pathname: string, pages: readonly PageEntry[] = PAGES): PageEntry | undefined {
  return pages
    .filter((p) => pathname === p.path || pathname.startsWith(`${p.path}/`))
    .sort((a, b) => b.path.length - a.path.length)[0];
}

/**
 * Where a user lands after sign-in: the command room's board for those who
 * dispatch, their orders for field officers, the mediation workbench for
 * mediators, else the first page they may see, else their profile.
 */
export function homePath(permissions: readonly string[], roles: readonly string[] = []): string {
  if (permissions.includes('incidents.dispatch') && permissions.includes('incidents.read')) return '/command';
  if (permissions.includes('orders.update')) return '/orders';
  // Volunteers work from their phones: their own page, not the staff's.
  if (permissions.includes('patrols.duty')) return '/volunteer';
  if (isMediatorPortal(roles) && permissions.includes('disputes.read')) return '/mediation/workbench';
  return visiblePages(permissions, roles)[0]?.path ?? '/profile';
}
