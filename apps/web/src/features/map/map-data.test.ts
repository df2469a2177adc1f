import type { GridView } from '@fengqiao/contracts';
import { describe, expect, it } from 'vitest';
import { boundsOf, gridMatches, makeProjection, roadCollection, svgPath, tileUrls } from './map-data';

type Ring = [number, number][];
const ring = (x: number, y: number, d: number): Ring => [
  [x, y],
  [x + d, y],
  [x + d, y + d],
  [x, y + d],
  [x, y],
];
const square = (x: number, y: number, d: number): GridView['geometry'] => ({
  type: 'Polygon',
  coordinates: [ring(x, y, d)],
});

const grid = (over: Partial<GridView>): GridView => ({
  id: '00000000-0000-4000-8000-000000000001',
  code: 'G01',
  name: '建设路第一网格',
  kind: 'urban',
  officer: { id: '00000000-0000-4000-8000-000000000002', name: '程欣', badgeNo: '131011', phone: '136****9035' },
  unitCount: 2,
  areaKm2: 0.64,
  centroid: [116.68, 39.06],
  communities: ['建设路社区'],
  geometry: square(116.67, 39.05, 0.01),
  version: 1,
  ...over,
});

describe('map data', () => {
  it('computes bounds over polygons and multipolygons', () => {
    const multi: GridView['geometry'] = { type: 'MultiPolygon', coordinates: [[ring(117, 40, 1)]] };
    expect(boundsOf([square(116, 39, 0.5), multi])).toEqual([
      [116, 39],
      [118, 41],
    ]);
    expect(boundsOf([])).toBeNull();
  });

  it('expands tile subdomains', () => {
    expect(tileUrls('https://t{s}.tianditu.gov.cn/img_w/wmts?x={x}&y={y}&l={z}')).toHaveLength(8);
    expect(tileUrls('https://{s}.tile.example.org/{z}/{x}/{y}.png')).toEqual([
      'https://a.tile.example.org/{z}/{x}/{y}.png',
      'https://b.tile.example.org/{z}/{x}/{y}.png',
      'https://c.tile.example.org/{z}/{x}/{y}.png',
    ]);
    expect(tileUrls('https://tiles.local/{z}/{x}/{y}.png')).toEqual(['https://tiles.local/{z}/{x}/{y}.png']);
  });

  it('matches grids by code, name, community, officer name or badge', () => {
    const g = grid({});
    for (const q of ['', 'g01', '建设路', '建设路社区', '程欣', '131011']) expect(gridMatches(g, q), q).toBe(true);
    expect(gridMatches(g, 'G02')).toBe(false);
    expect(gridMatches(grid({ officer: null }), '程欣')).toBe(false);
  });

  it('draws expressways last so they stay on top', () => {
    const fc = roadCollection([
      {
        id: 'a',
        name: 'A',
        kind: 'expressway',
        line: [
          [0, 0],
          [1, 1],
        ],
      },
      {
        id: 'b',
        name: 'B',
        kind: 'local',
        line: [
          [0, 0],
          [1, 1],
        ],
      },
      {
        id: 'c',
        name: 'C',
        kind: 'main',
        line: [
          [0, 0],
          [1, 1],
        ],
      },
    ]);
    expect(fc.features.map((f) => f.properties.kind)).toEqual(['local', 'main', 'expressway']);
  });

  it('projects into the box with north up', () => {
    const project = makeProjection(
      [
        [116, 39],
        [117, 40],
      ],
      200,
      200,
      0,
    );
    const [x0, y0] = project([116, 40]);
    const [x1, y1] = project([117, 39]);
    expect(y0).toBeLessThan(y1);
    expect(x0).toBeLessThan(x1);
    for (const v of [x0, y0, x1, y1]) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(200);
    }
    expect(svgPath(square(116, 39, 1), project)).toMatch(/^M[\d.,]+(L[\d.,]+){4}Z$/);
  });
});
