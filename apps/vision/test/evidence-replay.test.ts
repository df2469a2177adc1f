import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  type CameraAssignment,
  EventRequest,
  type EvidenceAppendRequest as EvidenceAppendInput,
  EvidenceAppendRequest,
} from '@fengqiao/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerClient } from '../src/client';
import { ffmpeg } from '../src/ffmpeg';
import { defaultOcrModelDir, PaddleOcr } from '../src/plate-ocr';
import { PlateReader } from '../src/plate-reader';
import { renderScene, SPRITES, scenes } from '../src/scene-video';
import { VisionWorker } from '../src/worker';
import { defaultModelPath, YoloxDetector } from '../src/yolox';
import { sceneCamera } from './scenes';

const SHARED = path.resolve(import.meta.dirname, '../../../../shared');
const MEDIA = path.join(SHARED, 'media/coco-val-sample');
const MODEL = defaultModelPath({ FENGQIAO_MODEL_DIR: process.env.FENGQIAO_MODEL_DIR ?? path.join(SHARED, 'models') });
const OCR = defaultOcrModelDir();
const available = fs.existsSync(MODEL) && fs.existsSync(MEDIA) && OCR !== null;
if (!available) console.log(`SKIPPED evidence replay: needs the detector (${MODEL}), media and OCR models`);

const PLATE = { text: '苏E·5K2M8', style: 'blue' as const };
const quiet = { info: () => undefined, warn: () => undefined, error: (o: object, m: string) => console.error(m, o) };

/** Width and height from a JPEG's start-of-frame marker. */
function jpegSize(b: Buffer): { width: number; height: number } {
  let i = 2;
  while (i < b.length) {
    const marker = b[i + 1] as number;
    const len = b.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xc2) return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
    i += 2 + len;
  }
  throw new Error('no SOF marker');
}

/** A worker-side stand-in for the server: hands out one camera and keeps what the worker posts, as the server would parse it. */
function fakeServer(camera: CameraAssignment) {
  const events: EventRequest[] = [];
  const appends: { eventId: string; body: EvidenceAppendInput; at: number }[] = [];
  const acked: { eventId: string; at: number }[] = [];
  let given = false;
  const client = {
    workerId: 'test-worker',
    claim: async () => {
      const cameras = given ? [] : [camera];
      given = true;
      return { cameras, leaseSeconds: 60 };
    },
    heartbeat: async () => ({ lost: [], changed: [], leaseSeconds: 60 }),
    release: async () => undefined,
    snapshot: async () => undefined,
    event: async (e: Omit<EventRequest, 'workerId'>) => {
      // The server's own contract: anything it would refuse fails here.
      events.push(EventRequest.parse({ ...e, workerId: 'test-worker' }) as EventRequest);
      acked.push({ eventId: e.eventId, at: Date.now() });
      return { eventId: e.eventId, created: true, incidentId: null, incidentNumber: null };
    },
    appendEvidence: async (eventId: string, a: Omit<EvidenceAppendInput, 'workerId'>) => {
      const body = EvidenceAppendRequest.parse({ ...a, workerId: 'test-worker' });
      if (!events.some((e) => e.eventId === eventId)) throw new Error('append before its event');
      appends.push({ eventId, body, at: Date.now() });
      return {
        eventId,
        stored: body.evidence.map((v) => v.role),
        duplicates: [],
        evidenceCount: body.evidence.length,
        evidencePending: !body.complete,
        plate: body.plate ?? null,
        plateStatus: body.plateStatus ?? 'pending',
      };
    },
  };
  return { client: client as unknown as ServerClient, events, appends, acked };
}

