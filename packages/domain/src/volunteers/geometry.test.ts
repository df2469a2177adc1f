import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distanceM } from '../geo/measure';
import {
  checkpointPasses,
  distanceToPathM,
  distanceToRouteM,
  distanceToSegmentM,
  isAtCheckpoint,
  type LngLat,
} from './geometry';

const pt = fc.tuple(
  fc.double({ min: 116.4, max: 116.6, noNaN: true }),
  fc.double({ min: 38.9, max: 39.1, noNaN: true }),
);

describe('route geometry', () => {
  it('measures the distance to a street', () => {
    const a: LngLat = [116.5, 39.0];
    const b: LngLat = [116.51, 39.0];
    // 0.001° of latitude north of the middle of the street: about 111 m.
    expect(distanceToSegmentM([116.505, 39.001], a, b)).toBeCloseTo(111.3, 0);
    // Beyond the end the nearest point is the end vertex.
    expect(distanceToSegmentM([116.52, 39.0], a, b)).toBeCloseTo(distanceM([116.52, 39.0], [116.51, 39.0]), -1);
    expect(distanceToPathM([116.5, 39.0], [])).toBe(Number.POSITIVE_INFINITY);
  });

  it('is never farther than the nearest vertex, and zero on a vertex', () => {
    fc.assert(
      fc.property(pt, fc.array(pt, { minLength: 1, maxLength: 8 }), (p, path) => {
        const d = distanceToPathM(p, path);
        const nearestVertex = Math.min(...path.map((v) => distanceM([p[0], p[1]], [v[0], v[1]])));
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThanOrEqual(nearestVertex * 1.01 + 0.5);
        expect(distanceToPathM(path[0] as LngLat, path)).toBeLessThan(0.01);
      }),
    );
  });

  it('treats a checkpoint circle as part of the route', () => {
    const route = { path: [], checkpoints: [{ id: 'gate', lng: 116.5, lat: 39.0, radiusM: 60 }], corridorM: 100 };
    expect(distanceToRouteM([116.5, 39.0005], route)).toBe(0);
    expect(distanceToRouteM([116.5, 39.002], route)).toBeCloseTo(222.6 - 60, 0);
  });

  it('credits GPS accuracy up to 30 m at a checkpoint', () => {
    const c = { id: 'c', lng: 116.5, lat: 39.0, radiusM: 50 };
    const p: LngLat = [116.5, 39.0007]; // ~78 m
    expect(isAtCheckpoint(p, c, 5)).toBe(false);
    expect(isAtCheckpoint(p, c, 30)).toBe(true);
    expect(isAtCheckpoint(p, c, 500)).toBe(true);
    expect(isAtCheckpoint([116.5, 39.001], c, 500)).toBe(false);
  });

  it('finds the first pass of each checkpoint whatever the order of the track', () => {
    const cps = [
      { id: 'a', lng: 116.5, lat: 39.0, radiusM: 40 },
      { id: 'b', lng: 116.51, lat: 39.0, radiusM: 40 },
    ];
    const track = [
      { at: 3, lng: 116.51, lat: 39.0 },
      { at: 1, lng: 116.5, lat: 39.0 },
      { at: 2, lng: 116.505, lat: 39.0 },
      { at: 4, lng: 116.5, lat: 39.0 },
    ];
    const passes = checkpointPasses(track, cps);
    expect(passes.get('a')?.at).toBe(1);
    expect(passes.get('b')?.at).toBe(3);
    expect(checkpointPasses([], cps).size).toBe(0);
  });
});
