import { ANONYMISED, defineRetention, removeFiles } from '../../platform/retention';

/**
 * The service hall's records keep what its statistics count (service,
 * window, day, times, status, outcome) once their purpose is over, and lose
 * the resident: names, ID numbers, phones, addresses, uploaded materials,
 * free text.
 */
export const HALL_RETENTION = [
  defineRetention({
    id: 'hall.appointments',
    module: 'hall',
    env: 'FENGQIAO_RETENTION_HALL_APPOINTMENTS_DAYS',
    defaultDays: 180,
    minDays: 30,
    from: 'the appointment slot (tickets: ticketed_at)',
    anonymises:
      'appointment name and ID number (ciphertext, blind index, mask); ticket resident link, tracking token, outcome note',
    keeps: 'number, service, window, day, slot, status, lateness, ticket times and outcome',
    sweep: async (tx, { cutoff, limit, now }) => {
      const a = await tx.query(
        `WITH due AS (
           SELECT id FROM hall_appointments WHERE anonymised_at IS NULL AND ends_at < $1
            ORDER BY ends_at LIMIT $2 FOR UPDATE SKIP LOCKED
         )
         UPDATE hall_appointments h SET name = $4, id_number_enc = NULL, id_number_bidx = NULL,
                id_number_masked = NULL, anonymised_at = $3
           FROM due WHERE h.id = due.id`,
        [cutoff, limit, now, ANONYMISED],
      );
      const t = await tx.query(
        `WITH due AS (
           SELECT id FROM hall_tickets
            WHERE anonymised_at IS NULL AND ticketed_at < $1 AND status IN ('finished', 'no_show', 'cancelled')
            ORDER BY ticketed_at LIMIT $2 FOR UPDATE SKIP LOCKED
         )
         UPDATE hall_tickets h SET citizen_id = NULL, public_token = NULL,
                outcome_note = CASE WHEN h.outcome_note IS NULL THEN NULL ELSE $4 END, anonymised_at = $3
           FROM due WHERE h.id = due.id`,
        [cutoff, limit, now, ANONYMISED],
      );
      return { rows: a.rowCount + t.rowCount, files: 0 };
    },
  }),
  defineRetention({
    id: 'hall.applications',
    module: 'hall',
    env: 'FENGQIAO_RETENTION_HALL_APPLICATIONS_DAYS',
    defaultDays: 365,
    minDays: 90,
    from: 'decided_at (withdrawn: last change); uploads never attached: uploaded_at',
    anonymises:
      'applicant name, ID number (ciphertext, blind index, mask), phone mask, form details, event notes, uploaded materials (files deleted)',
    keeps: 'number, service, status, rounds, submission, due and decision times, decision and correction reasons',
    sweep: async (tx, { cutoff, limit, now }) => {
      const done = await tx.query<{ id: string }>(
        `WITH due AS (
           SELECT id FROM hall_applications
            WHERE anonymised_at IS NULL AND status IN ('approved', 'rejected', 'withdrawn')
              AND coalesce(decided_at, updated_at) < $1
            ORDER BY coalesce(decided_at, updated_at) LIMIT $2 FOR UPDATE SKIP LOCKED
         )
         UPDATE hall_applications h SET applicant_name = $4, id_number_enc = NULL, id_number_bidx = NULL,
                id_number_masked = $4, phone_masked = $4, details = '{}'::jsonb, anonymised_at = $3
           FROM due WHERE h.id = due.id
         RETURNING h.id`,
        [cutoff, limit, now, ANONYMISED],
      );
      const ids = done.rows.map((r) => r.id);
      const fileIds: string[] = [];
      if (ids.length > 0) {
        await tx.query(
          'UPDATE hall_application_events SET note = $2 WHERE application_id = ANY($1::uuid[]) AND note IS NOT NULL',
          [ids, ANONYMISED],
        );
        const m = await tx.query<{ file_id: string }>(
          'DELETE FROM hall_application_materials WHERE application_id = ANY($1::uuid[]) RETURNING file_id',
          [ids],
        );
        fileIds.push(...m.rows.map((r) => r.file_id));
        const u = await tx.query<{ file_id: string }>(
          'DELETE FROM hall_uploads WHERE application_id = ANY($1::uuid[]) RETURNING file_id',
          [ids],
        );
        fileIds.push(...u.rows.map((r) => r.file_id));
      }
      // Uploads a resident never attached to an application have no purpose left at all.
      const orphans = await tx.query<{ file_id: string }>(
        `DELETE FROM hall_uploads WHERE file_id IN (
           SELECT file_id FROM hall_uploads WHERE application_id IS NULL AND uploaded_at < $1
            ORDER BY uploaded_at LIMIT $2 FOR UPDATE SKIP LOCKED)
         RETURNING file_id`,
        [cutoff, limit],
      );
      fileIds.push(...orphans.rows.map((r) => r.file_id));
      const files = await removeFiles(tx, fileIds);
      return { rows: ids.length + orphans.rowCount, files };
    },
  }),
  defineRetention({
    id: 'hall.home-visits',
    module: 'hall',
    env: 'FENGQIAO_RETENTION_HALL_HOME_VISITS_DAYS',
    defaultDays: 365,
    minDays: 90,
    from: 'done_at (cancelled: requested_at)',
    anonymises:
      'person name, phone and ID number (ciphertext, blind index, mask), address, reason, outcome and cancellation notes',
    keeps:
      'number, service, reason kind, source, status, days and times, officer, grid (position moved to the grid centre)',
    sweep: async (tx, { cutoff, limit, now }) => {
      const r = await tx.query(
        `WITH due AS (
           SELECT x.id, g.centroid_lng AS glng, g.centroid_lat AS glat
             FROM hall_home_visits x LEFT JOIN grids g ON g.id = x.grid_id
            WHERE x.anonymised_at IS NULL AND x.status IN ('done', 'cancelled') AND coalesce(x.done_at, x.requested_at) < $1
            ORDER BY coalesce(x.done_at, x.requested_at) LIMIT $2 FOR UPDATE OF x SKIP LOCKED
         )
         UPDATE hall_home_visits h SET person_name = $4, phone_enc = NULL, phone_bidx = NULL, phone_masked = $4,
                id_number_enc = NULL, id_number_bidx = NULL, id_number_masked = NULL, address = $4,
                reason_note = NULL, outcome_note = CASE WHEN h.outcome_note IS NULL THEN NULL ELSE $4 END,
                cancel_reason = CASE WHEN h.cancel_reason IS NULL THEN NULL ELSE $4 END,
                lng = CASE WHEN h.lng IS NULL THEN NULL ELSE coalesce(due.glng, round(h.lng::numeric, 2)::float8) END,
                lat = CASE WHEN h.lat IS NULL THEN NULL ELSE coalesce(due.glat, round(h.lat::numeric, 2)::float8) END,
                anonymised_at = $3
           FROM due WHERE h.id = due.id`,
        [cutoff, limit, now, ANONYMISED],
      );
      return { rows: r.rowCount, files: 0 };
    },
  }),
  defineRetention({
    id: 'hall.suggestions',
    module: 'hall',
    env: 'FENGQIAO_RETENTION_HALL_SUGGESTIONS_DAYS',
    defaultDays: 365,
    minDays: 30,
    from: 'done_at (declined: answered_at)',
    anonymises: 'submitter name and the link to the resident account',
    keeps: 'number, channel, category, content, answer, action, progress, times',
    sweep: async (tx, { cutoff, limit, now }) => {
      const r = await tx.query(
        `WITH due AS (
           SELECT id FROM hall_suggestions
            WHERE anonymised_at IS NULL AND status IN ('done', 'declined')
              AND coalesce(done_at, answered_at, updated_at) < $1
            ORDER BY coalesce(done_at, answered_at, updated_at) LIMIT $2 FOR UPDATE SKIP LOCKED
         )
         UPDATE hall_suggestions h SET submitter_name = NULL, citizen_id = NULL, anonymised_at = $3
           FROM due WHERE h.id = due.id`,
        [cutoff, limit, now],
      );
      return { rows: r.rowCount, files: 0 };
    },
  }),
];
