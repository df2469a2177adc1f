import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BBox, MultiPolygon, Polygon, PolygonGeometry, Position } from './geojson.types';
import { GridIndex } from './grid-index';
import { pointInPolygon } from './point-in-polygon';
import { voronoiTiling } from './voronoi-tiling.test-helper';

const rect = (x0: number, y0: number, x1: number, y1: number): Position[] => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];
const poly = (...rings: Position[][]): Polygon => ({ type: 'Polygon', coordinates: rings });

describe('GridIndex', () => {
  const index = new GridIndex([
    { key: 'void', geometry: poly() },
    { key: 'west', geometry: poly(rect(0, 0, 1, 1)) },
    { key: 'east', geometry: poly(rect(1, 0, 2, 1)) },
    { key: 'donut', geometry: poly(rect(3, 0, 6, 3), rect(4, 1, 5, 2)) },
    { key: 'plug', geometry: poly(rect(4, 1, 5, 2)) },
    {
      key: 'islands',
      geometry: { type: 'MultiPolygon', coordinates: [[rect(10, 10, 11, 11)], [], [[]], [rect(12, 10, 13, 11)]] },
    },
  ]);

  it('finds the containing grid, or null', () => {
    expect(index.size).toBe(6);
    expect(index.lookup(0.5, 0.5)).toBe('west');
    expect(index.lookup(1.5, 0.5)).toBe('east');
    expect(index.lookup(3.5, 0.5)).toBe('donut');
    expect(index.lookup(4.5, 1.5)).toBe('plug');
    expect(index.lookup(12.5, 10.5)).toBe('islands');
    expect(index.lookup(11.5, 10.5)).toBeNull();
    expect(index.lookup(2.5, 0.5)).toBeNull();
    expect(index.lookup(-50, 0.5)).toBeNull();
    expect(index.lookup(Number.NaN, 0.5)).toBeNull();
    expect(index.lookupAll(11.5, 10.5)).toEqual([]);
  });

  it('gives a shared edge to the earlier grid in lookup and to both in lookupAll', () => {
    expect(index.lookup(1, 0.5)).toBe('west');
    expect(index.lookupAll(1, 0.5)).toEqual(['west', 'east']);
    expect(index.lookup(4, 1.5)).toBe('donut');
    expect(index.lookupAll(4, 1.5)).toEqual(['donut', 'plug']);
    expect(index.lookupAll(4.5, 1.5)).toEqual(['plug']);
  });

  it('works with no grids', () => {
    const empty = new GridIndex<string>([]);
    expect(empty.size).toBe(0);
    expect(empty.lookup(0, 0)).toBeNull();
    expect(empty.lookupAll(0, 0)).toEqual([]);
  });

  it('answers exactly like pointInPolygon over the grids in order (random tilings, overlaps, holes)', () => {
    const area: BBox = [116.6, 39.0, 116.8, 39.2];
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 2, max: 60 }),
        fc.integer({ min: 0, max: 60 }),
        fc.array(
          fc.tuple(
            fc.double({ min: 116.58, max: 116.82, noNaN: true }),
            fc.double({ min: 38.98, max: 39.22, noNaN: true }),
          ),
          {
            minLength: 50,
            maxLength: 200,
          },
        ),
        (seed, cells, vertices, randomPoints) => {
          const tiles = voronoiTiling({ cells, bbox: area, seed, lloyd: seed & 1, verticesPerCell: vertices });
          const extras: PolygonGeometry[] = [
            // Overlaps the tiling, with a hole; put first so it wins ties.
            poly(rect(116.65, 39.05, 116.75, 39.15), rect(116.68, 39.08, 116.72, 39.12)),
          ];
          const two = tiles.slice(0, 2).map((t) => t.coordinates);
          const multi: MultiPolygon = { type: 'MultiPolygon', coordinates: two };
          const geometries: PolygonGeometry[] = [...extras, ...tiles, multi];
          const idx = new GridIndex(geometries.map((geometry, key) => ({ key, geometry })));
          // Random points plus every tiling vertex: vertices and shared edges are the tie cases.
          const vertexPoints = tiles.flatMap((t) => t.coordinates[0] ?? []);
          for (const p of [...randomPoints, ...vertexPoints] as Position[]) {
            const all = geometries.flatMap((g, k) => (pointInPolygon(p, g) ? [k] : []));
            expect(idx.lookupAll(p[0], p[1])).toEqual(all);
            expect(idx.lookup(p[0], p[1])).toBe(all[0] ?? null);
          }
        },
      ),
      { numRuns: 60 },
    );
    // 60 random tilings of up to 60 grids take 2.5–4.5 s on a shared 2-core machine: past the default 5 s under load.
  }, 30_000);

  it('covers a whole tiling: every point inside the tiled area finds a grid', () => {
    const area: BBox = [116.6, 39.0, 116.8, 39.2];
    const tiles = voronoiTiling({ cells: 200, bbox: area, seed: 'cover', lloyd: 2, verticesPerCell: 50 });
    const idx = new GridIndex(tiles.map((geometry, key) => ({ key, geometry })));
    fc.assert(
      fc.property(
        fc.double({ min: 116.6, max: 116.8, noNaN: true }),
        fc.double({ min: 39.0, max: 39.2, noNaN: true }),
        (x, y) => {
          const k = idx.lookup(x, y);
          expect(k).not.toBeNull();
          expect(pointInPolygon([x, y], tiles[k ?? -1] ?? poly())).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
