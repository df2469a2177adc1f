/**
 * Benchmark: every leadership panel on PostgreSQL over a town much larger
 * than the demo.
 *
 * Builds (or with --reuse, reuses) the database fq_bench_dashboards:
 * migrations and the demo town, then --scale copies of the records every
 * dashboard reads — incidents, dispatch orders, alerts, disputes and their
 * follow-ups, hall tickets, home and enterprise visits, trainings,
 * suggestions, patrol shifts and duties, hazards — each copy shifted back
 * in time so the copies spread over --years years. The demo holds two
 * years of incidents and one of the other records, so --scale 25 --years 5
 * is "ten times the demo over five years" for incidents. Then times the
 * server's real routes through `buildApp(platform).inject`: each key
 * figure with its drill-down page over a year, the dashboard (a month and
 * a year), the wall, the weekly agenda, and the monthly evaluation per
 * officer, team and grid. Each: --warmup runs, then --reps timed runs.
 *
 *   npm run bench -- dashboards [--scale 25] [--years 5] [--reps 20] [--warmup 2] [--reuse] [--keep]
 *
 * Human-readable lines first; the last line is one JSON object.
 */
import { DASHBOARD_FIGURES } from '@fengqiao/domain';
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
import { createDatabase, databaseExists, dbUrl, dropDatabase } from './support/pg-admin';
import { Args, median, percentile, round } from './support/stats';

const args = new Args();
const DB = args.str('db', 'fq_bench_dashboards');
const SCALE = args.num('scale', 25);
const YEARS = args.num('years', 5);
const REPS = args.num('reps', 20);
const WARMUP = args.num('warmup', 2);
const REUSE = args.has('reuse');
const KEEP = args.has('keep') || REUSE;
const TARGET_MS = 300;
const DEMO_PASSWORD = 'Qingxi-Demo-2026';
// v2: the per-day rollups (leadership_daily) are filled by the copies' inserts.
const marker = () => `fq-bench dashboards v2 scale=${SCALE} years=${YEARS}`;

/**
 * The tables copied, parents before children, with the columns a copy must
 * change: ids are derived (md5 of id and copy), so children find their
 * copied parents; unique numbers get a suffix; references that must stay
 * unique (idempotency keys, tokens) are cleared. Every timestamp and date
 * column is shifted by the copy's offset.
 */
const TABLES: { table: string; overrides: Record<string, string> }[] = [
  {
    table: 'incidents',
    overrides: {
      number: `number || '-' || $1`,
      duplicate_of: 'NULL',
      public_token: 'NULL',
      idempotency_key: 'NULL',
      source_ref: 'NULL',
    },
  },
  { table: 'dispatch_orders', overrides: { incident_id: 'md5(incident_id::text || $1)::uuid' } },
  {
    table: 'command_alerts',
    overrides: {
      incident_id: 'CASE WHEN incident_id IS NULL THEN NULL ELSE md5(incident_id::text || $1)::uuid END',
      order_id: 'CASE WHEN order_id IS NULL THEN NULL ELSE md5(order_id::text || $1)::uuid END',
      dedupe_key: 'NULL',
    },
  },
  { table: 'disputes', overrides: { number: `number || '-' || $1`, incident_id: 'NULL' } },
  { table: 'followup_visits', overrides: { dispute_id: 'md5(dispute_id::text || $1)::uuid' } },
  { table: 'hall_tickets', overrides: { number: `number || '-' || $1`, public_token: 'NULL', appointment_id: 'NULL' } },
  { table: 'hall_home_visits', overrides: { number: `number || '-' || $1` } },
  { table: 'hall_enterprise_visits', overrides: {} },
  { table: 'hall_enterprise_trainings', overrides: {} },
  { table: 'hall_suggestions', overrides: { number: `number || '-' || $1` } },
  {
    table: 'patrol_shifts',
    // A shift slot (team, route, start) is unique and shifts repeat weekly: each copy starts r minutes later.
    overrides: {
      starts_at: `starts_at - $2::interval + substr($1, 2)::int * interval '1 minute'`,
      ends_at: `ends_at - $2::interval + substr($1, 2)::int * interval '1 minute'`,
    },
  },
  { table: 'patrol_duties', overrides: { shift_id: 'md5(shift_id::text || $1)::uuid' } },
  { table: 'hazards', overrides: { number: `number || '-' || $1`, duty_id: 'NULL', client_id: 'NULL' } },
];

