import type { CameraInput, RuleSpec, ShapeInput, TimeWindow } from '@fengqiao/contracts';
import type { Queryable } from '../../platform/db/db';

export interface CameraRow {
  id: string;
  station_id: string;
  code: string;
  name: string;
  lng: number;
  lat: number;
  grid_id: string | null;
  place_id: string | null;
  stream_url: string;
  main_stream_url: string | null;
  direction_deg: number | null;
  enabled_hours: TimeWindow | null;
  detect_fps: number;
  enabled: boolean;
  snapshot_file_id: string | null;
  status: 'unknown' | 'online' | 'offline';
  status_reason: string | null;
  status_at: Date | null;
  config_version: number;
  version: number;
  worker_id: string | null;
  lease_expires_at: Date | null;
}

export interface ShapeRow {
  id: string;
  camera_id: string;
  kind: 'zone' | 'line' | 'mask';
  name: string;
  points: [number, number][];
  direction: 'any' | 'left_to_right' | 'right_to_left';
}

export interface RuleRow {
  id: string;
  camera_id: string;
  name: string;
  template: string | null;
  spec: RuleSpec;
  category_code: string;
  raise_incident: boolean;
  violation: boolean;
  enabled: boolean;
  updated_at: Date;
}

const CAMERA = `SELECT c.id, c.station_id, c.code, c.name, c.lng, c.lat, c.grid_id, c.place_id, c.stream_url,
  c.main_stream_url, c.direction_deg, c.enabled_hours, c.detect_fps, c.enabled, c.snapshot_file_id, c.status,
  c.status_reason, c.status_at, c.config_version, c.version, l.worker_id, l.expires_at AS lease_expires_at
  FROM cameras c LEFT JOIN camera_leases l ON l.camera_id = c.id`;

export async function listCameras(q: Queryable, stationId: string, gridIds: string[] | null): Promise<CameraRow[]> {
  const r = await q.query<CameraRow>(
    `${CAMERA} WHERE c.station_id = $1 AND ($2::uuid[] IS NULL OR c.grid_id = ANY($2::uuid[])) ORDER BY c.code`,
    [stationId, gridIds],
  );
  return r.rows;
}

export async function getCamera(q: Queryable, id: string): Promise<CameraRow | null> {
  const r = await q.query<CameraRow>(`${CAMERA} WHERE c.id = $1`, [id]);
  return r.rows[0] ?? null;
}

export async function camerasByIds(q: Queryable, ids: string[]): Promise<CameraRow[]> {
  if (ids.length === 0) return [];
  const r = await q.query<CameraRow>(`${CAMERA} WHERE c.id = ANY($1::uuid[])`, [ids]);
  return r.rows;
}

export type CameraFields = Required<
  Omit<CameraInput, 'enabledHours' | 'mainStreamUrl' | 'directionDeg' | 'placeId'>
> & {
  enabledHours: TimeWindow | null;
  mainStreamUrl: string | null;
  directionDeg: number | null;
  placeId: string | null;
};

