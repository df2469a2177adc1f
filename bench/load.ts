/**
 * Benchmark: the main read and write paths under mixed roles, on 1 and 2
 * server processes sharing one PostgreSQL database.
 *
 * A fresh fq_bench_load database gets the demo town; then, for each node
 * count, autocannon drives all four roles at once, each with its own
 * connections, spread evenly over the nodes:
 *   - operator intake: POST /api/incidents (auto-dispatch, a fresh
 *     Idempotency-Key each), the command room's write path;
 *   - board: GET /api/board and GET /api/alerts as the operator;
 *   - officer: GET /api/orders/mine as a grid's community officer;
 *   - resident: GET /open311/v2/services.json and a report's status by token.
 * Live events between the nodes go through LISTEN/NOTIFY (or NATS with --nats).
 * Reported per phase and per role: completed requests/s (2xx), errors and
 * non-2xx, and latency p50/p95/p99 from every response (exact, not binned).
 *
 *   npm run bench -- load [--nodes 1,2] [--seconds 20] [--warmup 3]
 *     [--connections 4]  (per role, split over the nodes)
 *     [--nats nats://127.0.0.1:4222]
 *
 * Human-readable lines first; the last line is one JSON object.
 */

import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { Client } from '../apps/server/test/server-process';
import { TEST_KEYS } from '../apps/server/test/test-keys';
import { createDatabase, dbUrl, dropDatabase } from './support/pg-admin';
import { type BenchServer, startBenchServer } from './support/server';
import { Args, machineCpuSeconds, percentile, round } from './support/stats';

/** The documented demo password (importing it would pull in the whole server). */
const DEMO_PASSWORD = 'Qingxi-Demo-2026';
const DB = 'fq_bench_load';

const args = new Args();
const NODES = args.list('nodes', ['1', '2']).map(Number);
const SECONDS = args.num('seconds', 20);
const WARMUP_S = args.num('warmup', 3);
const CONNECTIONS = args.num('connections', 4);
const NATS_URL = args.str('nats', '');

type Role = 'intake' | 'board' | 'officer' | 'resident';
const ROLES: Role[] = ['intake', 'board', 'officer', 'resident'];

interface RoleResult {
  requests: number;
  perSec: number;
  non2xx: number;
  errors: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

interface Phase {
  nodes: number;
  seconds: number;
  totalPerSec: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  machineCpuPct: number | null;
  roles: Record<Role, RoleResult>;
}

interface Fixture {
  operatorCookie: string;
  officerCookie: string;
  centres: [number, number][];
  tokens: string[];
}

async function signIn(url: string, username: string): Promise<string> {
  const c = new Client(url);
  const r = await c.req('POST', '/api/auth/login', { username, password: DEMO_PASSWORD });
  if (r.status !== 200) throw new Error(`${username} cannot sign in: ${r.status} ${r.text}`);
  return c.cookie;
}

async function fixture(url: string): Promise<Fixture> {
  const operatorCookie = await signIn(url, 'operator');
  const officerCookie = await signIn(url, 'officer');
  const map = await fetch(`${url}/api/map`, { headers: { cookie: operatorCookie } });
  const centres = ((await map.json()) as { grids: { centroid: [number, number] }[] }).grids.map((g) => g.centroid);
  // Residents look up their own reports by the token they were given; the demo's history has none, so
  // 50 of its incidents get one here (as if reported through Open311).
  const c = new pg.Client({ connectionString: dbUrl(DB) });
  await c.connect();
  const tokens = (
    await c.query<{ t: string }>(
      `UPDATE incidents SET public_token = md5(id::text) WHERE id IN (SELECT id FROM incidents ORDER BY reported_at DESC LIMIT 50)
       RETURNING public_token AS t`,
    )
  ).rows.map((r) => r.t);
  await c.end();
  return { operatorCookie, officerCookie, centres, tokens };
}

function requestsOf(role: Role, f: Fixture): autocannon.Request[] {
  let n = 0;
  switch (role) {
    case 'intake':
      return [
        {
          method: 'POST',
          path: '/api/incidents',
          setupRequest: (req) => {
            n += 1;
            const c = f.centres[n % f.centres.length] ?? [0, 0];
            return {
              ...req,
              headers: {
                ...req.headers,
                'content-type': 'application/json',
                cookie: f.operatorCookie,
                'idempotency-key': randomUUID(),
              },
              body: JSON.stringify({
                source: 'call_110',
                categoryCode: n % 3 ? 'public_order.noise' : 'help.lost_property',
                summary: `负载测试报警 ${n}`,
                location: { lng: c[0], lat: c[1] },
                dispatch: 'auto',
              }),
            };
          },
        },
      ];
    case 'board':
      return [
        { method: 'GET', path: '/api/board', headers: { cookie: f.operatorCookie } },
        { method: 'GET', path: '/api/alerts', headers: { cookie: f.operatorCookie } },
      ];
    case 'officer':
      return [{ method: 'GET', path: '/api/orders/mine', headers: { cookie: f.officerCookie } }];
    case 'resident':
      return [
        { method: 'GET', path: '/open311/v2/services.json' },
        {
          method: 'GET',
          path: '/open311/v2/requests.json',
          setupRequest: (req) => {
            n += 1;
            const token = f.tokens[n % Math.max(1, f.tokens.length)] ?? 'none';
            return { ...req, path: `/open311/v2/requests.json?service_request_id=${token}` };
          },
        },
      ];
  }
}

/** One autocannon run against one node for one role; resolves with its counts and every latency. */
function drive(url: string, role: Role, f: Fixture, connections: number, seconds: number) {
  const latencies: number[] = [];
  return new Promise<{ role: Role; latencies: number[]; result: autocannon.Result }>((resolve, reject) => {
    const instance = autocannon(
      { url, connections, duration: seconds, requests: requestsOf(role, f), timeout: 30 },
      (err, result) => (err ? reject(err) : resolve({ role, latencies, result })),
    );
    instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => latencies.push(ms));
  });
}

