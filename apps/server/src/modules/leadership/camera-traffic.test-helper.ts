import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { TestApp } from '../../../test/harness';
import { SYSTEM_ACTOR } from '../../platform/audit/audit.types';
import { TINY_JPEG, VISION_TOKEN } from '../cameras/cameras.test-helper';
import { type caller, caseBody, PNG, resident, upload } from '../traffic/traffic.test-helper';

/**
 * Records of the camera network and traffic safety for the leadership
 * figures' tests, made through those modules' own routes and services (the
 * demo town has none yet): camera events with their reviews, violations in
 * the traffic queue, quick-handling cases and fog warnings.
 */

type Call = ReturnType<typeof caller>;
const FACTS = ['vehicleType', 'plate', 'appearance', 'time', 'place', 'act'];
const PHOTOS = ['front_side', 'rear_side', 'impact', 'surroundings'] as const;

async function ok(p: Promise<{ status: number; raw: string; body: Record<string, unknown> }>, status = [200, 201]) {
  const r = await p;
  expect(status, `${r.status} ${r.raw}`).toContain(r.status);
  return r.body;
}

/** A camera with an emergency-lane rule (a violation rule), claimed by a worker; returns a function posting events. */
export async function cameraWithWorker(t: TestApp, leader: Call, code: string) {
  const g = await t.db.query<{ lng: number; lat: number }>(
    'SELECT centroid_lng AS lng, centroid_lat AS lat FROM grids ORDER BY code LIMIT 1',
  );
  const p = g.rows[0] ?? { lng: 0, lat: 0 };
  const cam = (await ok(
    leader('POST', '/api/cameras', {
      code,
      name: `迎宾大道 ${code}`,
      lng: p.lng,
      lat: p.lat,
      streamUrl: 'rtsp://10.0.0.9/sub',
    }),
  )) as { id: string };
  const shaped = (await ok(
    leader('PUT', `/api/cameras/${cam.id}/shapes`, {
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
    }),
  )) as { shapes: { id: string; kind: string }[] };
  const zone = shaped.shapes.find((s) => s.kind === 'zone');
  const rule = (await ok(
    leader('POST', `/api/cameras/${cam.id}/rules`, {
      name: '应急车道停车',
      template: 'emergency_lane_stop',
      spec: { kind: 'dwell', classes: ['car', 'truck'], zoneId: zone?.id, dwellSeconds: 8 },
      categoryCode: 'traffic.violation',
      raiseIncident: false,
      violation: true,
    }),
  )) as { id: string };
  const workerId = `w-${code}`;
  const worker = async (url: string, payload: unknown) => {
    const res = await t.app.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${VISION_TOKEN}` },
      payload: payload as Record<string, unknown>,
    });
    expect([200, 201], res.body).toContain(res.statusCode);
    return res.json<Record<string, unknown>>();
  };
  await worker('/api/vision/claim', { workerId, max: 64 });
  /** Posts one violation event (plate unreadable: reviewed on the cameras' side) and returns its id. */
  return async (at: Date): Promise<string> => {
    const eventId = randomUUID();
    await worker('/api/vision/events', {
      eventId,
      workerId,
      cameraId: cam.id,
      ruleId: rule.id,
      kind: 'dwell',
      occurredAt: at.toISOString(),
      trackId: 3,
      objectClass: 'car',
      confidence: 0.8,
      bbox: [0.75, 0.6, 0.1, 0.12],
      dwellSeconds: 9,
      plateStatus: 'unreadable',
      evidence: [
        {
          role: 'during',
          capturedAt: at.toISOString(),
          data: Buffer.concat([TINY_JPEG, Buffer.from('d')]).toString('base64'),
        },
      ],
    });
    return eventId;
  };
}

export async function reviewCameraEvent(patrol: Call, id: string, decision: 'confirmed' | 'rejected') {
  await ok(
    patrol(
      'POST',
      `/api/camera-events/${id}/review`,
      decision === 'rejected' ? { decision, reason: '阴影误检' } : { decision },
    ),
  );
}

/** Hands a camera event to the traffic review queue, as the cameras module does once an officer reads the plate. */
export async function handOff(t: TestApp, stationId: string, eventId: string, at: Date): Promise<string> {
  const r = await t.modules.traffic.submitCameraViolation({
    stationId,
    eventId,
    cameraCode: 'CAM-LD',
    plate: '冀R7Q215',
    vehicleType: 'small_car',
    appearance: '白色轿车',
    occurredAt: at,
    place: '迎宾大道',
    point: null,
    act: '在应急车道停车',
    suggestedCode: '1088',
    evidence: [{ ref: `camera-event-frame:${eventId}`, kind: 'frame', caption: '停车过程' }],
    audit: SYSTEM_ACTOR,
  });
  return r.violationId;
}

/** A patrol officer's violation entry with one photo. */
export async function patrolViolation(t: TestApp, patrol: Call): Promise<string> {
  const ev = await upload(t, patrol, '/api/traffic/violations/evidence');
  expect(ev.status).toBe(201);
  const v = await ok(
    patrol('POST', '/api/traffic/violations', {
      clientId: randomUUID(),
      plate: '冀R 8K321',
      vehicleType: 'large_truck',
      appearance: '红色重型半挂牵引车',
      occurredAt: new Date(t.clock.now().getTime() - 30 * 60_000).toISOString(),
      place: '清溪大道与工业路交叉口',
      act: '占用应急车道行驶',
      suggestedCode: '1053',
      evidence: [{ fileId: ev.body.fileId, caption: '车尾与号牌' }],
    }),
  );
  return String(v.id);
}

export async function decideViolation(operator: Call, id: string, decision: 'confirm' | 'reject') {
  const v = await ok(operator('GET', `/api/traffic/violations/${id}`));
  await ok(
    operator(
      'POST',
      `/api/traffic/violations/${id}/${decision}`,
      decision === 'confirm'
        ? { code: '1053', checkedFacts: FACTS, version: v.version }
        : { reason: 'plate_unreadable', version: v.version },
    ),
  );
}

/** A quick-handling case opened by party A; with `document`, walked to a signed agreement `minutes` later. */
export async function accidentCase(t: TestApp, phoneSeq: number, document: { minutes: number } | null) {
  const a = await resident(t, `1391234${String(5700 + phoneSeq * 2)}`, '王建国');
  const g = await t.db.query<{ lng: number; lat: number }>(
    'SELECT centroid_lng AS lng, centroid_lat AS lat FROM grids ORDER BY code LIMIT 1',
  );
  const p = g.rows[0] ?? { lng: 0, lat: 0 };
  const c = (await ok(a('POST', '/api/citizen/traffic/accidents', caseBody([p.lng, p.lat], t.clock.now())))) as {
    id: string;
    joinCode: string;
  };
  if (!document) return c.id;
  const b = await resident(t, `1391234${String(5701 + phoneSeq * 2)}`, '李明');
  for (const kind of PHOTOS)
    expect((await upload(t, a, `/api/citizen/traffic/accidents/${c.id}/photos?kind=${kind}`, PNG)).status).toBe(201);
  await ok(
    a('POST', `/api/citizen/traffic/accidents/${c.id}/statement`, { liability: 'b_full', factsConfirmed: true }),
  );
  await ok(b('POST', '/api/citizen/traffic/join', { code: c.joinCode }));
  await ok(
    b('POST', `/api/citizen/traffic/accidents/${c.id}/statement`, { liability: 'b_full', factsConfirmed: true }),
  );
  t.clock.advance(document.minutes * 60_000);
  await ok(a('POST', `/api/citizen/traffic/accidents/${c.id}/sign`, { signature: '王建国' }));
  const done = await ok(b('POST', `/api/citizen/traffic/accidents/${c.id}/sign`, { signature: '李明' }));
  expect(done.status).toBe('documented');
  return c.id;
}

/** Road weather stations along an expressway reporting a fog bank, and a nowcast run: fog warnings. */
export async function fogBank(t: TestApp, leader: Call) {
  const r = await t.db.query<{ line: [number, number][] }>(`SELECT line FROM roads WHERE kind = 'expressway' LIMIT 1`);
  const line = r.rows[0]?.line ?? [];
  const along = (f: number): [number, number] => {
    const x = f * (line.length - 1);
    const i = Math.min(line.length - 2, Math.floor(x));
    const a = line[i] as [number, number];
    const b = line[i + 1] as [number, number];
    return [a[0] + (b[0] - a[0]) * (x - i), a[1] + (b[1] - a[1]) * (x - i)];
  };
  const iso = (minutesAgo: number) => new Date(t.clock.now().getTime() - minutesAgo * 60_000).toISOString();
  const obs: Record<string, unknown>[] = [];
  for (let i = 0; i < 6; i++) {
    const [lng, lat] = along(0.1 + i * 0.16);
    await ok(
      leader('POST', '/api/traffic/fog/stations', {
        code: `LD-E${i}`,
        name: `能见度站 LD-E${i}`,
        kind: 'road_weather',
        lng,
        lat,
      }),
    );
    obs.push({ station: `LD-E${i}`, observedAt: iso(31), visibilityM: 90, windU: 0.5, windV: 0 });
    obs.push({ station: `LD-E${i}`, observedAt: iso(1), visibilityM: 30, windU: 0.5, windV: 0 });
  }
  await ok(leader('POST', '/api/traffic/fog/observations/manual', { observations: obs }));
  await ok(leader('POST', '/api/traffic/fog/nowcast/run', {}));
}
