import type { Queryable } from '../../platform/db/db';

export interface IncidentRow {
  id: string;
  station_id: string;
  number: string;
  source: string;
  source_ref: string | null;
  idempotency_key: string | null;
  category_code: string;
  priority: 'urgent' | 'high' | 'normal' | 'low';
  priority_reason: string | null;
  status: 'new' | 'dispatched' | 'in_progress' | 'resolved' | 'closed' | 'transferred';
  summary: string;
  description: string;
  address: string | null;
  address_key: string | null;
  lng: number | null;
  lat: number | null;
  grid_id: string | null;
  grid_code: string | null;
  outside_jurisdiction: boolean;
  team: 'community' | 'case' | 'patrol' | 'command_room' | null;
  responsible_person_id: string | null;
  unit_id: string | null;
  caller_name: string | null;
  caller_phone_masked: string | null;
  caller_phone_bidx: string | null;
  persons: StoredPerson[];
  vehicles: { plate?: string; kind?: string; colour?: string; description?: string }[];
  duplicate_of: string | null;
  public_token: string | null;
  created_by: string | null;
  reported_at: Date;
  created_at: Date;
  updated_at: Date;
  closed_at: Date | null;
  result_code: string | null;
  result_note: string | null;
  version: number;
  next_deadline: Date | null;
  breached: boolean;
}

export interface StoredPerson {
  role: string;
  name: string | null;
  gender: string | null;
  idNumberEnc: string | null;
  idNumberMasked: string | null;
  phoneEnc: string | null;
  phoneMasked: string | null;
  description: string | null;
}

export interface NewIncident {
  stationId: string;
  numberPrefix: string;
  source: string;
  sourceRef: string | null;
  idempotencyKey: string | null;
  categoryCode: string;
  priority: string;
  priorityReason: string | null;
  status: string;
  summary: string;
  description: string;
  address: string | null;
  addressKey: string | null;
  lng: number | null;
  lat: number | null;
  gridId: string | null;
  outsideJurisdiction: boolean;
  team: string;
  responsiblePersonId: string | null;
  unitId: string | null;
  callerName: string | null;
  callerPhone: { enc: string; bidx: string; masked: string } | null;
  persons: StoredPerson[];
  vehicles: unknown[];
  duplicateOf: string | null;
  publicToken: string | null;
  createdBy: string | null;
  reportedAt: Date;
  now: Date;
}

/** Columns every read returns, with the grid code and the open orders' nearest deadline and breach flag. */
export const INCIDENT_SELECT = `SELECT i.id, i.station_id, i.number, i.source, i.source_ref, i.idempotency_key, i.category_code,
  i.priority, i.priority_reason, i.status, i.summary, i.description, i.address, i.address_key, i.lng, i.lat, i.grid_id,
  g.code AS grid_code, i.outside_jurisdiction, i.team, i.responsible_person_id, i.unit_id, i.caller_name,
  i.caller_phone_masked, i.caller_phone_bidx, i.persons, i.vehicles, i.duplicate_of, i.public_token, i.created_by,
  i.reported_at, i.created_at, i.updated_at, i.closed_at, i.result_code, i.result_note, i.version,
  (SELECT min(least(CASE WHEN o.acknowledged_at IS NULL THEN o.ack_due_at END,
                    CASE WHEN o.on_scene_at IS NULL THEN o.arrive_due_at END,
                    CASE WHEN o.resolved_at IS NULL THEN o.resolve_due_at END))
     FROM dispatch_orders o WHERE o.incident_id = i.id AND o.status IN ('issued', 'acknowledged', 'en_route', 'on_scene')) AS next_deadline,
  EXISTS (SELECT 1 FROM dispatch_orders o WHERE o.incident_id = i.id AND cardinality(o.breaches) > 0) AS breached
  FROM incidents i LEFT JOIN grids g ON g.id = i.grid_id`;

