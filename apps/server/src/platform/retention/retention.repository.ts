import type { Queryable } from '../db/db';

export interface RetentionStateRow {
  policy_id: string;
  last_run_at: Date;
  last_cutoff: Date;
  last_rows: number;
  last_files: number;
  total_rows: string | number;
  total_files: string | number;
  last_change_at: Date | null;
}

/** Records one pass of a policy: when, up to which cutoff, what it changed. */
export async function recordPass(
  q: Queryable,
  policyId: string,
  now: Date,
  cutoff: Date,
  rows: number,
  files: number,
): Promise<void> {
  await q.query(
    `INSERT INTO retention_state AS s (policy_id, last_run_at, last_cutoff, last_rows, last_files, total_rows, total_files, last_change_at)
     VALUES ($1, $2::timestamptz, $3::timestamptz, $4::int, $5::int, $4::int, $5::int, CASE WHEN $4::int + $5::int > 0 THEN $2::timestamptz END)
     ON CONFLICT (policy_id) DO UPDATE SET
       last_run_at = excluded.last_run_at, last_cutoff = excluded.last_cutoff,
       last_rows = excluded.last_rows, last_files = excluded.last_files,
       total_rows = s.total_rows + excluded.total_rows, total_files = s.total_files + excluded.total_files,
       last_change_at = coalesce(excluded.last_change_at, s.last_change_at)`,
    [policyId, now, cutoff, rows, files],
  );
}

export async function listState(q: Queryable): Promise<RetentionStateRow[]> {
  const r = await q.query<RetentionStateRow>('SELECT * FROM retention_state ORDER BY policy_id');
  return r.rows;
}

/** The last finished run of each job kind (external policies report through their own job). */
export async function lastJobRuns(q: Queryable, kinds: readonly string[]): Promise<Map<string, Date>> {
  if (kinds.length === 0) return new Map();
  const r = await q.query<{ kind: string; at: Date }>(
    `SELECT kind, max(finished_at) AS at FROM jobs WHERE kind = ANY($1::text[]) AND status = 'done' GROUP BY kind`,
    [kinds],
  );
  return new Map(r.rows.map((x) => [x.kind, x.at]));
}

/** Whether the triggers that refuse deleting or rewriting audit rows are in place. */
export async function auditGuardsInPlace(q: Queryable): Promise<boolean> {
  const r = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_trigger
      WHERE tgrelid = 'audit_log'::regclass AND tgname IN ('audit_log_no_update', 'audit_log_no_delete') AND tgenabled <> 'D'`,
  );
  return (r.rows[0]?.n ?? 0) === 2;
}
