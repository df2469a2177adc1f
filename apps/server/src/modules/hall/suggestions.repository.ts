import type { Queryable } from '../../platform/db/db';

export type SuggestionStatus = 'received' | 'declined' | 'accepted' | 'in_progress' | 'done';

export interface SuggestionRow {
  id: string;
  number: string;
  station_id: string;
  event_id: string | null;
  event_title: string | null;
  event_held_on: string | null;
  channel: 'meeting' | 'open_day' | 'online' | 'hall' | 'other';
  citizen_id: string | null;
  submitter_name: string | null;
  category: 'service' | 'security' | 'traffic' | 'community' | 'other';
  content: string;
  status: SuggestionStatus;
  answer: string | null;
  answered_at: Date | null;
  action: string | null;
  progress: number;
  done_at: Date | null;
  created_at: Date;
  version: number;
}

export interface EventRow {
  id: string;
  station_id: string;
  kind: 'meeting' | 'open_day' | 'other';
  title: string;
  held_on: string;
  location: string | null;
  attendees: number;
  note: string;
  suggestions: number;
  acted_on: number;
}

const SELECT = `SELECT s.id, s.number, s.station_id, s.event_id, e.title AS event_title, e.held_on::text AS event_held_on, s.channel,
  s.citizen_id, s.submitter_name, s.category, s.content, s.status, s.answer, s.answered_at, s.action, s.progress, s.done_at,
  s.created_at, s.version
  FROM hall_suggestions s LEFT JOIN hall_suggestion_events e ON e.id = s.event_id`;

const EVENT_SELECT = `SELECT e.id, e.station_id, e.kind, e.title, e.held_on::text AS held_on, e.location, e.attendees, e.note,
  (SELECT count(*)::int FROM hall_suggestions s WHERE s.event_id = e.id) AS suggestions,
  (SELECT count(*)::int FROM hall_suggestions s WHERE s.event_id = e.id AND s.status = 'done') AS acted_on
  FROM hall_suggestion_events e`;

export async function insertEvent(
  q: Queryable,
  e: {
    stationId: string;
    kind: string;
    title: string;
    heldOn: string;
    location: string | null;
    attendees: number;
    note: string;
    createdBy: string | null;
    now: Date;
  },
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO hall_suggestion_events (station_id, kind, title, held_on, location, attendees, note, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [e.stationId, e.kind, e.title, e.heldOn, e.location, e.attendees, e.note, e.createdBy, e.now],
  );
  const id = r.rows[0]?.id;
  if (!id) throw new Error('event insert returned nothing');
  return id;
}

export async function getEvent(q: Queryable, id: string): Promise<EventRow | null> {
  return (await q.query<EventRow>(`${EVENT_SELECT} WHERE e.id = $1`, [id])).rows[0] ?? null;
}

export async function listEvents(q: Queryable, stationId: string): Promise<EventRow[]> {
  return (
    await q.query<EventRow>(`${EVENT_SELECT} WHERE e.station_id = $1 ORDER BY e.held_on DESC LIMIT 500`, [stationId])
  ).rows;
}

