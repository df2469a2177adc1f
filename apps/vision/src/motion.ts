import type { Frame } from './frame';
import type { Box, Point } from './geometry';
import { inPolygon } from './geometry';

export interface MotionOptions {
  /** Width of the grey thumbnail motion is computed on (height follows the aspect ratio). */
  width: number;
  /** A cell changed when it differs from the background by more than this (0-255). */
  threshold: number;
  /** Fewer changed cells than this is noise (rain, compression artefacts). */
  minCells: number;
  /** How fast the background adapts (0-1 a frame): slow enough that a car that stops still shows. */
  alpha: number;
}

const DEFAULTS: MotionOptions = { width: 80, threshold: 22, minCells: 4, alpha: 0.04 };

/**
 * Cheap motion detection on a downscaled grey frame against a running-average
 * background, as Frigate does: it decides whether the detector runs at all
 * and where. Masked areas (a timestamp overlay, swaying trees) never count.
 */
export class MotionDetector {
  private bg: Float32Array | null = null;
  private w = 0;
  private h = 0;
  private maskCells: Uint8Array | null = null;
  private readonly o: MotionOptions;

  constructor(
    private readonly masks: readonly (readonly Point[])[] = [],
    options: Partial<MotionOptions> = {},
  ) {
    this.o = { ...DEFAULTS, ...options };
  }

  /** Regions that moved, normalised [x, y, w, h]; empty when nothing did. */
  detect(f: Frame): Box[] {
    const w = this.o.width;
    const h = Math.max(1, Math.round((f.height / f.width) * w));
    const grey = downscaleGrey(f, w, h);
    if (!this.bg || this.w !== w || this.h !== h) {
      this.bg = grey;
      this.w = w;
      this.h = h;
      this.maskCells = this.rasteriseMasks(w, h);
      return [];
    }
    const bg = this.bg;
    const changed = new Uint8Array(w * h);
    let n = 0;
    for (let i = 0; i < grey.length; i++) {
      const g = grey[i] ?? 0;
      const b = bg[i] ?? 0;
      if (Math.abs(g - b) > this.o.threshold && !this.maskCells?.[i]) {
        changed[i] = 1;
        n++;
      }
      bg[i] = b + (g - b) * this.o.alpha;
    }
    if (n < this.o.minCells) return [];
    return regions(changed, w, h, this.o.minCells);
  }

  private rasteriseMasks(w: number, h: number): Uint8Array {
    const m = new Uint8Array(w * h);
    if (this.masks.length === 0) return m;
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const p: Point = [(x + 0.5) / w, (y + 0.5) / h];
        if (this.masks.some((poly) => inPolygon(p, poly))) m[y * w + x] = 1;
      }
    return m;
  }
}

/** Box-filter downscale to grey (ITU-R 601 luma). */
export function downscaleGrey(f: Frame, w: number, h: number): Float32Array {
  const out = new Float32Array(w * h);
  const sx = f.width / w;
  const sy = f.height / h;
  for (let y = 0; y < h; y++) {
    const y0 = Math.floor(y * sy);
    const y1 = Math.max(y0 + 1, Math.floor((y + 1) * sy));
    for (let x = 0; x < w; x++) {
      const x0 = Math.floor(x * sx);
      const x1 = Math.max(x0 + 1, Math.floor((x + 1) * sx));
      let sum = 0;
      let cnt = 0;
      // Every other pixel is plenty for a motion thumbnail and halves the cost.
      for (let yy = y0; yy < y1; yy += 2)
        for (let xx = x0; xx < x1; xx += 2) {
          const i = (yy * f.width + xx) * 3;
          sum += 0.299 * (f.data[i] ?? 0) + 0.587 * (f.data[i + 1] ?? 0) + 0.114 * (f.data[i + 2] ?? 0);
          cnt++;
        }
      out[y * w + x] = cnt ? sum / cnt : 0;
    }
  }
  return out;
}

/** Bounding boxes of 8-connected changed cells, grown by one cell, normalised. */
function regions(changed: Uint8Array, w: number, h: number, minCells: number): Box[] {
  const seen = new Uint8Array(w * h);
  const out: Box[] = [];
  const stack: number[] = [];
  for (let start = 0; start < changed.length; start++) {
    if (!changed[start] || seen[start]) continue;
    let minX = w;
    let minY = h;
    let maxX = 0;
    let maxY = 0;
    let cells = 0;
    stack.push(start);
    seen[start] = 1;
    while (stack.length) {
      const i = stack.pop() ?? 0;
      const x = i % w;
      const y = (i - x) / w;
      cells++;
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
          const j = ny * w + nx;
          if (changed[j] && !seen[j]) {
            seen[j] = 1;
            stack.push(j);
          }
        }
    }
    if (cells < Math.max(2, Math.floor(minCells / 2))) continue;
    const x0 = Math.max(0, minX - 1);
    const y0 = Math.max(0, minY - 1);
    const x1 = Math.min(w, maxX + 2);
    const y1 = Math.min(h, maxY + 2);
    out.push([x0 / w, y0 / h, (x1 - x0) / w, (y1 - y0) / h]);
  }
  return out;
}
