import type { Queryable } from '../../platform/db/db';

export interface MediatorRow {
  person_id: string;
  station_id: string;
  name: string;
  title: string | null;
  kind: string;
  specialties: string[];
  levels: number[];
  commercial: boolean;
  grid_ids: string[];
  villages: string[];
  max_load: number;
  weekdays: number[];
  active: boolean;
  note: string | null;
  version: number;
}

export interface MediatorStats {
  load: number;
  decided: number;
  succeeded: number;
}

export interface ConflictRow {
  id: string;
  mediator_id: string;
  subject_kind: 'person' | 'enterprise';
  subject_name: string;
  id_number_bidx: string | null;
  id_number_masked: string | null;
  credit_code: string | null;
  relation: string;
}

export interface UnavailabilityRow {
  id: string;
  mediator_id: string;
  from_date: string;
  to_date: string;
  reason: string | null;
}

export interface AssignmentRow {
  id: string;
  dispute_id: string;
  mediator_id: string;
  mediator_name: string;
  kind: string;
  role: 'lead' | 'member';
  level: number;
  track: 'standard' | 'commercial';
  score: number | null;
  assigned_at: Date;
  released_at: Date | null;
}

const MEDIATOR_COLUMNS = `person_id, station_id, name, title, kind, specialties, levels, commercial, grid_ids, villages,
  max_load, weekdays, active, note, version`;

export async function listMediators(
  q: Queryable,
  stationId: string,
  f: { kind?: string; specialty?: string; gridId?: string; commercial?: boolean; active?: boolean } = {},
): Promise<MediatorRow[]> {
  const params: unknown[] = [stationId];
  const where = ['station_id = $1'];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (f.kind) where.push(`kind = ${p(f.kind)}`);
  if (f.specialty) where.push(`${p(f.specialty)} = ANY(specialties)`);
  if (f.gridId) where.push(`${p(f.gridId)}::uuid = ANY(grid_ids)`);
  if (f.commercial !== undefined) where.push(`commercial = ${p(f.commercial)}`);
  if (f.active !== undefined) where.push(`active = ${p(f.active)}`);
  const r = await q.query<MediatorRow>(
    `SELECT ${MEDIATOR_COLUMNS} FROM mediators WHERE ${where.join(' AND ')} ORDER BY kind, name`,
    params,
  );
  return r.rows;
}

