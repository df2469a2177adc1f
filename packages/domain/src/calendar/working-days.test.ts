import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CN_HOLIDAYS } from './cn-holidays';
import {
  addCalendarDays,
  addWorkingDays,
  buildCalendar,
  CN_CALENDAR,
  checkHolidayYear,
  fromDayNumber,
  isConfigured,
  isoWeekday,
  isWorkingDay,
  nextWorkingDay,
  workingDaysBetween,
  workingDaysInRange,
} from './working-days';

const anyDate = fc.integer({ min: 19_700, max: 21_000 }).map(fromDayNumber); // 2023-12 … 2027-07

describe('the Chinese working-day calendar', () => {
  it('knows the 2026 State Council arrangement', () => {
    // 元旦 1–3 Jan, Sunday 4 Jan worked.
    expect(['2026-01-01', '2026-01-02', '2026-01-03'].map((d) => isWorkingDay(d))).toEqual([false, false, false]);
    expect(isWorkingDay('2026-01-04')).toBe(true);
    // 春节 15–23 Feb, Saturdays 14 and 28 Feb worked.
    for (let d = 15; d <= 23; d++) expect(isWorkingDay(`2026-02-${d}`), `Feb ${d}`).toBe(false);
    expect(isWorkingDay('2026-02-14')).toBe(true);
    expect(isWorkingDay('2026-02-28')).toBe(true);
    expect(isWorkingDay('2026-02-24')).toBe(true);
    // 清明 4–6 Apr; 劳动节 1–5 May, 9 May worked; 端午 19–21 Jun; 中秋 25–27 Sep; 国庆 1–7 Oct, 20 Sep and 10 Oct worked.
    expect(isWorkingDay('2026-04-06')).toBe(false);
    expect(isWorkingDay('2026-04-07')).toBe(true);
    expect(isWorkingDay('2026-05-05')).toBe(false);
    expect(isWorkingDay('2026-05-09')).toBe(true);
    expect(isWorkingDay('2026-06-19')).toBe(false);
    expect(isWorkingDay('2026-09-25')).toBe(false);
    expect(isWorkingDay('2026-09-20')).toBe(true);
    expect(isWorkingDay('2026-10-07')).toBe(false);
    expect(isWorkingDay('2026-10-08')).toBe(true);
    expect(isWorkingDay('2026-10-10')).toBe(true);
    expect(isWorkingDay('2026-10-11')).toBe(false);
  });

  it('knows the 2025 arrangement', () => {
    expect(isWorkingDay('2025-01-26')).toBe(true);
    expect(isWorkingDay('2025-01-28')).toBe(false);
    expect(isWorkingDay('2025-02-04')).toBe(false);
    expect(isWorkingDay('2025-02-08')).toBe(true);
    expect(isWorkingDay('2025-10-08')).toBe(false);
    expect(isWorkingDay('2025-10-11')).toBe(true);
  });

  it('counts working days across the Spring Festival', () => {
    // Friday 13 Feb 2026 + 3 working days: Sat 14 (worked), Tue 24, Wed 25.
    expect(addWorkingDays('2026-02-13', 3)).toBe('2026-02-25');
    expect(workingDaysBetween('2026-02-13', '2026-02-25')).toBe(3);
    expect(addWorkingDays('2026-02-15', 0)).toBe('2026-02-24');
    expect(nextWorkingDay('2026-09-30')).toBe('2026-10-08');
    expect(workingDaysInRange('2026-09-28', '2026-10-11')).toEqual([
      '2026-09-28',
      '2026-09-29',
      '2026-09-30',
      '2026-10-08',
      '2026-10-09',
      '2026-10-10',
    ]);
  });

  it('ships consistent year configurations', () => {
    for (const y of CN_HOLIDAYS) expect(checkHolidayYear(y), String(y.year)).toEqual([]);
    expect(isConfigured(CN_CALENDAR, '2026-03-01')).toBe(true);
    expect(isConfigured(CN_CALENDAR, '2027-03-01')).toBe(false);
    expect(checkHolidayYear({ year: 2027, source: 'x', off: [], workdays: ['2027-01-04'] })).toHaveLength(1);
  });

  it('falls back to plain weekdays in unconfigured years', () => {
    const cal = buildCalendar([]);
    expect(isWorkingDay('2026-10-01', cal)).toBe(true);
    expect(isWorkingDay('2026-10-10', cal)).toBe(false);
  });

  it('addWorkingDays lands on a working day, n working days later, never earlier than the start', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: 1, max: 40 }), (d, n) => {
        const r = addWorkingDays(d, n);
        expect(isWorkingDay(r)).toBe(true);
        expect(r > d).toBe(true);
        expect(workingDaysBetween(d, r)).toBe(n);
        // No working day is skipped: the day before the result has one fewer.
        expect(workingDaysBetween(d, addCalendarDays(r, -1))).toBe(n - 1);
      }),
    );
  });

  it('addWorkingDays composes for n, m ≥ 1: (n + m) = n then m', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 }), (d, n, m) => {
        expect(addWorkingDays(addWorkingDays(d, n), m)).toBe(addWorkingDays(d, n + m));
      }),
    );
  });

  it('workingDaysBetween is antisymmetric and additive', () => {
    fc.assert(
      fc.property(anyDate, anyDate, anyDate, (a, b, c) => {
        expect(workingDaysBetween(a, b) + workingDaysBetween(b, a)).toBe(0);
        expect(workingDaysBetween(a, b) + workingDaysBetween(b, c)).toBe(workingDaysBetween(a, c));
      }),
    );
  });

  it('never calls a configured holiday a working day, and every plain weekday outside holidays works', () => {
    fc.assert(
      fc.property(anyDate, (d) => {
        if (CN_CALENDAR.holidays.has(d)) expect(isWorkingDay(d)).toBe(false);
        else if (CN_CALENDAR.workdays.has(d)) expect(isWorkingDay(d)).toBe(true);
        else expect(isWorkingDay(d)).toBe(isoWeekday(d) <= 5);
      }),
    );
  });

  it('rejects malformed dates and negative counts', () => {
    expect(() => isWorkingDay('2026-02-30')).toThrow();
    expect(() => addWorkingDays('2026-01-05', -1)).toThrow();
  });
});
