import type { Queryable } from '../db/db';

export interface JobRow {
  id: number;
  kind: string;
  payload: unknown;
  run_at: Date;
  status: string;
  attempts: number;
  max_attempts: number;
  dedupe_key: string | null;
}

export async function insertJob(
  q: Queryable,
  kind: string,
  payload: unknown,
  runAt: Date,
  dedupeKey: string | null,
  maxAttempts: number,
): Promise<number | null> {
  const r = await q.query<{ id: number }>(
    `INSERT INTO jobs (kind, payload, run_at, dedupe_key, max_attempts) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (dedupe_key) WHERE status = 'pending' AND dedupe_key IS NOT NULL DO NOTHING
     RETURNING id`,
    [kind, JSON.stringify(payload), runAt, dedupeKey, maxAttempts],
  );
  return r.rows[0]?.id ?? null;
}

/** Several jobs in one statement; each skipped where a pending job holds its dedupe key. Returns the new ids. */
export async function insertJobs(
  q: Queryable,
  jobs: { kind: string; payload: unknown; runAt: Date; dedupeKey: string | null; maxAttempts: number }[],
): Promise<number[]> {
  if (jobs.length === 0) return [];
  const r = await q.query<{ id: number }>(
    `INSERT INTO jobs (kind, payload, run_at, dedupe_key, max_attempts)
     SELECT kind, payload::jsonb, run_at, dedupe_key, max_attempts
       FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::int[])
            WITH ORDINALITY AS x(kind, payload, run_at, dedupe_key, max_attempts, i)
      ORDER BY i
     ON CONFLICT (dedupe_key) WHERE status = 'pending' AND dedupe_key IS NOT NULL DO NOTHING
     RETURNING id`,
    [
      jobs.map((j) => j.kind),
      jobs.map((j) => JSON.stringify(j.payload)),
      jobs.map((j) => j.runAt),
      jobs.map((j) => j.dedupeKey),
      jobs.map((j) => j.maxAttempts),
    ],
  );
  return r.rows.map((x) => x.id);
}

/** Claims the oldest due job this node can run; other nodes skip the locked row. */
export async function claimDueJob(q: Queryable, now: Date, kinds: string[]): Promise<JobRow | null> {
  const r = await q.query<JobRow>(
    `SELECT id, kind, payload, run_at, status, attempts, max_attempts, dedupe_key FROM jobs
      WHERE status = 'pending' AND run_at <= $1 AND kind = ANY($2::text[])
      ORDER BY run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
    [now, kinds],
  );
  return r.rows[0] ?? null;
}

export async function completeJob(q: Queryable, id: number, now: Date): Promise<void> {
  await q.query(`UPDATE jobs SET status = 'done', attempts = attempts + 1, finished_at = $2 WHERE id = $1`, [id, now]);
}

export async function failJob(q: Queryable, id: number, now: Date, error: string, retryAt: Date | null): Promise<void> {
  await q.query(
    `UPDATE jobs SET attempts = attempts + 1, last_error = $3,
       status = CASE WHEN $4::timestamptz IS NULL THEN 'failed' ELSE status END,
       run_at = coalesce($4::timestamptz, run_at),
       finished_at = CASE WHEN $4::timestamptz IS NULL THEN $2::timestamptz ELSE NULL END
     WHERE id = $1`,
    [id, now, error.slice(0, 2000), retryAt],
  );
}

export async function cancelJobs(q: Queryable, dedupeKeyPrefix: string): Promise<number> {
  const r = await q.query(`UPDATE jobs SET status = 'cancelled' WHERE status = 'pending' AND dedupe_key LIKE $1`, [
    `${dedupeKeyPrefix}%`,
  ]);
  return r.rowCount;
}

export async function jobCounts(q: Queryable): Promise<Record<string, number>> {
  const r = await q.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM jobs GROUP BY status');
  return Object.fromEntries(r.rows.map((x) => [x.status, x.n]));
}