/** Inserts unless the idempotency key or source id was seen; returns null on such a repeat. */
export async function insertIncident(q: Queryable, n: NewIncident): Promise<string | null> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO incidents (station_id, number, source, source_ref, idempotency_key, category_code, priority, priority_reason,
       status, summary, description, address, address_key, lng, lat, grid_id, outside_jurisdiction, team,
       responsible_person_id, unit_id, caller_name, caller_phone_enc, caller_phone_bidx, caller_phone_masked, persons, vehicles,
       duplicate_of, public_token, created_by, reported_at, created_at, updated_at)
     VALUES ($1, $2 || lpad(nextval('incident_number_seq')::text, 7, '0'), $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,
       $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $31)
     ON CONFLICT DO NOTHING RETURNING id`,
    [
      n.stationId,
      n.numberPrefix,
      n.source,
      n.sourceRef,
      n.idempotencyKey,
      n.categoryCode,
      n.priority,
      n.priorityReason,
      n.status,
      n.summary,
      n.description,
      n.address,
      n.addressKey,
      n.lng,
      n.lat,
      n.gridId,
      n.outsideJurisdiction,
      n.team,
      n.responsiblePersonId,
      n.unitId,
      n.callerName,
      n.callerPhone?.enc ?? null,
      n.callerPhone?.bidx ?? null,
      n.callerPhone?.masked ?? null,
      JSON.stringify(n.persons),
      JSON.stringify(n.vehicles),
      n.duplicateOf,
      n.publicToken,
      n.createdBy,
      n.reportedAt,
      n.now,
    ],
  );
  return r.rows[0]?.id ?? null;
}

export async function findRepeat(
  q: Queryable,
  stationId: string,
  idempotencyKey: string | null,
  source: string,
  sourceRef: string | null,
): Promise<string | null> {
  if (idempotencyKey) {
    const r = await q.query<{ id: string }>('SELECT id FROM incidents WHERE station_id = $1 AND idempotency_key = $2', [
      stationId,
      idempotencyKey,
    ]);
    if (r.rows[0]) return r.rows[0].id;
  }
  if (sourceRef) {
    const r = await q.query<{ id: string }>(
      'SELECT id FROM incidents WHERE station_id = $1 AND source = $2 AND source_ref = $3',
      [stationId, source, sourceRef],
    );
    if (r.rows[0]) return r.rows[0].id;
  }
  return null;
}

/** The first open incident of the same category nearby within the window, to link a near-duplicate to. */
export async function findNearDuplicate(
  q: Queryable,
  p: {
    stationId: string;
    categoryCode: string;
    since: Date;
    gridId: string | null;
    lng: number | null;
    lat: number | null;
    addressKey: string | null;
    radiusDeg: number;
  },
): Promise<string | null> {
  if (p.gridId && p.lng !== null && p.lat !== null) {
    const r = await q.query<{ id: string }>(
      `SELECT id FROM incidents WHERE grid_id = $1 AND category_code = $2 AND created_at >= $3 AND duplicate_of IS NULL
         AND status NOT IN ('closed', 'transferred') AND lng BETWEEN $4 AND $5 AND lat BETWEEN $6 AND $7
       ORDER BY created_at LIMIT 1`,
      [
        p.gridId,
        p.categoryCode,
        p.since,
        p.lng - p.radiusDeg,
        p.lng + p.radiusDeg,
        p.lat - p.radiusDeg,
        p.lat + p.radiusDeg,
      ],
    );
    return r.rows[0]?.id ?? null;
  }
  if (p.addressKey) {
    const r = await q.query<{ id: string }>(
      `SELECT id FROM incidents WHERE station_id = $1 AND address_key = $2 AND category_code = $3 AND created_at >= $4
         AND duplicate_of IS NULL AND status NOT IN ('closed', 'transferred') ORDER BY created_at LIMIT 1`,
      [p.stationId, p.addressKey, p.categoryCode, p.since],
    );
    return r.rows[0]?.id ?? null;
  }
  return null;
}

export async function bumpHourly(
  q: Queryable,
  stationId: string,
  gridId: string | null,
  categoryCode: string,
  day: string,
  hour: number,
): Promise<void> {
  await q.query(
    `INSERT INTO incident_hourly (station_id, grid_id, category_code, day, hour, n) VALUES ($1, $2, $3, $4, $5, 1)
     ON CONFLICT (station_id, day, hour, category_code, coalesce(grid_id, '00000000-0000-0000-0000-000000000000'::uuid))
     DO UPDATE SET n = incident_hourly.n + 1`,
    [stationId, gridId, categoryCode, day, hour],
  );
}

export async function getIncident(q: Queryable, id: string, forUpdate = false): Promise<IncidentRow | null> {
  if (forUpdate) await q.query('SELECT 1 FROM incidents WHERE id = $1 FOR UPDATE', [id]);
  const r = await q.query<IncidentRow>(`${INCIDENT_SELECT} WHERE i.id = $1`, [id]);
  return r.rows[0] ?? null;
}

export async function getIncidentByToken(q: Queryable, token: string): Promise<IncidentRow | null> {
  const r = await q.query<IncidentRow>(`${INCIDENT_SELECT} WHERE i.public_token = $1`, [token]);
  return r.rows[0] ?? null;
}

export async function updateIncident(
  q: Queryable,
  id: string,
  now: Date,
  patch: Partial<{
    status: string;
    team: string;
    responsible_person_id: string | null;
    unit_id: string | null;
    closed_at: Date | null;
    result_code: string | null;
    result_note: string | null;
    priority: string;
  }>,
): Promise<number> {
  const keys = Object.keys(patch) as (keyof typeof patch)[];
  const sets = keys.map((k, i) => `${k} = $${i + 3}`);
  const r = await q.query<{ version: number }>(
    `UPDATE incidents SET ${[...sets, 'updated_at = $2', 'version = version + 1'].join(', ')} WHERE id = $1 RETURNING version`,
    [id, now, ...keys.map((k) => patch[k])],
  );
  return r.rows[0]?.version ?? 0;
}

export async function insertEvent(
  q: Queryable,
  e: {
    incidentId: string;
    orderId?: string | null;
    at: Date;
    actorId: string | null;
    actorName: string | null;
    kind: string;
    note?: string | null;
    details?: Record<string, unknown>;
  },
): Promise<void> {
  await q.query(
    `INSERT INTO incident_events (incident_id, order_id, at, actor_id, actor_name, kind, note, details) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      e.incidentId,
      e.orderId ?? null,
      e.at,
      e.actorId,
      e.actorName,
      e.kind,
      e.note ?? null,
      JSON.stringify(e.details ?? {}),
    ],
  );
}

