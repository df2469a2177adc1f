import type { Queryable } from '../../platform/db/db';

// ---------------------------------------------------------------- routes

export interface RouteRow {
  id: string;
  station_id: string;
  team_id: string | null;
  grid_id: string | null;
  name: string;
  path: [number, number][];
  corridor_m: number;
  active: boolean;
  version: number;
}

export interface CheckpointRow {
  id: string;
  route_id: string;
  seq: number;
  name: string;
  lng: number;
  lat: number;
  radius_m: number;
  qr_token: string | null;
  place_id: string | null;
}

const ROUTE = 'SELECT id, station_id, team_id, grid_id, name, path, corridor_m, active, version FROM patrol_routes';
const CHECKPOINT = 'SELECT id, route_id, seq, name, lng, lat, radius_m, qr_token, place_id FROM patrol_checkpoints';

export async function insertRoute(
  q: Queryable,
  r: {
    stationId: string;
    teamId: string | null;
    gridId: string | null;
    name: string;
    path: [number, number][];
    corridorM: number;
    now: Date;
  },
): Promise<string> {
  const res = await q.query<{ id: string }>(
    `INSERT INTO patrol_routes (station_id, team_id, grid_id, name, path, corridor_m, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [r.stationId, r.teamId, r.gridId, r.name, JSON.stringify(r.path), r.corridorM, r.now],
  );
  const id = res.rows[0]?.id;
  if (!id) throw new Error('route insert returned nothing');
  return id;
}

export async function insertCheckpoints(
  q: Queryable,
  routeId: string,
  cps: { name: string; lng: number; lat: number; radiusM: number; qrToken: string | null; placeId: string | null }[],
): Promise<void> {
  if (cps.length === 0) return;
  await q.query(
    `INSERT INTO patrol_checkpoints (route_id, seq, name, lng, lat, radius_m, qr_token, place_id)
     SELECT $1, x.seq, x.name, x.lng, x.lat, x.radius_m, x.qr_token, x.place_id
       FROM unnest($2::int[], $3::text[], $4::float8[], $5::float8[], $6::int[], $7::text[], $8::uuid[])
         AS x(seq, name, lng, lat, radius_m, qr_token, place_id)`,
    [
      routeId,
      cps.map((_, i) => i + 1),
      cps.map((c) => c.name),
      cps.map((c) => c.lng),
      cps.map((c) => c.lat),
      cps.map((c) => c.radiusM),
      cps.map((c) => c.qrToken),
      cps.map((c) => c.placeId),
    ],
  );
}

export async function getRoute(q: Queryable, id: string): Promise<RouteRow | null> {
  return (await q.query<RouteRow>(`${ROUTE} WHERE id = $1`, [id])).rows[0] ?? null;
}

export async function listRoutes(
  q: Queryable,
  f: { stationId: string; teamIds?: string[]; ids?: string[] },
): Promise<RouteRow[]> {
  const where = ['station_id = $1'];
  const params: unknown[] = [f.stationId];
  if (f.teamIds) {
    params.push(f.teamIds);
    where.push(`team_id = ANY($${params.length}::uuid[])`);
  }
  if (f.ids) {
    params.push(f.ids);
    where.push(`id = ANY($${params.length}::uuid[])`);
  }
  return (await q.query<RouteRow>(`${ROUTE} WHERE ${where.join(' AND ')} ORDER BY name`, params)).rows;
}

export async function checkpointsOf(q: Queryable, routeIds: string[]): Promise<CheckpointRow[]> {
  if (routeIds.length === 0) return [];
  return (
    await q.query<CheckpointRow>(`${CHECKPOINT} WHERE route_id = ANY($1::uuid[]) ORDER BY route_id, seq`, [routeIds])
  ).rows;
}

export async function checkpointByToken(q: Queryable, token: string): Promise<CheckpointRow | null> {
  return (await q.query<CheckpointRow>(`${CHECKPOINT} WHERE qr_token = $1`, [token])).rows[0] ?? null;
}

export async function updateRoute(
  q: Queryable,
  id: string,
  p: { name?: string; corridorM?: number; active?: boolean },
): Promise<void> {
  await q.query(
    `UPDATE patrol_routes SET name = coalesce($2, name), corridor_m = coalesce($3, corridor_m),
       active = coalesce($4, active), version = version + 1 WHERE id = $1`,
    [id, p.name ?? null, p.corridorM ?? null, p.active ?? null],
  );
}

// ---------------------------------------------------------------- shifts

export type ShiftKind = 'patrol' | 'night_patrol' | 'school_post';

export interface ShiftRow {
  id: string;
  station_id: string;
  team_id: string;
  team_name: string;
  team_kind: 'patrol' | 'merchant_group' | 'school_post';
  team_grid_id: string | null;
  team_leader_id: string | null;
  route_id: string;
  route_name: string;
  kind: ShiftKind;
  starts_at: Date;
  ends_at: Date;
  capacity: number;
  required_course_id: string | null;
  course_code: string | null;
  course_name: string | null;
  note: string;
  status: 'open' | 'cancelled';
  claimed: number;
  version: number;
}

const SHIFT = `SELECT s.id, s.station_id, s.team_id, t.name AS team_name, t.kind AS team_kind, t.grid_id AS team_grid_id,
  t.leader_person_id AS team_leader_id, s.route_id, r.name AS route_name, s.kind, s.starts_at, s.ends_at, s.capacity,
  s.required_course_id, c.code AS course_code, c.name AS course_name, s.note, s.status, s.version,
  (SELECT count(*)::int FROM patrol_duties d WHERE d.shift_id = s.id AND d.status <> 'released') AS claimed
  FROM patrol_shifts s JOIN volunteer_teams t ON t.id = s.team_id JOIN patrol_routes r ON r.id = s.route_id
  LEFT JOIN training_courses c ON c.id = s.required_course_id`;

export interface NewShift {
  stationId: string;
  teamId: string;
  routeId: string;
  kind: ShiftKind;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  requiredCourseId: string | null;
  note: string;
  createdBy: string | null;
  now: Date;
}

/** Inserts shifts; a slot the team already has open (same route and start) is left alone. Returns the new ids. */
export async function insertShifts(q: Queryable, shifts: NewShift[]): Promise<{ id: string; starts_at: Date }[]> {
  if (shifts.length === 0) return [];
  const r = await q.query<{ id: string; starts_at: Date }>(
    `INSERT INTO patrol_shifts (station_id, team_id, route_id, kind, starts_at, ends_at, capacity, required_course_id, note,
       status, created_by, created_at)
     SELECT x.station_id, x.team_id, x.route_id, x.kind, x.starts_at, x.ends_at, x.capacity, x.required_course_id, x.note,
       'open', x.created_by, x.created_at
       FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::int[],
                   $8::uuid[], $9::text[], $10::uuid[], $11::timestamptz[])
         AS x(station_id, team_id, route_id, kind, starts_at, ends_at, capacity, required_course_id, note, created_by, created_at)
     ON CONFLICT (team_id, route_id, starts_at) WHERE status = 'open' DO NOTHING
     RETURNING id, starts_at`,
    [
      shifts.map((s) => s.stationId),
      shifts.map((s) => s.teamId),
      shifts.map((s) => s.routeId),
      shifts.map((s) => s.kind),
      shifts.map((s) => s.startsAt),
      shifts.map((s) => s.endsAt),
      shifts.map((s) => s.capacity),
      shifts.map((s) => s.requiredCourseId),
      shifts.map((s) => s.note),
      shifts.map((s) => s.createdBy),
      shifts.map((s) => s.now),
    ],
  );
  return r.rows;
}

export async function lockShift(q: Queryable, id: string): Promise<void> {
  await q.query('SELECT id FROM patrol_shifts WHERE id = $1 FOR UPDATE', [id]);
}

export async function getShift(q: Queryable, id: string): Promise<ShiftRow | null> {
  return (await q.query<ShiftRow>(`${SHIFT} WHERE s.id = $1`, [id])).rows[0] ?? null;
}

export interface ShiftFilter {
  stationId: string;
  from: Date;
  to: Date;
  teamIds?: string[] | null;
  withinGrids?: string[] | null;
  status?: 'open' | 'cancelled';
  understaffed?: boolean;
  limit?: number;
}

export async function listShifts(q: Queryable, f: ShiftFilter): Promise<ShiftRow[]> {
  const where = ['s.station_id = $1', 's.starts_at >= $2', 's.starts_at < $3'];
  const params: unknown[] = [f.stationId, f.from, f.to];
  if (f.teamIds) {
    params.push(f.teamIds);
    where.push(`s.team_id = ANY($${params.length}::uuid[])`);
  }
  if (f.withinGrids) {
    params.push(f.withinGrids);
    where.push(`t.grid_id = ANY($${params.length}::uuid[])`);
  }
  if (f.status) {
    params.push(f.status);
    where.push(`s.status = $${params.length}`);
  }
  const having = f.understaffed
    ? ` AND s.capacity > (SELECT count(*) FROM patrol_duties d WHERE d.shift_id = s.id AND d.status <> 'released')`
    : '';
  params.push(f.limit ?? 2000);
  return (
    await q.query<ShiftRow>(
      `${SHIFT} WHERE ${where.join(' AND ')}${having} ORDER BY s.starts_at, t.name LIMIT $${params.length}`,
      params,
    )
  ).rows;
}

export async function cancelShift(q: Queryable, id: string, reason: string): Promise<void> {
  await q.query(
    `UPDATE patrol_shifts SET status = 'cancelled', cancel_reason = $2, version = version + 1 WHERE id = $1`,
    [id, reason],
  );
}

// ---------------------------------------------------------------- duties

export type DutyStatus = 'claimed' | 'checked_in' | 'checked_out' | 'released';
export type Verification = 'auto' | 'pending' | 'approved' | 'rejected';

export interface DutyRow {
  id: string;
  station_id: string;
  shift_id: string;
  person_id: string;
  person_name: string;
  person_phone: string | null;
  status: DutyStatus;
  claimed_at: Date;
  check_in_at: Date | null;
  check_in_lng: number | null;
  check_in_lat: number | null;
  check_in_accuracy_m: number | null;
  check_in_distance_m: number | null;
  check_out_at: Date | null;
  check_out_lng: number | null;
  check_out_lat: number | null;
  check_out_accuracy_m: number | null;
  flags: string[];
  served_count: number | null;
  counted_seconds: number | null;
  hours_detail: Record<string, unknown> | null;
  verification: Verification | null;
  review_note: string | null;
  version: number;
  // From the shift, its team and route.
  kind: ShiftKind;
  starts_at: Date;
  ends_at: Date;
  team_id: string;
  team_name: string;
  team_grid_id: string | null;
  team_leader_id: string | null;
  route_id: string;
  route_name: string;
  required_course_id: string | null;
  course_code: string | null;
  course_name: string | null;
  checkpoints_total: number;
  checkpoints_passed: number;
}

const DUTY = `SELECT d.id, d.station_id, d.shift_id, d.person_id, p.name AS person_name, p.phone_masked AS person_phone,
  d.status, d.claimed_at, d.check_in_at, d.check_in_lng, d.check_in_lat, d.check_in_accuracy_m, d.check_in_distance_m,
  d.check_out_at, d.check_out_lng, d.check_out_lat, d.check_out_accuracy_m, d.flags, d.served_count, d.counted_seconds,
  d.hours_detail, d.verification, d.review_note, d.version,
  s.kind, s.starts_at, s.ends_at, s.team_id, t.name AS team_name, t.grid_id AS team_grid_id, t.leader_person_id AS team_leader_id,
  s.route_id, r.name AS route_name, s.required_course_id, c.code AS course_code, c.name AS course_name,
  (SELECT count(*)::int FROM patrol_checkpoints k WHERE k.route_id = s.route_id) AS checkpoints_total,
  (SELECT count(*)::int FROM checkpoint_passes x WHERE x.duty_id = d.id) AS checkpoints_passed
  FROM patrol_duties d JOIN patrol_shifts s ON s.id = d.shift_id JOIN volunteer_teams t ON t.id = s.team_id
  JOIN patrol_routes r ON r.id = s.route_id JOIN persons p ON p.id = d.person_id
  LEFT JOIN training_courses c ON c.id = s.required_course_id`;

export async function getDuty(q: Queryable, id: string, forUpdate = false): Promise<DutyRow | null> {
  if (forUpdate) await q.query('SELECT id FROM patrol_duties WHERE id = $1 FOR UPDATE', [id]);
  return (await q.query<DutyRow>(`${DUTY} WHERE d.id = $1`, [id])).rows[0] ?? null;
}

export interface DutyFilter {
  stationId: string;
  from: Date;
  to: Date;
  personId?: string;
  teamIds?: string[] | null;
  withinGrids?: string[] | null;
  shiftIds?: string[];
  verification?: string;
  statuses?: DutyStatus[];
  limit: number;
}

export async function listDuties(q: Queryable, f: DutyFilter): Promise<DutyRow[]> {
  const where = ['d.station_id = $1', 's.starts_at >= $2', 's.starts_at < $3'];
  const params: unknown[] = [f.stationId, f.from, f.to];
  const push = (sql: string, v: unknown) => {
    params.push(v);
    where.push(sql.replace('?', () => `$${params.length}`));
  };
  if (f.personId) push('d.person_id = ?', f.personId);
  if (f.teamIds) push('s.team_id = ANY(?::uuid[])', f.teamIds);
  if (f.withinGrids) push('t.grid_id = ANY(?::uuid[])', f.withinGrids);
  if (f.shiftIds) push('d.shift_id = ANY(?::uuid[])', f.shiftIds);
  if (f.verification) push('d.verification = ?', f.verification);
  if (f.statuses) push('d.status = ANY(?::text[])', f.statuses);
  params.push(f.limit);
  return (
    await q.query<DutyRow>(
      `${DUTY} WHERE ${where.join(' AND ')} ORDER BY s.starts_at DESC, p.name LIMIT $${params.length}`,
      params,
    )
  ).rows;
}

/** The live duties of some shifts, for the shift lists. */
export async function dutiesOfShifts(
  q: Queryable,
  shiftIds: string[],
): Promise<
  {
    id: string;
    shift_id: string;
    person_id: string;
    name: string;
    badge_no: string | null;
    phone_masked: string | null;
    status: DutyStatus;
  }[]
> {
  if (shiftIds.length === 0) return [];
  const r = await q.query<{
    id: string;
    shift_id: string;
    person_id: string;
    name: string;
    badge_no: string | null;
    phone_masked: string | null;
    status: DutyStatus;
  }>(
    `SELECT d.id, d.shift_id, d.person_id, p.name, p.badge_no, p.phone_masked, d.status FROM patrol_duties d
       JOIN persons p ON p.id = d.person_id WHERE d.shift_id = ANY($1::uuid[]) AND d.status <> 'released' ORDER BY p.name`,
    [shiftIds],
  );
  return r.rows;
}

export async function liveDutyOf(q: Queryable, shiftId: string, personId: string): Promise<string | null> {
  const r = await q.query<{ id: string }>(
    `SELECT id FROM patrol_duties WHERE shift_id = $1 AND person_id = $2 AND status <> 'released'`,
    [shiftId, personId],
  );
  return r.rows[0]?.id ?? null;
}

/** The person's live duties overlapping [from, to) on other shifts. */
export async function overlappingDuty(
  q: Queryable,
  personId: string,
  from: Date,
  to: Date,
  exceptShiftId: string,
): Promise<string | null> {
  const r = await q.query<{ id: string }>(
    `SELECT d.id FROM patrol_duties d JOIN patrol_shifts s ON s.id = d.shift_id
      WHERE d.person_id = $1 AND d.status <> 'released' AND s.id <> $4 AND s.starts_at < $3 AND s.ends_at > $2 LIMIT 1`,
    [personId, from, to, exceptShiftId],
  );
  return r.rows[0]?.id ?? null;
}

export async function insertDuty(
  q: Queryable,
  d: { stationId: string; shiftId: string; personId: string; now: Date },
): Promise<string | null> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO patrol_duties (station_id, shift_id, person_id, status, claimed_at) VALUES ($1, $2, $3, 'claimed', $4)
     ON CONFLICT (shift_id, person_id) WHERE status <> 'released' DO NOTHING RETURNING id`,
    [d.stationId, d.shiftId, d.personId, d.now],
  );
  return r.rows[0]?.id ?? null;
}

