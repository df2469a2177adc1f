import type { Rng } from '@fengqiao/domain';
import type { DemoPolygon, Position } from './town.types';

/**
 * Planar helpers for the demo town. Geometry is built in a local plane in
 * kilometres centred on the town (an equirectangular projection is exact
 * enough over 12 km) and converted to WGS-84 only at the end.
 */
export type Pair = [number, number];

export const TOWN_ORIGIN = { lng: 116.68, lat: 39.06 } as const;
const KM_PER_DEG_LAT = 110.574;
const KM_PER_DEG_LNG = 111.32 * Math.cos((TOWN_ORIGIN.lat * Math.PI) / 180);

/** Six decimals is about 0.1 m: precise enough, and shared vertices of neighbouring grids round identically. */
export function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

export function toLngLat([x, y]: Pair): Position {
  return [round6(TOWN_ORIGIN.lng + x / KM_PER_DEG_LNG), round6(TOWN_ORIGIN.lat + y / KM_PER_DEG_LAT)];
}

export function toLocal([lng, lat]: Position): Pair {
  return [(lng - TOWN_ORIGIN.lng) * KM_PER_DEG_LNG, (lat - TOWN_ORIGIN.lat) * KM_PER_DEG_LAT];
}

function at<T>(items: readonly T[], i: number): T {
  const v = items[(i + items.length) % items.length];
  if (v === undefined) throw new Error('index into an empty list');
  return v;
}

/** Drops a repeated closing vertex, so ring maths can wrap around by index. */
export function openRing(ring: readonly Pair[]): Pair[] {
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (ring.length > 1 && first && last && first[0] === last[0] && first[1] === last[1]) return ring.slice(0, -1);
  return [...ring];
}

export function closeRing<T extends Pair | Position>(ring: readonly T[]): T[] {
  const open = openRing(ring) as T[];
  const first = open[0];
  return first ? [...open, first] : open;
}

/** Shoelace area; positive when counter-clockwise. */
export function signedArea(ring: readonly Pair[]): number {
  const pts = openRing(ring);
  let s = 0;
  for (let i = 0; i < pts.length; i++) {
    const [x1, y1] = at(pts, i);
    const [x2, y2] = at(pts, i + 1);
    s += x1 * y2 - x2 * y1;
  }
  return s / 2;
}

export function ringCentroid(ring: readonly Pair[]): Pair {
  const pts = openRing(ring);
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < pts.length; i++) {
    const [x1, y1] = at(pts, i);
    const [x2, y2] = at(pts, i + 1);
    const f = x1 * y2 - x2 * y1;
    a += f;
    cx += (x1 + x2) * f;
    cy += (y1 + y2) * f;
  }
  if (a === 0) return at(pts, 0);
  return [cx / (3 * a), cy / (3 * a)];
}

/** Even-odd ray casting; points exactly on an edge may fall either way. */
export function pointInRing(
  [px, py]: readonly [number, number],
  ring: readonly (readonly [number, number])[],
): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i];
    const b = ring[j];
    if (!a || !b) continue;
    if (a[1] > py !== b[1] > py && px < ((b[0] - a[0]) * (py - a[1])) / (b[1] - a[1]) + a[0]) inside = !inside;
  }
  return inside;
}

export function pointInPolygon(point: Position, polygon: DemoPolygon): boolean {
  const [outer, ...holes] = polygon.coordinates;
  if (!outer || !pointInRing(point, outer)) return false;
  return !holes.some((h) => pointInRing(point, h));
}

export function distanceToSegment([px, py]: Pair, [ax, ay]: Pair, [bx, by]: Pair): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

export function distanceToPolyline(p: Pair, line: readonly Pair[]): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 1; i < line.length; i++) best = Math.min(best, distanceToSegment(p, at(line, i - 1), at(line, i)));
  return best;
}

/** Distance to the ring's outline (not signed). */
export function distanceToRing(p: Pair, ring: readonly Pair[]): number {
  return distanceToPolyline(p, closeRing(ring));
}

export function ringBBox(ring: readonly Pair[]): [number, number, number, number] {
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const [x, y] of ring) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  return [minX, minY, maxX, maxY];
}

/** Distance from `origin` along direction `angle` to the first crossing of the ring, or null when the ray misses. */
export function rayToRing([ox, oy]: Pair, angle: number, ring: readonly Pair[]): number | null {
  const dx = Math.cos(angle);
  const dy = Math.sin(angle);
  const pts = openRing(ring);
  let best: number | null = null;
  for (let i = 0; i < pts.length; i++) {
    const [ax, ay] = at(pts, i);
    const [bx, by] = at(pts, i + 1);
    const ex = bx - ax;
    const ey = by - ay;
    const den = dx * ey - dy * ex;
    if (Math.abs(den) < 1e-12) continue;
    const t = ((ax - ox) * ey - (ay - oy) * ex) / den;
    const u = ((ax - ox) * dy - (ay - oy) * dx) / den;
    if (t > 0 && u >= 0 && u <= 1 && (best === null || t < best)) best = t;
  }
  return best;
}

/**
 * A random point inside the ring at least `margin` from its outline, pulled
 * towards the centroid by `pull` (0..1) so points do not hug the edges.
 */
export function randomPointInRing(rng: Rng, ring: readonly Pair[], margin: number, pull = 0): Pair {
  const [minX, minY, maxX, maxY] = ringBBox(ring);
  const [cx, cy] = ringCentroid(ring);
  for (let tries = 0; tries < 2000; tries++) {
    // Relax the margin gradually so thin cells still get a point.
    const m = margin * Math.max(0.1, 1 - tries / 1000);
    const x0 = rng.float(minX, maxX);
    const y0 = rng.float(minY, maxY);
    const p: Pair = [x0 + (cx - x0) * pull, y0 + (cy - y0) * pull];
    if (pointInRing(p, ring) && distanceToRing(p, ring) >= m) return p;
  }
  throw new Error('no room for a point in this ring');
}

export function toDemoPolygon(ringKm: readonly Pair[]): DemoPolygon {
  const ll: Position[] = [];
  for (const p of openRing(ringKm)) {
    const q = toLngLat(p);
    const prev = ll[ll.length - 1];
    // Rounding can merge near-coincident vertices; keep one.
    if (!prev || prev[0] !== q[0] || prev[1] !== q[1]) ll.push(q);
  }
  const first = ll[0];
  const last = ll[ll.length - 1];
  if (first && last && ll.length > 1 && first[0] === last[0] && first[1] === last[1]) ll.pop();
  if (signedArea(ll) < 0) ll.reverse();
  return { type: 'Polygon', coordinates: [closeRing(ll)] };
}

/** Planar area in km² of a WGS-84 polygon (outer ring minus holes). */
export function polygonAreaKm2(polygon: DemoPolygon): number {
  const [outer, ...holes] = polygon.coordinates;
  if (!outer) return 0;
  const area = (ring: Position[]) => Math.abs(signedArea(ring.map(toLocal)));
  return area(outer) - holes.reduce((s, h) => s + area(h), 0);
}

/** Code of the first grid whose polygon holds the point, or null outside every grid. */
export function locateGrid(point: Position, grids: readonly { code: string; geometry: DemoPolygon }[]): string | null {
  return grids.find((g) => pointInPolygon(point, g.geometry))?.code ?? null;
}
