import { chinaDay, chinaMidnight, type FigureSource } from '@fengqiao/domain';
import type { Queryable } from '../../platform/db/db';
import { SOURCES } from './sources';

/**
 * Record sets whose per-day totals leadership_daily keeps (migration
 * 20261128T2355_leadership_rollups.sql): triggers apply every write to them
 * in the writing transaction, so a total read there equals the count over
 * the record set. Periods of whole China days without a dim filter read
 * them; anything else counts the records.
 */
export const ROLLED_UP: ReadonlySet<FigureSource> = new Set([
  'incidents.received',
  'orders.resolved',
  'hall.tickets',
  'volunteers.patrol_hours',
  'disputes.decided',
  'disputes.grassroots',
]);

export interface Span {
  /** One station, or a county's stations read together. */
  stationIds: string[];
  from: Date;
  to: Date;
}

export interface Filter {
  gridId?: string | null | undefined;
  dim?: string | null | undefined;
}

/** Appends the optional grid and dim filters to a source's parameters ($1–$3 are the span). */
function filtered(source: FigureSource, s: Span, f: Filter) {
  const params: unknown[] = [s.stationIds, s.from, s.to];
  const where: string[] = [];
  if (f.gridId) {
    params.push(f.gridId);
    where.push(`r.grid_id = $${params.length}::uuid`);
  }
  if (f.dim) {
    params.push(f.dim);
    where.push(`r.dim = $${params.length}`);
  }
  return { src: `(${SOURCES[source]}) r`, where: where.length ? ` WHERE ${where.join(' AND ')}` : '', params };
}

export interface Totals {
  n: number;
  sum: number;
  grids: number;
  median: number | null;
}

/** The span as China days [from, to) when both ends are China midnights, else null. */
function wholeDays(s: Span): { from: string; to: string } | null {
  const from = chinaDay(s.from);
  const to = chinaDay(s.to);
  return chinaMidnight(from).getTime() === s.from.getTime() && chinaMidnight(to).getTime() === s.to.getTime()
    ? { from, to }
    : null;
}

/** The rollup's rows for a source, span and filter, when the rollup can answer it. */
function rolled(source: FigureSource, s: Span, f: Filter) {
  if (!ROLLED_UP.has(source) || f.dim) return null;
  const days = wholeDays(s);
  if (!days) return null;
  const params: unknown[] = [source, s.stationIds, days.from, days.to];
  let where = 'd.source = $1 AND d.station_id = ANY($2::uuid[]) AND d.day >= $3::date AND d.day < $4::date';
  if (f.gridId) {
    params.push(f.gridId);
    where += ` AND d.grid_id = $${params.length}::uuid`;
  }
  return { where, params };
}

export interface TotalsOptions {
  /** Compute the median value too (a sort: only for measures that show it). */
  median?: boolean;
  /** Count the records even where the rollup could answer (the consistency test compares both). */
  direct?: boolean;
}

/** Records, Σ value, distinct grids (and the median value when asked) of a record set. */
export async function totals(
  q: Queryable,
  source: FigureSource,
  s: Span,
  f: Filter = {},
  o: TotalsOptions = {},
): Promise<Totals> {
  const roll = o.direct || o.median ? null : rolled(source, s, f);
  if (roll) {
    const r = await q.query<{ n: number; sum: number; grids: number }>(
      `SELECT coalesce(sum(d.n), 0)::int AS n, coalesce(sum(d.total), 0)::float8 AS sum,
         count(DISTINCT d.grid_id) FILTER (WHERE d.n > 0)::int AS grids
       FROM leadership_daily d WHERE ${roll.where}`,
      roll.params,
    );
    return { ...(r.rows[0] ?? { n: 0, sum: 0, grids: 0 }), median: null };
  }
  const { src, where, params } = filtered(source, s, f);
  const median = o.median ? 'percentile_cont(0.5) WITHIN GROUP (ORDER BY r.value)::float8' : 'NULL::float8';
  const r = await q.query<Totals>(
    `SELECT count(*)::int AS n, coalesce(sum(r.value), 0)::float8 AS sum, count(DISTINCT r.grid_id)::int AS grids,
       ${median} AS median FROM ${src}${where}`,
    params,
  );
  return r.rows[0] ?? { n: 0, sum: 0, grids: 0, median: null };
}

