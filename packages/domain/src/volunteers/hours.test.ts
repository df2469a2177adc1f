import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RouteShape } from './geometry';
import { coveredMs, DEFAULT_HOURS_RULE, type DutyEvidence, dutyHours, type Fix } from './hours';

const MIN = 60_000;
const T0 = Date.parse('2026-05-12T00:30:00Z'); // 08:30 in Qingxi
// A straight east–west street of about 850 m with two checkpoints.
const ROUTE: RouteShape = {
  path: [
    [116.5, 39.0],
    [116.51, 39.0],
  ],
  checkpoints: [
    { id: 'a', lng: 116.5, lat: 39.0, radiusM: 50 },
    { id: 'b', lng: 116.51, lat: 39.0, radiusM: 50 },
  ],
  corridorM: 150,
};
const on = (at: number, x = 0.5): Fix => ({ at, lng: 116.5 + 0.01 * x, lat: 39.0, accuracyM: 10 });
const off = (at: number): Fix => ({ at, lng: 116.5, lat: 39.02, accuracyM: 10 }); // ~2.2 km north

const evidence = (fixes: Fix[], checkOutAt: number | null = T0 + 120 * MIN): DutyEvidence => ({
  shiftStart: T0,
  shiftEnd: T0 + 120 * MIN,
  checkOutAt,
  fixes,
  route: ROUTE,
});

const fixArb = fc.record({
  at: fc.integer({ min: T0 - 60 * MIN, max: T0 + 180 * MIN }),
  lng: fc.double({ min: 116.49, max: 116.52, noNaN: true }),
  lat: fc.double({ min: 38.99, max: 39.02, noNaN: true }),
  accuracyM: fc.option(fc.integer({ min: 1, max: 200 }), { nil: null }),
});
const evidenceArb = fc.record({
  fixes: fc.array(fixArb, { maxLength: 60 }),
  checkOut: fc.option(fc.integer({ min: T0 - 10 * MIN, max: T0 + 200 * MIN }), { nil: null }),
});

