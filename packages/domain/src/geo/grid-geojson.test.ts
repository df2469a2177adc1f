import { describe, expect, it } from 'vitest';
import { toWgs84 } from './crs';
import type { Position } from './geojson.types';
import {
  GRID_GEOJSON_ERROR_CODES,
  type GridGeoJsonError,
  type GridGeoJsonErrorCode,
  gridsToFeatureCollection,
  MAX_GRID_ERRORS,
  validateGridCollection,
} from './grid-geojson';
import { ringSignedArea2 } from './ring-checks';
import { voronoiTiling } from './voronoi-tiling.test-helper';

/** A rectangle near Tianjin, counter-clockwise and closed. */
const rect = (x0: number, y0: number, x1: number, y1: number): Position[] => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];
const X = 116.7;
const Y = 39.1;
const cell = (i: number): Position[] => rect(X + i * 0.01, Y, X + (i + 1) * 0.01, Y + 0.01);

function feature(code: unknown, coordinates: unknown, extra: Record<string, unknown> = {}, type = 'Polygon') {
  return {
    type: 'Feature',
    properties: { code, name: `Grid ${String(code)}`, ...extra },
    geometry: { type, coordinates },
  };
}
const collection = (...features: unknown[]) => ({ type: 'FeatureCollection', features });

function errorsOf(input: unknown, options?: Parameters<typeof validateGridCollection>[1]): GridGeoJsonError[] {
  const r = validateGridCollection(input, options);
  return r.ok ? [] : r.errors;
}

/** Exactly one error, with this code, index and path. */
function expectOnly(input: unknown, code: GridGeoJsonErrorCode, index: number | null, path: string): GridGeoJsonError {
  const errors = errorsOf(input);
  expect(errors.map((e) => [e.code, e.index, e.path])).toEqual([[code, index, path]]);
  return errors[0] as GridGeoJsonError;
}

describe('validateGridCollection: collection level', () => {
  it('rejects what is not a FeatureCollection', () => {
    for (const bad of [null, 'x', [], {}, { type: 'Feature' }, { type: 'FeatureCollection' }]) {
      expectOnly(bad, 'not_feature_collection', null, '');
    }
  });

  it('rejects an empty collection and one with too many features', () => {
    expectOnly(collection(), 'empty', null, 'features');
    const many = Array.from({ length: 5001 }, (_, i) => feature(`G${i}`, [cell(0)]));
    const e = expectOnly(collection(...many), 'too_many_features', null, 'features');
    expect(e.message).toContain('5001');
  });

  it('rejects a coordinateSystem it does not know', () => {
    expectOnly(
      { ...collection(feature('A', [cell(0)])), coordinateSystem: 'EPSG:3857' },
      'unsupported_crs',
      null,
      'coordinateSystem',
    );
  });

  it('exports its codes for the UI', () => {
    expect(GRID_GEOJSON_ERROR_CODES).toContain('overlap');
    expect(new Set(GRID_GEOJSON_ERROR_CODES).size).toBe(GRID_GEOJSON_ERROR_CODES.length);
  });
});

describe('validateGridCollection: properties', () => {
  it('requires a code of 1-32 characters, naming the feature by index', () => {
    const noCode = {
      type: 'Feature',
      properties: { name: 'x' },
      geometry: { type: 'Polygon', coordinates: [cell(0)] },
    };
    const e = expectOnly(collection(noCode), 'missing_code', 0, 'features[0].properties.code');
    expect(e.message).toContain('Feature 0');
    expectOnly(
      collection(feature('A', [cell(0)]), feature('', [cell(1)])),
      'missing_code',
      1,
      'features[1].properties.code',
    );
    expectOnly(collection(feature('x'.repeat(33), [cell(0)])), 'missing_code', 0, 'features[0].properties.code');
    expectOnly(collection(feature(7, [cell(0)])), 'missing_code', 0, 'features[0].properties.code');
    expect(validateGridCollection(collection(feature('x'.repeat(32), [cell(0)]))).ok).toBe(true);
  });

  it('requires a name and names the feature by its code', () => {
    const e = expectOnly(
      collection(feature('A', [cell(0)], { name: '  ' })),
      'missing_name',
      0,
      'features[0].properties.name',
    );
    expect(e.message).toContain('"A"');
  });

  it('checks kind and officerBadge when present; null counts as absent', () => {
    expectOnly(
      collection(feature('A', [cell(0)], { kind: 'downtown' })),
      'bad_property',
      0,
      'features[0].properties.kind',
    );
    expectOnly(
      collection(feature('A', [cell(0)], { officerBadge: 12 })),
      'bad_property',
      0,
      'features[0].properties.officerBadge',
    );
    const r = validateGridCollection(
      collection(
        feature('A', [cell(0)], { kind: null, officerBadge: null }),
        feature('B', [cell(1)], { kind: 'rural', officerBadge: ' 012345 ' }),
      ),
    );
    expect(r.ok && r.grids.map((g) => [g.kind, g.officerBadge])).toEqual([
      [undefined, undefined],
      ['rural', '012345'],
    ]);
  });

  it('reports a duplicate code on the later feature, pointing at the first', () => {
    const e = expectOnly(
      collection(feature('A', [cell(0)]), feature('B', [cell(1)]), feature('A', [cell(2)])),
      'duplicate_code',
      2,
      'features[2].properties.code',
    );
    expect(e.other).toBe(0);
  });
});

