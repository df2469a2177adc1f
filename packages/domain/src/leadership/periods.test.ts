import { describe, expect, it } from 'vitest';
import { baselineRange, baselineUnit } from './periods';

describe('baseline periods', () => {
  it('compares a day with the day before and a Monday-to-Sunday week with the week before', () => {
    expect(baselineRange('2026-11-28', '2026-11-29')).toEqual({ from: '2026-11-27', to: '2026-11-28', unit: 'day' });
    expect(baselineRange('2026-11-23', '2026-11-30')).toEqual({ from: '2026-11-16', to: '2026-11-23', unit: 'week' });
    // Seven days not starting on a Monday are just a period.
    expect(baselineUnit('2026-11-24', '2026-11-30')).toBe('period');
  });

  it('compares a month, or a month to date, with the same days of the month before, clipped to its end', () => {
    expect(baselineRange('2026-11-01', '2026-11-29')).toEqual({ from: '2026-10-01', to: '2026-10-29', unit: 'month' });
    expect(baselineRange('2026-10-01', '2026-11-01')).toEqual({ from: '2026-09-01', to: '2026-10-01', unit: 'month' });
    expect(baselineRange('2026-03-01', '2026-04-01')).toEqual({ from: '2026-02-01', to: '2026-03-01', unit: 'month' });
    expect(baselineRange('2027-01-01', '2027-01-15')).toEqual({ from: '2026-12-01', to: '2026-12-15', unit: 'month' });
    expect(baselineUnit('2026-11-01', '2026-11-28')).toBe('month');
  });

  it('shifts any other period back by its own length', () => {
    expect(baselineRange('2026-11-08', '2026-11-15')).toEqual({ from: '2026-11-01', to: '2026-11-08', unit: 'period' });
    expect(baselineRange('2026-01-01', '2026-11-29').unit).toBe('period');
  });
});
