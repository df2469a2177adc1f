import type { PolygonGeometry, Position } from '@fengqiao/domain';
import type { Queryable } from '../../platform/db/db';

export interface StationRow {
  id: string;
  code: string;
  name: string;
  name_en: string | null;
  region_code: string | null;
  address: string | null;
  center_lng: number | null;
  center_lat: number | null;
  boundary: PolygonGeometry | null;
  county_id: string | null;
}

export interface GridRow {
  id: string;
  station_id: string;
  code: string;
  name: string;
  kind: 'urban' | 'suburban' | 'rural' | 'industrial';
  officer_person_id: string | null;
  geometry: PolygonGeometry;
  centroid_lng: number;
  centroid_lat: number;
  area_m2: number;
  version: number;
}

export interface UnitRow {
  id: string;
  station_id: string;
  grid_id: string;
  code: string;
  name: string;
  leader_person_id: string | null;
  members: { personId: string; role: 'auxiliary' | 'volunteer' | 'grid_worker' }[];
}

export interface PlaceRow {
  id: string;
  station_id: string;
  kind: string;
  name: string;
  grid_id: string | null;
  lng: number;
  lat: number;
  polygon: PolygonGeometry | null;
  attributes: Record<string, string | number | boolean | null>;
}

export interface RoadRow {
  id: string;
  name: string;
  kind: 'expressway' | 'national' | 'main' | 'local';
  line: Position[];
}

export interface GridWrite {
  code: string;
  name: string;
  kind: string;
  officerPersonId: string | null;
  geometry: PolygonGeometry;
  bbox: [number, number, number, number];
  centroid: Position;
  areaM2: number;
}

export async function insertStation(
  q: Queryable,
  s: {
    code: string;
    name: string;
    nameEn: string;
    regionCode: string;
    address: string;
    center: Position;
    boundary: PolygonGeometry | null;
    countyId?: string | null;
  },
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO stations (code, name, name_en, region_code, address, center_lng, center_lat, boundary, county_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [
      s.code,
      s.name,
      s.nameEn,
      s.regionCode,
      s.address,
      s.center[0],
      s.center[1],
      s.boundary ? JSON.stringify(s.boundary) : null,
      s.countyId ?? null,
    ],
  );
  const row = r.rows[0];
  if (!row) throw new Error('station insert returned nothing');
  return row.id;
}

/** A county bureau above stations (multi-station tenancy). */
export async function insertCounty(
  q: Queryable,
  c: { code: string; name: string; nameEn: string | null; regionCode: string | null },
): Promise<string> {
  const r = await q.query<{ id: string }>(
    'INSERT INTO counties (code, name, name_en, region_code) VALUES ($1, $2, $3, $4) RETURNING id',
    [c.code, c.name, c.nameEn, c.regionCode],
  );
  const row = r.rows[0];
  if (!row) throw new Error('county insert returned nothing');
  return row.id;
}

export async function getStation(q: Queryable, id: string): Promise<StationRow | null> {
  const r = await q.query<StationRow>('SELECT * FROM stations WHERE id = $1', [id]);
  return r.rows[0] ?? null;
}

export async function listStations(q: Queryable): Promise<StationRow[]> {
  return (await q.query<StationRow>('SELECT * FROM stations ORDER BY code')).rows;
}

const GRID_COLUMNS =
  'id, station_id, code, name, kind, officer_person_id, geometry, centroid_lng, centroid_lat, area_m2, version';

export async function listGrids(q: Queryable, stationId: string): Promise<GridRow[]> {
  return (await q.query<GridRow>(`SELECT ${GRID_COLUMNS} FROM grids WHERE station_id = $1 ORDER BY code`, [stationId]))
    .rows;
}

export async function allGrids(q: Queryable): Promise<GridRow[]> {
  return (await q.query<GridRow>(`SELECT ${GRID_COLUMNS} FROM grids ORDER BY station_id, code`)).rows;
}

export async function getGrid(q: Queryable, id: string): Promise<GridRow | null> {
  return (await q.query<GridRow>(`SELECT ${GRID_COLUMNS} FROM grids WHERE id = $1`, [id])).rows[0] ?? null;
}

