import { describe, expect, it } from 'vitest';
import { fromWgs84, geometryToWgs84, toWgs84 } from './crs';
import type { Polygon, Position } from './geojson.types';
import { distanceM } from './measure';

const cities: [string, Position][] = [
  ['Beijing', [116.4074, 39.9042]],
  ['Tianjin Binhai', [116.7, 39.1]],
  ['Shanghai', [121.4737, 31.2304]],
  ['Guangzhou', [113.2644, 23.1291]],
  ['Chengdu', [104.0665, 30.5723]],
];

describe('toWgs84', () => {
  it('returns a copy for WGS84', () => {
    const p: Position = [116.7, 39.1];
    const q = toWgs84(p, 'WGS84');
    expect(q).toEqual(p);
    expect(q).not.toBe(p);
  });

  it('undoes the GCJ-02 and BD-09 offsets to within a metre', () => {
    for (const [city, p] of cities) {
      for (const crs of ['GCJ02', 'BD09'] as const) {
        const back = toWgs84(fromWgs84(p, crs), crs);
        expect(distanceM(back, p), `${city} ${crs}`).toBeLessThan(1);
      }
    }
  });

  it('GCJ-02 moves points in China by a few hundred metres, BD-09 by more', () => {
    for (const [city, p] of cities) {
      const gcj = distanceM(p, fromWgs84(p, 'GCJ02'));
      expect(gcj, city).toBeGreaterThan(100);
      expect(gcj, city).toBeLessThan(700);
      expect(distanceM(p, toWgs84(p, 'GCJ02')), city).toBeCloseTo(gcj, -1);
      expect(distanceM(p, fromWgs84(p, 'BD09')), city).toBeGreaterThan(gcj);
    }
    // Known magnitude near Tianjin: GCJ-02 lies about 0.006° east and 0.001° north.
    const [x, y] = fromWgs84([116.7, 39.1], 'GCJ02');
    expect(x - 116.7).toBeGreaterThan(0.004);
    expect(x - 116.7).toBeLessThan(0.008);
    expect(y - 39.1).toBeGreaterThan(0);
    expect(y - 39.1).toBeLessThan(0.003);
  });

  it('leaves points outside China alone for GCJ-02', () => {
    expect(toWgs84([2.3522, 48.8566], 'GCJ02')).toEqual([2.3522, 48.8566]);
  });
});

describe('geometryToWgs84', () => {
  it('converts every vertex, keeps rings closed and does not touch the input', () => {
    const ring: Position[] = [
      [116.7, 39.1],
      [116.71, 39.1],
      [116.71, 39.11],
      [116.7, 39.1],
    ];
    const g: Polygon = { type: 'Polygon', coordinates: [ring] };
    const copy = structuredClone(g);
    const out = geometryToWgs84(g, 'GCJ02');
    expect(g).toEqual(copy);
    const outRing = out.coordinates[0] ?? [];
    expect(outRing).toHaveLength(4);
    expect(outRing[0]).toEqual(outRing[3]);
    expect(outRing[1]).toEqual(toWgs84([116.71, 39.1], 'GCJ02'));
    const mp = geometryToWgs84({ type: 'MultiPolygon', coordinates: [[ring]] }, 'BD09');
    expect(mp.coordinates[0]?.[0]?.[2]).toEqual(toWgs84([116.71, 39.11], 'BD09'));
  });
});
