import type { Queryable } from '../../platform/db/db';
import { resolveBatchDuplicates } from './batch-duplicates';

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
  publicToken: string | null;
  createdBy: string | null;
  reportedAt: Date;
  now: Date;
}

/**
 * Columns every read returns, with the grid code, the open orders' nearest
 * deadline (kept on the incident by the dispatch service, see
 * `nextDeadlineOf`) and the breach flag.
 */
export const INCIDENT_SELECT = `SELECT i.id, i.station_id, i.number, i.source, i.source_ref, i.idempotency_key, i.category_code,
  i.priority, i.priority_reason, i.status, i.summary, i.description, i.address, i.address_key, i.lng, i.lat, i.grid_id,
  g.code AS grid_code, i.outside_jurisdiction, i.team, i.responsible_person_id, i.unit_id, i.caller_name,
  i.caller_phone_masked, i.caller_phone_bidx, i.persons, i.vehicles, i.duplicate_of, i.public_token, i.created_by,
  i.reported_at, i.created_at, i.updated_at, i.closed_at, i.result_code, i.result_note, i.version,
  i.next_deadline_at AS next_deadline,
  EXISTS (SELECT 1 FROM dispatch_orders o WHERE o.incident_id = i.id AND cardinality(o.breaches) > 0) AS breached
  FROM incidents i LEFT JOIN grids g ON g.id = i.grid_id`;

/** Columns of a freshly inserted incident, named as in an IncidentRow (less the joined and derived ones). */
const INSERTED_COLUMNS = `id, station_id, number, source, source_ref, idempotency_key, category_code, priority, priority_reason,
  status, summary, description, address, address_key, lng, lat, grid_id, outside_jurisdiction, team, responsible_person_id,
  unit_id, caller_name, caller_phone_masked, caller_phone_bidx, persons, vehicles, duplicate_of, public_token, created_by,
  reported_at, created_at, updated_at, closed_at, result_code, result_note, version, next_deadline_at AS next_deadline`;

/** Where to look for an earlier report of the same event (see findNearDuplicate); null: linking is off. */
export type NearDuplicateProbe =
  | { kind: 'point'; since: Date; gridId: string; lng: number; lat: number; radiusDeg: number }
  | { kind: 'address'; since: Date; addressKey: string };

/** One new incident for `insertIncidents`, with its id chosen by the caller. */
export interface IncidentToInsert {
  id: string;
  incident: NewIncident;
  nearDuplicate: NearDuplicateProbe | null;
  /** The grid's code, for the returned row. */
  gridCode: string | null;
  createdEvent: { actorId: string | null; actorName: string | null; details: Record<string, unknown> };
  dispatch: { status: 'dispatched'; nextDeadline: Date | null } | null;
}

export interface InsertedIncident {
  row: IncidentRow;
  createdEventId: number;
}

/**
 * Stores new incidents in two statements, however many: for each, looks for
 * the near-duplicate it repeats (the first open incident of the same
 * category nearby, or at the same address, within the window, oldest
 * first), inserts the incident unless its idempotency key or source id was
 * seen, and its `created` timeline event. With `dispatch`, an incident that
 * is not a near-duplicate is stored already in the status its first order
 * gives it, with that order's nearest deadline (the caller issues the order
 * next, in the same transaction): one row version instead of an insert and
 * an update. Returns, in input order, the stored incident or null for a
 * repeated submission. Reports of the same call are resolved in input order
 * as if stored one by one: a later report repeats an earlier one of the call
 * that its probe would have found once stored (so a burst of reports of one
 * event need not wait for a batch each; see resolveBatchDuplicates).
 * Repeated submissions of the same key within one call are the caller's to
 * keep apart.
 */