export async function insertGrid(q: Queryable, stationId: string, g: GridWrite): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO grids (station_id, code, name, kind, officer_person_id, geometry, min_lng, min_lat, max_lng, max_lat,
       centroid_lng, centroid_lat, area_m2)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
    [
      stationId,
      g.code,
      g.name,
      g.kind,
      g.officerPersonId,
      JSON.stringify(g.geometry),
      g.bbox[0],
      g.bbox[1],
      g.bbox[2],
      g.bbox[3],
      g.centroid[0],
      g.centroid[1],
      g.areaM2,
    ],
  );
  const row = r.rows[0];
  if (!row) throw new Error('grid insert returned nothing');
  return row.id;
}

export async function updateGridShape(q: Queryable, id: string, g: GridWrite, now: Date): Promise<void> {
  await q.query(
    `UPDATE grids SET name = $2, kind = $3, officer_person_id = coalesce($4, officer_person_id), geometry = $5,
       min_lng = $6, min_lat = $7, max_lng = $8, max_lat = $9, centroid_lng = $10, centroid_lat = $11, area_m2 = $12,
       version = version + 1, updated_at = $13
     WHERE id = $1`,
    [
      id,
      g.name,
      g.kind,
      g.officerPersonId,
      JSON.stringify(g.geometry),
      g.bbox[0],
      g.bbox[1],
      g.bbox[2],
      g.bbox[3],
      g.centroid[0],
      g.centroid[1],
      g.areaM2,
      now,
    ],
  );
}

export async function setGridOfficer(q: Queryable, id: string, personId: string | null, now: Date): Promise<number> {
  const r = await q.query<{ version: number }>(
    'UPDATE grids SET officer_person_id = $2, version = version + 1, updated_at = $3 WHERE id = $1 RETURNING version',
    [id, personId, now],
  );
  return r.rows[0]?.version ?? 0;
}

export async function insertUnit(
  q: Queryable,
  u: { stationId: string; gridId: string; code: string; name: string; leaderPersonId: string | null },
): Promise<string> {
  const r = await q.query<{ id: string }>(
    'INSERT INTO response_units (station_id, grid_id, code, name, leader_person_id) VALUES ($1, $2, $3, $4, $5) RETURNING id',
    [u.stationId, u.gridId, u.code, u.name, u.leaderPersonId],
  );
  const row = r.rows[0];
  if (!row) throw new Error('unit insert returned nothing');
  return row.id;
}

export async function insertUnitMembers(
  q: Queryable,
  members: { unitId: string; personId: string; role: string }[],
): Promise<void> {
  if (members.length === 0) return;
  await q.query(
    `INSERT INTO unit_members (unit_id, person_id, role)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[]) ON CONFLICT DO NOTHING`,
    [members.map((m) => m.unitId), members.map((m) => m.personId), members.map((m) => m.role)],
  );
}

export async function listUnits(q: Queryable, stationId: string, gridId?: string): Promise<UnitRow[]> {
  const r = await q.query<UnitRow>(
    `SELECT u.id, u.station_id, u.grid_id, u.code, u.name, u.leader_person_id,
            coalesce(json_agg(json_build_object('personId', m.person_id, 'role', m.role) ORDER BY m.role, m.person_id)
                     FILTER (WHERE m.person_id IS NOT NULL), '[]') AS members
       FROM response_units u LEFT JOIN unit_members m ON m.unit_id = u.id
      WHERE u.station_id = $1 AND ($2::uuid IS NULL OR u.grid_id = $2)
      GROUP BY u.id ORDER BY u.code`,
    [stationId, gridId ?? null],
  );
  return r.rows;
}

export async function insertPlaces(
  q: Queryable,
  places: {
    stationId: string;
    kind: string;
    name: string;
    gridId: string | null;
    point: Position;
    polygon: PolygonGeometry | null;
    attributes: Record<string, unknown>;
    demoKey: string | null;
  }[],
): Promise<string[]> {
  if (places.length === 0) return [];
  const r = await q.query<{ id: string }>(
    `INSERT INTO places (station_id, kind, name, grid_id, lng, lat, polygon, attributes, demo_key)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::float8[], $6::float8[], $7::jsonb[], $8::jsonb[], $9::text[])
     RETURNING id`,
    [
      places.map((p) => p.stationId),
      places.map((p) => p.kind),
      places.map((p) => p.name),
      places.map((p) => p.gridId),
      places.map((p) => p.point[0]),
      places.map((p) => p.point[1]),
      places.map((p) => (p.polygon ? JSON.stringify(p.polygon) : null)),
      places.map((p) => JSON.stringify(p.attributes)),
      places.map((p) => p.demoKey),
    ],
  );
  return r.rows.map((x) => x.id);
}

