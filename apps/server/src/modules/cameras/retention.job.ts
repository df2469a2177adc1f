import { z } from 'zod';
import { SYSTEM_ACTOR } from '../../platform/audit/audit.types';
import { defineJob } from '../../platform/jobs/job.types';
import type { HandoffService } from './handoff.service';

export const EVIDENCE_PURGE_JOB = 'cameras.evidence-purge';
export const HANDOFF_JOB = 'cameras.violation-handoff';

/**
 * Evidence is personal data: frames older than the retention period are
 * deleted with their files, except those of confirmed violations, which are
 * case evidence now and follow the case's own retention.
 */
/**
 * Evidence rows include the clip (role 'clip') and the plate close-up: both
 * are removed with the frames, as personal data of the same event.
 */
export function purgeJob(retentionDays: number) {
  return defineJob({
    id: EVIDENCE_PURGE_JOB,
    payload: z.object({}).loose(),
    everyMs: 6 * 3_600_000,
    handler: async (_p, { tx, now }) => {
      const before = new Date(now.getTime() - retentionDays * 86_400_000);
      const gone = await tx.query<{ file_id: string }>(
        `DELETE FROM camera_evidence v USING camera_events e
         WHERE e.id = v.event_id AND e.occurred_at < $1 AND e.review_status <> 'confirmed'
         RETURNING v.file_id`,
        [before],
      );
      const ids = gone.rows.map((r) => r.file_id);
      if (ids.length > 0) await tx.query('DELETE FROM files WHERE id = ANY($1::uuid[])', [ids]);
    },
  });
}

/**
 * Every minute: violations still waiting for the traffic review queue (the
 * first attempt, right after the event's evidence was complete, failed or
 * the process stopped in between), after closing the evidence of events
 * whose worker never completed it (HandoffService.closeStaleEvidence). The submission opens its own transactions, so it runs
 * after the job row commits; the next run is the retry.
 */
export function handoffJob(handoff: HandoffService) {
  return defineJob({
    id: HANDOFF_JOB,
    payload: z.object({}).loose(),
    everyMs: 60_000,
    handler: async (_p, { tx, now }) => {
      await handoff.closeStaleEvidence(tx, now);
      tx.afterCommit(async () => {
        await handoff.runPending(SYSTEM_ACTOR);
      });
    },
  });
}