export async function releaseDuty(q: Queryable, id: string, reason: string, now: Date): Promise<void> {
  await q.query(
    `UPDATE patrol_duties SET status = 'released', released_at = $3, release_reason = $2, version = version + 1
      WHERE id = $1 AND status = 'claimed'`,
    [id, reason, now],
  );
}

/** Releases the claimed (not yet started) duties of a person from `from` on (of one team, or all); returns them. */
export async function releaseFutureDuties(
  q: Queryable,
  personId: string,
  from: Date,
  reason: string,
  now: Date,
  teamId: string | null,
) {
  const r = await q.query<{ id: string; shift_id: string }>(
    `UPDATE patrol_duties d SET status = 'released', released_at = $4, release_reason = $3, version = d.version + 1
       FROM patrol_shifts s WHERE s.id = d.shift_id AND d.person_id = $1 AND d.status = 'claimed' AND s.starts_at >= $2
        AND ($5::uuid IS NULL OR s.team_id = $5)
     RETURNING d.id, d.shift_id`,
    [personId, from, reason, now, teamId],
  );
  return r.rows;
}

export async function releaseShiftDuties(q: Queryable, shiftId: string, reason: string, now: Date) {
  const r = await q.query<{ id: string; person_id: string }>(
    `UPDATE patrol_duties SET status = 'released', released_at = $3, release_reason = $2, version = version + 1
      WHERE shift_id = $1 AND status = 'claimed' RETURNING id, person_id`,
    [shiftId, reason, now],
  );
  return r.rows;
}

