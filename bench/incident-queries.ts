/**
 * Benchmark: the command room's read paths over a million incidents on
 * PostgreSQL.
 *
 * Builds (or with --reuse, reuses) the database fq_bench_queries: migrations,
 * the demo town, then 1,000,000 generated incidents over two years (see
 * support/incident-generator.ts) with orders, events, alerts and consistent
 * rollups (`incident_hourly`, the daily ones, the heat map's). Then times
 * the server's real read paths through `buildApp(platform).inject`
 * (routing, auth hook with its session lookup, validation, the services'
 * SQL, audit writes of reads, serialisation):
 * the board (station-wide operator and grid-scoped community officer), the
 * incident list with common filters, page 1 and a deep page, incident
 * detail, alerts, and every `/api/analysis/*` route the server has.
 * Each query: warm-up runs, then --reps timed runs; p50/p95 and whether p95
 * is under 200 ms.
 *
 *   npm run bench -- incident-queries [--reuse] [--count 1000000] [--reps 30]
 *     [--warmup 3] [--only SUBSTRING[|SUBSTRING…]] [--explain] [--keep] [--db fq_bench_NAME]
 *
 * --reuse keeps and reuses the generated database when it holds the same
 * count (pending migrations are applied to it); --keep leaves a freshly
 * built one in place for later --reuse runs (the default drops it at the end
 * unless --reuse or --keep is given). --explain prints EXPLAIN ANALYZE of the
 * heaviest SQL behind the slowest queries (diagnosis; not part of the JSON).
 *
 * Human-readable lines first; the last line is one JSON object.
 */
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp } from '../apps/server/src/app';
import { loadDemoTown } from '../apps/server/src/demo/load-demo';
import { generateTown } from '../apps/server/src/demo/town.generator';
import { totpAt, totpStep } from '../apps/server/src/platform/auth/totp';
import { closePlatform, createPlatform } from '../apps/server/src/platform/bootstrap';
import { loadConfig } from '../apps/server/src/platform/config';
import { openPostgres } from '../apps/server/src/platform/db/postgres.engine';
import { createLogger } from '../apps/server/src/platform/logger';
import type { Platform } from '../apps/server/src/platform/platform';
import { TEST_KEYS } from '../apps/server/test/test-keys';
import { BENCH_MARK, generateIncidents } from './support/incident-generator';
import { createDatabase, databaseExists, dbUrl, dropDatabase } from './support/pg-admin';
import { Args, machineCpuSeconds, median, percentile, round } from './support/stats';

const args = new Args();
/** --db: another name (fq_bench_*), e.g. to keep a copy built by another checkout for A/B runs. */
const DB = args.str('db', 'fq_bench_queries');
const COUNT = args.num('count', 1_000_000);
const REPS = args.num('reps', 30);
const WARMUP = args.num('warmup', 3);
const REUSE = args.has('reuse');
const KEEP = args.has('keep') || REUSE;
/** --only: queries whose name contains this text; several texts separated by `|` (e.g. `board|heatmap`). */
const ONLY = args.str('only', '').split('|').filter(Boolean);
const EXPLAIN = args.has('explain');
const DAYS = 730;
const TARGET_MS = 200;
const GENERATOR_VERSION = 1;
const DEMO_PASSWORD = 'Qingxi-Demo-2026';

const marker = () => `fq-bench incident-queries v${GENERATOR_VERSION} count=${COUNT}`;

interface QueryResult {
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  n: number;
  /** Rows (items) in the last response, or the board's queue sizes. */
  rows: number | null;
  under200: boolean;
}

async function dbComment(): Promise<string | null> {
  const c = new pg.Client({ connectionString: dbUrl(DB) });
  await c.connect();
  try {
    const r = await c.query<{ d: string | null }>(
      'SELECT shobj_description(oid, $1) AS d FROM pg_database WHERE datname = $2',
      ['pg_database', DB],
    );
    return r.rows[0]?.d ?? null;
  } finally {
    await c.end();
  }
}

