import type { FigureSource } from '@fengqiao/domain';
import type { Queryable } from '../../platform/db/db';
import { SOURCES } from './sources';

export interface Span {
  stationId: string;
  from: Date;
  to: Date;
}

export interface Filter {
  gridId?: string | null | undefined;
  dim?: string | null | undefined;
}

/** Appends the optional grid and dim filters to a source's parameters ($1–$3 are the span). */
function filtered(source: FigureSource, s: Span, f: Filter) {
  const params: unknown[] = [s.stationId, s.from, s.to];
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
}

/** Records, Σ value and distinct grids of a record set. */
export async function totals(q: Queryable, source: FigureSource, s: Span, f: Filter = {}): Promise<Totals> {
  const { src, where, params } = filtered(source, s, f);
  const r = await q.query<{ n: number; sum: number; grids: number }>(
    `SELECT count(*)::int AS n, coalesce(sum(r.value), 0)::float8 AS sum, count(DISTINCT r.grid_id)::int AS grids FROM ${src}${where}`,
    params,
  );
  return r.rows[0] ?? { n: 0, sum: 0, grids: 0 };
}

/** The same figures per grid, per person on the records, or per dim. */
export async function totalsBy(
  q: Queryable,
  source: FigureSource,
  s: Span,
  by: 'grid' | 'person' | 'dim',
  f: Filter = {},
): Promise<Map<string, { n: number; sum: number }>> {
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
): Promise<Map<string, number>> {
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
    `SELECT r.id, r.at, r.grid_id::text AS grid_id, r.label, r.value, r.dim FROM ${src}${where}
     ORDER BY r.at DESC NULLS LAST, r.id LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  );
  return r.rows;
}
