import { describe, expect, it } from 'vitest';
import { generateIncidentHistory } from './incidents.generator';
import { generateTown } from './town.generator';

const town = generateTown();
const anchor = new Date('2026-11-28T10:00:00+08:00');
const history = generateIncidentHistory(town, anchor);

describe('demo incident history', () => {
  it('is deterministic for a seed and anchor', () => {
    expect(generateIncidentHistory(town, anchor)).toEqual(history);
  });

  it('covers two years at a town station’s volume, all located in a grid', () => {
    expect(history.length).toBeGreaterThan(10_000);
    expect(history.length).toBeLessThan(16_000);
    const first = history[0]?.reportedAt.getTime() ?? 0;
    expect(anchor.getTime() - first).toBeGreaterThan(725 * 86_400_000);
    const codes = new Set(town.grids.map((g) => g.code));
    expect(history.every((i) => codes.has(i.gridCode) && i.reportedAt <= anchor)).toBe(true);
  });

  it('peaks in the evening and is quiet before dawn', () => {
    const byHour = new Array(24).fill(0);
    for (const i of history) byHour[(i.reportedAt.getUTCHours() + 8) % 24] += 1;
    expect(byHour[20]).toBeGreaterThan(byHour[4] * 4);
  });

  it('cuts business-district theft by about 42% year on year', () => {
    const bizGrids = new Set(town.places.filter((p) => p.kind === 'business_district').map((p) => p.gridCode));
    const yearAgo = anchor.getTime() - 365 * 86_400_000;
    const thefts = history.filter((i) => bizGrids.has(i.gridCode) && i.categoryCode === 'criminal.theft');
    const latest = thefts.filter((i) => i.reportedAt.getTime() >= yearAgo).length;
    const prior = thefts.length - latest;
    const drop = 1 - latest / prior;
    expect(drop).toBeGreaterThan(0.3);
    expect(drop).toBeLessThan(0.55);
  });

  it('has repeat addresses that trip the three-disputes-in-30-days rule', () => {
    const byAddress = new Map<string, number[]>();
    for (const i of history.filter((x) => x.categoryCode.startsWith('dispute'))) {
      byAddress.set(i.addressKey, [...(byAddress.get(i.addressKey) ?? []), i.reportedAt.getTime()]);
    }
    const tripping = [...byAddress.values()].filter((ts) =>
      ts.some((t) => ts.filter((u) => u >= t && u - t <= 30 * 86_400_000).length >= 3),
    );
    expect(tripping.length).toBeGreaterThanOrEqual(3);
  });

  it('leaves recent incidents open with orders in progress, and mostly meets deadlines', () => {
    const open = history.filter((i) => i.status !== 'closed');
    expect(open.length).toBeGreaterThan(3);
    const withOrders = history.filter((i) => i.order);
    const breached = withOrders.filter((i) => (i.order?.breaches.length ?? 0) > 0).length / withOrders.length;
    expect(breached).toBeGreaterThan(0.01);
    expect(breached).toBeLessThan(0.15);
  });
});
