import type { Actor } from '../../platform/auth/actor';

/**
 * Jurisdiction for the community-facing work (enterprise window, home
 * visits): station-wide staff see everything of their station, grid-scoped
 * staff (community officers, auxiliaries) the records located in their
 * grids and those assigned to them.
 */
export function gridFilter(actor: Actor): string[] | null {
  return actor.scope === 'station' ? null : actor.gridIds;
}

export function seesGrid(actor: Actor, gridId: string | null): boolean {
  if (actor.scope === 'station') return true;
  return gridId !== null && actor.gridIds.includes(gridId);
}
