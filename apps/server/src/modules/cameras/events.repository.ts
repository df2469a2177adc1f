import type { RedactionRegion } from '@fengqiao/contracts';
import type { Queryable } from '../../platform/db/db';

export interface EventRow {
  id: string;
  station_id: string;
  camera_id: string;
  camera_code: string;
  camera_name: string;
  grid_id: string | null;
  rule_id: string;
  rule_name: string;
  rule_template: string | null;
  kind: string;
  occurred_at: Date;
  received_at: Date;
  object_class: string | null;
  confidence: number;
  bbox: [number, number, number, number] | null;
  object_count: number | null;
  speed_kmh: number | null;
  dwell_seconds: number | null;
  plate: string | null;
  plate_status: 'read' | 'unreadable' | 'not_applicable' | 'pending';
  incident_id: string | null;
  violation: boolean;
  review_status: 'pending' | 'confirmed' | 'rejected';
  review_reason: string | null;
  reviewed_by_name: string | null;
  reviewed_at: Date | null;
  evidence_count: number;
  handoff: 'none' | 'pending' | 'submitted' | 'no_plate';
  handoff_violation_id: string | null;
  handoff_error: string | null;
  evidence_pending: boolean;
  worker_id: string;
  lng: number;
  lat: number;
}

const EVENT = `SELECT e.id, e.station_id, e.camera_id, c.code AS camera_code, c.name AS camera_name, c.grid_id,
  e.rule_id, r.name AS rule_name, r.template AS rule_template, e.kind, e.occurred_at, e.received_at, e.object_class,
  e.confidence, e.bbox, e.object_count, e.speed_kmh, e.dwell_seconds, e.plate, e.plate_status, e.incident_id,
  e.violation, e.review_status, e.review_reason, e.reviewed_by_name, e.reviewed_at,
  e.handoff, e.handoff_violation_id, e.handoff_error, e.evidence_pending, e.worker_id, c.lng, c.lat,
  (SELECT count(*)::int FROM camera_evidence v WHERE v.event_id = e.id) AS evidence_count
  FROM camera_events e JOIN cameras c ON c.id = e.camera_id JOIN camera_rules r ON r.id = e.rule_id`;

export interface NewEvent {
  id: string;
  stationId: string;
  cameraId: string;
  ruleId: string;
  kind: string;
  occurredAt: Date;
  receivedAt: Date;
  workerId: string;
  trackId: number | null;
  objectClass: string | null;
  confidence: number;
  bbox: number[] | null;
  count: number | null;
  speedKmh: number | null;
  dwellSeconds: number | null;
  plate: string | null;
  plateStatus: string;
  violation: boolean;
  handoff: 'none' | 'pending' | 'no_plate';
  /** More evidence follows through the append (default: complete as posted). */
  evidencePending?: boolean;
}

/** Stores the event once; a replay (same id) returns false. */
export async function insertEvent(q: Queryable, e: NewEvent): Promise<boolean> {
  const r = await q.query(
    `INSERT INTO camera_events (id, station_id, camera_id, rule_id, kind, occurred_at, received_at, worker_id, track_id,
       object_class, confidence, bbox, object_count, speed_kmh, dwell_seconds, plate, plate_status, violation, handoff,
       evidence_pending, evidence_completed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
       CASE WHEN $20::boolean THEN NULL ELSE $7::timestamptz END)
     ON CONFLICT (id) DO NOTHING`,
    [
      e.id,
      e.stationId,
      e.cameraId,
      e.ruleId,
      e.kind,
      e.occurredAt,
      e.receivedAt,
      e.workerId,
      e.trackId,
      e.objectClass,
      e.confidence,
      e.bbox === null ? null : JSON.stringify(e.bbox),
      e.count,
      e.speedKmh,
      e.dwellSeconds,
      e.plate,
      e.plateStatus,
      e.violation,
      e.handoff,
      e.evidencePending ?? false,
    ],
  );
  return r.rowCount === 1;
}