async function openBenchPlatform(): Promise<Platform> {
  const db = await openPostgres({ url: dbUrl(DB), poolSize: 10, onClientError: () => undefined });
  const config = {
    ...loadConfig({ LOG_LEVEL: 'silent', FENGQIAO_DEMO: 'off' }),
    databaseUrl: dbUrl(DB),
  };
  // Applies pending migrations too (on --reuse, whatever was added since the build).
  return createPlatform(config, { db, keys: TEST_KEYS, log: createLogger('silent') });
}

async function build(): Promise<Record<string, unknown>> {
  const t0 = performance.now();
  await createDatabase(DB);
  const tDemo = performance.now();
  const platform = await openBenchPlatform();
  // The sealing of personal data needs only the keys, not the connection.
  const pii = platform.pii;
  let stationId: string;
  try {
    stationId = (await loadDemoTown(platform)).stationId;
    console.log(`  migrations + demo town: ${round((performance.now() - tDemo) / 1000, 1)} s`);
  } finally {
    await closePlatform(platform);
  }
  const c = new pg.Client({ connectionString: dbUrl(DB) });
  await c.connect();
  try {
    const gen = await generateIncidents(c, {
      stationId,
      count: COUNT,
      days: DAYS,
      pii,
      log: (l) => console.log(l),
    });
    // The generator rebuilt every rollup (rebuildRollups, heat map's included); fresh statistics for the planner.
    for (const t of ['incident_grid_hour_daily', 'incident_grid_hour_monthly']) await c.query(`VACUUM ANALYZE ${t}`);
    await c.query(`COMMENT ON DATABASE ${DB} IS '${marker()}'`);
    const size = (await c.query<{ s: string }>('SELECT pg_size_pretty(pg_database_size(current_database())) AS s'))
      .rows[0]?.s;
    const totalS = round((performance.now() - t0) / 1000, 1);
    console.log(
      `built ${DB} in ${totalS} s: ${gen.incidents.toLocaleString('en-US')} incidents (${gen.open} open), ` +
        `${gen.orders} orders (${gen.openOrders} open), ${gen.events} events, ${gen.alerts} alerts, ` +
        `${gen.hourlyRows} hourly rows; ${size}`,
    );
    return { ...gen, buildS: totalS, size };
  } finally {
    await c.end();
  }
}

interface Session {
  cookie: string;
}

async function login(app: FastifyInstance, username: string): Promise<Session | null> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: DEMO_PASSWORD },
  });
  if (res.statusCode !== 200) return null;
  const c = res.cookies.find((x) => x.name === 'fq_session');
  if (!c) return null;
  const cookie = `fq_session=${c.value}`;
  const state = res.json<{ state: string }>().state;
  if (state === 'authenticated') return { cookie };
  if (state !== 'mfa_required') return null;
  const secret = generateTown().accounts.find((a) => a.username === username)?.totpSecret;
  if (!secret) return null;
  const v = await app.inject({
    method: 'POST',
    url: '/api/auth/mfa/verify',
    headers: { cookie },
    payload: { code: totpAt(secret, totpStep(new Date())) },
  });
  return v.statusCode === 200 ? { cookie } : null;
}

interface Case {
  name: string;
  who: Session;
  /** One URL per repetition (cycled), so parameters vary like real use. */
  urls: string[];
}

async function timeCase(app: FastifyInstance, c: Case): Promise<QueryResult> {
  const call = async (i: number) => {
    const url = c.urls[i % c.urls.length] as string;
    const t = performance.now();
    const res = await app.inject({ method: 'GET', url, headers: { cookie: c.who.cookie } });
    const ms = performance.now() - t;
    if (res.statusCode !== 200) throw new Error(`${c.name}: GET ${url} → ${res.statusCode} ${res.body.slice(0, 300)}`);
    return { ms, body: res.json<unknown>() };
  };
  for (let i = 0; i < WARMUP; i++) await call(i);
  const times: number[] = [];
  let last: unknown = null;
  for (let i = 0; i < REPS; i++) {
    const r = await call(i);
    times.push(r.ms);
    last = r.body;
  }
  const p95 = percentile(times, 95);
  return {
    p50Ms: round(median(times), 1),
    p95Ms: round(p95, 1),
    maxMs: round(Math.max(...times), 1),
    n: times.length,
    rows: rowsOf(last),
    under200: p95 < TARGET_MS,
  };
}

