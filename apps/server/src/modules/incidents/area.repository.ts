import type { Queryable } from '../../platform/db/db';

/** An incident as other modules' indicators read it: where, when, what. No personal data. */
export interface IncidentPoint {
  id: string;
  number: string;
  categoryCode: string;
  gridId: string | null;
  lng: number | null;
  lat: number | null;
  reportedAt: Date;
}

/**
 * Incidents of some categories reported in [from, to) in some grids of a
 * station, near-duplicates left out (as in the analysis views). Read by the
 * volunteer indicators (business-district theft this year against last).
 */
export async function incidentPointsInGrids(
  q: Queryable,
  f: { stationId: string; categoryCodes: string[]; gridIds: string[]; from: Date; to: Date },
): Promise<IncidentPoint[]> {
  if (f.gridIds.length === 0 || f.categoryCodes.length === 0) return [];
  const r = await q.query<{
    id: string;
    number: string;
    category_code: string;
    grid_id: string | null;
    lng: number | null;
    lat: number | null;
    reported_at: Date;
  }>(
    `SELECT id, number, category_code, grid_id, lng, lat, reported_at FROM incidents
      WHERE station_id = $1 AND grid_id = ANY($2::uuid[]) AND category_code = ANY($3::text[])
        AND reported_at >= $4 AND reported_at < $5 AND duplicate_of IS NULL`,
    [f.stationId, f.gridIds, f.categoryCodes, f.from, f.to],
  );
  return r.rows.map((x) => ({
    id: x.id,
    number: x.number,
    categoryCode: x.category_code,
    gridId: x.grid_id,
    lng: x.lng,
    lat: x.lat,
    reportedAt: x.reported_at,
  }));
}

/** The numbers of some incidents (for links from other modules' records). */
export async function incidentNumbers(q: Queryable, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const r = await q.query<{ id: string; number: string }>(
    'SELECT id, number FROM incidents WHERE id = ANY($1::uuid[])',
    [ids],
  );
  return new Map(r.rows.map((x) => [x.id, x.number]));
}