describe.skipIf(!available)('worker evidence on a generated replay with a main stream', () => {
  let det: YoloxDetector;
  let ocr: PaddleOcr;
  let dir: string;
  beforeAll(async () => {
    det = await YoloxDetector.load({ modelPath: MODEL, threads: 2 });
    ocr = await PaddleOcr.load({ dir: OCR as string, threads: 2 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fq-evidence-'));
  }, 30_000);
  afterAll(async () => {
    await det?.close();
    await ocr?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('an emergency-lane stop carries before/during/after main-stream frames, the plate read and its close-up, and a clip', async () => {
    // The main stream is the scene at twice the sub-stream's resolution; the sub-stream is it scaled down, as a camera does.
    const main = path.join(dir, 'main.mp4');
    const sub = path.join(dir, 'sub.mp4');
    const sprites = scenes().emergencyStop.map((s) => ({ ...s, plate: PLATE }));
    await renderScene(main, MEDIA, sprites, { width: 1280, height: 720, fps: 10, durationS: 10, scale: 2 });
    await ffmpeg(['-y', '-i', main, '-vf', 'scale=640:360', '-c:v', 'mpeg4', '-q:v', '3', sub]);
    const cam = { ...sceneCamera(`file://${sub}`), mainStreamUrl: `file://${main}` };
    const server = fakeServer(cam);
    const worker = new VisionWorker(server.client, det, {
      realtime: false,
      claimEveryMs: 100,
      backoffMinMs: 60_000,
      plateReader: new PlateReader(ocr),
      log: quiet,
    });
    worker.start();
    const deadline = Date.now() + 45_000;
    try {
      while (worker.posted.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      await worker.drain();
    } finally {
      await worker.stop();
    }
    expect(server.events.map((e) => e.kind)).toEqual(['dwell']);
    const posted = server.events[0] as EventRequest;
    // The alert went at once with the frames in hand; the plate is read with the rest of the evidence.
    expect(posted.evidencePending).toBe(true);
    expect(posted.plateStatus).toBe('pending');
    expect(posted.evidence?.map((v) => v.role)).toEqual(['before', 'during']);
    expect(server.appends.map((a) => a.eventId)).toEqual([posted.eventId]);
    const appended = server.appends[0]?.body as EvidenceAppendInput;
    expect(appended.complete).toBe(true);
    expect(appended.evidence?.map((v) => v.role)).toEqual(['after', 'plate', 'clip']);
    expect(server.appends[0]?.at).toBeGreaterThanOrEqual(server.acked[0]?.at ?? Infinity);
    const e = { ...posted, ...appended, evidence: [...(posted.evidence ?? []), ...(appended.evidence ?? [])] };
    console.log(
      `evidence replay: plate ${e.plate} (${e.plateStatus}), evidence ${e.evidence.map((v) => `${v.role}:${Math.round(v.data.length * 0.75)}B`).join(' ')}`,
    );
    expect(e.plateStatus).toBe('read');
    expect(e.plate).toBe(PLATE.text.replace('·', ''));
    const byRole = new Map(e.evidence.map((v) => [v.role, v]));
    expect([...byRole.keys()].sort()).toEqual(['after', 'before', 'clip', 'during', 'plate']);

    // The frames come from the main stream, in time order around the event.
    const times = ['before', 'during', 'after'].map((r) => Date.parse(byRole.get(r as 'before')?.capturedAt ?? ''));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(Date.parse(e.occurredAt)).toBeGreaterThan(times[0] as number);
    for (const role of ['before', 'during', 'after'] as const) {
      const v = byRole.get(role);
      expect(jpegSize(Buffer.from(v?.data ?? '', 'base64')), role).toEqual({ width: 1280, height: 720 });
      // The stopped car is marked for redaction in every frame.
      expect(
        v?.regions?.some((r) => r.kind === 'vehicle'),
        role,
      ).toBe(true);
    }
    // The plate box lies on the car's plate (where the generator drew it): marked on the frame it was read on
    // when that frame went with the append (the after-frame); a frame already sent keeps its vehicle region.
    const plated = ['before', 'during', 'after'].flatMap(
      (r) => byRole.get(r as 'before')?.regions?.filter((x) => x.kind === 'plate') ?? [],
    );
    expect(plated.length).toBeLessThanOrEqual(1);
    expect(byRole.get('plate')?.regions?.[0]?.kind).toBe('plate');
    const vehicle = e.bbox as [number, number, number, number];
    for (const p of plated) {
      const [px, py] = p.box;
      expect(px).toBeGreaterThan(vehicle[0]);
      expect(px).toBeLessThan(vehicle[0] + vehicle[2] * (SPRITES.car.plateAt[0] + 0.15));
      expect(py).toBeGreaterThan(vehicle[1] + vehicle[3] * 0.5);
    }
    expect(jpegSize(Buffer.from(byRole.get('plate')?.data ?? '', 'base64')).width).toBeGreaterThanOrEqual(320);

    // The clip: H.264 in MP4, a few seconds long, the car among its redaction regions.
    const clip = Buffer.from(byRole.get('clip')?.data ?? '', 'base64');
    expect(clip.subarray(4, 8).toString()).toBe('ftyp');
    const clipFile = path.join(dir, 'clip.mp4');
    fs.writeFileSync(clipFile, clip);
    const probe = execFileSync('ffprobe', [
      '-v',
      'error',
      '-show_entries',
      'stream=codec_name,width,height:format=duration',
      '-of',
      'json',
      clipFile,
    ]).toString();
    const info = JSON.parse(probe) as {
      streams: { codec_name: string; width: number }[];
      format: { duration: string };
    };
    expect(info.streams[0]?.codec_name).toBe('h264');
    expect(info.streams[0]?.width).toBe(640);
    expect(Number(info.format.duration)).toBeGreaterThanOrEqual(3);
    expect(byRole.get('clip')?.regions?.some((r) => r.kind === 'vehicle')).toBe(true);
  }, 90_000);
});
