/**
 * Benchmark: incident ingest throughput and ingest→board latency.
 *
 * Starts the real server as a child process on PGlite (temporary DATA_DIR)
 * and on PostgreSQL (a fresh fq_bench_* database), with the demo town. An
 * operator signs in and keeps a WebSocket on /api/live subscribed to
 * `incidents.changed`, like the command room's board. Then POST
 * /api/incidents is driven open-loop at each target rate: sends are
 * scheduled at fixed intervals whatever the server does, with a cap on
 * requests in flight (a send due while the cap is reached is dropped and
 * counted). Each rate runs on a fresh server process (same database), so a
 * phase that wedges the server cannot spoil the next, after a warm-up of
 * --warmup seconds at the same rate over the same keep-alive connections
 * (its figures are printed and kept as `warmup`, not counted in the phase):
 * the phase measures the sustained rate, the warm-up what a cold server
 * does with it.
 * Measured per phase:
 *   - achieved ingest/s: acknowledged (201) incidents / time from the first
 *     scheduled send to the last acknowledgement;
 *   - HTTP latency p50/p99 (send → response);
 *   - ingest→board latency p50/p99 (send → the incident's `incidents.changed`
 *     event on the WebSocket);
 *   - requests never answered within --drain seconds (a wedged server);
 *   - CPU: the server process and the PostgreSQL backends of the benchmark
 *     database per acknowledged incident (robust on a shared machine, where
 *     throughput and latency depend on the neighbours), and the whole
 *     machine's busy share (also sampled idle before each phase).
 *
 *   npm run bench -- ingest [--engines pglite,postgres] [--rates 100,1000]
 *     [--seconds 10] [--cap 256] [--warmup 3] [--drain 30] [--pool N] [--auto 0.7]
 *     [--server-root DIR]   (run another checkout's server, for A/B runs of a patch)
 *     [--prof DIR]          (write the server's --cpu-prof profiles there)
 *     [--node-args "A B"]   (extra node flags for the server only, without their dashes, e.g. "max-semi-space-size=32")
 *     [--pg-socket DIR]     (server reaches PostgreSQL over a Unix socket, not TCP)
 *     [--pg-options OPTS]   (session settings for the server's connections, e.g. "-c synchronous_commit=off")
 *     [--samples DIR]       (write each phase's per-request timings there as JSON, for plotting stalls)
 *     [--keep-db]           (PostgreSQL only: keep the benchmark database afterwards, for EXPLAIN)
 *     [--template DB]   (PostgreSQL only: start from a copy of DB, e.g. the
 *                        1M-incident fq_bench_queries, instead of an empty one)
 *
 * Human-readable lines first; the last line is one JSON object.
 */

import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'undici';
import WebSocket from 'ws';
import { Client } from '../apps/server/test/server-process';
import { TEST_KEYS } from '../apps/server/test/test-keys';
import { IncidentMix, type MixGrid } from './support/incident-mix';
import { adminQuery, createDatabase, dbUrl, dropDatabase } from './support/pg-admin';
import { type BenchServer, startBenchServer } from './support/server';
import { Args, machineCpuSeconds, percentile, processCpuSeconds, round } from './support/stats';

/** The documented demo password (apps/server/src/demo/load-demo.ts; importing it would pull in the whole server). */
const DEMO_PASSWORD = 'Qingxi-Demo-2026';

const args = new Args();
const ENGINES = args.list('engines', ['pglite', 'postgres']) as ('pglite' | 'postgres')[];
const RATES = args.list('rates', ['100', '1000']).map(Number);
const SECONDS = args.num('seconds', 10);
const CAP = args.num('cap', 256);
const WARMUP_S = args.num('warmup', 3);
const POOL = args.str('pool', '');
const AUTO_SHARE = Number(args.str('auto', '0.7'));
const TEMPLATE = args.str('template', '');
const SERVER_ROOT = args.str('server-root', '');
const PROF_DIR = args.str('prof', '');
const NODE_ARGS = args
  .str('node-args', '')
  .split(' ')
  .filter(Boolean)
  .map((a) => `--${a}`);