describe('validateGridCollection: geometry', () => {
  it('accepts only Polygon and MultiPolygon features', () => {
    expectOnly(collection(feature('A', [X, Y], {}, 'Point')), 'not_polygon', 0, 'features[0].geometry');
    expectOnly(
      collection({ type: 'Feature', properties: { code: 'A', name: 'a' }, geometry: null }),
      'not_polygon',
      0,
      'features[0].geometry',
    );
    expectOnly(collection(feature('A', [cell(0)]), 'nonsense'), 'not_polygon', 1, 'features[1]');
  });

  it('rejects positions that are not pairs of finite numbers', () => {
    const ring = (bad: unknown) => [cell(0)[0], bad, ...cell(0).slice(2)];
    for (const bad of [['116.7', 39.1], [116.7], [116.7, 39.1, 0, 1], [Number.NaN, 39.1], null]) {
      expectOnly(collection(feature('A', [ring(bad)])), 'bad_coordinates', 0, 'features[0].geometry.coordinates[0][1]');
    }
    expectOnly(collection(feature('A', [])), 'bad_coordinates', 0, 'features[0].geometry.coordinates');
    expectOnly(collection(feature('A', ['ring'])), 'bad_coordinates', 0, 'features[0].geometry.coordinates[0]');
  });

  it('rejects impossible longitudes/latitudes and places outside China', () => {
    const swapped = cell(0).map(([x, y]) => [y, x]);
    expectOnly(collection(feature('A', [swapped])), 'out_of_range', 0, 'features[0].geometry.coordinates[0][0]');
    const e = expectOnly(
      collection(
        feature('A', [
          [
            [X, Y],
            [X + 200, Y],
            [X, Y + 0.01],
            [X, Y],
          ],
        ]),
      ),
      'out_of_range',
      0,
      'features[0].geometry.coordinates[0][1]',
    );
    expect(e.message).toContain('316.7');
    const paris = rect(2.35, 48.85, 2.36, 48.86);
    expectOnly(collection(feature('A', [paris])), 'outside_china', 0, 'features[0].geometry.coordinates[0][0]');
  });

  it('rejects short and unclosed rings without closing them', () => {
    expectOnly(
      collection(
        feature('A', [
          [
            [X, Y],
            [X + 0.01, Y],
            [X, Y],
          ],
        ]),
      ),
      'too_few_points',
      0,
      'features[0].geometry.coordinates[0]',
    );
    // Four positions, but one is a repeat: a two-point ring once repeats are dropped.
    expectOnly(
      collection(
        feature('A', [
          [
            [X, Y],
            [X + 0.01, Y],
            [X + 0.01, Y],
            [X, Y],
          ],
        ]),
      ),
      'too_few_points',
      0,
      'features[0].geometry.coordinates[0]',
    );
    expectOnly(
      collection(feature('A', [cell(0).slice(0, 4)])),
      'unclosed_ring',
      0,
      'features[0].geometry.coordinates[0]',
    );
  });

  it('rejects self-intersecting rings: a bow-tie, a pinch and a spike', () => {
    const bowTie: Position[] = [
      [X, Y],
      [X + 0.01, Y + 0.01],
      [X + 0.01, Y],
      [X, Y + 0.01],
      [X, Y],
    ];
    const pinch: Position[] = [
      [X, Y],
      [X + 0.01, Y],
      [X + 0.005, Y + 0.005],
      [X + 0.01, Y + 0.01],
      [X, Y + 0.01],
      [X + 0.005, Y + 0.005],
      [X, Y],
    ];
    const spike: Position[] = [
      [X, Y],
      [X + 0.01, Y],
      [X + 0.02, Y],
      [X + 0.01, Y],
      [X + 0.01, Y + 0.01],
      [X, Y],
    ];
    for (const ring of [bowTie, pinch, spike]) {
      expectOnly(collection(feature('A', [ring])), 'self_intersection', 0, 'features[0].geometry.coordinates[0]');
    }
  });

  it('rejects holes outside or across their outer ring, accepts one inside', () => {
    const outer = rect(X, Y, X + 0.01, Y + 0.01);
    const far = rect(X + 0.02, Y, X + 0.03, Y + 0.01);
    const across = rect(X + 0.005, Y + 0.002, X + 0.015, Y + 0.008);
    const inside = rect(X + 0.002, Y + 0.002, X + 0.008, Y + 0.008);
    expectOnly(collection(feature('A', [outer, far])), 'hole_outside', 0, 'features[0].geometry.coordinates[1]');
    expectOnly(collection(feature('A', [outer, across])), 'hole_outside', 0, 'features[0].geometry.coordinates[1]');
    // A concave outer ring: every hole vertex is inside, yet the hole crosses the notch.
    const u: Position[] = [
      [X, Y],
      [X + 0.03, Y],
      [X + 0.03, Y + 0.03],
      [X + 0.02, Y + 0.03],
      [X + 0.02, Y + 0.01],
      [X + 0.01, Y + 0.01],
      [X + 0.01, Y + 0.03],
      [X, Y + 0.03],
      [X, Y],
    ];
    const bridge = rect(X + 0.005, Y + 0.005, X + 0.025, Y + 0.025);
    expectOnly(collection(feature('A', [u, bridge])), 'hole_outside', 0, 'features[0].geometry.coordinates[1]');
    expect(validateGridCollection(collection(feature('A', [outer, inside]))).ok).toBe(true);
  });

  it('uses MultiPolygon paths', () => {
    const coords = [[cell(0)], [cell(2).slice(0, 4)]];
    expectOnly(
      collection(feature('A', coords, {}, 'MultiPolygon')),
      'unclosed_ring',
      0,
      'features[0].geometry.coordinates[1][0]',
    );
    expectOnly(
      collection(feature('A', [[cell(0)], []], {}, 'MultiPolygon')),
      'bad_coordinates',
      0,
      'features[0].geometry.coordinates[1]',
    );
  });
});

