/** China-local calendar helpers for weeks and months (UTC+8, no daylight saving). */
const CST_MS = 8 * 3_600_000;

/** The instant 00:00 China time of a YYYY-MM-DD day. */
export function chinaMidnight(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) - CST_MS);
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** The Monday of the week holding `day`. */
export function weekStart(day: string): string {
  const wd = new Date(`${day}T00:00:00.000Z`).getUTCDay();
  return addDays(day, -((wd + 6) % 7));
}

export const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** [first day, first day of next month) of a YYYY-MM month. */
export function monthRange(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return { from: `${month}-01`, to: `${next}-01` };
}

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const k = y * 12 + (m - 1) + n;
  return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
}

/** The same span shifted back by its own length (the baseline period). */
export function previousRange(from: string, to: string): { from: string; to: string } {
  const days = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
  return { from: addDays(from, -days), to: from };
}

/** What a baseline period is, for its label: the day before, the week before, the month before, or just as long before. */
export type BaselineUnit = 'day' | 'week' | 'month' | 'period';

/**
 * The baseline of a period [from, to): the day before a day, the week
 * before a Monday-to-Sunday week, the same days of the month before for a
 * period within one month starting on the 1st (month to date against the
 * month before to the same date, clipped to its end), otherwise the same
 * length just before.
 */
export function baselineRange(from: string, to: string): { from: string; to: string; unit: BaselineUnit } {
  const days = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
  if (days === 1) return { ...previousRange(from, to), unit: 'day' };
  if (days === 7 && weekStart(from) === from) return { ...previousRange(from, to), unit: 'week' };
  if (from.slice(8) === '01' && addDays(to, -1).slice(0, 7) === from.slice(0, 7)) {
    const prior = monthRange(addMonths(from.slice(0, 7), -1));
    const end = addDays(prior.from, days);
    // Days as YYYY-MM-DD compare as text: the earlier of the two.
    return { from: prior.from, to: end.localeCompare(prior.to) < 0 ? end : prior.to, unit: 'month' };
  }
  return { ...previousRange(from, to), unit: 'period' };
}

/** The unit of the baseline of a period given as days [from, to] inclusive (as the UI shows periods). */
export function baselineUnit(from: string, toInclusive: string): BaselineUnit {
  return baselineRange(from, addDays(toInclusive, 1)).unit;
}

/** The same days one year earlier (29 February falls back to the 28th). */
export function lastYearRange(from: string, to: string): { from: string; to: string } {
  const back = (d: string) => {
    const y = Number(d.slice(0, 4)) - 1;
    const md = d.slice(5) === '02-29' ? '02-28' : d.slice(5);
    return `${y}-${md}`;
  };
  return { from: back(from), to: back(to) };
}
