import { ANONYMISED, defineRetention, removeFiles } from '../../platform/retention';

/**
 * Patrol duties prove presence with a GPS track and photos; once the hours
 * are long settled the track is no longer needed: points and photos go,
 * the hours, flags and checkpoint passes stay. A volunteer who left keeps
 * their hours and points under the same record but loses what identifies
 * them.
 */
export const VOLUNTEER_RETENTION = [
  defineRetention({
    id: 'volunteers.tracks',
    module: 'volunteers',
    env: 'FENGQIAO_RETENTION_PATROL_TRACKS_DAYS',
    defaultDays: 90,
    minDays: 30,
    from: 'check-out (released duties: release)',
    anonymises:
      'GPS track points, check-in and check-out positions, checkpoint pass positions, duty photos (files deleted)',
    keeps: 'duty, shift, times, counted hours, flags, verification, checkpoint passes (which and when)',
    sweep: async (tx, { cutoff, limit, now }) => {
      const done = await tx.query<{ id: string }>(
        `WITH due AS (
           SELECT id FROM patrol_duties
            WHERE track_removed_at IS NULL AND status IN ('checked_out', 'released')
              AND coalesce(check_out_at, released_at, claimed_at) < $1
            ORDER BY claimed_at LIMIT $2 FOR UPDATE SKIP LOCKED
         )
         UPDATE patrol_duties d SET check_in_lng = NULL, check_in_lat = NULL, check_out_lng = NULL, check_out_lat = NULL,
                track_removed_at = $3
           FROM due WHERE d.id = due.id
         RETURNING d.id`,
        [cutoff, limit, now],
      );
      const ids = done.rows.map((r) => r.id);
      if (ids.length === 0) return { rows: 0, files: 0 };
      await tx.query('DELETE FROM patrol_points WHERE duty_id = ANY($1::uuid[])', [ids]);
      await tx.query('UPDATE checkpoint_passes SET lng = NULL, lat = NULL WHERE duty_id = ANY($1::uuid[])', [ids]);
      const photos = await tx.query<{ file_id: string }>(
        'DELETE FROM duty_photos WHERE duty_id = ANY($1::uuid[]) RETURNING file_id',
        [ids],
      );
      const files = await removeFiles(
        tx,
        photos.rows.map((r) => r.file_id),
      );
      return { rows: ids.length, files };
    },
  }),
  defineRetention({
    id: 'volunteers.exited',
    module: 'volunteers',
    env: 'FENGQIAO_RETENTION_EXITED_VOLUNTEERS_DAYS',
    defaultDays: 365,
    minDays: 90,
    from: 'the exit (or rejection) of the volunteer',
    anonymises:
      "the volunteer's person record (name, ID number and phone: ciphertext, blind index, mask; birth date, attributes), availability, party branch, status and vetting notes",
    keeps: 'the record id with kind, gender and station: duties, hours, points, training attendance stay countable',
    sweep: async (tx, { cutoff, limit, now }) => {
      const done = await tx.query<{ person_id: string }>(
        `WITH due AS (
           SELECT person_id FROM volunteer_profiles
            WHERE anonymised_at IS NULL AND status IN ('exited', 'rejected') AND status_changed_at < $1
            ORDER BY status_changed_at LIMIT $2 FOR UPDATE SKIP LOCKED
         )
         UPDATE volunteer_profiles v SET availability = '[]'::jsonb, party_branch = NULL,
                status_reason = CASE WHEN v.status_reason IS NULL THEN NULL ELSE $4 END, anonymised_at = $3
           FROM due WHERE v.person_id = due.person_id
         RETURNING v.person_id`,
        [cutoff, limit, now, ANONYMISED],
      );
      const ids = done.rows.map((r) => r.person_id);
      if (ids.length === 0) return { rows: 0, files: 0 };
      // The person record of a volunteer exists for the volunteer role alone (kind 'volunteer').
      await tx.query(
        `UPDATE persons SET name = $2, birth_date = NULL, id_number_enc = NULL, id_number_bidx = NULL,
                id_number_masked = NULL, phone_enc = NULL, phone_bidx = NULL, phone_masked = NULL,
                attributes = '{}'::jsonb, updated_at = $3
          WHERE id = ANY($1::uuid[]) AND kind = 'volunteer'`,
        [ids, ANONYMISED, now],
      );
      await tx.query(`UPDATE volunteer_vetting SET note = '' WHERE person_id = ANY($1::uuid[]) AND note <> ''`, [ids]);
      await tx.query(
        'UPDATE volunteer_status_events SET reason = $2 WHERE person_id = ANY($1::uuid[]) AND reason IS NOT NULL',
        [ids, ANONYMISED],
      );
      return { rows: ids.length, files: 0 };
    },
  }),
];
