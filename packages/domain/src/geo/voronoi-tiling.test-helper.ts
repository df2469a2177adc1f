/**
 * Test and benchmark support, not part of the package API: synthetic police
 * grids as a Voronoi tiling. Lives here so unit tests and bench/ share one
 * generator; it may use d3-delaunay (a root dev dependency) because nothing in
 * the package's exports imports it.
 */
import { Delaunay } from 'd3-delaunay';
import { createRng } from '../random';
import type { BBox, Polygon, Position } from './geojson.types';

export interface TilingOptions {
  cells: number;
  bbox: BBox;
  seed: number | string;
  /** Lloyd relaxation rounds; evens out cell sizes like real grids. Default 0. */
  lloyd?: number;
  /** Densify edges so an average cell has about this many vertices (real grids follow streets). Default: no densifying. */
  verticesPerCell?: number;
  /** Sideways wiggle of densified vertices, as a fraction of the segment length. Default 0.15. */
  wiggle?: number;
}

/**
 * Cells tile the bbox exactly: a shared edge gets bit-identical vertices in
 * both neighbours, because it is densified from a canonical endpoint order
 * with noise seeded by the edge itself. Outer rings come out counter-clockwise.
 */
export function voronoiTiling(opts: TilingOptions): Polygon[] {
  const rng = createRng(opts.seed);
  const [x0, y0, x1, y1] = opts.bbox;
  const pts = new Float64Array(opts.cells * 2);
  for (let i = 0; i < opts.cells; i++) {
    pts[2 * i] = rng.float(x0, x1);
    pts[2 * i + 1] = rng.float(y0, y1);
  }
  let voronoi = new Delaunay(pts).voronoi([x0, y0, x1, y1]);
  for (let round = 0; round < (opts.lloyd ?? 0); round++) {
    for (let i = 0; i < opts.cells; i++) {
      const c = planarCentroid(ringOf(voronoi.cellPolygon(i)));
      if (c) {
        pts[2 * i] = c[0];
        pts[2 * i + 1] = c[1];
      }
    }
    voronoi = new Delaunay(pts).voronoi([x0, y0, x1, y1]);
  }
  const rings: Position[][] = [];
  for (let i = 0; i < opts.cells; i++) rings.push(ringOf(voronoi.cellPolygon(i)));
  const target = opts.verticesPerCell;
  if (target && target > 0) {
    const perimeter = rings.reduce((s, r) => s + ringLength(r), 0) / rings.length;
    const step = perimeter / target;
    const wiggle = opts.wiggle ?? 0.15;
    return rings.map((r) => ({ type: 'Polygon', coordinates: [densify(r, step, wiggle, opts.bbox)] }));
  }
  return rings.map((r) => ({ type: 'Polygon', coordinates: [r] }));
}

/** A closed, counter-clockwise copy of a d3 cell polygon (empty if the cell is missing). */
function ringOf(cell: ArrayLike<ArrayLike<number>> | null | undefined): Position[] {
  if (!cell) return [];
  const ring: Position[] = [];
  for (let i = 0; i < cell.length; i++) {
    const p = cell[i];
    if (p) ring.push([p[0] as number, p[1] as number]);
  }
  if (signedArea(ring) < 0) ring.reverse();
  return ring;
}

function signedArea(ring: readonly Position[]): number {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [ax, ay] = ring[i] as Position;
    const [bx, by] = ring[i + 1] as Position;
    s += ax * by - bx * ay;
  }
  return s / 2;
}

function planarCentroid(ring: readonly Position[]): Position | null {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [ax, ay] = ring[i] as Position;
    const [bx, by] = ring[i + 1] as Position;
    const c = ax * by - bx * ay;
    a += c;
    cx += (ax + bx) * c;
    cy += (ay + by) * c;
  }
  return a === 0 ? null : [cx / (3 * a), cy / (3 * a)];
}

function ringLength(ring: readonly Position[]): number {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [ax, ay] = ring[i] as Position;
    const [bx, by] = ring[i + 1] as Position;
    s += Math.hypot(bx - ax, by - ay);
  }
  return s;
}

function densify(ring: readonly Position[], step: number, wiggle: number, bbox: BBox): Position[] {
  const out: Position[] = [];
  const [x0, y0, x1, y1] = bbox;
  for (let i = 0; i + 1 < ring.length; i++) {
    const a = ring[i] as Position;
    const b = ring[i + 1] as Position;
    // Edges on the border stay straight so the tiling still covers the whole bbox.
    const onBorder = (a[0] === b[0] && (a[0] === x0 || a[0] === x1)) || (a[1] === b[1] && (a[1] === y0 || a[1] === y1));
    out.push(a);
    out.push(...edgeInterior(a, b, step, onBorder ? 0 : wiggle));
  }
  const first = out[0];
  if (first) out.push(first);
  return out;
}

/** Interior vertices of edge a-b, identical (reversed) for b-a. */
function edgeInterior(a: Position, b: Position, step: number, wiggle: number): Position[] {
  const forward = a[0] < b[0] || (a[0] === b[0] && a[1] <= b[1]);
  const [p, q] = forward ? [a, b] : [b, a];
  const dx = q[0] - p[0];
  const dy = q[1] - p[1];
  const n = Math.max(1, Math.round(Math.hypot(dx, dy) / step));
  const rng = createRng(`${p[0]},${p[1]},${q[0]},${q[1]}`);
  const pts: Position[] = [];
  for (let k = 1; k < n; k++) {
    const t = k / n;
    const off = rng.float(-wiggle, wiggle) / n;
    pts.push([p[0] + dx * t - dy * off, p[1] + dy * t + dx * off]);
  }
  return forward ? pts : pts.reverse();
}
