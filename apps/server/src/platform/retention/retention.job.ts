import { z } from 'zod';
import { defineJob } from '../jobs/job.types';
import type { JobRunner } from '../jobs/job-runner';
import type { RetentionService } from './retention.service';

export const RETENTION_JOB = 'retention.sweep';

/**
 * Every 6 hours: one batch of each policy in the job's transaction. While a
 * batch comes back full (a backlog, e.g. after the first start), the job
 * enqueues its continuation at once, so the backlog drains in short
 * transactions instead of one long lock.
 */
export function retentionJob(service: RetentionService, jobs: JobRunner) {
  return defineJob({
    id: RETENTION_JOB,
    payload: z.object({}).loose(),
    everyMs: 6 * 3_600_000,
    maxAttempts: 3,
    handler: async (_p, { tx, now, jobId }) => {
      const { more } = await service.pass(tx, now);
      if (more) await jobs.enqueue(tx, RETENTION_JOB, {}, { dedupeKey: `retention:more:${jobId}` });
    },
  });
}
