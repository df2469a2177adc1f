import { describe, expect, it } from 'vitest';
import {
  addYears,
  bucketsOf,
  daysBetween,
  eachDay,
  localDayStart,
  mondayOf,
  wholeMonths,
  yearEarlier,
} from './analysis.dates';

describe('analysis calendar arithmetic', () => {
  it('moves by years, 29 February becoming 28 February', () => {
    expect(addYears('2028-02-29', -1)).toBe('2027-02-28');
    expect(addYears('2026-11-09', -1)).toBe('2025-11-09');
    expect(addYears('2026-01-31', -1)).toBe('2025-01-31');
  });

  it('compares weeks 52 weeks earlier, on the same weekday', () => {
    expect(yearEarlier('2026-11-09', 'week')).toBe('2025-11-10');
    expect(new Date('2025-11-10T00:00:00Z').getUTCDay()).toBe(new Date('2026-11-09T00:00:00Z').getUTCDay());
    expect(yearEarlier('2026-11-09', 'day')).toBe('2025-11-09');
    expect(yearEarlier('2026-11-09', 'month')).toBe('2025-11-09');
  });

  it('finds Mondays and counts days', () => {
    expect(mondayOf('2026-11-15')).toBe('2026-11-09');
    expect(mondayOf('2026-11-09')).toBe('2026-11-09');
    expect(daysBetween('2026-01-01', '2026-12-31')).toBe(364);
    expect(eachDay('2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
    expect(localDayStart('2026-11-09').toISOString()).toBe('2026-11-08T16:00:00.000Z');
  });

  it('cuts a period into buckets clipped to it, each with its comparison bucket', () => {
    expect(bucketsOf('2026-11-01', '2026-11-15', 'week')).toEqual([
      { start: '2026-11-01', end: '2026-11-01', previousStart: '2025-11-02', previousEnd: '2025-11-02' },
      { start: '2026-11-02', end: '2026-11-08', previousStart: '2025-11-03', previousEnd: '2025-11-09' },
      { start: '2026-11-09', end: '2026-11-15', previousStart: '2025-11-10', previousEnd: '2025-11-16' },
    ]);
    const months = bucketsOf('2028-01-15', '2028-03-10', 'month');
    expect(months.map((b) => [b.start, b.end, b.previousStart, b.previousEnd])).toEqual([
      ['2028-01-15', '2028-01-31', '2027-01-15', '2027-01-31'],
      ['2028-02-01', '2028-02-29', '2027-02-01', '2027-02-28'],
      ['2028-03-01', '2028-03-10', '2027-03-01', '2027-03-10'],
    ]);
    expect(bucketsOf('2026-11-01', '2026-11-03', 'day')).toHaveLength(3);
    expect(bucketsOf('2025-11-29', '2026-11-28', 'day')).toHaveLength(365);
  });

  it('finds the whole months inside a period (the heat map reads them from its monthly rollup)', () => {
    expect(wholeMonths('2025-11-30', '2026-11-29')).toEqual({ first: '2025-12-01', end: '2026-11-01' });
    expect(wholeMonths('2025-12-01', '2026-11-30')).toEqual({ first: '2025-12-01', end: '2026-12-01' });
    expect(wholeMonths('2028-02-01', '2028-02-29')).toEqual({ first: '2028-02-01', end: '2028-03-01' });
    expect(wholeMonths('2027-02-01', '2027-02-28')).toEqual({ first: '2027-02-01', end: '2027-03-01' });
    expect(wholeMonths('2027-12-31', '2028-01-31')).toEqual({ first: '2028-01-01', end: '2028-02-01' });
    // Inside one month, or its last day missing: none.
    expect(wholeMonths('2026-11-01', '2026-11-29')).toBeNull();
    expect(wholeMonths('2026-11-02', '2026-11-30')).toBeNull();
    expect(wholeMonths('2026-10-31', '2026-11-01')).toBeNull();
    expect(wholeMonths('2026-11-15', '2026-11-15')).toBeNull();
  });
});
