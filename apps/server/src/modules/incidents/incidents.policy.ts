import type { Actor } from '../../platform/auth/actor';
import type { IncidentRow } from './incidents.repository';
import type { OrderRow } from './orders.repository';

/** What the actor works as: their units and team, for order assignment checks. */
export interface Worker {
  personId: string | null;
  unitIds: string[];
  team: string | null;
}

export function isAssignee(
  w: Worker,
  o: Pick<OrderRow, 'assignee_kind' | 'assignee_person_id' | 'assignee_unit_id' | 'assignee_team'>,
): boolean {
  if (w.personId && o.assignee_person_id === w.personId) return true;
  if (o.assignee_unit_id && w.unitIds.includes(o.assignee_unit_id)) return true;
  return o.assignee_kind === 'team' && o.assignee_person_id === null && w.team !== null && o.assignee_team === w.team;
}

/** Station-wide staff see every incident of the station; grid staff their grids' incidents and those they were sent to. */
export function canSeeIncident(
  actor: Actor,
  incident: Pick<IncidentRow, 'station_id' | 'grid_id'>,
  assigned: boolean,
): boolean {
  if (actor.stationId !== incident.station_id || actor.scope === 'none') return false;
  if (actor.scope === 'station' || assigned) return true;
  return incident.grid_id !== null && actor.gridIds.includes(incident.grid_id);
}

/** Dispatchers move any order; others only the orders addressed to them, their unit or their team. */
export function canUpdateOrder(actor: Actor, w: Worker, order: OrderRow): boolean {
  if (actor.stationId !== order.station_id) return false;
  return actor.permissions.has('incidents.dispatch') || isAssignee(w, order);
}
