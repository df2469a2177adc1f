import { randomUUID } from 'node:crypto';
import type { CameraDetail, ClaimResponse, EventAccepted, EventEvidence, Rule, RuleQuality } from '@fengqiao/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineUnavailable, loginAs, startTestApp, type TestApp } from '../../../test/harness';
import { gridPoint, staff, TINY_JPEG, VISION_TOKEN, worker } from './cameras.test-helper';

describe.skipIf(engineUnavailable)('camera network: registry, leases, events, evidence, review', () => {
  let t: TestApp;
  let leader: ReturnType<typeof staff>;
  let patrol: ReturnType<typeof staff>;
  let clerk: ReturnType<typeof staff>;
  const w = () => worker(t);

  beforeAll(async () => {
    t = await startTestApp();
    leader = staff(t, await loginAs(t, 'station_leader'));
    patrol = staff(t, await loginAs(t, 'patrol_officer'));
    clerk = staff(t, await loginAs(t, 'hall_clerk'));
  });
  afterAll(async () => t?.close());

  async function camera(code: string): Promise<CameraDetail> {
    const p = await gridPoint(t);
    const res = await leader('POST', '/api/cameras', {
      code,
      name: `G15 沈海高速 K${code}`,
      lng: p.lng,
      lat: p.lat,
      streamUrl: 'rtsp://10.0.0.7/sub',
      mainStreamUrl: 'rtsp://10.0.0.7/main',
      directionDeg: 90,
      detectFps: 5,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as unknown as CameraDetail;
  }

  async function laneWithRule(code: string): Promise<{ cam: CameraDetail; rule: Rule }> {
    const cam = await camera(code);
    const shaped = await leader('PUT', `/api/cameras/${cam.id}/shapes`, {
      shapes: [
        {
          kind: 'zone',
          name: '应急车道',
          points: [
            [0.7, 0.5],
            [0.95, 0.5],
            [0.95, 1],
            [0.7, 1],
          ],
        },
        {
          kind: 'line',
          name: '停止线',
          points: [
            [0, 0.6],
            [1, 0.6],
          ],
          direction: 'left_to_right',
        },
        {
          kind: 'mask',
          name: '时间水印',
          points: [
            [0, 0],
            [0.3, 0],
            [0.3, 0.05],
          ],
        },
      ],
    });
    expect(shaped.status, JSON.stringify(shaped.body)).toBe(200);
    const detail = shaped.body as unknown as CameraDetail;
    const zone = detail.shapes.find((s) => s.kind === 'zone');
    const templates = (await leader('GET', '/api/cameras/templates')).body as unknown as {
      id: string;
      defaults: Record<string, unknown>;
      categoryCode: string;
      raiseIncident: boolean;
      violation: boolean;
    }[];
    const tpl = templates.find((x) => x.id === 'emergency_lane_stop');
    if (!tpl || !zone) throw new Error('missing template or zone');
    const saved = await leader('POST', `/api/cameras/${cam.id}/rules`, {
      name: '应急车道停车',
      template: tpl.id,
      spec: { ...tpl.defaults, zoneId: zone.id, dwellSeconds: 8 },
      categoryCode: tpl.categoryCode,
      raiseIncident: tpl.raiseIncident,
      violation: tpl.violation,
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    return { cam: detail, rule: saved.body as unknown as Rule };
  }

  it('registers a camera in its grid, validates shapes and rules, and refuses staff without permission', async () => {
    const cam = await camera('K101');
    const p = await gridPoint(t);
    expect(cam.grid?.id).toBe(p.gridId);
    expect(cam.status).toBe('unknown');
    const dup = await leader('POST', '/api/cameras', {
      code: 'K101',
      name: '重复',
      lng: p.lng,
      lat: p.lat,
      streamUrl: 'file:///tmp/x.mp4',
    });
    expect(dup.status).toBe(400);
    expect(JSON.stringify(dup.body)).toContain('duplicate');
    const badUrl = await leader('POST', '/api/cameras', {
      code: 'K102',
      name: '坏地址',
      lng: p.lng,
      lat: p.lat,
      streamUrl: 'ftp://x',
    });
    expect(badUrl.status).toBe(400);
    const badLine = await leader('PUT', `/api/cameras/${cam.id}/shapes`, {
      shapes: [
        {
          kind: 'line',
          name: '线',
          points: [
            [0, 0],
            [1, 1],
            [0.5, 0.5],
          ],
        },
      ],
    });
    expect(badLine.status).toBe(400);
    const ruleWithoutZone = await leader('POST', `/api/cameras/${cam.id}/rules`, {
      name: '无区域',
      spec: { kind: 'dwell', classes: ['car'], zoneId: randomUUID() },
      categoryCode: 'traffic.violation',
    });
    expect(ruleWithoutZone.status).toBe(400);
    expect(JSON.stringify(ruleWithoutZone.body)).toContain('unknown_zone');
    expect((await clerk('GET', '/api/cameras')).status).toBe(403);
    expect((await patrol('POST', '/api/cameras', {})).status).toBe(403);
    expect((await patrol('GET', '/api/cameras')).status).toBe(200);
  });

  it('keeps a shape a rule uses', async () => {
    const { cam } = await laneWithRule('K110');
    const res = await leader('PUT', `/api/cameras/${cam.id}/shapes`, { shapes: [] });
    expect(res.status).toBe(409);
  });

  it('leases cameras to one worker at a time, renews them, and hands them over after expiry', async () => {
    const { cam } = await laneWithRule('K120');
    const claims = await Promise.all(['w-a', 'w-b'].map((id) => w()('/api/vision/claim', { workerId: id, max: 64 })));
    const got = claims.map((c) => (c.body as unknown as ClaimResponse).cameras.map((x) => x.id));
    // SKIP LOCKED: the two workers never share a camera.
    expect(got[0]?.filter((id) => got[1]?.includes(id))).toEqual([]);
    const holder = got[0]?.includes(cam.id) ? 'w-a' : 'w-b';
    const other = holder === 'w-a' ? 'w-b' : 'w-a';
    const assignment = claims.flatMap((c) => (c.body as unknown as ClaimResponse).cameras).find((c) => c.id === cam.id);
    expect(assignment?.rules.map((r) => r.spec.kind)).toEqual(['dwell']);
    expect(assignment?.shapes.map((s) => s.kind).sort()).toEqual(['line', 'mask', 'zone']);

    const hb = await w()('/api/vision/heartbeat', {
      workerId: holder,
      cameras: [{ id: cam.id, status: 'offline', reason: 'stream_failed', version: assignment?.version }],
    });
    expect(hb.body).toMatchObject({ kept: [cam.id], lost: [], changed: [] });
    const listed = (await leader('GET', `/api/cameras/${cam.id}`)).body as unknown as CameraDetail;
    expect(listed.status).toBe('offline');
    expect(listed.statusReason).toBe('stream_failed');
    expect((await w()('/api/vision/claim', { workerId: other, max: 64 })).body).not.toMatchObject({
      cameras: expect.arrayContaining([expect.objectContaining({ id: cam.id })]),
    });

    // The holder dies: after the lease runs out the camera shows offline and the other worker takes it.
    t.clock.advance(31_000);
    expect(((await leader('GET', `/api/cameras/${cam.id}`)).body as unknown as CameraDetail).statusReason).toBe(
      'no_worker',
    );
    const taken = (await w()('/api/vision/claim', { workerId: other, max: 64 })).body as unknown as ClaimResponse;
    expect(taken.cameras.map((c) => c.id)).toContain(cam.id);
    const late = await w()('/api/vision/heartbeat', { workerId: holder, cameras: [{ id: cam.id, status: 'online' }] });
    expect(late.body).toMatchObject({ kept: [], lost: [cam.id] });
  });

  it('refuses workers without a token, accepts issued tokens until they are revoked', async () => {
    const res = await worker(t, 'wrong-token-wrong-token-wrong')('/api/vision/claim', { workerId: 'w-x', max: 1 });
    expect(res.status).toBe(401);
    expect(VISION_TOKEN.length).toBeGreaterThan(24);
    const admin = staff(t, await loginAs(t, 'system_admin'));
    expect((await leader('POST', '/api/vision/tokens', { name: 'x' })).status).toBe(403);
    const issued = await admin('POST', '/api/vision/tokens', { name: '机房 worker-2' });
    expect(issued.status).toBe(201);
    const token = String(issued.body.token);
    expect((await worker(t, token)('/api/vision/claim', { workerId: 'w-issued', max: 0 + 1 })).status).toBe(200);
    const list = (await admin('GET', '/api/vision/tokens')).body as unknown as {
      id: string;
      lastUsedAt: string | null;
    }[];
    expect(list.find((x) => x.id === issued.body.id)?.lastUsedAt).toBeTruthy();
    expect(JSON.stringify(list)).not.toContain(token);
    expect((await admin('DELETE', `/api/vision/tokens/${String(issued.body.id)}`)).status).toBe(204);
    expect((await worker(t, token)('/api/vision/claim', { workerId: 'w-issued', max: 1 })).status).toBe(401);
    await worker(t)('/api/vision/release', { workerId: 'w-issued', cameraIds: [] });
  });

  it('turns an event into one incident with hashed evidence, audits evidence views, and reviews violations', async () => {
    const { cam, rule } = await laneWithRule('K130');
    await w()('/api/vision/claim', { workerId: 'w-ev', max: 64 });
    const eventId = randomUUID();
    const at = t.clock.now();
    const frame = (role: string, dt: number) => ({
      role,
      capturedAt: new Date(at.getTime() + dt).toISOString(),
      data: Buffer.concat([TINY_JPEG, Buffer.from(role)]).toString('base64'),
    });
    const body = {
      eventId,
      workerId: 'w-ev',
      cameraId: cam.id,
      ruleId: rule.id,
      kind: 'dwell',
      occurredAt: at.toISOString(),
      trackId: 7,
      objectClass: 'car',
      confidence: 0.82,
      bbox: [0.75, 0.6, 0.1, 0.12],
      dwellSeconds: 9.4,
      plateStatus: 'unreadable',
      evidence: [frame('before', -3000), frame('during', 0), frame('after', 3000)],
    };
    const first = await w()('/api/vision/events', body);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const accepted = first.body as unknown as EventAccepted;
    expect(accepted.incidentId).toBeTruthy();
    const replay = await w()('/api/vision/events', body);
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ created: false, incidentId: accepted.incidentId });
    const inc = await t.db.query<{ source: string; source_ref: string; category_code: string }>(
      'SELECT source, source_ref, category_code FROM incidents WHERE id = $1',
      [accepted.incidentId],
    );
    expect(inc.rows[0]).toMatchObject({
      source: 'camera',
      source_ref: `camera_event:${eventId}`,
      category_code: 'traffic.violation',
    });
    expect(
      (await t.db.query('SELECT 1 FROM incidents WHERE source_ref = $1', [`camera_event:${eventId}`])).rows,
    ).toHaveLength(1);

    // Another worker without the lease cannot post for this camera.
    const stranger = await w()('/api/vision/events', { ...body, eventId: randomUUID(), workerId: 'w-other' });
    expect(stranger.status).toBe(409);

    const noPurpose = await patrol('GET', `/api/camera-events/${eventId}/evidence`);
    expect(noPurpose.status).toBe(400);
    const ev = await patrol(
      'GET',
      `/api/camera-events/${eventId}/evidence?purpose=${encodeURIComponent('核查应急车道停车')}`,
    );
    expect(ev.status).toBe(200);
    const evidence = ev.body as unknown as EventEvidence;
    expect(evidence.evidence.map((x) => x.role)).toEqual(['before', 'during', 'after']);
    expect(evidence.evidence[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(evidence.event.plateStatus).toBe('unreadable');
    const file = await t.app.inject({
      url: `/api/camera-events/${eventId}/evidence/${evidence.evidence[1]?.id}?purpose=${encodeURIComponent('核查应急车道停车')}`,
      headers: { cookie: await loginAs(t, 'patrol_officer') },
    });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/jpeg');
    const audited = await t.db.query<{ action: string; purpose: string }>(
      `SELECT action, purpose FROM audit_log WHERE resource_id = $1 AND action LIKE 'camera_evidence.%' ORDER BY id`,
      [eventId],
    );
    expect(audited.rows.map((r) => r.action)).toEqual(['camera_evidence.view', 'camera_evidence.file']);
    expect(audited.rows.every((r) => r.purpose === '核查应急车道停车')).toBe(true);

    const queue = await patrol('GET', '/api/camera-events?review=pending&violationsOnly=true');
    expect((queue.body.items as { id: string }[]).map((x) => x.id)).toContain(eventId);
    const noReason = await patrol('POST', `/api/camera-events/${eventId}/review`, { decision: 'rejected', reason: '' });
    expect(noReason.status).toBe(400);
    const rejected = await patrol('POST', `/api/camera-events/${eventId}/review`, {
      decision: 'rejected',
      reason: '阴影误检',
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ review: { status: 'rejected', reason: '阴影误检' } });
    expect((await patrol('POST', `/api/camera-events/${eventId}/review`, { decision: 'confirmed' })).status).toBe(409);

    const second = randomUUID();
    await w()('/api/vision/events', { ...body, eventId: second, evidence: [] });
    await patrol('POST', `/api/camera-events/${second}/review`, { decision: 'confirmed', reason: '' });
    const quality = (await leader('GET', '/api/cameras/rule-quality')).body as unknown as RuleQuality[];
    expect(quality.find((q) => q.ruleId === rule.id)).toMatchObject({
      events: 2,
      confirmed: 1,
      rejected: 1,
      falseAlarmRate: 0.5,
    });
  });
});