export async function setCheckIn(
  q: Queryable,
  id: string,
  c: {
    at: Date;
    receivedAt: Date;
    lng: number;
    lat: number;
    accuracyM: number | null;
    distanceM: number;
    flags: string[];
  },
): Promise<void> {
  await q.query(
    `UPDATE patrol_duties SET status = 'checked_in', check_in_at = $2, check_in_received_at = $3, check_in_lng = $4,
       check_in_lat = $5, check_in_accuracy_m = $6, check_in_distance_m = $7, flags = $8, version = version + 1
     WHERE id = $1`,
    [id, c.at, c.receivedAt, c.lng, c.lat, c.accuracyM, c.distanceM, c.flags],
  );
}

export async function setCheckOut(
  q: Queryable,
  id: string,
  c: { at: Date; receivedAt: Date; lng: number | null; lat: number | null; accuracyM: number | null; flags: string[] },
): Promise<void> {
  await q.query(
    `UPDATE patrol_duties SET status = 'checked_out', check_out_at = $2, check_out_received_at = $3, check_out_lng = $4,
       check_out_lat = $5, check_out_accuracy_m = $6, flags = $7, version = version + 1
     WHERE id = $1`,
    [id, c.at, c.receivedAt, c.lng, c.lat, c.accuracyM, c.flags],
  );
}

