import type { Queryable } from '../../platform/db/db';

export interface CaseRow {
  id: string;
  number: string;
  station_id: string;
  enterprise_place_id: string;
  enterprise_name: string;
  grid_id: string | null;
  service_id: string;
  contact_name: string;
  contact_phone_masked: string | null;
  persons: number;
  received_at: Date;
  received_day: string;
  limit_days: number;
  due_day: string;
  status: 'open' | 'done' | 'cancelled';
  closed_day: string | null;
  outcome_note: string | null;
  note: string;
  version: number;
}

export interface VisitRow {
  id: string;
  station_id: string;
  enterprise_place_id: string;
  enterprise_name: string;
  grid_id: string | null;
  visited_on: string;
  officer_person_ids: string[];
  purpose: string;
  issues_found: string;
  issue_count: number;
  follow_up: string | null;
  follow_up_due: string | null;
  follow_up_done_at: Date | null;
  follow_up_note: string | null;
}

export interface TrainingRow {
  id: string;
  held_on: string;
  topic: string;
  location: string | null;
  trainer: string | null;
  attendees: number;
  enterprise_place_ids: string[];
}

/** Grid filter: null sees the whole station. */
type Grids = string[] | null;

const CASE_SELECT = `SELECT id, number, station_id, enterprise_place_id, enterprise_name, grid_id, service_id, contact_name,
  contact_phone_masked, persons, received_at, received_day::text AS received_day, limit_days, due_day::text AS due_day, status,
  closed_day::text AS closed_day, outcome_note, note, version FROM hall_enterprise_cases`;

export async function insertCase(
  q: Queryable,
  c: {
    stationId: string;
    placeId: string;
    enterpriseName: string;
    gridId: string | null;
    serviceId: string;
    contactName: string;
    contactPhone: { enc: string; bidx: string; masked: string } | null;
    persons: number;
    receivedAt: Date;
    receivedDay: string;
    limitDays: number;
    dueDay: string;
    note: string;
    createdBy: string | null;
  },
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO hall_enterprise_cases (number, station_id, enterprise_place_id, enterprise_name, grid_id, service_id, contact_name,
       contact_phone_enc, contact_phone_bidx, contact_phone_masked, persons, received_at, received_day, limit_days, due_day,
       status, note, created_by)
     VALUES ('QY' || to_char($12::date, 'YYYYMMDD') || (SELECT lpad(v::text, greatest(6, length(v::text)), '0') FROM nextval('hall_case_seq') AS v),
       $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'open', $15, $16) RETURNING id`,
    [
      c.stationId,
      c.placeId,
      c.enterpriseName,
      c.gridId,
      c.serviceId,
      c.contactName,
      c.contactPhone?.enc ?? null,
      c.contactPhone?.bidx ?? null,
      c.contactPhone?.masked ?? null,
      c.persons,
      c.receivedAt,
      c.receivedDay,
      c.limitDays,
      c.dueDay,
      c.note,
      c.createdBy,
    ],
  );
  const id = r.rows[0]?.id;
  if (!id) throw new Error('case insert returned nothing');
  return id;
}

export async function getCase(q: Queryable, id: string, lock = false): Promise<CaseRow | null> {
  return (await q.query<CaseRow>(`${CASE_SELECT} WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id])).rows[0] ?? null;
}

export async function listCases(
  q: Queryable,
  f: { stationId: string; grids: Grids; status?: string; limit: number; offset: number },
): Promise<{ rows: CaseRow[]; total: number }> {
  const where = `station_id = $1 AND ($2::uuid[] IS NULL OR grid_id = ANY($2::uuid[])) AND ($3::text IS NULL OR status = $3)`;
  const params = [f.stationId, f.grids, f.status ?? null];
  const [rows, total] = await Promise.all([
    q.query<CaseRow>(
      `${CASE_SELECT} WHERE ${where} ORDER BY CASE WHEN status = 'open' THEN 0 ELSE 1 END, due_day, received_at DESC
        LIMIT $4 OFFSET $5`,
      [...params, f.limit, f.offset],
    ),
    q.query<{ n: number }>(`SELECT count(*)::int AS n FROM hall_enterprise_cases WHERE ${where}`, params),
  ]);
  return { rows: rows.rows, total: total.rows[0]?.n ?? 0 };
}

export async function closeCase(
  q: Queryable,
  id: string,
  status: 'done' | 'cancelled',
  note: string | null,
  now: Date,
  day: string,
  by: string,
): Promise<void> {
  await q.query(
    `UPDATE hall_enterprise_cases SET status = $2, outcome_note = $3, closed_at = $4, closed_day = $5, closed_by = $6,
       version = version + 1 WHERE id = $1`,
    [id, status, note, now, day, by],
  );
}

export async function casesInPeriod(
  q: Queryable,
  stationId: string,
  grids: Grids,
  from: string,
  to: string,
): Promise<CaseRow[]> {
  const r = await q.query<CaseRow>(
    `${CASE_SELECT} WHERE station_id = $1 AND ($2::uuid[] IS NULL OR grid_id = ANY($2::uuid[]))
       AND received_day BETWEEN $3 AND $4`,
    [stationId, grids, from, to],
  );
  return r.rows;
}

const VISIT_SELECT = `SELECT id, station_id, enterprise_place_id, enterprise_name, grid_id, visited_on::text AS visited_on,
  officer_person_ids, purpose, issues_found, issue_count, follow_up, follow_up_due::text AS follow_up_due, follow_up_done_at,
  follow_up_note FROM hall_enterprise_visits`;

