import type { Queryable } from '../../platform/db/db';

/**
 * Aggregates for the mediation indicators, computed from the records: the
 * cohort is the disputes whose outcome was recorded in the period (withdrawn
 * ones counted apart), narrowed by the caller's jurisdiction and filters.
 */
export interface RateRow {
  key: string | null;
  decided: number;
  success: number;
  partial: number;
  failed: number;
  withdrawn: number;
  grassroots: number;
  avg_days: number | null;
}

type Where = { where: string; params: unknown[] };

const RATE_COLUMNS = `count(*) FILTER (WHERE d.outcome IN ('success', 'partial', 'failed'))::int AS decided,
  count(*) FILTER (WHERE d.outcome = 'success')::int AS success,
  count(*) FILTER (WHERE d.outcome = 'partial')::int AS partial,
  count(*) FILTER (WHERE d.outcome = 'failed')::int AS failed,
  count(*) FILTER (WHERE d.outcome = 'withdrawn')::int AS withdrawn,
  count(*) FILTER (WHERE d.outcome = 'success' AND d.track = 'standard' AND d.level <= 2)::int AS grassroots,
  (avg(extract(epoch FROM d.resolved_at - d.registered_at) / 86400.0) FILTER (WHERE d.outcome IN ('success', 'partial')))::float8 AS avg_days`;

function period(w: Where, from: Date, to: Date): { sql: string; params: unknown[] } {
  const n = w.params.length;
  return {
    sql: `${w.where} AND d.resolved_at >= $${n + 1} AND d.resolved_at < $${n + 2}`,
    params: [...w.params, from, to],
  };
}

export async function rateRows(
  q: Queryable,
  w: Where,
  from: Date,
  to: Date,
  by: 'none' | 'grid' | 'category' | 'month',
): Promise<RateRow[]> {
  const p = period(w, from, to);
  const key =
    by === 'grid'
      ? 'd.grid_id::text'
      : by === 'category'
        ? 'd.category_code'
        : by === 'month'
          ? `to_char(d.resolved_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')`
          : 'NULL::text';
  const r = await q.query<RateRow>(
    `SELECT ${key} AS key, ${RATE_COLUMNS} FROM disputes d WHERE ${p.sql} GROUP BY 1 ORDER BY 1 NULLS LAST`,
    p.params,
  );
  return r.rows;
}

export interface LevelRow {
  level: number;
  handled: number;
  resolved_here: number;
  escalated: number;
  failed_here: number;
}

/** With no skipping, a dispute handled its levels [initial_level, max_level]. */
export async function levelRows(q: Queryable, w: Where, from: Date, to: Date): Promise<LevelRow[]> {
  const p = period(w, from, to);
  const r = await q.query<LevelRow>(
    `SELECT l.level,
            count(*)::int AS handled,
            count(*) FILTER (WHERE d.outcome = 'success' AND d.level = l.level AND d.track = 'standard')::int AS resolved_here,
            count(*) FILTER (WHERE d.max_level > l.level)::int AS escalated,
            count(*) FILTER (WHERE d.outcome IN ('failed', 'partial') AND d.level = l.level)::int AS failed_here
       FROM disputes d CROSS JOIN (VALUES (1), (2), (3)) AS l(level)
      WHERE ${p.sql} AND d.outcome <> 'withdrawn' AND l.level BETWEEN d.initial_level AND d.max_level
      GROUP BY l.level ORDER BY l.level`,
    p.params,
  );
  return r.rows;
}

export async function commercialRow(
  q: Queryable,
  w: Where,
  from: Date,
  to: Date,
): Promise<{ handled: number; success: number }> {
  const p = period(w, from, to);
  const r = await q.query<{ handled: number; success: number }>(
    `SELECT count(*) FILTER (WHERE d.outcome <> 'withdrawn')::int AS handled,
            count(*) FILTER (WHERE d.outcome = 'success')::int AS success
       FROM disputes d WHERE ${p.sql} AND d.track = 'commercial'`,
    p.params,
  );
  return r.rows[0] ?? { handled: 0, success: 0 };
}

/** Of the disputes visited in the period, how many were found relapsed. */
export async function followupRow(
  q: Queryable,
  w: Where,
  from: Date,
  to: Date,
): Promise<{ visited: number; relapsed: number }> {
  const n = w.params.length;
  const r = await q.query<{ visited: number; relapsed: number }>(
    `SELECT count(DISTINCT f.dispute_id)::int AS visited,
            count(DISTINCT f.dispute_id) FILTER (WHERE f.result = 'relapse')::int AS relapsed
       FROM followup_visits f JOIN disputes d ON d.id = f.dispute_id
      WHERE ${w.where} AND f.status = 'done' AND f.done_at >= $${n + 1} AND f.done_at < $${n + 2}`,
    [...w.params, from, to],
  );
  return r.rows[0] ?? { visited: 0, relapsed: 0 };
}

export async function registeredAndOpen(
  q: Queryable,
  w: Where,
  from: Date,
  to: Date,
): Promise<{ registered: number; open: number }> {
  const n = w.params.length;
  const r = await q.query<{ registered: number; open: number }>(
    `SELECT count(*) FILTER (WHERE d.registered_at >= $${n + 1} AND d.registered_at < $${n + 2})::int AS registered,
            count(*) FILTER (WHERE d.status = 'open')::int AS open
       FROM disputes d WHERE ${w.where}`,
    [...w.params, from, to],
  );
  return r.rows[0] ?? { registered: 0, open: 0 };
}