export async function setHours(
  q: Queryable,
  id: string,
  h: { seconds: number; detail: Record<string, unknown>; verification: Verification | null; now: Date },
): Promise<void> {
  await q.query(
    `UPDATE patrol_duties SET counted_seconds = $2, hours_detail = $3, computed_at = $4,
       verification = coalesce($5, verification), version = version + 1 WHERE id = $1`,
    [id, h.seconds, JSON.stringify(h.detail), h.now, h.verification],
  );
}

export async function setServed(q: Queryable, id: string, served: number): Promise<void> {
  await q.query('UPDATE patrol_duties SET served_count = $2, version = version + 1 WHERE id = $1', [id, served]);
}

export async function setReview(
  q: Queryable,
  id: string,
  r: { verification: Verification; by: string | null; note: string; now: Date },
): Promise<void> {
  await q.query(
    `UPDATE patrol_duties SET verification = $2, reviewed_by = $3, review_note = $4, reviewed_at = $5, version = version + 1
      WHERE id = $1`,
    [id, r.verification, r.by, r.note, r.now],
  );
}

// ---------------------------------------------------------------- evidence

export interface PointRow {
  recorded_at: Date;
  lng: number;
  lat: number;
  accuracy_m: number | null;
}

/** Stores fixes; a fix already stored for the same instant is a duplicate. Returns the instants stored now. */
export async function insertPoints(
  q: Queryable,
  dutyId: string,
  pts: { at: Date; lng: number; lat: number; accuracyM: number | null }[],
  receivedAt: Date,
): Promise<Date[]> {
  if (pts.length === 0) return [];
  const r = await q.query<{ recorded_at: Date }>(
    `INSERT INTO patrol_points (duty_id, recorded_at, received_at, lng, lat, accuracy_m)
     SELECT $1, x.at, $6, x.lng, x.lat, x.acc
       FROM unnest($2::timestamptz[], $3::float8[], $4::float8[], $5::float8[]) AS x(at, lng, lat, acc)
     ON CONFLICT (duty_id, recorded_at) DO NOTHING RETURNING recorded_at`,
    [
      dutyId,
      pts.map((p) => p.at),
      pts.map((p) => p.lng),
      pts.map((p) => p.lat),
      pts.map((p) => p.accuracyM),
      receivedAt,
    ],
  );
  return r.rows.map((x) => x.recorded_at);
}

