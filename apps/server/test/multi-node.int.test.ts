import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DEMO_PASSWORD } from '../src/demo/load-demo';
import { engine, engineUnavailable } from './harness';
import { Client, type ServerProcess, startServerProcess } from './server-process';
import { TEST_KEYS } from './test-keys';

/**
 * Several stateless server processes on one PostgreSQL database: sessions,
 * jobs and timers live in the database, live events cross processes through
 * LISTEN/NOTIFY or NATS JetStream. Each case states what the users see.
 */
const onPostgres = engine.name === 'postgres' && !engineUnavailable;
const NATS = new URL(process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222');

async function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port }, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
    s.setTimeout(1_000, () => {
      s.destroy();
      resolve(false);
    });
  });
}
const natsUp = onPostgres && (await reachable(NATS.hostname, Number(NATS.port || 4222)));
// Without NATS the NATS cases are a visible skip, except under CI, where they run and fail.
const skipNats = !onPostgres || (!natsUp && process.env.CI !== 'true');
if (onPostgres && !natsUp) {
  console.warn(`\n  ${skipNats ? 'SKIPPED' : 'FAILING'}: multi-node NATS cases (no NATS at ${NATS.host})\n`);
}

/**
 * A TCP relay in front of NATS that the test can cut and restore: "NATS is
 * down" for the nodes behind it, without touching the NATS server others use.
 */