export async function insertCamera(
  q: Queryable,
  stationId: string,
  c: CameraFields,
  gridId: string | null,
  now: Date,
): Promise<string | null> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO cameras (station_id, code, name, lng, lat, grid_id, place_id, stream_url, main_stream_url,
       direction_deg, enabled_hours, detect_fps, enabled, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)
     ON CONFLICT (station_id, code) DO NOTHING RETURNING id`,
    [
      stationId,
      c.code,
      c.name,
      c.lng,
      c.lat,
      gridId,
      c.placeId,
      c.streamUrl,
      c.mainStreamUrl,
      c.directionDeg,
      c.enabledHours === null ? null : JSON.stringify(c.enabledHours),
      c.detectFps,
      c.enabled,
      now,
    ],
  );
  return r.rows[0]?.id ?? null;
}

/** Updates if the version matches; returns false on a stale version or a code taken by another camera. */
export async function updateCamera(
  q: Queryable,
  id: string,
  version: number,
  c: CameraFields,
  gridId: string | null,
  now: Date,
): Promise<boolean> {
  const r = await q.query(
    `UPDATE cameras SET code = $3, name = $4, lng = $5, lat = $6, grid_id = $7, place_id = $8, stream_url = $9,
       main_stream_url = $10, direction_deg = $11, enabled_hours = $12, detect_fps = $13, enabled = $14,
       updated_at = $15, version = version + 1, config_version = config_version + 1
     WHERE id = $1 AND version = $2
       AND NOT EXISTS (SELECT 1 FROM cameras o WHERE o.station_id = cameras.station_id AND o.code = $3 AND o.id <> $1)`,
    [
      id,
      version,
      c.code,
      c.name,
      c.lng,
      c.lat,
      gridId,
      c.placeId,
      c.streamUrl,
      c.mainStreamUrl,
      c.directionDeg,
      c.enabledHours === null ? null : JSON.stringify(c.enabledHours),
      c.detectFps,
      c.enabled,
      now,
    ],
  );
  return r.rowCount === 1;
}

export async function bumpConfig(q: Queryable, cameraId: string, now: Date): Promise<void> {
  await q.query('UPDATE cameras SET config_version = config_version + 1, updated_at = $2 WHERE id = $1', [
    cameraId,
    now,
  ]);
}

export async function setSnapshot(q: Queryable, cameraId: string, fileId: string, now: Date): Promise<void> {
  await q.query('UPDATE cameras SET snapshot_file_id = $2, updated_at = $3 WHERE id = $1', [cameraId, fileId, now]);
}

export async function setStatus(
  q: Queryable,
  cameraId: string,
  status: 'online' | 'offline',
  reason: string | null,
  now: Date,
): Promise<boolean> {
  // Only a change is recorded, so status_at says since when the camera is in this state.
  const r = await q.query(
    `UPDATE cameras SET status = $2, status_reason = $3, status_at = $4
     WHERE id = $1 AND (status <> $2 OR status_reason IS DISTINCT FROM $3)`,
    [cameraId, status, reason, now],
  );
  return r.rowCount === 1;
}

export async function shapesOf(q: Queryable, cameraIds: string[]): Promise<ShapeRow[]> {
  if (cameraIds.length === 0) return [];
  const r = await q.query<ShapeRow>(
    `SELECT id, camera_id, kind, name, points, direction FROM camera_shapes
     WHERE camera_id = ANY($1::uuid[]) ORDER BY sort, name`,
    [cameraIds],
  );
  return r.rows;
}

/** Replaces the drawn shapes, keeping the ids of those sent with an id (rules refer to them). */
export async function replaceShapes(
  q: Queryable,
  cameraId: string,
  shapes: (ShapeInput & { id?: string | undefined })[],
): Promise<void> {
  const keep = shapes.flatMap((s) => (s.id ? [s.id] : []));
  await q.query('DELETE FROM camera_shapes WHERE camera_id = $1 AND NOT (id = ANY($2::uuid[]))', [cameraId, keep]);
  let sort = 0;
  for (const s of shapes) {
    sort += 1;
    if (s.id)
      await q.query(
        'UPDATE camera_shapes SET kind = $3, name = $4, points = $5, direction = $6, sort = $7 WHERE id = $1 AND camera_id = $2',
        [s.id, cameraId, s.kind, s.name, JSON.stringify(s.points), s.direction, sort],
      );
    else
      await q.query(
        'INSERT INTO camera_shapes (camera_id, kind, name, points, direction, sort) VALUES ($1, $2, $3, $4, $5, $6)',
        [cameraId, s.kind, s.name, JSON.stringify(s.points), s.direction, sort],
      );
  }
}

export async function rulesOf(q: Queryable, cameraIds: string[]): Promise<RuleRow[]> {
  if (cameraIds.length === 0) return [];
  const r = await q.query<RuleRow>(
    `SELECT id, camera_id, name, template, spec, category_code, raise_incident, violation, enabled, updated_at
     FROM camera_rules WHERE camera_id = ANY($1::uuid[]) ORDER BY created_at, id`,
    [cameraIds],
  );
  return r.rows;
}

export async function getRule(q: Queryable, id: string): Promise<RuleRow | null> {
  const r = await q.query<RuleRow>(
    `SELECT id, camera_id, name, template, spec, category_code, raise_incident, violation, enabled, updated_at
     FROM camera_rules WHERE id = $1`,
    [id],
  );
  return r.rows[0] ?? null;
}

export interface RuleFields {
  name: string;
  template: string | null;
  spec: RuleSpec;
  categoryCode: string;
  raiseIncident: boolean;
  violation: boolean;
  enabled: boolean;
}

export async function insertRule(
  q: Queryable,
  cameraId: string,
  r: RuleFields,
  by: string | null,
  now: Date,
): Promise<string> {
  const res = await q.query<{ id: string }>(
    `INSERT INTO camera_rules (camera_id, name, template, spec, category_code, raise_incident, violation, enabled,
       created_by, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`,
    [
      cameraId,
      r.name,
      r.template,
      JSON.stringify(r.spec),
      r.categoryCode,
      r.raiseIncident,
      r.violation,
      r.enabled,
      by,
      now,
    ],
  );
  const id = res.rows[0]?.id;
  if (!id) throw new Error('rule insert returned nothing');
  return id;
}

export async function updateRule(q: Queryable, id: string, r: RuleFields, now: Date): Promise<void> {
  await q.query(
    `UPDATE camera_rules SET name = $2, template = $3, spec = $4, category_code = $5, raise_incident = $6,
       violation = $7, enabled = $8, updated_at = $9 WHERE id = $1`,
    [id, r.name, r.template, JSON.stringify(r.spec), r.categoryCode, r.raiseIncident, r.violation, r.enabled, now],
  );
}

/** Rules stay (events refer to them) but stop applying. */
export async function disableRule(q: Queryable, id: string, now: Date): Promise<void> {
  await q.query('UPDATE camera_rules SET enabled = false, updated_at = $2 WHERE id = $1', [id, now]);
}

export async function categoryExists(q: Queryable, code: string): Promise<boolean> {
  const r = await q.query('SELECT 1 FROM incident_categories WHERE code = $1 AND active', [code]);
  return r.rows.length > 0;
}

export async function events24h(q: Queryable, cameraIds: string[], since: Date): Promise<Map<string, number>> {
  if (cameraIds.length === 0) return new Map();
  const r = await q.query<{ camera_id: string; n: number }>(
    `SELECT camera_id, count(*)::int AS n FROM camera_events
     WHERE camera_id = ANY($1::uuid[]) AND occurred_at >= $2 GROUP BY camera_id`,
    [cameraIds, since],
  );
  return new Map(r.rows.map((x) => [x.camera_id, x.n]));
}
