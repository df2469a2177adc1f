import type { HeatmapView } from '@fengqiao/contracts';
import { describe, expect, it } from 'vitest';
import { defaultGranularity, formatChange, heatCells, peakHour, periodDays } from './analysis-data';

const hours = (at: number, n: number) => Array.from({ length: 24 }, (_, h) => (h === at ? n : 0));

describe('analysis shaping', () => {
  it('counts period days with both ends included', () => {
    expect(periodDays('2026-11-01', '2026-11-30')).toBe(30);
    expect(periodDays('2026-11-29', '2026-11-29')).toBe(1);
    expect(defaultGranularity(30)).toBe('day');
    expect(defaultGranularity(90)).toBe('week');
    expect(defaultGranularity(365)).toBe('month');
  });

  it('puts the busiest grid on top of the heat map and keeps every count', () => {
    const view: HeatmapView = {
      from: '2026-11-01',
      to: '2026-11-30',
      category: null,
      total: 7,
      hours: hours(20, 7),
      grids: [
        { gridId: 'a', gridCode: 'G03', total: 5, hours: hours(20, 5) },
        { gridId: null, gridCode: null, total: 2, hours: hours(20, 2) },
      ],
    };
    const h = heatCells(view, '辖区外');
    expect(h.rows).toEqual(['辖区外', 'G03']);
    expect(h.cells).toHaveLength(48);
    expect(h.cells.find(([hour, row]) => hour === 20 && row === 1)?.[2]).toBe(5);
    expect(h.max).toBe(5);
    expect(peakHour(view)).toBe(20);
    expect(peakHour({ ...view, hours: hours(0, 0) })).toBeNull();
  });

  it('formats the change against last year', () => {
    expect(formatChange(12.5)).toBe('+12.5%');
    expect(formatChange(-6.7)).toBe('-6.7%');
    expect(formatChange(null)).toBeNull();
  });
});
