import { addCalendarDays, isWorkingDay, nextWorkingDay } from '@fengqiao/domain';
import type { TestApp } from '../../../test/harness';
import { localDay } from './local-time';

/** A signed-in citizen's cookie header, opened server-side (no code round trip). */
export async function citizenCookie(t: TestApp, phone: string, name: string | null = null): Promise<string> {
  const { token } = await t.modules.citizens.api.openSession(phone, name);
  return `fq_citizen=${token}`;
}

/** Test phones use the 199 prefix, which the demo town never hands out. */
export const testPhone = (n: number) => `199${String(n).padStart(8, '0')}`;

/** The first working day strictly after today (real time), so tests do not depend on the weekday they run. */
export function upcomingWorkingDay(from = new Date()): string {
  return nextWorkingDay(localDay(from));
}

/** The working day `n` working days after `day`. */
export function workingDayAfter(day: string, n: number): string {
  let d = day;
  let left = n;
  while (left > 0) {
    d = addCalendarDays(d, 1);
    if (isWorkingDay(d)) left -= 1;
  }
  return d;
}

export const at = (day: string, hhmm: string) => new Date(`${day}T${hhmm}:00+08:00`);

export async function serviceId(t: TestApp, code: string): Promise<string> {
  const r = await t.db.query<{ id: string }>('SELECT id FROM hall_services WHERE code = $1', [code]);
  const id = r.rows[0]?.id;
  if (!id) throw new Error(`no service ${code}`);
  return id;
}
