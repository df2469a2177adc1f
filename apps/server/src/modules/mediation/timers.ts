import { z } from 'zod';
import type { Queryable } from '../../platform/db/db';
import { defineJob, type JobContext } from '../../platform/jobs/job.types';
import type { Platform } from '../../platform/platform';

export const DEADLINE_JOB = 'mediation.deadline';
export const FOLLOWUP_JOB = 'mediation.followup_due';
export const JUDICIAL_JOB = 'mediation.judicial_window';

/** Dedupe keys of the timers (also used by bulk loaders that insert the jobs directly). */
export const timerKeys = {
  deadline: (disputeId: string, kind: 'remind' | 'due') => `mediation:deadline:${disputeId}:${kind}`,
  followup: (followupId: string) => `mediation:followup:${followupId}`,
  judicial: (agreementId: string) => `mediation:judicial:${agreementId}`,
};

/** The instant a judicial-confirmation window ending on `windowEnds` (China date) closes. */
export const judicialDeadline = (windowEnds: string) => new Date(`${windowEnds}T16:00:00Z`);

export const DeadlinePayload = z.object({
  disputeId: z.uuid(),
  kind: z.enum(['remind', 'due']),
  dueAt: z.string(),
});
export const FollowupPayload = z.object({ followupId: z.uuid() });
export const JudicialPayload = z.object({ agreementId: z.uuid() });

/**
 * The module's timers, as platform jobs with dedupe keys: the deadline
 * reminder and the overdue mark of an open dispute, follow-up visits falling
 * due, and the end of an agreement's 30-day judicial-confirmation window.
 * Each handler re-reads the record and does nothing if the world moved on.
 */
export class MediationTimers {
  constructor(private readonly p: Platform) {}

  /** Replaces the dispute's deadline timers: a reminder `remindHours` before, and the overdue mark at `dueAt`. */
  async deadline(q: Queryable, disputeId: string, dueAt: Date | null, remindHours: number): Promise<void> {
    await this.p.jobs.cancel(q, `mediation:deadline:${disputeId}:`);
    if (!dueAt) return;
    const remindAt = new Date(dueAt.getTime() - remindHours * 3_600_000);
    const stamp = dueAt.toISOString();
    if (remindHours > 0 && remindAt.getTime() > this.p.clock.now().getTime()) {
      await this.p.jobs.enqueue(
        q,
        DEADLINE_JOB,
        { disputeId, kind: 'remind', dueAt: stamp },
        { runAt: remindAt, dedupeKey: timerKeys.deadline(disputeId, 'remind') },
      );
    }
    await this.p.jobs.enqueue(
      q,
      DEADLINE_JOB,
      { disputeId, kind: 'due', dueAt: stamp },
      { runAt: dueAt, dedupeKey: timerKeys.deadline(disputeId, 'due') },
    );
  }

  async cancelDeadline(q: Queryable, disputeId: string): Promise<void> {
    await this.p.jobs.cancel(q, `mediation:deadline:${disputeId}:`);
  }

  async followup(q: Queryable, followupId: string, dueAt: Date): Promise<void> {
    await this.p.jobs.enqueue(
      q,
      FOLLOWUP_JOB,
      { followupId },
      { runAt: dueAt, dedupeKey: timerKeys.followup(followupId) },
    );
  }

  async cancelFollowups(q: Queryable, followupIds: string[]): Promise<void> {
    for (const id of followupIds) await this.p.jobs.cancel(q, timerKeys.followup(id));
  }

  /** Fires the day after the window's last day (China time). */
  async judicialWindow(q: Queryable, agreementId: string, windowEnds: string): Promise<void> {
    await this.p.jobs.enqueue(
      q,
      JUDICIAL_JOB,
      { agreementId },
      { runAt: judicialDeadline(windowEnds), dedupeKey: timerKeys.judicial(agreementId) },
    );
  }

  static jobs(handlers: {
    deadline: (p: z.infer<typeof DeadlinePayload>, ctx: JobContext) => Promise<void>;
    followup: (p: z.infer<typeof FollowupPayload>, ctx: JobContext) => Promise<void>;
    judicial: (p: z.infer<typeof JudicialPayload>, ctx: JobContext) => Promise<void>;
  }) {
    return [
      defineJob({ id: DEADLINE_JOB, payload: DeadlinePayload, maxAttempts: 10, handler: handlers.deadline }),
      defineJob({ id: FOLLOWUP_JOB, payload: FollowupPayload, maxAttempts: 10, handler: handlers.followup }),
      defineJob({ id: JUDICIAL_JOB, payload: JudicialPayload, maxAttempts: 10, handler: handlers.judicial }),
    ];
  }
}
