import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deadlinesFor, PRIORITIES, type PriorityRule, suggestPriority } from './priority';

const rule = (over: Partial<PriorityRule>): PriorityRule => ({
  id: 'r',
  name: 'rule',
  categoryPrefix: null,
  keywords: [],
  sources: [],
  nightOnly: false,
  priority: 'high',
  sort: 10,
  active: true,
  ...over,
});

describe('priority suggestion', () => {
  it('matches by category prefix, keyword, source and night hours', () => {
    const rules = [
      rule({ id: 'knife', keywords: ['刀'], priority: 'urgent', name: 'weapon' }),
      rule({ id: 'night', categoryPrefix: 'public_order', nightOnly: true, priority: 'high', name: 'night' }),
      rule({ id: 'cam', sources: ['camera'], priority: 'high', name: 'camera' }),
    ];
    const base = {
      categoryCode: 'public_order.noise',
      categoryDefault: 'low' as const,
      description: '',
      source: 'call_110' as const,
      hour: 12,
    };
    expect(suggestPriority(base, rules)).toEqual({ priority: 'low', ruleId: null, reason: 'category default' });
    expect(suggestPriority({ ...base, hour: 23 }, rules).ruleId).toBe('night');
    expect(suggestPriority({ ...base, hour: 3 }, rules).ruleId).toBe('night');
    expect(suggestPriority({ ...base, description: '有人拿刀' }, rules).priority).toBe('urgent');
    expect(suggestPriority({ ...base, categoryCode: 'public_order_x', hour: 23 }, rules).ruleId).toBeNull();
    expect(suggestPriority({ ...base, source: 'camera' }, rules).ruleId).toBe('cam');
  });

  it('never lowers the category default', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PRIORITIES),
        fc.array(fc.constantFrom(...PRIORITIES), { maxLength: 5 }),
        (dflt, ps) => {
          const rules = ps.map((p, i) => rule({ id: `r${i}`, priority: p, sort: i }));
          const s = suggestPriority(
            { categoryCode: 'x', categoryDefault: dflt, description: '', source: 'call_110', hour: 10 },
            rules,
          );
          const rank = (p: string) => PRIORITIES.indexOf(p as (typeof PRIORITIES)[number]);
          expect(rank(s.priority)).toBeLessThanOrEqual(rank(dflt));
          for (const p of ps) expect(rank(s.priority)).toBeLessThanOrEqual(rank(p));
        },
      ),
    );
  });
});

describe('deadlines', () => {
  it('gives urgent urban orders 1 minute to acknowledge and 5 to arrive, suburban 10', () => {
    const at = new Date('2026-11-28T10:00:00Z');
    const urban = deadlinesFor('urgent', true, at);
    expect(urban.ack?.toISOString()).toBe('2026-11-28T10:01:00.000Z');
    expect(urban.arrive?.toISOString()).toBe('2026-11-28T10:05:00.000Z');
    expect(deadlinesFor('urgent', false, at).arrive?.toISOString()).toBe('2026-11-28T10:10:00.000Z');
    expect(deadlinesFor('low', true, at).arrive).toBeNull();
  });
});
