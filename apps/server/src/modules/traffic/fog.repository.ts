import type { GridFrame, RoadFogWarning } from '@fengqiao/domain';
import type { Queryable } from '../../platform/db/db';

export interface FogStationRow {
  id: string;
  station_id: string;
  code: string;
  name: string;
  kind: 'road_weather' | 'camera';
  lng: number;
  lat: number;
  active: boolean;
}

export interface ObservationRow {
  fog_station_id: string;
  observed_at: Date;
  visibility_m: number;
  wind_u: number | null;
  wind_v: number | null;
  flag: string | null;
}

export interface NowcastRow {
  id: number;
  station_id: string;
  issued_at: Date;
  frame: GridFrame;
  leads: number[];
  fields: number[][];
  stations_used: number;
  took_ms: number;
}

export interface WarningRow {
  id: string;
  station_id: string;
  nowcast_id: number;
  road_id: string;
  road_name: string;
  road_kind: string;
  grade: 'yellow' | 'orange' | 'red';
  min_visibility_m: number;
  from_lead_min: number;
  length_km: number;
  path: [number, number][];
  polygon: [number, number][];
  max_speed_kmh: number | null;
  min_gap_m: number | null;
  instruction_zh: string;
  instruction_en: string;
  issued_at: Date;
  expires_at: Date;
  status: 'active' | 'ended';
  incident_id: string | null;
}

export async function fogStations(q: Queryable, stationId?: string): Promise<FogStationRow[]> {
  return (
    await q.query<FogStationRow>(
      'SELECT * FROM fog_stations WHERE ($1::uuid IS NULL OR station_id = $1) ORDER BY code',
      [stationId ?? null],
    )
  ).rows;
}

export async function fogStationsByCode(q: Queryable, codes: string[]): Promise<Map<string, FogStationRow>> {
  const r = await q.query<FogStationRow>('SELECT * FROM fog_stations WHERE code = ANY($1::text[])', [codes]);
  return new Map(r.rows.map((s) => [s.code, s]));
}

export async function insertFogStation(
  q: Queryable,
  s: { stationId: string; code: string; name: string; kind: string; lng: number; lat: number; now: Date },
): Promise<string | null> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO fog_stations (station_id, code, name, kind, lng, lat, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (code) DO NOTHING RETURNING id`,
    [s.stationId, s.code, s.name, s.kind, s.lng, s.lat, s.now],
  );
  return r.rows[0]?.id ?? null;
}

/** The latest reading per station before `at` (used for the jump check). */
export async function latestReadings(
  q: Queryable,
  stationIds: string[],
  at: Date,
): Promise<Map<string, ObservationRow>> {
  if (stationIds.length === 0) return new Map();
  const r = await q.query<ObservationRow>(
    `SELECT DISTINCT ON (fog_station_id) fog_station_id, observed_at, visibility_m, wind_u, wind_v, flag
       FROM fog_observations WHERE fog_station_id = ANY($1::uuid[]) AND observed_at <= $2 AND flag IS NULL
      ORDER BY fog_station_id, observed_at DESC`,
    [stationIds, at],
  );
  return new Map(r.rows.map((o) => [o.fog_station_id, o]));
}

export async function insertObservations(
  q: Queryable,
  rows: {
    stationId: string;
    observedAt: Date;
    visibilityM: number;
    windU: number | null;
    windV: number | null;
    flag: string | null;
  }[],
  now: Date,
): Promise<number> {
  if (rows.length === 0) return 0;
  const r = await q.query<{ id: number }>(
    `INSERT INTO fog_observations (fog_station_id, observed_at, visibility_m, wind_u, wind_v, flag, received_at)
     SELECT s, t, v, u, w, f, $7 FROM unnest($1::uuid[], $2::timestamptz[], $3::real[], $4::real[], $5::real[], $6::text[])
       AS x(s, t, v, u, w, f)
     ON CONFLICT (fog_station_id, observed_at) DO NOTHING RETURNING id`,
    [
      rows.map((x) => x.stationId),
      rows.map((x) => x.observedAt),
      rows.map((x) => x.visibilityM),
      rows.map((x) => x.windU),
      rows.map((x) => x.windV),
      rows.map((x) => x.flag),
      now,
    ],
  );
  return r.rows.length;
}

/** Unflagged readings of a station's fog stations in a time window. */
export async function observationsBetween(
  q: Queryable,
  stationId: string,
  from: Date,
  to: Date,
): Promise<ObservationRow[]> {
  return (
    await q.query<ObservationRow>(
      `SELECT o.fog_station_id, o.observed_at, o.visibility_m, o.wind_u, o.wind_v, o.flag
         FROM fog_observations o JOIN fog_stations s ON s.id = o.fog_station_id
        WHERE s.station_id = $1 AND s.active AND o.flag IS NULL AND o.observed_at > $2 AND o.observed_at <= $3
        ORDER BY o.observed_at`,
      [stationId, from, to],
    )
  ).rows;
}

export async function insertNowcast(
  q: Queryable,
  n: {
    stationId: string;
    issuedAt: Date;
    frame: GridFrame;
    leads: number[];
    fields: number[][];
    used: number;
    tookMs: number;
  },
): Promise<number> {
  const r = await q.query<{ id: number }>(
    `INSERT INTO fog_nowcasts (station_id, issued_at, frame, leads, fields, stations_used, took_ms)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [n.stationId, n.issuedAt, JSON.stringify(n.frame), n.leads, JSON.stringify(n.fields), n.used, n.tookMs],
  );
  return Number(r.rows[0]?.id ?? 0);
}

