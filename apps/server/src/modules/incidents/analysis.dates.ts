/**
 * Calendar arithmetic on China-local days written `YYYY-MM-DD`. A local day
 * is only a label here (the +8 offset is applied where a day becomes an
 * instant), so the arithmetic runs on UTC dates and never meets a daylight
 * saving change.
 */
export type Granularity = 'day' | 'week' | 'month';

export interface Bucket {
  start: string;
  end: string;
  previousStart: string;
  previousEnd: string;
}

const DAY_MS = 86_400_000;

function utc(d: string): Date {
  return new Date(`${d}T00:00:00Z`);
}

function label(t: Date): string {
  return t.toISOString().slice(0, 10);
}

export function addDays(d: string, n: number): string {
  return label(new Date(utc(d).getTime() + n * DAY_MS));
}

/** Days from `a` to `b` (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((utc(b).getTime() - utc(a).getTime()) / DAY_MS);
}

/** The same day `n` years later (earlier for negative n); 29 February becomes 28 February. */
export function addYears(d: string, n: number): string {
  const t = utc(d);
  const year = t.getUTCFullYear() + n;
  const month = t.getUTCMonth();
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return label(new Date(Date.UTC(year, month, Math.min(t.getUTCDate(), last))));
}

/** Monday of the ISO week containing `d`. */
export function mondayOf(d: string): string {
  const dow = (utc(d).getUTCDay() + 6) % 7;
  return addDays(d, -dow);
}

export function monthStart(d: string): string {
  return `${d.slice(0, 7)}-01`;
}

export function monthEnd(d: string): string {
  const t = utc(d);
  return label(new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)));
}

/**
 * The whole months inside local days [from, to], as the first day of the
 * first of them and the first day after the last (`end` exclusive); null
 * when no month lies wholly inside.
 */
export function wholeMonths(from: string, to: string): { first: string; end: string } | null {
  const first = from.endsWith('-01') ? from : addDays(monthEnd(from), 1);
  const end = monthStart(addDays(to, 1));
  return first < end ? { first, end } : null;
}

/**
 * The comparison period one year earlier: the same calendar day (and month)
 * for day and month buckets; 52 weeks (364 days) earlier for week buckets,
 * so a week is compared Monday-to-Sunday with the same weekdays.
 */
export function yearEarlier(d: string, granularity: Granularity): string {
  return granularity === 'week' ? addDays(d, -364) : addYears(d, -1);
}

/** Buckets covering [from, to] (both included), the first and last clipped to the range. */
export function bucketsOf(from: string, to: string, granularity: Granularity): Bucket[] {
  const out: Bucket[] = [];
  let cursor = from;
  while (cursor <= to) {
    const natural =
      granularity === 'day' ? cursor : granularity === 'week' ? addDays(mondayOf(cursor), 6) : monthEnd(cursor);
    const end = natural < to ? natural : to;
    out.push({
      start: cursor,
      end,
      previousStart: yearEarlier(cursor, granularity),
      previousEnd: yearEarlier(end, granularity),
    });
    cursor = addDays(end, 1);
  }
  return out;
}

/** Every day from `from` to `to`, both included. */
export function eachDay(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** The instant a China-local day begins. */
export function localDayStart(d: string): Date {
  return new Date(`${d}T00:00:00+08:00`);
}
