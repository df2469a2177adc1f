import type { Queryable } from '../../platform/db/db';

/** Sessions and follow-up visits of disputes. */
export interface SessionRow {
  id: string;
  dispute_id: string;
  dispute_number: string;
  scheduled_at: Date;
  duration_minutes: number;
  mode: 'in_person' | 'video';
  place: string | null;
  video_link: string | null;
  participants: {
    kind: 'mediator' | 'party' | 'staff' | 'other';
    personId?: string;
    partyId?: string;
    name: string;
    attended?: boolean;
  }[];
  status: 'scheduled' | 'held' | 'cancelled';
  minutes: string | null;
  held_at: Date | null;
  version: number;
}

const SESSION_SELECT = `SELECT s.id, s.dispute_id, d.number AS dispute_number, s.scheduled_at, s.duration_minutes, s.mode, s.place,
  s.video_link, s.participants, s.status, s.minutes, s.held_at, s.version
  FROM mediation_sessions s JOIN disputes d ON d.id = s.dispute_id`;

export async function insertSession(
  q: Queryable,
  s: {
    disputeId: string;
    scheduledAt: Date;
    durationMinutes: number;
    mode: string;
    place: string | null;
    videoLink: string | null;
    participants: unknown[];
    by: string | null;
    now: Date;
  },
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO mediation_sessions (dispute_id, scheduled_at, duration_minutes, mode, place, video_link, participants, status,
       created_by, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'scheduled', $8, $9, $9) RETURNING id`,
    [
      s.disputeId,
      s.scheduledAt,
      s.durationMinutes,
      s.mode,
      s.place,
      s.videoLink,
      JSON.stringify(s.participants),
      s.by,
      s.now,
    ],
  );
  const id = r.rows[0]?.id;
  if (!id) throw new Error('session insert returned nothing');
  return id;
}

export async function getSession(q: Queryable, id: string, forUpdate = false): Promise<SessionRow | null> {
  if (forUpdate) await q.query('SELECT 1 FROM mediation_sessions WHERE id = $1 FOR UPDATE', [id]);
  const r = await q.query<SessionRow>(`${SESSION_SELECT} WHERE s.id = $1`, [id]);
  return r.rows[0] ?? null;
}

export async function sessionsOf(q: Queryable, disputeId: string): Promise<SessionRow[]> {
  const r = await q.query<SessionRow>(`${SESSION_SELECT} WHERE s.dispute_id = $1 ORDER BY s.scheduled_at`, [disputeId]);
  return r.rows;
}

/** Sessions in a time window, limited to the disputes a where-clause over `d` admits. */
export async function sessionsBetween(
  q: Queryable,
  from: Date,
  to: Date,
  disputeWhere: { where: string; params: unknown[] },
): Promise<SessionRow[]> {
  const n = disputeWhere.params.length;
  const r = await q.query<SessionRow>(
    `${SESSION_SELECT} WHERE ${disputeWhere.where} AND s.scheduled_at >= $${n + 1} AND s.scheduled_at < $${n + 2}
      ORDER BY s.scheduled_at LIMIT 500`,
    [...disputeWhere.params, from, to],
  );
  return r.rows;
}

export async function updateSession(
  q: Queryable,
  id: string,
  now: Date,
  patch: Partial<{
    status: string;
    scheduled_at: Date;
    minutes: string | null;
    participants: unknown[];
    held_at: Date | null;
  }>,
): Promise<number> {
  const sets: string[] = [];
  const params: unknown[] = [id, now];
  for (const [k, v] of Object.entries(patch)) {
    params.push(k === 'participants' ? JSON.stringify(v) : v);
    sets.push(`${k} = $${params.length}`);
  }
  const r = await q.query<{ version: number }>(
    `UPDATE mediation_sessions SET ${[...sets, 'updated_at = $2', 'version = version + 1'].join(', ')}
      WHERE id = $1 RETURNING version`,
    params,
  );
  return r.rows[0]?.version ?? 0;
}

// ------------------------------------------------------------------ follow-up visits

export interface FollowupRow {
  id: string;
  dispute_id: string;
  dispute_number: string;
  seq: number;
  due_at: Date;
  status: 'pending' | 'done' | 'cancelled';
  done_at: Date | null;
  method: 'phone' | 'visit' | 'video' | null;
  result: 'stable' | 'relapse' | 'unreachable' | null;
  note: string | null;
  visitor_name: string | null;
}

const FOLLOWUP_SELECT = `SELECT f.id, f.dispute_id, d.number AS dispute_number, f.seq, f.due_at, f.status, f.done_at, f.method,
  f.result, f.note, f.visitor_name FROM followup_visits f JOIN disputes d ON d.id = f.dispute_id`;

export async function insertFollowups(
  q: Queryable,
  disputeId: string,
  dues: Date[],
  firstSeq: number,
): Promise<string[]> {
  if (dues.length === 0) return [];
  const r = await q.query<{ id: string }>(
    `INSERT INTO followup_visits (dispute_id, seq, due_at, status)
     SELECT $1, seq, due, 'pending' FROM unnest($2::smallint[], $3::timestamptz[]) AS x(seq, due)
     RETURNING id`,
    [disputeId, dues.map((_, i) => firstSeq + i), dues],
  );
  return r.rows.map((x) => x.id);
}

export async function followupsOf(q: Queryable, disputeId: string): Promise<FollowupRow[]> {
  const r = await q.query<FollowupRow>(`${FOLLOWUP_SELECT} WHERE f.dispute_id = $1 ORDER BY f.seq`, [disputeId]);
  return r.rows;
}

export async function getFollowup(q: Queryable, id: string, forUpdate = false): Promise<FollowupRow | null> {
  if (forUpdate) await q.query('SELECT 1 FROM followup_visits WHERE id = $1 FOR UPDATE', [id]);
  const r = await q.query<FollowupRow>(`${FOLLOWUP_SELECT} WHERE f.id = $1`, [id]);
  return r.rows[0] ?? null;
}

export async function completeFollowup(
  q: Queryable,
  id: string,
  v: { method: string; result: string; note: string | null; by: string | null; name: string | null; at: Date },
): Promise<void> {
  await q.query(
    `UPDATE followup_visits SET status = 'done', done_at = $2, method = $3, result = $4, note = $5, visited_by = $6,
       visitor_name = $7 WHERE id = $1`,
    [id, v.at, v.method, v.result, v.note, v.by, v.name],
  );
}

export async function cancelPendingFollowups(q: Queryable, disputeId: string): Promise<number> {
  const r = await q.query(
    `UPDATE followup_visits SET status = 'cancelled' WHERE dispute_id = $1 AND status = 'pending'`,
    [disputeId],
  );
  return r.rowCount;
}

export async function pendingFollowupCount(q: Queryable, disputeId: string): Promise<number> {
  const r = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM followup_visits WHERE dispute_id = $1 AND status = 'pending'`,
    [disputeId],
  );
  return r.rows[0]?.n ?? 0;
}