async function phase(nodes: BenchServer[], f: Fixture, seconds: number): Promise<Phase> {
  const perNode = Math.max(1, Math.round(CONNECTIONS / nodes.length));
  const cpu0 = machineCpuSeconds();
  const runs = await Promise.all(
    ROLES.flatMap((role) => nodes.map((node) => drive(node.url, role, f, perNode, seconds))),
  );
  const cpu1 = machineCpuSeconds();
  const all: number[] = [];
  const roles = {} as Record<Role, RoleResult>;
  for (const role of ROLES) {
    const mine = runs.filter((r) => r.role === role);
    const lat = mine.flatMap((r) => r.latencies);
    all.push(...lat);
    const ok = mine.reduce((s, r) => s + r.result['2xx'], 0);
    roles[role] = {
      requests: ok,
      perSec: round(ok / seconds),
      non2xx: mine.reduce((s, r) => s + r.result.non2xx, 0),
      errors: mine.reduce((s, r) => s + r.result.errors + r.result.timeouts, 0),
      p50Ms: round(percentile(lat, 50)),
      p95Ms: round(percentile(lat, 95)),
      p99Ms: round(percentile(lat, 99)),
    };
  }
  return {
    nodes: nodes.length,
    seconds,
    totalPerSec: round(ROLES.reduce((s, r) => s + roles[r].perSec, 0)),
    p50Ms: round(percentile(all, 50)),
    p95Ms: round(percentile(all, 95)),
    p99Ms: round(percentile(all, 99)),
    machineCpuPct:
      cpu0 && cpu1 ? round((100 * (cpu1.busy - cpu0.busy)) / Math.max(0.001, cpu1.total - cpu0.total)) : null,
    roles,
  };
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fq-bench-load-'));
  await createDatabase(DB);
  const env = {
    DATABASE_URL: dbUrl(DB),
    FENGQIAO_DATA_KEY: TEST_KEYS.dataKey.toString('base64'),
    FENGQIAO_INDEX_KEY: TEST_KEYS.indexKey.toString('base64'),
    ...(NATS_URL ? { NATS_URL } : {}),
  };
  const servers: BenchServer[] = [];
  const phases: Phase[] = [];
  try {
    const t0 = Date.now();
    // The first node loads the demo town; the others join an already-migrated database.
    servers.push(
      await startBenchServer({ env: { ...env, FENGQIAO_DEMO: 'on' }, logFile: path.join(dir, 'node1.log') }),
    );
    console.log(`demo town loaded and node 1 ready in ${round((Date.now() - t0) / 1000)} s`);
    const f = await fixture(servers[0]?.url ?? '');
    for (const n of NODES) {
      while (servers.length < n) {
        servers.push(
          await startBenchServer({
            env: { ...env, FENGQIAO_DEMO: 'off' },
            logFile: path.join(dir, `node${servers.length + 1}.log`),
          }),
        );
      }
      const nodes = servers.slice(0, n);
      await phase(nodes, f, WARMUP_S);
      const p = await phase(nodes, f, SECONDS);
      phases.push(p);
      console.log(
        `${n} node(s): ${p.totalPerSec} req/s, p50 ${p.p50Ms} ms, p95 ${p.p95Ms} ms, p99 ${p.p99Ms} ms, machine CPU ${p.machineCpuPct}%`,
      );
      for (const role of ROLES) {
        const r = p.roles[role];
        console.log(
          `  ${role.padEnd(9)} ${String(r.perSec).padStart(7)} req/s  p50 ${r.p50Ms} ms  p95 ${r.p95Ms} ms  p99 ${r.p99Ms} ms  non-2xx ${r.non2xx}  errors ${r.errors}`,
        );
      }
    }
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await dropDatabase(DB);
  }
  console.log(
    JSON.stringify({
      benchmark: 'load',
      machine: { cpus: os.cpus().length, memGiB: round(os.totalmem() / 2 ** 30) },
      transport: NATS_URL ? 'nats' : 'postgres-notify',
      connectionsPerRole: CONNECTIONS,
      phases,
    }),
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
