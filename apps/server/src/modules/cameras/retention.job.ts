import { z } from 'zod';
import { defineJob } from '../../platform/jobs/job.types';

export const EVIDENCE_PURGE_JOB = 'cameras.evidence-purge';

/**
 * Evidence is personal data: frames older than the retention period are
 * deleted with their files, except those of confirmed violations, which are
 * case evidence now and follow the case's own retention.
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
