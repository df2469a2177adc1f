import { z } from 'zod';
import { defineJob } from '../../platform/jobs/job.types';
import type { FogService } from './fog.service';

export const FOG_JOB = 'traffic.fog-nowcast';

/**
 * The nowcast every 10 minutes. It runs after the job row commits, in its
 * own transactions (the command-room intake opens its own), so a failure is
 * logged and the next run, 10 minutes later, is the retry.
 */
export function fogJob(fog: FogService) {
  return defineJob({
    id: FOG_JOB,
    payload: z.object({}).loose(),
    everyMs: 10 * 60_000,
    handler: async (_p, { tx }) => {
      tx.afterCommit(() => fog.runAll());
    },
  });
}
