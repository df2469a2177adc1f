import type { Queryable } from '../../platform/db/db';
import type { Ctx } from '../../platform/platform';
import type { GridLookupService } from '../geo';
import type { PersonnelService } from '../personnel';

/** A police grid as this module needs it. */
export interface GridInfo {
  id: string;
  code: string;
  name: string;
  officerPersonId: string | null;
}

/** The incident a dispute came from, as the command room shows it to the caller. */
export interface IncidentInfo {
  id: string;
  number: string;
  station_id: string;
  category_code: string;
  summary: string;
  address: string | null;
  lng: number | null;
  lat: number | null;
  grid_id: string | null;
  reported_at: Date;
}

/** What the mediation module takes from the others, wired in app.ts through their index.ts. */
export interface MediationDeps {
  personnel: PersonnelService;
  lookup: GridLookupService;
  grids: (stationId: string) => Promise<GridInfo[]>;
  /** The incident if the caller may see it; 404 otherwise. */
  incident: (ctx: Ctx, incidentId: string) => Promise<IncidentInfo>;
  linkIncidents: (
    q: Queryable,
    links: { incidentId: string | null; incidentNumber: string | null; disputeId: string }[],
    by: string | null,
    at: Date,
  ) => Promise<{ incidentId: string; disputeId: string }[]>;
  stationName: (stationId: string) => Promise<string | null>;
}

/** Grids of a station by id and by code, cached for 30 s. */
export class GridDirectory {
  private cache = new Map<string, { at: number; byId: Map<string, GridInfo>; byCode: Map<string, GridInfo> }>();
  constructor(private readonly load: (stationId: string) => Promise<GridInfo[]>) {}

  async of(stationId: string): Promise<{ byId: Map<string, GridInfo>; byCode: Map<string, GridInfo> }> {
    const hit = this.cache.get(stationId);
    if (hit && Date.now() - hit.at < 30_000) return hit;
    const grids = await this.load(stationId);
    const entry = {
      at: Date.now(),
      byId: new Map(grids.map((g) => [g.id, g])),
      byCode: new Map(grids.map((g) => [g.code, g])),
    };
    this.cache.set(stationId, entry);
    return entry;
  }
}
