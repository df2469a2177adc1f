import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPointRules, DEFAULT_POINT_RULES, effectiveRules, type PointRule, pointsFor } from './points';

const hoursRule = DEFAULT_POINT_RULES[0] as PointRule;
const itemRule = DEFAULT_POINT_RULES[1] as PointRule;

describe('recognition points', () => {
  it('pays per hour with a daily cap, and per item once', () => {
    expect(pointsFor(hoursRule, 2.5)).toEqual({ quantity: 2.5, points: 25 });
    expect(pointsFor(hoursRule, 5, 10)).toEqual({ quantity: 2, points: 20 });
    expect(pointsFor(hoursRule, 5, 12)).toEqual({ quantity: 0, points: 0 });
    expect(pointsFor(itemRule, 3)).toEqual({ quantity: 1, points: 5 });
    expect(pointsFor({ ...itemRule, active: false }, 1)).toEqual({ quantity: 0, points: 0 });
  });

  it('is never negative, grows with the quantity and respects the cap', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 30, noNaN: true }),
        fc.double({ min: 0, max: 30, noNaN: true }),
        fc.double({ min: 0, max: 30, noNaN: true }),
        fc.integer({ min: 0, max: 100 }),
        (q1, q2, already, rate) => {
          const rule = { ...hoursRule, points: rate };
          const a = pointsFor(rule, Math.min(q1, q2), already);
          const b = pointsFor(rule, Math.max(q1, q2), already);
          expect(a.points).toBeGreaterThanOrEqual(0);
          expect(b.points).toBeGreaterThanOrEqual(a.points);
          expect(b.quantity + Math.min(already, 12)).toBeLessThanOrEqual(12.01);
          expect(b.points).toBeLessThanOrEqual(rate * Math.max(q1, q2) + 0.05);
        },
      ),
    );
  });

  it('takes station overrides over the defaults, one rule per source', () => {
    const rules = effectiveRules([{ ...itemRule, points: 8 }]);
    expect(rules).toHaveLength(DEFAULT_POINT_RULES.length);
    expect(rules.find((r) => r.source === 'hazard_confirmed')?.points).toBe(8);
  });

  it('refuses inconsistent rule sets', () => {
    expect(checkPointRules([...DEFAULT_POINT_RULES])).toEqual([]);
    expect(checkPointRules([hoursRule, hoursRule]).map((p) => p.code)).toContain('duplicate_source');
    expect(checkPointRules([{ ...itemRule, per: 'hour' }]).map((p) => p.code)).toContain('must_be_item');
    expect(checkPointRules([{ ...hoursRule, points: -1 }]).map((p) => p.code)).toContain('out_of_range');
    expect(checkPointRules([{ ...itemRule, dailyCap: 3 }]).map((p) => p.code)).toContain('not_applicable');
  });
});
