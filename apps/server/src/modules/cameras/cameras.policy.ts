import type { Actor } from '../../platform/auth/actor';
import { forbidden } from '../../platform/errors';

/** Station-wide staff see every camera; grid staff only cameras in their grids (others answer 404). */
export interface CameraReach {
  stationId: string;
  gridIds: string[] | null;
}

export function reachOf(actor: Actor): CameraReach {
  if (!actor.stationId || actor.scope === 'none') throw forbidden('your account belongs to no station', 'no_station');
  return { stationId: actor.stationId, gridIds: actor.scope === 'station' ? null : actor.gridIds };
}

export function reaches(r: CameraReach, c: { station_id: string; grid_id: string | null }): boolean {
  if (c.station_id !== r.stationId) return false;
  return r.gridIds === null || (c.grid_id !== null && r.gridIds.includes(c.grid_id));
}
