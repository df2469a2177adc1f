import type { PersonRef, RoutingView } from '@fengqiao/contracts';
import type { CrsName } from '@fengqiao/domain';
import type { GridLookupService, GridRow, UnitRow } from '../geo';
import type { PersonnelService } from '../personnel';

/** What routing needs of a grid besides its row: its units and its officer's reference. */
interface GridRouting {
  units: UnitRow[];
  officer: PersonRef | null;
}

export type Team = 'community' | 'case' | 'patrol' | 'command_room';

export interface Routed {
  view: RoutingView;
  point: [number, number] | null;
  grid: GridRow | null;
  urban: boolean;
  /** The people a unit assignee's orders reach (leader and members); null unless the assignee is a unit. */
  unitMembers: string[] | null;
  assignee:
    | { kind: 'person'; personId: string }
    | { kind: 'unit'; unitId: string }
    | { kind: 'team'; team: Team }
    | null;
}

/**
 * Location → grid → responsible officer, unit and team. The category's team
 * decides who gets the order: disputes and requests for help go to the
 * grid's community officer, crime to the case team, street order and traffic
 * to the patrol team (the grid's patrol-led unit when there is one). A point
 * outside every grid is flagged for transfer to the neighbouring agency.
 *
 * A grid's units and officer are read once and kept with the grid's row
 * from the grid lookup: an edited grid (new officer, new shape) is a new
 * row there, so it is read afresh at once; units and people are read again
 * after `recheckMs`, the grid lookup's own bound for changes made on other
 * nodes (in the background: the known routing answers meanwhile). Intake
 * then routes from memory.
 */
export class RoutingService {
  private readonly cache = new WeakMap<GridRow, { at: number; data: Promise<GridRouting> }>();

  constructor(
    private readonly lookup: GridLookupService,
    private readonly personnel: PersonnelService,
    private readonly unitsOfGrid: (stationId: string, gridId: string) => Promise<UnitRow[]>,
    private readonly recheckMs = 30_000,
  ) {}

  private gridRouting(stationId: string, grid: GridRow): Promise<GridRouting> {
    const now = Date.now();
    const hit = this.cache.get(grid);
    if (hit && now - hit.at < this.recheckMs) return hit.data;
    const officerId = grid.officer_person_id;
    const data = (async () => {
      const [units, refs] = await Promise.all([
        this.unitsOfGrid(stationId, grid.id),
        this.personnel.refs(officerId ? [officerId] : []),
      ]);
      return { units, officer: officerId ? (refs.get(officerId) ?? null) : null };
    })();
    if (!hit) {
      this.cache.set(grid, { at: now, data });
      // A failed read is not kept.
      data.catch(() => {
        if (this.cache.get(grid)?.data === data) this.cache.delete(grid);
      });
      return data;
    }
    // Stale: the known routing answers while it is read again (under load, every report of the grid waited
    // for the re-read). Marked fresh now, so one re-read runs at a time; a failed one keeps the old data.
    hit.at = now;
    data.then(
      () => {
        if (this.cache.get(grid) === hit) this.cache.set(grid, { at: Date.now(), data });
      },
      () => undefined,
    );
    return hit.data;
  }

  async route(
    stationId: string,
    team: Team,
    location: { lng: number; lat: number; crs: CrsName } | null,
  ): Promise<Routed> {
    let grid: GridRow | null = null;
    let point: [number, number] | null = null;
    if (location) {
      const hit = await this.lookup.lookup(location.lng, location.lat, location.crs);
      point = hit.point;
      grid = hit.grid && hit.grid.station_id === stationId ? hit.grid : null;
    }
    const outside = location !== null && grid === null;
    const { units, officer } = grid ? await this.gridRouting(stationId, grid) : { units: [], officer: null };
    const officerId = grid?.officer_person_id ?? null;
    // The community officer leads the grid's first unit; a second unit, when present, is patrol- or case-led.
    const ownUnit = units.find((u) => u.leader_person_id === officerId) ?? units[0] ?? null;
    const patrolUnit = units.find((u) => u.leader_person_id !== officerId) ?? null;

    let assignee: Routed['assignee'] = null;
    let label = '';
    if (!outside) {
      if (team === 'community' && officerId) {
        assignee = { kind: 'person', personId: officerId };
        label = officer?.name ?? '';
      } else if (team === 'patrol' && patrolUnit) {
        assignee = { kind: 'unit', unitId: patrolUnit.id };
        label = patrolUnit.name;
      } else {
        assignee = { kind: 'team', team: team === 'community' ? 'community' : team };
        label = team;
      }
    }
    const unit = team === 'patrol' && patrolUnit ? patrolUnit : ownUnit;
    const assignedUnit = assignee?.kind === 'unit' ? patrolUnit : null;
    return {
      point,
      grid,
      urban: grid ? grid.kind === 'urban' : true,
      unitMembers: assignedUnit
        ? [
            ...new Set([
              ...(assignedUnit.leader_person_id ? [assignedUnit.leader_person_id] : []),
              ...assignedUnit.members.map((m) => m.personId),
            ]),
          ]
        : null,
      assignee,
      view: {
        gridId: grid?.id ?? null,
        gridCode: grid?.code ?? null,
        gridName: grid?.name ?? null,
        outsideJurisdiction: outside,
        team,
        officer,
        unit: unit ? { id: unit.id, code: unit.code, name: unit.name } : null,
        assignee: assignee
          ? {
              kind: assignee.kind,
              id:
                assignee.kind === 'person'
                  ? assignee.personId
                  : assignee.kind === 'unit'
                    ? assignee.unitId
                    : assignee.team,
              label,
            }
          : null,
      },
    };
  }
}