export async function insertEvidence(
  q: Queryable,
  eventId: string,
  fileId: string,
  role: string,
  capturedAt: Date,
  sha256: string,
  sort: number,
  regions: RedactionRegion[] | null,
): Promise<void> {
  await q.query(
    `INSERT INTO camera_evidence (event_id, file_id, role, captured_at, sha256, sort, regions)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [eventId, fileId, role, capturedAt, sha256, sort, regions === null ? null : JSON.stringify(regions)],
  );
}

/** The event row locked for an evidence append (appends to one event run one at a time). */
export async function lockEvent(
  q: Queryable,
  id: string,
): Promise<{
  id: string;
  station_id: string;
  camera_id: string;
  worker_id: string;
  evidence_pending: boolean;
  plate: string | null;
  plate_status: EventRow['plate_status'];
  handoff: EventRow['handoff'];
} | null> {
  const r = await q.query<{
    id: string;
    station_id: string;
    camera_id: string;
    worker_id: string;
    evidence_pending: boolean;
    plate: string | null;
    plate_status: EventRow['plate_status'];
    handoff: EventRow['handoff'];
  }>(
    `SELECT id, station_id, camera_id, worker_id, evidence_pending, plate, plate_status, handoff
     FROM camera_events WHERE id = $1 FOR UPDATE`,
    [id],
  );
  return r.rows[0] ?? null;
}

/** Roles the event already has evidence for, and the next sort position. */
export async function evidenceRoles(
  q: Queryable,
  eventId: string,
): Promise<{ roles: Map<string, string>; nextSort: number }> {
  const r = await q.query<{ role: string; sha256: string; sort: number }>(
    'SELECT role, sha256, sort FROM camera_evidence WHERE event_id = $1 ORDER BY sort',
    [eventId],
  );
  return {
    roles: new Map(r.rows.map((x) => [x.role, x.sha256])),
    nextSort: Math.max(0, ...r.rows.map((x) => x.sort)) + 1,
  };
}

/**
 * The plate reading and evidence state after an append: the plate replaces
 * a pending one; closing the evidence settles a violation's hand-off (a
 * read plate goes to the traffic queue, none stays here).
 */
export async function updateAppendedEvent(
  q: Queryable,
  id: string,
  u: {
    plate: string | null;
    plateStatus: EventRow['plate_status'];
    handoff: EventRow['handoff'];
    close: boolean;
    now: Date;
  },
): Promise<void> {
  await q.query(
    `UPDATE camera_events SET plate = $2, plate_status = $3, handoff = $4,
       evidence_pending = evidence_pending AND NOT $5::boolean,
       evidence_completed_at = CASE WHEN $5::boolean AND evidence_pending THEN $6::timestamptz ELSE evidence_completed_at END
     WHERE id = $1`,
    [id, u.plate, u.plateStatus, u.handoff, u.close, u.now],
  );
}

/**
 * Events whose worker never finished their evidence (it died or lost the
 * stream): closed by the hand-off sweep after a grace period with what
 * arrived; a plate still pending is unreadable and a violation without a
 * plate is reviewed on the cameras side.
 */
export async function closeStaleEvidence(q: Queryable, before: Date, now: Date): Promise<string[]> {
  const r = await q.query<{ id: string }>(
    `UPDATE camera_events SET evidence_pending = false, evidence_completed_at = $2,
       plate_status = CASE WHEN plate_status = 'pending' THEN 'unreadable' ELSE plate_status END,
       handoff = CASE WHEN handoff = 'pending' AND (plate IS NULL OR plate_status <> 'read') THEN 'no_plate' ELSE handoff END
     WHERE evidence_pending AND received_at < $1 RETURNING id`,
    [before, now],
  );
  return r.rows.map((x) => x.id);
}

export async function getEvent(q: Queryable, id: string): Promise<EventRow | null> {
  const r = await q.query<EventRow>(`${EVENT} WHERE e.id = $1`, [id]);
  return r.rows[0] ?? null;
}

export async function setEventIncident(q: Queryable, id: string, incidentId: string): Promise<void> {
  await q.query('UPDATE camera_events SET incident_id = $2 WHERE id = $1', [id, incidentId]);
}

export interface EventFilter {
  stationId: string;
  gridIds: string[] | null;
  cameraId?: string | undefined;
  ids?: string[] | undefined;
  kind?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  review?: string | undefined;
  violationsOnly?: boolean | undefined;
  /** Only violations reviewed on the cameras side (not handed to the traffic queue). */
  reviewedHere?: boolean | undefined;
  limit: number;
  offset: number;
}

export async function listEvents(q: Queryable, f: EventFilter): Promise<{ rows: EventRow[]; total: number }> {
  const where = `e.station_id = $1 AND ($2::uuid[] IS NULL OR c.grid_id = ANY($2::uuid[]))
    AND ($3::uuid IS NULL OR e.camera_id = $3) AND ($4::text IS NULL OR e.review_status = $4)
    AND (NOT $5::boolean OR e.violation) AND ($6::uuid[] IS NULL OR e.id = ANY($6::uuid[]))
    AND ($7::text IS NULL OR e.kind = $7) AND ($8::timestamptz IS NULL OR e.occurred_at >= $8)
    AND ($9::timestamptz IS NULL OR e.occurred_at < $9)
    AND (NOT $10::boolean OR e.handoff IN ('none', 'no_plate'))`;
  const params = [
    f.stationId,
    f.gridIds,
    f.cameraId ?? null,
    f.review ?? null,
    f.violationsOnly ?? false,
    f.ids ?? null,
    f.kind ?? null,
    f.from ?? null,
    f.to ?? null,
    f.reviewedHere ?? false,
  ];
  const [rows, total] = await Promise.all([
    q.query<EventRow>(`${EVENT} WHERE ${where} ORDER BY e.occurred_at DESC, e.id LIMIT $11 OFFSET $12`, [
      ...params,
      f.limit,
      f.offset,
    ]),
    q.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM camera_events e JOIN cameras c ON c.id = e.camera_id WHERE ${where}`,
      params,
    ),
  ]);
  return { rows: rows.rows, total: total.rows[0]?.n ?? 0 };
}

