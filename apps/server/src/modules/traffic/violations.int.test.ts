import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineUnavailable, loginAs, startTestApp, type TestApp } from '../../../test/harness';
import { SYSTEM_ACTOR } from '../../platform/audit/audit.types';
import { type Call, caller, upload } from './traffic.test-helper';

const DAY = 86_400_000;
const FACTS = ['vehicleType', 'plate', 'appearance', 'time', 'place', 'act'];

describe.skipIf(engineUnavailable)('violation review queue', () => {
  let t: TestApp;
  let patrol: Call & { cookie: string };
  let operator: Call & { cookie: string };
  let clerk: Call;
  let stationId: string;

  beforeAll(async () => {
    t = await startTestApp({ config: { sessionIdleMs: 60 * DAY, sessionAbsoluteMs: 60 * DAY } });
    patrol = caller(t, await loginAs(t, 'patrol_officer'));
    operator = caller(t, await loginAs(t, 'command_operator'));
    clerk = caller(t, await loginAs(t, 'hall_clerk'));
    stationId = (await t.db.query<{ id: string }>('SELECT id FROM stations LIMIT 1')).rows[0]?.id ?? '';
  });
  afterAll(async () => t?.close());

  const report = async (overrides: Record<string, unknown> = {}) => {
    const ev = await upload(t, patrol, '/api/traffic/violations/evidence');
    expect(ev.status, JSON.stringify(ev.body)).toBe(201);
    return patrol('POST', '/api/traffic/violations', {
      clientId: randomUUID(),
      plate: '冀R 8K321',
      vehicleType: 'large_truck',
      appearance: '红色重型半挂牵引车，车厢蓝色篷布',
      occurredAt: new Date(t.clock.now().getTime() - 30 * 60_000).toISOString(),
      place: '清溪大道与工业路交叉口',
      act: '占用应急车道行驶约300米',
      suggestedCode: '1053',
      evidence: [{ fileId: ev.body.fileId, caption: '车尾与号牌' }],
      ...overrides,
    });
  };

  it('takes a patrol entry with evidence, once, due in five days', async () => {
    const clientId = randomUUID();
    const r = await report({ clientId });
    expect(r.status, r.raw).toBe(201);
    expect(r.body).toMatchObject({ status: 'pending', plate: '冀R8K321', source: 'patrol', overdue: false });
    expect(new Date(r.body.dueAt as string).getTime() - new Date(r.body.enteredAt as string).getTime()).toBe(5 * DAY);
    expect((await report({ clientId })).status).toBe(200);
    const bad = await patrol('POST', '/api/traffic/violations', {
      clientId: randomUUID(),
      plate: '冀R8K321',
      vehicleType: 'small_car',
      appearance: '白色轿车',
      occurredAt: new Date().toISOString(),
      place: '某路口',
      act: '闯红灯',
      evidence: [{ fileId: randomUUID(), caption: '' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toEqual([expect.objectContaining({ code: 'evidence_unknown' })]);
    const noEvidence = await patrol('POST', '/api/traffic/violations', { ...bad.body, evidence: [] });
    expect(noEvidence.status).toBe(400);
    const wrongType = await upload(t, patrol, '/api/traffic/violations/evidence', Buffer.from('hello world'), 'x.txt');
    expect(wrongType.status).toBe(400);
    // Others may not enter or review.
    expect((await clerk('GET', '/api/traffic/violations')).status).toBe(403);
  });

  it('confirms only with every fact ticked and an active 4-digit code; rejects with a reason', async () => {
    const v = (await report()).body as { id: string; version: number };
    const missing = await operator('POST', `/api/traffic/violations/${v.id}/confirm`, {
      code: '1053',
      checkedFacts: ['plate', 'time', 'place', 'act'],
      version: v.version,
    });
    expect(missing.status).toBe(400);
    expect((missing.body.fields as { path: string }[]).map((f) => f.path)).toEqual([
      'body.checkedFacts.vehicleType',
      'body.checkedFacts.appearance',
    ]);
    const unknown = await operator('POST', `/api/traffic/violations/${v.id}/confirm`, {
      code: '9999',
      checkedFacts: FACTS,
      version: v.version,
    });
    expect(unknown.body.fields).toEqual([expect.objectContaining({ code: 'code_unknown' })]);
    const ok = await operator('POST', `/api/traffic/violations/${v.id}/confirm`, {
      code: '1053',
      checkedFacts: FACTS,
      version: v.version,
    });
    expect(ok.status, ok.raw).toBe(200);
    expect(ok.body).toMatchObject({ status: 'confirmed', code: { code: '1053', points: 6 } });
    const twice = await operator('POST', `/api/traffic/violations/${v.id}/reject`, {
      reason: 'duplicate',
      version: v.version,
    });
    expect(twice.status).toBe(409);

    const w = (await report()).body as { id: string; version: number };
    const noNote = await operator('POST', `/api/traffic/violations/${w.id}/reject`, {
      reason: 'other',
      version: w.version,
    });
    expect(noNote.status).toBe(400);
    const rej = await operator('POST', `/api/traffic/violations/${w.id}/reject`, {
      reason: 'plate_unreadable',
      note: '夜间逆光',
      version: w.version,
    });
    expect(rej.body).toMatchObject({ status: 'rejected', rejectReason: 'plate_unreadable' });
  });

  it('takes camera violations through the module function, idempotent by event', async () => {
    const input = {
      stationId,
      eventId: randomUUID(),
      cameraCode: 'CAM-G01-03',
      plate: '冀R66Q88',
      vehicleType: 'small_car' as const,
      appearance: '黑色SUV',
      occurredAt: new Date(t.clock.now().getTime() - 5 * 60_000),
      place: '清溪大道',
      point: null,
      act: '在应急车道停车',
      suggestedCode: '1088',
      evidence: [{ ref: 'camera-event-frame:1', kind: 'frame' as const, caption: '抓拍第1帧' }],
      audit: SYSTEM_ACTOR,
    };
    const first = await t.modules.traffic.submitCameraViolation(input);
    const again = await t.modules.traffic.submitCameraViolation(input);
    expect(first.created).toBe(true);
    expect(again).toMatchObject({ violationId: first.violationId, created: false });
    await expect(
      t.modules.traffic.submitCameraViolation({ ...input, eventId: randomUUID(), evidence: [] }),
    ).rejects.toThrow();
  });

  it('tracks the review deadline and exports confirmed violations once, as CSV', async () => {
    t.clock.advance(6 * DAY);
    const overdue = await operator('GET', '/api/traffic/violations?overdue=true');
    expect(overdue.body.overdue).toBeGreaterThanOrEqual(2);
    expect((overdue.body.items as { overdue: boolean }[]).every((x) => x.overdue)).toBe(true);

    const res = await t.app.inject({
      method: 'POST',
      url: '/api/traffic/violations/export',
      headers: { cookie: operator.cookie },
      payload: {},
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'record_no,plate,plate_colour,vehicle_type_code,occurred_at,place,lng,lat,violation_code,points,fine_min,fine_max,source,evidence_count,reviewed_by,reviewed_at,station_code',
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('冀R8K321');
    expect(lines[1]).toContain(',1053,6,200,200,patrol,1,');
    const second = await t.app.inject({
      method: 'POST',
      url: '/api/traffic/violations/export',
      headers: { cookie: operator.cookie },
      payload: {},
    });
    expect(second.headers['x-export-count']).toBe('0');
  });

  it('lets the leader keep the code table', async () => {
    const leader = caller(t, await loginAs(t, 'station_leader'));
    const bad = await leader('PUT', '/api/traffic/violation-codes/12', {
      nameZh: '测试代码',
      nameEn: 'Test',
      points: 1,
      fineMin: 10,
      fineMax: 20,
    });
    expect(bad.status).toBe(400);
    const saved = await leader('PUT', '/api/traffic/violation-codes/1240', {
      nameZh: '驾驶机动车在高速公路上不按规定车道行驶的',
      nameEn: 'Not keeping to the lane on an expressway',
      points: 3,
      fineMin: 200,
      fineMax: 200,
    });
    expect(saved.status, saved.raw).toBe(200);
    expect((await operator('PUT', '/api/traffic/violation-codes/1240', {})).status).toBe(403);
  });
});
