/** China Standard Time has a fixed +8 offset and no daylight saving: local day and hour need no tz database. */
const OFFSET_MS = 8 * 3600_000;

export function localDay(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

export function localHour(at: Date): number {
  return new Date(at.getTime() + OFFSET_MS).getUTCHours();
}

/** 'JQ20261128' — the prefix of an incident number; the sequence follows. */
export function numberPrefix(at: Date): string {
  return `JQ${localDay(at).replaceAll('-', '')}`;
}

/** Start of the local day containing `at`, as an instant. */
export function startOfLocalDay(at: Date): Date {
  return new Date(`${localDay(at)}T00:00:00+08:00`);
}