async function openBenchPlatform(): Promise<Platform> {
  const db = await openPostgres({ url: dbUrl(DB), poolSize: 10, onClientError: () => undefined });
  const config = { ...loadConfig({ LOG_LEVEL: 'silent', FENGQIAO_DEMO: 'off' }), databaseUrl: dbUrl(DB) };
  return createPlatform(config, { db, keys: TEST_KEYS, log: createLogger('silent') });
}

async function copyStatement(c: pg.Client, table: string, overrides: Record<string, string>): Promise<string> {
  const cols = (
    await c.query<{ column_name: string; data_type: string }>(
      `SELECT column_name, data_type FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position`,
      [table],
    )
  ).rows;
  const exprs = cols.map(({ column_name: col, data_type: type }) => {
    if (col === 'id') return 'md5(id::text || $1)::uuid';
    if (overrides[col]) return overrides[col];
    if (type.startsWith('timestamp')) return `${col} - $2::interval`;
    if (type === 'date') return `(${col} - $2::interval)::date`;
    return col;
  });
  const names = cols.map((x) => x.column_name).join(', ');
  // Only the demo's own rows are copied, never an earlier copy.
  return `INSERT INTO ${table} (${names}) SELECT ${exprs.join(', ')} FROM ${table} WHERE id = ANY($3::uuid[])`;
}

async function build(): Promise<Record<string, unknown>> {
  const t0 = performance.now();
  await createDatabase(DB);
  const platform = await openBenchPlatform();
  try {
    await loadDemoTown(platform);
  } finally {
    await closePlatform(platform);
  }
  console.log(`  migrations + demo town: ${round((performance.now() - t0) / 1000, 1)} s`);
  const c = new pg.Client({ connectionString: dbUrl(DB) });
  await c.connect();
  const counts: Record<string, number> = {};
  try {
    const statements: [string, string][] = [];
    for (const t of TABLES) statements.push([t.table, await copyStatement(c, t.table, t.overrides)]);
    // The demo's ids per table, so each copy reads the original rows only.
    const originals = new Map<string, string[]>();
    for (const t of TABLES)
      originals.set(
        t.table,
        (await c.query<{ id: string }>(`SELECT id::text AS id FROM ${t.table}`)).rows.map((r) => r.id),
      );
    const days = Math.round(YEARS * 365.25);
    for (let r = 1; r < SCALE; r++) {
      const t = performance.now();
      // Copies spread evenly back over the years; a whole number of weeks keeps weekdays and hours alike.
      const shiftDays = Math.round((r * days) / SCALE / 7) * 7;
      await c.query('BEGIN');
      for (const [table, sql] of statements) {
        const res = await c.query(sql, [`:${r}`, `${shiftDays} days`, originals.get(table) ?? []]);
        counts[table] = (counts[table] ?? 0) + (res.rowCount ?? 0);
      }
      await c.query('COMMIT');
      console.log(`  copy ${r}/${SCALE - 1} (−${shiftDays} days): ${round((performance.now() - t) / 1000, 1)} s`);
    }
    await c.query('ANALYZE');
    await c.query(`COMMENT ON DATABASE ${DB} IS '${marker()}'`);
    for (const t of TABLES)
      counts[t.table] = Number((await c.query<{ n: string }>(`SELECT count(*) AS n FROM ${t.table}`)).rows[0]?.n ?? 0);
    const size = (await c.query<{ s: string }>('SELECT pg_size_pretty(pg_database_size(current_database())) AS s'))
      .rows[0]?.s;
    const buildS = round((performance.now() - t0) / 1000, 1);
    console.log(`built ${DB} in ${buildS} s; ${size}; ${JSON.stringify(counts)}`);
    return { buildS, size, rows: counts };
  } finally {
    await c.end();
  }
}

async function login(app: FastifyInstance, username: string): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: DEMO_PASSWORD },
  });
  const c = res.cookies.find((x) => x.name === 'fq_session');
  if (res.statusCode !== 200 || !c) throw new Error(`login ${username}: ${res.statusCode}`);
  const cookie = `fq_session=${c.value}`;
  if (res.json<{ state: string }>().state === 'mfa_required') {
    const secret = generateTown().accounts.find((a) => a.username === username)?.totpSecret ?? '';
    const v = await app.inject({
      method: 'POST',
      url: '/api/auth/mfa/verify',
      headers: { cookie },
      payload: { code: totpAt(secret, totpStep(new Date())) },
    });
    if (v.statusCode !== 200) throw new Error(`2FA ${username}: ${v.body}`);
  }
  return cookie;
}