export async function getMediator(q: Queryable, personId: string, forUpdate = false): Promise<MediatorRow | null> {
  const r = await q.query<MediatorRow>(
    `SELECT ${MEDIATOR_COLUMNS} FROM mediators WHERE person_id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [personId],
  );
  return r.rows[0] ?? null;
}

/** Locks the named mediators' rows in a fixed order, so concurrent assignments cannot both pass a load cap. */
export async function lockMediators(q: Queryable, ids: string[]): Promise<MediatorRow[]> {
  if (ids.length === 0) return [];
  const r = await q.query<MediatorRow>(
    `SELECT ${MEDIATOR_COLUMNS} FROM mediators WHERE person_id = ANY($1::uuid[]) ORDER BY person_id FOR UPDATE`,
    [ids],
  );
  return r.rows;
}

export interface MediatorWrite {
  personId: string;
  stationId: string;
  name: string;
  title: string | null;
  kind: string;
  specialties: string[];
  levels: number[];
  commercial: boolean;
  gridIds: string[];
  villages: string[];
  maxLoad: number;
  weekdays: number[];
  active: boolean;
  note: string | null;
  now: Date;
}

export async function upsertMediator(q: Queryable, m: MediatorWrite): Promise<number> {
  const r = await q.query<{ version: number }>(
    `INSERT INTO mediators (person_id, station_id, name, title, kind, specialties, levels, commercial, grid_ids, villages,
       max_load, weekdays, active, note, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15)
     ON CONFLICT (person_id) DO UPDATE SET name = EXCLUDED.name, title = EXCLUDED.title, kind = EXCLUDED.kind,
       specialties = EXCLUDED.specialties, levels = EXCLUDED.levels, commercial = EXCLUDED.commercial,
       grid_ids = EXCLUDED.grid_ids, villages = EXCLUDED.villages, max_load = EXCLUDED.max_load,
       weekdays = EXCLUDED.weekdays, active = EXCLUDED.active, note = EXCLUDED.note, updated_at = EXCLUDED.updated_at,
       version = mediators.version + 1
     RETURNING version`,
    [
      m.personId,
      m.stationId,
      m.name,
      m.title,
      m.kind,
      m.specialties,
      m.levels,
      m.commercial,
      m.gridIds,
      m.villages,
      m.maxLoad,
      m.weekdays,
      m.active,
      m.note,
      m.now,
    ],
  );
  return r.rows[0]?.version ?? 1;
}

/** Bulk load of the pool (demo town). */
export async function insertMediators(q: Queryable, rows: Omit<MediatorWrite, 'now'>[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  await q.query(
    `INSERT INTO mediators (person_id, station_id, name, title, kind, specialties, levels, commercial, grid_ids, villages,
       max_load, weekdays, active, note, created_at, updated_at)
     SELECT x.person_id, x.station_id, x.name, x.title, x.kind, string_to_array(x.specialties, ','),
       string_to_array(x.levels, ',')::smallint[], x.commercial, coalesce(string_to_array(x.grid_ids, ',')::uuid[], '{}'),
       coalesce(string_to_array(x.villages, ','), '{}'), x.max_load, string_to_array(x.weekdays, ',')::smallint[], x.active,
       x.note, $15, $15
     FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bool[], $9::text[],
       $10::text[], $11::int[], $12::text[], $13::bool[], $14::text[])
       AS x(person_id, station_id, name, title, kind, specialties, levels, commercial, grid_ids, villages, max_load, weekdays,
            active, note)`,
    [
      rows.map((r) => r.personId),
      rows.map((r) => r.stationId),
      rows.map((r) => r.name),
      rows.map((r) => r.title),
      rows.map((r) => r.kind),
      rows.map((r) => r.specialties.join(',')),
      rows.map((r) => r.levels.join(',')),
      rows.map((r) => r.commercial),
      rows.map((r) => r.gridIds.join(',')),
      rows.map((r) => r.villages.join(',')),
      rows.map((r) => r.maxLoad),
      rows.map((r) => r.weekdays.join(',')),
      rows.map((r) => r.active),
      rows.map((r) => r.note),
      now,
    ],
  );
}

/** Open cases (load) and the track record (decided, succeeded) of mediators, from their assignments. */
export async function mediatorStats(q: Queryable, ids: string[]): Promise<Map<string, MediatorStats>> {
  if (ids.length === 0) return new Map();
  const r = await q.query<{ mediator_id: string; load: number; decided: number; succeeded: number }>(
    `SELECT a.mediator_id,
            count(*) FILTER (WHERE d.status = 'open')::int AS load,
            count(*) FILTER (WHERE d.outcome IN ('success', 'partial', 'failed'))::int AS decided,
            count(*) FILTER (WHERE d.outcome = 'success')::int AS succeeded
       FROM dispute_assignments a JOIN disputes d ON d.id = a.dispute_id
      WHERE a.mediator_id = ANY($1::uuid[]) AND a.released_at IS NULL
      GROUP BY a.mediator_id`,
    [ids],
  );
  return new Map(r.rows.map((x) => [x.mediator_id, { load: x.load, decided: x.decided, succeeded: x.succeeded }]));
}

export async function listConflicts(q: Queryable, mediatorIds: string[]): Promise<ConflictRow[]> {
  if (mediatorIds.length === 0) return [];
  const r = await q.query<ConflictRow>(
    `SELECT id, mediator_id, subject_kind, subject_name, id_number_bidx, id_number_masked, credit_code, relation
       FROM mediator_conflicts WHERE mediator_id = ANY($1::uuid[]) ORDER BY created_at`,
    [mediatorIds],
  );
  return r.rows;
}

export async function insertConflict(
  q: Queryable,
  c: {
    mediatorId: string;
    subjectKind: string;
    name: string;
    idBidx: string | null;
    idMasked: string | null;
    creditCode: string | null;
    relation: string;
    note: string | null;
    by: string | null;
    now: Date;
  },
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO mediator_conflicts (mediator_id, subject_kind, subject_name, id_number_bidx, id_number_masked, credit_code,
       relation, note, created_at, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [c.mediatorId, c.subjectKind, c.name, c.idBidx, c.idMasked, c.creditCode, c.relation, c.note, c.now, c.by],
  );
  const id = r.rows[0]?.id;
  if (!id) throw new Error('conflict insert returned nothing');
  return id;
}

export async function deleteConflict(q: Queryable, mediatorId: string, id: string): Promise<boolean> {
  const r = await q.query('DELETE FROM mediator_conflicts WHERE mediator_id = $1 AND id = $2', [mediatorId, id]);
  return r.rowCount > 0;
}

export async function listUnavailability(
  q: Queryable,
  mediatorIds: string[],
  fromDate: string,
): Promise<UnavailabilityRow[]> {
  if (mediatorIds.length === 0) return [];
  const r = await q.query<UnavailabilityRow>(
    `SELECT id, mediator_id, from_date, to_date, reason FROM mediator_unavailability
      WHERE mediator_id = ANY($1::uuid[]) AND to_date >= $2::date ORDER BY from_date`,
    [mediatorIds, fromDate],
  );
  return r.rows;
}

export async function insertUnavailability(
  q: Queryable,
  u: { mediatorId: string; from: string; to: string; reason: string | null; by: string | null; now: Date },
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO mediator_unavailability (mediator_id, from_date, to_date, reason, created_at, created_by)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [u.mediatorId, u.from, u.to, u.reason, u.now, u.by],
  );
  const id = r.rows[0]?.id;
  if (!id) throw new Error('unavailability insert returned nothing');
  return id;
}

export async function deleteUnavailability(q: Queryable, mediatorId: string, id: string): Promise<boolean> {
  const r = await q.query('DELETE FROM mediator_unavailability WHERE mediator_id = $1 AND id = $2', [mediatorId, id]);
  return r.rowCount > 0;
}

// ------------------------------------------------------------------ assignments

export async function listAssignments(
  q: Queryable,
  disputeIds: string[],
  activeOnly = false,
): Promise<AssignmentRow[]> {
  if (disputeIds.length === 0) return [];
  const r = await q.query<AssignmentRow>(
    `SELECT a.id, a.dispute_id, a.mediator_id, a.mediator_name, coalesce(m.kind, '') AS kind, a.role, a.level, a.track,
            a.score, a.assigned_at, a.released_at
       FROM dispute_assignments a LEFT JOIN mediators m ON m.person_id = a.mediator_id
      WHERE a.dispute_id = ANY($1::uuid[])${activeOnly ? ' AND a.released_at IS NULL' : ''}
      ORDER BY a.assigned_at, a.role`,
    [disputeIds],
  );
  return r.rows;
}

export async function insertAssignment(
  q: Queryable,
  a: {
    disputeId: string;
    mediatorId: string;
    name: string;
    role: 'lead' | 'member';
    level: number;
    track: string;
    score: number | null;
    factors: unknown[];
    by: string | null;
    now: Date;
  },
): Promise<void> {
  await q.query(
    `INSERT INTO dispute_assignments (dispute_id, mediator_id, mediator_name, role, level, track, score, factors, assigned_at,
       assigned_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [a.disputeId, a.mediatorId, a.name, a.role, a.level, a.track, a.score, JSON.stringify(a.factors), a.now, a.by],
  );
}

