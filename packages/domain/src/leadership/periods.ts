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

/** The same days one year earlier (29 February falls back to the 28th). */
export function lastYearRange(from: string, to: string): { from: string; to: string } {
  const back = (d: string) => {
    const y = Number(d.slice(0, 4)) - 1;
    const md = d.slice(5) === '02-29' ? '02-28' : d.slice(5);
    return `${y}-${md}`;
  };
  return { from: back(from), to: back(to) };
}
