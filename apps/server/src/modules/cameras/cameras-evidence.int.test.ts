import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type {
  CameraDetail,
  CameraEventView,
  CameraHealth,
  CameraSummary,
  EventEvidence,
  ExportManifest,
  Rule,
  RuleQuality,
} from '@fengqiao/contracts';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineUnavailable, loginAs, startTestApp, type TestApp } from '../../../test/harness';
import type { LiveEvent } from '../../platform/realtime/event-bus';
import { gridPoint, staff, TINY_JPEG, worker } from './cameras.test-helper';
import { HANDOFF_JOB, LEASE_SWEEP_JOB } from './index';

const W = 320;
const H = 180;
/** A 4-pixel checkerboard: blurring any part of it changes those pixels a lot. */
const CHECKER = execFileSync('ffmpeg', [
  ...['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', `color=c=gray:s=${W}x${H}`],
  ...['-vf', "geq=lum='if(mod(floor(X/4)+floor(Y/4),2),235,16)':cb=128:cr=128", '-frames:v', '1'],
  ...['-q:v', '2', '-f', 'image2pipe', '-c:v', 'mjpeg', 'pipe:1'],
]);
/** Decodes a JPEG to grey pixels. */
const grey = (jpeg: Buffer): Buffer =>
  execFileSync(
    'ffmpeg',
    [
      ...['-hide_banner', '-loglevel', 'error', '-f', 'image2pipe', '-c:v', 'mjpeg', '-i', 'pipe:0'],
      ...['-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1'],
    ],
    { input: jpeg },
  );
/** Enough of an MP4 for the file store (it checks the ftyp box) and for range requests. */
const CLIP = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom'), Buffer.alloc(2000, 7)]);
const PLATE_BOX: [number, number, number, number] = [0.4, 0.55, 0.2, 0.12];

