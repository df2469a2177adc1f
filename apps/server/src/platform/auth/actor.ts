import type { Permission, Role, RoleScope } from '@fengqiao/domain';

/** The authenticated caller, resolved from the session cookie on every request. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  roles: Role[];
  permissions: Set<Permission>;
  stationId: string | null;
  stationName: string | null;
  stationNameEn: string | null;
  /** The county above the actor's station, or a county account's own county. */
  countyId: string | null;
  countyName: string | null;
  countyNameEn: string | null;
  /**
   * The stations whose records the actor may read: their own station, or for
   * a county role every station of the county; none for administrators.
   */
  stationIds: string[];
  personId: string | null;
  /** 'station': the whole station; 'grids': only gridIds; 'county': stationIds, read-only; 'none': administrators. */
  scope: RoleScope;
  gridIds: string[];
  sessionId: string;
  mfaPassed: boolean;
  mfaEnabled: boolean;
  mfaRequired: boolean;
  mustChangePassword: boolean;
  sessionExpiresAt: Date;
}

/**
 * Whether the actor's jurisdiction covers a record located in `gridId` of
 * `stationId`. County scope is read-only and checked where the county's
 * reads are served, so it covers nothing here: a station route refuses it.
 */
export function coversGrid(actor: Actor, stationId: string | null, gridId: string | null): boolean {
  if (actor.scope === 'none' || actor.scope === 'county') return false;
  if (stationId !== null && actor.stationId !== stationId) return false;
  if (actor.scope === 'station') return true;
  return gridId !== null && actor.gridIds.includes(gridId);
}
