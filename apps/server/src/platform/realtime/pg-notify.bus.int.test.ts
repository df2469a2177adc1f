import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine, engineUnavailable } from '../../../test/harness';
import { createLogger } from '../logger';
import { type ClusterBus, createClusterBus } from './cluster.bus';
import type { LiveEvent } from './event-bus';
import { LISTENER_APP, LIVE_CHANNEL } from './pg-notify.bus';

const onPostgres = engine.name === 'postgres' && !engineUnavailable;

function collect(bus: ClusterBus): LiveEvent[] {
  const seen: LiveEvent[] = [];
  bus.subscribe((e) => seen.push(e));
  return seen;
}

async function until(pred: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const event = (summary: string): LiveEvent => ({
  topic: 'incidents.changed',
  payload: { summary },
  scope: { stationId: null },
  at: new Date().toISOString(),
});

/** Two "nodes" (two buses in one process) on one PostgreSQL database, no NATS. */
describe.skipIf(!onPostgres)('live events through PostgreSQL LISTEN/NOTIFY (PostgreSQL only)', () => {
  const url = process.env.TEST_DATABASE_URL ?? '';
  const name = `fq_notify_${Date.now()}`;
  // The body is collected even when skipped: without TEST_DATABASE_URL it must not throw.
  const dbUrl = new URL(url || 'postgres://unset/none');
  dbUrl.pathname = `/${name}`;
  let a: ClusterBus;
  let b: ClusterBus;
  const admin = new pg.Client({ connectionString: url });
  beforeAll(async () => {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${engine.templates.empty}`);
    const log = createLogger('silent');
    a = await createClusterBus({ natsUrl: null, databaseUrl: dbUrl.toString() }, log);
    b = await createClusterBus({ natsUrl: null, databaseUrl: dbUrl.toString() }, log);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  it('delivers an event to the other node once and to its own node once', async () => {
    const onA = collect(a);
    const onB = collect(b);
    await a.publish(event('东门菜场噪声'));
    await until(() => onB.length === 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(onA.map((e) => (e.payload as { summary: string }).summary)).toEqual(['东门菜场噪声']);
    expect(onB).toHaveLength(1);
    expect(a.route()).toBe('postgres-notify');
  });

  it('delivers a burst in order, control characters in the text intact', async () => {
    const onB = collect(b);
    // Published without awaiting each: they queue behind the first NOTIFY and go together, joined by U+001E.
    const texts = Array.from({ length: 40 }, (_, i) => `第${i}条\u001e\u0000"\\,{}`);
    await Promise.all(texts.map((x) => a.publish(event(x))));
    await until(() => onB.length === texts.length);
    expect(onB.map((e) => (e.payload as { summary: string }).summary)).toEqual(texts);
  });

  it('carries an event larger than NOTIFY allows through a table row', async () => {
    const onB = collect(b);
    // 30 kB of CJK text: three bytes a character in UTF-8, far past the 8000-byte NOTIFY limit.
    const big = '警'.repeat(10_000);
    await a.publish(event(big));
    await until(() => onB.length === 1);
    expect((onB[0]?.payload as { summary: string } | undefined)?.summary).toBe(big);
    const c = new pg.Client({ connectionString: dbUrl.toString() });
    await c.connect();
    const rows = (await c.query('SELECT count(*)::int AS n FROM live_event_overflow')).rows[0] as { n: number };
    await c.end();
    expect(rows.n).toBe(1);
  });

  it('keeps serving its own clients and recovers when its listening connection is cut', async () => {
    const onB = collect(b);
    // Cut B's listener the way a PostgreSQL restart or a network blip does.
    await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = $2`,
      [name, LISTENER_APP],
    );
    // B's own clients are served whatever the state of its listener.
    const ownOnB = collect(b);
    await b.publish(event('本节点照常收到'));
    expect(ownOnB.some((e) => (e.payload as { summary: string }).summary === '本节点照常收到')).toBe(true);
    // The listener reconnects with backoff (NOTIFY is not durable: what was sent while it was down
    // is gone); once it is back, A's events reach B again. The route may flip back faster than a
    // poll can see it, so the proof is delivery, retried until the reconnect.
    const arrived = () => onB.some((e) => (e.payload as { summary: string }).summary === '恢复后送达');
    const deadline = Date.now() + 15_000;
    while (!arrived()) {
      if (Date.now() > deadline) throw new Error('B never received A’s events after the cut');
      await a.publish(event('恢复后送达'));
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(b.route()).toBe('postgres-notify');
  });
  it('sends no NOTIFY while it is the only node listening, and does once another joins', async () => {
    const lone = `${name}_lone`;
    await admin.query(`CREATE DATABASE ${lone} TEMPLATE ${engine.templates.empty}`);
    const loneUrl = new URL(dbUrl.toString());
    loneUrl.pathname = `/${lone}`;
    // Not a node (another application_name): it only overhears the channel.
    const overheard: string[] = [];
    const watcher = new pg.Client({ connectionString: loneUrl.toString() });
    watcher.on('notification', (n) => overheard.push(n.payload ?? ''));
    await watcher.connect();
    await watcher.query(`LISTEN ${LIVE_CHANNEL}`);
    const log = createLogger('silent');
    const c = await createClusterBus({ natsUrl: null, databaseUrl: loneUrl.toString() }, log);
    let d: ClusterBus | null = null;
    try {
      const onC = collect(c);
      await c.publish(event('无人监听'));
      await c.settled();
      await new Promise((r) => setTimeout(r, 300));
      expect(onC).toHaveLength(1);
      expect(overheard).toEqual([]);
      // A second node waits until the first has seen it, so nothing sent after its start is lost to it.
      d = await createClusterBus({ natsUrl: null, databaseUrl: loneUrl.toString() }, log);
      const onD = collect(d);
      await c.publish(event('有节点加入'));
      await until(() => onD.length === 1);
      expect((onD[0]?.payload as { summary: string } | undefined)?.summary).toBe('有节点加入');
      expect(overheard.some((p) => p.includes('有节点加入'))).toBe(true);
    } finally {
      await c.close();
      await d?.close();
      await watcher.end();
      await admin.query(`DROP DATABASE IF EXISTS ${lone} WITH (FORCE)`);
    }
  });
});
