import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addCalendarDays, fromDayNumber, isWorkingDay } from '../calendar/working-days';
import { chinaDay, chinaInstant, expandRota, isSchoolDay, windowMinutes } from './schedule';

const anyDay = fc.integer({ min: 20_089, max: 20_800 }).map(fromDayNumber); // 2025 … 2026

describe('rotas', () => {
  it('places windows in China time, night windows ending the next day', () => {
    expect(chinaInstant('2026-05-12', '07:20').toISOString()).toBe('2026-05-11T23:20:00.000Z');
    expect(chinaDay(new Date('2026-05-11T23:20:00Z'))).toBe('2026-05-12');
    const [night] = expandRota('2026-05-12', '2026-05-12', [{ from: '21:00', to: '01:00' }], { kind: 'every_day' });
    expect(night?.endsAt.toISOString()).toBe('2026-05-12T17:00:00.000Z');
    expect(windowMinutes({ from: '21:00', to: '01:00' })).toBe(240);
  });

  it('skips holidays and term breaks on school days but keeps worked weekends', () => {
    expect(isSchoolDay('2026-10-01', [])).toBe(false); // National Day
    expect(isSchoolDay('2026-10-10', [])).toBe(true); // Saturday worked
    expect(isSchoolDay('2026-07-20', [{ from: '2026-07-11', to: '2026-08-31' }])).toBe(false);
  });

  it('yields one shift per matching day and window, each as long as its window', () => {
    fc.assert(
      fc.property(anyDay, fc.integer({ min: 0, max: 40 }), (from, n) => {
        const to = addCalendarDays(from, n);
        const windows = [
          { from: '07:20', to: '08:00' },
          { from: '16:30', to: '17:10' },
        ];
        const slots = expandRota(from, to, windows, { kind: 'school_days', breaks: [] });
        let schoolDays = 0;
        for (let d = from; d <= to; d = addCalendarDays(d, 1)) if (isWorkingDay(d)) schoolDays++;
        expect(slots).toHaveLength(schoolDays * 2);
        for (const s of slots) {
          expect(s.endsAt.getTime() - s.startsAt.getTime()).toBe(40 * 60_000);
          expect(chinaDay(s.startsAt)).toBe(s.day);
          expect(isWorkingDay(s.day)).toBe(true);
        }
      }),
    );
  });
});
