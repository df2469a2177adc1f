import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MultiPolygon, Polygon, Position } from './geojson.types';
import { pointInPolygon, RING_BOUNDARY, RING_INSIDE, RING_OUTSIDE, ringClass, ringClassFlat } from './point-in-polygon';

const square = (x0: number, y0: number, x1: number, y1: number): Position[] => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];

/** 10 × 10 with a 2 × 2 hole in the middle. */
const withHole: Polygon = { type: 'Polygon', coordinates: [square(0, 0, 10, 10), square(4, 4, 6, 6).reverse()] };

describe('pointInPolygon', () => {
  it('tells inside from outside and respects the hole', () => {
    expect(pointInPolygon([2, 2], withHole)).toBe(true);
    expect(pointInPolygon([9.99, 0.01], withHole)).toBe(true);
    expect(pointInPolygon([5, 5], withHole)).toBe(false);
    expect(pointInPolygon([5.5, 4.5], withHole)).toBe(false);
    expect(pointInPolygon([11, 5], withHole)).toBe(false);
    expect(pointInPolygon([-0.01, 5], withHole)).toBe(false);
    expect(pointInPolygon([5, 10.01], withHole)).toBe(false);
  });

  it('counts edges and vertices as inside, of the outer ring and of holes', () => {
    for (const p of [
      [10, 5],
      [0, 3],
      [5, 0],
      [5, 10],
      [0, 0],
      [10, 10],
      [4, 5],
      [5, 4],
      [6, 6],
    ] as Position[]) {
      expect(pointInPolygon(p, withHole), `${p}`).toBe(true);
    }
    // On the line through an edge but beyond it.
    expect(pointInPolygon([-1, 0], withHole)).toBe(false);
    expect(pointInPolygon([11, 10], withHole)).toBe(false);
  });

  it('is not fooled by a ray through vertices of a concave ring', () => {
    // A "W": the ray from (1, 2) passes exactly through the vertices (2, 2) and (4, 2).
    const w: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [6, 0],
          [6, 4],
          [5, 4],
          [4, 2],
          [3, 4],
          [2, 2],
          [1, 4],
          [0, 4],
          [0, 0],
        ],
      ],
    };
    expect(pointInPolygon([1, 2], w)).toBe(true);
    expect(pointInPolygon([3, 3], w)).toBe(true);
    expect(pointInPolygon([2, 3], w)).toBe(false);
    expect(pointInPolygon([4, 3], w)).toBe(false);
    expect(pointInPolygon([2, 2], w)).toBe(true);
    expect(pointInPolygon([0.5, 1], w)).toBe(true);
  });

  it('handles MultiPolygons and either ring orientation', () => {
    const mp: MultiPolygon = {
      type: 'MultiPolygon',
      coordinates: [[square(0, 0, 1, 1)], [square(2, 0, 3, 1).reverse()]],
    };
    expect(pointInPolygon([0.5, 0.5], mp)).toBe(true);
    expect(pointInPolygon([2.5, 0.5], mp)).toBe(true);
    expect(pointInPolygon([1.5, 0.5], mp)).toBe(false);
    expect(pointInPolygon([2, 0.5], mp)).toBe(true);
  });

  it('treats an unclosed ring as closed and an empty one as empty', () => {
    expect(ringClass(0.5, 0.5, square(0, 0, 1, 1).slice(0, 4))).toBe(RING_INSIDE);
    expect(ringClass(0, 0.5, square(0, 0, 1, 1).slice(0, 4))).toBe(RING_BOUNDARY);
    expect(ringClass(0.5, 0.5, [])).toBe(RING_OUTSIDE);
    expect(pointInPolygon([0, 0], { type: 'Polygon', coordinates: [] })).toBe(false);
    expect(pointInPolygon([Number.NaN, 5], withHole)).toBe(false);
    expect(pointInPolygon([2, Number.POSITIVE_INFINITY], withHole)).toBe(false);
  });

  // Star-shaped polygons on a small integer lattice make boundary hits common;
  // integer arithmetic is exact, so turf (robust predicates) must agree exactly.
  const starPolygon = fc
    .array(fc.tuple(fc.integer({ min: 0, max: 359 }), fc.integer({ min: 1, max: 20 })), { minLength: 3, maxLength: 12 })
    .map((spokes) => {
      const byAngle = [...new Map(spokes.map(([a, r]) => [a, r])).entries()].sort((p, q) => p[0] - q[0]);
      const ring: Position[] = byAngle.map(([a, r]) => [
        Math.round(r * Math.cos((a * Math.PI) / 180)),
        Math.round(r * Math.sin((a * Math.PI) / 180)),
      ]);
      const first = ring[0];
      if (first) ring.push(first);
      return ring;
    });

  it('agrees with turf, boundary included, on random integer polygons', () => {
    fc.assert(
      fc.property(
        starPolygon,
        fc.array(fc.tuple(fc.integer({ min: -21, max: 21 }), fc.integer({ min: -21, max: 21 })), { maxLength: 40 }),
        (ring, pts) => {
          const poly: Polygon = { type: 'Polygon', coordinates: [ring] };
          // Use the polygon's own vertices too, they are the hardest cases.
          for (const p of [...pts, ...ring] as Position[]) {
            expect(pointInPolygon(p, poly), `${p}`).toBe(booleanPointInPolygon(p, poly));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('ringClassFlat returns exactly what ringClass returns', () => {
    fc.assert(
      fc.property(
        starPolygon,
        fc.array(fc.tuple(fc.double({ min: -21, max: 21, noNaN: true }), fc.integer({ min: -21, max: 21 }))),
        (ring, pts) => {
          const xy = new Float64Array(ring.flat());
          for (const [x, y] of pts) expect(ringClassFlat(x, y, xy, 0, ring.length)).toBe(ringClass(x, y, ring));
        },
      ),
    );
  });
});
