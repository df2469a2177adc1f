import type { Queryable } from '../../platform/db/db';

export interface RequestRow {
  operation: string;
  target: string;
  status_code: number | null;
  response: unknown;
}

/**
 * Claims a client id for a request. Returns null when this call claimed it,
 * or the row stored by the first request with the same id. A concurrent
 * first request holds the row's lock until it commits, so the second waits
 * and then reads the stored answer.
 */
export async function claimRequest(
  q: Queryable,
  userId: string,
  clientId: string,
  operation: string,
  target: string,
  now: Date,
): Promise<RequestRow | null> {
  const ins = await q.query(
    `INSERT INTO volunteer_requests (user_id, client_id, operation, target, created_at)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id, client_id) DO NOTHING RETURNING user_id`,
    [userId, clientId, operation, target, now],
  );
  if (ins.rows.length > 0) return null;
  const r = await q.query<RequestRow>(
    'SELECT operation, target, status_code, response FROM volunteer_requests WHERE user_id = $1 AND client_id = $2',
    [userId, clientId],
  );
  return r.rows[0] ?? null;
}

export async function saveRequest(
  q: Queryable,
  userId: string,
  clientId: string,
  status: number,
  response: unknown,
): Promise<void> {
  await q.query('UPDATE volunteer_requests SET status_code = $3, response = $4 WHERE user_id = $1 AND client_id = $2', [
    userId,
    clientId,
    status,
    JSON.stringify(response),
  ]);
}

/** Forgets client ids older than `before` (a phone's queue never holds a request that long). */
export async function purgeRequests(q: Queryable, before: Date): Promise<number> {
  const r = await q.query('DELETE FROM volunteer_requests WHERE created_at < $1', [before]);
  return r.rowCount;
}
