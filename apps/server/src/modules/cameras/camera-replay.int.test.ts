import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { CameraDetail, EventEvidence, Rule } from '@fengqiao/contracts';
import {
  defaultModelPath,
  ROAD,
  renderScene,
  ServerClient,
  scenes,
  VisionWorker,
  YoloxDetector,
} from '@fengqiao/vision';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineUnavailable, loginAs, startTestApp, type TestApp } from '../../../test/harness';
import { gridPoint, staff, VISION_TOKEN } from './cameras.test-helper';

const SHARED = path.resolve(import.meta.dirname, '../../../../../../shared');
const MEDIA = path.join(SHARED, 'media/coco-val-sample');
const MODEL = defaultModelPath({ FENGQIAO_MODEL_DIR: process.env.FENGQIAO_MODEL_DIR ?? path.join(SHARED, 'models') });
const haveModel = fs.existsSync(MODEL) && fs.existsSync(MEDIA);
if (!haveModel)
  console.log(`SKIPPED camera replay test: no model at ${MODEL} or no media at ${MEDIA} (set FENGQIAO_MODEL_DIR)`);

const quiet = { info: () => undefined, warn: () => undefined, error: (o: object, m: string) => console.error(m, o) };

/**
 * Done-when of the camera network: a generated clip (a real car sprite that
 * pulls into the emergency lane and stops) replayed through the real worker
 * — ffmpeg decode, motion gate, YOLOX-Nano, tracker, rules — reaches the
 * server over HTTP as a camera incident with its evidence, on the CPU.
 */
describe.skipIf(engineUnavailable || !haveModel)(
  'camera replay: generated clip → worker → incident with evidence',
  () => {
    let t: TestApp;
    let dir: string;
    let base: string;
    beforeAll(async () => {
      t = await startTestApp();
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fq-replay-'));
    });
    afterAll(async () => {
      await t?.close();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    it('raises the emergency-lane incident once, then its before/during/after frames, close-up and clip', async () => {
      const clip = path.join(dir, 'emergency-stop.mp4');
      await renderScene(clip, MEDIA, scenes().emergencyStop, { width: 640, height: 360, fps: 10, durationS: 10 });
      const leader = staff(t, await loginAs(t, 'station_leader'));
      const p = await gridPoint(t);
      const created = await leader('POST', '/api/cameras', {
        code: 'G15-K88',
        name: 'G15 沈海高速 K88 应急车道',
        lng: p.lng,
        lat: p.lat,
        streamUrl: `file://${clip}`,
        detectFps: 5,
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const cam = created.body as unknown as CameraDetail;
      const shaped = (
        await leader('PUT', `/api/cameras/${cam.id}/shapes`, {
          shapes: [
            {
              kind: 'zone',
              name: '应急车道',
              points: [
                [0, ROAD.emergencyLane.top + 0.01],
                [1, ROAD.emergencyLane.top + 0.01],
                [1, 0.999],
                [0, 0.999],
              ],
            },
          ],
        })
      ).body as unknown as CameraDetail;
      const zone = shaped.shapes[0];
      const saved = await leader('POST', `/api/cameras/${cam.id}/rules`, {
        name: '应急车道停车',
        template: 'emergency_lane_stop',
        spec: {
          kind: 'dwell',
          classes: ['car', 'truck', 'bus'],
          zoneId: zone?.id,
          dwellSeconds: 3,
          minConfidence: 0.4,
        },
        categoryCode: 'traffic.violation',
        raiseIncident: true,
        violation: true,
      });
      expect(saved.status).toBe(201);
      const rule = saved.body as unknown as Rule;

      // The demo town's cameras have no streams here; a worker leases at most eight cameras, so
      // leave only this one enabled or the worker may fill its slots with the demo's.
      await t.db.query('UPDATE cameras SET enabled = false WHERE id <> $1', [cam.id]);
      const detector = await YoloxDetector.load({ modelPath: MODEL, threads: 2 });
      const worker = new VisionWorker(new ServerClient(base, VISION_TOKEN, 'replay-worker'), detector, {
        realtime: false,
        claimEveryMs: 200,
        // One pass of the clip: do not loop it again during the test.
        backoffMinMs: 60_000,
        log: quiet,
      });
      const started = Date.now();
      worker.start();
      try {
        // Generous: on a loaded 2-core runner detection and the clip encoding slow down several-fold.
        while (!worker.posted.some((e) => e.kind === 'dwell') && Date.now() - started < 120_000)
          await new Promise((r) => setTimeout(r, 200));
        // The alert is posted when the rule fires; the after-frame, plate close-up and clip follow as an
        // append once the clip is complete: drain waits for both.
        await worker.drain();
      } finally {
        await worker.stop();
        await detector.close();
      }
      const dwell = worker.posted.filter((e) => e.kind === 'dwell');
      expect(dwell).toHaveLength(1);
      expect(dwell[0]).toMatchObject({ evidence: ['before', 'during'], plateStatus: 'pending' });
      expect(worker.appended.filter((a) => a.kind === 'dwell')).toEqual([
        expect.objectContaining({
          eventId: dwell[0]?.eventId,
          stored: ['after', 'plate', 'clip'],
          duplicates: [],
          plateStatus: 'unreadable',
        }),
      ]);
      // The alert did not wait for the evidence.
      expect(dwell[0]?.latencyMs).toBeLessThan(worker.appended[0]?.latencyMs ?? 0);
      expect(worker.posted.filter((e) => e.kind !== 'dwell')).toEqual([]);
      const incidentId = dwell[0]?.incidentId;
      expect(incidentId).toBeTruthy();

      const inc = await t.db.query<{ source: string; category_code: string; summary: string; grid_id: string | null }>(
        'SELECT source, category_code, summary, grid_id FROM incidents WHERE id = $1',
        [incidentId],
      );
      expect(inc.rows[0]).toMatchObject({ source: 'camera', category_code: 'traffic.violation', grid_id: p.gridId });
      expect(inc.rows[0]?.summary).toContain('G15 沈海高速 K88');
      // On the live board's list of incidents.
      const operator = staff(t, await loginAs(t, 'command_operator'));
      const detail = await operator('GET', `/api/incidents/${incidentId}`);
      expect(detail.status).toBe(200);

      const events = (await leader('GET', `/api/camera-events?cameraId=${cam.id}`)).body as {
        items: { id: string; rule: { id: string } }[];
      };
      expect(events.items).toHaveLength(1);
      expect(events.items[0]?.rule.id).toBe(rule.id);
      const ev = (await leader('GET', `/api/camera-events/${events.items[0]?.id}/evidence?purpose=replay-test`))
        .body as unknown as EventEvidence;
      // A vehicle event also carries the plate close-up and a short clip (the worker runs without OCR here).
      expect(ev.evidence.map((e) => e.role)).toEqual(['before', 'during', 'after', 'plate', 'clip']);
      expect(ev.evidence.map((e) => e.contentType)).toEqual([...Array(4).fill('image/jpeg'), 'video/mp4']);
      expect(ev.evidence.every((e) => /^[0-9a-f]{64}$/.test(e.sha256))).toBe(true);
      expect(ev.event.plateStatus).toBe('unreadable');
      expect(ev.event.evidencePending).toBe(false);
      expect(ev.event.objectClass).toMatch(/car|truck|bus/);
      expect(ev.event.dwellSeconds).toBeGreaterThanOrEqual(3);
      // The worker sent the first frame as the camera's snapshot for the zone editor.
      expect(((await leader('GET', `/api/cameras/${cam.id}`)).body as unknown as CameraDetail).hasSnapshot).toBe(true);
    }, 180_000);
  },
);
