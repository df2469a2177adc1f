import type { ObjectClass } from '@fengqiao/contracts';
import type { Frame } from './frame';
import type { Box } from './geometry';
import type { Detection } from './tracker';

/**
 * Anything that finds objects in a frame. The worker only knows this
 * interface: a larger model or a GPU execution provider is configuration of
 * an implementation, not a change of the pipeline.
 */
export interface Detector {
  readonly name: string;
  /** Objects in the frame (or only in `region`, normalised), boxes normalised to the whole frame. */
  detect(frame: Frame, region?: Box): Promise<Detection[]>;
  close(): Promise<void>;
}

/** COCO class index → the classes the camera network cares about. */
export const COCO_CLASSES: ReadonlyMap<number, ObjectClass> = new Map([
  [0, 'person'],
  [1, 'bicycle'],
  [2, 'car'],
  [3, 'motorcycle'],
  [5, 'bus'],
  [7, 'truck'],
]);

/**
 * Greedy non-maximum suppression per class. A box lying mostly inside a
 * better one of its class (a torso inside the person) is dropped too: on
 * upscaled crops the model likes to report both.
 */
export function nms(dets: Detection[], iouThreshold: number): Detection[] {
  const sorted = [...dets].sort((a, b) => b.score - a.score);
  const keep: Detection[] = [];
  for (const d of sorted) {
    if (keep.some((k) => k.cls === d.cls && (boxIou(k.box, d.box) > iouThreshold || inside(d.box, k.box) > 0.8)))
      continue;
    keep.push(d);
  }
  return keep;
}

/** Share of box a's area that lies inside box b. */
function inside(a: Box, b: Box): number {
  const x1 = Math.max(a[0], b[0]);
  const y1 = Math.max(a[1], b[1]);
  const x2 = Math.min(a[0] + a[2], b[0] + b[2]);
  const y2 = Math.min(a[1] + a[3], b[1] + b[3]);
  const area = a[2] * a[3];
  return area > 0 ? (Math.max(0, x2 - x1) * Math.max(0, y2 - y1)) / area : 0;
}

function boxIou(a: Box, b: Box): number {
  const x1 = Math.max(a[0], b[0]);
  const y1 = Math.max(a[1], b[1]);
  const x2 = Math.min(a[0] + a[2], b[0] + b[2]);
  const y2 = Math.min(a[1] + a[3], b[1] + b[3]);
  const inter = Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
  const u = a[2] * a[3] + b[2] * b[3] - inter;
  return u > 0 ? inter / u : 0;
}