export async function listPoints(q: Queryable, dutyId: string): Promise<PointRow[]> {
  return (
    await q.query<PointRow>(
      'SELECT recorded_at, lng, lat, accuracy_m FROM patrol_points WHERE duty_id = $1 ORDER BY recorded_at',
      [dutyId],
    )
  ).rows;
}

export interface PassRow {
  checkpoint_id: string;
  passed_at: Date;
  method: 'proximity' | 'qr';
  distance_m: number | null;
}

export async function insertPass(
  q: Queryable,
  p: {
    dutyId: string;
    checkpointId: string;
    at: Date;
    method: 'proximity' | 'qr';
    lng: number | null;
    lat: number | null;
    distanceM: number | null;
  },
): Promise<boolean> {
  const r = await q.query(
    `INSERT INTO checkpoint_passes (duty_id, checkpoint_id, passed_at, method, lng, lat, distance_m)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (duty_id, checkpoint_id) DO NOTHING RETURNING duty_id`,
    [p.dutyId, p.checkpointId, p.at, p.method, p.lng, p.lat, p.distanceM],
  );
  return r.rows.length > 0;
}

export async function listPasses(q: Queryable, dutyId: string): Promise<PassRow[]> {
  return (
    await q.query<PassRow>(
      'SELECT checkpoint_id, passed_at, method, distance_m FROM checkpoint_passes WHERE duty_id = $1 ORDER BY passed_at',
      [dutyId],
    )
  ).rows;
}

