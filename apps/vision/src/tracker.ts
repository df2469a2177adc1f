import type { ObjectClass } from '@fengqiao/contracts';
import { type Box, iou } from './geometry';
import { Kalman1D } from './kalman';

export interface Detection {
  cls: ObjectClass;
  score: number;
  /** Normalised [x, y, w, h]. */
  box: Box;
}

export interface Track {
  id: number;
  cls: ObjectClass;
  /** The best score seen (rules compare it with their minimum confidence). */
  score: number;
  box: Box;
  /** Centre velocity in frame widths/heights per second. */
  velocity: readonly [number, number];
  /** Matched detections so far; a track is confirmed after `minHits`. */
  hits: number;
  firstSeen: number;
  lastSeen: number;
  confirmed: boolean;
}

export interface TrackerOptions {
  /** Minimum IoU between a prediction and a detection to match them. */
  iouThreshold: number;
  /** A track unmatched for longer than this is dropped. */
  maxAgeMs: number;
  minHits: number;
}

const DEFAULTS: TrackerOptions = { iouThreshold: 0.2, maxAgeMs: 3000, minHits: 3 };

/** Classes that may swap between frames (a van seen as car then truck) without breaking the track. */
const GROUP: Record<ObjectClass, string> = {
  person: 'person',
  bicycle: 'cycle',
  motorcycle: 'cycle',
  car: 'vehicle',
  bus: 'vehicle',
  truck: 'vehicle',
};

class Tracked {
  readonly cx: Kalman1D;
  readonly cy: Kalman1D;
  readonly w: Kalman1D;
  readonly h: Kalman1D;
  votes = new Map<ObjectClass, number>();
  hits = 1;
  score: number;
  lastSeen: number;
  lastT: number;
  /** The last measured box: a second matching pass uses it when the prediction overshoots (a car turning back). */
  lastBox: Box;

  constructor(
    readonly id: number,
    d: Detection,
    readonly firstSeen: number,
  ) {
    const [x, y, w, h] = d.box;
    // Noise in normalised units: measurements jitter by ~1% of the frame, objects accelerate gently.
    this.cx = new Kalman1D(x + w / 2, 0.05, 1e-4);
    this.cy = new Kalman1D(y + h / 2, 0.05, 1e-4);
    this.w = new Kalman1D(w, 0.01, 1e-4, 0.01);
    this.h = new Kalman1D(h, 0.01, 1e-4, 0.01);
    this.votes.set(d.cls, d.score);
    this.score = d.score;
    this.lastSeen = firstSeen;
    this.lastT = firstSeen;
    this.lastBox = d.box;
  }

  get box(): Box {
    const w = Math.max(1e-4, this.w.x);
    const h = Math.max(1e-4, this.h.x);
    return [this.cx.x - w / 2, this.cy.x - h / 2, w, h];
  }

  predict(t: number) {
    const dt = Math.max(0, (t - this.lastT) / 1000);
    this.lastT = t;
    if (dt === 0) return;
    for (const f of [this.cx, this.cy, this.w, this.h]) f.predict(dt);
  }

  update(d: Detection, t: number) {
    const [x, y, w, h] = d.box;
    this.cx.update(x + w / 2);
    this.cy.update(y + h / 2);
    this.w.update(w);
    this.h.update(h);
    this.votes.set(d.cls, (this.votes.get(d.cls) ?? 0) + d.score);
    this.score = Math.max(this.score, d.score);
    this.hits += 1;
    this.lastSeen = t;
    this.lastBox = d.box;
  }

  get cls(): ObjectClass {
    let best: ObjectClass = 'car';
    let most = -1;
    for (const [c, v] of this.votes)
      if (v > most) {
        best = c;
        most = v;
      }
    return best;
  }
}

/**
 * SORT-style multi-object tracking: each track's box is predicted by its
 * Kalman filters to the frame time, predictions and detections are matched
 * greedily by IoU (highest first, within a class group; a second pass
 * matches leftovers against each track's last measured box), matched tracks are
 * corrected, new detections start tracks, and tracks unseen for `maxAgeMs`
 * end. Ids are never reused.
 */
export class Tracker {
  private tracks: Tracked[] = [];
  private nextId = 1;
  private readonly o: TrackerOptions;

  constructor(options: Partial<TrackerOptions> = {}) {
    this.o = { ...DEFAULTS, ...options };
  }

  /** Feeds the detections of a frame taken at time t (ms); returns the live tracks. */
  update(detections: readonly Detection[], t: number): Track[] {
    for (const tr of this.tracks) tr.predict(t);
    const usedT = new Set<number>();
    const usedD = new Set<number>();
    // First against the predicted boxes (SORT), then what is left against the last measured boxes.
    for (const boxOf of [(tr: Tracked) => tr.box, (tr: Tracked) => tr.lastBox]) {
      const pairs: { i: number; j: number; v: number }[] = [];
      this.tracks.forEach((tr, i) => {
        if (usedT.has(i)) return;
        const box = boxOf(tr);
        detections.forEach((d, j) => {
          if (usedD.has(j) || GROUP[d.cls] !== GROUP[tr.cls]) return;
          const v = iou(box, d.box);
          if (v >= this.o.iouThreshold) pairs.push({ i, j, v });
        });
      });
      pairs.sort((a, b) => b.v - a.v);
      for (const p of pairs) {
        if (usedT.has(p.i) || usedD.has(p.j)) continue;
        usedT.add(p.i);
        usedD.add(p.j);
        const d = detections[p.j];
        if (d) this.tracks[p.i]?.update(d, t);
      }
    }
    detections.forEach((d, j) => {
      if (!usedD.has(j)) this.tracks.push(new Tracked(this.nextId++, d, t));
    });
    this.tracks = this.tracks.filter((tr) => t - tr.lastSeen <= this.o.maxAgeMs);
    return this.live();
  }

  live(): Track[] {
    return this.tracks.map((tr) => ({
      id: tr.id,
      cls: tr.cls,
      score: tr.score,
      box: tr.box,
      velocity: [tr.cx.v, tr.cy.v] as const,
      hits: tr.hits,
      firstSeen: tr.firstSeen,
      lastSeen: tr.lastSeen,
      confirmed: tr.hits >= this.o.minHits,
    }));
  }

  get size(): number {
    return this.tracks.length;
  }
}
