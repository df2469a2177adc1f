import { type PolygonGeometry, type Position, polygonsOf } from './geojson.types';

/**
 * Point in polygon by ray casting (a ray from the point towards +lng, counting
 * edge crossings), in plain lng/lat: grid edges are short, so treating them as
 * straight lines in degrees is what every map library draws anyway.
 *
 * Boundary rule: a polygon is a closed set. A point exactly on any edge or
 * vertex, of the outer ring or of a hole, is inside. Two grids that share an
 * edge therefore both contain the points on it; GridIndex.lookup breaks the tie
 * by input order. "Exactly" means in floating point: a point within rounding
 * distance of a slanted edge may land either side, but always the same side,
 * because GridIndex runs the very same arithmetic (ringClassFlat below).
 * Points with a NaN or infinite coordinate are never inside.
 */
export function pointInPolygon(p: Position, g: PolygonGeometry): boolean {
  const [px, py] = p;
  // NaN would make every comparison false and flip crossings at random.
  if (!Number.isFinite(px) || !Number.isFinite(py)) return false;
  for (const rings of polygonsOf(g)) {
    if (polygonContains(px, py, rings)) return true;
  }
  return false;
}

/** Result of testing one ring. */
export const RING_OUTSIDE = 0;
export const RING_INSIDE = 1;
export const RING_BOUNDARY = 2;
export type RingClass = typeof RING_OUTSIDE | typeof RING_INSIDE | typeof RING_BOUNDARY;

/** Inside the outer ring and not strictly inside any hole; on any boundary counts as inside. */
function polygonContains(px: number, py: number, rings: Position[][]): boolean {
  const outer = rings[0];
  if (!outer) return false;
  const c = ringClass(px, py, outer);
  if (c === RING_OUTSIDE) return false;
  if (c === RING_BOUNDARY) return true;
  for (let h = 1; h < rings.length; h++) {
    const hole = rings[h];
    if (!hole) continue;
    const hc = ringClass(px, py, hole);
    if (hc === RING_INSIDE) return false;
    if (hc === RING_BOUNDARY) return true;
  }
  return true;
}

/**
 * Classifies a point against one ring given as positions. The ring may be
 * closed or not; the closing edge is implied either way.
 *
 * Keep this arithmetic identical to ringClassFlat: JavaScript rounds every
 * operation and never fuses them, so identical expressions give bit-identical
 * answers, which is what lets GridIndex promise the same result as pointInPolygon.
 */
export function ringClass(px: number, py: number, ring: readonly Position[]): RingClass {
  const n = ring.length;
  const last = ring[n - 1];
  if (!last) return RING_OUTSIDE;
  let ax = last[0];
  let ay = last[1];
  let inside = false;
  for (let i = 0; i < n; i++) {
    const b = ring[i] as Position;
    const bx = b[0];
    const by = b[1];
    if (ay > py !== by > py) {
      // The edge spans py (half-open, so a vertex on the ray counts once).
      const o = (bx - ax) * (py - ay) - (by - ay) * (px - ax);
      if (o === 0) return RING_BOUNDARY;
      if (o > 0 === by > ay) inside = !inside;
    } else if (ay === py && (ax === px || (by === py && ((ax <= px && px <= bx) || (bx <= px && px <= ax))))) {
      // On a vertex, or on a horizontal edge; the half-open rule above never sees these.
      return RING_BOUNDARY;
    }
    ax = bx;
    ay = by;
  }
  return inside ? RING_INSIDE : RING_OUTSIDE;
}

/**
 * ringClass over a flat [x0, y0, x1, y1, ...] array, vertices start..end-1
 * (vertex indices, not array indices), closing edge implied. Same arithmetic.
 */
export function ringClassFlat(px: number, py: number, xy: Float64Array, start: number, end: number): RingClass {
  if (end <= start) return RING_OUTSIDE;
  let ax = xy[2 * end - 2] as number;
  let ay = xy[2 * end - 1] as number;
  let inside = false;
  for (let i = 2 * start, stop = 2 * end; i < stop; i += 2) {
    const bx = xy[i] as number;
    const by = xy[i + 1] as number;
    if (ay > py !== by > py) {
      const o = (bx - ax) * (py - ay) - (by - ay) * (px - ax);
      if (o === 0) return RING_BOUNDARY;
      if (o > 0 === by > ay) inside = !inside;
    } else if (ay === py && (ax === px || (by === py && ((ax <= px && px <= bx) || (bx <= px && px <= ax))))) {
      return RING_BOUNDARY;
    }
    ax = bx;
    ay = by;
  }
  return inside ? RING_INSIDE : RING_OUTSIDE;
}