export async function insertSuggestion(
  q: Queryable,
  s: {
    stationId: string;
    eventId: string | null;
    channel: string;
    citizenId: string | null;
    submitterName: string | null;
    category: string;
    content: string;
    now: Date;
  },
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO hall_suggestions (number, station_id, event_id, channel, citizen_id, submitter_name, category, content, status,
       created_at, updated_at)
     VALUES ('JY' || to_char($8::timestamptz AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || (SELECT lpad(v::text, greatest(6, length(v::text)), '0') FROM nextval('hall_suggestion_seq') AS v),
       $1, $2, $3, $4, $5, $6, $7, 'received', $8, $8) RETURNING id`,
    [s.stationId, s.eventId, s.channel, s.citizenId, s.submitterName, s.category, s.content, s.now],
  );
  const id = r.rows[0]?.id;
  if (!id) throw new Error('suggestion insert returned nothing');
  return id;
}

export async function getSuggestion(q: Queryable, id: string, lock = false): Promise<SuggestionRow | null> {
  return (
    (await q.query<SuggestionRow>(`${SELECT} WHERE s.id = $1${lock ? ' FOR UPDATE OF s' : ''}`, [id])).rows[0] ?? null
  );
}

export async function suggestionsOfCitizen(q: Queryable, citizenId: string): Promise<SuggestionRow[]> {
  return (
    await q.query<SuggestionRow>(`${SELECT} WHERE s.citizen_id = $1 ORDER BY s.created_at DESC LIMIT 100`, [citizenId])
  ).rows;
}

export async function listSuggestions(
  q: Queryable,
  f: { stationId: string; status?: string; eventId?: string; channel?: string; limit: number; offset: number },
): Promise<{ rows: SuggestionRow[]; total: number }> {
  const where = `s.station_id = $1 AND ($2::text IS NULL OR s.status = $2) AND ($3::uuid IS NULL OR s.event_id = $3)
    AND ($4::text IS NULL OR s.channel = $4)`;
  const params = [f.stationId, f.status ?? null, f.eventId ?? null, f.channel ?? null];
  const [rows, total] = await Promise.all([
    q.query<SuggestionRow>(
      `${SELECT} WHERE ${where}
        ORDER BY CASE s.status WHEN 'received' THEN 0 WHEN 'accepted' THEN 1 WHEN 'in_progress' THEN 2 ELSE 3 END, s.created_at DESC
        LIMIT $5 OFFSET $6`,
      [...params, f.limit, f.offset],
    ),
    q.query<{ n: number }>(`SELECT count(*)::int AS n FROM hall_suggestions s WHERE ${where}`, params),
  ]);
  return { rows: rows.rows, total: total.rows[0]?.n ?? 0 };
}

export async function updateSuggestion(
  q: Queryable,
  id: string,
  f: Partial<{
    status: SuggestionStatus;
    answer: string;
    answered_at: Date;
    answered_by: string;
    action: string | null;
    progress: number;
    done_at: Date;
    updated_at: Date;
  }>,
): Promise<void> {
  const keys = Object.keys(f) as (keyof typeof f)[];
  await q.query(
    `UPDATE hall_suggestions SET ${[...keys.map((k, i) => `${k} = $${i + 2}`), 'version = version + 1'].join(', ')} WHERE id = $1`,
    [id, ...keys.map((k) => f[k])],
  );
}

export async function insertProgress(
  q: Queryable,
  p: {
    suggestionId: string;
    at: Date;
    progress: number;
    note: string;
    actorUserId: string | null;
    actorName: string | null;
  },
): Promise<void> {
  await q.query(
    `INSERT INTO hall_suggestion_progress (suggestion_id, at, progress, note, actor_user_id, actor_name)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [p.suggestionId, p.at, p.progress, p.note, p.actorUserId, p.actorName],
  );
}

export async function progressOf(
  q: Queryable,
  ids: string[],
): Promise<{ suggestion_id: string; at: Date; progress: number; note: string; actor_name: string | null }[]> {
  if (ids.length === 0) return [];
  const r = await q.query<{
    suggestion_id: string;
    at: Date;
    progress: number;
    note: string;
    actor_name: string | null;
  }>(
    `SELECT suggestion_id, at, progress, note, actor_name FROM hall_suggestion_progress
      WHERE suggestion_id = ANY($1::uuid[]) ORDER BY id`,
    [ids],
  );
  return r.rows;
}

export async function suggestionCounts(
  q: Queryable,
  stationId: string,
): Promise<{ channel: string; status: string; n: number }[]> {
  const r = await q.query<{ channel: string; status: string; n: number }>(
    'SELECT channel, status, count(*)::int AS n FROM hall_suggestions WHERE station_id = $1 GROUP BY channel, status',
    [stationId],
  );
  return r.rows;
}

export async function suggestionFacts(
  q: Queryable,
  stationId: string,
): Promise<{ events: number; since: string | null }> {
  const r = await q.query<{ events: number; since: string | null }>(
    `SELECT (SELECT count(*)::int FROM hall_suggestion_events WHERE station_id = $1) AS events,
            (SELECT (min(created_at) AT TIME ZONE 'Asia/Shanghai')::date::text FROM hall_suggestions WHERE station_id = $1) AS since`,
    [stationId],
  );
  return r.rows[0] ?? { events: 0, since: null };
}
