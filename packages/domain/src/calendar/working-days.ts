import { CN_HOLIDAYS, type HolidayYear } from './cn-holidays';

/**
 * A working-day calendar over local dates ('YYYY-MM-DD', China Standard
 * Time). Monday to Friday work, Saturday and Sunday rest, except where a
 * configured year says otherwise: public holidays rest, 调休 weekend days
 * work. Years without a configuration fall back to plain weekdays; callers
 * can ask `isConfigured` to warn about that.
 */
export interface WorkCalendar {
  /** Days off, weekdays included (ISO dates). */
  readonly holidays: ReadonlySet<string>;
  /** Weekend days worked (ISO dates). */
  readonly workdays: ReadonlySet<string>;
  /** Years whose holidays are configured. */
  readonly years: ReadonlySet<number>;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of an ISO date; throws on a malformed or impossible date. */
export function dayNumber(date: string): number {
  const m = ISO.exec(date);
  if (!m) throw new Error(`not an ISO date: ${date}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new Error(`not a calendar date: ${date}`);
  }
  return t / DAY_MS;
}

export function fromDayNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

export function isIsoDate(s: string): boolean {
  try {
    dayNumber(s);
    return true;
  } catch {
    return false;
  }
}

/** The date `n` calendar days after `date` (negative goes back). */
export function addCalendarDays(date: string, n: number): string {
  return fromDayNumber(dayNumber(date) + n);
}

/** 1 = Monday … 7 = Sunday (ISO 8601). */
export function isoWeekday(date: string): number {
  const wd = new Date(dayNumber(date) * DAY_MS).getUTCDay();
  return wd === 0 ? 7 : wd;
}

function expand(from: string, to: string): string[] {
  const out: string[] = [];
  for (let n = dayNumber(from); n <= dayNumber(to); n++) out.push(fromDayNumber(n));
  return out;
}

/** Builds a calendar from per-year configurations (later entries for the same year replace earlier ones). */
export function buildCalendar(years: readonly HolidayYear[] = CN_HOLIDAYS): WorkCalendar {
  const byYear = new Map<number, HolidayYear>();
  for (const y of years) byYear.set(y.year, y);
  const holidays = new Set<string>();
  const workdays = new Set<string>();
  for (const y of byYear.values()) {
    for (const r of y.off) for (const d of expand(r.from, r.to)) holidays.add(d);
    for (const d of y.workdays) workdays.add(d);
  }
  return { holidays, workdays, years: new Set(byYear.keys()) };
}

/** The shipped calendar: 2025 and 2026 from the State Council notices. */
export const CN_CALENDAR: WorkCalendar = buildCalendar();

export function isConfigured(cal: WorkCalendar, date: string): boolean {
  return cal.years.has(Number(date.slice(0, 4)));
}

export function isWorkingDay(date: string, cal: WorkCalendar = CN_CALENDAR): boolean {
  if (cal.holidays.has(date)) return false;
  if (cal.workdays.has(date)) return true;
  return isoWeekday(date) <= 5;
}

/**
 * The working day `n` working days after `date` (n ≥ 0). With n = 0 it is
 * `date` itself when that is a working day, else the next working day —
 * so "within 3 working days of receipt" is `addWorkingDays(received, 3)`.
 */
export function addWorkingDays(date: string, n: number, cal: WorkCalendar = CN_CALENDAR): string {
  if (!Number.isInteger(n) || n < 0) throw new Error(`working days must be a non-negative integer: ${n}`);
  let d = dayNumber(date);
  if (n === 0) {
    while (!isWorkingDay(fromDayNumber(d), cal)) d += 1;
    return fromDayNumber(d);
  }
  let left = n;
  while (left > 0) {
    d += 1;
    if (isWorkingDay(fromDayNumber(d), cal)) left -= 1;
  }
  return fromDayNumber(d);
}

/** The next working day strictly after `date`. */
export function nextWorkingDay(date: string, cal: WorkCalendar = CN_CALENDAR): string {
  return addWorkingDays(date, 1, cal);
}

/**
 * Working days in the half-open interval (from, to]: how many working days
 * after `from` it takes to reach `to`. Negative when `to` is before `from`.
 * For any working-day count n ≥ 1: workingDaysBetween(d, addWorkingDays(d, n)) === n.
 */
export function workingDaysBetween(from: string, to: string, cal: WorkCalendar = CN_CALENDAR): number {
  const a = dayNumber(from);
  const b = dayNumber(to);
  if (a === b) return 0;
  const [lo, hi, sign] = a < b ? [a, b, 1] : [b, a, -1];
  let n = 0;
  for (let d = lo + 1; d <= hi; d++) if (isWorkingDay(fromDayNumber(d), cal)) n += 1;
  return n === 0 ? 0 : n * sign;
}

/** Working days from `from` to `to` inclusive of both ends, for listings ("the next 7 working days"). */
export function workingDaysInRange(from: string, to: string, cal: WorkCalendar = CN_CALENDAR): string[] {
  const out: string[] = [];
  for (let d = dayNumber(from); d <= dayNumber(to); d++) {
    const s = fromDayNumber(d);
    if (isWorkingDay(s, cal)) out.push(s);
  }
  return out;
}

/** Validates a year's configuration: dates in that year, ranges ordered, 调休 days on weekends and not also off. */
export function checkHolidayYear(y: HolidayYear): string[] {
  const problems: string[] = [];
  const inYear = (d: string) => isIsoDate(d) && Number(d.slice(0, 4)) === y.year;
  const offDays = new Set<string>();
  for (const r of y.off) {
    if (!inYear(r.from)) {
      problems.push(`${r.nameZh || r.name}: from ${r.from} is not in ${y.year}`);
      continue;
    }
    if (!isIsoDate(r.to) || dayNumber(r.to) < dayNumber(r.from)) {
      problems.push(`${r.nameZh || r.name}: to ${r.to} is before from ${r.from}`);
      continue;
    }
    if (dayNumber(r.to) - dayNumber(r.from) > 14) problems.push(`${r.nameZh || r.name}: longer than 15 days`);
    for (const d of expand(r.from, r.to)) offDays.add(d);
  }
  for (const d of y.workdays) {
    if (!inYear(d)) problems.push(`make-up working day ${d} is not in ${y.year}`);
    else if (isoWeekday(d) <= 5) problems.push(`make-up working day ${d} is not a weekend day`);
    else if (offDays.has(d)) problems.push(`make-up working day ${d} is also a day off`);
  }
  return problems;
}
