import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { capFogAlertXml, capPolygon, capTime } from './cap';
import { EXPRESSWAY_RULES, fogGradeOf, worseGrade } from './fog-grades';
import { frameFor, fromFrame, interpolate, nowcast, sampleGrid, toFrame, VIS_MAX_M, VIS_MIN_M } from './nowcast';
import { roadFogWarnings } from './road-warnings';

describe('fog grades', () => {
  it('follows the national thresholds', () => {
    expect(fogGradeOf(49.9)).toBe('red');
    expect(fogGradeOf(50)).toBe('orange');
    expect(fogGradeOf(199)).toBe('orange');
    expect(fogGradeOf(200)).toBe('yellow');
    expect(fogGradeOf(499)).toBe('yellow');
    expect(fogGradeOf(500)).toBeNull();
    expect(fogGradeOf(Number.NaN)).toBeNull();
    expect(worseGrade('yellow', 'red')).toBe('red');
    expect([
      EXPRESSWAY_RULES.yellow.maxSpeedKmh,
      EXPRESSWAY_RULES.orange.maxSpeedKmh,
      EXPRESSWAY_RULES.red.maxSpeedKmh,
    ]).toEqual([60, 40, 20]);
  });
});

describe('nowcast', () => {
  const grid = { nx: 40, ny: 30, cellKm: 1 };

  it('interpolates exactly a constant field and stays within the stations’ range', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            x: fc.double({ min: 0, max: 40, noNaN: true }),
            y: fc.double({ min: 0, max: 30, noNaN: true }),
            v: fc.double({ min: 1, max: 9, noNaN: true }),
          }),
          { minLength: 1, maxLength: 30 },
        ),
        (st) => {
          const xs = Float64Array.from(st.map((s) => s.x));
          const ys = Float64Array.from(st.map((s) => s.y));
          const [f] = interpolate(grid, xs, ys, [Float64Array.from(st.map((s) => s.v))], 6) as [Float32Array];
          const lo = Math.min(...st.map((s) => s.v));
          const hi = Math.max(...st.map((s) => s.v));
          for (const v of f) {
            expect(v).toBeGreaterThanOrEqual(lo - 1e-4);
            expect(v).toBeLessThanOrEqual(hi + 1e-4);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('moves fog downwind and clamps to the physical range', () => {
    const stations = [];
    for (let x = 2; x < 40; x += 4)
      for (let y = 2; y < 30; y += 4) {
        const inBank = Math.hypot(x - 10, y - 15) < 6;
        stations.push({
          x,
          y,
          visibilityM: inBank ? 60 : 8000,
          pastVisibilityM: inBank ? 60 : 8000,
          windU: 5,
          windV: 0,
        });
      }
    const r = nowcast(grid, stations, { leadsMin: [0, 60] });
    // 5 m/s east for an hour is 18 km: the bank centre moves from x≈10 to x≈28.
    expect(sampleGrid(grid, r.fields[1] as Float32Array, 28, 15)).toBeLessThan(300);
    expect(sampleGrid(grid, r.fields[1] as Float32Array, 10, 15)).toBeGreaterThan(1000);
    for (const f of r.fields) for (const v of f) expect(v >= VIS_MIN_M - 1e-3 && v <= VIS_MAX_M + 1).toBe(true);
  });

  it('maps lng/lat to the frame and back', () => {
    const f = frameFor([116.5, 39.0, 116.8, 39.2]);
    const [x, y] = toFrame(f, 116.6, 39.1);
    const [lng, lat] = fromFrame(f, x, y);
    expect(lng).toBeCloseTo(116.6, 9);
    expect(lat).toBeCloseTo(39.1, 9);
    expect(f.nx).toBeGreaterThan(25);
  });
});

describe('road warnings and CAP', () => {
  const frame = frameFor([116.5, 39.0, 116.7, 39.1], 2);
  const field = new Float32Array(frame.nx * frame.ny).fill(5000);
  // A band of dense fog across the middle columns.
  for (let j = 0; j < frame.ny; j++) for (let i = 8; i < 12; i++) field[j * frame.nx + i] = 30;
  const road = {
    id: 'r1',
    name: '京港澳高速',
    kind: 'expressway',
    line: [
      [116.5, 39.05],
      [116.7, 39.05],
    ] as [number, number][],
  };

  it('cuts a road into graded stretches with the expressway rule', () => {
    const w = roadFogWarnings(frame, [field], [0], [road]);
    const red = w.filter((x) => x.grade === 'red');
    expect(red).toHaveLength(1);
    expect(red[0]).toMatchObject({ roadId: 'r1', maxSpeedKmh: 20, expressway: true });
    expect(red[0]?.polygon[0]).toEqual(red[0]?.polygon[red[0].polygon.length - 1]);
    // Fog only there: the ends of the road have no warning.
    expect(w.every((x) => x.path.every((p) => p[0] > 116.52 && p[0] < 116.68))).toBe(true);
  });

  it('writes a CAP 1.2 alert with a lat,lon polygon and China time', () => {
    expect(capTime(new Date('2026-11-28T00:00:00Z'))).toBe('2026-11-28T08:00:00+08:00');
    expect(
      capPolygon([
        [116.5, 39],
        [116.6, 39],
        [116.6, 39.1],
        [116.5, 39],
      ]),
    ).toBe('39.000000,116.500000 39.000000,116.600000 39.100000,116.600000 39.000000,116.500000');
    const xml = capFogAlertXml({
      identifier: 'x<1>',
      sender: 's@x',
      senderName: '清溪镇派出所',
      sent: new Date(0),
      msgType: 'Alert',
      references: [],
      grade: 'orange',
      effective: new Date(0),
      expires: new Date(1_800_000),
      headline: '大雾橙色预警 & 限速',
      description: 'd',
      instruction: 'i',
      areaDesc: 'a',
      polygon: [
        [1, 2],
        [3, 4],
        [5, 6],
        [1, 2],
      ],
      minVisibilityM: 120,
      roadName: 'r',
    });
    expect(xml).toContain('<identifier>x&lt;1&gt;</identifier>');
    expect(xml).toContain('<severity>Severe</severity>');
    expect(xml).toContain('大雾橙色预警 &amp; 限速');
  });
});
