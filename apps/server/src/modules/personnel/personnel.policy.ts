import type { Actor } from '../../platform/auth/actor';

/** A person is visible to station-wide staff and to staff who share one of the person's grids. */
export function canSeePerson(actor: Actor, person: { station_id: string; grid_ids: string[] }): boolean {
  if (actor.scope === 'none' || actor.stationId !== person.station_id) return false;
  if (actor.scope === 'station') return true;
  if (actor.personId && person.grid_ids.length === 0) return false;
  return person.grid_ids.some((g) => actor.gridIds.includes(g));
}

/** Full identifiers only for roles holding pii.reveal, within jurisdiction, with a stated reason. */
export function canRevealPerson(actor: Actor, person: { station_id: string; grid_ids: string[] }): boolean {
  return actor.permissions.has('pii.reveal') && canSeePerson(actor, person);
}
