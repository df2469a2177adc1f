import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BatchReport, resolveBatchDuplicates } from './batch-duplicates';

const SINCE = new Date('2026-11-29T00:00:00Z');
const R = 0.001;

function at(id: string, lng: number, over: Partial<BatchReport> = {}): BatchReport {
  return {
    id,
    stationId: 's1',
    categoryCode: 'dispute.neighbour',
    gridId: 'g1',
    lng,
    lat: 30,
    addressKey: null,
    probe: { kind: 'point', since: SINCE, gridId: 'g1', lng, lat: 30, radiusDeg: R },
    storedOriginal: null,
    repeated: false,
    ...over,
  };
}

describe('resolveBatchDuplicates', () => {
  it('links a chain to the first original only: C is near B, but B is a duplicate and A is out of reach', () => {
    const a = at('a', 120);
    const b = at('b', 120 + 0.6 * R);
    const c = at('c', 120 + 1.2 * R);
    const d = at('d', 120 + 1.3 * R);
    expect(resolveBatchDuplicates([a, b, c, d])).toEqual([null, 'a', null, 'c']);
  });

  it('prefers the stored original, and never takes a repeated submission or another category as an original', () => {
    const repeat = at('r', 120, { repeated: true });
    const other = at('o', 120, { categoryCode: 'traffic.congestion' });
    const x = at('x', 120);
    const y = at('y', 120, { storedOriginal: 'old' });
    expect(resolveBatchDuplicates([repeat, other, x, y])).toEqual([null, null, null, 'old']);
  });

  it('matches addresses within the station only, and a report without a probe is always an original', () => {
    const addr = (id: string, stationId = 's1'): BatchReport => ({
      ...at(id, 0),
      gridId: null,
      lng: null,
      lat: null,
      stationId,
      addressKey: 'k',
      probe: { kind: 'address', since: SINCE, addressKey: 'k' },
    });
    const free = { ...addr('n'), probe: null };
    expect(resolveBatchDuplicates([addr('g'), addr('h'), addr('i', 's2'), free])).toEqual([null, 'g', null, null]);
  });

  // The reference: store the reports one by one, each probe looking among what is stored so far (oldest first).
  function oneByOne(reports: BatchReport[]): (string | null)[] {
    const stored: BatchReport[] = [];
    return reports.map((d) => {
      if (d.storedOriginal) {
        if (!d.repeated) stored.push({ ...d, storedOriginal: d.storedOriginal });
        return d.storedOriginal;
      }
      const p = d.probe;
      const hit = stored.find((o) => {
        if (o.storedOriginal !== null || o.categoryCode !== d.categoryCode || !p) return false;
        if (p.kind === 'address') return o.stationId === d.stationId && o.addressKey === p.addressKey;
        return (
          o.gridId === p.gridId &&
          o.lng !== null &&
          o.lat !== null &&
          Math.abs(o.lng - p.lng) <= p.radiusDeg &&
          Math.abs(o.lat - p.lat) <= p.radiusDeg
        );
      });
      if (!d.repeated) stored.push({ ...d, storedOriginal: hit?.id ?? null });
      return hit?.id ?? null;
    });
  }

  it('gives what storing the reports one by one gives', () => {
    const report = fc.record({
      cat: fc.constantFrom('a', 'b'),
      grid: fc.constantFrom('g1', 'g2'),
      x: fc.integer({ min: 0, max: 6 }),
      y: fc.integer({ min: 0, max: 2 }),
      addr: fc.constantFrom(null, 'k1', 'k2'),
      stored: fc.option(fc.constant('old'), { freq: 5 }),
      repeated: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(report, { maxLength: 30 }), (spec) => {
        const reports = spec.map((s, i): BatchReport => {
          const lng = 120 + s.x * 0.7 * R;
          const lat = 30 + s.y * 0.7 * R;
          return {
            id: `r${i}`,
            stationId: 's1',
            categoryCode: s.cat,
            gridId: s.addr ? null : s.grid,
            lng: s.addr ? null : lng,
            lat: s.addr ? null : lat,
            addressKey: s.addr,
            probe: s.addr
              ? { kind: 'address', since: SINCE, addressKey: s.addr }
              : { kind: 'point', since: SINCE, gridId: s.grid, lng, lat, radiusDeg: R },
            storedOriginal: s.stored,
            repeated: s.repeated,
          };
        });
        expect(resolveBatchDuplicates(reports)).toEqual(oneByOne(reports));
      }),
      { numRuns: 500 },
    );
  });
});