const DRAIN_S = args.num('drain', 30);
const KEEP_DB = args.has('keep-db');
const SAMPLES_DIR = args.str('samples', '');
/** Connect the server to PostgreSQL over this Unix-socket directory instead of TCP (e.g. /var/run/postgresql). */
const PG_SOCKET = args.str('pg-socket', '');
/** Session settings for the server's PostgreSQL connections, e.g. "-c synchronous_commit=off" (experiments only). */
const PG_OPTIONS = args.str('pg-options', '');

interface Sample {
  scheduled: number;
  sent: number;
  done: number;
  status: number;
  id: string | null;
  text: string;
}

interface PhaseResult {
  targetPerSec: number;
  seconds: number;
  scheduled: number;
  dropped: number;
  acked: number;
  errors: Record<string, number>;
  achievedPerSec: number;
  httpP50Ms: number;
  httpP99Ms: number;
  boardP50Ms: number;
  boardP99Ms: number;
  /** Acknowledged incidents whose event never arrived within the drain period. */
  eventsMissing: number;
  /** How late the client got requests out (its own scheduling lag), p99. */
  sendLagP99Ms: number;
  /** Share of one core the server process used. */
  serverCpuPct: number | null;
  /** CPU time the server process spent per acknowledged incident (contention inflates latency, much less this). */
  serverCpuMsPerIncident: number | null;
  /** CPU time of the PostgreSQL backends serving the benchmark database per acknowledged incident. */
  pgCpuMsPerIncident: number | null;
  /** This benchmark's own process (load generator and WebSocket client): it shares the machine with the server. */
  clientCpuMsPerIncident: number;
  /** Share of the whole machine (all cores) that was busy. */
  machineCpuPct: number | null;
  /** Requests still unanswered when the drain gave up: the server stopped answering. */
  stuck: number;
  /** First response body per error status. */
  errorSamples: Record<string, string>;
  backgroundCpuPct: number | null;
  /** The warm-up at the same rate just before (a cold server): not counted in the phase. */
  warmup?: { seconds: number; achievedPerSec: number; dropped: number; httpP50Ms: number; httpP99Ms: number };
  meetsTarget: boolean;
}

