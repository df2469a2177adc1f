import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MEDIATION_CATEGORY_CODES } from './catalogue';
import {
  conflictsOf,
  MATCH_WEIGHTS,
  type MatchCandidate,
  type MatchDispute,
  rankMediators,
  scoreMediator,
} from './matching';

const GRIDS = ['g1', 'g2', 'g3', 'g4'];
const BIDX = ['b1', 'b2', 'b3', 'b4', 'b5', 'b6'];
const CODES = ['c1', 'c2', 'c3'];
const NAMES = ['张伟', '王芳', '李娜', '刘洋'];

const partyArb = fc.record({
  name: fc.constantFrom(...NAMES),
  idBidx: fc.option(fc.constantFrom(...BIDX), { nil: null }),
  creditCode: fc.option(fc.constantFrom(...CODES), { nil: null }),
});

const disputeArb: fc.Arbitrary<MatchDispute> = fc.record({
  categoryCode: fc.constantFrom(...MEDIATION_CATEGORY_CODES),
  level: fc.constantFrom(1 as const, 2 as const, 3 as const),
  track: fc.constantFrom('standard' as const, 'commercial' as const),
  gridId: fc.option(fc.constantFrom(...GRIDS), { nil: null }),
  place: fc.option(fc.constantFrom('东村12号', '西街3号', '工业园区'), { nil: null }),
  on: fc.constantFrom('2026-11-23', '2026-11-28', '2026-11-29'),
  parties: fc.array(partyArb, { minLength: 1, maxLength: 4 }),
});

const candidateArb = (id: number): fc.Arbitrary<MatchCandidate> =>
  fc
    .record({
      specialties: fc.subarray([...MEDIATION_CATEGORY_CODES]),
      levels: fc.subarray([1, 2, 3]),
      commercial: fc.boolean(),
      gridIds: fc.subarray(GRIDS),
      villages: fc.subarray(['东村', '西街']),
      maxLoad: fc.integer({ min: 0, max: 8 }),
      load: fc.integer({ min: 0, max: 10 }),
      active: fc.boolean(),
      weekdays: fc.subarray([1, 2, 3, 4, 5, 6, 7]),
      unavailable: fc.array(
        fc.constantFrom({ from: '2026-11-27', to: '2026-11-30' }, { from: '2026-11-20', to: '2026-11-24' }),
        { maxLength: 1 },
      ),
      decided: fc.integer({ min: 0, max: 50 }),
      conflicts: fc.array(
        fc.record({
          name: fc.option(fc.constantFrom(...NAMES), { nil: null }),
          idBidx: fc.option(fc.constantFrom(...BIDX), { nil: null }),
          creditCode: fc.option(fc.constantFrom(...CODES), { nil: null }),
          relation: fc.constantFrom('亲属', '同事', '代理人'),
        }),
        { maxLength: 2 },
      ),
      alreadyAssigned: fc.boolean(),
    })
    .chain((r) =>
      fc.integer({ min: 0, max: r.decided }).map((succeeded) => ({
        ...r,
        id: `m${String(id).padStart(3, '0')}`,
        name: `调解员${id}`,
        kind: 'lawyer',
        succeeded,
      })),
    );

const poolArb = fc
  .integer({ min: 0, max: 25 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => candidateArb(i))));

describe('classified dispatch: ranking mediators', () => {
  it('never suggests a mediator with a conflict of interest', () => {
    fc.assert(
      fc.property(disputeArb, poolArb, (d, pool) => {
        const { suggestions, excluded } = rankMediators(d, pool, 50);
        for (const s of suggestions) {
          const c = pool.find((x) => x.id === s.mediatorId);
          expect(c).toBeDefined();
          if (c) expect(conflictsOf(c, d.parties)).toEqual([]);
        }
        for (const c of pool.filter((x) => conflictsOf(x, d.parties).length > 0)) {
          expect(excluded.find((e) => e.mediatorId === c.id)?.reasons).toContain('conflict_of_interest');
        }
      }),
      { numRuns: 400 },
    );
  });

  it('respects load caps, activity, the commercial track and existing assignments', () => {
    fc.assert(
      fc.property(disputeArb, poolArb, (d, pool) => {
        const { suggestions, excluded } = rankMediators(d, pool, 50);
        for (const s of suggestions) {
          const c = pool.find((x) => x.id === s.mediatorId) as MatchCandidate;
          expect(c.load).toBeLessThan(c.maxLoad);
          expect(c.active).toBe(true);
          expect(c.alreadyAssigned).toBe(false);
          if (d.track === 'commercial') expect(c.commercial).toBe(true);
        }
        // Everyone is either suggested or excluded with a reason.
        expect(suggestions.length + excluded.length).toBe(Math.min(pool.length, pool.length));
        for (const e of excluded) expect(e.reasons.length).toBeGreaterThan(0);
      }),
      { numRuns: 400 },
    );
  });

  it('explains each score: factors add up, stay within their maxima, and order is best first', () => {
    fc.assert(
      fc.property(disputeArb, poolArb, (d, pool) => {
        const { suggestions } = rankMediators(d, pool, 50);
        for (const s of suggestions) {
          const sum = s.factors.reduce((t, f) => t + f.points, 0);
          expect(Math.abs(sum - s.score)).toBeLessThan(0.11);
          for (const f of s.factors) {
            expect(f.points).toBeGreaterThanOrEqual(0);
            expect(f.points).toBeLessThanOrEqual(f.max);
            expect(f.note.length).toBeGreaterThan(0);
          }
          expect(s.score).toBeLessThanOrEqual(100);
        }
        for (let i = 1; i < suggestions.length; i++) {
          expect((suggestions[i - 1]?.score ?? 0) >= (suggestions[i]?.score ?? 0)).toBe(true);
        }
      }),
    );
  });

  it('prefers the specialist who knows the place and has room', () => {
    const base: MatchCandidate = {
      id: 'a',
      name: '甲',
      kind: 'village_cadre',
      specialties: ['neighbour'],
      levels: [1, 2],
      commercial: false,
      gridIds: ['g1'],
      villages: ['东村'],
      maxLoad: 6,
      load: 1,
      active: true,
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      unavailable: [],
      decided: 20,
      succeeded: 19,
      conflicts: [],
    };
    const d: MatchDispute = {
      categoryCode: 'neighbour',
      level: 1,
      track: 'standard',
      gridId: 'g1',
      place: '东村12号',
      on: '2026-11-28',
      parties: [{ name: '张伟', idBidx: 'b1' }],
    };
    const s = scoreMediator(d, base);
    expect(s.score).toBeGreaterThan(90);
    expect(s.factors.find((f) => f.factor === 'locality')?.note).toBe('knows 东村');
    const other = { ...base, id: 'b', specialties: ['contract'], gridIds: [], villages: [] };
    const conflicted = { ...base, id: 'c', conflicts: [{ idBidx: 'b1', relation: '亲属' }] };
    const { suggestions, excluded } = rankMediators(d, [other, conflicted, base]);
    expect(suggestions.map((x) => x.mediatorId)).toEqual(['a', 'b']);
    expect(excluded).toEqual([{ mediatorId: 'c', reasons: ['conflict_of_interest'], notes: ['亲属: 张伟'] }]);
    expect(Object.values(MATCH_WEIGHTS).reduce((a, b) => a + b, 0)).toBe(100);
  });
});