/** The same figures per grid, per person on the records, or per dim. */
export async function totalsBy(
  q: Queryable,
  source: FigureSource,
  s: Span,
  by: 'grid' | 'person' | 'dim',
  f: Filter = {},
  o: Pick<TotalsOptions, 'direct'> = {},
): Promise<Map<string, { n: number; sum: number }>> {
  const roll = by === 'grid' && !o.direct ? rolled(source, s, f) : null;
  if (roll) {
    const r = await q.query<{ k: string | null; n: number; sum: number }>(
      `SELECT d.grid_id::text AS k, sum(d.n)::int AS n, sum(d.total)::float8 AS sum
       FROM leadership_daily d WHERE ${roll.where} GROUP BY 1 HAVING sum(d.n) > 0`,
      roll.params,
    );
    return new Map(r.rows.filter((x) => x.k !== null).map((x) => [x.k as string, { n: x.n, sum: x.sum }]));
  }
  const { src, where, params } = filtered(source, s, f);
  const key = by === 'grid' ? 'r.grid_id::text' : by === 'dim' ? 'r.dim' : 'p.person_id::text';
  const join = by === 'person' ? ', unnest(r.person_ids) AS p(person_id)' : '';
  const r = await q.query<{ k: string | null; n: number; sum: number }>(
    `SELECT ${key} AS k, count(*)::int AS n, coalesce(sum(r.value), 0)::float8 AS sum FROM ${src}${join}${where} GROUP BY 1`,
    params,
  );
  return new Map(r.rows.filter((x) => x.k !== null).map((x) => [x.k as string, { n: x.n, sum: x.sum }]));
}

/** Records per China day. */
export async function dailyCounts(
  q: Queryable,
  source: FigureSource,
  s: Span,
  f: Filter = {},
  o: Pick<TotalsOptions, 'direct'> = {},
): Promise<Map<string, number>> {
  const roll = o.direct ? null : rolled(source, s, f);
  if (roll) {
    const r = await q.query<{ day: string; n: number }>(
      `SELECT to_char(d.day, 'YYYY-MM-DD') AS day, sum(d.n)::int AS n
       FROM leadership_daily d WHERE ${roll.where} GROUP BY 1 HAVING sum(d.n) > 0`,
      roll.params,
    );
    return new Map(r.rows.map((x) => [x.day, x.n]));
  }
  const { src, where, params } = filtered(source, s, f);
  const r = await q.query<{ day: string; n: number }>(
    `SELECT to_char(r.at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day, count(*)::int AS n FROM ${src}${where} GROUP BY 1`,
    params,
  );
  return new Map(r.rows.map((x) => [x.day, x.n]));
}

export interface RecordDbRow {
  id: string;
  at: Date | null;
  grid_id: string | null;
  label: string;
  value: number | null;
  dim: string | null;
}

/** The records behind a figure, newest first. */
export async function records(
  q: Queryable,
  source: FigureSource,
  s: Span,
  f: Filter,
  page: { offset: number; limit: number },
): Promise<RecordDbRow[]> {
  const { src, where, params } = filtered(source, s, f);
  params.push(page.limit, page.offset);
  const r = await q.query<RecordDbRow>(
    // Every set bounds `at` by the period, so it is never null: DESC (NULLS FIRST, the default) lets the
    // newest rows come off the period index backwards, ties broken by id (an incremental sort), not a full sort.
    `SELECT r.id, r.at, r.grid_id::text AS grid_id, r.label, r.value, r.dim FROM ${src}${where}
     ORDER BY r.at DESC, r.id LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  );
  return r.rows;
}