export async function listPlaces(q: Queryable, stationId: string, kind?: string, gridId?: string): Promise<PlaceRow[]> {
  const r = await q.query<PlaceRow>(
    `SELECT id, station_id, kind, name, grid_id, lng, lat, polygon, attributes FROM places
      WHERE station_id = $1 AND ($2::text IS NULL OR kind = $2) AND ($3::uuid IS NULL OR grid_id = $3)
      ORDER BY kind, name LIMIT 5000`,
    [stationId, kind ?? null, gridId ?? null],
  );
  return r.rows;
}

export async function placeCountsByGrid(q: Queryable, gridId: string): Promise<Record<string, number>> {
  const r = await q.query<{ kind: string; n: number }>(
    'SELECT kind, count(*)::int AS n FROM places WHERE grid_id = $1 GROUP BY kind',
    [gridId],
  );
  return Object.fromEntries(r.rows.map((x) => [x.kind, x.n]));
}

export async function communityNamesByGrid(q: Queryable, stationId: string): Promise<Map<string, string[]>> {
  const r = await q.query<{ grid_id: string; names: string[] }>(
    `SELECT grid_id, array_agg(name ORDER BY name) AS names FROM places
      WHERE station_id = $1 AND kind IN ('village', 'street') AND grid_id IS NOT NULL GROUP BY grid_id`,
    [stationId],
  );
  return new Map(r.rows.map((x) => [x.grid_id, x.names]));
}

export async function insertRoads(
  q: Queryable,
  stationId: string,
  roads: { name: string; kind: string; line: Position[]; demoKey: string | null }[],
): Promise<void> {
  if (roads.length === 0) return;
  await q.query(
    `INSERT INTO roads (station_id, name, kind, line, demo_key)
     SELECT $1::uuid, * FROM unnest($2::text[], $3::text[], $4::jsonb[], $5::text[])`,
    [
      stationId,
      roads.map((r) => r.name),
      roads.map((r) => r.kind),
      roads.map((r) => JSON.stringify(r.line)),
      roads.map((r) => r.demoKey),
    ],
  );
}

export async function listRoads(q: Queryable, stationId: string): Promise<RoadRow[]> {
  return (
    await q.query<RoadRow>('SELECT id, name, kind, line FROM roads WHERE station_id = $1 ORDER BY kind, name', [
      stationId,
    ])
  ).rows;
}

/** Grids a person serves as grid officer or as a response-unit leader or member. */
export async function gridsServedBy(q: Queryable, personId: string): Promise<string[]> {
  const r = await q.query<{ grid_id: string }>(
    `SELECT id AS grid_id FROM grids WHERE officer_person_id = $1
     UNION SELECT grid_id FROM response_units WHERE leader_person_id = $1
     UNION SELECT u.grid_id FROM unit_members m JOIN response_units u ON u.id = m.unit_id WHERE m.person_id = $1`,
    [personId],
  );
  return r.rows.map((x) => x.grid_id);
}

export async function unitsOfPerson(q: Queryable, personId: string): Promise<string[]> {
  const r = await q.query<{ id: string }>(
    `SELECT id FROM response_units WHERE leader_person_id = $1
     UNION SELECT unit_id FROM unit_members WHERE person_id = $1`,
    [personId],
  );
  return r.rows.map((x) => x.id);
}

export async function getUnit(
  q: Queryable,
  id: string,
): Promise<{ id: string; code: string; name: string; grid_id: string } | null> {
  const r = await q.query<{ id: string; code: string; name: string; grid_id: string }>(
    'SELECT id, code, name, grid_id FROM response_units WHERE id = $1',
    [id],
  );
  return r.rows[0] ?? null;
}

export async function unitPeople(q: Queryable, unitId: string): Promise<string[]> {
  const r = await q.query<{ person_id: string }>(
    'SELECT person_id FROM unit_members WHERE unit_id = $1 UNION SELECT leader_person_id FROM response_units WHERE id = $1 AND leader_person_id IS NOT NULL',
    [unitId],
  );
  return r.rows.map((x) => x.person_id);
}
