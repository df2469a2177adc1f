import { distanceM } from '../geo/measure';

/** [lng, lat] in WGS-84. */
export type LngLat = readonly [number, number];

/** A checkpoint of a patrol route: a point with the radius within which a volunteer counts as there. */
export interface CheckpointShape {
  id: string;
  lng: number;
  lat: number;
  radiusM: number;
}

/**
 * The ground a duty covers: an optional path (the patrol line) and its
 * checkpoints; a position is "near the route" within `corridorM` of the path
 * or within `corridorM` of a checkpoint's circle. A school guard post is a
 * route of one checkpoint (the gate) and no path.
 */
export interface RouteShape {
  path: readonly LngLat[];
  checkpoints: readonly CheckpointShape[];
  corridorM: number;
}

const RAD = Math.PI / 180;
const M_PER_DEG = 111_320;

/**
 * Distance in metres from p to the segment a–b, in a local equirectangular
 * plane around p (exact enough for the few kilometres of a patrol route).
 */
export function distanceToSegmentM(p: LngLat, a: LngLat, b: LngLat): number {
  const k = Math.cos(p[1] * RAD) * M_PER_DEG;
  const ax = (a[0] - p[0]) * k;
  const ay = (a[1] - p[1]) * M_PER_DEG;
  const bx = (b[0] - p[0]) * k;
  const by = (b[1] - p[1]) * M_PER_DEG;
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  // The point of the segment closest to the origin (p).
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2));
  return Math.hypot(ax + t * dx, ay + t * dy);
}

/** Distance in metres from p to a polyline; Infinity for an empty one, the point distance for a single vertex. */
export function distanceToPathM(p: LngLat, path: readonly LngLat[]): number {
  const first = path[0];
  if (!first) return Number.POSITIVE_INFINITY;
  if (path.length === 1) return distanceM([p[0], p[1]], [first[0], first[1]]);
  let best = Number.POSITIVE_INFINITY;
  for (let i = 1; i < path.length; i++) {
    const a = path[i - 1] as LngLat;
    const b = path[i] as LngLat;
    const d = distanceToSegmentM(p, a, b);
    if (d < best) best = d;
  }
  return best;
}

/** Distance in metres from p to a checkpoint's circle (0 inside it). */
export function distanceToCheckpointM(p: LngLat, c: CheckpointShape): number {
  return Math.max(0, distanceM([p[0], p[1]], [c.lng, c.lat]) - c.radiusM);
}

/** Distance in metres from p to the route: its path or any checkpoint circle, whichever is nearer. */
export function distanceToRouteM(p: LngLat, route: RouteShape): number {
  let best = distanceToPathM(p, route.path);
  for (const c of route.checkpoints) {
    const d = distanceToCheckpointM(p, c);
    if (d < best) best = d;
  }
  return best;
}

export function isNearRoute(p: LngLat, route: RouteShape): boolean {
  return distanceToRouteM(p, route) <= route.corridorM;
}

/** GPS accuracy credited when testing a checkpoint pass, at most this many metres. */
export const MAX_ACCURACY_CREDIT_M = 30;

/**
 * Whether a fix puts the volunteer at the checkpoint: within its radius,
 * plus the fix's reported accuracy up to 30 m (a phone indoors reports a
 * wider circle; it is credited, but never more than 30 m).
 */
export function isAtCheckpoint(p: LngLat, c: CheckpointShape, accuracyM: number | null = null): boolean {
  const credit = Math.min(Math.max(accuracyM ?? 0, 0), MAX_ACCURACY_CREDIT_M);
  return distanceM([p[0], p[1]], [c.lng, c.lat]) <= c.radiusM + credit;
}

/** The first instant each checkpoint was reached by a fix, from a track (any order). */
export function checkpointPasses(
  fixes: readonly { at: number; lng: number; lat: number; accuracyM?: number | null }[],
  checkpoints: readonly CheckpointShape[],
): Map<string, { at: number; lng: number; lat: number; distanceM: number }> {
  const sorted = [...fixes].sort((a, b) => a.at - b.at);
  const out = new Map<string, { at: number; lng: number; lat: number; distanceM: number }>();
  for (const c of checkpoints) {
    for (const f of sorted) {
      if (isAtCheckpoint([f.lng, f.lat], c, f.accuracyM ?? null)) {
        out.set(c.id, { at: f.at, lng: f.lng, lat: f.lat, distanceM: distanceM([f.lng, f.lat], [c.lng, c.lat]) });
        break;
      }
    }
  }
  return out;
}
