import type { HallRules } from '@fengqiao/contracts';
import { addCalendarDays, addWorkingDays, dayNumber, isWorkingDay, type WorkCalendar } from '@fengqiao/domain';
import { localDay, localInstant, minutesOf } from './local-time';

/**
 * Booking rules as pure functions of the clock, the configuration and the
 * working-day calendar (tested without a database).
 */
export const DEFAULT_RULES: HallRules = {
  booking: {
    horizonWorkingDays: 7,
    cancelUntilDaysBefore: 1,
    slotMinutes: 30,
    sessions: [
      { start: '09:00', end: '12:00' },
      { start: '13:30', end: '17:00' },
    ],
    noShowThreshold: 2,
    noShowWindowDays: 30,
    suspendDays: 30,
    noShowGraceMinutes: 30,
  },
  queue: { onTimeBeforeMinutes: 15, onTimeAfterMinutes: 15, checkInEarliestMinutes: 60 },
  uploads: { maxBytes: 5 * 1024 * 1024, types: ['image/jpeg', 'image/png', 'application/pdf'] },
  applications: { remindWorkingDaysBefore: 1 },
};

/** The days a resident may book on: from the next day up to `horizonWorkingDays` working days ahead. */
export function bookingWindow(now: Date, rules: HallRules, cal: WorkCalendar): { from: string; to: string } {
  const today = localDay(now);
  return { from: addCalendarDays(today, 1), to: addWorkingDays(today, rules.booking.horizonWorkingDays, cal) };
}

/** The working days of the booking window, in order. */
export function bookableDays(now: Date, rules: HallRules, cal: WorkCalendar): string[] {
  const w = bookingWindow(now, rules, cal);
  const out: string[] = [];
  for (let d = w.from; d <= w.to; d = addCalendarDays(d, 1)) if (isWorkingDay(d, cal)) out.push(d);
  return out;
}

export type SlotProblem = 'slot_past' | 'slot_out_of_window' | null;

export function slotProblem(
  now: Date,
  slot: { day: string; startsAt: Date },
  rules: HallRules,
  cal: WorkCalendar,
): SlotProblem {
  if (slot.startsAt.getTime() <= now.getTime()) return 'slot_past';
  const w = bookingWindow(now, rules, cal);
  if (slot.day < w.from || slot.day > w.to || !isWorkingDay(slot.day, cal)) return 'slot_out_of_window';
  return null;
}

/** Cancellation is allowed until `cancelUntilDaysBefore` days before the appointment day (1: the day before). */
export function canCancel(now: Date, day: string, rules: HallRules): boolean {
  return dayNumber(localDay(now)) <= dayNumber(day) - rules.booking.cancelUntilDaysBefore;
}

/** The slots of one working day for a window, from the configured sessions. */
export function slotTimes(day: string, rules: HallRules): { startsAt: Date; endsAt: Date }[] {
  const out: { startsAt: Date; endsAt: Date }[] = [];
  const step = rules.booking.slotMinutes;
  for (const s of rules.booking.sessions) {
    const end = minutesOf(s.end);
    for (let m = minutesOf(s.start); m + step <= end; m += step) {
      const startsAt = new Date(localInstant(day, '00:00').getTime() + m * 60_000);
      out.push({ startsAt, endsAt: new Date(startsAt.getTime() + step * 60_000) });
    }
  }
  return out;
}

export type CheckIn =
  | { ok: true; onTime: boolean }
  | { ok: false; reason: 'check_in_not_today' | 'check_in_too_early' | 'check_in_too_late' };

/**
 * Check-in opens `checkInEarliestMinutes` before the slot on its day. Within
 * ±on-time minutes of the start the ticket joins the appointment queue (it
 * is called before walk-ins from start − onTimeBefore on); later, until the
 * slot's end plus the no-show grace, it becomes an ordinary ticket.
 */
export function checkInDecision(
  now: Date,
  a: { day: string; startsAt: Date; endsAt: Date },
  rules: HallRules,
): CheckIn {
  if (localDay(now) !== a.day) return { ok: false, reason: 'check_in_not_today' };
  const t = now.getTime();
  if (t < a.startsAt.getTime() - rules.queue.checkInEarliestMinutes * 60_000) {
    return { ok: false, reason: 'check_in_too_early' };
  }
  if (t > a.endsAt.getTime() + rules.booking.noShowGraceMinutes * 60_000)
    return { ok: false, reason: 'check_in_too_late' };
  return { ok: true, onTime: t <= a.startsAt.getTime() + rules.queue.onTimeAfterMinutes * 60_000 };
}
