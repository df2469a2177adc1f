import { addCalendarDays, CN_CALENDAR, isoWeekday, isWorkingDay, type WorkCalendar } from '../calendar/working-days';

/** China Standard Time has no daylight saving: UTC+8 all year. */
const CST_MS = 8 * 3_600_000;

/** The China-local date (YYYY-MM-DD) of an instant. */
export function chinaDay(at: Date | number): string {
  const ms = typeof at === 'number' ? at : at.getTime();
  return new Date(ms + CST_MS).toISOString().slice(0, 10);
}

/** The instant of a China-local date and time of day (HH:MM). */
export function chinaInstant(day: string, hhmm: string): Date {
  return new Date(Date.parse(`${day}T${hhmm}:00.000Z`) - CST_MS);
}

export const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/** A daily time window; `to` at or before `from` ends on the next day (a night patrol 21:00–01:00). */
export interface TimeWindow {
  from: string;
  to: string;
}

export function windowMinutes(w: TimeWindow): number {
  const d = minutesOf(w.to) - minutesOf(w.from);
  return d > 0 ? d : d + 1440;
}

/** Which days a rota covers. School days: working days outside the term breaks. */
export type DayRule =
  | { kind: 'every_day' }
  | { kind: 'working_days' }
  | { kind: 'school_days'; breaks: readonly { from: string; to: string }[] }
  | { kind: 'weekdays'; weekdays: readonly number[] };

/**
 * A school day: a working day of the official calendar (调休 included: a
 * Saturday worked is a school day, a holiday is not) outside the given term
 * breaks (winter and summer holidays, which differ by province and year).
 */
export function isSchoolDay(
  day: string,
  breaks: readonly { from: string; to: string }[],
  cal: WorkCalendar = CN_CALENDAR,
): boolean {
  return isWorkingDay(day, cal) && !breaks.some((b) => day >= b.from && day <= b.to);
}

export function dayMatches(day: string, rule: DayRule, cal: WorkCalendar = CN_CALENDAR): boolean {
  switch (rule.kind) {
    case 'every_day':
      return true;
    case 'working_days':
      return isWorkingDay(day, cal);
    case 'school_days':
      return isSchoolDay(day, rule.breaks, cal);
    case 'weekdays':
      return rule.weekdays.includes(isoWeekday(day));
  }
}

export interface RotaSlot {
  day: string;
  startsAt: Date;
  endsAt: Date;
}

/** The shifts of a rota: every matching day from `from` to `to` (inclusive) × every window. */
export function expandRota(
  from: string,
  to: string,
  windows: readonly TimeWindow[],
  rule: DayRule,
  cal: WorkCalendar = CN_CALENDAR,
): RotaSlot[] {
  const out: RotaSlot[] = [];
  for (let day = from; day <= to; day = addCalendarDays(day, 1)) {
    if (!dayMatches(day, rule, cal)) continue;
    for (const w of windows) {
      const startsAt = chinaInstant(day, w.from);
      out.push({ day, startsAt, endsAt: new Date(startsAt.getTime() + windowMinutes(w) * 60_000) });
    }
  }
  return out;
}
