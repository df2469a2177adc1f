import { CreateIncidentResponse } from '@fengqiao/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeOpenDemoIncidents, engineUnavailable, loginAs, startTestApp, type TestApp } from '../../../test/harness';

interface MapGrid {
  id: string;
  code: string;
  centroid: [number, number];
  officer: { id: string; name: string } | null;
  kind: string;
}

describe.skipIf(engineUnavailable)('command room intake, routing and dispatch', () => {
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

  const call = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: '/api/incidents', headers: { cookie: operator, ...headers }, payload: body });
  const at = (g: MapGrid) => ({ lng: g.centroid[0], lat: g.centroid[1] });

  it('routes a dispute to the grid’s community officer and dispatches it with deadlines', async () => {
    const g = grids[3] as MapGrid;
    const res = await call({
      source: 'call_110',
      categoryCode: 'dispute.neighbour',
      summary: '邻居因噪音发生争吵',
      description: '楼上楼下因装修噪音争吵',
      address: '建设路12号',
      location: at(g),
      callerName: '王先生',
      callerPhone: '13800138000',
      dispatch: 'auto',
    });
    expect(res.statusCode).toBe(201);
    // The route serializes without the schema's pass (trusted-reply.ts): the reply must be exactly what it lets through.
    expect(CreateIncidentResponse.parse(res.json())).toEqual(res.json());
    const { incident, created } = res.json();
    expect(created).toBe(true);
    expect(incident.gridCode).toBe(g.code);
    expect(incident.team).toBe('community');
    expect(incident.status).toBe('dispatched');
    expect(incident.callerPhone).toBe('138****8000');
    expect(incident.number).toMatch(/^JQ\d{8}\d{7}$/);
    expect(incident.orders).toHaveLength(1);
    const order = incident.orders[0];
    expect(order.assigneeKind).toBe('person');
    expect(order.assigneePersonId).toBe(g.officer?.id);
    expect(order.ackDueAt).not.toBeNull();
  });

  it('sends crime to the case team and street order to the patrol team', async () => {
    const g = grids[10] as MapGrid;
    const theft = (
      await call({
        source: 'call_110',
        categoryCode: 'criminal.theft',
        summary: '电动车被盗',
        location: at(g),
        dispatch: 'auto',
      })
    ).json().incident;
    expect(theft.team).toBe('case');
    expect(theft.orders[0]).toMatchObject({ assigneeKind: 'team', assigneeTeam: 'case' });
    const fight = (
      await call({
        source: 'call_110',
        categoryCode: 'public_order.fight',
        summary: '烧烤店门口有人打架',
        location: at(grids[12] as MapGrid),
        dispatch: 'auto',
      })
    ).json().incident;
    expect(fight.team).toBe('patrol');
    expect(['unit', 'team']).toContain(fight.orders[0].assigneeKind);
    expect(fight.priority).toBe('urgent');
  });

  it('suggests priority by rules: weapons mentioned make it urgent', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/incidents/suggest',
      headers: { cookie: operator },
      payload: { categoryCode: 'dispute.family', description: '丈夫拿着刀威胁妻子', location: at(grids[0] as MapGrid) },
    });
    expect(res.json()).toMatchObject({ priority: 'urgent', reason: '涉及刀枪或人员受伤' });
    expect(res.json().routing.gridCode).toBe(grids[0]?.code);
  });

  it('does not take a negated injury ("暂无人受伤") for an injury', async () => {
    const suggest = async (description: string) =>
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/incidents/suggest',
          headers: { cookie: operator },
          payload: { categoryCode: 'dispute.neighbour', description, location: at(grids[0] as MapGrid) },
        })
      ).json() as { priority: string; reason: string };
    for (const calm of ['两家争吵，暂无人受伤', '没有人员伤亡', '无人受伤']) {
      expect(await suggest(calm), calm).toMatchObject({ priority: 'normal', reason: 'category default' });
    }
    expect(await suggest('两家争吵，有人受伤')).toMatchObject({ priority: 'urgent', reason: '涉及刀枪或人员受伤' });
  });

  it('flags a point outside the jurisdiction for transfer instead of dispatching', async () => {
    const res = await call({
      source: 'call_110',
      categoryCode: 'traffic.accident',
      summary: '高速上两车追尾',
      location: { lng: 116.2, lat: 39.9 },
      dispatch: 'auto',
    });
    const i = res.json().incident;
    expect(i.outsideJurisdiction).toBe(true);
    expect(i.gridId).toBeNull();
    expect(i.orders).toHaveLength(0);
    const alerts = (await t.app.inject({ url: '/api/alerts?status=open', headers: { cookie: operator } })).json();
    expect(
      alerts.some(
        (a: { kind: string; incidentId: string }) => a.kind === 'outside_jurisdiction' && a.incidentId === i.id,
      ),
    ).toBe(true);
  });

  it('yields one incident for a repeated Idempotency-Key or source id', async () => {
    const body = {
      source: 'call_110',
      categoryCode: 'help.lost_property',
      summary: '钱包遗失',
      location: at(grids[20] as MapGrid),
    };
    const a = await call(body, { 'idempotency-key': 'key-0001-abcdef' });
    const b = await call(body, { 'idempotency-key': 'key-0001-abcdef' });
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(200);
    expect(b.json().incident.id).toBe(a.json().incident.id);
    expect(b.json().created).toBe(false);
    expect(CreateIncidentResponse.parse(b.json())).toEqual(b.json());
    const c = await call({ ...body, source: 'camera', sourceRef: 'cam-7:evt-99' });
    const d = await call({ ...body, source: 'camera', sourceRef: 'cam-7:evt-99' });
    expect(d.json().incident.id).toBe(c.json().incident.id);
    const same = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM incidents WHERE idempotency_key = 'key-0001-abcdef' OR source_ref = 'cam-7:evt-99'`,
    );
    expect(same.rows[0]?.n).toBe(2);
  });

  it('links a near-duplicate to the first report instead of dropping it', async () => {
    const g = grids[25] as MapGrid;
    const first = (
      await call({
        source: 'call_110',
        categoryCode: 'traffic.congestion',
        summary: '路口严重拥堵',
        location: at(g),
        dispatch: 'auto',
      })
    ).json().incident;
    const second = (
      await call({
        source: 'online',
        categoryCode: 'traffic.congestion',
        summary: '路口堵死了',
        location: { lng: g.centroid[0] + 0.0005, lat: g.centroid[1] },
        dispatch: 'auto',
      })
    ).json().incident;
    expect(second.id).not.toBe(first.id);
    expect(second.duplicateOf).toBe(first.id);
    expect(second.orders).toHaveLength(0);
    const detail = (await t.app.inject({ url: `/api/incidents/${first.id}`, headers: { cookie: operator } })).json();
    expect(detail.duplicates.map((x: { id: string }) => x.id)).toEqual([second.id]);
  });

  it('refuses bad input with the fields at fault and stores nothing', async () => {
    const before = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM incidents')).rows[0]?.n;
    const cases: [Record<string, unknown>, string][] = [
      [{ source: 'call_110', categoryCode: 'nope', summary: '测试测试', address: 'x' }, 'body.categoryCode'],
      [
        { source: 'call_110', categoryCode: 'dispute', summary: '测试测试', address: 'x', callerPhone: '12345' },
        'body.callerPhone',
      ],
      [{ source: 'fax', categoryCode: 'dispute', summary: '测试测试', address: 'x' }, 'body.source'],
      [{ source: 'call_110', categoryCode: 'dispute', summary: '测', address: 'x' }, 'body.summary'],
      [
        { source: 'call_110', categoryCode: 'dispute', summary: '测试测试', location: { lng: 500, lat: 39 } },
        'body.location.lng',
      ],
      [{ source: 'call_110', categoryCode: 'dispute', summary: '测试测试' }, 'body.location'],
      [
        {
          source: 'call_110',
          categoryCode: 'dispute',
          summary: '测试测试',
          address: 'x',
          persons: [{ role: 'victim', idNumber: '110105194912310021' }],
        },
        'body.persons.0.idNumber',
      ],
    ];
    for (const [body, path] of cases) {
      const res = await call(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().fields.map((f: { path: string }) => f.path)).toContain(path);
    }
    expect(
      (await call({ source: 'call_110', categoryCode: 'dispute', summary: 'x'.repeat(201), address: 'x' })).statusCode,
    ).toBe(400);
    const after = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM incidents')).rows[0]?.n;
    expect(after).toBe(before);
  });
});
