/** China Standard Time is UTC+8 all year: local days and hours need no time-zone database. */
const OFFSET_MS = 8 * 3_600_000;

export function localDay(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

export function localHour(at: Date): number {
  return new Date(at.getTime() + OFFSET_MS).getUTCHours();
}

/** The instant of a local day and 'HH:MM' time. */
export function localInstant(day: string, hhmm: string): Date {
  return new Date(`${day}T${hhmm}:00+08:00`);
}

/** Start of a local day as an instant. */
export function dayStart(day: string): Date {
  return localInstant(day, '00:00');
}

export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}