async function time(app: FastifyInstance, cookie: string, url: string) {
  const call = async () => {
    const t = performance.now();
    const res = await app.inject({ method: 'GET', url, headers: { cookie } });
    if (res.statusCode !== 200) throw new Error(`GET ${url} → ${res.statusCode} ${res.body.slice(0, 300)}`);
    return performance.now() - t;
  };
  for (let i = 0; i < WARMUP; i++) await call();
  const times: number[] = [];
  for (let i = 0; i < REPS; i++) times.push(await call());
  const p95 = percentile(times, 95);
  return {
    p50Ms: round(median(times), 1),
    p95Ms: round(p95, 1),
    maxMs: round(Math.max(...times), 1),
    under300: p95 < TARGET_MS,
  };
}

async function main(): Promise<void> {
  let built: Record<string, unknown> | null = null;
  const exists = await databaseExists(DB);
  let reuse = false;
  if (exists && REUSE) {
    const c = new pg.Client({ connectionString: dbUrl(DB) });
    await c.connect();
    const d = (
      await c.query<{ d: string | null }>(
        'SELECT shobj_description(oid, $1) AS d FROM pg_database WHERE datname = $2',
        ['pg_database', DB],
      )
    ).rows[0]?.d;
    await c.end();
    reuse = d === marker();
  }
  if (!reuse) {
    if (exists) await dropDatabase(DB);
    built = await build();
  } else console.log(`reusing ${DB} (${marker()})`);
  const platform = await openBenchPlatform();
  const { app } = await buildApp(platform);
  await app.ready();
  const results: Record<string, ReturnType<typeof time> extends Promise<infer R> ? R : never> = {};
  try {
    const leader = await login(app, 'leader');
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const month = today.slice(0, 7);
    const yearAgo = new Date(Date.parse(today) - 364 * 86_400_000).toISOString().slice(0, 10);
    // The busiest grid, for the dashboard of one grid.
    const gridId = (
      await platform.db.query<{ id: string }>(
        'SELECT grid_id::text AS id FROM incidents WHERE grid_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1',
      )
    ).rows[0]?.id;
    const cases: [string, string][] = [
      ['dashboard.month', '/api/leadership/dashboard'],
      ['dashboard.year', `/api/leadership/dashboard?from=${yearAgo}&to=${today}`],
      ['wall', '/api/leadership/wall'],
      ['agenda', '/api/leadership/agenda'],
      ['evaluation.officer', `/api/leadership/evaluations/${month}?kind=officer`],
      ['evaluation.team', `/api/leadership/evaluations/${month}?kind=team`],
      ['evaluation.grid', `/api/leadership/evaluations/${month}?kind=grid`],
      ['dashboard.year.grid', `/api/leadership/dashboard?from=${yearAgo}&to=${today}&gridId=${gridId}`],
      // The cameras' and traffic figures read tables the demo town does not fill yet: timed, but over few rows.
      ...DASHBOARD_FIGURES.map(
        (f) =>
          [`figure.${f.key}`, `/api/leadership/records?measure=${f.key}&from=${yearAgo}&to=${today}&limit=20`] as [
            string,
            string,
          ],
      ),
    ];
    for (const [name, url] of cases) {
      results[name] = await time(app, leader, url);
      const r = results[name];
      console.log(
        `  ${name.padEnd(34)} p50 ${String(r?.p50Ms).padStart(7)} ms  p95 ${String(r?.p95Ms).padStart(7)} ms${r?.under300 ? '' : '  (over 300 ms)'}`,
      );
    }
  } finally {
    await app.close();
    await closePlatform(platform);
    if (!KEEP) await dropDatabase(DB);
  }
  const all = Object.values(results);
  console.log(
    JSON.stringify({
      bench: 'dashboards',
      engine: 'postgres',
      scale: SCALE,
      years: YEARS,
      note:
        SCALE < 25
          ? `scaled down: ${SCALE} copies of the demo's records instead of 25 (ten times the demo over five years)`
          : 'ten times the demo over five years',
      reps: REPS,
      built,
      panels: results,
      worstP95Ms: Math.max(...all.map((r) => r.p95Ms)),
      allUnder300: all.every((r) => r.under300),
    }),
  );
}

await main();
