import { randomUUID } from 'node:crypto';
import { type Rule, RuleSpec, type RuleSpecInput, type Shape } from '@fengqiao/contracts';
import type { Box } from '../src/geometry';
import { RuleEngine, type RuleEvent } from '../src/rules';
import { type Detection, Tracker } from '../src/tracker';

/** Synthetic scenes with known ground truth: objects follow given paths, the detector sees them (or misses some). */
export const zone = (name: string, points: [number, number][]): Shape => ({
  id: randomUUID(),
  kind: 'zone',
  name,
  points,
  direction: 'any',
});
export const line = (name: string, a: [number, number], b: [number, number]): Shape => ({
  id: randomUUID(),
  kind: 'line',
  name,
  points: [a, b],
  direction: 'any',
});

export function rule(spec: RuleSpecInput, name: string = spec.kind): Rule {
  return {
    id: randomUUID(),
    cameraId: randomUUID(),
    name,
    template: null,
    spec: RuleSpec.parse(spec),
    categoryCode: 'traffic',
    raiseIncident: true,
    violation: false,
    enabled: true,
    updatedAt: new Date(0).toISOString(),
  };
}

export interface Actor {
  cls: Detection['cls'];
  /** Box at time t (ms from the scene start), or null when out of view. */
  at: (t: number) => Box | null;
}

/** Moves from a to b (anchor points) over [t0, t1], holding still before and after within [from, to]. */
export function path(
  waypoints: { t: number; x: number; y: number }[],
  size: [number, number] = [0.08, 0.06],
  visible: [number, number] = [-Infinity, Infinity],
): (t: number) => Box | null {
  return (t) => {
    if (t < visible[0] || t > visible[1]) return null;
    const first = waypoints[0];
    const last = waypoints[waypoints.length - 1];
    if (!first || !last) return null;
    let x = first.x;
    let y = first.y;
    if (t >= last.t) {
      x = last.x;
      y = last.y;
    } else
      for (let i = 1; i < waypoints.length; i++) {
        const a = waypoints[i - 1];
        const b = waypoints[i];
        if (a && b && t >= a.t && t <= b.t) {
          const f = b.t === a.t ? 1 : (t - a.t) / (b.t - a.t);
          x = a.x + (b.x - a.x) * f;
          y = a.y + (b.y - a.y) * f;
          break;
        }
      }
    // The point is the anchor (bottom centre); the box sits above it.
    return [x - size[0] / 2, y - size[1], size[0], size[1]];
  };
}

export interface RunOptions {
  fps?: number;
  durationMs: number;
  /** Epoch ms of the scene start (time-of-day rules). */
  start?: number;
  /** Frames whose detections are dropped (index → true). */
  miss?: (frame: number, actor: number) => boolean;
  jitter?: (frame: number, actor: number) => [number, number];
  score?: number;
}

export function run(actors: Actor[], rules: Rule[], shapes: Shape[], o: RunOptions) {
  const fps = o.fps ?? 5;
  const start = o.start ?? Date.UTC(2026, 10, 28, 4, 0, 0);
  const tracker = new Tracker();
  const engine = new RuleEngine(rules, shapes);
  const events: RuleEvent[] = [];
  const idsOf = actors.map(() => new Set<number>());
  for (let i = 0; i * (1000 / fps) <= o.durationMs; i++) {
    const t = i * (1000 / fps);
    const dets: Detection[] = [];
    const owner: number[] = [];
    actors.forEach((a, k) => {
      const b = a.at(t);
      if (!b || o.miss?.(i, k)) return;
      const [jx, jy] = o.jitter?.(i, k) ?? [0, 0];
      dets.push({ cls: a.cls, score: o.score ?? 0.8, box: [b[0] + jx, b[1] + jy, b[2], b[3]] });
      owner.push(k);
    });
    const tracks = tracker.update(dets, start + t);
    // Ground truth association: the confirmed track whose box is nearest each actor's box.
    owner.forEach((k, j) => {
      const d = dets[j];
      if (!d) return;
      let best: { id: number; dist: number } | null = null;
      for (const tr of tracks) {
        if (!tr.confirmed || tr.lastSeen !== start + t) continue;
        const dist = Math.hypot(tr.box[0] - d.box[0], tr.box[1] - d.box[1]);
        if (!best || dist < best.dist) best = { id: tr.id, dist };
      }
      if (best && best.dist < 0.03) idsOf[k]?.add(best.id);
    });
    events.push(...engine.step(start + t, tracks));
  }
  return { events, idsOf, tracker, start };
}