describe('hours from evidence', () => {
  it('counts a dense on-route track from the shift start to the check-out', () => {
    const fixes = Array.from({ length: 25 }, (_, i) => on(T0 + i * 5 * MIN, (i % 10) / 10));
    expect(dutyHours(evidence(fixes)).seconds).toBe(120 * 60);
  });

  it('starts at the first fix near the route at or after the shift start, not at an early check-in', () => {
    const fixes = [on(T0 - 20 * MIN), off(T0 + 5 * MIN), on(T0 + 10 * MIN), on(T0 + 20 * MIN)];
    const h = dutyHours(evidence(fixes, T0 + 20 * MIN));
    expect(h.startedAt).toBe(T0 + 10 * MIN);
    expect(h.seconds).toBe(10 * 60);
  });

  it('caps at the shift end when the check-out is late', () => {
    const fixes = Array.from({ length: 30 }, (_, i) => on(T0 + i * 5 * MIN));
    const h = dutyHours(evidence(fixes, T0 + 150 * MIN));
    expect(h.endedAt).toBe(T0 + 120 * MIN);
    expect(h.seconds).toBe(120 * 60);
  });

  it('does not count a gap without fixes longer than the limit', () => {
    const fixes = [on(T0), on(T0 + 10 * MIN), on(T0 + 40 * MIN), on(T0 + 50 * MIN)];
    const h = dutyHours(evidence(fixes, T0 + 50 * MIN));
    expect(h.gapSeconds).toBe(30 * 60);
    expect(h.seconds).toBe(20 * 60);
  });

  it('does not count stretches spent away from the route', () => {
    const fixes = [on(T0), off(T0 + 10 * MIN), off(T0 + 20 * MIN), on(T0 + 30 * MIN)];
    const h = dutyHours(evidence(fixes, T0 + 30 * MIN));
    expect(h.offRouteSeconds).toBe(10 * 60);
    expect(h.seconds).toBe(20 * 60);
  });

  it('ignores inaccurate fixes and counts nothing without a fix near the route', () => {
    expect(
      dutyHours(
        evidence([
          { ...on(T0), accuracyM: 500 },
          { ...on(T0 + 5 * MIN), accuracyM: 500 },
        ]),
      ).seconds,
    ).toBe(0);
    expect(dutyHours(evidence([off(T0), off(T0 + 5 * MIN)])).seconds).toBe(0);
    expect(dutyHours(evidence([])).seconds).toBe(0);
  });

  it('ends at the last fix when the duty closed without a check-out', () => {
    const fixes = [on(T0), on(T0 + 10 * MIN), on(T0 + 20 * MIN)];
    expect(dutyHours(evidence(fixes, null)).seconds).toBe(20 * 60);
  });

  it('never exceeds the shift, and counted + gaps + off-route = end − start', () => {
    fc.assert(
      fc.property(evidenceArb, ({ fixes, checkOut }) => {
        const h = dutyHours(evidence(fixes, checkOut));
        expect(h.seconds).toBeGreaterThanOrEqual(0);
        expect(h.seconds).toBeLessThanOrEqual(120 * 60);
        if (h.startedAt === null || h.endedAt === null) {
          expect(h.seconds).toBe(0);
          return;
        }
        expect(h.startedAt).toBeGreaterThanOrEqual(T0);
        expect(h.endedAt).toBeLessThanOrEqual(T0 + 120 * MIN);
        const span = Math.round((h.endedAt - h.startedAt) / 1000);
        expect(Math.abs(h.seconds + h.gapSeconds + h.offRouteSeconds - span)).toBeLessThanOrEqual(2);
      }),
    );
  });

  it('does not depend on the order the fixes arrive in, nor on replayed duplicates', () => {
    fc.assert(
      fc.property(evidenceArb, fc.integer(), ({ fixes, checkOut }, seed) => {
        const shuffled = [...fixes].sort((a, b) => ((a.at * 31 + seed) % 7) - ((b.at * 31 + seed) % 7));
        const replayed = [...fixes, ...fixes];
        const base = dutyHours(evidence(fixes, checkOut));
        expect(dutyHours(evidence(shuffled, checkOut)).seconds).toBe(base.seconds);
        expect(dutyHours(evidence(replayed, checkOut)).seconds).toBe(base.seconds);
      }),
    );
  });

  it('is unchanged when the whole duty moves in time', () => {
    fc.assert(
      fc.property(evidenceArb, fc.integer({ min: -10_000 * MIN, max: 10_000 * MIN }), ({ fixes, checkOut }, dt) => {
        const a = dutyHours(evidence(fixes, checkOut));
        const moved = dutyHours({
          shiftStart: T0 + dt,
          shiftEnd: T0 + 120 * MIN + dt,
          checkOutAt: checkOut === null ? null : checkOut + dt,
          fixes: fixes.map((f) => ({ ...f, at: f.at + dt })),
          route: ROUTE,
        });
        expect(moved.seconds).toBe(a.seconds);
      }),
    );
  });

  it('counts at most the gap limit per stretch between fixes', () => {
    fc.assert(
      fc.property(evidenceArb, ({ fixes, checkOut }) => {
        const h = dutyHours(evidence(fixes, checkOut));
        expect(h.seconds * 1000).toBeLessThanOrEqual((h.fixesUsed + 1) * DEFAULT_HOURS_RULE.maxGapMs);
      }),
    );
  });
});

describe('covered time', () => {
  it('is the length of the union of the intervals', () => {
    expect(
      coveredMs([
        [0, 10],
        [5, 15],
        [20, 30],
      ]),
    ).toBe(25);
    expect(coveredMs([])).toBe(0);
  });

  it('never exceeds the sum nor falls below the longest interval', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 200 }))), (raw) => {
        const iv = raw.map(([a, d]) => [a, a + d] as const);
        const c = coveredMs(iv);
        expect(c).toBeLessThanOrEqual(iv.reduce((s, [a, b]) => s + (b - a), 0));
        expect(c).toBeGreaterThanOrEqual(Math.max(0, ...iv.map(([a, b]) => b - a)));
      }),
    );
  });
});
