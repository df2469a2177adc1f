import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeOpenDemoIncidents, engineUnavailable, loginAs, startTestApp, type TestApp } from '../../../test/harness';
import {
  type IncidentToInsert,
  insertIncidents,
  type NearDuplicateProbe,
  type NewIncident,
} from './incidents.repository';

interface MapGrid {
  id: string;
  code: string;
  centroid: [number, number];
}

interface Reply {
  status: number;
  id: string;
  created: boolean;
  number: string;
  duplicateOf: string | null;
  orders: unknown[];
}

/**
 * Concurrent reports are stored in batches (group commit, one transaction
 * and set-based statements per batch). A burst must come out exactly as if
 * the reports had been stored one by one: one incident per idempotency key,
 * near-duplicates linked to the first, one order and its timers per
 * dispatched report, one audit entry each, an early warning raised once by
 * the report that reached the threshold.
 */
describe.skipIf(engineUnavailable)('command room intake in batches', () => {
  let t: TestApp;
  let operator: string;
  let grids: MapGrid[];
  beforeAll(async () => {
    t = await startTestApp();
    await closeOpenDemoIncidents(t);
    operator = await loginAs(t, 'command_operator');
    grids = (await t.app.inject({ url: '/api/map', headers: { cookie: operator } })).json().grids;
  });
  afterAll(async () => t?.close());

  const call = async (body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Reply> => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/incidents',
      headers: { cookie: operator, ...headers },
      payload: body,
    });
    const j = res.json();
    return {
      status: res.statusCode,
      id: j.incident?.id,
      created: j.created,
      number: j.incident?.number,
      duplicateOf: j.incident?.duplicateOf ?? null,
      orders: j.incident?.orders ?? [],
    };
  };
  const at = (g: MapGrid, dx = 0) => ({ lng: g.centroid[0] + dx, lat: g.centroid[1] });
  const grid = (i: number) => grids[i % grids.length] as MapGrid;

  it('stores a burst of concurrent reports as one-by-one intake would', async () => {
    const batchesBefore = t.modules.incidents.intake.batchSizes.length;
    const tag = `B${Date.now().toString(36)}`;
    const address = `批量测试路${tag}号`;
    const same = {
      source: 'call_110',
      categoryCode: 'help.lost_property',
      summary: `${tag} 钱包遗失`,
      location: at(grid(3)),
    };
    const burst: Promise<Reply>[] = [
      // Five submissions of one report with one key.
      ...Array.from({ length: 5 }, () => call(same, { 'idempotency-key': `${tag}-key-1` })),
      // Four reports of one traffic jam, close together: the first is dispatched, the rest link to it.
      ...Array.from({ length: 4 }, (_, i) =>
        call({
          source: i === 0 ? 'call_110' : 'online',
          categoryCode: 'traffic.congestion',
          summary: `${tag} 路口拥堵 ${i}`,
          location: at(grid(7), i * 0.0002),
          dispatch: 'auto',
        }),
      ),
      // Three disputes at one address, far apart on the map (no near-duplicates): the rule's threshold is 3.
      ...[11, 17, 23].map((g, i) =>
        call({
          source: 'call_110',
          categoryCode: 'dispute.neighbour',
          summary: `${tag} 邻里纠纷 ${i}`,
          address,
          location: at(grid(g)),
        }),
      ),
      // Twenty ordinary reports, auto-dispatched, each in a grid of its own category.
      ...Array.from({ length: 20 }, (_, i) =>
        call({
          source: 'call_110',
          categoryCode: i % 2 ? 'criminal.theft' : 'public_order.fight',
          summary: `${tag} 普通警情 ${i}`,
          location: at(grid(30 + i)),
          dispatch: 'auto',
        }),
      ),
    ];
    const replies = await Promise.all(burst);
    const sizes = t.modules.incidents.intake.batchSizes.slice(batchesBefore);
    // The burst really was stored in batches, not one by one.
    expect(Math.max(...sizes)).toBeGreaterThan(1);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(replies.length);

    const keyed = replies.slice(0, 5);
    expect(new Set(keyed.map((r) => r.id)).size).toBe(1);
    expect(keyed.filter((r) => r.created)).toHaveLength(1);
    expect(keyed.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);

    const jam = replies.slice(5, 9);
    const first = jam.filter((r) => r.duplicateOf === null);
    expect(first).toHaveLength(1);
    const firstJam = first[0] as Reply;
    expect(firstJam.orders).toHaveLength(1);
    for (const r of jam.filter((x) => x !== firstJam)) {
      expect(r.duplicateOf).toBe(firstJam.id);
      expect(r.orders).toHaveLength(0);
      // Linked to the report stored first.
      expect(r.number > firstJam.number).toBe(true);
    }

    const ordinary = replies.slice(12);
    for (const r of ordinary) {
      expect(r.status).toBe(201);
      expect(r.duplicateOf).toBeNull();
      expect(r.orders).toHaveLength(1);
    }

    const ids = [...new Set(replies.map((r) => r.id))];
    expect(ids).toHaveLength(1 + 4 + 3 + 20);
    const stored = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM incidents WHERE summary LIKE $1', [
      `${tag}%`,
    ]);
    expect(stored.rows[0]?.n).toBe(ids.length);
    const audited = await t.db.query<{ resource_id: string }>(
      `SELECT resource_id FROM audit_log WHERE action = 'incident.create' AND resource_id = ANY($1::text[])`,
      [ids],
    );
    expect(audited.rows.map((r) => r.resource_id).sort()).toEqual([...ids].sort());
    const dispatched = [firstJam, ...ordinary].map((r) => r.id);
    const orders = await t.db.query<{ incident_id: string; id: string; timers: number }>(
      `SELECT o.incident_id, o.id,
              (SELECT count(*)::int FROM jobs j WHERE j.dedupe_key LIKE 'deadline:' || o.id || ':%') AS timers
         FROM dispatch_orders o WHERE o.incident_id = ANY($1::uuid[])`,
      [ids],
    );
    expect(orders.rows.map((o) => o.incident_id).sort()).toEqual([...dispatched].sort());
    for (const o of orders.rows) expect(o.timers).toBeGreaterThanOrEqual(2);
    const events = await t.db.query<{ incident_id: string; kind: string }>(
      `SELECT incident_id, kind FROM incident_events WHERE incident_id = ANY($1::uuid[]) AND kind IN ('created', 'dispatched')`,
      [ids],
    );
    expect(events.rows.filter((e) => e.kind === 'created')).toHaveLength(ids.length);
    expect(
      events.rows
        .filter((e) => e.kind === 'dispatched')
        .map((e) => e.incident_id)
        .sort(),
    ).toEqual([...dispatched].sort());

    // The repeat-address rule fired once, on the third dispute (the one stored last), counting three.
    const disputes = replies.slice(9, 12).sort((a, b) => (a.number < b.number ? -1 : 1));
    const alerts = await t.db.query<{ incident_id: string; explanation: { count: number } }>(
      `SELECT incident_id, explanation FROM command_alerts WHERE kind = 'early_warning' AND incident_id = ANY($1::uuid[])`,
      [disputes.map((d) => d.id)],
    );
    expect(alerts.rows).toHaveLength(1);
    expect(alerts.rows[0]?.incident_id).toBe(disputes[2]?.id);
    expect(alerts.rows[0]?.explanation.count).toBe(3);

    // Once the window's alert exists, later reports skip the probe: a fourth dispute at the address raises
    // nothing more, while a burst at another address still raises its own alert.
    const dispute = (addr: string, g: number, i: number) =>
      call({
        source: 'call_110',
        categoryCode: 'dispute.neighbour',
        summary: `${tag} 邻里纠纷 ${addr} ${i}`,
        address: addr,
        location: at(grid(g)),
      });
    await dispute(address, 29, 4);
    const other = `批量测试街${tag}号`;
    const later = await Promise.all([13, 19, 25].map((g, i) => dispute(other, g, i)));
    const perAddress = await t.db.query<{ subject: string; n: number; count: number }>(
      `SELECT explanation->>'subject' AS subject, count(*)::int AS n, max((explanation->>'count')::int) AS count
         FROM command_alerts WHERE kind = 'early_warning' AND explanation->>'subject' = ANY($1::text[]) GROUP BY 1`,
      [[address, other]],
    );
    expect(perAddress.rows.sort((a, b) => (a.subject < b.subject ? -1 : 1))).toEqual(
      [
        { subject: address, n: 1, count: 3 },
        { subject: other, n: 1, count: 3 },
      ].sort((a, b) => (a.subject < b.subject ? -1 : 1)),
    );
    expect(later.every((r) => r.status === 201)).toBe(true);
  });

  it('resolves near-duplicates among the reports of one call in order, as storing them one by one would', async () => {
    const g = grid(5);
    const stationId = (await t.db.query<{ id: string }>('SELECT station_id AS id FROM grids WHERE id = $1', [g.id]))
      .rows[0]?.id as string;
    const tag = `N${Date.now().toString(36)}`;
    const now = new Date();
    const since = new Date(now.getTime() - 1000);
    const r = 0.001;
    const [x0, y0] = g.centroid;
    const item = (over: Partial<NewIncident>, probe: NearDuplicateProbe | null): IncidentToInsert => ({
      id: randomUUID(),
      incident: {
        stationId,
        numberPrefix: 'JQT',
        source: 'call_110',
        sourceRef: null,
        idempotencyKey: null,
        categoryCode: 'fire_disaster.fire',
        priority: 'normal',
        priorityReason: null,
        status: 'new',
        summary: `${tag} 火情`,
        description: '',
        address: null,
        addressKey: null,
        lng: null,
        lat: null,
        gridId: null,
        outsideJurisdiction: false,
        team: 'patrol',
        responsiblePersonId: null,
        unitId: null,
        callerName: null,
        callerPhone: null,
        persons: [],
        vehicles: [],
        publicToken: null,
        createdBy: null,
        reportedAt: now,
        now,
        ...over,
      },
      nearDuplicate: probe,
      gridCode: g.code,
      createdEvent: { actorId: null, actorName: 'test', details: {} },
      dispatch: null,
    });
    const near = (dx: number, over: Partial<NewIncident> = {}) =>
      item(
        { lng: x0 + dx * r, lat: y0, gridId: g.id, ...over },
        {
          kind: 'point',
          since,
          gridId: g.id,
          lng: x0 + dx * r,
          lat: y0,
          radiusDeg: r,
        },
      );
    const byAddress = () =>
      item(
        { address: `${tag}路1号`, addressKey: `${tag}路1号` },
        { kind: 'address', since, addressKey: `${tag}路1号` },
      );
    const key = `${tag}-stored`;
    // A report stored earlier with an idempotency key, at the centre.
    const [stored] = await t.db.tx((tx) => insertIncidents(tx, [near(-5, { idempotencyKey: key })]));
    expect(stored?.row.duplicate_of).toBeNull();

    const calls = [
      near(0, { idempotencyKey: key }), // repeats the stored submission: not inserted, nobody's original
      near(0), // A: the stored report is 5 radii away: an original
      near(0.6), // B: near A
      near(1.2), // C: near B (a duplicate) but not A: an original
      near(1.3), // D: near C
      near(0, { categoryCode: 'traffic.congestion' }), // another category: an original
      byAddress(), // G
      byAddress(), // H: same address and category as G
    ];
    const out = await t.db.tx((tx) => insertIncidents(tx, calls));
    const dup = out.map((o) => (o ? o.row.duplicate_of : 'not inserted'));
    const id = (i: number) => calls[i]?.id;
    expect(dup).toEqual(['not inserted', null, id(1), null, id(3), null, null, id(6)]);
    // Stored as returned.
    const rows = await t.db.query<{ id: string; duplicate_of: string | null }>(
      'SELECT id, duplicate_of FROM incidents WHERE id = ANY($1::uuid[])',
      [calls.map((c) => c.id)],
    );
    expect(new Map(rows.rows.map((x) => [x.id, x.duplicate_of]))).toEqual(
      new Map(out.flatMap((o) => (o ? [[o.row.id, o.row.duplicate_of]] : []))),
    );
  });

  it('answers a report the database refuses with its own error and stores the rest of its batch', async () => {
    // A stand-in for a row the database refuses after the report passed every check in the server.
    await t.db.exec(`
      CREATE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.summary LIKE '%REFUSE%' THEN RAISE EXCEPTION 'refused by the test' USING ERRCODE = '23514'; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER test_refuse BEFORE INSERT ON incidents FOR EACH ROW EXECUTE FUNCTION test_refuse();`);
    try {
      const batchesBefore = t.modules.incidents.intake.batchSizes.length;
      const tag = `C${Date.now().toString(36)}`;
      const report = (i: number, word = '好') =>
        call({
          source: 'call_110',
          // A category the burst above did not use: no report here repeats one of those.
          categoryCode: 'criminal.fraud',
          summary: `${tag} ${word} ${i}`,
          location: at(grid(40 + i)),
          dispatch: 'auto',
        });
      const replies = await Promise.all([report(0), report(1), report(2), report(3, 'REFUSE'), report(4), report(5)]);
      expect(Math.max(...t.modules.incidents.intake.batchSizes.slice(batchesBefore))).toBeGreaterThan(1);
      expect(replies.map((r) => r.status === 201)).toEqual([true, true, true, false, true, true]);
      expect(replies[3]?.status).toBeGreaterThanOrEqual(400);
      const stored = await t.db.query<{ summary: string; orders: number }>(
        `SELECT summary, (SELECT count(*)::int FROM dispatch_orders o WHERE o.incident_id = i.id) AS orders
           FROM incidents i WHERE summary LIKE $1 ORDER BY summary`,
        [`${tag}%`],
      );
      expect(stored.rows).toEqual([0, 1, 2, 4, 5].map((i) => ({ summary: `${tag} 好 ${i}`, orders: 1 })));
    } finally {
      await t.db.exec('DROP TRIGGER test_refuse ON incidents; DROP FUNCTION test_refuse();');
    }
  });
});
