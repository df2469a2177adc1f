import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readImage } from '../src/ffmpeg';
import { defaultModelPath, YoloxDetector } from '../src/yolox';

const MEDIA = path.resolve(import.meta.dirname, '../../../../shared/media/coco-val-sample');
const MODEL = defaultModelPath({
  FENGQIAO_MODEL_DIR: process.env.FENGQIAO_MODEL_DIR ?? path.resolve(import.meta.dirname, '../../../../shared/models'),
});
const available = fs.existsSync(MODEL) && fs.existsSync(MEDIA);
if (!available)
  console.log(`SKIPPED detector tests: no model at ${MODEL} or no media at ${MEDIA} (set FENGQIAO_MODEL_DIR)`);

describe.skipIf(!available)('YOLOX-Nano detector on real street images', () => {
  let det: YoloxDetector;
  beforeAll(async () => {
    det = await YoloxDetector.load({ modelPath: MODEL, threads: 2 });
  }, 30_000);
  afterAll(async () => det?.close());

  it('finds the vehicles and people of the COCO street scenes, with boxes inside the frame', async () => {
    const files = fs.readdirSync(MEDIA).filter((f) => f.endsWith('.jpg'));
    const found = new Map<string, number>();
    for (const f of files) {
      const frame = await readImage(path.join(MEDIA, f));
      const dets = await det.detect(frame);
      for (const d of dets) {
        found.set(d.cls, (found.get(d.cls) ?? 0) + 1);
        expect(d.score).toBeGreaterThan(0.29);
        expect(d.box[0]).toBeGreaterThanOrEqual(0);
        expect(d.box[0] + d.box[2]).toBeLessThanOrEqual(1.0001);
        expect(d.box[1] + d.box[3]).toBeLessThanOrEqual(1.0001);
      }
    }
    console.log(`detections over ${files.length} images: ${JSON.stringify(Object.fromEntries(found))}`);
    expect(found.get('person') ?? 0).toBeGreaterThan(3);
    expect((found.get('car') ?? 0) + (found.get('truck') ?? 0) + (found.get('bus') ?? 0)).toBeGreaterThan(3);
  }, 60_000);

  it('finds the same object in a crop as in the whole frame (region boxes map back to the frame)', async () => {
    const files = fs.readdirSync(MEDIA).filter((f) => f.endsWith('.jpg'));
    for (const f of files) {
      const frame = await readImage(path.join(MEDIA, f));
      const whole = await det.detect(frame);
      const big = whole.filter((d) => d.cls !== 'person' && d.box[2] * d.box[3] > 0.02 && d.score > 0.5)[0];
      if (!big) continue;
      const pad = 0.1;
      const region = [
        Math.max(0, big.box[0] - pad),
        Math.max(0, big.box[1] - pad),
        Math.min(1, big.box[2] + 2 * pad),
        Math.min(1, big.box[3] + 2 * pad),
      ] as const;
      const cropped = await det.detect(frame, region);
      const same = cropped.find(
        (d) => Math.abs(d.box[0] - big.box[0]) < 0.05 && Math.abs(d.box[1] - big.box[1]) < 0.05,
      );
      expect(same, f).toBeTruthy();
      return;
    }
    throw new Error('no large vehicle in the sample to crop');
  }, 60_000);
});
