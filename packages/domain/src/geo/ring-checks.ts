import type { Position } from './geojson.types';
import { RING_OUTSIDE, ringClass } from './point-in-polygon';

/**
 * Topology checks on single rings, for validating uploaded grids. Rings are
 * closed (first === last) with no consecutive duplicate vertices; plain
 * lng/lat arithmetic, which is exact enough at grid scale.
 */

/** Twice the signed planar area; positive for counter-clockwise rings. */
export function ringSignedArea2(ring: readonly Position[]): number {
  let s = 0;
  const first = ring[0];
  if (!first) return 0;
  const [x0, y0] = first;
  for (let i = 1; i + 1 < ring.length; i++) {
    const [ax, ay] = ring[i] as Position;
    const [bx, by] = ring[i + 1] as Position;
    s += (ax - x0) * (by - y0) - (bx - x0) * (ay - y0);
  }
  return s;
}

/** Drops vertices equal to their predecessor: harmless in real exports, but they make zero-length edges. */
export function withoutRepeats(ring: readonly Position[]): Position[] {
  const out: Position[] = [];
  for (const p of ring) {
    const prev = out[out.length - 1];
    if (!prev || prev[0] !== p[0] || prev[1] !== p[1]) out.push(p);
  }
  return out;
}

function orient(a: Position, b: Position, c: Position): number {
  return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
}

/** p is collinear with a-b; is it within the segment's extent? */
function within(a: Position, b: Position, p: Position): boolean {
  return (
    Math.min(a[0], b[0]) <= p[0] &&
    p[0] <= Math.max(a[0], b[0]) &&
    Math.min(a[1], b[1]) <= p[1] &&
    p[1] <= Math.max(a[1], b[1])
  );
}

/** Closed segments a-b and c-d share at least one point. */
export function segmentsTouch(a: Position, b: Position, c: Position, d: Position): boolean {
  const d1 = orient(c, d, a);
  const d2 = orient(c, d, b);
  const d3 = orient(a, b, c);
  const d4 = orient(a, b, d);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  return (
    (d1 === 0 && within(c, d, a)) ||
    (d2 === 0 && within(c, d, b)) ||
    (d3 === 0 && within(a, b, c)) ||
    (d4 === 0 && within(a, b, d))
  );
}

/** The segments cross at an interior point of both, or overlap along a stretch; a single touching point does not count. */
export function segmentsCross(a: Position, b: Position, c: Position, d: Position): boolean {
  const d1 = orient(c, d, a);
  const d2 = orient(c, d, b);
  const d3 = orient(a, b, c);
  const d4 = orient(a, b, d);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  if (d1 !== 0 || d2 !== 0 || d3 !== 0 || d4 !== 0) return false;
  // Collinear: overlapping along a stretch means more than one shared point.
  const useX = a[0] !== b[0];
  const k = useX ? 0 : 1;
  const lo = Math.max(Math.min(a[k], b[k]), Math.min(c[k], d[k]));
  const hi = Math.min(Math.max(a[k], b[k]), Math.max(c[k], d[k]));
  return lo < hi;
}

/**
 * Sweep over segment boxes sorted by min x: calls visit(i, j) for every pair
 * whose boxes overlap, until visit returns true. O(n log n + pairs), so a
 * 2,000-vertex ring costs milliseconds, not the 2 million tests of all pairs.
 */
function sweepPairs(
  segs: readonly (readonly [Position, Position])[],
  visit: (i: number, j: number) => boolean,
): boolean {
  const n = segs.length;
  const box = new Float64Array(n * 4);
  segs.forEach(([a, b], i) => {
    box[4 * i] = Math.min(a[0], b[0]);
    box[4 * i + 1] = Math.min(a[1], b[1]);
    box[4 * i + 2] = Math.max(a[0], b[0]);
    box[4 * i + 3] = Math.max(a[1], b[1]);
  });
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => (box[4 * i] as number) - (box[4 * j] as number));
  let active: number[] = [];
  for (const i of order) {
    const minX = box[4 * i] as number;
    const minY = box[4 * i + 1] as number;
    const maxY = box[4 * i + 3] as number;
    active = active.filter((j) => (box[4 * j + 2] as number) >= minX);
    for (const j of active) {
      if (
        (box[4 * j + 1] as number) <= maxY &&
        (box[4 * j + 3] as number) >= minY &&
        visit(Math.min(i, j), Math.max(i, j))
      ) {
        return true;
      }
    }
    active.push(i);
  }
  return false;
}

function edgesOf(ring: readonly Position[]): [Position, Position][] {
  const edges: [Position, Position][] = [];
  for (let i = 0; i + 1 < ring.length; i++) edges.push([ring[i] as Position, ring[i + 1] as Position]);
  return edges;
}

/**
 * A closed ring is simple unless two non-adjacent edges share a point
 * (crossing, touching, a pinched figure-eight) or two adjacent edges fold back
 * onto each other (a spike).
 */
export function ringSelfIntersects(ring: readonly Position[]): boolean {
  const edges = edgesOf(ring);
  const n = edges.length;
  return sweepPairs(edges, (i, j) => {
    const [a, b] = edges[i] as [Position, Position];
    const [c, d] = edges[j] as [Position, Position];
    const adjacent = j === i + 1 || (i === 0 && j === n - 1);
    if (!adjacent) return segmentsTouch(a, b, c, d);
    // Adjacent edges share one vertex; they only fail when collinear and pointing back.
    const [p, q, r] = j === i + 1 ? [a, b, d] : [c, d, b];
    return orient(p, q, r) === 0 && (q[0] - p[0]) * (r[0] - q[0]) + (q[1] - p[1]) * (r[1] - q[1]) < 0;
  });
}

/** The hole has a vertex outside the outer ring, or its edges cross the outer ring's (touching at a point is fine). */
export function holeOutside(outer: readonly Position[], hole: readonly Position[]): boolean {
  for (const p of hole) {
    if (ringClass(p[0], p[1], outer) === RING_OUTSIDE) return true;
  }
  const outerEdges = edgesOf(outer);
  const edges = [...outerEdges, ...edgesOf(hole)];
  const split = outerEdges.length;
  return sweepPairs(edges, (i, j) => {
    if (i >= split || j < split) return false;
    const [a, b] = edges[i] as [Position, Position];
    const [c, d] = edges[j] as [Position, Position];
    return segmentsCross(a, b, c, d);
  });
}
