import { randomUUID } from 'node:crypto';
import type { CameraDetail, ClaimResponse, Rule } from '@fengqiao/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gridPoint, staff, worker } from '../../src/modules/cameras/cameras.test-helper';
import { engine, engineUnavailable, loginAs, startTestApp, type TestApp } from '../harness';

/**
 * A slow vision worker and a dead one, on the worker protocol
 * (/api/vision/*). The handover itself (a dead holder's lease expiring, the
 * camera showing "no worker", another worker claiming it, the old holder's
 * late heartbeat told "lost") is covered in cameras.int.test.ts; this file
 * adds what a slow worker does after that: its late events, its retries,
 * and a heartbeat that arrives just in time. In-process with a manual clock,
 * so the lease arithmetic is exact and the file takes about a second.
 */
describe.skipIf(engineUnavailable)(`faults: a slow or dead vision worker (${engine.name})`, () => {
  let t: TestApp;
  let leader: ReturnType<typeof staff>;
  const w = () => worker(t);
  let cam: CameraDetail;
  let rule: Rule;

  beforeAll(async () => {
    t = await startTestApp();
    leader = staff(t, await loginAs(t, 'station_leader'));
    // Only this file's camera is leased: the demo's cameras are switched off for the duration.
    await t.db.query('UPDATE cameras SET enabled = false');
    const p = await gridPoint(t);
    const made = await leader('POST', '/api/cameras', {
      code: 'FAULT1',
      name: '故障测试 卡口',
      lng: p.lng,
      lat: p.lat,
      streamUrl: 'rtsp://10.0.0.9/sub',
      detectFps: 5,
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const shaped = await leader('PUT', `/api/cameras/${made.body.id}/shapes`, {
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
      ],
    });
    expect(shaped.status, JSON.stringify(shaped.body)).toBe(200);
    cam = shaped.body as unknown as CameraDetail;
    const zone = cam.shapes.find((s) => s.kind === 'zone');
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
      raiseIncident: true,
      violation: tpl.violation,
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    rule = saved.body as unknown as Rule;
  });
  afterAll(async () => t?.close());

  const claim = async (workerId: string) =>
    ((await w()('/api/vision/claim', { workerId, max: 8 })).body as unknown as ClaimResponse).cameras.map((c) => c.id);
  const heartbeat = (workerId: string) =>
    w()('/api/vision/heartbeat', { workerId, cameras: [{ id: cam.id, status: 'online' }] });
  const event = (workerId: string, eventId: string, occurredAt: Date) =>
    w()('/api/vision/events', {
      eventId,
      workerId,
      cameraId: cam.id,
      ruleId: rule.id,
      kind: 'dwell',
      occurredAt: occurredAt.toISOString(),
      trackId: 3,
      objectClass: 'car',
      confidence: 0.8,
      bbox: [0.75, 0.6, 0.1, 0.12],
      dwellSeconds: 9,
      plateStatus: 'unreadable',
      evidence: [],
    });
  const status = async () => {
    const c = (await leader('GET', `/api/cameras/${cam.id}`)).body as unknown as CameraDetail;
    return { status: c.status, reason: c.statusReason };
  };
  const incidentsOf = async (eventIds: string[]) =>
    (
      await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM incidents WHERE source_ref = ANY($1::text[])', [
        eventIds.map((id) => `camera_event:${id}`),
      ])
    ).rows[0]?.n;

  it('keeps a slow worker that heartbeats within the lease; after it misses the lease its late events are refused and its retries deduplicated', async () => {
    const lease = 30_000;
    expect(await claim('w-slow')).toEqual([cam.id]);
    expect((await heartbeat('w-slow')).body).toMatchObject({ kept: [cam.id], lost: [] });

    // Slow but in time: a heartbeat 29 s after the last one still renews the lease.
    t.clock.advance(lease - 1_000);
    expect((await heartbeat('w-slow')).body).toMatchObject({ kept: [cam.id], lost: [] });
    expect(await status()).toEqual({ status: 'online', reason: null });
    expect(await claim('w-fresh')).toEqual([]);

    // An event posted while it holds the lease is accepted; its retry (the answer was slow) is the same incident.
    const accepted = randomUUID();
    const first = await event('w-slow', accepted, t.clock.now());
    expect(first.status, JSON.stringify(first.body)).toBe(201);

    // Then it stalls (a model stuck on a frame) past the lease.
    const detectedAt = t.clock.now();
    t.clock.advance(lease + 1_000);
    // What the users see in between: the camera is offline with "no worker", not silently online.
    expect(await status()).toEqual({ status: 'offline', reason: 'no_worker' });
    expect(await claim('w-fresh')).toEqual([cam.id]);
    expect((await heartbeat('w-fresh')).body).toMatchObject({ kept: [cam.id] });
    expect(await status()).toEqual({ status: 'online', reason: null });

    // The stale worker wakes up and posts what it saw before it lost the lease: refused, nothing stored.
    const late = randomUUID();
    const refused = await event('w-slow', late, detectedAt);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ reason: 'no_lease' });
    expect((await t.db.query('SELECT 1 FROM camera_events WHERE id = $1', [late])).rows).toHaveLength(0);
    // Its retry of the event the server already has is answered from the record: no second incident.
    const retry = await event('w-slow', accepted, detectedAt);
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ created: false, incidentId: first.body.incidentId });
    // Its heartbeat learns it lost the camera, and claiming again gets nothing while w-fresh holds it.
    expect((await heartbeat('w-slow')).body).toMatchObject({ kept: [], lost: [cam.id] });
    expect(await claim('w-slow')).toEqual([]);
    // The new holder's events go through.
    const fresh = randomUUID();
    expect((await event('w-fresh', fresh, t.clock.now())).status).toBe(201);
    expect(await incidentsOf([accepted, late, fresh])).toBe(2);
  });

  it('a worker that died and comes back after its lease ran out (nobody took over) must claim again before posting', async () => {
    expect((await heartbeat('w-fresh')).body).toMatchObject({ kept: [cam.id] });
    t.clock.advance(31_000);
    // Expired: the heartbeat no longer renews it, and an event from it is refused until it claims again.
    expect((await heartbeat('w-fresh')).body).toMatchObject({ kept: [], lost: [cam.id] });
    const orphan = randomUUID();
    expect((await event('w-fresh', orphan, t.clock.now())).status).toBe(409);
    expect(await claim('w-fresh')).toEqual([cam.id]);
    const again = randomUUID();
    expect((await event('w-fresh', again, t.clock.now())).status).toBe(201);
    expect(await incidentsOf([orphan, again])).toBe(1);
  });
});
