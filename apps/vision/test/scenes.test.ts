import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FrameSource } from '../src/ffmpeg';
import { CameraPipeline } from '../src/pipeline';
import { renderScene, scenes } from '../src/scene-video';
import { defaultModelPath, YoloxDetector } from '../src/yolox';
import { sceneCamera } from './scenes';

const SHARED = path.resolve(import.meta.dirname, '../../../../shared');
const MEDIA = path.join(SHARED, 'media/coco-val-sample');
const MODEL = defaultModelPath({ FENGQIAO_MODEL_DIR: process.env.FENGQIAO_MODEL_DIR ?? path.join(SHARED, 'models') });
const available = fs.existsSync(MODEL) && fs.existsSync(MEDIA);
if (!available) console.log(`SKIPPED generated-scene tests: no model at ${MODEL} or no media at ${MEDIA}`);

/** What each generated scene must raise (and nothing else): the ground truth of the generator. */
const TRUTH: Record<keyof ReturnType<typeof scenes>, string[]> = {
  emergencyStop: ['dwell'],
  driveThrough: [],
  uTurn: ['u_turn'],
  pedestrian: ['presence'],
};

describe.skipIf(!available)('worker pipeline on generated videos with known ground truth', () => {
  let det: YoloxDetector;
  let dir: string;
  beforeAll(async () => {
    det = await YoloxDetector.load({ modelPath: MODEL, threads: 2 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fq-scenes-'));
  }, 30_000);
  afterAll(async () => {
    await det?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('raises exactly the expected events per scene (precision and recall 1 on these scenes)', async () => {
    const got: Record<string, string[]> = {};
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const [name, sprites] of Object.entries(scenes())) {
      const file = path.join(dir, `${name}.mp4`);
      await renderScene(file, MEDIA, sprites, { width: 640, height: 360, fps: 10, durationS: 10 });
      const cam = sceneCamera(`file://${file}`);
      const pipeline = new CameraPipeline(cam, det);
      const src = new FrameSource({ url: cam.streamUrl, fps: cam.detectFps, width: 640, height: 360, realtime: false });
      const kinds: string[] = [];
      // Events count when their rule fires (the evidence that completes later is the same event).
      for await (const frame of src.frames())
        for (const e of (await pipeline.step(frame)).fired) kinds.push(e.event.kind);
      got[name] = kinds;
      const want = [...(TRUTH[name as keyof typeof TRUTH] ?? [])];
      for (const k of kinds) {
        const i = want.indexOf(k);
        if (i >= 0) {
          tp++;
          want.splice(i, 1);
        } else fp++;
      }
      fn += want.length;
    }
    console.log(`generated scenes: ${JSON.stringify(got)}; tp=${tp} fp=${fp} fn=${fn}`);
    expect(got).toEqual(TRUTH);
  }, 120_000);
});
