import type { Role } from './roles';

/**
 * Every permission the server checks. Routes declare one of these (or
 * `public` / `authenticated`) as their policy; the permission-matrix test
 * walks every route against every role with this table as the oracle.
 */
export const PERMISSIONS = [
  'map.view',
  'grids.edit',
  'personnel.read',
  'pii.reveal',
  'users.read',
  'users.manage',
  'users.grant',
  'users.unlock',
  'audit.read',
  'settings.manage',
  'incidents.create',
  'incidents.read',
  'incidents.dispatch',
  'incidents.configure',
  'orders.update',
  'analysis.read',
  'disputes.read',
  'disputes.write',
  'disputes.coordinate',
  'disputes.configure',
  'mediators.manage',
  'hall.serve',
  'hall.manage',
  'hall.stats',
  'enterprise.work',
  'homevisits.work',
  'suggestions.manage',
  'volunteers.read',
  'volunteers.manage',
  'trainings.manage',
  'patrols.manage',
  'patrols.duty',
  'hazards.report',
  'hazards.manage',
  'cameras.read',
  'cameras.manage',
  'violations.review',
  /** Blurred exports of camera evidence for public release or model training. */
  'evidence.export',
  'leadership.dashboard',
  'leadership.manage',
  'evaluation.self',
  'violations.report',
  'accidents.review',
  'fog.read',
  'traffic.configure',
  /** The county's stations side by side and in aggregate. */
  'county.overview',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const STAFF_VIEW: Permission[] = ['map.view', 'personnel.read'];
const FIELD_WORK: Permission[] = ['incidents.create', 'incidents.read', 'orders.update'];
const MEDIATION: Permission[] = ['disputes.read', 'disputes.write'];
const HALL: Permission[] = ['hall.serve', 'hall.manage', 'hall.stats'];
const COMMUNITY_WORK: Permission[] = ['enterprise.work', 'homevisits.work', 'suggestions.manage'];
const VOLUNTEER_OVERSIGHT: Permission[] = ['volunteers.read', 'patrols.manage', 'hazards.report', 'hazards.manage'];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  command_operator: [
    ...STAFF_VIEW,
    'pii.reveal',
    ...FIELD_WORK,
    'incidents.dispatch',
    'analysis.read',
    'disputes.read',
    'volunteers.read',
    'hazards.report',
    'cameras.read',
    'violations.review',
    'leadership.dashboard',
    'violations.report',
    'accidents.review',
    'fog.read',
  ],
  community_officer: [
    ...STAFF_VIEW,
    'pii.reveal',
    ...FIELD_WORK,
    'analysis.read',
    ...MEDIATION,
    'disputes.coordinate',
    ...COMMUNITY_WORK,
    ...VOLUNTEER_OVERSIGHT,
    'volunteers.manage',
    'trainings.manage',
    'evaluation.self',
    'violations.report',
    'fog.read',
  ],
  case_officer: [
    ...STAFF_VIEW,
    'pii.reveal',
    ...FIELD_WORK,
    'analysis.read',
    'disputes.read',
    'hazards.report',
    'cameras.read',
    'evaluation.self',
    'fog.read',
  ],
  patrol_officer: [
    ...STAFF_VIEW,
    ...FIELD_WORK,
    ...VOLUNTEER_OVERSIGHT,
    'cameras.read',
    'violations.review',
    'evaluation.self',
    'violations.report',
    'accidents.review',
    'fog.read',
  ],
  auxiliary_officer: [
    ...STAFF_VIEW,
    ...FIELD_WORK,
    ...MEDIATION,
    'homevisits.work',
    'volunteers.read',
    'hazards.report',
    'evaluation.self',
    'violations.report',
    'fog.read',
  ],
  station_leader: [
    ...STAFF_VIEW,
    'pii.reveal',
    'grids.edit',
    ...FIELD_WORK,
    'incidents.dispatch',
    'incidents.configure',
    'analysis.read',
    ...MEDIATION,
    'disputes.coordinate',
    'disputes.configure',
    'mediators.manage',
    ...HALL,
    ...COMMUNITY_WORK,
    ...VOLUNTEER_OVERSIGHT,
    'volunteers.manage',
    'trainings.manage',
    'cameras.read',
    'cameras.manage',
    'violations.review',
    'evidence.export',
    'leadership.dashboard',
    'leadership.manage',
    'evaluation.self',
    'violations.report',
    'accidents.review',
    'fog.read',
    'traffic.configure',
  ],
  hall_clerk: ['map.view', ...HALL, ...COMMUNITY_WORK],
  mediator: ['map.view', ...MEDIATION],
  volunteer: ['map.view', 'incidents.create', 'patrols.duty', 'hazards.report'],
  // Read-only above the stations: the key figures of every station, summed or one by one.
  county_leader: ['leadership.dashboard', 'county.overview'],
  system_admin: ['users.read', 'users.manage', 'settings.manage'],
  security_admin: ['users.read', 'users.grant', 'users.unlock'],
  auditor: ['audit.read', 'users.read'],
};

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  const out = new Set<Permission>();
  for (const r of roles) for (const p of ROLE_PERMISSIONS[r]) out.add(p);
  return out;
}

export function hasPermission(roles: readonly Role[], permission: Permission): boolean {
  return roles.some((r) => ROLE_PERMISSIONS[r].includes(permission));
}
