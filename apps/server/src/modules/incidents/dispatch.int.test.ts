import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineUnavailable, loginAs, startTestApp, type TestApp } from '../../../test/harness';
import { testConfig } from '../../../test/test-config';
import { TEST_KEYS } from '../../../test/test-keys';
import { buildApp } from '../../app';
import { createPlatform } from '../../platform/bootstrap';
import { createLogger } from '../../platform/logger';

interface MapGrid {
  id: string;
  code: string;
  centroid: [number, number];
  officer: { id: string; name: string } | null;
}

describe.skipIf(engineUnavailable)('dispatch orders, deadlines and escalation', () => {
  let t: TestApp;
  let operator: string;
  let officer: string;
  let officerGrid: MapGrid;
  beforeAll(async () => {
    t = await startTestApp();
    // Every call here is a separate incident at the same spot: switch near-duplicate linking off.
    await t.db.query(
      `INSERT INTO settings (station_id, key, value) VALUES (NULL, 'intake', '{"duplicateWindowMinutes": 0, "duplicateRadiusM": 300}')`,
    );
    t.modules.incidents.config.invalidate();
    operator = await loginAs(t, 'command_operator');
    officer = await loginAs(t, 'community_officer');
    const me = (await t.app.inject({ url: '/api/auth/me', headers: { cookie: officer } })).json();
    const grids: MapGrid[] = (await t.app.inject({ url: '/api/map', headers: { cookie: operator } })).json().grids;
    officerGrid = grids.find((g) => g.officer?.id === me.personId) as MapGrid;
  });
  afterAll(async () => t?.close());

  async function dispute(priority = 'urgent') {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/incidents',
      headers: { cookie: operator },
      payload: {
        source: 'call_110',
        categoryCode: 'dispute.neighbour',
        priority,
        summary: '邻里纠纷',
        location: { lng: officerGrid.centroid[0], lat: officerGrid.centroid[1] },
        dispatch: 'auto',
      },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().incident.duplicateOf).toBeNull();
    return res.json().incident as { id: string; orders: { id: string; ackDueAt: string }[] };
  }
  const move = (cookie: string, orderId: string, status: string, extra: Record<string, unknown> = {}) =>
    t.app.inject({
      method: 'PATCH',
      url: `/api/orders/${orderId}`,
      headers: { cookie },
      payload: { status, ...extra },
    });

  it('lets the assigned officer walk the order to resolved, one step at a time', async () => {
    const incident = await dispute('normal');
    const orderId = incident.orders[0]?.id ?? '';
    const mine = (await t.app.inject({ url: '/api/orders/mine', headers: { cookie: officer } })).json();
    expect(mine.map((o: { id: string }) => o.id)).toContain(orderId);
    expect((await move(officer, orderId, 'on_scene')).statusCode).toBe(400);
    for (const s of ['acknowledged', 'en_route', 'on_scene', 'resolved']) {
      const r = await move(officer, orderId, s);
      expect(r.statusCode, s).toBe(200);
      expect(r.json().status).toBe(s);
    }
    const d = (await t.app.inject({ url: `/api/incidents/${incident.id}`, headers: { cookie: operator } })).json();
    expect(d.status).toBe('resolved');
    expect(d.events.map((e: { kind: string }) => e.kind)).toEqual(
      expect.arrayContaining([
        'created',
        'dispatched',
        'order.acknowledged',
        'order.en_route',
        'order.on_scene',
        'order.resolved',
      ]),
    );
    const close = await t.app.inject({
      method: 'POST',
      url: `/api/incidents/${incident.id}/close`,
      headers: { cookie: operator },
      payload: { resultCode: 'mediated', note: '双方和解' },
    });
    expect(close.statusCode).toBe(200);
    const closed = (await t.app.inject({ url: `/api/incidents/${incident.id}`, headers: { cookie: operator } })).json();
    expect(closed.status).toBe('closed');
    expect(closed.orders[0].status).toBe('closed');
  });

  it('gives the officer’s list each order’s version and its incident’s summary and address', async () => {
    const incident = await dispute('normal');
    const orderId = incident.orders[0]?.id ?? '';
    const mine = (await t.app.inject({ url: '/api/orders/mine', headers: { cookie: officer } })).json() as {
      id: string;
      version: number;
      incidentSummary: string;
      incidentAddress: string | null;
    }[];
    const order = mine.find((o) => o.id === orderId);
    expect(order).toMatchObject({ incidentSummary: '邻里纠纷', version: expect.any(Number) });
    const stored = await t.db.query<{ address: string | null }>('SELECT address FROM incidents WHERE id = $1', [
      incident.id,
    ]);
    expect(order?.incidentAddress).toBe(stored.rows[0]?.address ?? null);
    // The version the list gave is the one a step must carry; afterwards it has moved on.
    const ack = await move(officer, orderId, 'acknowledged', { version: order?.version });
    expect(ack.statusCode).toBe(200);
    expect(ack.json().version).toBe((order?.version ?? 0) + 1);
    expect((await move(officer, orderId, 'en_route', { version: order?.version })).statusCode).toBe(409);
    // The order the dispatcher gets back at intake carries them too.
    const detail = (await t.app.inject({ url: `/api/incidents/${incident.id}`, headers: { cookie: operator } })).json();
    expect(detail.orders[0]).toMatchObject({ incidentSummary: '邻里纠纷', version: ack.json().version });
  });

  it('refuses an officer who is not the assignee, and a stale version', async () => {
    const incident = await dispute('normal');
    const orderId = incident.orders[0]?.id ?? '';
    const patrol = await loginAs(t, 'patrol_officer');
    const other = await move(patrol, orderId, 'acknowledged');
    expect(other.statusCode).toBe(403);
    const stale = await move(officer, orderId, 'acknowledged', { version: 99 });
    expect(stale.statusCode).toBe(409);
  });

  it('raises an alert when the acknowledge deadline passes, escalates on the second breach, and not after acknowledgement', async () => {
    const incident = await dispute('urgent');
    const orderId = incident.orders[0]?.id ?? '';
    t.clock.advance(61_000);
    await t.platform.jobs.runDue();
    let alerts = (await t.app.inject({ url: '/api/alerts?status=open', headers: { cookie: operator } })).json();
    const breach = alerts.find(
      (a: { orderId: string; kind: string }) => a.orderId === orderId && a.kind === 'deadline_breach',
    );
    expect(breach).toBeDefined();
    expect(breach.explanation.kind).toBe('ack');
    // The grid's officer sees the alert addressed to them.
    const officerAlerts = (await t.app.inject({ url: '/api/alerts?status=open', headers: { cookie: officer } })).json();
    expect(officerAlerts.some((a: { id: string }) => a.id === breach.id)).toBe(true);
    // Arrive deadline (5 min urban / 10 min otherwise) also missed: escalation to the leadership.
    t.clock.advance(10 * 60_000);
    await t.platform.jobs.runDue();
    alerts = (await t.app.inject({ url: '/api/alerts?status=open', headers: { cookie: operator } })).json();
    expect(
      alerts.some((a: { orderId: string; kind: string }) => a.orderId === orderId && a.kind === 'escalation'),
    ).toBe(true);
    const order = (await t.app.inject({ url: `/api/incidents/${incident.id}`, headers: { cookie: operator } })).json()
      .orders[0];
    expect(order.breaches).toEqual(['ack', 'arrive']);

    const calm = await dispute('urgent');
    const calmOrder = calm.orders[0]?.id ?? '';
    expect((await move(officer, calmOrder, 'acknowledged')).statusCode).toBe(200);
    t.clock.advance(61_000);
    await t.platform.jobs.runDue();
    alerts = (await t.app.inject({ url: '/api/alerts', headers: { cookie: operator } })).json();
    expect(
      alerts.some(
        (a: { orderId: string; explanation: { kind: string } }) =>
          a.orderId === calmOrder && a.explanation.kind === 'ack',
      ),
    ).toBe(false);
  });

  it('lists alerts by kind, a page at a time, and refuses bad filters with the field at fault', async () => {
    for (let i = 0; i < 3; i++) await dispute('urgent');
    t.clock.advance(11 * 60_000);
    await t.platform.jobs.runDue();
    type Alert = { id: string; kind: string; createdAt: string };
    const get = async (query: string) => t.app.inject({ url: `/api/alerts${query}`, headers: { cookie: operator } });
    const all = (await get('?kind=deadline_breach')).json() as Alert[];
    expect(all.length).toBeGreaterThanOrEqual(6);
    expect(new Set(all.map((a) => a.kind))).toEqual(new Set(['deadline_breach']));
    // Page through two at a time: the pages join up to the whole list, newest first, nothing twice.
    const pages: Alert[] = [];
    let cursor = '';
    for (;;) {
      const page = (await get(`?kind=deadline_breach&limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json() as Alert[];
      expect(page.length).toBeLessThanOrEqual(2);
      pages.push(...page);
      if (page.length < 2) break;
      cursor = page[page.length - 1]?.id ?? '';
    }
    expect(pages.map((a) => a.id)).toEqual(all.map((a) => a.id));
    const times = pages.map((a) => Date.parse(a.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const escalations = (await get('?kind=escalation&status=open')).json() as Alert[];
    expect(escalations.length).toBeGreaterThan(0);
    expect(escalations.every((a) => a.kind === 'escalation')).toBe(true);

    const cases: [string, string][] = [
      ['?kind=fire', 'querystring.kind'],
      ['?limit=0', 'querystring.limit'],
      ['?limit=201', 'querystring.limit'],
      ['?limit=ten', 'querystring.limit'],
      ['?cursor=not-an-id', 'querystring.cursor'],
      ['?cursor=00000000-0000-4000-8000-000000000000', 'querystring.cursor'],
    ];
    for (const [query, path] of cases) {
      const res = await get(query);
      expect(res.statusCode, query).toBe(400);
      expect(
        res.json().fields.map((f: { path: string }) => f.path),
        query,
      ).toContain(path);
    }
  });

  it('shows auxiliary officers on the board with their state', async () => {
    type Person = { personId: string; name: string; state: string; openOrders: number };
    const board = async () =>
      (await t.app.inject({ url: '/api/board', headers: { cookie: operator } })).json() as {
        officers: Person[];
        auxiliaries: Person[];
      };
    const before = await board();
    const kinds = await t.db.query<{ id: string; kind: string }>(
      `SELECT id, kind FROM persons WHERE id = ANY($1::uuid[])`,
      [[...before.officers, ...before.auxiliaries].map((p) => p.personId)],
    );
    const kindOf = new Map(kinds.rows.map((r) => [r.id, r.kind]));
    expect(before.auxiliaries.length).toBeGreaterThan(0);
    expect(before.auxiliaries.every((p) => kindOf.get(p.personId) === 'auxiliary')).toBe(true);
    expect(before.officers.every((p) => kindOf.get(p.personId) === 'officer')).toBe(true);
    const aux = before.auxiliaries.find((p) => p.state === 'available') as Person;
    const incident = await dispute('normal');
    const sent = await t.app.inject({
      method: 'POST',
      url: `/api/incidents/${incident.id}/orders`,
      headers: { cookie: operator },
      payload: { assignee: { kind: 'person', personId: aux.personId } },
    });
    expect(sent.statusCode).toBe(200);
    const after = (await board()).auxiliaries.find((p) => p.personId === aux.personId);
    expect(after).toMatchObject({ state: 'assigned', openOrders: 1 });
  });

  it('keeps deadline timers across a restart: a new server process finds and fires them once', async () => {
    const incident = await dispute('urgent');
    const orderId = incident.orders[0]?.id ?? '';
    // "Restart": a second platform and app over the same database, with its own job runner.
    const p2 = await createPlatform(testConfig(), {
      db: t.db,
      clock: t.clock,
      keys: TEST_KEYS,
      log: createLogger('silent'),
      migrated: true,
    });
    const { app: app2 } = await buildApp(p2);
    await app2.ready();
    t.clock.advance(70_000);
    expect(await p2.jobs.runDue()).toBeGreaterThan(0);
    expect(await t.platform.jobs.runDue()).toBe(0);
    const rows = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM command_alerts WHERE order_id = $1 AND kind = 'deadline_breach'`,
      [orderId],
    );
    expect(rows.rows[0]?.n).toBe(1);
    await app2.close();
    await p2.bus.close();
  });

  it('lets a team member claim a team order by acknowledging it', async () => {
    const grids: MapGrid[] = (await t.app.inject({ url: '/api/map', headers: { cookie: operator } })).json().grids;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/incidents',
      headers: { cookie: operator },
      payload: {
        source: 'call_110',
        categoryCode: 'criminal.fraud',
        summary: '电信诈骗被骗两万元',
        location: { lng: grids[7]?.centroid[0], lat: grids[7]?.centroid[1] },
        dispatch: 'auto',
      },
    });
    const order = res.json().incident.orders[0];
    expect(order.assigneeTeam).toBe('case');
    const caseOfficer = await loginAs(t, 'case_officer');
    const me = (await t.app.inject({ url: '/api/auth/me', headers: { cookie: caseOfficer } })).json();
    const ack = await move(caseOfficer, order.id, 'acknowledged');
    expect(ack.statusCode).toBe(200);
    expect(ack.json().assigneePersonId).toBe(me.personId);
  });

  it('transfers to another agency and dispatches extra units', async () => {
    const incident = await dispute('high');
    const units = (await t.app.inject({ url: '/api/map', headers: { cookie: operator } })).json().units;
    const extra = await t.app.inject({
      method: 'POST',
      url: `/api/incidents/${incident.id}/orders`,
      headers: { cookie: operator },
      payload: { assignee: { kind: 'unit', unitId: units[0].id }, note: '增派' },
    });
    expect(extra.statusCode).toBe(200);
    expect(extra.json().assigneeKind).toBe('unit');
    const transfer = await t.app.inject({
      method: 'POST',
      url: `/api/incidents/${incident.id}/orders`,
      headers: { cookie: operator },
      payload: { assignee: { kind: 'agency', agency: '镇综合执法队' } },
    });
    expect(transfer.json().status).toBe('transferred');
    const officerCannot = await t.app.inject({
      method: 'POST',
      url: `/api/incidents/${incident.id}/orders`,
      headers: { cookie: officer },
      payload: { assignee: { kind: 'agency', agency: 'x' } },
    });
    expect(officerCannot.statusCode).toBe(403);
  });
});