export async function insertVisit(
  q: Queryable,
  v: {
    stationId: string;
    placeId: string;
    enterpriseName: string;
    gridId: string | null;
    visitedOn: string;
    officerIds: string[];
    purpose: string;
    issuesFound: string;
    issueCount: number;
    followUp: string | null;
    followUpDue: string | null;
    createdBy: string | null;
    now: Date;
  },
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO hall_enterprise_visits (station_id, enterprise_place_id, enterprise_name, grid_id, visited_on, officer_person_ids,
       purpose, issues_found, issue_count, follow_up, follow_up_due, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
    [
      v.stationId,
      v.placeId,
      v.enterpriseName,
      v.gridId,
      v.visitedOn,
      v.officerIds,
      v.purpose,
      v.issuesFound,
      v.issueCount,
      v.followUp,
      v.followUpDue,
      v.createdBy,
      v.now,
    ],
  );
  const id = r.rows[0]?.id;
  if (!id) throw new Error('visit insert returned nothing');
  return id;
}

export async function getVisit(q: Queryable, id: string): Promise<VisitRow | null> {
  return (await q.query<VisitRow>(`${VISIT_SELECT} WHERE id = $1`, [id])).rows[0] ?? null;
}

export async function listVisits(
  q: Queryable,
  f: {
    stationId: string;
    grids: Grids;
    from: string | null;
    to: string | null;
    placeId: string | null;
    followUp: string | null;
    today: string;
    limit: number;
    offset: number;
  },
): Promise<{ rows: VisitRow[]; total: number }> {
  const where = `station_id = $1 AND ($2::uuid[] IS NULL OR grid_id = ANY($2::uuid[]))
    AND ($3::date IS NULL OR visited_on >= $3) AND ($4::date IS NULL OR visited_on <= $4)
    AND ($5::uuid IS NULL OR enterprise_place_id = $5)
    AND ($6::text IS NULL
         OR ($6 = 'done' AND follow_up_done_at IS NOT NULL)
         OR ($6 = 'open' AND follow_up IS NOT NULL AND follow_up_done_at IS NULL)
         OR ($6 = 'overdue' AND follow_up IS NOT NULL AND follow_up_done_at IS NULL AND follow_up_due < $7))`;
  const params = [f.stationId, f.grids, f.from, f.to, f.placeId, f.followUp, f.today];
  const [rows, total] = await Promise.all([
    q.query<VisitRow>(`${VISIT_SELECT} WHERE ${where} ORDER BY visited_on DESC, id LIMIT $8 OFFSET $9`, [
      ...params,
      f.limit,
      f.offset,
    ]),
    q.query<{ n: number }>(`SELECT count(*)::int AS n FROM hall_enterprise_visits WHERE ${where}`, params),
  ]);
  return { rows: rows.rows, total: total.rows[0]?.n ?? 0 };
}

export async function completeFollowUp(q: Queryable, id: string, note: string, now: Date): Promise<boolean> {
  const r = await q.query(
    `UPDATE hall_enterprise_visits SET follow_up_done_at = $3, follow_up_note = $2
      WHERE id = $1 AND follow_up IS NOT NULL AND follow_up_done_at IS NULL`,
    [id, note, now],
  );
  return r.rowCount === 1;
}

export async function visitCountsByPlace(
  q: Queryable,
  stationId: string,
): Promise<{ place_id: string; n: number; last: string }[]> {
  const r = await q.query<{ place_id: string; n: number; last: string }>(
    `SELECT enterprise_place_id AS place_id, count(*)::int AS n, max(visited_on)::text AS last
       FROM hall_enterprise_visits WHERE station_id = $1 GROUP BY enterprise_place_id`,
    [stationId],
  );
  return r.rows;
}

export async function visitsInPeriod(
  q: Queryable,
  stationId: string,
  grids: Grids,
  from: string,
  to: string,
): Promise<VisitRow[]> {
  return (
    await q.query<VisitRow>(
      `${VISIT_SELECT} WHERE station_id = $1 AND ($2::uuid[] IS NULL OR grid_id = ANY($2::uuid[])) AND visited_on BETWEEN $3 AND $4`,
      [stationId, grids, from, to],
    )
  ).rows;
}

const TRAINING_SELECT = `SELECT id, held_on::text AS held_on, topic, location, trainer, attendees, enterprise_place_ids
  FROM hall_enterprise_trainings`;

export async function insertTraining(
  q: Queryable,
  t: {
    stationId: string;
    heldOn: string;
    topic: string;
    location: string | null;
    trainer: string | null;
    attendees: number;
    placeIds: string[];
    createdBy: string | null;
    now: Date;
  },
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO hall_enterprise_trainings (station_id, held_on, topic, location, trainer, attendees, enterprise_place_ids,
       created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [t.stationId, t.heldOn, t.topic, t.location, t.trainer, t.attendees, t.placeIds, t.createdBy, t.now],
  );
  const id = r.rows[0]?.id;
  if (!id) throw new Error('training insert returned nothing');
  return id;
}

export async function getTraining(q: Queryable, id: string): Promise<TrainingRow | null> {
  return (await q.query<TrainingRow>(`${TRAINING_SELECT} WHERE id = $1`, [id])).rows[0] ?? null;
}

export async function trainingsInPeriod(
  q: Queryable,
  stationId: string,
  from: string,
  to: string,
): Promise<TrainingRow[]> {
  return (
    await q.query<TrainingRow>(
      `${TRAINING_SELECT} WHERE station_id = $1 AND held_on BETWEEN $2 AND $3 ORDER BY held_on DESC`,
      [stationId, from, to],
    )
  ).rows;
}
