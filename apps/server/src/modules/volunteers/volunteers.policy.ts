import type { Actor } from '../../platform/auth/actor';
import { forbidden } from '../../platform/errors';

/**
 * Who reaches which records. Route policies already checked the permission;
 * this decides the reach:
 * - station-wide staff: the whole station;
 * - grid staff (community officers, auxiliaries): teams, shifts and duties of
 *   teams in their grids, volunteers living in their grids or in those teams,
 *   hazards located in their grids;
 * - volunteers (no oversight permission): their own duties and reports, and,
 *   for the teams they lead, the team's shifts, duties and members' reports.
 * Records outside the reach answer 404, never 403.
 */
export type Reach = { kind: 'station'; stationId: string } | { kind: 'grids'; stationId: string; gridIds: string[] };

export function reachOf(actor: Actor): Reach {
  if (!actor.stationId || actor.scope === 'none') throw forbidden('your account belongs to no station', 'no_station');
  if (actor.scope === 'station') return { kind: 'station', stationId: actor.stationId };
  return { kind: 'grids', stationId: actor.stationId, gridIds: actor.gridIds };
}

/** null = the whole station; otherwise the grids the reach is limited to. */
export function gridsOf(reach: Reach): string[] | null {
  return reach.kind === 'station' ? null : reach.gridIds;
}

export function reachesGrid(reach: Reach, gridId: string | null): boolean {
  return reach.kind === 'station' || (gridId !== null && reach.gridIds.includes(gridId));
}

/** Staff who oversee volunteers (not volunteers themselves). */
export function isOverseer(actor: Actor): boolean {
  return actor.permissions.has('volunteers.read') || actor.permissions.has('hazards.manage');
}