export interface PhotoRow {
  id: string;
  checkpoint_id: string | null;
  file_id: string;
  taken_at: Date | null;
}

export async function insertDutyPhoto(
  q: Queryable,
  p: { dutyId: string; checkpointId: string | null; fileId: string; takenAt: Date | null; now: Date },
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO duty_photos (duty_id, checkpoint_id, file_id, taken_at, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [p.dutyId, p.checkpointId, p.fileId, p.takenAt, p.now],
  );
  const id = r.rows[0]?.id;
  if (!id) throw new Error('photo insert returned nothing');
  return id;
}

export async function listDutyPhotos(q: Queryable, dutyId: string): Promise<PhotoRow[]> {
  return (
    await q.query<PhotoRow>(
      'SELECT id, checkpoint_id, file_id, taken_at FROM duty_photos WHERE duty_id = $1 ORDER BY created_at',
      [dutyId],
    )
  ).rows;
}

export async function dutyPhotoFile(q: Queryable, dutyId: string, photoId: string): Promise<string | null> {
  const r = await q.query<{ file_id: string }>('SELECT file_id FROM duty_photos WHERE duty_id = $1 AND id = $2', [
    dutyId,
    photoId,
  ]);
  return r.rows[0]?.file_id ?? null;
}

// ---------------------------------------------------------------- coverage

