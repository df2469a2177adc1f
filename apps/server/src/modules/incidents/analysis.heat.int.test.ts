import { createRng } from '@fengqiao/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineUnavailable, startTestApp, type TestApp } from '../../../test/harness';
import type { Queryable } from '../../platform/db/db';
import { addDays, wholeMonths } from './analysis.dates';
import { type AnalysisScope, type HeatCell, heatCells } from './analysis.repository';
import { localDay } from './local-time';

/** The China-local time of a stored instant, in SQL (fixed +8, independent of the rollups' time zone name). */
const LOCAL = (col: string) => `((${col} AT TIME ZONE 'UTC') + interval '8 hours')`;

const DAILY_ROLLUP = 'SELECT station_id, grid_id, day, hour::int, n FROM incident_grid_hour_daily';
const DAILY_DIRECT = `SELECT station_id, grid_id, ${LOCAL('reported_at')}::date, extract(hour FROM ${LOCAL('reported_at')})::int,
       count(*)::int FROM incidents GROUP BY 1, 2, 3, 4`;
const MONTHLY_ROLLUP = 'SELECT station_id, grid_id, month, hour::int, n FROM incident_grid_hour_monthly';
const MONTHLY_DIRECT = `SELECT station_id, grid_id, date_trunc('month', ${LOCAL('reported_at')})::date,
       extract(hour FROM ${LOCAL('reported_at')})::int, count(*)::int FROM incidents GROUP BY 1, 2, 3, 4`;
const HOURLY_ROLLUP = 'SELECT station_id, grid_id, category_code, day, hour::int, n FROM incident_hourly WHERE n <> 0';
const HOURLY_DIRECT = `SELECT station_id, grid_id, category_code, ${LOCAL('reported_at')}::date,
       extract(hour FROM ${LOCAL('reported_at')})::int, count(*)::int FROM incidents GROUP BY 1, 2, 3, 4, 5`;

const byCell = (a: HeatCell, b: HeatCell) =>
  (a.grid_id ?? '').localeCompare(b.grid_id ?? '') ||
  Number(a.grid_id === null) - Number(b.grid_id === null) ||
  a.hour - b.hour;

/**
 * The heat map's rollups (migration 20261129T0100) against counting the
 * incidents: the rollup rows after random inserts, moves and removals made
 * straight in SQL (no route changes grid, time or category today; the
 * triggers must follow any write), and `heatCells` (whole months from the
 * monthly rollup, edge days from the daily one) against a direct count for
 * random periods, grids and categories.
 */
