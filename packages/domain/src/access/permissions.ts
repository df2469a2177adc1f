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
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const STAFF_VIEW: Permission[] = ['map.view', 'personnel.read'];
const FIELD_WORK: Permission[] = ['incidents.create', 'incidents.read', 'orders.update'];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  command_operator: [...STAFF_VIEW, 'pii.reveal', ...FIELD_WORK, 'incidents.dispatch', 'analysis.read'],
  community_officer: [...STAFF_VIEW, 'pii.reveal', ...FIELD_WORK, 'analysis.read'],
  case_officer: [...STAFF_VIEW, 'pii.reveal', ...FIELD_WORK, 'analysis.read'],
  patrol_officer: [...STAFF_VIEW, ...FIELD_WORK],
  auxiliary_officer: [...STAFF_VIEW, ...FIELD_WORK],
  station_leader: [
    ...STAFF_VIEW,
    'pii.reveal',
    'grids.edit',
    ...FIELD_WORK,
    'incidents.dispatch',
    'incidents.configure',
    'analysis.read',
  ],
  hall_clerk: ['map.view'],
  mediator: ['map.view'],
  volunteer: ['map.view', 'incidents.create'],
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
