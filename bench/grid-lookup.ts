/**
 * Benchmark: which police grid contains a point. GridIndex against the naive
 * approach (loop @turf/boolean-point-in-polygon over every grid until one
 * contains the point), on a realistic synthetic town: a relaxed Voronoi tiling
 * whose cells have ~50 vertices. Both must agree on every point.
 *
 *   npx tsx bench/grid-lookup.ts [--points N] [--reps N]
 *
 * Human-readable lines first; the last line is one JSON object for tooling.
 */

import { type BBox, createRng, GridIndex, type Polygon, type Position } from '@fengqiao/domain';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { voronoiTiling } from '../packages/domain/src/geo/voronoi-tiling.test-helper';

const args = process.argv.slice(2);
function intArg(name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  const v = i >= 0 ? Number(args[i + 1]) : Number.NaN;
  return Number.isInteger(v) && v > 0 ? v : fallback;
}
const POINTS = intArg('points', 100_000);
const REPS = intArg('reps', 5);

/** ~60 km × 50 km around lng 116.7, lat 39.1 (1° lat ≈ 111 km, 1° lng ≈ 86 km there). */
const AREA: BBox = [116.35, 38.875, 117.05, 39.325];

/** turf's own parameter type, so the bench needs no @types/geojson import. */
type TurfPolygonInput = Parameters<typeof booleanPointInPolygon>[1];

interface Result {
  grids: number;
  avgVertices: number;
  minVertices: number;
  maxVertices: number;
  buildMs: number;
  indexLookupsPerSec: number;
  turfLookupsPerSec: number;
  ratio: number;
  hits: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function time(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

function run(cells: number, points: readonly Position[], turfPoints: readonly Position[]): Result {
  const grids: Polygon[] = voronoiTiling({ cells, bbox: AREA, seed: `grids-${cells}`, lloyd: 3, verticesPerCell: 50 });
  const vertexCounts = grids.map((g) => (g.coordinates[0]?.length ?? 1) - 1);
  const avgVertices = vertexCounts.reduce((s, n) => s + n, 0) / grids.length;
  const items = grids.map((geometry, key) => ({ key, geometry }));
  // No bbox member: a naive implementation hands turf bare features.
  const features: TurfPolygonInput[] = grids.map((g) => ({
    type: 'Feature',
    properties: {},
    geometry: { type: 'Polygon', coordinates: g.coordinates },
  }));

  const builds: number[] = [];
  let index = new GridIndex(items);
  for (let r = 0; r < REPS; r++) builds.push(time(() => (index = new GridIndex(items))));

  const turfLookup = (p: Position): number => {
    for (let i = 0; i < features.length; i++) {
      if (booleanPointInPolygon(p, features[i] as TurfPolygonInput)) return i;
    }
    return -1;
  };

  // Correctness over every point before any timing.
  let hits = 0;
  for (const p of points) {
    const a = index.lookup(p[0], p[1]) ?? -1;
    const b = turfLookup(p);
    if (a !== b) throw new Error(`disagreement at ${p[0]},${p[1]}: index ${a}, turf ${b}`);
    if (a >= 0) hits++;
  }

  let sink = 0;
  const indexTimes: number[] = [];
  const turfTimes: number[] = [];
  for (let r = 0; r < REPS; r++) {
    indexTimes.push(
      time(() => {
        for (const p of points) sink += index.lookup(p[0], p[1]) ?? -1;
      }),
    );
    turfTimes.push(
      time(() => {
        for (const p of turfPoints) sink += turfLookup(p);
      }),
    );
  }
  if (sink === Number.MIN_SAFE_INTEGER) console.log('unreachable');

  const indexLookupsPerSec = points.length / (median(indexTimes) / 1000);
  const turfLookupsPerSec = turfPoints.length / (median(turfTimes) / 1000);
  return {
    grids: grids.length,
    avgVertices: round(avgVertices, 1),
    minVertices: Math.min(...vertexCounts),
    maxVertices: Math.max(...vertexCounts),
    buildMs: round(median(builds), 2),
    indexLookupsPerSec: Math.round(indexLookupsPerSec),
    turfLookupsPerSec: Math.round(turfLookupsPerSec),
    ratio: round(indexLookupsPerSec / turfLookupsPerSec, 1),
    hits,
  };
}

function round(x: number, digits: number): number {
  const k = 10 ** digits;
  return Math.round(x * k) / k;
}

// Points over a box slightly larger than the town, so some miss every grid.
const rng = createRng('grid-lookup-points');
const points: Position[] = [];
for (let i = 0; i < POINTS; i++) points.push([rng.float(116.34, 117.06), rng.float(38.865, 39.335)]);
// The turf loop is ~100× slower; time it on a slice and scale per point.
const turfPoints = points.slice(0, Math.max(1000, Math.ceil(POINTS / 10)));

const big = run(1000, points, turfPoints);
const small = run(39, points, turfPoints);
for (const r of [big, small]) {
  console.log(
    `${r.grids} grids (${r.minVertices}-${r.maxVertices} vertices, mean ${r.avgVertices}), ${POINTS} points (${r.hits} inside a grid; all agree with turf), median of ${REPS}:`,
  );
  console.log(`  GridIndex build      ${r.buildMs} ms`);
  console.log(`  GridIndex lookups    ${r.indexLookupsPerSec.toLocaleString('en-US')} /s`);
  console.log(
    `  turf loop lookups    ${r.turfLookupsPerSec.toLocaleString('en-US')} /s (timed on the first ${turfPoints.length} points)`,
  );
  console.log(`  ratio                ${r.ratio}×`);
}
console.log(
  JSON.stringify({
    bench: 'grid-lookup',
    grids: big.grids,
    points: POINTS,
    turfTimedPoints: turfPoints.length,
    indexLookupsPerSec: big.indexLookupsPerSec,
    turfLookupsPerSec: big.turfLookupsPerSec,
    ratio: big.ratio,
    buildMs: big.buildMs,
    avgVertices: big.avgVertices,
    grids39: {
      indexLookupsPerSec: small.indexLookupsPerSec,
      turfLookupsPerSec: small.turfLookupsPerSec,
      ratio: small.ratio,
      buildMs: small.buildMs,
    },
  }),
);
