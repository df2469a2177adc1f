import { DEFAULT_DEADLINES } from '@fengqiao/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineUnavailable, loginAs, startTestApp, type TestApp } from '../../../test/harness';

interface MapGrid {
  id: string;
  code: string;
  centroid: [number, number];
}

/**
 * Station leaders configure the command room; each change is validated,
 * audited, and takes effect on the next report at once (the configuration
 * snapshot is dropped when the change commits).
 */
describe.skipIf(engineUnavailable)('command room configuration', () => {
  let t: TestApp;
  let leader: string;
  let operator: string;
  let grid: MapGrid;

  const send = (cookie: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: { cookie }, ...(payload === undefined ? {} : { payload }) });
  const fieldsOf = (res: { json: () => { fields?: { path: string; code: string }[] } }) =>
    (res.json().fields ?? []).map((f) => f.path);
  const audited = async (action: string, resourceId: string) =>
    (
      await t.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM audit_log WHERE action = $1 AND resource_id = $2 AND actor_name = 'leader'`,
        [action, resourceId],
      )
    ).rows[0]?.n ?? 0;
  const report = (body: Record<string, unknown>) => send(operator, 'POST', '/api/incidents', body);

  beforeAll(async () => {
    t = await startTestApp();
    leader = await loginAs(t, 'station_leader');
    operator = await loginAs(t, 'command_operator');
    grid = (await send(operator, 'GET', '/api/map')).json().grids[9] as MapGrid;
  });
  afterAll(async () => t?.close());

  it('priority rules: create and update take effect on the next suggestion', async () => {
    const list = await send(operator, 'GET', '/api/incidents/config/priority-rules');
    expect(list.statusCode).toBe(200);
    // Seeded in English, renamed by migration 20261128T2310 so the configuration page shows Chinese.
    expect(list.json().map((r: { name: string }) => r.name)).toEqual(
      expect.arrayContaining([
        '涉及刀枪或人员受伤',
        '儿童或老人走失',
        '违法犯罪正在发生',
        '夜间治安警情',
        '视频监控预警',
      ]),
    );
    const warnings = await send(operator, 'GET', '/api/incidents/config/warning-rules');
    expect(warnings.json().map((r: { name: string }) => r.name)).toEqual(
      expect.arrayContaining(['同一地址 30 天内 3 起纠纷', '同一号码 7 天内来电 5 次', '同一网格 7 天内 3 起盗窃']),
    );
    for (const r of [...list.json(), ...warnings.json()] as { name: string }[])
      expect(r.name).toMatch(/\p{Script=Han}/u);
    const suggest = async () =>
      (
        await send(operator, 'POST', '/api/incidents/suggest', {
          categoryCode: 'help.locked_out',
          description: '独居老人被锁在门外',
        })
      ).json();
    expect(await suggest()).toMatchObject({ priority: 'low', reason: 'category default' });

    const created = await send(leader, 'POST', '/api/incidents/config/priority-rules', {
      name: 'Elderly person involved',
      categoryPrefix: 'help',
      keywords: ['老人'],
      priority: 'high',
    });
    expect(created.statusCode, created.body).toBe(201);
    const rule = created.json();
    expect(rule).toMatchObject({ categoryPrefix: 'help', sources: [], nightOnly: false, sort: 100, active: true });
    expect(await suggest()).toMatchObject({ priority: 'high', reason: 'Elderly person involved' });
    expect(await audited('priority_rule.create', rule.id)).toBe(1);

    const updated = await send(leader, 'PUT', `/api/incidents/config/priority-rules/${rule.id}`, {
      ...rule,
      id: undefined,
      priority: 'urgent',
    });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json().priority).toBe('urgent');
    expect(await suggest()).toMatchObject({ priority: 'urgent' });
    expect(await audited('priority_rule.update', rule.id)).toBe(1);

    const missing = await send(
      leader,
      'PUT',
      '/api/incidents/config/priority-rules/00000000-0000-4000-8000-000000000001',
      {
        name: 'x y',
        priority: 'low',
      },
    );
    expect(missing.statusCode).toBe(404);

    const bad: [Record<string, unknown>, string][] = [
      [{ name: 'Bad priority', priority: 'critical' }, 'body.priority'],
      [{ name: 'Unknown category', categoryPrefix: 'nope', priority: 'high' }, 'body.categoryPrefix'],
      [{ name: 'Malformed category', categoryPrefix: 'Help Me', priority: 'high' }, 'body.categoryPrefix'],
      [{ name: 'Bad source', sources: ['fax'], priority: 'high' }, 'body.sources.0'],
      [{ name: '', priority: 'high' }, 'body.name'],
    ];
    for (const [body, path] of bad) {
      const res = await send(leader, 'POST', '/api/incidents/config/priority-rules', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(fieldsOf(res), JSON.stringify(body)).toContain(path);
    }
    // Reading is for staff; changing for leaders.
    expect(
      (await send(operator, 'POST', '/api/incidents/config/priority-rules', { name: 'x y', priority: 'low' }))
        .statusCode,
    ).toBe(403);
  });

  it('warning rules: a new rule raises its alert on the next matching report', async () => {
    const list = (await send(operator, 'GET', '/api/incidents/config/warning-rules')).json();
    expect(list.map((r: { kind: string }) => r.kind).sort()).toEqual(['grid_surge', 'repeat_address', 'repeat_caller']);

    const bad: [Record<string, unknown>, string][] = [
      [{ name: 'Too low', kind: 'repeat_address', threshold: 1, windowDays: 7 }, 'body.threshold'],
      [{ name: 'Too long', kind: 'repeat_address', threshold: 2, windowDays: 400 }, 'body.windowDays'],
      [{ name: 'Bad kind', kind: 'weather', threshold: 2, windowDays: 7 }, 'body.kind'],
      [
        {
          name: 'Unknown category',
          kind: 'repeat_address',
          categoryPrefixes: ['help', 'ghost'],
          threshold: 2,
          windowDays: 7,
        },
        'body.categoryPrefixes.1',
      ],
    ];
    for (const [body, path] of bad) {
      const res = await send(leader, 'POST', '/api/incidents/config/warning-rules', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(fieldsOf(res), JSON.stringify(body)).toContain(path);
    }

    const created = await send(leader, 'POST', '/api/incidents/config/warning-rules', {
      name: 'Two requests for help at one address within 7 days',
      kind: 'repeat_address',
      categoryPrefixes: ['help'],
      threshold: 2,
      windowDays: 7,
      target: 'command_room',
    });
    expect(created.statusCode, created.body).toBe(201);
    const rule = created.json();
    expect(await audited('warning_rule.create', rule.id)).toBe(1);

    const address = '清溪镇配置测试路7号';
    expect(
      (await report({ source: 'walk_in', categoryCode: 'help.lost_property', summary: '钱包丢失', address }))
        .statusCode,
    ).toBe(201);
    const second = await report({ source: 'walk_in', categoryCode: 'help.locked_out', summary: '被锁门外', address });
    expect(second.statusCode).toBe(201);
    const alerts = (await send(operator, 'GET', '/api/alerts?status=open')).json();
    const raised = alerts.find(
      (a: { kind: string; incidentId: string; explanation: { rule?: { id: string } } }) =>
        a.kind === 'early_warning' && a.explanation.rule?.id === rule.id,
    );
    expect(raised).toBeDefined();
    expect(raised.incidentId).toBe(second.json().incident.id);
    expect(raised.explanation.count).toBe(2);

    const off = await send(leader, 'PUT', `/api/incidents/config/warning-rules/${rule.id}`, {
      name: rule.name,
      kind: rule.kind,
      categoryPrefixes: rule.categoryPrefixes,
      threshold: 3,
      windowDays: 7,
      active: false,
    });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json()).toMatchObject({ threshold: 3, active: false, target: 'community_officer' });
    expect(await audited('warning_rule.update', rule.id)).toBe(1);
    const missing = await send(
      leader,
      'PUT',
      '/api/incidents/config/warning-rules/00000000-0000-4000-8000-000000000001',
      {
        name: 'x y',
        kind: 'repeat_caller',
        threshold: 3,
        windowDays: 7,
      },
    );
    expect(missing.statusCode).toBe(404);
  });

  it('warning rules: all rules in one statement; an alert counts its reports and lists the ten latest', async () => {
    const created = await send(leader, 'POST', '/api/incidents/config/warning-rules', {
      name: 'Twelve calls for help from one number within 7 days',
      kind: 'repeat_caller',
      categoryPrefixes: ['help'],
      threshold: 12,
      windowDays: 7,
      target: 'command_room',
    });
    expect(created.statusCode, created.body).toBe(201);
    const rule = created.json();
    const made: { id: string; number: string }[] = [];
    for (let i = 0; i < 12; i++) {
      t.clock.advance(1000);
      // Twelve places, so none is a near-duplicate of another (those are not counted).
      const res = await report({
        source: 'call_110',
        categoryCode: 'help.lost_property',
        summary: `计数测试${i}`,
        address: `清溪镇计数测试路${i + 1}号`,
        callerPhone: '13911112222',
      });
      expect(res.statusCode, res.body).toBe(201);
      made.push(res.json().incident);
    }
    const alerts = (
      await t.db.query<{
        incident_id: string;
        rule_id: string;
        title: string;
        explanation: { count: number; incidents: { number: string }[] };
      }>(
        `SELECT incident_id, rule_id, title, explanation FROM command_alerts
          WHERE kind = 'early_warning' AND incident_id = ANY($1::uuid[])`,
        [made.map((m) => m.id)],
      )
    ).rows;
    const ours = alerts.filter((a) => a.rule_id === rule.id);
    expect(ours).toHaveLength(1);
    expect(ours[0]?.incident_id).toBe(made[11]?.id);
    expect(ours[0]?.title).toContain('7 天内 12 起');
    expect(ours[0]?.explanation.count).toBe(12);
    expect(ours[0]?.explanation.incidents.map((x) => x.number)).toEqual(
      made
        .slice(2)
        .reverse()
        .map((m) => m.number),
    );
    // The seeded caller rule (five calls from one number within 7 days) fired on the fifth report.
    const seeded = alerts.filter((a) => a.rule_id !== rule.id);
    expect(seeded).toHaveLength(1);
    expect(seeded[0]?.title).toContain('同一来电号码');
    expect(seeded[0]?.incident_id).toBe(made[4]?.id);
    expect(seeded[0]?.explanation.count).toBe(5);
  });

  it('categories: a new sub-category is reportable at once; an inactive one is refused; bad codes are 400', async () => {
    const created = await send(leader, 'POST', '/api/incidents/config/categories', {
      code: 'dispute.pets',
      nameZh: '宠物纠纷',
      nameEn: 'Pet dispute',
      open311: true,
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      code: 'dispute.pets',
      parentCode: 'dispute',
      team: 'community',
      defaultPriority: 'normal',
      open311: true,
      active: true,
      sort: 66,
    });
    expect(await audited('category.create', 'dispute.pets')).toBe(1);
    const pets = await report({
      source: 'call_110',
      categoryCode: 'dispute.pets',
      summary: '狗咬人引发纠纷',
      location: { lng: grid.centroid[0], lat: grid.centroid[1] },
    });
    expect(pets.statusCode, pets.body).toBe(201);
    expect(pets.json().incident.team).toBe('community');

    const bad: [Record<string, unknown>, string, string][] = [
      [{ code: 'ghost.sub', nameZh: '幽灵', nameEn: 'Ghost' }, 'body.code', 'unknown_parent'],
      [{ code: 'Dispute.X', nameZh: '坏', nameEn: 'Bad' }, 'body.code', 'invalid_format'],
      [{ code: 'dispute.a.b', nameZh: '坏', nameEn: 'Bad' }, 'body.code', 'invalid_format'],
      [{ code: 'pets', nameZh: '宠物', nameEn: 'Pets' }, 'body.code', 'subcategory_required'],
      [{ code: 'dispute.noise', nameZh: '噪音', nameEn: 'Noise', team: 'swat' }, 'body.team', 'invalid_value'],
      [{ code: 'dispute.noise', nameZh: '', nameEn: 'Noise' }, 'body.nameZh', 'too_small'],
    ];
    for (const [body, path, code] of bad) {
      const res = await send(leader, 'POST', '/api/incidents/config/categories', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      const f = (res.json().fields as { path: string; code: string }[]).find((x) => x.path === path);
      expect(f?.code, JSON.stringify(body)).toBe(code);
    }
    const again = await send(leader, 'POST', '/api/incidents/config/categories', {
      code: 'dispute.pets',
      nameZh: '宠物纠纷',
      nameEn: 'Pet dispute',
    });
    expect(again.statusCode).toBe(409);

    const off = await send(leader, 'PUT', '/api/incidents/config/categories/dispute.pets', {
      active: false,
      defaultPriority: 'low',
      nameEn: 'Pet-related dispute',
    });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json()).toMatchObject({
      active: false,
      defaultPriority: 'low',
      nameEn: 'Pet-related dispute',
      nameZh: '宠物纠纷',
    });
    expect(await audited('category.update', 'dispute.pets')).toBe(1);
    const refused = await report({
      source: 'call_110',
      categoryCode: 'dispute.pets',
      summary: '又是狗',
      address: 'x路1号',
    });
    expect(refused.statusCode).toBe(400);
    expect(fieldsOf(refused)).toContain('body.categoryCode');
    const all = (await send(operator, 'GET', '/api/incidents/config/categories')).json();
    expect(all.find((c: { code: string }) => c.code === 'dispute.pets')).toMatchObject({ active: false });
    // Inactive ones included: every stored category (other modules' migrations add their own).
    const stored = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM incident_categories');
    expect(all.length).toBe(stored.rows[0]?.n);

    expect(
      (await send(leader, 'PUT', '/api/incidents/config/categories/dispute.ghost', { active: false })).statusCode,
    ).toBe(404);
    const empty = await send(leader, 'PUT', '/api/incidents/config/categories/dispute.pets', {});
    expect(empty.statusCode).toBe(400);
    const badTeam = await send(leader, 'PUT', '/api/incidents/config/categories/dispute.pets', { team: 'swat' });
    expect(fieldsOf(badTeam)).toContain('body.team');
  });

  it('deadlines per priority: new orders get the new deadlines; contradictions are refused', async () => {
    const current = await send(operator, 'GET', '/api/incidents/config/deadlines');
    expect(current.json()).toEqual(DEFAULT_DEADLINES);
    const next = { ...DEFAULT_DEADLINES, urgent: { ...DEFAULT_DEADLINES.urgent, ack: 120 } };
    const put = await send(leader, 'PUT', '/api/incidents/config/deadlines', next);
    expect(put.statusCode, put.body).toBe(200);
    expect((await send(operator, 'GET', '/api/incidents/config/deadlines')).json()).toEqual(next);
    expect(await audited('setting.update', 'dispatch.deadlines')).toBe(1);

    const res = await report({
      source: 'call_110',
      categoryCode: 'public_order.fight',
      priority: 'urgent',
      summary: '酒后斗殴',
      location: { lng: grid.centroid[0], lat: grid.centroid[1] },
      dispatch: 'auto',
    });
    const order = res.json().incident.orders[0];
    expect(new Date(order.ackDueAt).getTime() - new Date(order.issuedAt).getTime()).toBe(120_000);

    const { low: _low, ...withoutLow } = next;
    const bad: [object, string][] = [
      [withoutLow, 'body.low'],
      [{ ...next, critical: next.urgent }, 'body'],
      [{ ...next, normal: { ...next.normal, ack: 5 } }, 'body.normal.ack'],
      [{ ...next, normal: { ...next.normal, ack: 'soon' } }, 'body.normal.ack'],
      [{ ...next, high: { ...next.high, ack: 3600 } }, 'body.high.arriveUrban'],
      [{ ...next, low: { ...next.low, resolve: 600 } }, 'body.low.resolve'],
    ];
    for (const [body, path] of bad) {
      const r = await send(leader, 'PUT', '/api/incidents/config/deadlines', body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(fieldsOf(r), JSON.stringify(body)).toContain(path);
    }
    expect((await send(operator, 'GET', '/api/incidents/config/deadlines')).json()).toEqual(next);
  });

  it('intake settings: switching near-duplicate linking off takes effect at once', async () => {
    expect((await send(operator, 'GET', '/api/incidents/config/intake')).json()).toEqual({
      duplicateWindowMinutes: 30,
      duplicateRadiusM: 300,
    });
    const body = {
      source: 'call_110',
      categoryCode: 'traffic.congestion',
      summary: '路口堵车',
      location: { lng: grid.centroid[0], lat: grid.centroid[1] },
    };
    const a = (await report(body)).json().incident;
    // Linked to the first report of the spot (ours, or an earlier open one from the demo history).
    expect((await report(body)).json().incident.duplicateOf).toBe(a.duplicateOf ?? a.id);
    const put = await send(leader, 'PUT', '/api/incidents/config/intake', {
      duplicateWindowMinutes: 0,
      duplicateRadiusM: 300,
    });
    expect(put.statusCode, put.body).toBe(200);
    expect((await report(body)).json().incident.duplicateOf).toBeNull();
    expect(await audited('setting.update', 'intake')).toBe(1);
    for (const [payload, path] of [
      [{ duplicateWindowMinutes: 30, duplicateRadiusM: 5 }, 'body.duplicateRadiusM'],
      [{ duplicateWindowMinutes: -1, duplicateRadiusM: 300 }, 'body.duplicateWindowMinutes'],
      [{ duplicateWindowMinutes: 30 }, 'body.duplicateRadiusM'],
    ] as const) {
      const r = await send(leader, 'PUT', '/api/incidents/config/intake', payload);
      expect(r.statusCode).toBe(400);
      expect(fieldsOf(r)).toContain(path);
    }
    expect((await send(operator, 'GET', '/api/incidents/config/intake')).json()).toEqual({
      duplicateWindowMinutes: 0,
      duplicateRadiusM: 300,
    });
    expect(
      (
        await send(operator, 'PUT', '/api/incidents/config/intake', {
          duplicateWindowMinutes: 5,
          duplicateRadiusM: 100,
        })
      ).statusCode,
    ).toBe(403);
  });
});