export interface EvidenceRow {
  id: string;
  file_id: string;
  role: string;
  captured_at: Date;
  sha256: string;
  content_type: string;
  size_bytes: number;
  regions: RedactionRegion[] | null;
}

export async function evidenceOf(q: Queryable, eventId: string): Promise<EvidenceRow[]> {
  const r = await q.query<EvidenceRow>(
    `SELECT v.id, v.file_id, v.role, v.captured_at, v.sha256, f.content_type, f.size_bytes, v.regions
     FROM camera_evidence v JOIN files f ON f.id = v.file_id WHERE v.event_id = $1 ORDER BY v.sort`,
    [eventId],
  );
  return r.rows;
}

/** Records a review decision once: only a pending violation can be decided. */
export async function reviewEvent(
  q: Queryable,
  id: string,
  decision: 'confirmed' | 'rejected',
  reason: string,
  by: { id: string | null; name: string },
  now: Date,
): Promise<boolean> {
  const r = await q.query(
    `UPDATE camera_events SET review_status = $2, review_reason = $3, reviewed_by = $4, reviewed_by_name = $5, reviewed_at = $6
     WHERE id = $1 AND violation AND review_status = 'pending' AND handoff IN ('none', 'no_plate')`,
    [id, decision, reason || null, by.id, by.name, now],
  );
  return r.rowCount === 1;
}

export interface QualityRow {
  rule_id: string;
  rule_name: string;
  camera_name: string;
  template: string | null;
  events: number;
  confirmed: number;
  rejected: number;
  pending: number;
}

/** Per-rule review outcomes: rejections over decisions is the rule's false-alarm rate. */
export async function ruleQuality(q: Queryable, stationId: string, gridIds: string[] | null): Promise<QualityRow[]> {
  const r = await q.query<QualityRow>(
    `SELECT r.id AS rule_id, r.name AS rule_name, c.name AS camera_name, r.template,
       count(e.id)::int AS events,
       count(e.id) FILTER (WHERE e.review_status = 'confirmed')::int AS confirmed,
       count(e.id) FILTER (WHERE e.review_status = 'rejected')::int AS rejected,
       count(e.id) FILTER (WHERE e.review_status = 'pending' AND e.violation)::int AS pending
     FROM camera_rules r JOIN cameras c ON c.id = r.camera_id
     LEFT JOIN camera_events e ON e.rule_id = r.id
     WHERE c.station_id = $1 AND ($2::uuid[] IS NULL OR c.grid_id = ANY($2::uuid[]))
     GROUP BY r.id, r.name, c.name, r.template, c.code ORDER BY c.code, r.name`,
    [stationId, gridIds],
  );
  return r.rows;
}

// ------------------------------------------------------------ hand-off to the traffic review queue

/** Violations still to hand over, for the sweep: least-tried first, so one that keeps failing never blocks the rest. */
export async function pendingHandoffs(q: Queryable, limit: number): Promise<string[]> {
  const r = await q.query<{ id: string }>(
    `SELECT id FROM camera_events WHERE handoff = 'pending' AND NOT evidence_pending
     ORDER BY handoff_attempts, received_at LIMIT $1`,
    [limit],
  );
  return r.rows.map((x) => x.id);
}

export async function markHandedOff(q: Queryable, id: string, violationId: string): Promise<void> {
  await q.query(
    `UPDATE camera_events SET handoff = 'submitted', handoff_violation_id = $2, handoff_error = NULL,
       handoff_attempts = handoff_attempts + 1 WHERE id = $1`,
    [id, violationId],
  );
}

/** A failed attempt stays pending (the sweep retries it); the error says why for the page. */
export async function markHandoffFailed(q: Queryable, id: string, error: string): Promise<void> {
  await q.query(
    `UPDATE camera_events SET handoff_error = $2, handoff_attempts = handoff_attempts + 1 WHERE id = $1 AND handoff = 'pending'`,
    [id, error.slice(0, 300)],
  );
}

/**
 * The traffic reviewer's decision on a handed-over violation, recorded on
 * the event so the rule's false-alarm rate and the evidence retention see it.
 */
export async function recordTrafficDecision(
  q: Queryable,
  d: {
    eventId: string;
    decision: 'confirmed' | 'rejected';
    reason: string | null;
    by: string | null;
    byName: string | null;
    at: Date;
  },
): Promise<boolean> {
  const r = await q.query(
    `UPDATE camera_events SET review_status = $2, review_reason = $3, reviewed_by = $4, reviewed_by_name = $5, reviewed_at = $6
     WHERE id = $1 AND violation AND handoff = 'submitted'`,
    [d.eventId, d.decision, d.reason, d.by, d.byName, d.at],
  );
  return r.rowCount === 1;
}
