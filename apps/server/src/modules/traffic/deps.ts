import type { Queryable } from '../../platform/db/db';
import type { GridLookupService } from '../geo';
import type { IntakeService } from '../incidents';

/** A police station as this module needs it. */
export interface StationInfo {
  id: string;
  code: string;
  name: string;
  center: [number, number] | null;
  /** [west, south, east, north] of the station's boundary. */
  bbox: [number, number, number, number] | null;
}

/** What the traffic module takes from the others, wired in app.ts through their index.ts. */
export interface TrafficDeps {
  intake: IntakeService;
  lookup: GridLookupService;
  stations: () => Promise<StationInfo[]>;
}

/** Roads of a station. Read-only: the geo module owns the table and exposes no road query. */
export async function roadsOf(
  q: Queryable,
  stationId: string,
): Promise<{ id: string; name: string; kind: string; line: [number, number][] }[]> {
  return (
    await q.query<{ id: string; name: string; kind: string; line: [number, number][] }>(
      'SELECT id, name, kind, line FROM roads WHERE station_id = $1 ORDER BY kind, name',
      [stationId],
    )
  ).rows;
}
