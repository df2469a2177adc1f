import type { DutyConfig } from '@fengqiao/domain';
import { maybeOne, one, type Queryable } from '../../platform/db/db';

// ------------------------------------------------------------------ settings
export async function getSettings(
  q: Queryable,
  stationId: string,
): Promise<{ duties: DutyConfig[]; version: number } | null> {
  return maybeOne(q, 'SELECT duties, version FROM leadership_settings WHERE station_id = $1', [stationId]);
}

/** Writes the configuration if `version` is current (0: none yet); false on a stale version. */
export async function saveSettings(
  q: Queryable,
  stationId: string,
  duties: DutyConfig[],
  version: number,
  by: string,
  now: Date,
): Promise<boolean> {
  const r =
    version === 0
      ? await q.query(
          `INSERT INTO leadership_settings (station_id, duties, updated_by, updated_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (station_id) DO NOTHING`,
          [stationId, JSON.stringify(duties), by, now],
        )
      : await q.query(
          `UPDATE leadership_settings SET duties = $2, updated_by = $3, updated_at = $4, version = version + 1
           WHERE station_id = $1 AND version = $5`,
          [stationId, JSON.stringify(duties), by, now, version],
        );
  return r.rowCount === 1;
}

// ------------------------------------------------------------------ tasks
export interface TaskRow {
  id: string;
  station_id: string;
  meeting_id: string | null;
  meeting_week: string | null;
  agenda_ref: string | null;
  duty_key: string | null;
  title: string;
  detail: string;
  owner_person_id: string;
  due_on: string;
  status: 'open' | 'done' | 'cancelled';
  done_at: Date | null;
  outcome_note: string | null;
  created_at: Date;
  version: number;
}

const TASK_COLUMNS = `t.id, t.station_id, t.meeting_id, to_char(m.week_start, 'YYYY-MM-DD') AS meeting_week, t.agenda_ref,
  t.duty_key, t.title, t.detail, t.owner_person_id, to_char(t.due_on, 'YYYY-MM-DD') AS due_on, t.status, t.done_at,
  t.outcome_note, t.created_at, t.version`;
const TASK_FROM = 'leadership_tasks t LEFT JOIN leadership_meetings m ON m.id = t.meeting_id';

export async function insertTask(
  q: Queryable,
  t: {
    stationId: string;
    meetingId: string | null;
    agendaRef: string | null;
    dutyKey: string | null;
    title: string;
    detail: string;
    ownerPersonId: string;
    dueOn: string;
    by: string;
    now: Date;
  },
): Promise<string> {
  const r = await one<{ id: string }>(
    q,
    `INSERT INTO leadership_tasks (station_id, meeting_id, agenda_ref, duty_key, title, detail, owner_person_id, due_on,
       status, created_by, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open', $9, $10, $10) RETURNING id`,
    [t.stationId, t.meetingId, t.agendaRef, t.dutyKey, t.title, t.detail, t.ownerPersonId, t.dueOn, t.by, t.now],
  );
  return r.id;
}

export async function getTask(q: Queryable, id: string): Promise<TaskRow | null> {
  return maybeOne(q, `SELECT ${TASK_COLUMNS} FROM ${TASK_FROM} WHERE t.id = $1`, [id]);
}

export async function listTasks(
  q: Queryable,
  stationId: string,
  f: { status?: string | undefined; ownerPersonId?: string | undefined; meetingId?: string | undefined },
): Promise<TaskRow[]> {
  const params: unknown[] = [stationId];
  const where = ['t.station_id = $1'];
  if (f.status) {
    params.push(f.status);
    where.push(`t.status = $${params.length}`);
  }
  if (f.ownerPersonId) {
    params.push(f.ownerPersonId);
    where.push(`t.owner_person_id = $${params.length}`);
  }
  if (f.meetingId) {
    params.push(f.meetingId);
    where.push(`t.meeting_id = $${params.length}`);
  }
  const r = await q.query<TaskRow>(
    `SELECT ${TASK_COLUMNS} FROM ${TASK_FROM} WHERE ${where.join(' AND ')}
     ORDER BY (t.status = 'open') DESC, t.due_on, t.created_at LIMIT 500`,
    params,
  );
  return r.rows;
}