function rowsOf(body: unknown): number | null {
  if (Array.isArray(body)) return body.length;
  if (body && typeof body === 'object') {
    const b = body as { items?: unknown[]; queues?: Record<string, unknown[]>; grids?: unknown[] };
    if (Array.isArray(b.items)) return b.items.length;
    if (b.queues) return Object.values(b.queues).reduce((s, q) => s + q.length, 0);
    if (Array.isArray(b.grids)) return b.grids.length;
  }
  return null;
}

function localDay(offsetDays: number): string {
  return new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

function iso(offsetDays: number): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString();
}

async function cases(
  platform: Platform,
  operator: Session,
  officer: Session | null,
  analysisRoutes: Set<string>,
): Promise<Case[]> {
  const db = platform.db;
  const grids = (
    await db.query<{ id: string; n: number }>(
      `SELECT g.id, (SELECT count(*) FROM incidents i WHERE i.grid_id = g.id)::int AS n FROM grids g ORDER BY n DESC`,
    )
  ).rows;
  const hotGrids = grids.slice(0, 3).map((g) => g.id);
  const coldGrids = grids.slice(-3).map((g) => g.id);
  const sample = (
    await db.query<{ id: string }>(
      `SELECT id FROM incidents TABLESAMPLE SYSTEM (1) REPEATABLE (42) WHERE description LIKE $1 || '%' LIMIT 200`,
      [BENCH_MARK],
    )
  ).rows.map((r) => r.id);
  const openSample = (
    await db.query<{ id: string }>(
      `SELECT id FROM incidents WHERE status IN ('dispatched', 'in_progress') ORDER BY created_at DESC LIMIT 50`,
    )
  ).rows.map((r) => r.id);
  const hotAddress = (
    await db.query<{ address: string }>(
      `SELECT address FROM incidents WHERE address LIKE '%幸福里%' ORDER BY created_at DESC LIMIT 1`,
    )
  ).rows[0]?.address;
  const q = (path: string, params: Record<string, string | number>) =>
    `${path}?${new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]))}`;
  const out: Case[] = [
    { name: 'board (operator, station)', who: operator, urls: ['/api/board'] },
    {
      name: 'list: open queue (status=new,dispatched,in_progress)',
      who: operator,
      urls: [q('/api/incidents', { status: 'new,dispatched,in_progress' })],
    },
    { name: 'list: status=closed', who: operator, urls: [q('/api/incidents', { status: 'closed' })] },
    { name: 'list: no filter, page 1', who: operator, urls: ['/api/incidents'] },
    { name: 'list: hot grid', who: operator, urls: hotGrids.map((g) => q('/api/incidents', { gridId: g })) },
    { name: 'list: quiet grid', who: operator, urls: coldGrids.map((g) => q('/api/incidents', { gridId: g })) },
    { name: 'list: category=dispute (top level)', who: operator, urls: [q('/api/incidents', { category: 'dispute' })] },
    {
      name: 'list: category=fire_disaster.fire (rare)',
      who: operator,
      urls: [q('/api/incidents', { category: 'fire_disaster.fire' })],
    },
    {
      name: 'list: last 7 days',
      who: operator,
      urls: [q('/api/incidents', { from: iso(-7), to: iso(0) })],
    },
    {
      name: 'list: one month a year ago',
      who: operator,
      urls: [q('/api/incidents', { from: iso(-395), to: iso(-365) })],
    },
    {
      name: 'list: grid + category + 90 days',
      who: operator,
      urls: hotGrids.map((g) => q('/api/incidents', { gridId: g, category: 'dispute', from: iso(-90), to: iso(0) })),
    },
    {
      name: 'list: priority=urgent, status=closed',
      who: operator,
      urls: [q('/api/incidents', { priority: 'urgent', status: 'closed' })],
    },
    {
      name: 'list: deep page (page 200 of 50)',
      who: operator,
      urls: [q('/api/incidents', { page: 200, pageSize: 50 })],
    },
    {
      name: 'list: deep page by grid (page 100 of 50)',
      who: operator,
      urls: hotGrids.map((g) => q('/api/incidents', { gridId: g, page: 100, pageSize: 50 })),
    },
    {
      name: 'list: search text (q=address)',
      who: operator,
      urls: hotAddress ? [q('/api/incidents', { q: hotAddress })] : ['/api/incidents'],
    },
    { name: 'detail (random incidents)', who: operator, urls: sample.map((id) => `/api/incidents/${id}`) },
    { name: 'detail (open incidents)', who: operator, urls: openSample.map((id) => `/api/incidents/${id}`) },
    { name: 'alerts: open', who: operator, urls: [q('/api/alerts', { status: 'open' })] },
    { name: 'alerts: all', who: operator, urls: ['/api/alerts'] },
  ];
  if (officer) {
    out.push(
      { name: 'board (community officer, grid scope)', who: officer, urls: ['/api/board'] },
      { name: 'list (community officer, grid scope), page 1', who: officer, urls: ['/api/incidents'] },
      {
        name: 'list (community officer): status=closed',
        who: officer,
        urls: [q('/api/incidents', { status: 'closed' })],
      },
      { name: 'alerts: open (community officer)', who: officer, urls: [q('/api/alerts', { status: 'open' })] },
    );
  }
  const year = { from: localDay(-365), to: localDay(0) };
  // [route, label, query, who]: labels stay the same from day to day, so JSON keys are comparable across runs.
  const analysis: [string, string, Record<string, string>, Session | null][] = [
    ['heatmap', '30 days (default)', {}, operator],
    ['heatmap', '1 year', year, operator],
    ['heatmap', '1 year, category=dispute', { ...year, category: 'dispute' }, operator],
    ['heatmap', '1 year', year, officer],
    ['trends', '30 days by day (default)', {}, operator],
    ['trends', '1 year by month', { ...year, granularity: 'month' }, operator],
    ['trends', '1 year by week, hot grid', { ...year, granularity: 'week', gridId: hotGrids[0] ?? '' }, operator],
    ['trends', '1 year by month', { ...year, granularity: 'month' }, officer],
    ['repeats', '30 days (default)', {}, operator],
    ['repeats', '365 days', { days: '365' }, operator],
    ['repeats', '365 days', { days: '365' }, officer],
    ['summary', '30 days (default)', {}, operator],
    ['summary', '1 year', year, operator],
    ['summary', '1 year', year, officer],
  ];
  for (const [name, label, params, who] of analysis) {
    const route = `/api/analysis/${name}`;
    if (!who || !analysisRoutes.has(route)) continue;
    out.push({
      name: `analysis/${name} (${who === officer ? 'officer' : 'operator'}; ${label})`,
      who,
      urls: [Object.keys(params).length ? q(route, params) : route],
    });
  }
  return out;
}

