import { INCIDENT_SOURCES, PRIORITIES } from '@fengqiao/domain';
import { type DbOrTx, inTx, type Queryable } from '../../platform/db/db';
import { addDays, wholeMonths } from './analysis.dates';

/**
 * Analysis reads. Heat map and trends read the `incident_grid_hour_monthly`,
 * `incident_grid_hour_daily`, `incident_hourly`, `incident_category_daily`
 * and `incident_grid_daily` rollups, the summary `incident_daily`,
 * `order_daily` and the incidents not closed; repeats read incidents. The
 * rollups are kept by triggers in the transactions that write incidents and
 * orders (migrations 20261128T2100, 20261129T0100), so every figure is current at commit.
 * Nothing here is cached.
 */

/** Which rows: a station, optionally one category (or top-level category with its children) and some grids. */
export interface AnalysisScope {
  stationId: string;
  /** `dispute` matches `dispute` and `dispute.*`; `dispute.family` only itself. */
  category?: string | null;
  /** Only these grids (jurisdiction or an explicit grid); null = every grid and reports outside them. */
  gridIds?: string[] | null;
}

class Where {
  readonly params: unknown[] = [];
  readonly parts: string[] = [];
  add(sql: string, ...values: unknown[]): this {
    let text = sql;
    for (const v of values) {
      this.params.push(v);
      text = text.replace('?', `$${this.params.length}`);
    }
    this.parts.push(text);
    return this;
  }
  scope(s: AnalysisScope, alias = ''): this {
    const a = alias ? `${alias}.` : '';
    this.add(`${a}station_id = ?`, s.stationId);
    // The category and its sub-categories by the configured hierarchy: index ranges per code, not a prefix filter.
    if (s.category)
      this.add(
        `${a}category_code IN (SELECT c.code FROM incident_categories c WHERE c.code = ? OR c.parent_code = ?)`,
        s.category,
        s.category,
      );
    if (s.gridIds) this.add(`${a}grid_id = ANY(?::uuid[])`, s.gridIds);
    return this;
  }
  get sql(): string {
    return this.parts.join(' AND ');
  }
  next(v: unknown): string {
    this.params.push(v);
    return `$${this.params.length}`;
  }
}

export interface HeatCell {
  grid_id: string | null;
  hour: number;
  n: number;
}

/**
 * Reports per grid and local hour of day over local days [from, to]
 * (near-duplicates included). Without a category: the whole China-local
 * months inside the period from `incident_grid_hour_monthly` (grids × 24
 * rows a month) and the days of the partial months at its edges from
 * `incident_grid_hour_daily` (migration 20261129T0100): a year is ~11k +
 * ~30 days' rows instead of ~500k of `incident_hourly`. One category (or a
 * top-level one with its children): its rows of `incident_hourly`.
 */
export async function heatCells(q: Queryable, s: AnalysisScope, from: string, to: string): Promise<HeatCell[]> {
  if (s.category) {
    const w = new Where().scope(s).add('day BETWEEN ?::date AND ?::date', from, to);
    const r = await q.query<HeatCell>(
      `SELECT grid_id, hour, sum(n)::int AS n FROM incident_hourly WHERE ${w.sql} GROUP BY grid_id, hour`,
      w.params,
    );
    return r.rows;
  }
  const w = new Where().scope(s);
  const parts: string[] = [];
  const days = (a: string, b: string) =>
    parts.push(
      `SELECT grid_id, hour, n FROM incident_grid_hour_daily
        WHERE ${w.sql} AND day BETWEEN ${w.next(a)}::date AND ${w.next(b)}::date`,
    );
  const months = wholeMonths(from, to);
  if (!months) days(from, to);
  else {
    parts.push(
      `SELECT grid_id, hour, n FROM incident_grid_hour_monthly
        WHERE ${w.sql} AND month >= ${w.next(months.first)}::date AND month < ${w.next(months.end)}::date`,
    );
    if (from < months.first) days(from, addDays(months.first, -1));
    if (months.end <= to) days(months.end, to);
  }
  const r = await q.query<HeatCell>(
    `SELECT grid_id, hour, sum(n)::int AS n FROM (${parts.join(' UNION ALL ')}) x GROUP BY grid_id, hour`,
    w.params,
  );
  return r.rows;
}

/**
 * Recomputes a station's heat-map rollups (`incident_grid_hour_daily` and
 * `_monthly`) from its incidents, for a bulk load that bypassed the
 * triggers (a benchmark's generator). Live writes never need it.
 */