/** A new lead replaces the old one, who stays on the panel as a member. */
export async function demoteLead(q: Queryable, disputeId: string): Promise<void> {
  await q.query(
    `UPDATE dispute_assignments SET role = 'member' WHERE dispute_id = $1 AND role = 'lead' AND released_at IS NULL`,
    [disputeId],
  );
}

export async function releaseAssignment(
  q: Queryable,
  disputeId: string,
  mediatorId: string,
  now: Date,
  reason: string | null,
): Promise<boolean> {
  const r = await q.query(
    `UPDATE dispute_assignments SET released_at = $3, release_reason = $4
      WHERE dispute_id = $1 AND mediator_id = $2 AND released_at IS NULL`,
    [disputeId, mediatorId, now, reason],
  );
  return r.rowCount > 0;
}

export interface HistoryAssignment {
  disputeId: string;
  mediatorId: string;
  name: string;
  role: string;
  level: number;
  track: string;
  assignedAt: Date;
}

export async function insertAssignmentHistory(q: Queryable, rows: HistoryAssignment[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 4000) {
    const c = rows.slice(i, i + 4000);
    await q.query(
      `INSERT INTO dispute_assignments (dispute_id, mediator_id, mediator_name, role, level, track, assigned_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::smallint[], $6::text[], $7::timestamptz[])`,
      [
        c.map((r) => r.disputeId),
        c.map((r) => r.mediatorId),
        c.map((r) => r.name),
        c.map((r) => r.role),
        c.map((r) => r.level),
        c.map((r) => r.track),
        c.map((r) => r.assignedAt),
      ],
    );
  }
}
