/**
 * Small pure helpers of the volunteer pages: client ids, China-local times,
 * durations. Pure so the unit suite checks them.
 */

/** A v4 UUID from getRandomValues (randomUUID needs a secure context, which a phone on the station LAN may lack). */
export function newClientId(random: (b: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  const b = random(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const TZ = 'Asia/Shanghai';
const parts = (iso: string, opts: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat('zh-CN', { timeZone: TZ, hour12: false, ...opts }).format(new Date(iso));

/** 14:05 in China time. */
export const hhmm = (iso: string) => parts(iso, { hour: '2-digit', minute: '2-digit' });
/** 11/28 in China time. */
export const mmdd = (iso: string) => parts(iso, { month: '2-digit', day: '2-digit' });
/** 11/28 14:05. */
export const mmddHhmm = (iso: string) => `${mmdd(iso)} ${hhmm(iso)}`;
/** 2026-11-28 (China-local day) of an instant. */
export function chinaDay(d: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(d);
}
/** The China-local day `n` days from `d`. */
export function dayOffset(d: Date, n: number): string {
  return chinaDay(new Date(d.getTime() + n * 86_400_000));
}

/** "1 h 05 min" / "35 min" / "40 s" — a duration in seconds for the hours reckoning. */
export function duration(seconds: number, lang: string): string {
  const en = lang.startsWith('en');
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return en ? `${s} s` : `${s} 秒`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h === 0) return en ? `${m} min` : `${m} 分钟`;
  return en ? `${h} h ${String(m).padStart(2, '0')} min` : `${h} 小时 ${m} 分`;
}

/** Hours with at most two decimals, without trailing zeros (3.5, 0.02). */
export const hoursText = (h: number) => String(Math.round(h * 100) / 100);

/** A shift's window: "11/28 19:00–21:30". */
export function shiftWindow(startsAt: string, endsAt: string): string {
  return `${mmdd(startsAt)} ${hhmm(startsAt)}–${hhmm(endsAt)}`;
}

/** Whether check-in is open: from 30 minutes before the start until the end. */
export function checkInOpen(startsAt: string, endsAt: string, now: Date): boolean {
  const t = now.getTime();
  return t >= new Date(startsAt).getTime() - 30 * 60_000 && t <= new Date(endsAt).getTime();
}
