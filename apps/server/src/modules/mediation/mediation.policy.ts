import { hasPermission, type Role } from '@fengqiao/domain';
import type { Actor } from '../../platform/auth/actor';
import type { DisputeRow, ListScope } from './disputes.repository';

/**
 * Who sees which disputes. Route policies already checked the permission
 * (disputes.read / write / coordinate …); this decides the reach:
 * - station-wide staff: every dispute of their station;
 * - grid staff (community officers, auxiliaries): disputes in their grids
 *   (a dispute's responsible officer is its grid's officer);
 * - people whose only dispute role is 'mediator': the disputes they are
 *   currently assigned to, nothing else (the mediator portal).
 * Records outside the reach answer 404, never 403, so their existence is
 * not revealed.
 */
export function reachOf(actor: Actor): ListScope | null {
  if (!actor.stationId || actor.scope === 'none') return null;
  if (actor.scope === 'station') return { kind: 'station' };
  const readers = actor.roles.filter((r: Role) => hasPermission([r], 'disputes.read'));
  if (readers.length > 0 && readers.every((r) => r === 'mediator'))
    return { kind: 'assigned', personId: actor.personId };
  return { kind: 'grids', gridIds: actor.gridIds, personId: actor.personId };
}

/** Whether the actor reaches this dispute, given the mediators currently assigned to it. */
export function canSeeDispute(
  actor: Actor,
  d: Pick<DisputeRow, 'station_id' | 'grid_id'>,
  activeMediatorIds: readonly string[],
): boolean {
  const reach = reachOf(actor);
  if (!reach || actor.stationId !== d.station_id) return false;
  const assigned = actor.personId !== null && activeMediatorIds.includes(actor.personId);
  if (reach.kind === 'station') return true;
  if (reach.kind === 'assigned') return assigned;
  return assigned || (d.grid_id !== null && reach.gridIds.includes(d.grid_id));
}

/** Registering a dispute directly above level 1, and placing it outside one's grids, needs coordination rights. */
export function mayRegisterAt(actor: Actor, level: number): boolean {
  return level === 1 || actor.permissions.has('disputes.coordinate');
}

/** A grid-scoped user registers disputes in their own grids only. */
export function mayPlaceInGrid(actor: Actor, gridId: string | null): boolean {
  const reach = reachOf(actor);
  if (!reach) return false;
  if (reach.kind === 'station') return true;
  if (reach.kind === 'assigned') return false;
  return gridId !== null && reach.gridIds.includes(gridId);
}
