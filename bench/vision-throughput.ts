/**
 * Benchmark: the camera worker on the CPU.
 *  1. detector: YOLOX-Nano at 416×416, one intra-op thread → inferences (and
 *     detections) per second per core;
 *  2. per-frame pipeline cost (motion → detector → tracker → rules) on a
 *     640×360 sub-stream, with and without motion gating, for an idle road
 *     and a busy one (generated clips with real sprites);
 *  3. capacity: cameras at 5 fps with 10 % of them busy that one machine of
 *     this many cores can watch (decoding by ffmpeg included, 70 % load);
 *  4. a real-time run of that many cameras in one process: alert latency
 *     (condition met → event ready with its three JPEG frames), p50 and p95.
 *
 *   npx tsx bench/vision-throughput.ts [--seconds N] [--cameras N]
 *
 * Needs ffmpeg, ../shared/models/yolox-nano (or FENGQIAO_MODEL_DIR) and
 * ../shared/media. Human-readable lines first; the last line is one JSON object.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CameraAssignment } from '@fengqiao/contracts';
import {
  CameraPipeline,
  defaultModelPath,
  encodeJpeg,
  type Frame,
  FrameSource,
  renderScene,
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

  // 4. Real time: K cameras in one process (one detector, JS single-threaded), frames arriving at 5 fps each.
  const K = intArg('cameras', Math.max(1, camsGated));
  const det = await YoloxDetector.load({ modelPath: MODEL, threads: Math.max(1, CORES - 1) });
  const pipes = Array.from({ length: K }, (_, i) => ({
    pipe: new CameraPipeline(sceneCamera('file:///bench'), det),
    frames: i % 10 === 0 ? busy : idle,
    offset: Math.floor(Math.random() * 50),
  }));
  const latencies: number[] = [];
  const lag: number[] = [];
  const startAt = performance.now();
  const epoch = Date.now();
  let tick = 0;
  let encodes: Promise<void>[] = [];
  while (performance.now() - startAt < SECONDS * 1000) {
    const due = startAt + (tick * 1000) / FPS;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    for (const c of pipes) {
      const src = c.frames[(tick + c.offset) % c.frames.length] as Frame;
      const t = epoch + (tick * 1000) / FPS;
      const { events } = await c.pipe.step({ ...src, t, index: tick });
      for (const e of events)
        encodes.push(
          Promise.all(e.frames.map((f) => encodeJpeg(f.frame, { box: e.event.box, text: 'bench' }))).then(() => {
            latencies.push(Date.now() - e.event.t);
          }),
        );
    }
    lag.push(performance.now() - due);
    tick++;
  }
  await Promise.all(encodes);
  encodes = [];
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
    alerts: latencies.length,
    alertLatencyP50Ms: Math.round(pct(latencies, 50)),
    alertLatencyP95Ms: Math.round(pct(latencies, 95)),
    frameLagP95Ms: Math.round(pct(lag, 95)),
  };
  console.log(
    `real time: ${K} cameras for ${SECONDS} s (without decoding, which ffmpeg does in its own processes): ${latencies.length} alerts, latency p50 ${result.alertLatencyP50Ms} ms, p95 ${result.alertLatencyP95Ms} ms; frame lag p95 ${result.frameLagP95Ms} ms`,
  );
  await det.close();
  await det1.close();
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(JSON.stringify(result));
}

await main();
