import { z } from 'zod';
import { defineJob } from '../../platform/jobs/job.types';
import { DEADLINE_JOB, type DispatchService } from './dispatch.service';

/** A dispatch deadline: one timer per order and milestone, fired once, also after a restart. */
export function deadlineJob(dispatch: DispatchService) {
  return defineJob({
    id: DEADLINE_JOB,
    payload: z.object({ orderId: z.uuid(), kind: z.enum(['ack', 'arrive', 'resolve']) }),
    maxAttempts: 10,
    handler: async ({ orderId, kind }, ctx) => dispatch.onDeadline(ctx.tx, orderId, kind),
  });
}