export async function maxFollowupSeq(q: Queryable, disputeId: string): Promise<number> {
  const r = await q.query<{ n: number }>(
    'SELECT coalesce(max(seq), 0)::int AS n FROM followup_visits WHERE dispute_id = $1',
    [disputeId],
  );
  return r.rows[0]?.n ?? 0;
}

/** Follow-ups of the disputes a where-clause over `d` admits, by status, oldest due first. */
export async function listFollowups(
  q: Queryable,
  status: 'pending' | 'done',
  disputeWhere: { where: string; params: unknown[] },
): Promise<FollowupRow[]> {
  const n = disputeWhere.params.length;
  const r = await q.query<FollowupRow>(
    `${FOLLOWUP_SELECT} WHERE ${disputeWhere.where} AND f.status = $${n + 1}
      ORDER BY ${status === 'pending' ? 'f.due_at' : 'f.done_at DESC'} LIMIT 500`,
    [...disputeWhere.params, status],
  );
  return r.rows;
}

/** Latest done visit per dispute (for the ledger's 回访情况 column). */
export async function lastVisits(
  q: Queryable,
  disputeIds: string[],
): Promise<Map<string, { done_at: Date; result: string; method: string | null }>> {
  if (disputeIds.length === 0) return new Map();
  const r = await q.query<{ dispute_id: string; done_at: Date; result: string; method: string | null }>(
    `SELECT DISTINCT ON (dispute_id) dispute_id, done_at, result, method FROM followup_visits
      WHERE dispute_id = ANY($1::uuid[]) AND status = 'done' ORDER BY dispute_id, done_at DESC`,
    [disputeIds],
  );
  return new Map(r.rows.map((x) => [x.dispute_id, x]));
}

export interface HistoryFollowup {
  id: string;
  disputeId: string;
  seq: number;
  dueAt: Date;
  status: string;
  doneAt: Date | null;
  method: string | null;
  result: string | null;
  visitorName: string | null;
}

export async function insertFollowupHistory(q: Queryable, rows: HistoryFollowup[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 4000) {
    const c = rows.slice(i, i + 4000);
    await q.query(
      `INSERT INTO followup_visits (id, dispute_id, seq, due_at, status, done_at, method, result, visitor_name)
       SELECT * FROM unnest($9::uuid[], $1::uuid[], $2::smallint[], $3::timestamptz[], $4::text[], $5::timestamptz[], $6::text[],
         $7::text[], $8::text[])`,
      [
        c.map((r) => r.disputeId),
        c.map((r) => r.seq),
        c.map((r) => r.dueAt),
        c.map((r) => r.status),
        c.map((r) => r.doneAt),
        c.map((r) => r.method),
        c.map((r) => r.result),
        c.map((r) => r.visitorName),
        c.map((r) => r.id),
      ],
    );
  }
}
