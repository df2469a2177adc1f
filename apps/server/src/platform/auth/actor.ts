import type { Permission, Role } from '@fengqiao/domain';

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
  personId: string | null;
  /** 'station': the whole station; 'grids': only gridIds; 'none': administrators. */
  scope: 'station' | 'grids' | 'none';
  gridIds: string[];
  sessionId: string;
  mfaPassed: boolean;
  mfaEnabled: boolean;
  mfaRequired: boolean;
  mustChangePassword: boolean;
  sessionExpiresAt: Date;
}

/** Whether the actor's jurisdiction covers a record located in `gridId` of `stationId`. */
export function coversGrid(actor: Actor, stationId: string | null, gridId: string | null): boolean {
  if (actor.scope === 'none') return false;
  if (stationId !== null && actor.stationId !== stationId) return false;
  if (actor.scope === 'station') return true;
  return gridId !== null && actor.gridIds.includes(gridId);
}