describe.skipIf(engineUnavailable)(
  'camera evidence: plate and clip, blurred exports, hand-off to traffic, health',
  () => {
    let t: TestApp;
    let leader: ReturnType<typeof staff>;
    let operator: ReturnType<typeof staff>;
    let patrol: ReturnType<typeof staff>;
    let leaderCookie: string;
    let cam: CameraDetail;
    let rule: Rule;
    const w = () => worker(t);
    const live: LiveEvent[] = [];

    beforeAll(async () => {
      t = await startTestApp();
      leaderCookie = await loginAs(t, 'station_leader');
      leader = staff(t, leaderCookie);
      operator = staff(t, await loginAs(t, 'command_operator'));
      patrol = staff(t, await loginAs(t, 'patrol_officer'));
      t.platform.bus.subscribe((e) => {
        if (e.topic === 'cameras.status') live.push(e);
      });
      const p = await gridPoint(t);
      const created = await leader('POST', '/api/cameras', {
        code: 'EV-G15-K21',
        name: 'G15 沈海高速 K21 逆行监测',
        lng: p.lng,
        lat: p.lat,
        streamUrl: 'rtsp://10.0.0.9/sub',
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const shaped = await leader('PUT', `/api/cameras/${(created.body as unknown as CameraDetail).id}/shapes`, {
        shapes: [
          {
            kind: 'line',
            name: '车道线',
            points: [
              [0.1, 0.5],
              [0.9, 0.5],
            ],
            direction: 'left_to_right',
          },
        ],
      });
      cam = shaped.body as unknown as CameraDetail;
      const saved = await leader('POST', `/api/cameras/${cam.id}/rules`, {
        name: '逆行',
        template: 'wrong_way',
        spec: {
          kind: 'wrong_way',
          classes: ['car', 'truck', 'bus'],
          lineId: cam.shapes[0]?.id,
          direction: 'right_to_left',
        },
        categoryCode: 'traffic.violation',
        raiseIncident: false,
        violation: true,
      });
      expect(saved.status, JSON.stringify(saved.body)).toBe(201);
      rule = saved.body as unknown as Rule;
      await w()('/api/vision/claim', { workerId: 'w-ev2', max: 64 });
    });
    afterAll(async () => t?.close());

    const post = async (over: Record<string, unknown> = {}) => {
      // Tests move the clock past the lease: the worker claims again (it keeps its own leases).
      await w()('/api/vision/claim', { workerId: 'w-ev2', max: 64 });
      const at = t.clock.now();
      const frame = (role: string, dt: number, data: Buffer, regions: unknown[] | undefined) => ({
        role,
        capturedAt: new Date(at.getTime() + dt).toISOString(),
        data: data.toString('base64'),
        ...(regions ? { regions } : {}),
      });
      return w()('/api/vision/events', {
        eventId: randomUUID(),
        workerId: 'w-ev2',
        cameraId: cam.id,
        ruleId: rule.id,
        kind: 'wrong_way',
        occurredAt: at.toISOString(),
        trackId: 3,
        objectClass: 'car',
        confidence: 0.9,
        bbox: [0.35, 0.4, 0.3, 0.3],
        plate: '冀R8K321',
        plateStatus: 'read',
        evidence: [
          frame('before', -2000, CHECKER, [{ kind: 'plate', box: PLATE_BOX }]),
          frame('during', 0, CHECKER, [
            { kind: 'vehicle', box: [0.35, 0.4, 0.3, 0.3] },
            { kind: 'plate', box: PLATE_BOX },
          ]),
          // An older worker's frame: no regions, so it never leaves in an export.
          frame('after', 400, CHECKER, undefined),
          frame('plate', 0, TINY_JPEG, [{ kind: 'plate', box: [0, 0, 1, 1] }]),
          frame('clip', -2000, CLIP, undefined),
        ],
        ...over,
      });
    };

    it('has a demo camera network: cameras in grids with template rules, and violations that reach the traffic queue', async () => {
      const cams = (await operator('GET', '/api/cameras')).body as unknown as CameraSummary[];
      const demo = cams.filter((c) => c.code !== cam.code);
      expect(demo.length).toBeGreaterThanOrEqual(8);
      expect(
        demo
          .filter((c) => c.grid === null || c.rules === 0 || c.status !== 'unknown')
          .map((c) => [c.code, c.grid, c.rules, c.status]),
      ).toEqual([]);
      const waiting = await t.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM camera_events WHERE worker_id = 'demo-history' AND handoff = 'pending'`,
      );
      expect(waiting.rows[0]?.n).toBeGreaterThan(5);
      const quality = (await leader('GET', '/api/cameras/rule-quality')).body as unknown as RuleQuality[];
      expect(quality.some((q) => q.falseAlarmRate !== null)).toBe(true);
      // The hand-off sweep takes them to the traffic review queue through the traffic module.
      t.clock.advance(61_000);
      await t.platform.jobs.enqueue(t.db, HANDOFF_JOB, {});
      await t.platform.jobs.runDue();
      const queued = await t.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM traffic_violations v JOIN camera_events e ON v.source_ref = 'camera-event:' || e.id::text
         WHERE e.worker_id = 'demo-history'`,
      );
      expect(queued.rows[0]?.n).toBe(waiting.rows[0]?.n);
    });

    it('hands a wrong-way event with a read plate to the traffic queue; the reviewer rejects it and the rule’s false-alarm rate moves', async () => {
      const before = ((await leader('GET', '/api/cameras/rule-quality')).body as unknown as RuleQuality[]).find(
        (q) => q.ruleId === rule.id,
      );
      expect(before).toMatchObject({ rejected: 0, falseAlarmRate: null });
      const res = await post();
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const eventId = String(res.body.eventId);

      const listed = (await operator('GET', `/api/camera-events?cameraId=${cam.id}`)).body.items as CameraEventView[];
      const ev = listed.find((x) => x.id === eventId);
      expect(ev?.handoff).toMatchObject({ status: 'submitted', error: null });
      const violationId = ev?.handoff.violationId ?? '';
      const v = await operator('GET', `/api/traffic/violations/${violationId}`);
      expect(v.status, JSON.stringify(v.body)).toBe(200);
      expect(v.body).toMatchObject({
        source: 'camera',
        sourceRef: `camera-event:${eventId}`,
        plate: '冀R8K321',
        status: 'pending',
        suggestedCode: '1301',
      });
      const evidence = v.body.evidence as { fileId: string | null; ref: string | null; kind: string }[];
      // Four frames (before, during, after, plate close-up) as files, the clip and the event as references.
      expect(evidence.filter((e) => e.fileId)).toHaveLength(4);
      expect(evidence.map((e) => e.ref).filter(Boolean)).toEqual([
        `camera-event:${eventId}#clip`,
        `camera-event:${eventId}`,
      ]);
      const img = await t.app.inject({
        url: `/api/traffic/violations/${violationId}/evidence/${evidence[1]?.fileId}`,
        headers: { cookie: leaderCookie },
      });
      expect(img.statusCode).toBe(200);

      // One place to review: the cameras side refuses it and the cameras review queue does not list it.
      expect(
        (await patrol('POST', `/api/camera-events/${eventId}/review`, { decision: 'confirmed' })).body,
      ).toMatchObject({
        reason: 'reviewed_in_traffic',
      });
      const here = (await patrol('GET', '/api/camera-events?violationsOnly=true&reviewedHere=true&review=pending')).body
        .items as CameraEventView[];
      expect(here.map((x) => x.id)).not.toContain(eventId);

      // A replay of the same event makes no second traffic record.
      const replay = await post({ eventId });
      expect(replay.status).toBe(200);
      expect(
        (await t.db.query('SELECT 1 FROM traffic_violations WHERE source_ref = $1', [`camera-event:${eventId}`])).rows,
      ).toHaveLength(1);

      const rejected = await operator('POST', `/api/traffic/violations/${violationId}/reject`, {
        reason: 'vehicle_unclear',
        note: '车辆在掉头而非逆行',
        version: v.body.version,
      });
      expect(rejected.status, JSON.stringify(rejected.body)).toBe(200);
      const after = ((await leader('GET', '/api/cameras/rule-quality')).body as unknown as RuleQuality[]).find(
        (q) => q.ruleId === rule.id,
      );
      expect(after).toMatchObject({ rejected: 1, confirmed: 0, falseAlarmRate: 1 });
      const again = (await operator('GET', `/api/camera-events?cameraId=${cam.id}`)).body.items as CameraEventView[];
      expect(again.find((x) => x.id === eventId)?.review).toMatchObject({
        status: 'rejected',
        reason: expect.stringContaining('车辆在掉头而非逆行'),
      });
    });

    it('keeps a violation whose hand-off failed pending, and the sweep job hands it over later', async () => {
      const res = await post({ plate: 'XX' });
      const eventId = String(res.body.eventId);
      const stuck = (await leader('GET', `/api/camera-events?cameraId=${cam.id}`)).body.items as CameraEventView[];
      expect(stuck.find((x) => x.id === eventId)?.handoff).toMatchObject({ status: 'pending', violationId: null });
      expect(stuck.find((x) => x.id === eventId)?.handoff.error).toBeTruthy();
      // The cause goes away (here: the record is corrected); the next sweep submits it.
      await t.db.query(`UPDATE camera_events SET plate = '冀R5T731' WHERE id = $1`, [eventId]);
      // The sweep's own run (not every module's recurring jobs).
      t.clock.advance(61_000);
      await t.platform.jobs.enqueue(t.db, HANDOFF_JOB, {});
      await t.platform.jobs.runDue();
      const done = (await leader('GET', `/api/camera-events?cameraId=${cam.id}`)).body.items as CameraEventView[];
      expect(done.find((x) => x.id === eventId)?.handoff.status).toBe('submitted');
    });

    it('shows the plate close-up and the clip, serves the clip in ranges, and audits the view with its purpose', async () => {
      const eventId = String((await post()).body.eventId);
      const purpose = encodeURIComponent('核查逆行车辆');
      const ev = (await patrol('GET', `/api/camera-events/${eventId}/evidence?purpose=${purpose}`))
        .body as unknown as EventEvidence;
      expect(ev.evidence.map((x) => x.role)).toEqual(['before', 'during', 'after', 'plate', 'clip']);
      expect(ev.event.plate).toBe('冀R8K321');
      expect(ev.evidence[1]?.regions).toEqual([
        { kind: 'vehicle', box: [0.35, 0.4, 0.3, 0.3] },
        { kind: 'plate', box: PLATE_BOX },
      ]);
      expect(ev.evidence[2]?.regions).toEqual([]);
      const clip = ev.evidence[4];
      const url = `/api/camera-events/${eventId}/evidence/${clip?.id}?purpose=${purpose}`;
      const whole = await t.app.inject({ url, headers: { cookie: leaderCookie, range: 'bytes=0-' } });
      expect(whole.statusCode).toBe(206);
      expect(whole.headers['content-type']).toBe('video/mp4');
      expect(whole.headers['content-range']).toBe(`bytes 0-${CLIP.length - 1}/${CLIP.length}`);
      const part = await t.app.inject({ url, headers: { cookie: leaderCookie, range: 'bytes=100-199' } });
      expect(part.statusCode).toBe(206);
      expect(part.rawPayload.equals(CLIP.subarray(100, 200))).toBe(true);
      expect((await t.app.inject({ url, headers: { cookie: leaderCookie, range: 'bytes=99999-' } })).statusCode).toBe(
        416,
      );
      const audited = await t.db.query<{ action: string; purpose: string }>(
        `SELECT action, purpose FROM audit_log WHERE resource_id = $1 AND action LIKE 'camera_evidence.%' ORDER BY id`,
        [eventId],
      );
      // The page view and the player's first request; the seek within the clip is part of that view.
      expect(audited.rows.map((r) => r.action)).toEqual(['camera_evidence.view', 'camera_evidence.file']);
      expect(audited.rows.every((r) => r.purpose === '核查逆行车辆')).toBe(true);
    });

    it('exports blurred frames only: plates blurred, the rest unchanged, no plate in the manifest, audited', async () => {
      const eventId = String((await post()).body.eventId);
      const body = { use: 'public', purpose: '交通安全宣传', eventIds: [eventId] };
      expect((await patrol('POST', '/api/camera-events/export', body)).status).toBe(403);
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/camera-events/export',
        headers: { cookie: leaderCookie },
        payload: body,
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toBe('application/zip');
      const z = await JSZip.loadAsync(res.rawPayload);
      const manifest = JSON.parse(await (z.file('manifest.json')?.async('string') ?? '{}')) as ExportManifest;
      expect(JSON.stringify(manifest)).not.toContain('冀R8K321');
      const item = manifest.events[0];
      expect(item?.files.map((f) => f.role)).toEqual(['before', 'during']);
      expect(item?.excluded).toEqual([
        { role: 'after', reason: 'no_regions' },
        { role: 'plate', reason: 'plate_closeup' },
        { role: 'clip', reason: 'clip' },
      ]);
      const exported = grey(Buffer.from(await (z.file(item?.files[0]?.name ?? '')?.async('uint8array') ?? [])));
      const original = grey(CHECKER);
      expect(exported.length).toBe(W * H);
      const diff = (inside: boolean) => {
        const [bx, by, bw, bh] = PLATE_BOX;
        let sum = 0;
        let n = 0;
        for (let y = 0; y < H; y++)
          for (let x = 0; x < W; x++) {
            const u = x / W;
            const v = y / H;
            const inBox = u >= bx && u < bx + bw && v >= by && v < by + bh;
            // Outside: away from the box and its blur margin.
            const nearBox = u >= bx - 0.1 && u < bx + bw + 0.1 && v >= by - 0.1 && v < by + bh + 0.1;
            if (inside ? !inBox : nearBox) continue;
            sum += Math.abs((exported[y * W + x] ?? 0) - (original[y * W + x] ?? 0));
            n += 1;
          }
        return sum / n;
      };
      // The checkerboard swings 16↔235: blurred it is a flat grey (mean difference ≈ 110); elsewhere only JPEG noise.
      expect(diff(true)).toBeGreaterThan(60);
      expect(diff(false)).toBeLessThan(8);
      const audit = await t.db.query<{ purpose: string; details: { use: string; files: number } }>(
        `SELECT purpose, details FROM audit_log WHERE action = 'camera_evidence.export' ORDER BY id DESC LIMIT 1`,
      );
      expect(audit.rows[0]).toMatchObject({ purpose: '交通安全宣传', details: { use: 'public', files: 2 } });
    });

    it('puts offline cameras on the board: a failed stream at once, a lapsed lease through the sweep job', async () => {
      live.length = 0;
      await w()('/api/vision/claim', { workerId: 'w-ev2', max: 64 });
      const hb = await w()('/api/vision/heartbeat', {
        workerId: 'w-ev2',
        cameras: [{ id: cam.id, status: 'offline', reason: 'stream_stalled' }],
      });
      expect(hb.body).toMatchObject({ kept: [cam.id] });
      expect(live.map((e) => e.payload)).toEqual([
        expect.objectContaining({ cameraId: cam.id, status: 'offline', reason: 'stream_stalled' }),
      ]);
      const health = (await operator('GET', '/api/cameras/health')).body as unknown as CameraHealth;
      expect(health.offline).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ id: cam.id, reason: 'stream_stalled', since: expect.any(String) }),
        ]),
      );
      // A repeated report is no change: nothing is pushed.
      await w()('/api/vision/heartbeat', {
        workerId: 'w-ev2',
        cameras: [{ id: cam.id, status: 'offline', reason: 'stream_stalled' }],
      });
      await w()('/api/vision/heartbeat', { workerId: 'w-ev2', cameras: [{ id: cam.id, status: 'online' }] });
      expect(live.map((e) => (e.payload as { status: string }).status)).toEqual(['offline', 'online']);

      // The worker dies: nobody reads anything, the sweep finds the lapsed lease and tells the board.
      t.clock.advance(45_000);
      expect(live).toHaveLength(2);
      await t.platform.jobs.enqueue(t.db, LEASE_SWEEP_JOB, {});
      await t.platform.jobs.runDue();
      const lapsed = live
        .map((e) => e.payload as { cameraId: string; status: string; reason: string; since: string })
        .filter((p) => p.cameraId === cam.id)
        .at(-1);
      expect(lapsed).toMatchObject({ cameraId: cam.id, status: 'offline', reason: 'no_worker' });
      const after = (await operator('GET', '/api/cameras/health')).body as unknown as CameraHealth;
      expect(after.offline.find((c) => c.id === cam.id)).toMatchObject({ reason: 'no_worker', since: lapsed?.since });
    });
  },
);
