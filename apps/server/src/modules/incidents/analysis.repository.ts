import type { Queryable } from '../../platform/db/db';

/**
 * Analysis reads. Heat map and trends read the `incident_hourly` rollup
 * (kept current by intake in the incident's transaction); summary and
 * repeats read incidents and dispatch orders. Each query scans one station's
 * (or the caller's grids') rows for the period asked for through a covering
 * index of migration 20261128T1800, mostly from the index alone. Nothing
 * here is cached.
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
    if (s.category)
      this.add(`(${a}category_code = ? OR starts_with(${a}category_code, ? || '.'))`, s.category, s.category);
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

/** Reports per grid and local hour of day over local days [from, to]. */
export async function heatCells(q: Queryable, s: AnalysisScope, from: string, to: string): Promise<HeatCell[]> {
  const w = new Where().scope(s).add('day BETWEEN ?::date AND ?::date', from, to);
  const r = await q.query<HeatCell>(
    `SELECT grid_id, hour, sum(n)::int AS n FROM incident_hourly WHERE ${w.sql} GROUP BY grid_id, hour`,
    w.params,
  );
  return r.rows;
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
  const r = await q.query<DayCount>(
    `SELECT split_part(category_code, '.', 1) AS top, to_char(day, 'YYYY-MM-DD') AS day, sum(n)::int AS n
       FROM (SELECT category_code, day, sum(n) AS n FROM incident_hourly WHERE ${w.sql} GROUP BY category_code, day) x
      GROUP BY 1, 2`,
    w.params,
  );
  return r.rows;
}

export interface SummaryCell {
  source: string;
  status: string;
  priority: string;
  team: string | null;
  n: number;
}

/** Incidents reported in [since, until) counted by source × status × priority × team (at most a few hundred rows). */
export async function summaryCells(q: Queryable, s: AnalysisScope, since: Date, until: Date): Promise<SummaryCell[]> {
  const w = new Where().scope(s).add('reported_at >= ?', since).add('reported_at < ?', until);
  const r = await q.query<SummaryCell>(
    `SELECT source, status, priority, team, count(*)::int AS n FROM incidents WHERE ${w.sql}
      GROUP BY source, status, priority, team`,
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

/** Orders issued in [since, until) to a person, unit or team: response times and breaches. */
export async function orderStats(
  q: Queryable,
  s: Pick<AnalysisScope, 'stationId' | 'gridIds'>,
  since: Date,
  until: Date,
): Promise<OrderStats> {
  const w = new Where()
    .add('o.station_id = ?', s.stationId)
    .add('o.issued_at >= ?', since)
    .add('o.issued_at < ?', until)
    .add("o.assignee_kind <> 'agency'");
  // Grid staff: the orders of their grids' incidents (a hash semi-join on the grid index, not a lookup per order).
  if (s.gridIds)
    w.add(
      'o.incident_id IN (SELECT i.id FROM incidents i WHERE i.grid_id = ANY(?::uuid[]) AND i.station_id = ?)',
      s.gridIds,
      s.stationId,
    );
  const r = await q.query<OrderStats>(
    `SELECT count(*)::int AS total,
            count(o.acknowledged_at)::int AS acknowledged,
            count(o.on_scene_at)::int AS on_scene,
            avg(extract(epoch FROM o.acknowledged_at - o.issued_at))::float8 AS avg_ack_s,
            avg(extract(epoch FROM o.on_scene_at - o.issued_at))::float8 AS avg_on_scene_s,
            (count(*) FILTER (WHERE cardinality(o.breaches) > 0))::int AS breached
       FROM dispatch_orders o WHERE ${w.sql}`,
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
  categories: string[];
  /** From the newest report: its written address or masked phone, and its grid. */
  label: string | null;
  grid_id: string | null;
}

/**
 * Addresses (`address_key`) or callers (`caller_phone_bidx`) with at least
 * `min` incidents reported since `since`, near-duplicates left out (they
 * repeat one event, as in the early-warning rules). The busiest `limit`
 * groups, busiest first. The blind index stays in the database: callers are
 * returned by their masked phone only.
 */
export async function repeatGroups(
  q: Queryable,
  kind: 'address' | 'caller',
  s: Pick<AnalysisScope, 'stationId' | 'gridIds'>,
  since: Date,
  min: number,
  limit: number,
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
  const r = await q.query<Omit<RepeatGroup, 'reported'> & { reported: string[] }>(
    `WITH g AS (
       SELECT i.${column} AS key, count(*)::int AS n, max(i.reported_at) AS last_at
         FROM incidents i WHERE ${w.sql}
        GROUP BY i.${column} HAVING count(*) >= ${minP}
        ORDER BY n DESC, last_at DESC, key LIMIT ${limitP})
     SELECT ${kind === 'address' ? 'g.key' : "''"} AS key, g.n, g.last_at,
            (array_agg(i.id::text ORDER BY i.reported_at DESC, i.number DESC))[1:5] AS ids,
            (array_agg(i.number ORDER BY i.reported_at DESC, i.number DESC))[1:5] AS numbers,
            (array_agg(to_char(i.reported_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
                       ORDER BY i.reported_at DESC, i.number DESC))[1:5] AS reported,
            array_agg(i.category_code) AS categories,
            (array_agg(i.${shown} ORDER BY i.reported_at DESC, i.number DESC))[1] AS label,
            (array_agg(i.grid_id::text ORDER BY i.reported_at DESC, i.number DESC))[1] AS grid_id
       FROM g JOIN incidents i ON i.${column} = g.key AND ${w.sql}
      GROUP BY g.key, g.n, g.last_at
      ORDER BY g.n DESC, g.last_at DESC, g.key`,
    w.params,
  );
  return r.rows.map((x) => ({ ...x, reported: x.reported.map((t) => new Date(t)) }));
}
