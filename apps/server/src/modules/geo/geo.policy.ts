import type { Actor } from '../../platform/auth/actor';

/** Grid outlines and officers are visible station-wide to staff with map.view. */
export function canViewStation(actor: Actor, stationId: string): boolean {
  return actor.permissions.has('map.view') && actor.stationId === stationId;
}

/** Unit membership lists name volunteers and grid workers: only within jurisdiction. */
export function canSeeUnitMembers(actor: Actor, gridId: string): boolean {
  return actor.scope === 'station' || actor.gridIds.includes(gridId);
}

/** Only station leaders reshape grids or reassign officers (route policy grids.edit). */
export function canEditGrids(actor: Actor, stationId: string): boolean {
  return actor.permissions.has('grids.edit') && actor.stationId === stationId;
}