export async function latestNowcast(q: Queryable, stationId: string): Promise<NowcastRow | null> {
  const r = await q.query<NowcastRow>(
    'SELECT * FROM fog_nowcasts WHERE station_id = $1 ORDER BY issued_at DESC, id DESC LIMIT 1',
    [stationId],
  );
  const row = r.rows[0];
  return row ? { ...row, id: Number(row.id) } : null;
}

export async function activeWarnings(q: Queryable, stationId: string): Promise<WarningRow[]> {
  return (
    await q.query<WarningRow>(
      `SELECT * FROM fog_warnings WHERE station_id = $1 AND status = 'active'
        ORDER BY CASE grade WHEN 'red' THEN 0 WHEN 'orange' THEN 1 ELSE 2 END, road_name`,
      [stationId],
    )
  ).rows;
}

export async function getWarning(q: Queryable, id: string): Promise<WarningRow | null> {
  return (await q.query<WarningRow>('SELECT * FROM fog_warnings WHERE id = $1', [id])).rows[0] ?? null;
}

/** Ends the station's active warnings and stores the new set; returns the new rows. */
export async function replaceWarnings(
  q: Queryable,
  stationId: string,
  nowcastId: number,
  warnings: (RoadFogWarning & { incidentId: string | null })[],
  issuedAt: Date,
  expiresAt: Date,
): Promise<WarningRow[]> {
  await q.query(`UPDATE fog_warnings SET status = 'ended', ended_at = $2 WHERE station_id = $1 AND status = 'active'`, [
    stationId,
    issuedAt,
  ]);
  const out: WarningRow[] = [];
  for (const w of warnings) {
    const r = await q.query<WarningRow>(
      `INSERT INTO fog_warnings (station_id, nowcast_id, road_id, road_name, road_kind, grade, min_visibility_m,
         from_lead_min, length_km, path, polygon, max_speed_kmh, min_gap_m, instruction_zh, instruction_en, issued_at,
         expires_at, incident_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING *`,
      [
        stationId,
        nowcastId,
        w.roadId,
        w.roadName,
        w.roadKind,
        w.grade,
        w.minVisibilityM,
        w.fromLeadMin,
        w.lengthKm,
        JSON.stringify(w.path),
        JSON.stringify(w.polygon),
        w.maxSpeedKmh,
        w.minGapM,
        w.instructionZh,
        w.instructionEn,
        issuedAt,
        expiresAt,
        w.incidentId,
      ],
    );
    if (r.rows[0]) out.push(r.rows[0]);
  }
  return out;
}

export async function setWarningIncident(q: Queryable, id: string, incidentId: string): Promise<void> {
  await q.query('UPDATE fog_warnings SET incident_id = $2 WHERE id = $1', [id, incidentId]);
}
