import type { Queryable } from '../../platform/db/db';

export interface MeetingRow {
  id: string;
  station_id: string;
  series_id: string;
  title: string;
  scheduled_at: Date;
  place: string | null;
  video_link: string | null;
  recurrence: 'none' | 'weekly' | 'biweekly' | 'monthly';
  status: 'scheduled' | 'held' | 'cancelled';
  attendees: { personId: string; name: string; present: boolean | null }[];
  minutes: string | null;
  held_at: Date | null;
  version: number;
}

export interface ItemRow {
  meeting_id: string;
  dispute_id: string;
  seq: number;
  reasons: ('level3' | 'red' | 'overdue')[];
  decision: string | null;
  decided_at: Date | null;
}

const MEETING_COLUMNS = `id, station_id, series_id, title, scheduled_at, place, video_link, recurrence, status, attendees,
  minutes, held_at, version`;

export async function insertMeeting(
  q: Queryable,
  m: {
    stationId: string;
    seriesId: string | null;
    title: string;
    scheduledAt: Date;
    place: string | null;
    videoLink: string | null;
    recurrence: string;
    attendees: unknown[];
    by: string | null;
    now: Date;
  },
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO consultation_meetings (id, station_id, series_id, title, scheduled_at, place, video_link, recurrence, status,
       attendees, created_by, created_at, updated_at)
     SELECT id, $1, coalesce($2::uuid, id), $3, $4, $5, $6, $7, 'scheduled', $8, $9, $10, $10
       FROM (SELECT gen_random_uuid() AS id) g
     RETURNING id`,
    [
      m.stationId,
      m.seriesId,
      m.title,
      m.scheduledAt,
      m.place,
      m.videoLink,
      m.recurrence,
      JSON.stringify(m.attendees),
      m.by,
      m.now,
    ],
  );
  const id = r.rows[0]?.id;
  if (!id) throw new Error('meeting insert returned nothing');
  return id;
}

export async function getMeeting(q: Queryable, id: string, forUpdate = false): Promise<MeetingRow | null> {
  const r = await q.query<MeetingRow>(
    `SELECT ${MEETING_COLUMNS} FROM consultation_meetings WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return r.rows[0] ?? null;
}

export async function listMeetings(q: Queryable, stationId: string, limit: number): Promise<MeetingRow[]> {
  const r = await q.query<MeetingRow>(
    `SELECT ${MEETING_COLUMNS} FROM consultation_meetings WHERE station_id = $1 ORDER BY scheduled_at DESC LIMIT $2`,
    [stationId, limit],
  );
  return r.rows;
}

export async function nextInSeries(q: Queryable, seriesId: string, after: Date): Promise<string | null> {
  const r = await q.query<{ id: string }>(
    `SELECT id FROM consultation_meetings WHERE series_id = $1 AND scheduled_at > $2 ORDER BY scheduled_at LIMIT 1`,
    [seriesId, after],
  );
  return r.rows[0]?.id ?? null;
}

export async function updateMeeting(
  q: Queryable,
  id: string,
  now: Date,
  patch: Partial<{ status: string; attendees: unknown[]; minutes: string | null; held_at: Date | null }>,
): Promise<number> {
  const sets: string[] = [];
  const params: unknown[] = [id, now];
  for (const [k, v] of Object.entries(patch)) {
    params.push(k === 'attendees' ? JSON.stringify(v) : v);
    sets.push(`${k} = $${params.length}`);
  }
  const r = await q.query<{ version: number }>(
    `UPDATE consultation_meetings SET ${[...sets, 'updated_at = $2', 'version = version + 1'].join(', ')}
      WHERE id = $1 RETURNING version`,
    params,
  );
  return r.rows[0]?.version ?? 0;
}

export async function itemsOf(q: Queryable, meetingId: string): Promise<ItemRow[]> {
  const r = await q.query<ItemRow>(
    'SELECT meeting_id, dispute_id, seq, reasons, decision, decided_at FROM consultation_items WHERE meeting_id = $1 ORDER BY seq',
    [meetingId],
  );
  return r.rows;
}

/**
 * The agenda: open disputes at level 3 or with red risk (and overdue ones
 * among them first), keeping items already decided. Returns how many are on it.
 */
export async function rebuildAgenda(q: Queryable, meetingId: string, stationId: string, now: Date): Promise<number> {
  await q.query('DELETE FROM consultation_items WHERE meeting_id = $1 AND decision IS NULL', [meetingId]);
  await q.query(
    `INSERT INTO consultation_items (meeting_id, dispute_id, seq, reasons)
     SELECT $1, d.id,
            (SELECT coalesce(max(seq), 0) FROM consultation_items WHERE meeting_id = $1)
              + row_number() OVER (ORDER BY (d.due_at < $3) DESC, d.level DESC, d.risk = 'red' DESC, d.registered_at),
            array_remove(ARRAY[CASE WHEN d.level = 3 THEN 'level3' END, CASE WHEN d.risk = 'red' THEN 'red' END,
                                CASE WHEN d.due_at < $3 THEN 'overdue' END], NULL)
       FROM disputes d
      WHERE d.station_id = $2 AND d.status = 'open' AND (d.level = 3 OR d.risk = 'red')
        AND NOT EXISTS (SELECT 1 FROM consultation_items i WHERE i.meeting_id = $1 AND i.dispute_id = d.id)
      ORDER BY (d.due_at < $3) DESC, d.level DESC, d.registered_at
      LIMIT 200`,
    [meetingId, stationId, now],
  );
  const r = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM consultation_items WHERE meeting_id = $1', [
    meetingId,
  ]);
  return r.rows[0]?.n ?? 0;
}

export async function decideItem(
  q: Queryable,
  meetingId: string,
  disputeId: string,
  decision: string,
  by: string | null,
  at: Date,
): Promise<boolean> {
  const r = await q.query(
    `UPDATE consultation_items SET decision = $3, decided_by = $4, decided_at = $5 WHERE meeting_id = $1 AND dispute_id = $2`,
    [meetingId, disputeId, decision, by, at],
  );
  return r.rowCount > 0;
}

export async function addItem(q: Queryable, meetingId: string, disputeId: string, reasons: string[]): Promise<void> {
  await q.query(
    `INSERT INTO consultation_items (meeting_id, dispute_id, seq, reasons)
     VALUES ($1, $2, (SELECT coalesce(max(seq), 0) + 1 FROM consultation_items WHERE meeting_id = $1), $3)
     ON CONFLICT DO NOTHING`,
    [meetingId, disputeId, reasons],
  );
}

export async function consultationsOf(
  q: Queryable,
  disputeId: string,
): Promise<{ meeting_id: string; title: string; scheduled_at: Date; decision: string | null }[]> {
  const r = await q.query<{ meeting_id: string; title: string; scheduled_at: Date; decision: string | null }>(
    `SELECT i.meeting_id, m.title, m.scheduled_at, i.decision FROM consultation_items i
       JOIN consultation_meetings m ON m.id = i.meeting_id WHERE i.dispute_id = $1 ORDER BY m.scheduled_at`,
    [disputeId],
  );
  return r.rows;
}