describe.skipIf(engineUnavailable)('analysis: the heat map rollups', () => {
  let t: TestApp;
  let stationId: string;
  let gridIds: string[];
  const rows = async <T>(sql: string, params: unknown[] = []) => (await t.db.query<T>(sql, params)).rows;
  const diff = (rollup: string, direct: string) =>
    rows(`((${rollup}) EXCEPT ALL (${direct})) UNION ALL ((${direct}) EXCEPT ALL (${rollup}))`);
  const exact = async (step: string) => {
    expect(await diff(DAILY_ROLLUP, DAILY_DIRECT), `daily: ${step}`).toEqual([]);
    expect(await diff(MONTHLY_ROLLUP, MONTHLY_DIRECT), `monthly: ${step}`).toEqual([]);
    expect(await diff(HOURLY_ROLLUP, HOURLY_DIRECT), `hourly: ${step}`).toEqual([]);
  };
  const rng = createRng('heat-rollups');
  const categories = [
    'dispute.family',
    'dispute.neighbour',
    'criminal.theft',
    'help.lost_property',
    'traffic.accident',
  ];
  /** A random instant within ~14 months before and 1 month after now; a third of them minutes from a local midnight. */
  const randomInstant = (): Date => {
    const day = addDays(localDay(t.clock.now()), rng.int(-430, 30));
    const minute = rng.chance(0.33) ? rng.pick([0, 1, 59, 23 * 60 + 59, 23 * 60]) : rng.int(0, 24 * 60 - 1);
    return new Date(new Date(`${day}T00:00:00+08:00`).getTime() + minute * 60_000 + rng.int(0, 59_999));
  };
  const randomGrid = () => (rng.chance(0.15) ? null : rng.pick(gridIds));

  beforeAll(async () => {
    t = await startTestApp();
    stationId = (await rows<{ id: string }>('SELECT id FROM stations ORDER BY code LIMIT 1'))[0]?.id as string;
    gridIds = (await rows<{ id: string }>('SELECT id FROM grids WHERE station_id = $1 ORDER BY code', [stationId])).map(
      (r) => r.id,
    );
  });
  afterAll(async () => t?.close());

  /** Copies of random demo incidents with new ids and numbers, at the given times, grids and categories. */
  const insertCopies = async (
    q: Queryable,
    rows: { at: Date; grid: string | null; category: string }[],
    tag: string,
  ): Promise<string[]> => {
    const r = await q.query<{ id: string }>(
      `INSERT INTO incidents
       SELECT (jsonb_populate_record(NULL::incidents, to_jsonb(src) || jsonb_build_object(
                 'id', gen_random_uuid(), 'number', $4 || '-' || x.ord, 'idempotency_key', NULL, 'source_ref', NULL,
                 'public_token', NULL, 'duplicate_of', NULL,
                 'reported_at', x.at, 'created_at', x.at, 'updated_at', x.at, 'grid_id', x.grid, 'category_code', x.category))).*
         FROM unnest($1::timestamptz[], $2::uuid[], $3::text[]) WITH ORDINALITY x(at, grid, category, ord)
         CROSS JOIN LATERAL (SELECT * FROM incidents i WHERE i.station_id = $5 ORDER BY i.number LIMIT 1 OFFSET x.ord) src
       RETURNING id`,
      [rows.map((x) => x.at), rows.map((x) => x.grid), rows.map((x) => x.category), tag, stationId],
    );
    return r.rows.map((x) => x.id);
  };

  it('keeps the rollups equal to counting the incidents through inserts, moves and removals', async () => {
    await exact('the demo history, as migrated');
    const made = await t.db.tx((tx) =>
      insertCopies(
        tx,
        Array.from({ length: 240 }, () => ({
          at: randomInstant(),
          grid: randomGrid(),
          category: rng.pick(categories),
        })),
        'HEAT-A',
      ),
    );
    expect(made).toHaveLength(240);
    await exact('after inserting copies at random times and grids');

    // Moves: to another grid (or none), another hour, day or month, another category; some twice in one transaction.
    const pick = rng.shuffle(made);
    await t.db.tx(async (tx) => {
      for (const id of pick.slice(0, 40))
        await tx.query('UPDATE incidents SET grid_id = $1 WHERE id = $2', [randomGrid(), id]);
      for (const id of pick.slice(40, 80))
        await tx.query(`UPDATE incidents SET reported_at = reported_at + $1 * interval '1 minute' WHERE id = $2`, [
          rng.pick([1, -1, 59, -61, 24 * 60, -24 * 60, 31 * 24 * 60, -45 * 24 * 60, rng.int(-500_000, 500_000)]),
          id,
        ]);
      for (const id of pick.slice(80, 100))
        await tx.query('UPDATE incidents SET category_code = $1 WHERE id = $2', [rng.pick(categories), id]);
      for (const id of pick.slice(100, 120)) {
        await tx.query('UPDATE incidents SET grid_id = $1, reported_at = $2 WHERE id = $3', [
          randomGrid(),
          randomInstant(),
          id,
        ]);
        await tx.query('UPDATE incidents SET grid_id = $1, reported_at = $2 WHERE id = $3', [
          randomGrid(),
          randomInstant(),
          id,
        ]);
      }
      // Columns the heat map does not count by move nothing.
      for (const id of pick.slice(120, 130))
        await tx.query(`UPDATE incidents SET status = 'closed' WHERE id = $1`, [id]);
    });
    await exact('after moving incidents between grids, hours, days, months and categories');

    // Removed; and inserted, moved and removed within one transaction.
    await t.db.tx(async (tx) => {
      await tx.query('DELETE FROM incidents WHERE id = ANY($1::uuid[])', [pick.slice(130, 170)]);
      const [x, y] = await insertCopies(
        tx,
        [
          { at: randomInstant(), grid: randomGrid(), category: 'dispute.family' },
          { at: randomInstant(), grid: randomGrid(), category: 'criminal.theft' },
        ],
        'HEAT-B',
      );
      await tx.query(
        `UPDATE incidents SET reported_at = reported_at - interval '40 days', grid_id = $1 WHERE id = $2`,
        [randomGrid(), x],
      );
      await tx.query('UPDATE incidents SET grid_id = NULL WHERE id = $1', [y]);
      await tx.query('DELETE FROM incidents WHERE id = $1', [y]);
    });
    await exact('after removing incidents, and inserting, moving and removing one in a transaction');
    // The moves did reach the rollups (not only agree with an unchanged table).
    expect(
      (await rows<{ n: number }>(`SELECT count(*)::int AS n FROM incidents WHERE number LIKE 'HEAT-%'`))[0]?.n,
    ).toBe(201);
  });

  it('reads the same cells from the rollups as counting the incidents, for random periods, grids and categories', async () => {
    const today = localDay(t.clock.now());
    const direct = async (s: AnalysisScope, from: string, to: string): Promise<HeatCell[]> => {
      const params: unknown[] = [s.stationId, from, to];
      let where = `station_id = $1 AND ${LOCAL('reported_at')}::date BETWEEN $2::date AND $3::date`;
      if (s.category) {
        params.push(s.category);
        where += ` AND (category_code = $${params.length} OR category_code LIKE $${params.length} || '.%')`;
      }
      if (s.gridIds) {
        params.push(s.gridIds);
        where += ` AND grid_id = ANY($${params.length}::uuid[])`;
      }
      return rows<HeatCell>(
        `SELECT grid_id, extract(hour FROM ${LOCAL('reported_at')})::int AS hour, count(*)::int AS n
           FROM incidents WHERE ${where} GROUP BY 1, 2`,
        params,
      );
    };
    const periods: [string, string][] = [
      // The bench's year, a year of whole months, one whole month, inside one month, a single day, the default 30 days.
      [addDays(today, -365), today],
      ['2025-12-01', '2026-11-30'],
      ['2026-02-01', '2026-02-28'],
      ['2026-03-02', '2026-03-30'],
      [today, today],
      [addDays(today, -29), today],
      ['2025-12-31', '2026-02-01'],
    ];
    for (let i = 0; i < 30; i++) {
      const from = addDays(today, -rng.int(0, 700));
      periods.push([from, addDays(from, rng.pick([0, 1, 27, 30, 31, 60, 100, 364, 365, rng.int(0, 365)]))]);
    }
    let months = 0;
    let cells = 0;
    for (const [from, to] of periods) {
      if (wholeMonths(from, to)) months++;
      const scopes: AnalysisScope[] = [
        { stationId, gridIds: null },
        { stationId, gridIds: rng.shuffle(gridIds).slice(0, rng.int(1, 4)) },
        { stationId, gridIds: null, category: rng.pick(['dispute', 'criminal.theft']) },
      ];
      for (const s of scopes) {
        const got = (await heatCells(t.db, s, from, to)).sort(byCell);
        const want = (await direct(s, from, to)).sort(byCell);
        expect(got, `${from}..${to} ${JSON.stringify(s)}`).toEqual(want);
        cells += want.length;
      }
    }
    expect(months, 'periods with whole months (the monthly rollup is read)').toBeGreaterThan(10);
    expect(cells, 'there are cells to compare').toBeGreaterThan(1000);
  });
});
