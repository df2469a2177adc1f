import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { closeOpenDemoIncidents, engineUnavailable, loginAs, startTestApp, type TestApp } from '../../../test/harness';

interface Grid {
  id: string;
  centroid: [number, number];
  officer: { id: string } | null;
}

/** A subscriber that collects every event it is sent. */
async function subscriber(url: string, cookie: string, topics: string[]) {
  const events: { topic: string; payload: Record<string, unknown> }[] = [];
  const ws = new WebSocket(url, { headers: { cookie } });
  await new Promise<void>((resolve, reject) => {
    ws.once('error', reject);
    ws.on('message', (raw) => {
      const m = JSON.parse(String(raw));
      if (m.type === 'subscribed') resolve();
      if (m.type === 'event') events.push({ topic: m.topic, payload: m.payload });
    });
    ws.once('open', () => ws.send(JSON.stringify({ type: 'subscribe', topics })));
  });
  return {
    events,
    waitFor: async (pred: (e: { topic: string; payload: Record<string, unknown> }) => boolean, ms = 3000) => {
      const until = Date.now() + ms;
      while (Date.now() < until) {
        const hit = events.find(pred);
        if (hit) return hit;
        await new Promise((r) => setTimeout(r, 20));
      }
      return null;
    },
    close: () => ws.close(),
  };
}

describe.skipIf(engineUnavailable)('live board pushes respect jurisdiction', () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await startTestApp();
    await closeOpenDemoIncidents(t);
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = address.replace('http', 'ws');
  });
  afterAll(async () => t?.close());

  it('refuses a socket without a session', async () => {
    const ws = new WebSocket(`${base}/api/live`);
    const code = await new Promise<number>((resolve) => {
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('open', () => resolve(101));
    });
    expect(code).toBe(401);
  });

  it('sends a new incident to the command room and to its grid’s officer, not to another grid’s', async () => {
    const operator = await loginAs(t, 'command_operator');
    const officer = await loginAs(t, 'community_officer');
    const me = (await t.app.inject({ url: '/api/auth/me', headers: { cookie: officer } })).json();
    const grids: Grid[] = (await t.app.inject({ url: '/api/map', headers: { cookie: operator } })).json().grids;
    const own = grids.find((g) => g.officer?.id === me.personId) as Grid;
    const other = grids.find((g) => !me.gridIds.includes(g.id)) as Grid;
    const board = await subscriber(`${base}/api/live`, operator, ['incidents.changed', 'orders.changed']);
    const field = await subscriber(`${base}/api/live`, officer, ['incidents.changed', 'orders.changed']);

    const create = async (g: Grid, summary: string) =>
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/incidents',
          headers: { cookie: operator },
          payload: {
            source: 'call_110',
            categoryCode: 'help.locked_out',
            summary,
            location: { lng: g.centroid[0], lat: g.centroid[1] },
            dispatch: 'auto',
          },
        })
      ).json().incident as { id: string; orders: { id: string }[] };

    const elsewhere = await create(other, '其他网格的求助');
    const mine = await create(own, '本网格的求助');
    expect(await board.waitFor((e) => e.payload.incidentId === elsewhere.id)).not.toBeNull();
    expect(await board.waitFor((e) => e.payload.incidentId === mine.id)).not.toBeNull();
    expect(await field.waitFor((e) => e.payload.incidentId === mine.id)).not.toBeNull();
    // Give a wrongly routed push every chance to arrive before asserting it did not.
    await new Promise((r) => setTimeout(r, 300));
    expect(field.events.some((e) => e.payload.incidentId === elsewhere.id)).toBe(false);

    // The officer acknowledges; the board sees the change within a second.
    const orderId = mine.orders[0]?.id ?? '';
    const started = Date.now();
    const ack = await t.app.inject({
      method: 'PATCH',
      url: `/api/orders/${orderId}`,
      headers: { cookie: officer },
      payload: { status: 'acknowledged' },
    });
    expect(ack.statusCode).toBe(200);
    const seen = await board.waitFor(
      (e) => e.topic === 'orders.changed' && e.payload.orderId === orderId && e.payload.status === 'acknowledged',
      1000,
    );
    expect(seen).not.toBeNull();
    expect(Date.now() - started).toBeLessThan(1000);
    board.close();
    field.close();
  });

  it('pushes a new alert with its incident number and what triggered it', async () => {
    const operator = await loginAs(t, 'command_operator');
    const grids: Grid[] = (await t.app.inject({ url: '/api/map', headers: { cookie: operator } })).json().grids;
    const board = await subscriber(`${base}/api/live`, operator, ['alerts.created']);
    const g = grids[3] as Grid;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/incidents',
      headers: { cookie: operator },
      payload: {
        source: 'call_110',
        categoryCode: 'public_order.fight',
        priority: 'urgent',
        summary: '烧烤店门口打架',
        location: { lng: g.centroid[0], lat: g.centroid[1] },
        dispatch: 'auto',
      },
    });
    const incident = res.json().incident as { id: string; number: string };
    t.clock.advance(61_000);
    await t.platform.jobs.runDue();
    const pushed = await board.waitFor((e) => e.payload.incidentId === incident.id);
    expect(pushed?.payload).toMatchObject({
      kind: 'deadline_breach',
      incidentNumber: incident.number,
      explanation: { kind: 'ack', escalationLevel: 1 },
      explanationText: expect.stringMatching(/未在 \d\d:\d\d:\d\d 前签收$/),
      createdAt: expect.any(String),
    });
    board.close();
  });

  it('closes the socket when the session ends', async () => {
    const cookie = await loginAs(t, 'patrol_officer');
    const ws = new WebSocket(`${base}/api/live`, { headers: { cookie } });
    await new Promise((r) => ws.once('open', r));
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect(await closed).toBe(4401);
    const again = new WebSocket(`${base}/api/live`, { headers: { cookie } });
    const code = await new Promise<number>((resolve) => {
      again.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      again.once('open', () => resolve(101));
    });
    expect(code).toBe(401);
    ws.close();
  });
});