/** EXPLAIN ANALYZE of the list queries behind a filter (diagnosis only). */
async function explainList(
  platform: Platform,
  where: string,
  params: unknown[],
  order = 'i.created_at DESC',
): Promise<void> {
  const station = (await platform.db.query<{ id: string }>('SELECT id FROM stations LIMIT 1')).rows[0]?.id;
  const all = [station, ...params];
  for (const sql of [
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM incidents i WHERE i.station_id = $1 ${where} LIMIT 10001) x`,
    `SELECT i.id FROM incidents i WHERE i.station_id = $1 ${where} ORDER BY ${order} LIMIT 50`,
  ]) {
    const r = await platform.db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, all);
    console.log(`\n  ${sql}\n${r.rows.map((x) => `    ${x['QUERY PLAN']}`).join('\n')}`);
  }
}

async function main(): Promise<void> {
  let built: Record<string, unknown> | null = null;
  const reusable = REUSE && (await databaseExists(DB)) && (await dbComment()) === marker();
  if (reusable) console.log(`reusing ${DB} (${marker()})`);
  else {
    console.log(`building ${DB} with ${COUNT.toLocaleString('en-US')} incidents …`);
    built = await build();
  }
  const platform = await openBenchPlatform();
  const results: Record<string, QueryResult> = {};
  let counts: Record<string, number> = {};
  let backgroundCpuPct: number | null = null;
  try {
    counts =
      (
        await platform.db.query<Record<string, number>>(
          `SELECT (SELECT count(*) FROM incidents)::int AS incidents,
                (SELECT count(*) FROM incidents WHERE status NOT IN ('closed', 'transferred'))::int AS open,
                (SELECT count(*) FROM dispatch_orders)::int AS orders,
                (SELECT count(*) FROM command_alerts)::int AS alerts`,
        )
      ).rows[0] ?? {};
    const { app, routes } = await buildApp(platform);
    await app.ready();
    const analysisRoutes = new Set(routes.filter((r) => r.url.startsWith('/api/analysis/')).map((r) => r.url));
    const operator = await login(app, 'operator');
    if (!operator) throw new Error('operator login failed');
    const officer = await login(app, 'officer');
    if (!officer) console.log('  (community officer login failed: grid-scoped queries skipped)');
    console.log(
      `${counts.incidents?.toLocaleString('en-US')} incidents (${counts.open} open), ${counts.orders} orders, ` +
        `${counts.alerts} alerts; analysis routes: ${[...analysisRoutes].join(', ') || 'none'}`,
    );
    // Other tenants' load on a shared machine moves these timings: sample it while idle, for the record.
    const m0 = machineCpuSeconds();
    await new Promise((r) => setTimeout(r, 2000));
    const m1 = machineCpuSeconds();
    backgroundCpuPct = m0 && m1 ? round(((m1.busy - m0.busy) / (m1.total - m0.total)) * 100, 0) : null;
    console.log(
      `timing: ${WARMUP} warm-up + ${REPS} timed runs per query, through buildApp().inject(); machine ${backgroundCpuPct}% busy before`,
    );
    const all = await cases(platform, operator, officer, analysisRoutes);
    for (const c of all) {
      if (ONLY.length && !ONLY.some((o) => c.name.includes(o))) continue;
      try {
        const r = await timeCase(app, c);
        results[c.name] = r;
        console.log(
          `  ${r.under200 ? 'ok  ' : 'SLOW'} ${c.name.padEnd(72)} p50 ${String(r.p50Ms).padStart(7)} ms  p95 ${String(r.p95Ms).padStart(7)} ms  (rows ${r.rows})`,
        );
      } catch (e) {
        console.log(`  FAIL ${c.name}: ${(e as Error).message}`);
      }
    }
    if (EXPLAIN) {
      await explainList(platform, "AND (i.category_code = $2 OR i.category_code LIKE $2 || '.%')", [
        'fire_disaster.fire',
      ]);
      await explainList(platform, 'AND i.status = ANY($2::text[])', [['new', 'dispatched', 'in_progress']]);
    }
    await app.close();
  } finally {
    await closePlatform(platform);
    if (!KEEP) await dropDatabase(DB);
  }
  const slow = Object.entries(results)
    .filter(([, r]) => !r.under200)
    .map(([k]) => k);
  console.log(
    `${Object.keys(results).length} queries timed; ${slow.length} with p95 ≥ ${TARGET_MS} ms${slow.length ? `: ${slow.join('; ')}` : ''}`,
  );
  console.log(
    JSON.stringify({
      bench: 'incident-queries',
      postgres: {
        incidents: counts.incidents,
        open: counts.open,
        orders: counts.orders,
        alerts: counts.alerts,
        reused: reusable,
        build: built,
        reps: REPS,
        backgroundCpuPct,
        targetP95Ms: TARGET_MS,
        allUnderTarget: slow.length === 0,
        queries: results,
      },
    }),
  );
}

await main();