export async function rebuildHeatRollups(q: Queryable, stationId: string): Promise<void> {
  await q.query('DELETE FROM incident_grid_hour_daily WHERE station_id = $1', [stationId]);
  await q.query(
    `INSERT INTO incident_grid_hour_daily (station_id, grid_id, day, hour, n)
     SELECT station_id, grid_id, (reported_at AT TIME ZONE 'Asia/Shanghai')::date,
            extract(hour FROM reported_at AT TIME ZONE 'Asia/Shanghai')::smallint, count(*)::int
       FROM incidents WHERE station_id = $1 GROUP BY 1, 2, 3, 4`,
    [stationId],
  );
  await q.query('DELETE FROM incident_grid_hour_monthly WHERE station_id = $1', [stationId]);
  await q.query(
    `INSERT INTO incident_grid_hour_monthly (station_id, grid_id, month, hour, n)
     SELECT station_id, grid_id, date_trunc('month', day)::date, hour, sum(n)::int
       FROM incident_grid_hour_daily WHERE station_id = $1 GROUP BY 1, 2, 3, 4`,
    [stationId],
  );
}

export interface DayCount {
  top: string;
  day: string;
  n: number;
}

/**
 * Reports per top-level category and local day over local days [from, to].
 * The rollup rows are summed by their own columns first (an index-only scan
 * and a cheap hash), the top-level category is derived from the few
 * thousand (category, day) sums.
 */
export async function dailyByTopCategory(
  q: Queryable,
  s: AnalysisScope,
  from: string,
  to: string,
): Promise<DayCount[]> {
  const w = new Where().scope(s).add('day BETWEEN ?::date AND ?::date', from, to);
  // Station-wide: one row per category and day; some grids: one per grid, category and day.
  const table = s.gridIds ? 'incident_grid_daily' : 'incident_category_daily';
  const r = await q.query<DayCount>(
    `SELECT split_part(category_code, '.', 1) AS top, to_char(day, 'YYYY-MM-DD') AS day, sum(n)::int AS n
       FROM (SELECT category_code, day, sum(n) AS n FROM ${table} WHERE ${w.sql} GROUP BY category_code, day) x
      GROUP BY 1, 2`,
    w.params,
  );
  return r.rows;
}

/** The columns of `incident_daily` (migration 20261128T2100) are these values. */
const SOURCES = INCIDENT_SOURCES;
const TEAMS = ['community', 'case', 'patrol', 'command_room'] as const;

export interface PeriodCounts {
  total: number;
  bySource: Record<(typeof SOURCES)[number], number>;
  byPriority: Record<(typeof PRIORITIES)[number], number>;
  byTeam: Record<(typeof TEAMS)[number], number>;
}

/** Incidents reported on local days [from, to]: the total and by source, priority and team (the daily rollup). */
export async function periodCounts(
  q: Queryable,
  s: Pick<AnalysisScope, 'stationId' | 'gridIds'>,
  from: string,
  to: string,
): Promise<PeriodCounts> {
  const w = new Where().scope(s).add('day BETWEEN ?::date AND ?::date', from, to);
  const columns = [
    'n',
    ...SOURCES.map((x) => `source_${x}`),
    ...PRIORITIES.map((x) => `priority_${x}`),
    ...TEAMS.map((x) => `team_${x}`),
  ];
  const r = await q.query<Record<string, number>>(
    `SELECT ${columns.map((c) => `coalesce(sum(${c}), 0)::int AS ${c}`).join(', ')} FROM incident_daily WHERE ${w.sql}`,
    w.params,
  );
  const row = r.rows[0] ?? {};
  const pick = <K extends string>(keys: readonly K[], prefix: string) =>
    Object.fromEntries(keys.map((k) => [k, row[`${prefix}${k}`] ?? 0])) as Record<K, number>;
  return {
    total: row.n ?? 0,
    bySource: pick(SOURCES, 'source_'),
    byPriority: pick(PRIORITIES, 'priority_'),
    byTeam: pick(TEAMS, 'team_'),
  };
}

/**
 * Incidents reported in [since, until) that are not closed, by status (few:
 * the open ones and those transferred, from their partial index); the rest
 * of the period's incidents are closed.
 */
export async function unclosedByStatus(
  q: Queryable,
  s: Pick<AnalysisScope, 'stationId' | 'gridIds'>,
  since: Date,
  until: Date,
): Promise<{ status: string; n: number }[]> {
  const w = new Where().scope(s).add('reported_at >= ?', since).add('reported_at < ?', until).add("status <> 'closed'");
  const r = await q.query<{ status: string; n: number }>(
    `SELECT status, count(*)::int AS n FROM incidents WHERE ${w.sql} GROUP BY status`,
    w.params,
  );
  return r.rows;
}

