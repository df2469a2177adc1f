import { describe, expect, it } from 'vitest';
import type { MultiPolygon, Polygon, Position } from './geojson.types';
import { areaM2, bboxOf, centroidOf, distanceM, ringAreaM2 } from './measure';

const rect = (x0: number, y0: number, x1: number, y1: number): Position[] => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];
const poly = (...rings: Position[][]): Polygon => ({ type: 'Polygon', coordinates: rings });

/**
 * Reference: area of a lng/lat rectangle on the WGS-84 ellipsoid by Simpson
 * integration of M(φ)·N(φ)·cos φ — independent of the projection measure.ts uses.
 */
function ellipsoidRectArea(lng0: number, lat0: number, lng1: number, lat1: number): number {
  const a = 6378137;
  const f = 1 / 298.257223563;
  const e2 = f * (2 - f);
  const g = (deg: number) => {
    const phi = (deg * Math.PI) / 180;
    const w2 = 1 - e2 * Math.sin(phi) ** 2;
    return ((a * a * (1 - e2)) / (w2 * w2)) * Math.cos(phi);
  };
  const n = 1000;
  const h = (lat1 - lat0) / n;
  let s = g(lat0) + g(lat1);
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * g(lat0 + i * h);
  return ((s * h) / 3) * ((Math.PI / 180) ** 2 * (lng1 - lng0));
}

describe('bboxOf', () => {
  it('covers every polygon of a MultiPolygon', () => {
    const mp: MultiPolygon = { type: 'MultiPolygon', coordinates: [[rect(1, 2, 3, 4)], [rect(-1, 3, 0, 7)]] };
    expect(bboxOf(mp)).toEqual([-1, 2, 3, 7]);
  });
});

describe('areaM2', () => {
  it('matches the ellipsoid for a town-sized cell near Tianjin and for a 1° cell at the equator', () => {
    for (const [x0, y0, x1, y1] of [
      [116.7, 39.1, 116.71, 39.11],
      [116.5, 38.9, 117.0, 39.3],
      [0, 0, 1, 1],
      [120, 50, 121, 51],
    ] as const) {
      const expected = ellipsoidRectArea(x0, y0, x1, y1);
      expect(areaM2(poly(rect(x0, y0, x1, y1))) / expected).toBeCloseTo(1, 6);
    }
    // Sanity of the reference itself: 1°×1° at the equator is about 12,309 km².
    expect(ellipsoidRectArea(0, 0, 1, 1) / 1e6).toBeCloseTo(12308.8, 0);
  });

  it('agrees within 0.5 % with side lengths from distanceM for a 1 km square', () => {
    const lat = 39.1;
    const dLat = 1000 / 111_000; // ~1 km of latitude at 39°
    const dLng = 1000 / (111_320 * Math.cos((lat * Math.PI) / 180));
    // Measure the sides with distanceM rather than trusting the constants above.
    const w = distanceM([116.7, lat + dLat / 2], [116.7 + dLng, lat + dLat / 2]);
    const h = distanceM([116.7, lat], [116.7, lat + dLat]);
    const a = areaM2(poly(rect(116.7, lat, 116.7 + dLng, lat + dLat)));
    expect(Math.abs(a / (w * h) - 1)).toBeLessThan(0.005);
  });

  it('subtracts holes, adds MultiPolygon parts, ignores orientation', () => {
    const outer = areaM2(poly(rect(116.7, 39.1, 116.72, 39.12)));
    const hole = areaM2(poly(rect(116.705, 39.105, 116.71, 39.11)));
    expect(areaM2(poly(rect(116.7, 39.1, 116.72, 39.12), rect(116.705, 39.105, 116.71, 39.11).reverse()))).toBeCloseTo(
      outer - hole,
      3,
    );
    expect(ringAreaM2(rect(116.7, 39.1, 116.72, 39.12).reverse())).toBeCloseTo(outer, 3);
    const mp: MultiPolygon = {
      type: 'MultiPolygon',
      coordinates: [[rect(116.7, 39.1, 116.72, 39.12)], [rect(116.705, 39.105, 116.71, 39.11)]],
    };
    expect(areaM2(mp)).toBeCloseTo(outer + hole, 3);
    expect(areaM2(poly([[116.7, 39.1]]))).toBe(0);
  });
});

describe('centroidOf', () => {
  it('is the middle of a rectangle', () => {
    const [x, y] = centroidOf(poly(rect(116.7, 39.1, 116.72, 39.12)));
    expect(x).toBeCloseTo(116.71, 9);
    expect(y).toBeCloseTo(39.11, 9);
  });

  it('moves away from a hole and picks the largest part of a MultiPolygon', () => {
    const [x] = centroidOf(poly(rect(0, 0, 4, 2), rect(0.5, 0.5, 1.5, 1.5)));
    expect(x).toBeGreaterThan(2);
    const mp: MultiPolygon = { type: 'MultiPolygon', coordinates: [[rect(0, 0, 1, 1)], [rect(10, 10, 13, 13)]] };
    const [cx, cy] = centroidOf(mp);
    expect(cx).toBeCloseTo(11.5, 2);
    expect(cy).toBeCloseTo(11.5, 2);
  });

  it('falls back to the vertex mean for a degenerate ring', () => {
    expect(
      centroidOf(
        poly([
          [1, 1],
          [3, 1],
          [5, 1],
          [1, 1],
        ]),
      ),
    ).toEqual([3, 1]);
  });
});

describe('distanceM', () => {
  it('is 111.195 km per degree of latitude on the mean sphere and symmetric', () => {
    expect(distanceM([0, 0], [0, 1])).toBeCloseTo(111_195.08, 1);
    expect(distanceM([116.7, 39.1], [116.7, 39.1])).toBe(0);
    const a: Position = [116.4074, 39.9042];
    const b: Position = [121.4737, 31.2304];
    expect(distanceM(a, b)).toBeCloseTo(distanceM(b, a), 6);
    // Beijing to Shanghai, about 1,068 km.
    expect(distanceM(a, b) / 1000).toBeGreaterThan(1060);
    expect(distanceM(a, b) / 1000).toBeLessThan(1075);
  });
});
