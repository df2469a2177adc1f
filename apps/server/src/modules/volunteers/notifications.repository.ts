import type { Queryable } from '../../platform/db/db';

export interface NotificationRow {
  id: string;
  kind: string;
  title: string;
  body: string;
  ref_type: string | null;
  ref_id: string | null;
  created_at: Date;
  read_at: Date | null;
}

export async function insertNotification(
  q: Queryable,
  n: {
    stationId: string;
    personId: string;
    kind: string;
    title: string;
    body: string;
    refType: string | null;
    refId: string | null;
    now: Date;
  },
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO volunteer_notifications (station_id, person_id, kind, title, body, ref_type, ref_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [n.stationId, n.personId, n.kind, n.title, n.body, n.refType, n.refId, n.now],
  );
  const id = r.rows[0]?.id;
  if (!id) throw new Error('notification insert returned nothing');
  return id;
}

export async function listNotifications(q: Queryable, personId: string, limit = 100): Promise<NotificationRow[]> {
  const r = await q.query<NotificationRow>(
    `SELECT id, kind, title, body, ref_type, ref_id, created_at, read_at FROM volunteer_notifications
      WHERE person_id = $1 ORDER BY created_at DESC, id LIMIT $2`,
    [personId, limit],
  );
  return r.rows;
}

export async function unreadCount(q: Queryable, personId: string): Promise<number> {
  const r = await q.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM volunteer_notifications WHERE person_id = $1 AND read_at IS NULL',
    [personId],
  );
  return r.rows[0]?.n ?? 0;
}

export async function markRead(q: Queryable, personId: string, id: string, now: Date): Promise<boolean> {
  const r = await q.query(
    'UPDATE volunteer_notifications SET read_at = coalesce(read_at, $3) WHERE id = $1 AND person_id = $2',
    [id, personId, now],
  );
  return r.rowCount > 0;
}

export async function hasNotification(q: Queryable, personId: string, kind: string, refId: string): Promise<boolean> {
  const r = await q.query(
    'SELECT 1 FROM volunteer_notifications WHERE person_id = $1 AND kind = $2 AND ref_id = $3 LIMIT 1',
    [personId, kind, refId],
  );
  return r.rows.length > 0;
}