export interface OrderStats {
  total: number;
  acknowledged: number;
  on_scene: number;
  avg_ack_s: number | null;
  avg_on_scene_s: number | null;
  breached: number;
}

/** Orders issued on local days [from, to] to a person, unit or team (the daily rollup): response times and breaches. */
export async function orderStats(
  q: Queryable,
  s: Pick<AnalysisScope, 'stationId' | 'gridIds'>,
  from: string,
  to: string,
): Promise<OrderStats> {
  // Grid staff: the orders of their grids' incidents (the rollup is kept by the incident's grid).
  const w = new Where().scope(s).add('day BETWEEN ?::date AND ?::date', from, to);
  const r = await q.query<OrderStats>(
    `SELECT coalesce(sum(n), 0)::int AS total,
            coalesce(sum(acknowledged), 0)::int AS acknowledged,
            coalesce(sum(on_scene), 0)::int AS on_scene,
            (sum(ack_seconds) / nullif(sum(acknowledged), 0))::float8 AS avg_ack_s,
            (sum(on_scene_seconds) / nullif(sum(on_scene), 0))::float8 AS avg_on_scene_s,
            coalesce(sum(breached), 0)::int AS breached
       FROM order_daily WHERE ${w.sql}`,
    w.params,
  );
  return r.rows[0] ?? { total: 0, acknowledged: 0, on_scene: 0, avg_ack_s: null, avg_on_scene_s: null, breached: 0 };
}

export interface RepeatGroup {
  key: string;
  n: number;
  last_at: Date;
  /** Newest first. */
  ids: string[];
  numbers: string[];
  reported: Date[];
  /** The categories of the group's reports and how many of each (parallel arrays, by code). */
  categories: string[];
  category_counts: number[];
  /** From the newest report: its written address or masked phone, and its grid. */
  label: string | null;
  grid_id: string | null;
}

/** From this many days on, repeats are found through the counts ever (`incident_repeat_keys`) first. */
export const REPEAT_BOUNDS_FROM_DAYS = 90;

/**
 * Addresses (`address_key`) or callers (`caller_phone_bidx`) with at least
 * `min` incidents reported since `since`, near-duplicates left out (they
 * repeat one event, as in the early-warning rules). The busiest `limit`
 * groups, busiest first. The blind index stays in the database: callers are
 * returned by their masked phone only.
 *
 * A short period (or a few grids) is counted from its incidents. A long
 * period of the whole station would count hundreds of thousands of reports;
 * instead: a key's count in the period is at most its count ever, so the
 * exact counts of the keys busiest ever give a threshold the busiest
 * `limit` groups of the period reach, and only the keys whose count ever
 * reaches it can be among them: those are counted exactly (each an index
 * range), in the same snapshot. Exact, not an estimate. A key's exact count
 * reads its months from `incident_repeat_monthly` (twelve rows a year
 * instead of one per report) and the part of the first month inside the
 * period from the incidents.
 */