interface EngineResult {
  startupS: number;
  phases: Record<string, PhaseResult>;
  /** The highest acknowledged rate seen in any phase. */
  sustainedPerSec: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * POST over undici's keep-alive pool: about half the client CPU of `http.request` per call, so the load
 * generator, which shares the machine's two cores with the server and PostgreSQL, steals less from them.
 */
async function postJson(
  pool: Pool,
  path: string,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; text: string }> {
  try {
    const res = await pool.request({
      path,
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    return { status: res.statusCode, text: await res.body.text() };
  } catch {
    return { status: -1, text: '' };
  }
}

class Board {
  readonly seen = new Map<string, number>();
  private ws: WebSocket | null = null;

  async open(base: string, cookie: string): Promise<void> {
    const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/api/live`, { headers: { cookie } });
    this.ws = ws;
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const subscribed = new Promise<void>((resolve) => {
      ws.on('message', (raw: WebSocket.RawData) => {
        const at = performance.now();
        const m = JSON.parse(raw.toString()) as {
          type: string;
          topic?: string;
          payload?: { incidentId?: string };
        };
        if (m.type === 'subscribed') resolve();
        else if (m.type === 'event' && m.topic === 'incidents.changed' && m.payload?.incidentId) {
          if (!this.seen.has(m.payload.incidentId)) this.seen.set(m.payload.incidentId, at);
        }
      });
    });
    ws.send(JSON.stringify({ type: 'subscribe', topics: ['incidents.changed'] }));
    await subscribed;
  }

  close(): void {
    this.ws?.close();
  }
}

async function runPhase(
  server: BenchServer,
  cookie: string,
  mix: IncidentMix,
  board: Board,
  rate: number,
  seconds: number,
  label: string,
  dbName: string | null,
  pool: Pool,
): Promise<PhaseResult> {
  const url = new URL('/api/incidents', server.url);
  const interval = 1000 / rate;
  const total = Math.round(rate * seconds);
  const samples: Sample[] = [];
  let inflight = 0;
  let dropped = 0;
  // Payloads are prepared before the clock starts, so generating them costs the schedule nothing.
  const bodies = Array.from({ length: total }, () => JSON.stringify(mix.next()));

  const pid = server.pid;
  const pg0 = await backendCpu(dbName);
  const cpu0 = processCpuSeconds(pid);
  const m0 = machineCpuSeconds();
  const client0 = process.cpuUsage();
  const t0 = performance.now();
  let i = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (i < total && t0 + i * interval <= now) {
        const scheduled = t0 + i * interval;
        const body = bodies[i] as string;
        i++;
        if (inflight >= CAP) {
          dropped++;
          continue;
        }
        inflight++;
        const s: Sample = { scheduled, sent: performance.now(), done: 0, status: 0, id: null, text: '' };
        samples.push(s);
        void postJson(pool, url.pathname, { cookie, 'idempotency-key': randomUUID() }, body).then((r) => {
          s.done = performance.now();
          s.status = r.status;
          if (r.status !== 201) s.text = r.text;
          else {
            const m = /"incident":\{"id":"([0-9a-f-]{36})"/.exec(r.text);
            s.id = m?.[1] ?? (JSON.parse(r.text) as { incident: { id: string } }).incident.id;
          }
          inflight--;
        });
      }
      if (i >= total) resolve();
      else setTimeout(tick, Math.max(0, Math.min(2, t0 + i * interval - performance.now())));
    };
    tick();
  });
  // Drain: every request answered (or --drain seconds: a wedged server never answers), then every acknowledged incident's event (or 5 s more).
  const drainUntil = performance.now() + DRAIN_S * 1000;
  while (inflight > 0 && performance.now() < drainUntil) await sleep(5);
  const acked = samples.filter((s) => s.status === 201 && s.id);
  const lastAck = Math.max(t0, ...acked.map((s) => s.done));
  const eventsUntil = performance.now() + 5_000;
  while (acked.some((s) => !board.seen.has(s.id ?? '')) && performance.now() < eventsUntil) await sleep(10);
  const cpu1 = processCpuSeconds(pid);
  const pg1 = cpuSince(pg0, await backendCpu(dbName));
  const m1 = machineCpuSeconds();
  const client1 = process.cpuUsage(client0);
  const wall = (performance.now() - t0) / 1000;

  if (SAMPLES_DIR) {
    fs.mkdirSync(SAMPLES_DIR, { recursive: true });
    const rows = samples.map((s) => ({
      sentMs: round(s.sent - t0, 1),
      httpMs: s.done ? round(s.done - s.sent, 1) : null,
      boardMs: s.id && board.seen.has(s.id) ? round((board.seen.get(s.id) ?? 0) - s.sent, 1) : null,
      status: s.status,
    }));
    // The phase's start in wall-clock ms, to line the samples up with server and PostgreSQL logs.
    const startedAt = round(performance.timeOrigin + t0, 1);
    fs.writeFileSync(
      path.join(SAMPLES_DIR, `${label.replace(/[^a-z0-9-]/gi, '_')}.json`),
      JSON.stringify({ startedAt, rows }),
    );
  }
  const errors: Record<string, number> = {};
  const errorSamples: Record<string, string> = {};
  for (const s of samples) {
    if (s.status === 201) continue;
    const k = s.status === 0 ? 'unanswered' : String(s.status);
    errors[k] = (errors[k] ?? 0) + 1;
    if (s.status !== 0 && !errorSamples[k]) errorSamples[k] = s.text.slice(0, 300);
  }
  const httpLat = acked.map((s) => s.done - s.sent);
  const boardLat: number[] = [];
  let missing = 0;
  for (const s of acked) {
    const at = board.seen.get(s.id ?? '');
    if (at === undefined) missing++;
    else boardLat.push(at - s.sent);
  }
  const achieved = acked.length / ((lastAck - t0) / 1000);
  const r: PhaseResult = {
    targetPerSec: rate,
    seconds,
    scheduled: total,
    dropped,
    acked: acked.length,
    errors,
    achievedPerSec: round(achieved, 1),
    httpP50Ms: round(percentile(httpLat, 50), 1),
    httpP99Ms: round(percentile(httpLat, 99), 1),
    boardP50Ms: round(percentile(boardLat, 50), 1),
    boardP99Ms: round(percentile(boardLat, 99), 1),
    eventsMissing: missing,
    sendLagP99Ms: round(
      percentile(
        samples.map((s) => s.sent - s.scheduled),
        99,
      ),
      1,
    ),
    serverCpuPct: cpu0 !== null && cpu1 !== null ? round(((cpu1 - cpu0) / wall) * 100, 0) : null,
    serverCpuMsPerIncident:
      cpu0 !== null && cpu1 !== null && acked.length > 0 ? round(((cpu1 - cpu0) * 1000) / acked.length, 2) : null,
    pgCpuMsPerIncident: pg1 !== null && acked.length > 0 ? round((pg1 * 1000) / acked.length, 2) : null,
    clientCpuMsPerIncident: acked.length > 0 ? round((client1.user + client1.system) / 1000 / acked.length, 2) : 0,
    machineCpuPct: m0 && m1 ? round(((m1.busy - m0.busy) / (m1.total - m0.total)) * 100, 0) : null,
    stuck: samples.filter((s) => s.status === 0).length,
    errorSamples,
    backgroundCpuPct: null,
    meetsTarget: false,
  };
  for (const [k, v] of Object.entries(errorSamples)) console.log(`    first ${k} response: ${v}`);
  r.meetsTarget =
    r.dropped === 0 &&
    Object.keys(errors).length === 0 &&
    r.achievedPerSec >= 0.95 * rate &&
    r.httpP99Ms < 100 &&
    r.boardP99Ms < 100 &&
    missing === 0;
  console.log(
    `  ${label}: target ${rate}/s × ${seconds}s → acked ${r.acked}/${total} (dropped ${dropped}, errors ${JSON.stringify(errors)}), ` +
      `${r.achievedPerSec}/s; HTTP p50 ${r.httpP50Ms} ms p99 ${r.httpP99Ms} ms; board p50 ${r.boardP50Ms} ms p99 ${r.boardP99Ms} ms; ` +
      `missing events ${missing}; unanswered ${r.stuck}; send lag p99 ${r.sendLagP99Ms} ms; server CPU ${r.serverCpuPct}% of a core ` +
      `(${r.serverCpuMsPerIncident} ms/incident), PostgreSQL ${r.pgCpuMsPerIncident ?? '-'} ms/incident, client ${r.clientCpuMsPerIncident} ms/incident, machine ${r.machineCpuPct}% busy`,
  );
  return r;
}

async function benchEngine(engine: 'pglite' | 'postgres'): Promise<EngineResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `fq-bench-ingest-${engine}-`));
  const dbName = `fq_bench_ingest_${process.pid}`;
  const logFile = path.join(dir, 'server.log');
  const env: Record<string, string> = {
    FENGQIAO_DEMO: 'on',
    FENGQIAO_DATA_KEY: TEST_KEYS.dataKey.toString('base64'),
    FENGQIAO_INDEX_KEY: TEST_KEYS.indexKey.toString('base64'),
  };
  if (POOL) env.DATABASE_POOL_SIZE = POOL;
  if (engine === 'pglite') env.DATA_DIR = path.join(dir, 'data');
  else {
    await createDatabase(dbName, TEMPLATE || undefined);
    const params = new URLSearchParams();
    if (PG_SOCKET) params.set('host', PG_SOCKET);
    if (PG_OPTIONS) params.set('options', PG_OPTIONS);
    const base = PG_SOCKET ? `postgres://postgres@/${dbName}` : dbUrl(dbName);
    env.DATABASE_URL = params.size > 0 ? `${base}?${params}` : base;
  }
  const pgDb = engine === 'postgres' ? dbName : null;
  const nodeArgs = [...NODE_ARGS, ...(PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(PROF_DIR)}`] : [])];
  const startups: number[] = [];
  const phases: Record<string, PhaseResult> = {};
  try {
    // A fresh server process per rate: a phase that wedges the server cannot spoil the next one.
    for (const rate of RATES) {
      const t0 = performance.now();
      const server = await startBenchServer({ env, logFile, nodeArgs, ...(SERVER_ROOT ? { root: SERVER_ROOT } : {}) });
      startups.push(round((performance.now() - t0) / 1000, 1));
      const board = new Board();
      // One client population per server: the warm-up opens the keep-alive connections the phase reuses.
      const pool = new Pool(server.url, { connections: CAP });
      try {
        if (startups.length === 1) console.log(`${engine}: first start (loads the demo town) ${startups[0]} s`);
        const c = new Client(server.url);
        const login = await c.req('POST', '/api/auth/login', { username: 'operator', password: DEMO_PASSWORD });
        if (login.status !== 200 || (login.json() as { state: string }).state !== 'authenticated')
          throw new Error(`operator login failed: ${login.status} ${login.text}`);
        const map = (await c.req('GET', '/api/map')).json() as { grids: MixGrid[] };
        const cats = (await c.req('GET', '/api/incidents/categories')).json() as { code: string; active: boolean }[];
        const mix = new IncidentMix(
          map.grids,
          cats.filter((x) => x.active).map((x) => x.code),
          AUTO_SHARE,
          `ingest-${engine}-${rate}`,
        );
        await board.open(server.url, c.cookie);
        const w = await runPhase(server, c.cookie, mix, board, rate, WARMUP_S, 'warm-up', pgDb, pool);
        const background = await backgroundCpuPct(2000);
        const r = await runPhase(server, c.cookie, mix, board, rate, SECONDS, `${rate}/s`, pgDb, pool);
        r.backgroundCpuPct = background;
        r.warmup = {
          seconds: WARMUP_S,
          achievedPerSec: w.achievedPerSec,
          dropped: w.dropped,
          httpP50Ms: w.httpP50Ms,
          httpP99Ms: w.httpP99Ms,
        };
        phases[`r${rate}`] = r;
      } finally {
        await pool.destroy();
        board.close();
        await server.stop();
      }
    }
    return {
      startupS: startups[0] ?? 0,
      phases,
      sustainedPerSec: Math.max(...Object.values(phases).map((p) => p.achievedPerSec)),
    };
  } finally {
    if (engine === 'postgres' && !KEEP_DB) await dropDatabase(dbName);
    else if (engine === 'postgres') console.log(`${engine}: database kept: ${dbName}`);
    // The server log outlives the temporary directory, for post-mortems.
    const keep = path.join(os.tmpdir(), `fq-bench-ingest-${engine}.log`);
    if (fs.existsSync(logFile)) fs.copyFileSync(logFile, keep);
    console.log(`${engine}: server log kept at ${keep}`);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** CPU seconds of each PostgreSQL backend connected to a database, from /proc. */
async function backendCpu(dbName: string | null): Promise<Map<number, number> | null> {
  if (!dbName) return null;
  const rows = await adminQuery<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [dbName]);
  const out = new Map<number, number>();
  for (const { pid } of rows) {
    const c = processCpuSeconds(pid);
    if (c !== null) out.set(pid, c);
  }
  return out;
}

/** CPU seconds those backends used since `before` (backends that appeared meanwhile count in full). */
function cpuSince(before: Map<number, number> | null, after: Map<number, number> | null): number | null {
  if (!before || !after) return null;
  let sum = 0;
  for (const [pid, c] of after) sum += c - (before.get(pid) ?? 0);
  return sum;
}

/** Busy share of the machine while this benchmark is idle: other tenants' load, for judging noise. */
async function backgroundCpuPct(ms: number): Promise<number | null> {
  const a = machineCpuSeconds();
  await sleep(ms);
  const b = machineCpuSeconds();
  return a && b ? round(((b.busy - a.busy) / (b.total - a.total)) * 100, 0) : null;
}

const out: Record<string, unknown> = { bench: 'ingest', seconds: SECONDS, cap: CAP, autoDispatchShare: AUTO_SHARE };
if (TEMPLATE) out.template = TEMPLATE;
for (const engine of ENGINES) out[engine] = await benchEngine(engine);
console.log(JSON.stringify(out));
