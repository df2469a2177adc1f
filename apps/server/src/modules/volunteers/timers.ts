import { chinaInstant } from '@fengqiao/domain';
import { z } from 'zod';
import type { Queryable } from '../../platform/db/db';
import { defineJob, type JobContext } from '../../platform/jobs/job.types';
import type { Platform } from '../../platform/platform';

export const STAFFING_JOB = 'volunteers.shift_staffing';
export const DUTY_CLOSE_JOB = 'volunteers.duty_close';
export const HAZARD_OVERDUE_JOB = 'volunteers.hazard_overdue';
export const CERT_EXPIRY_JOB = 'volunteers.certificate_expiry';
export const PURGE_JOB = 'volunteers.requests_purge';

const DAY = 86_400_000;
/** A shift is checked for staffing this long before it starts. */
export const STAFFING_LEAD_MS = 7 * DAY;
/** A duty still checked in this long after its shift ended is closed by the timer. */
export const DUTY_CLOSE_GRACE_MS = 2 * 3_600_000;
/** An overdue hazard is reminded again every this many days while it stays open. */
export const OVERDUE_REPEAT_MS = 3 * DAY;
/** Certificate holders are reminded this many days before expiry. */
export const CERT_REMIND_DAYS = 30;

/** Dedupe keys (also used by the demo loader, which inserts timers directly). */
export const timerKeys = {
  staffing: (shiftId: string) => `volunteers:staffing:${shiftId}`,
  dutyClose: (dutyId: string) => `volunteers:duty-close:${dutyId}`,
  hazardOverdue: (hazardId: string) => `volunteers:hazard-overdue:${hazardId}`,
  certExpiry: (certificateId: string) => `volunteers:cert-expiry:${certificateId}`,
};

export const ShiftPayload = z.object({ shiftId: z.uuid() });
export const DutyPayload = z.object({ dutyId: z.uuid() });
export const HazardPayload = z.object({ hazardId: z.uuid() });
export const CertPayload = z.object({ certificateId: z.uuid() });

/** The instant a China-local day ends (the next day's midnight). */
export const endOfChinaDay = (day: string): Date => new Date(chinaInstant(day, '00:00').getTime() + DAY);

export function staffingAt(startsAt: Date, now: Date): Date {
  return new Date(Math.max(now.getTime(), startsAt.getTime() - STAFFING_LEAD_MS));
}

export function certReminderAt(expiresOn: string): Date {
  return new Date(chinaInstant(expiresOn, '09:00').getTime() - CERT_REMIND_DAYS * DAY);
}

/**
 * The module's timers, as platform jobs with dedupe keys. Each handler
 * re-reads its record and does nothing if the world moved on.
 */
export class VolunteerTimers {
  constructor(private readonly p: Platform) {}

  async staffing(q: Queryable, shiftId: string, startsAt: Date): Promise<void> {
    if (startsAt.getTime() <= this.p.clock.now().getTime()) return;
    await this.p.jobs.enqueue(
      q,
      STAFFING_JOB,
      { shiftId },
      { runAt: staffingAt(startsAt, this.p.clock.now()), dedupeKey: timerKeys.staffing(shiftId) },
    );
  }

  async cancelStaffing(q: Queryable, shiftId: string): Promise<void> {
    await this.p.jobs.cancel(q, timerKeys.staffing(shiftId));
  }

  async dutyClose(q: Queryable, dutyId: string, endsAt: Date): Promise<void> {
    await this.p.jobs.enqueue(
      q,
      DUTY_CLOSE_JOB,
      { dutyId },
      { runAt: new Date(endsAt.getTime() + DUTY_CLOSE_GRACE_MS), dedupeKey: timerKeys.dutyClose(dutyId) },
    );
  }

  async cancelDutyClose(q: Queryable, dutyId: string): Promise<void> {
    await this.p.jobs.cancel(q, timerKeys.dutyClose(dutyId));
  }

  /** Fires when the due day is over; re-armed every 3 days while the hazard stays open. */
  async hazardOverdue(q: Queryable, hazardId: string, at: Date): Promise<void> {
    await this.p.jobs.cancel(q, timerKeys.hazardOverdue(hazardId));
    await this.p.jobs.enqueue(
      q,
      HAZARD_OVERDUE_JOB,
      { hazardId },
      { runAt: at, dedupeKey: timerKeys.hazardOverdue(hazardId) },
    );
  }

  async cancelHazard(q: Queryable, hazardId: string): Promise<void> {
    await this.p.jobs.cancel(q, timerKeys.hazardOverdue(hazardId));
  }

  async certExpiry(q: Queryable, certificateId: string, expiresOn: string | null): Promise<void> {
    if (!expiresOn) return;
    const at = certReminderAt(expiresOn);
    if (at.getTime() <= this.p.clock.now().getTime()) return;
    await this.p.jobs.enqueue(
      q,
      CERT_EXPIRY_JOB,
      { certificateId },
      { runAt: at, dedupeKey: timerKeys.certExpiry(certificateId) },
    );
  }

  static jobs(handlers: {
    staffing: (p: z.infer<typeof ShiftPayload>, ctx: JobContext) => Promise<void>;
    dutyClose: (p: z.infer<typeof DutyPayload>, ctx: JobContext) => Promise<void>;
    hazardOverdue: (p: z.infer<typeof HazardPayload>, ctx: JobContext) => Promise<void>;
    certExpiry: (p: z.infer<typeof CertPayload>, ctx: JobContext) => Promise<void>;
    purge: (ctx: JobContext) => Promise<void>;
  }) {
    return [
      defineJob({ id: STAFFING_JOB, payload: ShiftPayload, maxAttempts: 10, handler: handlers.staffing }),
      defineJob({ id: DUTY_CLOSE_JOB, payload: DutyPayload, maxAttempts: 10, handler: handlers.dutyClose }),
      defineJob({ id: HAZARD_OVERDUE_JOB, payload: HazardPayload, maxAttempts: 10, handler: handlers.hazardOverdue }),
      defineJob({ id: CERT_EXPIRY_JOB, payload: CertPayload, maxAttempts: 10, handler: handlers.certExpiry }),
      defineJob({
        id: PURGE_JOB,
        payload: z.object({}).loose(),
        everyMs: 6 * 3_600_000,
        maxAttempts: 3,
        handler: (_p, ctx) => handlers.purge(ctx),
      }),
    ];
  }
}
