import fs from 'node:fs';
import path from 'node:path';
import type { InferenceSession } from 'onnxruntime-node';
import { COCO_CLASSES, type Detector, nms } from './detector';
import type { Frame } from './frame';
import type { Box } from './geometry';
import type { Detection } from './tracker';

export interface YoloxOptions {
  modelPath: string;
  /** Square input size the model was exported with. */
  inputSize: number;
  scoreThreshold: number;
  nmsThreshold: number;
  /** Intra-op threads of onnxruntime. */
  threads: number;
  /** onnxruntime execution providers, e.g. ['cuda', 'cpu'] where a GPU build is installed. */
  providers: string[];
}

const STRIDES = [8, 16, 32];

/** Where the YOLOX-Nano weights are looked for (FENGQIAO_MODEL_DIR, else ../shared/models). */
export function defaultModelPath(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.FENGQIAO_MODEL_DIR ?? path.resolve(process.cwd(), '../shared/models');
  return path.join(dir, 'yolox-nano', 'yolox_nano.onnx');
}

/**
 * COCO YOLOX-Nano through onnxruntime on the CPU. Input: BGR 0-255, the
 * image letterboxed into the top-left corner padded with 114; output: raw
 * per-anchor predictions decoded here (grid offset, exp size, objectness ×
 * class score), then per-class NMS.
 */
export class YoloxDetector implements Detector {
  readonly name: string;
  private readonly input: Float32Array;

  private constructor(
    private readonly session: InferenceSession,
    private readonly ort: typeof import('onnxruntime-node'),
    private readonly o: YoloxOptions,
  ) {
    this.name = `yolox:${path.basename(o.modelPath)}@${o.inputSize}`;
    this.input = new Float32Array(3 * o.inputSize * o.inputSize);
  }

  static async load(options: Partial<YoloxOptions> = {}): Promise<YoloxDetector> {
    const o: YoloxOptions = {
      modelPath: options.modelPath ?? defaultModelPath(),
      inputSize: options.inputSize ?? 416,
      scoreThreshold: options.scoreThreshold ?? 0.3,
      nmsThreshold: options.nmsThreshold ?? 0.45,
      threads: options.threads ?? 1,
      providers: options.providers ?? ['cpu'],
    };
    if (!fs.existsSync(o.modelPath)) throw new Error(`model not found at ${o.modelPath} (set FENGQIAO_MODEL_DIR)`);
    // Loaded lazily so that tools which never detect do not need the native binding.
    const ort = await import('onnxruntime-node');
    const session = await ort.InferenceSession.create(o.modelPath, {
      intraOpNumThreads: o.threads,
      interOpNumThreads: 1,
      executionProviders: o.providers,
      graphOptimizationLevel: 'all',
    });
    return new YoloxDetector(session, ort, o);
  }

  async detect(frame: Frame, region?: Box): Promise<Detection[]> {
    const S = this.o.inputSize;
    const rx = region ? Math.max(0, Math.floor(region[0] * frame.width)) : 0;
    const ry = region ? Math.max(0, Math.floor(region[1] * frame.height)) : 0;
    const rw = region ? Math.min(frame.width - rx, Math.ceil(region[2] * frame.width)) : frame.width;
    const rh = region ? Math.min(frame.height - ry, Math.ceil(region[3] * frame.height)) : frame.height;
    if (rw < 8 || rh < 8) return [];
    const r = Math.min(S / rw, S / rh);
    const nw = Math.round(rw * r);
    const nh = Math.round(rh * r);
    this.letterbox(frame, rx, ry, rw, rh, nw, nh);
    const tensor = new this.ort.Tensor('float32', this.input, [1, 3, S, S]);
    const result = await this.session.run({ [this.session.inputNames[0] ?? 'images']: tensor });
    const out = result[this.session.outputNames[0] ?? 'output'];
    if (!out) throw new Error('the model returned no output');
    const data = out.data as Float32Array;
    const dets: Detection[] = [];
    let a = 0;
    for (const stride of STRIDES) {
      const g = S / stride;
      for (let gy = 0; gy < g; gy++)
        for (let gx = 0; gx < g; gx++, a++) {
          const o = a * 85;
          const obj = data[o + 4] ?? 0;
          if (obj < this.o.scoreThreshold) continue;
          let best = -1;
          let bestScore = 0;
          for (const [k] of COCO_CLASSES) {
            const s = obj * (data[o + 5 + k] ?? 0);
            if (s > bestScore) {
              bestScore = s;
              best = k;
            }
          }
          const cls = COCO_CLASSES.get(best);
          if (!cls || bestScore < this.o.scoreThreshold) continue;
          const cx = ((data[o] ?? 0) + gx) * stride;
          const cy = ((data[o + 1] ?? 0) + gy) * stride;
          const w = Math.exp(data[o + 2] ?? 0) * stride;
          const h = Math.exp(data[o + 3] ?? 0) * stride;
          // Back from model input pixels to the region, then to the whole frame, normalised.
          const x0 = Math.max(0, (cx - w / 2) / r) + rx;
          const y0 = Math.max(0, (cy - h / 2) / r) + ry;
          const x1 = Math.min(rw, (cx + w / 2) / r) + rx;
          const y1 = Math.min(rh, (cy + h / 2) / r) + ry;
          if (x1 <= x0 || y1 <= y0) continue;
          dets.push({
            cls,
            score: bestScore,
            box: [x0 / frame.width, y0 / frame.height, (x1 - x0) / frame.width, (y1 - y0) / frame.height],
          });
        }
    }
    return nms(dets, this.o.nmsThreshold);
  }

  /** Bilinear resize of the region into the top-left of the input, BGR planes, padding 114. */
  private letterbox(f: Frame, rx: number, ry: number, rw: number, rh: number, nw: number, nh: number) {
    const S = this.o.inputSize;
    const plane = S * S;
    this.input.fill(114);
    const sx = rw / nw;
    const sy = rh / nh;
    for (let y = 0; y < nh; y++) {
      const fy = Math.min(rh - 1, Math.max(0, (y + 0.5) * sy - 0.5));
      const y0 = Math.floor(fy);
      const y1 = Math.min(rh - 1, y0 + 1);
      const wy = fy - y0;
      for (let x = 0; x < nw; x++) {
        const fx = Math.min(rw - 1, Math.max(0, (x + 0.5) * sx - 0.5));
        const x0 = Math.floor(fx);
        const x1 = Math.min(rw - 1, x0 + 1);
        const wx = fx - x0;
        const i00 = ((ry + y0) * f.width + rx + x0) * 3;
        const i01 = ((ry + y0) * f.width + rx + x1) * 3;
        const i10 = ((ry + y1) * f.width + rx + x0) * 3;
        const i11 = ((ry + y1) * f.width + rx + x1) * 3;
        const o = y * S + x;
        for (let c = 0; c < 3; c++) {
          const v =
            (1 - wy) * ((1 - wx) * (f.data[i00 + c] ?? 0) + wx * (f.data[i01 + c] ?? 0)) +
            wy * ((1 - wx) * (f.data[i10 + c] ?? 0) + wx * (f.data[i11 + c] ?? 0));
          // RGB in, BGR planes out.
          this.input[(2 - c) * plane + o] = v;
        }
      }
    }
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}
