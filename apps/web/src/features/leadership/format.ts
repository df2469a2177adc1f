import type { FigureView } from '@fengqiao/contracts';
import { MEASURES } from '@fengqiao/domain';

/** A figure's value as shown: rates as percentages, hours and minutes with one decimal, counts whole. */
export function formatFigure(unit: string, value: number | null, locale: string): string {
  if (value === null) return '—';
  if (unit === 'percent') return `${(value * 100).toFixed(1)}%`;
  const digits = unit === 'hours' || unit === 'minutes' ? 1 : 0;
  return value.toLocaleString(locale, { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/** Change against the comparison as a signed percentage (rates: percentage points), or null. */
export function changeOf(f: Pick<FigureView, 'unit' | 'value' | 'compare'>): { text: string; up: boolean } | null {
  const prior = f.compare?.value;
  if (f.value === null || prior === null || prior === undefined) return null;
  if (f.unit === 'percent') {
    const pts = (f.value - prior) * 100;
    return { text: `${pts >= 0 ? '+' : ''}${pts.toFixed(1)}pt`, up: pts >= 0 };
  }
  if (prior === 0) return null;
  const pct = ((f.value - prior) / Math.abs(prior)) * 100;
  return { text: `${pct >= 0 ? '+' : ''}${pct.toFixed(1)}%`, up: pct >= 0 };
}

/** Measures where a rise is bad news (shown red when they go up), from the registry. */
export const LOWER_IS_BETTER: ReadonlySet<string> = new Set(
  MEASURES.filter((m) => m.better === 'lower').map((m) => m.key),
);

/** China's today as YYYY-MM-DD (the station's calendar, whatever the browser's zone). */
export function chinaToday(now = Date.now()): string {
  return new Date(now + 8 * 3_600_000).toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

export function mondayOf(day: string): string {
  const wd = new Date(`${day}T00:00:00.000Z`).getUTCDay();
  return addDays(day, -((wd + 6) % 7));
}
