import { createRng } from '@fengqiao/domain';
import { describe, expect, it } from 'vitest';
import { type Pair, signedArea } from './geo.util';
import { generateGeography, tileBoundary } from './geography.generator';

describe('tileBoundary', () => {
  it('gives a cell split by a bay one part and hands the other to a neighbour', () => {
    // A U-shaped town; the site between the arms gets a Voronoi cell that cuts both arms.
    const boundary: Pair[] = [
      [0, 0],
      [10, 0],
      [10, 10],
      [6, 10],
      [6, 2],
      [4, 2],
      [4, 10],
      [0, 10],
      [0, 0],
    ];
    const sites: Pair[] = [
      [5, 8],
      [2, 8],
      [8, 8],
      [5, 1],
    ];
    const rings = tileBoundary(sites, boundary);
    expect(rings).toHaveLength(4);
    const areas = rings.map((r) => signedArea(r));
    for (const a of areas) expect(a).toBeGreaterThan(0);
    expect(areas.reduce((s, a) => s + a, 0)).toBeCloseTo(signedArea(boundary), 9);
    // The bay site keeps one 0.5 × 5.5 strip; the other strip joined a neighbour.
    expect(areas[0]).toBeCloseTo(2.75, 9);
  });
});

describe('generateGeography', () => {
  it('is deterministic for a given generator state', () => {
    const a = generateGeography(createRng(5).fork('geography'));
    const b = generateGeography(createRng(5).fork('geography'));
    expect(a).toEqual(b);
    expect(a.grids).toHaveLength(39);
  });
});
