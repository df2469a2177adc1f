import { isValidCreditCode, isValidIdNumber, isValidPhone } from '@fengqiao/domain';
import { describe, expect, it } from 'vitest';
import { generateIncidentHistory } from './incidents.generator';
import { generateMediationHistory, incidentNumber, MEDIATOR_PROFILE } from './mediation.generator';
import { generateTown } from './town.generator';

const town = generateTown();
const anchor = new Date('2026-11-28T10:00:00+08:00');
const incidents = generateIncidentHistory(town, anchor);
const history = generateMediationHistory(town, anchor, incidents);
const decided = history.filter((d) => d.outcome !== null && d.outcome !== 'withdrawn');
const rateAt = (level: number) => {
  const handled = decided.filter((d) => d.initialLevel <= level && level <= d.maxLevel);
  return (
    handled.filter((d) => d.outcome === 'success' && d.level === level && d.track === 'standard').length /
    handled.length
  );
};

describe('demo dispute ledger', () => {
  it('is deterministic for a seed and anchor', () => {
    expect(generateMediationHistory(town, anchor, incidents)).toEqual(history);
  });

  it('holds a year of a few thousand disputes, with valid identifiers', () => {
    expect(history.length).toBeGreaterThan(4000);
    expect(history.length).toBeLessThan(6000);
    const first = history[0]?.registeredAt.getTime() ?? 0;
    expect(anchor.getTime() - first).toBeLessThan(366 * 86_400_000);
    for (const d of history)
      for (const p of d.parties) {
        if (p.idNumber) expect(isValidIdNumber(p.idNumber)).toBe(true);
        if (p.phone) expect(isValidPhone(p.phone)).toBe(true);
        if (p.creditCode) expect(isValidCreditCode(p.creditCode)).toBe(true);
      }
  });

  it('lands near the article’s rates: 85% / 92% / 90%+ by level, 98% overall', () => {
    const overall = decided.filter((d) => d.outcome === 'success').length / decided.length;
    expect(overall).toBeGreaterThan(0.97);
    expect(overall).toBeLessThan(0.99);
    expect(rateAt(1)).toBeGreaterThan(0.83);
    expect(rateAt(1)).toBeLessThan(0.88);
    expect(rateAt(2)).toBeGreaterThan(0.88);
    expect(rateAt(2)).toBeLessThan(0.95);
    expect(rateAt(3)).toBeGreaterThan(0.9);
  });

  it('never skips a level, and every step starts where the previous ended', () => {
    for (const d of history) {
      let level = d.initialLevel;
      let track = 'standard';
      for (const s of d.steps) {
        expect(s.from.level).toBe(level);
        expect(s.from.track).toBe(track);
        expect(Math.abs(s.to.level - s.from.level)).toBeLessThanOrEqual(1);
        level = s.to.level;
        track = s.to.track;
      }
      expect(level).toBe(d.level);
      expect(track).toBe(d.track);
    }
  });

  it('sends a score of enterprise disputes to the commercial studio and links some to incidents', () => {
    const studio = history.filter((d) => d.track === 'commercial');
    expect(studio.length).toBeGreaterThan(10);
    for (const d of studio) expect(d.parties.some((p) => p.kind === 'enterprise')).toBe(true);
    const numbers = new Set(incidents.map((i, k) => incidentNumber(i.reportedAt, k)));
    const linked = history.filter((d) => d.incidentNumber);
    expect(linked.length).toBeGreaterThan(100);
    for (const d of linked) expect(numbers.has(d.incidentNumber ?? '')).toBe(true);
  });

  it('keeps every mediator’s open cases within their load cap', () => {
    const kinds = new Map(town.people.map((p) => [p.key, p.mediatorKind]));
    const open = new Map<string, number>();
    for (const d of history.filter((x) => x.status === 'open'))
      for (const m of d.mediators) open.set(m.key, (open.get(m.key) ?? 0) + 1);
    for (const [key, n] of open) {
      const kind = kinds.get(key);
      expect(kind).toBeDefined();
      if (kind) expect(n).toBeLessThanOrEqual(MEDIATOR_PROFILE[kind].maxLoad);
    }
  });
});
