/**
 * Staff roles. The three administrators follow the "three-member separation"
 * (三员分立): the system admin runs accounts and configuration, the security
 * admin grants roles and unlocks, the auditor reads the audit trail. None of
 * them holds a business permission, and no account may combine two of them.
 */
export const ROLES = [
  'command_operator',
  'community_officer',
  'case_officer',
  'patrol_officer',
  'auxiliary_officer',
  'station_leader',
  'hall_clerk',
  'mediator',
  'volunteer',
  'county_leader',
  'system_admin',
  'security_admin',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];

export const ADMIN_ROLES: readonly Role[] = ['system_admin', 'security_admin', 'auditor'];

/** Roles that must use TOTP two-factor authentication. */
export const MFA_REQUIRED_ROLES: readonly Role[] = [
  'system_admin',
  'security_admin',
  'auditor',
  'station_leader',
  'county_leader',
];

/**
 * Roles above the stations: a county (县/区) leader reads every station of
 * their county, in aggregate or one at a time, and writes nothing there.
 */
export const COUNTY_ROLES: readonly Role[] = ['county_leader'];

export type RoleScope = 'station' | 'grids' | 'none' | 'county';

/**
 * Which part of the data a role sees: the whole station, only the grids
 * assigned to the person, every station of the county, or none (administrators).
 */
export const ROLE_SCOPE: Record<Role, RoleScope> = {
  command_operator: 'station',
  community_officer: 'grids',
  case_officer: 'station',
  patrol_officer: 'station',
  auxiliary_officer: 'grids',
  station_leader: 'station',
  hall_clerk: 'station',
  mediator: 'grids',
  volunteer: 'grids',
  county_leader: 'county',
  system_admin: 'none',
  security_admin: 'none',
  auditor: 'none',
};

export type RoleSetProblem = 'empty' | 'admin_combined' | 'county_combined';

/**
 * An admin role may only stand alone; so may a county role (its reach is a
 * different kind from a station role's); station roles combine freely.
 */
export function checkRoleSet(roles: readonly Role[]): RoleSetProblem | null {
  if (roles.length === 0) return 'empty';
  const admins = roles.filter((r) => ADMIN_ROLES.includes(r));
  if (admins.length > 0 && roles.length > 1) return 'admin_combined';
  const county = roles.filter((r) => COUNTY_ROLES.includes(r));
  if (county.length > 0 && roles.length > 1) return 'county_combined';
  return null;
}

export function requiresMfa(roles: readonly Role[]): boolean {
  return roles.some((r) => MFA_REQUIRED_ROLES.includes(r));
}