/** Moves a task to a status if `version` is current; false on a stale version. */
export async function setTaskStatus(
  q: Queryable,
  id: string,
  status: 'open' | 'done' | 'cancelled',
  note: string,
  version: number,
  now: Date,
): Promise<boolean> {
  const r = await q.query(
    `UPDATE leadership_tasks SET status = $2, outcome_note = NULLIF($3, ''), done_at = CASE WHEN $2 = 'open' THEN NULL ELSE $4::timestamptz END,
       updated_at = $4, version = version + 1
     WHERE id = $1 AND version = $5`,
    [id, status, note, now, version],
  );
  return r.rowCount === 1;
}

// ------------------------------------------------------------------ meetings
export interface MeetingRow {
  id: string;
  week_start: string;
  notes: string;
  held_at: Date | null;
  version: number;
}

export async function getMeeting(q: Queryable, stationId: string, week: string): Promise<MeetingRow | null> {
  return maybeOne(
    q,
    `SELECT id, to_char(week_start, 'YYYY-MM-DD') AS week_start, notes, held_at, version
     FROM leadership_meetings WHERE station_id = $1 AND week_start = $2`,
    [stationId, week],
  );
}

/** The week's meeting, created on first use (concurrent callers get the same row). */
export async function ensureMeeting(q: Queryable, stationId: string, week: string, by: string, now: Date) {
  await q.query(
    `INSERT INTO leadership_meetings (station_id, week_start, created_by, created_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (station_id, week_start) DO NOTHING`,
    [stationId, week, by, now],
  );
  return one<MeetingRow>(
    q,
    `SELECT id, to_char(week_start, 'YYYY-MM-DD') AS week_start, notes, held_at, version
     FROM leadership_meetings WHERE station_id = $1 AND week_start = $2 FOR UPDATE`,
    [stationId, week],
  );
}

export async function updateMeeting(
  q: Queryable,
  id: string,
  notes: string,
  heldAt: Date | null,
  counts: Record<string, number> | null,
): Promise<void> {
  await q.query(
    `UPDATE leadership_meetings SET notes = $2, held_at = $3, agenda_counts = coalesce($4::jsonb, agenda_counts),
       version = version + 1 WHERE id = $1`,
    [id, notes, heldAt, counts === null ? null : JSON.stringify(counts)],
  );
}

// ------------------------------------------------------------------ adjustments
export interface AdjustmentRow {
  id: string;
  subject_kind: string;
  subject_id: string;
  delta: string;
  reason: string;
  annotation: string;
  created_by_name: string | null;
  created_at: Date;
}

export async function insertAdjustment(
  q: Queryable,
  a: {
    stationId: string;
    month: string;
    subjectKind: string;
    subjectId: string;
    delta: number;
    reason: string;
    annotation: string;
    by: string;
    byName: string;
    now: Date;
  },
): Promise<string> {
  const r = await one<{ id: string }>(
    q,
    `INSERT INTO leadership_adjustments (station_id, month, subject_kind, subject_id, delta, reason, annotation,
       created_by, created_by_name, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [a.stationId, a.month, a.subjectKind, a.subjectId, a.delta, a.reason, a.annotation, a.by, a.byName, a.now],
  );
  return r.id;
}

export async function listAdjustments(
  q: Queryable,
  stationId: string,
  month: string,
  kind: string,
): Promise<AdjustmentRow[]> {
  const r = await q.query<AdjustmentRow>(
    `SELECT id, subject_kind, subject_id, delta::text AS delta, reason, annotation, created_by_name, created_at
     FROM leadership_adjustments WHERE station_id = $1 AND month = $2 AND subject_kind = $3 ORDER BY created_at`,
    [stationId, month, kind],
  );
  return r.rows;
}
