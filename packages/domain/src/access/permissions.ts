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
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const STAFF_VIEW: Permission[] = ['map.view', 'personnel.read'];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  command_operator: [...STAFF_VIEW, 'pii.reveal'],
  community_officer: [...STAFF_VIEW, 'pii.reveal'],
  case_officer: [...STAFF_VIEW, 'pii.reveal'],
  patrol_officer: [...STAFF_VIEW],
  auxiliary_officer: [...STAFF_VIEW],
  station_leader: [...STAFF_VIEW, 'pii.reveal', 'grids.edit'],
  hall_clerk: ['map.view'],
  mediator: ['map.view'],
  volunteer: ['map.view'],
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