describe('validateGridCollection: overlaps', () => {
  it('reports a real overlap on the later feature, with the other index and the area', () => {
    const big = rect(X, Y, X + 0.02, Y + 0.01);
    const e = expectOnly(
      collection(feature('A', [big]), feature('B', [cell(1)])),
      'overlap',
      1,
      'features[1].geometry',
    );
    expect(e.other).toBe(0);
    expect(e.message).toMatch(/"B".*"A".*m²/);
  });

  it('also checks features that have other problems', () => {
    const big = rect(X, Y, X + 0.02, Y + 0.01);
    const errors = errorsOf(collection(feature('A', [big]), feature('B', [cell(1)], { name: '' })));
    expect(errors.map((e) => [e.index, e.code, e.other])).toEqual([
      [1, 'missing_name', undefined],
      [1, 'overlap', 0],
    ]);
  });

  it('accepts shared edges, and slivers up to the tolerance', () => {
    expect(validateGridCollection(collection(feature('A', [cell(0)]), feature('B', [cell(1)]))).ok).toBe(true);
    // 2e-8° of longitude (~1.7 mm) along 0.01° of latitude (1.1 km): about 1.9 m².
    const sliver = rect(X + 0.01 - 2e-8, Y, X + 0.02, Y + 0.01);
    const input = collection(feature('A', [cell(0)]), feature('B', [sliver]));
    expect(errorsOf(input).map((e) => e.code)).toEqual(['overlap']);
    expect(validateGridCollection(input, { overlapToleranceM2: 3 }).ok).toBe(true);
  });

  it('does not count a MultiPolygon enclave inside another grid’s hole as overlap', () => {
    const donut = [rect(X, Y, X + 0.03, Y + 0.03), rect(X + 0.01, Y + 0.01, X + 0.02, Y + 0.02)];
    const plug = [rect(X + 0.01, Y + 0.01, X + 0.02, Y + 0.02)];
    const far = [rect(X + 0.05, Y, X + 0.06, Y + 0.01)];
    const r = validateGridCollection(collection(feature('D', donut), feature('P', [plug, far], {}, 'MultiPolygon')));
    expect(r.ok).toBe(true);
  });
});

