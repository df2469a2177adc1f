import { z } from 'zod';
import { defineJob } from '../../platform/jobs/job.types';
import type { Platform } from '../../platform/platform';
import { deleteStaleUploads } from './applications.repository';
import { APPLICATION_OVERDUE_JOB, APPLICATION_REMIND_JOB, type ApplicationsService } from './applications.service';
import { type BookingService, NO_SHOW_JOB } from './booking.service';

export const UPLOAD_CLEANUP_JOB = 'hall.uploads.cleanup';

/** Timers of the hall: no-show marking, application deadline reminder and overdue mark, abandoned uploads. */
export function registerHallJobs(p: Platform, booking: BookingService, applications: ApplicationsService): void {
  p.jobs.register(
    defineJob({
      id: NO_SHOW_JOB,
      payload: z.object({ appointmentId: z.uuid() }),
      maxAttempts: 10,
      handler: async ({ appointmentId }, ctx) => booking.onNoShowTimer(ctx.tx, appointmentId),
    }),
  );
  p.jobs.register(
    defineJob({
      id: APPLICATION_REMIND_JOB,
      payload: z.object({ applicationId: z.uuid(), round: z.number().int() }),
      maxAttempts: 10,
      handler: async ({ applicationId, round }, ctx) => applications.onDeadline(ctx.tx, applicationId, round, 'remind'),
    }),
  );
  p.jobs.register(
    defineJob({
      id: APPLICATION_OVERDUE_JOB,
      payload: z.object({ applicationId: z.uuid(), round: z.number().int() }),
      maxAttempts: 10,
      handler: async ({ applicationId, round }, ctx) =>
        applications.onDeadline(ctx.tx, applicationId, round, 'overdue'),
    }),
  );
  p.jobs.register(
    defineJob({
      id: UPLOAD_CLEANUP_JOB,
      payload: z.object({}),
      everyMs: 6 * 3_600_000,
      handler: async (_payload, ctx) => {
        await deleteStaleUploads(ctx.tx, new Date(ctx.now.getTime() - 86_400_000));
      },
    }),
  );
}