export async function missedCheckpoints(
  q: Queryable,
  f: { stationId: string; from: Date; to: Date; withinGrids: string[] | null },
) {
  const r = await q.query<{
    checkpoint_id: string;
    name: string;
    route_id: string;
    route_name: string;
    duties: number;
    missed: number;
  }>(
    `SELECT k.id AS checkpoint_id, k.name, r.id AS route_id, r.name AS route_name, count(*)::int AS duties,
            count(*) FILTER (WHERE x.duty_id IS NULL)::int AS missed
       FROM patrol_duties d JOIN patrol_shifts s ON s.id = d.shift_id JOIN volunteer_teams t ON t.id = s.team_id
       JOIN patrol_routes r ON r.id = s.route_id JOIN patrol_checkpoints k ON k.route_id = r.id
       LEFT JOIN checkpoint_passes x ON x.duty_id = d.id AND x.checkpoint_id = k.id
      WHERE d.station_id = $1 AND d.status = 'checked_out' AND s.starts_at >= $2 AND s.starts_at < $3
        AND ($4::uuid[] IS NULL OR t.grid_id = ANY($4::uuid[]))
      GROUP BY k.id, k.name, r.id, r.name
     HAVING count(*) FILTER (WHERE x.duty_id IS NULL) > 0
      ORDER BY missed DESC, k.name LIMIT 200`,
    [f.stationId, f.from, f.to, f.withinGrids],
  );
  return r.rows;
}

/** For each place that has checkpoints: the last pass of any of them. */
export async function lastPatrolOfPlaces(
  q: Queryable,
  stationId: string,
): Promise<{ place_id: string; last_at: Date | null }[]> {
  const r = await q.query<{ place_id: string; last_at: Date | null }>(
    `SELECT k.place_id, max(x.passed_at) AS last_at
       FROM patrol_checkpoints k JOIN patrol_routes r ON r.id = k.route_id
       LEFT JOIN checkpoint_passes x ON x.checkpoint_id = k.id
      WHERE r.station_id = $1 AND k.place_id IS NOT NULL
      GROUP BY k.place_id`,
    [stationId],
  );
  return r.rows;
}

/** Checked-in duties whose shift ended before `before` (closed by the timer if it was missed). */
export async function openDutiesEndedBefore(q: Queryable, before: Date): Promise<string[]> {
  const r = await q.query<{ id: string }>(
    `SELECT d.id FROM patrol_duties d JOIN patrol_shifts s ON s.id = d.shift_id
      WHERE d.status = 'checked_in' AND s.ends_at < $1`,
    [before],
  );
  return r.rows.map((x) => x.id);
}