describe('validateGridCollection: whole files', () => {
  const tiling = voronoiTiling({
    cells: 150,
    bbox: [116.6, 39.0, 116.8, 39.2],
    seed: 'valid',
    lloyd: 2,
    verticesPerCell: 50,
  });
  const kinds = ['urban', 'suburban', 'rural', 'industrial'] as const;
  const grids = tiling.map((geometry, i) => ({
    code: `TJ-${String(i).padStart(3, '0')}`,
    name: `Grid ${i}`,
    kind: kinds[i % 4],
    ...(i % 3 === 0 ? { officerBadge: `0${100000 + i}` } : {}),
    geometry,
  }));

  it('accepts a valid tiling and round-trips it through export and JSON', () => {
    const exported = JSON.parse(JSON.stringify(gridsToFeatureCollection(grids)));
    const r = validateGridCollection(exported);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.grids).toHaveLength(grids.length);
    r.grids.forEach((g, i) => {
      expect(g).toEqual({ index: i, ...grids[i] });
    });
    // And once more: the validator's own output is a fixed point.
    const again = validateGridCollection(gridsToFeatureCollection(r.grids));
    expect(again.ok && again.grids).toEqual(r.grids);
  });

  it('collects every error, sorted by feature, and caps them', () => {
    const features: unknown[] = gridsToFeatureCollection(grids).features;
    const broken = [...features];
    broken[3] = feature('TJ-003', [cell(0).slice(0, 4)]);
    broken[7] = { ...(features[7] as object), properties: { code: 'TJ-007' } };
    broken[9] = { ...(features[9] as object), geometry: { type: 'LineString', coordinates: [] } };
    broken[11] = { ...(features[11] as object), properties: { code: 'TJ-001', name: 'dup' } };
    const errors = errorsOf(collection(...broken));
    expect(errors.map((e) => [e.index, e.code])).toEqual([
      [3, 'unclosed_ring'],
      [7, 'missing_name'],
      [9, 'not_polygon'],
      [11, 'duplicate_code'],
    ]);
    expect(errors[0]?.message).toContain('"TJ-003"');

    const nameless = Array.from({ length: 300 }, (_, i) => ({
      ...feature(`G${i}`, [cell(i)]),
      properties: { code: `G${i}` },
    }));
    const capped = errorsOf(collection(...nameless));
    expect(capped).toHaveLength(MAX_GRID_ERRORS);
    expect(capped.every((e) => e.code === 'missing_name')).toBe(true);
  });

  it('finds the overlapping pairs in a tiling with one enlarged grid', () => {
    const features: unknown[] = gridsToFeatureCollection(grids).features;
    const bigger = rect(116.69, 39.09, 116.71, 39.11);
    features.push(feature('EXTRA', [bigger]));
    const errors = errorsOf(collection(...features));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.code === 'overlap' && e.index === grids.length)).toBe(true);
    // Every reported neighbour really intersects the extra grid's box.
    for (const e of errors) {
      const other = tiling[e.other ?? -1]?.coordinates[0] ?? [];
      expect(other.some(([x, y]) => x > 116.68 && x < 116.72 && y > 39.08 && y < 39.12)).toBe(true);
    }
  });
});

describe('validateGridCollection: coordinate systems and normalisation', () => {
  const gcjRing = cell(0);

  it('converts GCJ-02 input (option or coordinateSystem member) to WGS-84', () => {
    const expected = gcjRing.map((p) => toWgs84(p, 'GCJ02'));
    const viaOption = validateGridCollection(collection(feature('A', [gcjRing])), { crs: 'GCJ02' });
    const viaFile = validateGridCollection({ ...collection(feature('A', [gcjRing])), coordinateSystem: 'GCJ02' });
    for (const r of [viaOption, viaFile]) {
      expect(r.ok && r.grids[0]?.geometry.coordinates[0]).toEqual(expected);
    }
    // The option wins over the file, and a WGS-84 file is taken as is.
    const both = validateGridCollection(
      { ...collection(feature('A', [gcjRing])), coordinateSystem: 'WGS84' },
      { crs: 'GCJ02' },
    );
    expect(both.ok && both.grids[0]?.geometry.coordinates[0]).toEqual(expected);
    const plain = validateGridCollection({ ...collection(feature('A', [gcjRing])), coordinateSystem: 'wgs-84' });
    expect(plain.ok && plain.grids[0]?.geometry.coordinates[0]).toEqual(gcjRing);
  });

  it('makes outer rings counter-clockwise and holes clockwise, drops altitude and repeated vertices', () => {
    const outerCw = rect(X, Y, X + 0.01, Y + 0.01)
      .reverse()
      .map(([x, y]) => [x, y, 12.5]);
    outerCw.splice(2, 0, outerCw[1] as number[]);
    const holeCcw = rect(X + 0.002, Y + 0.002, X + 0.008, Y + 0.008);
    const r = validateGridCollection(collection(feature('A', [outerCw, holeCcw])));
    expect(r.ok).toBe(true);
    if (!r.ok || r.grids[0]?.geometry.type !== 'Polygon') return;
    const [outer, hole] = r.grids[0].geometry.coordinates;
    expect(outer).toHaveLength(5);
    expect(outer?.every((p) => p.length === 2)).toBe(true);
    expect(ringSignedArea2(outer ?? [])).toBeGreaterThan(0);
    expect(ringSignedArea2(hole ?? [])).toBeLessThan(0);
  });
});
