/** Image geometry on normalised coordinates: x right, y down, both in [0, 1]. */
export type Point = readonly [number, number];
/** [x, y, w, h] with (x, y) the top-left corner. */
export type Box = readonly [number, number, number, number];

export function iou(a: Box, b: Box): number {
  const x1 = Math.max(a[0], b[0]);
  const y1 = Math.max(a[1], b[1]);
  const x2 = Math.min(a[0] + a[2], b[0] + b[2]);
  const y2 = Math.min(a[1] + a[3], b[1] + b[3]);
  const inter = Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
  const union = a[2] * a[3] + b[2] * b[3] - inter;
  return union > 0 ? inter / union : 0;
}

/** Where an object stands: the bottom centre of its box (the ground contact of a car or a person). */
export const anchorOf = (b: Box): Point => [b[0] + b[2] / 2, b[1] + b[3]];

/** Ray casting; points on the edge count as inside either way. */
export function inPolygon(p: Point, poly: readonly Point[]): boolean {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const a = poly[i];
    const b = poly[j];
    if (!a || !b) continue;
    if (a[1] > p[1] !== b[1] > p[1] && p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0]) inside = !inside;
  }
  return inside;
}

/**
 * Signed side of p relative to the directed line a→b: positive on the right
 * of a→b as seen on screen (y points down), negative on the left.
 */
export function sideOf(p: Point, a: Point, b: Point): number {
  return (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
}

/**
 * Where segment p→q crosses segment a→b: the fraction along p→q, or null
 * when they do not cross.
 */
export function crossingAt(p: Point, q: Point, a: Point, b: Point): number | null {
  const r = [q[0] - p[0], q[1] - p[1]];
  const s = [b[0] - a[0], b[1] - a[1]];
  const denom = (r[0] ?? 0) * (s[1] ?? 0) - (r[1] ?? 0) * (s[0] ?? 0);
  if (denom === 0) return null;
  const ax = a[0] - p[0];
  const ay = a[1] - p[1];
  const t = (ax * (s[1] ?? 0) - ay * (s[0] ?? 0)) / denom;
  const u = (ax * (r[1] ?? 0) - ay * (r[0] ?? 0)) / denom;
  return t >= 0 && t <= 1 && u >= 0 && u <= 1 ? t : null;
}

/** China Standard Time (UTC+8, no daylight saving): minutes since local midnight. */
export function chinaMinuteOfDay(ms: number): number {
  return Math.floor(((ms / 60_000 + 8 * 60) % 1440) + 1440) % 1440;
}

/** Whether a time of day falls in a window; a window may run over midnight (22:00-06:00). */
export function inTimeWindow(ms: number, w: { from: string; to: string } | null): boolean {
  if (!w) return true;
  const m = chinaMinuteOfDay(ms);
  const toMin = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
  const from = toMin(w.from);
  const to = toMin(w.to);
  return from <= to ? m >= from && m < to : m >= from || m < to;
}
