import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createCitizensModule } from '../../src/modules/citizens';
import { totpAt, totpStep } from '../../src/platform/auth/totp';
import { closePlatform, createPlatform } from '../../src/platform/bootstrap';
import { openPostgres } from '../../src/platform/db/postgres.engine';
import { createLogger } from '../../src/platform/logger';
import { DEMO_PASSWORD, demoTotpSecret, engine, engineUnavailable } from '../harness';
import { Client, type ServerProcess, startServerProcess } from '../server-process';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { testConfig } from '../test-config';
import { TEST_KEYS } from '../test-keys';

/**
 * Faults on PostgreSQL with real server processes: the database restarting
 * under a stream of writes, and a server killed mid-way through a booking
 * race. Two processes share one database: node A reaches PostgreSQL through
 * a TCP proxy the test can cut (a restart, as A sees it, without touching
 * the PostgreSQL other tests use); node B connects directly.
 */
const onPostgres = engine.name === 'postgres' && !engineUnavailable;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(pred: () => Promise<boolean> | boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms`);
    await sleep(50);
  }
}

/** A command-room board: a WebSocket on one node, subscribed to incident changes. */
async function boardClient(base: string, cookie: string) {
  const seen = new Set<string>();
  const ws = new WebSocket(`${base.replace('http', 'ws')}/api/live`, { headers: { cookie } });
  await new Promise<void>((resolve, reject) => {
    ws.once('error', reject);
    ws.on('message', (raw) => {
      const m = JSON.parse(String(raw));
      if (m.type === 'subscribed') resolve();
      if (m.type === 'event' && typeof m.payload?.incidentId === 'string') seen.add(m.payload.incidentId);
    });
    ws.once('open', () => ws.send(JSON.stringify({ type: 'subscribe', topics: ['incidents.changed'] })));
  });
  return {
    heard: async (incidentId: string, ms: number) => {
      const end = Date.now() + ms;
      while (!seen.has(incidentId) && Date.now() < end) await sleep(25);
      return seen.has(incidentId);
    },
    close: () => ws.close(),
  };
}

describe.skipIf(!onPostgres)('faults: PostgreSQL restart, kill -9 in a booking race (PostgreSQL only)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fq-faults-'));
  const adminUrl = process.env.TEST_DATABASE_URL ?? '';
  const dbName = `fq_faults_${Date.now()}`;
  // The body is collected even when skipped: without TEST_DATABASE_URL it must not throw.
  const dbUrl = new URL(adminUrl || 'postgres://unset/none');
  dbUrl.pathname = `/${dbName}`;
  const db = new pg.Client({ connectionString: dbUrl.toString() });
  let proxy: TcpProxy;
  let a: ServerProcess;
  let b: ServerProcess;
  let operator: Client;
  let centres: [number, number][] = [];
  const nodes: ServerProcess[] = [];

  const start = async (name: string, url: string) => {
    const log = path.join(dir, `${name}.log`);
    try {
      const node = await startServerProcess(
        {
          DATABASE_URL: url,
          FENGQIAO_DEMO: 'off',
          FENGQIAO_DATA_KEY: TEST_KEYS.dataKey.toString('base64'),
          FENGQIAO_INDEX_KEY: TEST_KEYS.indexKey.toString('base64'),
          DATABASE_POOL_SIZE: '6',
        },
        log,
        60_000,
      );
      nodes.push(node);
      return node;
    } catch (e) {
      throw new Error(`${(e as Error).message}\n${fs.readFileSync(log, 'utf8').slice(-3000)}`);
    }
  };

  /** Signs a demo account in on a node, completing 2FA with the demo secret when asked. */
  const signIn = async (node: ServerProcess, username: string): Promise<Client> => {
    const c = new Client(node.url);
    const r = await c.req('POST', '/api/auth/login', { username, password: DEMO_PASSWORD });
    expect(r.status, r.text).toBe(200);
    if ((r.json() as { state: string }).state === 'mfa_required') {
      const secret = await demoTotpSecret(username);
      if (!secret) throw new Error(`no demo 2FA secret for ${username}`);
      const v = await c.req('POST', '/api/auth/mfa/verify', { code: totpAt(secret, totpStep(new Date())) });
      expect(v.status, v.text).toBe(200);
    }
    return c;
  };

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName} TEMPLATE ${engine.templates.demo}`);
    await admin.end();
    await db.connect();
    // The demo's history leaves no timer due at start, so the nodes begin idle.
    await db.query(`UPDATE jobs SET status = 'cancelled' WHERE status = 'pending' AND kind <> 'audit.seal'`);
    proxy = await startTcpProxy({ host: dbUrl.hostname, port: Number(dbUrl.port || 5432) });
    const viaProxy = new URL(dbUrl);
    viaProxy.hostname = proxy.host;
    viaProxy.port = String(proxy.port);
    [a, b] = await Promise.all([start('a', viaProxy.toString()), start('b', dbUrl.toString())]);
    operator = await signIn(b, 'operator');
    centres = ((await operator.req('GET', '/api/map')).json() as { grids: { centroid: [number, number] }[] }).grids.map(
      (g) => g.centroid,
    );
  }, 120_000);

  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    await proxy?.close();
    await db.end().catch(() => undefined);
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
    fs.rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('PostgreSQL restarts under a stream of reports: requests fail fast with 503, the node recovers by itself, every report is stored once', async () => {
    // What the user sees: for the few seconds the database is away, the
    // operator's "submit" answers at once with "temporarily unavailable,
    // retry" (503, Retry-After) instead of spinning; the client retries with
    // the same Idempotency-Key and, once the database is back, every report
    // is in the list exactly once. Nobody restarts the server.
    const CLIENTS = 4;
    const PER_CLIENT = 40;
    const keyOf = (c: number, i: number) => `${dbName}-pg-${c}-${i}`;
    const acked = new Map<string, string>();
    // `from`: the proxy is cut; `restoring`: about to accept again; `to`: accepting again.
    const outage = { from: 0, restoring: 0, to: 0 };
    // Only requests sent after the cut and answered before the restore are "during the outage".
    const inOutage = (t0: number) => outage.from > 0 && t0 >= outage.from && outage.restoring === 0;
    const duringOutage: { status: number | 'network'; ms: number }[] = [];
    let answersLost = 0;
    let fiveHundreds = 0;
    const send = async (key: string, i: number) => {
      const t0 = Date.now();
      try {
        const res = await fetch(`${a.url}/api/incidents`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: operator.cookie, 'idempotency-key': key },
          body: JSON.stringify({
            source: 'call_110',
            categoryCode: i % 2 ? 'help.lost_property' : 'public_order.noise',
            summary: `数据库重启压测 ${key}`,
            location: { lng: centres[i % centres.length]?.[0], lat: centres[i % centres.length]?.[1] },
            dispatch: 'none',
          }),
          // A request that hangs this long counts as hung: the assertion below fails.
          signal: AbortSignal.timeout(15_000),
        });
        const ms = Date.now() - t0;
        if (inOutage(t0)) duringOutage.push({ status: res.status, ms });
        if (res.status >= 500 && res.status !== 503) fiveHundreds += 1;
        if (res.status === 201 || res.status === 200) {
          const body = (await res.json()) as { incident: { id: string }; created: boolean };
          return body;
        }
        await res.body?.cancel();
        return null;
      } catch {
        if (inOutage(t0)) duringOutage.push({ status: 'network', ms: Date.now() - t0 });
        return null;
      }
    };
    const client = async (c: number) => {
      for (let i = 0; i < PER_CLIENT; i++) {
        const key = keyOf(c, i);
        let failedBefore = false;
        for (;;) {
          const r = await send(key, i);
          if (r) {
            // A retry answered "already there": the first attempt committed but its answer was lost.
            if (failedBefore && !r.created) answersLost += 1;
            acked.set(key, r.incident.id);
            break;
          }
          failedBefore = true;
          await sleep(100);
        }
      }
    };
    const clients = Array.from({ length: CLIENTS }, (_, c) => client(c));

    await until(() => acked.size >= 20, 30_000, 'first reports acknowledged');
    proxy.cut();
    outage.from = Date.now();
    // Node A notices: readiness turns 503 so a load balancer stops sending it traffic.
    await until(async () => (await fetch(`${a.url}/api/ready`)).status === 503, 5_000, 'A reports not ready');
    const ackedAtCut = acked.size;
    // A restart takes a few seconds; the clients keep trying throughout.
    await sleep(3_000);
    outage.restoring = Date.now();
    await proxy.restore();
    outage.to = Date.now();
    await until(async () => (await fetch(`${a.url}/api/ready`)).status === 200, 15_000, 'A ready again');
    await Promise.all(clients);
    const recoveredMs = Date.now() - outage.to;

    // The command-room board on A hears B's incidents again: A's LISTEN connection came back by itself.
    const board = await boardClient(a.url, operator.cookie);
    const heard = async () => {
      const r = await fetch(`${b.url}/api/incidents`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: operator.cookie },
        body: JSON.stringify({
          source: 'call_110',
          categoryCode: 'public_order.noise',
          summary: '数据库恢复后：B 受理',
          location: { lng: centres[0]?.[0], lat: centres[0]?.[1] },
        }),
      });
      expect(r.status).toBe(201);
      return board.heard(((await r.json()) as { incident: { id: string } }).incident.id, 1_000);
    };
    // The listener reconnects with a backoff (0.5 s doubling): the first incidents may precede it.
    await until(heard, 15_000, 'board on A hears B');
    board.close();

    // Requests during the outage were answered, quickly, with 503 (or the connection was cut mid-way).
    expect(duringOutage.length).toBeGreaterThan(0);
    expect(duringOutage.filter((d) => d.status !== 503 && d.status !== 'network')).toEqual([]);
    expect(Math.max(...duringOutage.map((d) => d.ms))).toBeLessThan(2_000);
    expect(fiveHundreds).toBe(0);
    // The stream continued after the outage without restarting the node.
    expect(acked.size).toBe(CLIENTS * PER_CLIENT);
    expect(acked.size).toBeGreaterThan(ackedAtCut);
    expect(a.child.exitCode).toBeNull();
    // Every acknowledged report is stored exactly once, under the id the client was given.
    const rows = await db.query<{ idempotency_key: string; id: string }>(
      'SELECT idempotency_key, id FROM incidents WHERE idempotency_key LIKE $1',
      [`${dbName}-pg-%`],
    );
    expect(rows.rows.length).toBe(CLIENTS * PER_CLIENT);
    for (const r of rows.rows) expect(acked.get(r.idempotency_key), r.idempotency_key).toBe(r.id);
    const statuses = duringOutage.reduce<Record<string, number>>((m, d) => {
      m[String(d.status)] = (m[String(d.status)] ?? 0) + 1;
      return m;
    }, {});
    console.info(
      `  PostgreSQL restart: ${JSON.stringify(statuses)} during the ${outage.to - outage.from} ms outage, ` +
        `slowest ${Math.max(...duringOutage.map((d) => d.ms))} ms; ${answersLost} answers lost and recovered by retry; ` +
        `stream complete ${recoveredMs} ms after the restart`,
    );
  }, 90_000);

  it('kill -9 of a node in the middle of a race for the last places: no overbooking, every acknowledged booking kept, none doubled', async () => {
    // What the user sees: 120 residents race for the 40 places of one slot
    // on two nodes. Those talking to the node that dies see a network error
    // and retry on the other node; each ends with a booking confirmation or
    // "this slot is fully booked" — or, if their first try went through but
    // the answer was lost, "already booked that day", and the booking shows
    // in their appointments list. The slot never holds more than 40.
    const CAPACITY = 40;
    const clerk = await signIn(b, 'clerk');
    const service = (await db.query<{ id: string }>(`SELECT id FROM hall_services WHERE code = 'residence.permit'`))
      .rows[0]?.id;
    expect(service).toBeTruthy();
    const w = await clerk.req('POST', '/api/hall/windows', {
      number: 77,
      name: '故障测试窗口',
      serviceIds: [service],
      slotCapacity: CAPACITY,
    });
    expect(w.status, w.text).toBe(201);
    const windowId = (w.json() as { id: string }).id;
    const avail = (await new Client(b.url).req('GET', `/api/hall/public/availability?serviceId=${service}`)).json() as {
      days: { slots: { id: string; capacity: number; remaining: number; window: { id: string } }[] }[];
    };
    const slot = avail.days.flatMap((d) => d.slots).find((s) => s.window.id === windowId && s.remaining === CAPACITY);
    if (!slot) throw new Error('no open slot at the new window');

    // Residents' sessions, opened directly in the database (the sign-in code round trip is tested elsewhere).
    const platform = await createPlatform(testConfig(), {
      db: await openPostgres({ url: dbUrl.toString(), poolSize: 2 }),
      keys: TEST_KEYS,
      log: createLogger('silent'),
      migrated: true,
    });
    const citizens = createCitizensModule(platform).api;
    const N = 120;
    const residents = await Promise.all(
      Array.from({ length: N }, async (_, i) => {
        const { token, citizenId } = await citizens.openSession(`199${String(70_000_000 + i)}`, `居民${i}`);
        return { cookie: `fq_citizen=${token}`, citizenId };
      }),
    );
    await closePlatform(platform);

    type Outcome = { kind: 'booked'; id: string } | { kind: 'full' } | { kind: 'lost_answer'; id: string };
    const outcomes: Outcome[] = new Array(N);
    // B (direct to PostgreSQL, the faster of the two) dies; A survives and takes the retries.
    const [doomed, survivor] = [b, a];
    const acked = new Map<ServerProcess, number>([
      [doomed, 0],
      [survivor, 0],
    ]);
    let killed = false;
    let retried = 0;
    const book = (node: ServerProcess, cookie: string) =>
      fetch(`${node.url}/api/citizen/appointments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ slotId: slot.id, serviceId: service, name: '故障测试' }),
        signal: AbortSignal.timeout(15_000),
      });
    await Promise.all(
      residents.map(async (r, i) => {
        // Half start on each node.
        let node = i % 2 ? survivor : doomed;
        for (;;) {
          let res: Response;
          try {
            res = await book(node, r.cookie);
          } catch {
            // The node died under this request: its outcome is unknown; retry on the other.
            node = survivor;
            retried += 1;
            continue;
          }
          const body = (await res.json()) as { id?: string; fields?: { code: string }[] };
          if (res.status === 201 && body.id) {
            outcomes[i] = { kind: 'booked', id: body.id };
            acked.set(node, (acked.get(node) ?? 0) + 1);
            // Pull the plug once the doomed node has confirmed a few places: the race is under way.
            if (!killed && (acked.get(doomed) ?? 0) >= 5) {
              killed = true;
              doomed.kill9();
            }
            return;
          }
          const code = body.fields?.[0]?.code;
          if (res.status === 400 && code === 'slot_full') {
            outcomes[i] = { kind: 'full' };
            return;
          }
          if (res.status === 400 && code === 'already_booked_that_day') {
            // The lost first attempt went through: the resident finds it in their list.
            const me = new Client(survivor.url);
            me.cookie = r.cookie;
            const mine = (await me.req('GET', '/api/citizen/appointments')).json() as { id: string }[];
            expect(mine).toHaveLength(1);
            outcomes[i] = { kind: 'lost_answer', id: mine[0]?.id ?? '' };
            return;
          }
          throw new Error(`resident ${i}: unexpected ${res.status} ${JSON.stringify(body)}`);
        }
      }),
    );
    expect(killed).toBe(true);
    // Requests were in flight on the node that died, and the other carried the race on.
    expect(retried).toBeGreaterThan(0);
    const booked = outcomes.filter((o) => o.kind === 'booked');
    const lost = outcomes.filter((o) => o.kind === 'lost_answer');
    const full = outcomes.filter((o) => o.kind === 'full');
    expect(booked.length + lost.length + full.length).toBe(N);

    const inDb = await db.query<{ id: string; citizen_id: string; status: string }>(
      'SELECT id, citizen_id, status FROM hall_appointments WHERE slot_id = $1',
      [slot.id],
    );
    const slotRow = await db.query<{ booked: number; capacity: number }>(
      'SELECT booked, capacity FROM hall_slots WHERE id = $1',
      [slot.id],
    );
    // Never overbooked: the slot's counter and its rows agree, and stay within capacity.
    expect(inDb.rows.length).toBe(CAPACITY);
    expect(slotRow.rows[0]).toEqual({ booked: CAPACITY, capacity: CAPACITY });
    // Every booking the residents know of is there, each once; nothing exists that nobody knows of.
    const known = [...booked, ...lost].map((o) => o.id).sort();
    expect(inDb.rows.map((r) => r.id).sort()).toEqual(known);
    expect(new Set(inDb.rows.map((r) => r.citizen_id)).size).toBe(inDb.rows.length);
    console.info(
      `  booking race: ${booked.length} confirmed, ${lost.length} answers lost with the dead node and found on retry, ` +
        `${full.length} told "full"; ${retried} retried on the survivor after kill -9 ` +
        `(${acked.get(doomed)} confirmed by the node that died, ${acked.get(survivor)} by the survivor)`,
    );
  }, 90_000);
});