async function natsRelay(): Promise<{ url: string; cut(): void; restore(): void; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let down = false;
  const server = net.createServer((client) => {
    if (down) {
      client.destroy();
      return;
    }
    const upstream = net.connect({ host: NATS.hostname, port: Number(NATS.port || 4222) });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `nats://127.0.0.1:${port}`,
    cut() {
      down = true;
      for (const s of sockets) s.destroy();
    },
    restore() {
      down = false;
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** A board client: a WebSocket on one node, subscribed like the command-room board. */
async function boardClient(base: string, cookie: string) {
  const events: { topic: string; payload: Record<string, unknown> }[] = [];
  const ws = new WebSocket(`${base.replace('http', 'ws')}/api/live`, { headers: { cookie } });
  await new Promise<void>((resolve, reject) => {
    ws.once('error', reject);
    ws.on('message', (raw) => {
      const m = JSON.parse(String(raw));
      if (m.type === 'subscribed') resolve();
      if (m.type === 'event') events.push({ topic: m.topic, payload: m.payload });
    });
    ws.once('open', () => ws.send(JSON.stringify({ type: 'subscribe', topics: ['incidents.changed'] })));
  });
  return {
    /** Waits for the board to hear of this incident; null after `ms`. */
    heard: async (incidentId: string, ms = 8_000) => {
      const until = Date.now() + ms;
      while (Date.now() < until) {
        if (events.some((e) => e.payload.incidentId === incidentId)) return true;
        await new Promise((r) => setTimeout(r, 25));
      }
      return false;
    },
    close: () => ws.close(),
  };
}

async function until(pred: () => Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!onPostgres)('several server processes on one PostgreSQL (PostgreSQL only)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fq-multi-node-'));
  const adminUrl = process.env.TEST_DATABASE_URL ?? '';
  const dbName = `fq_mn_${Date.now()}`;
  // The body is collected even when skipped: without TEST_DATABASE_URL it must not throw.
  const dbUrl = new URL(adminUrl || 'postgres://unset/none');
  dbUrl.pathname = `/${dbName}`;
  const baseEnv = {
    DATABASE_URL: dbUrl.toString(),
    FENGQIAO_DEMO: 'off',
    FENGQIAO_DATA_KEY: TEST_KEYS.dataKey.toString('base64'),
    FENGQIAO_INDEX_KEY: TEST_KEYS.indexKey.toString('base64'),
    DATABASE_POOL_SIZE: '4',
    JOBS_POLL_MS: '200',
  };
  const nodes: ServerProcess[] = [];
  const start = async (name: string, env: Record<string, string> = {}) => {
    const log = path.join(dir, `${name}.log`);
    try {
      const node = await startServerProcess({ ...baseEnv, ...env }, log, 45_000);
      nodes.push(node);
      return node;
    } catch (e) {
      // The log goes with the temporary folder: say why here.
      throw new Error(`${(e as Error).message}\n${fs.readFileSync(log, 'utf8').slice(-3000)}`);
    }
  };
  const db = new pg.Client({ connectionString: dbUrl.toString() });
  let a: ServerProcess;
  let b: ServerProcess;
  let operator: Client;
  let centres: [number, number][] = [];

  const ingest = async (node: ServerProcess, summary: string, i = 0, key?: string) => {
    const res = await fetch(`${node.url}/api/incidents`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: operator.cookie,
        ...(key ? { 'idempotency-key': key } : {}),
      },
      body: JSON.stringify({
        source: 'call_110',
        categoryCode: i % 2 ? 'help.lost_property' : 'public_order.noise',
        summary,
        location: { lng: centres[i % centres.length]?.[0], lat: centres[i % centres.length]?.[1] },
        dispatch: 'auto',
      }),
    });
    return { status: res.status, body: (await res.json()) as { incident: { id: string }; created: boolean } };
  };

  /** Every ack deadline of these incidents' orders, made due now (as if the clock had run on). */
  const makeAckDeadlinesDue = async (incidentIds: string[]): Promise<string[]> => {
    const orders = await db.query<{ id: string }>(
      `SELECT id FROM dispatch_orders WHERE incident_id = ANY($1::uuid[]) AND status = 'issued'`,
      [incidentIds],
    );
    const ids = orders.rows.map((o) => o.id);
    await db.query(`UPDATE jobs SET run_at = now() WHERE status = 'pending' AND dedupe_key = ANY($1::text[])`, [
      ids.map((id) => `deadline:${id}:ack`),
    ]);
    return ids;
  };

  /** Each order's ack timer ran once and left exactly one breach event and one alert. */
  const firedOnce = async (orderIds: string[]) => {
    const jobs = await db.query<{ status: string; attempts: number; n: number }>(
      `SELECT status, attempts, count(*)::int AS n FROM jobs WHERE dedupe_key = ANY($1::text[]) GROUP BY 1, 2`,
      [orderIds.map((id) => `deadline:${id}:ack`)],
    );
    const events = await db.query<{ order_id: string; n: number }>(
      `SELECT order_id, count(*)::int AS n FROM incident_events
        WHERE kind = 'deadline_breached' AND order_id = ANY($1::uuid[]) GROUP BY 1`,
      [orderIds],
    );
    const alerts = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM command_alerts WHERE dedupe_key = ANY($1::text[])`,
      [orderIds.map((id) => `breach:${id}:ack`)],
    );
    return { jobs: jobs.rows, events: events.rows, alerts: alerts.rows[0]?.n ?? 0 };
  };

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName} TEMPLATE ${engine.templates.demo}`);
    await admin.end();
    await db.connect();
    // The demo's history leaves no timer due at start, so the nodes begin idle.
    await db.query(`UPDATE jobs SET status = 'cancelled' WHERE status = 'pending' AND kind <> 'audit.seal'`);
    [a, b] = await Promise.all([start('a'), start('b')]);
    operator = new Client(a.url);
    expect(
      (await operator.req('POST', '/api/auth/login', { username: 'operator', password: DEMO_PASSWORD })).status,
    ).toBe(200);
    centres = ((await operator.req('GET', '/api/map')).json() as { grids: { centroid: [number, number] }[] }).grids.map(
      (g) => g.centroid,
    );
  }, 90_000);

  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    await db.end().catch(() => undefined);
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
    fs.rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('an incident taken on node A appears on a board connected to node B (LISTEN/NOTIFY), with a session from A', async () => {
    // The operator signed in on A; B accepts the same cookie because sessions live in the database.
    const board = await boardClient(b.url, operator.cookie);
    const { status, body } = await ingest(a, '多节点：东门菜场噪声扰民');
    expect(status).toBe(201);
    expect(await board.heard(body.incident.id)).toBe(true);
    board.close();
    const metrics = await (await fetch(`${a.url}/metrics`)).text();
    expect(metrics).toContain('fengqiao_live_route{transport="postgres-notify"');
  });

  it('a logout on node A ends the session on node B at once, though B had just read it', async () => {
    const onA = new Client(a.url);
    expect((await onA.req('POST', '/api/auth/login', { username: 'operator', password: DEMO_PASSWORD })).status).toBe(
      200,
    );
    const onB = new Client(b.url);
    onB.cookie = onA.cookie;
    // B reads the session and keeps it for up to a second (SessionService's cache).
    expect((await onB.req('GET', '/api/auth/me')).status).toBe(200);
    const readAt = Date.now();
    expect((await onA.req('POST', '/api/auth/logout', {})).status).toBeLessThan(300);
    // The end crosses to B through NOTIFY within milliseconds: B refuses the session before its cached read
    // would have expired (without the crossing, B answers 200 until a second after its read).
    let status = 200;
    while (status === 200 && Date.now() - readAt < 950) {
      status = (await onB.req('GET', '/api/auth/me')).status;
      if (status === 200) await new Promise((r) => setTimeout(r, 10));
    }
    expect(status).toBe(401);
    expect(Date.now() - readAt).toBeLessThan(950);
  });

  it('deadline timers due while both nodes run fire exactly once between them', async () => {
    const made = await Promise.all(
      Array.from({ length: 8 }, (_, i) => ingest(i % 2 ? a : b, `多节点：同时到期 ${i}`, i)),
    );
    // Most are dispatched to a person or unit at once (some categories go to another agency instead).
    const orders = await makeAckDeadlinesDue(made.map((m) => m.body.incident.id));
    expect(orders.length).toBeGreaterThanOrEqual(4);
    await until(async () => (await firedOnce(orders)).alerts === orders.length, 15_000);
    await new Promise((r) => setTimeout(r, 1_000));
    const after = await firedOnce(orders);
    expect(after.jobs).toEqual([{ status: 'done', attempts: 1, n: orders.length }]);
    expect(after.events.every((e) => e.n === 1) && after.events.length === orders.length).toBe(true);
    expect(after.alerts).toBe(orders.length);
  });

  it('kill -9 of node A during a burst: every acknowledged incident is on B once; a timer due while A is dead fires once on B', async () => {
    const N = 60;
    const keyOf = (i: number) => `${dbName}-burst-${i}`;
    const acknowledged = new Map<string, string>();
    let killed = false;
    await Promise.all(
      Array.from({ length: N }, async (_, i) => {
        try {
          const r = await ingest(a, `多节点压测 ${i}`, i, keyOf(i));
          if (r.status === 201 || r.status === 200) acknowledged.set(keyOf(i), r.body.incident.id);
        } catch {
          // The connection died with node A: not acknowledged, the client will retry.
        }
        if (!killed && acknowledged.size >= N / 3) {
          killed = true;
          a.kill9();
        }
      }),
    );
    expect(killed).toBe(true);
    expect(acknowledged.size).toBeLessThan(N);

    // What an operator sees on node B: every incident A acknowledged, under the id A gave.
    const onB = new Client(b.url);
    onB.cookie = operator.cookie;
    for (const [key, id] of acknowledged) expect((await onB.req('GET', `/api/incidents/${id}`)).status, key).toBe(200);

    // Timers of those incidents fall due while A is dead: B fires each once.
    const orders = await makeAckDeadlinesDue([...acknowledged.values()]);
    expect(orders.length).toBeGreaterThan(0);
    await until(async () => (await firedOnce(orders)).alerts === orders.length, 15_000);

    // The client retries the whole burst on B with the same keys: nothing is created twice.
    const retried = new Set<string>();
    for (let i = 0; i < N; i++) {
      const r = await ingest(b, `多节点压测 ${i}`, i, keyOf(i));
      expect([200, 201]).toContain(r.status);
      retried.add(r.body.incident.id);
      if (acknowledged.has(keyOf(i))) {
        expect(r.body.created).toBe(false);
        expect(r.body.incident.id).toBe(acknowledged.get(keyOf(i)));
      }
    }
    expect(retried.size).toBe(N);
    const total = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM incidents WHERE summary LIKE '多节点压测 %'`,
    );
    expect(total.rows[0]?.n).toBe(N);
    const fired = await firedOnce(orders);
    expect(fired.jobs).toEqual([{ status: 'done', attempts: 1, n: orders.length }]);
    expect(fired.alerts).toBe(orders.length);
  }, 60_000);

  describe.skipIf(skipNats)('with NATS JetStream', () => {
    let relay: Awaited<ReturnType<typeof natsRelay>>;
    let c: ServerProcess;
    let d: ServerProcess;
    beforeAll(async () => {
      if (!natsUp) throw new Error(`NATS is not reachable at ${NATS.host} (CI=true requires it)`);
      relay = await natsRelay();
      // Node A is dead and B is not needed here: two fresh nodes on NATS.
      await b.stop();
      [c, d] = await Promise.all([start('c', { NATS_URL: relay.url }), start('d', { NATS_URL: relay.url })]);
    }, 60_000);
    afterAll(async () => relay?.close());

    const route = async (node: ServerProcess) =>
      /fengqiao_live_route\{transport="([a-z-]+)"/.exec(await (await fetch(`${node.url}/metrics`)).text())?.[1];

    it('an incident taken on node C appears on node D’s board; with NATS down it still does (through NOTIFY) and NATS takes over again when back', async () => {
      const board = await boardClient(d.url, operator.cookie);
      expect(await route(c)).toBe('nats');
      const first = await ingest(c, '多节点：经NATS送达');
      expect(first.status).toBe(201);
      expect(await board.heard(first.body.incident.id)).toBe(true);

      relay.cut();
      await until(async () => (await route(c)) === 'postgres-notify', 10_000);
      const during = await ingest(c, '多节点：NATS中断期间');
      // The write itself never depended on NATS.
      expect(during.status).toBe(201);
      expect(await board.heard(during.body.incident.id)).toBe(true);

      relay.restore();
      await until(async () => (await route(c)) === 'nats' && (await route(d)) === 'nats', 15_000);
      const after = await ingest(c, '多节点：NATS恢复后');
      expect(await board.heard(after.body.incident.id)).toBe(true);
      board.close();
    }, 45_000);
  });
});