export async function listEvents(q: Queryable, incidentId: string) {
  const r = await q.query<{
    id: number;
    at: Date;
    kind: string;
    actor_name: string | null;
    note: string | null;
    details: Record<string, unknown>;
  }>('SELECT id, at, kind, actor_name, note, details FROM incident_events WHERE incident_id = $1 ORDER BY id', [
    incidentId,
  ]);
  return r.rows;
}

export async function listDuplicates(q: Queryable, incidentId: string) {
  const r = await q.query<{ id: string; number: string; created_at: Date }>(
    'SELECT id, number, created_at FROM incidents WHERE duplicate_of = $1 ORDER BY created_at',
    [incidentId],
  );
  return r.rows;
}

export async function listAttachments(q: Queryable, incidentId: string) {
  const r = await q.query<{ file_id: string; content_type: string; size_bytes: number }>(
    `SELECT a.file_id, f.content_type, f.size_bytes FROM incident_attachments a JOIN files f ON f.id = a.file_id
      WHERE a.incident_id = $1 ORDER BY a.added_at`,
    [incidentId],
  );
  return r.rows;
}

export async function addAttachment(
  q: Queryable,
  incidentId: string,
  fileId: string,
  by: string | null,
  at: Date,
): Promise<void> {
  await q.query('INSERT INTO incident_attachments (incident_id, file_id, added_by, added_at) VALUES ($1, $2, $3, $4)', [
    incidentId,
    fileId,
    by,
    at,
  ]);
}

export async function listLinks(q: Queryable, incidentId: string) {
  const r = await q.query<{ kind: 'dispute' | 'case'; target_id: string }>(
    'SELECT kind, target_id FROM incident_links WHERE incident_id = $1 ORDER BY created_at',
    [incidentId],
  );
  return r.rows;
}

export async function addLink(
  q: Queryable,
  incidentId: string,
  kind: string,
  targetId: string,
  by: string | null,
  at: Date,
): Promise<void> {
  await q.query(
    'INSERT INTO incident_links (incident_id, kind, target_id, created_at, created_by) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
    [incidentId, kind, targetId, at, by],
  );
}