export async function repeatGroups(
  db: DbOrTx,
  kind: 'address' | 'caller',
  s: Pick<AnalysisScope, 'stationId' | 'gridIds'>,
  since: Date,
  min: number,
  limit: number,
  days: number,
): Promise<RepeatGroup[]> {
  const column = kind === 'address' ? 'address_key' : 'caller_phone_bidx';
  const shown = kind === 'address' ? 'address' : 'caller_phone_masked';
  const w = new Where()
    .scope(s, 'i')
    .add('i.reported_at >= ?', since)
    .add(`i.${column} IS NOT NULL`)
    .add('i.duplicate_of IS NULL');
  const minP = w.next(min);
  const limitP = w.next(limit);
  let groups: string;
  // The long path: the statement that finds the threshold first; the groups then take it as their last parameter.
  let probe: string | null = null;
  if (s.gridIds || days < REPEAT_BOUNDS_FROM_DAYS) {
    groups = `SELECT i.${column} AS key, count(*)::int AS n, max(i.reported_at) AS last_at
         FROM incidents i WHERE ${w.sql}
        GROUP BY i.${column} HAVING count(*) >= ${minP}
        ORDER BY n DESC, last_at DESC, key LIMIT ${limitP}`;
  } else {
    const stationP = w.next(s.stationId);
    const sinceP = w.next(since);
    const kindP = w.next(kind);
    // A number in the text (the groups statement shares the parameters and has no use for it).
    const probeSize = Math.max(1, Math.trunc(limit)) * 4;
    // The China-local month the period starts in, and its end: whole months after it come from the rollup.
    const firstMonth = `date_trunc('month', ${sinceP}::timestamptz AT TIME ZONE 'Asia/Shanghai')`;
    const firstMonthEnd = `((${firstMonth} + interval '1 month') AT TIME ZONE 'Asia/Shanghai')`;
    // One key's reports in the period: its months in the rollup (a short index range) and the rest of the first month.
    const exact = (key: string) =>
      `SELECT (coalesce(r.n, 0) + e.n)::int AS n, greatest(r.last_at, e.last_at) AS last_at
         FROM (SELECT sum(r.n) AS n, max(r.last_at) AS last_at FROM incident_repeat_monthly r
                WHERE r.station_id = ${stationP} AND r.kind = ${kindP} AND r.key = ${key}
                  AND r.month > ${firstMonth}::date) r,
              (SELECT count(*) AS n, max(i.reported_at) AS last_at FROM incidents i
                WHERE ${w.sql} AND i.${column} = ${key} AND i.reported_at < ${firstMonthEnd}) e`;
    const candidates = `SELECT k.key FROM incident_repeat_keys k
       WHERE k.station_id = ${stationP} AND k.kind = ${kindP} AND k.last_at >= ${sinceP} AND k.n >= ${minP}`;
    probe = `SELECT greatest(${minP}, coalesce(
         (SELECT e.n FROM (${candidates} ORDER BY k.n DESC LIMIT ${probeSize}) c CROSS JOIN LATERAL (${exact('c.key')}) e
           ORDER BY e.n DESC LIMIT 1 OFFSET ${limitP} - 1), ${minP}))::int AS n`;
    // A known threshold (not a subquery) lets the planner see how few keys reach it.
    const thresholdP = w.next(min);
    groups = `SELECT c.key, e.n, e.last_at FROM (${candidates} AND k.n >= ${thresholdP}) c
         CROSS JOIN LATERAL (${exact('c.key')}) e
        WHERE e.n >= ${thresholdP}
        ORDER BY e.n DESC, e.last_at DESC, c.key LIMIT ${limitP}`;
  }
  // Per group: the category mix from the index alone, and the newest five reports.
  const sql = `WITH g AS (${groups})
     SELECT ${kind === 'address' ? 'g.key' : "''"} AS key, g.n, g.last_at,
            newest.ids, newest.numbers, newest.reported, mix.categories, mix.category_counts, newest.label, newest.grid_id
       FROM g
       CROSS JOIN LATERAL (
         SELECT array_agg(x.id::text ORDER BY x.reported_at DESC, x.number DESC) AS ids,
                array_agg(x.number ORDER BY x.reported_at DESC, x.number DESC) AS numbers,
                array_agg(to_char(x.reported_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
                          ORDER BY x.reported_at DESC, x.number DESC) AS reported,
                (array_agg(x.shown ORDER BY x.reported_at DESC, x.number DESC))[1] AS label,
                (array_agg(x.grid_id::text ORDER BY x.reported_at DESC, x.number DESC))[1] AS grid_id
           FROM (SELECT i.id, i.number, i.reported_at, i.${shown} AS shown, i.grid_id FROM incidents i
                  WHERE ${w.sql} AND i.${column} = g.key
                  ORDER BY i.reported_at DESC, i.number DESC LIMIT 5) x) newest
       CROSS JOIN LATERAL (
         SELECT array_agg(m.category_code ORDER BY m.category_code) AS categories,
                array_agg(m.n ORDER BY m.category_code) AS category_counts
           FROM (SELECT i.category_code, count(*)::int AS n FROM incidents i
                  WHERE ${w.sql} AND i.${column} = g.key GROUP BY i.category_code) m) mix
      ORDER BY g.n DESC, g.last_at DESC, g.key`;
  type Row = Omit<RepeatGroup, 'reported'> & { reported: string[] };
  // The planner over-estimates the lateral counts and JIT-compiles the query: at a million incidents compiling
  // took longer (~75 ms) than running it. One transaction to switch JIT off for it.
  const r = await inTx(db, async (tx) => {
    // The threshold and the groups from one snapshot, so the bound holds for the counts it prunes.
    if (!db.inTransaction) await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    if (tx.engine === 'postgres') await tx.exec('SET LOCAL jit = off');
    if (probe) {
      const t = await tx.query<{ n: number }>(probe, w.params.slice(0, -1));
      w.params[w.params.length - 1] = t.rows[0]?.n ?? min;
    }
    return tx.query<Row>(sql, w.params);
  });
  return r.rows.map((x) => ({ ...x, reported: x.reported.map((t) => new Date(t)) }));
}
