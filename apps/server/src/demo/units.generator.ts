import type { CommunitySite, GridShape } from './geography.generator';
import { CHINESE_ORDINALS } from './names.data';
import type { DemoPerson, DemoUnit, DemoUnitMember } from './town.types';

/** The article's "1+N" units: 63 in 39 grids, so 24 grids field two and 15 field one. */
export const UNIT_COUNT = 63;
export const TWO_UNIT_GRID_COUNT = 24;
export const MIN_UNIT_MEMBERS = 3;
export const MAX_UNIT_MEMBERS = 8;

/**
 * Busy grids get a second unit: every urban and industrial grid, then the most
 * populous suburban ones.
 */
export function planUnitCounts(grids: readonly GridShape[], communities: readonly CommunitySite[]): Map<string, 1 | 2> {
  const population = (g: GridShape) =>
    communities.filter((c) => c.gridCode === g.code).reduce((s, c) => s + c.population, 0);
  const busy = grids.filter((g) => g.kind === 'urban' || g.kind === 'industrial');
  const rest = grids
    .filter((g) => g.kind === 'suburban')
    .sort((a, b) => population(b) - population(a) || a.code.localeCompare(b.code));
  const twoUnits = new Set([...busy, ...rest].slice(0, TWO_UNIT_GRID_COUNT).map((g) => g.code));
  return new Map(grids.map((g) => [g.code, twoUnits.has(g.code) ? 2 : 1]));
}

/**
 * Volunteers a grid can place in its units, and the fewest it should have.
 * A unit is one auxiliary plus grid workers plus volunteers, at most eight
 * members: a grid with two units splits its two grid workers between them.
 */
export function volunteerRange(unitCount: 1 | 2): { min: number; max: number } {
  return unitCount === 2 ? { min: 6, max: 2 * (MAX_UNIT_MEMBERS - 2) } : { min: 3, max: MAX_UNIT_MEMBERS - 3 };
}

function unitName(gridName: string, index: number, count: number): string {
  return count === 1 ? `${gridName}作战单元` : `${gridName}作战单元${CHINESE_ORDINALS[index] ?? String(index + 1)}组`;
}

/**
 * Builds the units from the people: the first unit of a grid is led by its
 * community officer with the grid's community auxiliary; the second by the
 * patrol or case officer posted to the grid, with a patrol auxiliary. Grid
 * workers and every volunteer living in the grid fill the places.
 */
export function generateUnits(
  grids: readonly GridShape[],
  unitCounts: ReadonlyMap<string, 1 | 2>,
  people: readonly DemoPerson[],
): DemoUnit[] {
  const units: DemoUnit[] = [];
  const inGrid = (p: DemoPerson, code: string) => p.gridCodes.includes(code);
  for (const g of grids) {
    const count = unitCounts.get(g.code) ?? 1;
    const communityOfficer = people.find(
      (p) => p.kind === 'officer' && p.roles?.includes('community_officer') && inGrid(p, g.code),
    );
    const secondLeader = people.find(
      (p) => p.kind === 'officer' && (p.team === 'patrol' || p.team === 'case') && inGrid(p, g.code),
    );
    const communityAux = people.find((p) => p.kind === 'auxiliary' && p.team === 'community' && inGrid(p, g.code));
    const patrolAux = people.find((p) => p.kind === 'auxiliary' && p.team === 'patrol' && inGrid(p, g.code));
    const workers = people.filter((p) => p.kind === 'grid_worker' && inGrid(p, g.code));
    const volunteers = people.filter((p) => p.kind === 'volunteer' && inGrid(p, g.code));
    const firstShare = Math.ceil(volunteers.length / count);
    for (let i = 0; i < count; i++) {
      const leader = i === 0 ? communityOfficer : secondLeader;
      const aux = i === 0 ? communityAux : patrolAux;
      if (!leader || !aux) throw new Error(`grid ${g.code} lacks a leader or an auxiliary for unit ${i + 1}`);
      const gw = count === 1 ? workers : workers.slice(i, i + 1);
      const vols = i === 0 ? volunteers.slice(0, firstShare) : volunteers.slice(firstShare);
      const members: DemoUnitMember[] = [
        { personKey: aux.key, role: 'auxiliary' },
        ...gw.map((p): DemoUnitMember => ({ personKey: p.key, role: 'grid_worker' })),
        ...vols.map((p): DemoUnitMember => ({ personKey: p.key, role: 'volunteer' })),
      ];
      units.push({
        code: `U${String(units.length + 1).padStart(2, '0')}`,
        name: unitName(g.name, i, count),
        gridCode: g.code,
        leaderKey: leader.key,
        members,
      });
    }
  }
  return units;
}