export async function insertIncidents(q: Queryable, items: IncidentToInsert[]): Promise<(InsertedIncident | null)[]> {
  if (items.length === 0) return [];
  // First what is already stored: each report's near-duplicate among stored incidents, and whether it repeats a
  // stored submission. The batch's own reports are resolved against each other in memory (resolveBatchDuplicates).
  const probes = items.map((x, ord) => {
    const n = x.incident;
    const p = x.nearDuplicate;
    return {
      ord,
      station_id: n.stationId,
      category_code: n.categoryCode,
      source: n.source,
      source_ref: n.sourceRef,
      idempotency_key: n.idempotencyKey,
      probe: p?.kind ?? null,
      since: p?.since ?? null,
      grid_id: p?.kind === 'point' ? p.gridId : null,
      lng_min: p?.kind === 'point' ? p.lng - p.radiusDeg : null,
      lng_max: p?.kind === 'point' ? p.lng + p.radiusDeg : null,
      lat_min: p?.kind === 'point' ? p.lat - p.radiusDeg : null,
      lat_max: p?.kind === 'point' ? p.lat + p.radiusDeg : null,
      address_key: p?.kind === 'address' ? p.addressKey : null,
    };
  });
  const found = await q.query<{ ord: number; stored_original: string | null; repeated: boolean }>(
    `SELECT t.ord, CASE t.probe
         WHEN 'point' THEN (SELECT x.id FROM incidents x WHERE x.grid_id = t.grid_id
             AND x.category_code = t.category_code AND x.created_at >= t.since AND x.duplicate_of IS NULL
             AND x.status NOT IN ('closed', 'transferred')
             AND x.lng BETWEEN t.lng_min AND t.lng_max AND x.lat BETWEEN t.lat_min AND t.lat_max
           ORDER BY x.created_at LIMIT 1)
         WHEN 'address' THEN (SELECT x.id FROM incidents x WHERE x.station_id = t.station_id
             AND x.address_key = t.address_key AND x.category_code = t.category_code
             AND x.created_at >= t.since AND x.duplicate_of IS NULL AND x.status NOT IN ('closed', 'transferred')
           ORDER BY x.created_at LIMIT 1)
         END AS stored_original,
         coalesce((t.idempotency_key IS NOT NULL AND EXISTS (SELECT 1 FROM incidents x
             WHERE x.station_id = t.station_id AND x.idempotency_key = t.idempotency_key))
           OR (t.source_ref IS NOT NULL AND EXISTS (SELECT 1 FROM incidents x
             WHERE x.station_id = t.station_id AND x.source = t.source AND x.source_ref = t.source_ref)), false) AS repeated
       FROM jsonb_to_recordset($1::jsonb) AS t(ord integer, station_id uuid, category_code text, source text,
         source_ref text, idempotency_key text, probe text, since timestamptz, grid_id uuid, lng_min double precision,
         lng_max double precision, lat_min double precision, lat_max double precision, address_key text)`,
    [JSON.stringify(probes)],
  );
  const stored = new Map(found.rows.map((r) => [r.ord, r]));
  const duplicateOf = resolveBatchDuplicates(
    items.map((x, ord) => ({
      id: x.id,
      stationId: x.incident.stationId,
      categoryCode: x.incident.categoryCode,
      gridId: x.incident.gridId,
      lng: x.incident.lng,
      lat: x.incident.lat,
      addressKey: x.incident.addressKey,
      probe: x.nearDuplicate,
      storedOriginal: stored.get(ord)?.stored_original ?? null,
      repeated: stored.get(ord)?.repeated ?? false,
    })),
  );
  const rows = items.map((x, ord) => {
    const n = x.incident;
    const dup = duplicateOf[ord] ?? null;
    // A near-duplicate is not dispatched: it joins its original's handling.
    const dispatched = x.dispatch !== null && dup === null;
    return {
      ord,
      id: x.id,
      station_id: n.stationId,
      number_prefix: n.numberPrefix,
      source: n.source,
      source_ref: n.sourceRef,
      idempotency_key: n.idempotencyKey,
      category_code: n.categoryCode,
      priority: n.priority,
      priority_reason: n.priorityReason,
      status: dispatched ? x.dispatch?.status : n.status,
      summary: n.summary,
      description: n.description,
      address: n.address,
      address_key: n.addressKey,
      lng: n.lng,
      lat: n.lat,
      grid_id: n.gridId,
      outside_jurisdiction: n.outsideJurisdiction,
      team: n.team,
      responsible_person_id: n.responsiblePersonId,
      unit_id: n.unitId,
      caller_name: n.callerName,
      caller_phone_enc: n.callerPhone?.enc ?? null,
      caller_phone_bidx: n.callerPhone?.bidx ?? null,
      caller_phone_masked: n.callerPhone?.masked ?? null,
      persons: n.persons,
      vehicles: n.vehicles,
      duplicate_of: dup,
      public_token: n.publicToken,
      created_by: n.createdBy,
      reported_at: n.reportedAt,
      now: n.now,
      version: dispatched ? 2 : 1,
      next_deadline_at: dispatched ? (x.dispatch?.nextDeadline ?? null) : null,
      actor_id: x.createdEvent.actorId,
      actor_name: x.createdEvent.actorName,
      details: x.createdEvent.details,
    };
  });
  // Each row comes back shaped as an IncidentRow (plus the event id), the grid code filled in below: copying
  // forty columns into a new object per report (`{ ...rest, … }`) cost V8 ~15 µs a report.
  const r = await q.query<IncidentRow & { created_event_id: number }>(
    `WITH t AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS t(ord integer, id uuid, station_id uuid, number_prefix text,
         source text, source_ref text, idempotency_key text, category_code text, priority text, priority_reason text,
         status text, summary text, description text, address text, address_key text, lng double precision,
         lat double precision, grid_id uuid, outside_jurisdiction boolean, team text, responsible_person_id uuid,
         unit_id uuid, caller_name text, caller_phone_enc text, caller_phone_bidx text, caller_phone_masked text,
         persons jsonb, vehicles jsonb, duplicate_of uuid, public_token text, created_by uuid, reported_at timestamptz,
         now timestamptz, version integer, next_deadline_at timestamptz, actor_id uuid, actor_name text, details jsonb)),
     ins AS (
       INSERT INTO incidents (id, station_id, number, source, source_ref, idempotency_key, category_code, priority,
         priority_reason, status, summary, description, address, address_key, lng, lat, grid_id, outside_jurisdiction,
         team, responsible_person_id, unit_id, caller_name, caller_phone_enc, caller_phone_bidx, caller_phone_masked,
         persons, vehicles, duplicate_of, public_token, created_by, reported_at, created_at, updated_at, version,
         next_deadline_at)
       SELECT t.id, t.station_id, t.number_prefix || lpad(nextval('incident_number_seq')::text, 7, '0'), t.source,
         t.source_ref, t.idempotency_key, t.category_code, t.priority, t.priority_reason, t.status, t.summary,
         t.description, t.address, t.address_key, t.lng, t.lat, t.grid_id, t.outside_jurisdiction, t.team,
         t.responsible_person_id, t.unit_id, t.caller_name, t.caller_phone_enc, t.caller_phone_bidx,
         t.caller_phone_masked, t.persons, t.vehicles, t.duplicate_of, t.public_token, t.created_by, t.reported_at,
         t.now, t.now, t.version, t.next_deadline_at
         FROM t ORDER BY t.ord
       ON CONFLICT DO NOTHING
       RETURNING ${INSERTED_COLUMNS}),
     ev AS (
       INSERT INTO incident_events (incident_id, at, actor_id, actor_name, kind, details)
       SELECT ins.id, t.now, t.actor_id, t.actor_name, 'created',
           t.details || jsonb_build_object('duplicateOf', ins.duplicate_of)
         FROM ins JOIN t ON t.id = ins.id ORDER BY t.ord
       RETURNING id, incident_id)
     SELECT ins.*, NULL::text AS grid_code, false AS breached, ev.id AS created_event_id
       FROM ins JOIN ev ON ev.incident_id = ins.id`,
    [JSON.stringify(rows)],
  );
  const byId = new Map(r.rows.map((x) => [x.id, x]));
  return items.map((item) => {
    const x = byId.get(item.id);
    if (!x) return null;
    x.grid_code = item.gridCode;
    return { row: x, createdEventId: x.created_event_id };
  });
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

export async function getIncident(q: Queryable, id: string, forUpdate = false): Promise<IncidentRow | null> {
  const r = await q.query<IncidentRow>(`${INCIDENT_SELECT} WHERE i.id = $1${forUpdate ? ' FOR UPDATE OF i' : ''}`, [
    id,
  ]);
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
  // Source, category, priority, team, grid and report time are fixed at intake: the daily rollups count by them.
  patch: Partial<{
    status: string;
    responsible_person_id: string | null;
    unit_id: string | null;
    closed_at: Date | null;
    result_code: string | null;
    result_note: string | null;
    next_deadline_at: Date | null;
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

/** The nearest open deadline changed while the status did not (no new version: the incident itself is unchanged). */
export async function setNextDeadline(q: Queryable, id: string, at: Date | null): Promise<void> {
  await q.query('UPDATE incidents SET next_deadline_at = $2 WHERE id = $1', [id, at]);
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
  /** The person's incidents outside `withinGrids`, when the caller read them already (sentOutsideGrids). */
  sentElsewhere?: string[];
  from?: Date;
  to?: Date;
  q?: string;
  limit: number;
  offset: number;
  orderBy?: 'created' | 'urgency';
  /** false: no total (the board shows its queues, not their sizes; each count read up to 10,001 index entries). */
  count?: boolean;
}

/**
 * Incidents of the station outside these grids with an order to the person
 * (any order, any status): the part of a grid-scoped jurisdiction that its
 * grids do not cover. Read from the person's orders alone (they keep their
 * incident's grid; index only); usually none for grid staff.
 */
export async function sentOutsideGrids(
  q: Queryable,
  stationId: string,
  gridIds: string[],
  personId: string | null,
): Promise<string[]> {
  if (!personId) return [];
  const r = await q.query<{ id: string }>(
    `SELECT DISTINCT incident_id AS id FROM dispatch_orders
      WHERE assignee_person_id = $1 AND station_id = $2 AND (grid_id IS NULL OR NOT (grid_id = ANY($3::uuid[])))`,
    [personId, stationId, gridIds],
  );
  return r.rows.map((x) => x.id);
}

/**
 * A page of incidents and their total (counted up to 10,001). A grid-scoped
 * jurisdiction is split in two: the grids' incidents, read and counted
 * through the grid indexes, and the few incidents sent to the person
 * elsewhere, by id.
 */
export async function listIncidents(q: Queryable, f: IncidentFilter): Promise<{ rows: IncidentRow[]; total: number }> {
  const elsewhere = f.withinGrids
    ? (f.sentElsewhere ?? (await sentOutsideGrids(q, f.stationId, f.withinGrids, f.personId ?? null)))
    : [];
  const params: unknown[] = [f.stationId];
  const where = ['i.station_id = $1'];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    where.push(sql.replaceAll('?', `$${params.length}`));
  };
  // One status as an equality, so an index led by (station, status) also gives the order.
  if (f.statuses?.length === 1) add('i.status = ?', f.statuses[0]);
  else if (f.statuses?.length) add('i.status = ANY(?::text[])', f.statuses);
  if (f.priority) add('i.priority = ?', f.priority);
  // A category and its sub-categories, by the configured hierarchy (an index range per code, not a LIKE).
  if (f.categoryPrefix)
    add(
      'i.category_code IN (SELECT c.code FROM incident_categories c WHERE c.code = ? OR c.parent_code = ?)',
      f.categoryPrefix,
    );
  if (f.source) add('i.source = ?', f.source);
  if (f.gridId) add('i.grid_id = ?', f.gridId);
  if (f.from) add('i.created_at >= ?', f.from);
  if (f.to) add('i.created_at < ?', f.to);
  if (f.q) add("(i.number = ? OR i.summary LIKE '%' || ? || '%' OR i.address LIKE '%' || ? || '%')", f.q);
  const filters = where.join(' AND ');
  let w = filters;
  // Totals stop counting at 10,001 so a broad filter over millions of rows stays fast; the UI shows "10000+".
  let count = `SELECT count(*)::int AS n FROM (SELECT 1 FROM incidents i WHERE ${filters} LIMIT 10001) x`;
  if (f.withinGrids) {
    params.push(f.withinGrids);
    const inGrids = `i.grid_id = ANY($${params.length}::uuid[])`;
    count = `SELECT count(*)::int AS n FROM (SELECT 1 FROM incidents i WHERE ${filters} AND ${inGrids} LIMIT 10001) x`;
    w = `${filters} AND ${inGrids}`;
    if (elsewhere.length > 0) {
      params.push(elsewhere);
      const sent = `i.id = ANY($${params.length}::uuid[])`;
      // The two parts are disjoint: their counts add up.
      count = `SELECT least(10001, (${count}) + (SELECT count(*)::int FROM incidents i WHERE ${filters} AND ${sent})) AS n`;
      w = `${filters} AND (${inGrids} OR ${sent})`;
    }
  }
  // Urgency is the board's order: priority, then the nearest open deadline, then the newest (incidents_board_idx).
  const order =
    f.orderBy === 'urgency'
      ? `CASE i.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END, i.next_deadline_at, i.created_at DESC`
      : 'i.created_at DESC';
  const total = f.count === false ? null : await q.query<{ n: number }>(count, params);
  const rows = await q.query<IncidentRow>(
    `${INCIDENT_SELECT} WHERE ${w} ORDER BY ${order} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, f.limit, f.offset],
  );
  return { rows: rows.rows, total: total?.rows[0]?.n ?? rows.rows.length };
}

export async function publicTokenOf(q: Queryable, id: string): Promise<string | null> {
  const r = await q.query<{ public_token: string | null }>('SELECT public_token FROM incidents WHERE id = $1', [id]);
  return r.rows[0]?.public_token ?? null;
}