/**
 * Links incidents to disputes of the mediation module, naming each incident
 * by id or (for bulk-loaded history) by number; returns the links made.
 */
export async function linkIncidentsToDisputes(
  q: Queryable,
  links: { incidentId: string | null; incidentNumber: string | null; disputeId: string }[],
  by: string | null,
  at: Date,
): Promise<{ incidentId: string; disputeId: string }[]> {
  if (links.length === 0) return [];
  const r = await q.query<{ incident_id: string; target_id: string }>(
    `WITH x AS (SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[]) AS x(incident_id, number, dispute_id)),
          ids AS (SELECT i.id, x.dispute_id FROM x JOIN incidents i ON i.id = x.incident_id
                  UNION ALL
                  SELECT i.id, x.dispute_id FROM x JOIN incidents i ON i.number = x.number WHERE x.incident_id IS NULL)
     INSERT INTO incident_links (incident_id, kind, target_id, created_at, created_by)
     SELECT id, 'dispute', dispute_id, $4, $5 FROM ids
     ON CONFLICT DO NOTHING RETURNING incident_id, target_id`,
    [links.map((l) => l.incidentId), links.map((l) => l.incidentNumber), links.map((l) => l.disputeId), at, by],
  );
  return r.rows.map((x) => ({ incidentId: x.incident_id, disputeId: x.target_id }));
}

export interface IncidentFilter {
  stationId: string;
  statuses?: string[];
  priority?: string;
  categoryPrefix?: string;
  source?: string;
  gridId?: string;
  /** Jurisdiction: only these grids, or incidents with orders for this person. */
  withinGrids?: string[];
  personId?: string | null;
  from?: Date;
  to?: Date;
  q?: string;
  limit: number;
  offset: number;
  orderBy?: 'created' | 'urgency';
}

export async function listIncidents(q: Queryable, f: IncidentFilter): Promise<{ rows: IncidentRow[]; total: number }> {
  const params: unknown[] = [f.stationId];
  const where = ['i.station_id = $1'];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    where.push(sql.replaceAll('?', `$${params.length}`));
  };
  if (f.statuses?.length) add('i.status = ANY(?::text[])', f.statuses);
  if (f.priority) add('i.priority = ?', f.priority);
  if (f.categoryPrefix) add("(i.category_code = ? OR i.category_code LIKE ? || '.%')", f.categoryPrefix);
  if (f.source) add('i.source = ?', f.source);
  if (f.gridId) add('i.grid_id = ?', f.gridId);
  if (f.from) add('i.created_at >= ?', f.from);
  if (f.to) add('i.created_at < ?', f.to);
  if (f.q) add("(i.number = ? OR i.summary LIKE '%' || ? || '%' OR i.address LIKE '%' || ? || '%')", f.q);
  if (f.withinGrids) {
    params.push(f.withinGrids, f.personId ?? null);
    const g = params.length - 1;
    const p = params.length;
    where.push(
      `(i.grid_id = ANY($${g}::uuid[]) OR EXISTS (SELECT 1 FROM dispatch_orders o WHERE o.incident_id = i.id AND o.assignee_person_id = $${p}))`,
    );
  }
  const w = where.join(' AND ');
  const order =
    f.orderBy === 'urgency'
      ? `CASE i.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END, i.created_at DESC`
      : 'i.created_at DESC';
  // Totals stop counting at 10,001 so a broad filter over millions of rows stays fast; the UI shows "10000+".
  const total = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM incidents i WHERE ${w} LIMIT 10001) x`,
    params,
  );
  const rows = await q.query<IncidentRow>(
    `${INCIDENT_SELECT} WHERE ${w} ORDER BY ${order} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, f.limit, f.offset],
  );
  return { rows: rows.rows, total: total.rows[0]?.n ?? 0 };
}

export async function publicTokenOf(q: Queryable, id: string): Promise<string | null> {
  const r = await q.query<{ public_token: string | null }>('SELECT public_token FROM incidents WHERE id = $1', [id]);
  return r.rows[0]?.public_token ?? null;
}
