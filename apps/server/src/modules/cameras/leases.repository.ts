import type { Queryable } from '../../platform/db/db';

/**
 * Claims up to `max` enabled cameras that no live lease holds (or that this
 * worker already holds). Rows are locked with FOR UPDATE SKIP LOCKED, so two
 * workers claiming at once never get the same camera; an expired lease is
 * free for the taking — that is how a dead worker's cameras move on.
 */
export async function claimCameras(
  q: Queryable,
  workerId: string,
  max: number,
  now: Date,
  leaseMs: number,
): Promise<string[]> {
  const free = await q.query<{ id: string }>(
    `SELECT c.id FROM cameras c
     WHERE c.enabled
       AND NOT EXISTS (SELECT 1 FROM camera_leases l
                       WHERE l.camera_id = c.id AND l.expires_at > $2 AND l.worker_id <> $1)
     ORDER BY c.id
     LIMIT $3
     FOR UPDATE OF c SKIP LOCKED`,
    [workerId, now, max],
  );
  const ids = free.rows.map((r) => r.id);
  if (ids.length === 0) return [];
  const expires = new Date(now.getTime() + leaseMs);
  await q.query(
    `INSERT INTO camera_leases (camera_id, worker_id, claimed_at, heartbeat_at, expires_at)
     SELECT unnest($1::uuid[]), $2, $3, $3, $4
     ON CONFLICT (camera_id) DO UPDATE SET
       worker_id = excluded.worker_id,
       claimed_at = CASE WHEN camera_leases.worker_id = excluded.worker_id THEN camera_leases.claimed_at ELSE excluded.claimed_at END,
       heartbeat_at = excluded.heartbeat_at, expires_at = excluded.expires_at`,
    [ids, workerId, now, expires],
  );
  return ids;
}

/** Renews the leases this worker still holds on enabled cameras; returns their ids. */
export async function renewLeases(
  q: Queryable,
  workerId: string,
  cameraIds: string[],
  now: Date,
  leaseMs: number,
): Promise<string[]> {
  if (cameraIds.length === 0) return [];
  const r = await q.query<{ camera_id: string }>(
    `UPDATE camera_leases l SET heartbeat_at = $3, expires_at = $4
     FROM cameras c
     WHERE c.id = l.camera_id AND c.enabled AND l.worker_id = $1 AND l.camera_id = ANY($2::uuid[])
       AND l.expires_at > $3
     RETURNING l.camera_id`,
    [workerId, cameraIds, now, new Date(now.getTime() + leaseMs)],
  );
  return r.rows.map((x) => x.camera_id);
}

/** Drops this worker's leases; returns the cameras released. */
export async function releaseLeases(q: Queryable, workerId: string, cameraIds: string[]): Promise<string[]> {
  const r = await q.query<{ camera_id: string }>(
    'DELETE FROM camera_leases WHERE worker_id = $1 AND camera_id = ANY($2::uuid[]) RETURNING camera_id',
    [workerId, cameraIds],
  );
  return r.rows.map((x) => x.camera_id);
}

/** Whether the worker holds a live lease on the camera (events from anyone else are refused). */
export async function holdsLease(q: Queryable, workerId: string, cameraId: string, now: Date): Promise<boolean> {
  const r = await q.query('SELECT 1 FROM camera_leases WHERE camera_id = $1 AND worker_id = $2 AND expires_at > $3', [
    cameraId,
    workerId,
    now,
  ]);
  return r.rows.length > 0;
}
