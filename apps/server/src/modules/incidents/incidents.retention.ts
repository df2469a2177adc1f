import { ANONYMISED, defineRetention, removeFiles } from '../../platform/retention';

/**
 * Closed incidents keep what the statistics count (category, source,
 * priority, times, grid, outcome code, orders' timings) and lose who was
 * involved: caller, persons, plates, free text, exact address and position
 * (moved to the grid's centre), attachments.
 */
export const INCIDENT_RETENTION = [
  defineRetention({
    id: 'incidents.closed',
    module: 'incidents',
    env: 'FENGQIAO_RETENTION_INCIDENTS_DAYS',
    defaultDays: 1095,
    minDays: 365,
    from: 'closed_at',
    anonymises:
      'caller name and phone (ciphertext, blind index, mask), persons and vehicle plates, summary, description, result note, address, event and order notes, attachments',
    keeps: 'number, category, source, priority, status, times, grid (position moved to the grid centre), result code',
    sweep: async (tx, { cutoff, limit, now }) => {
      const done = await tx.query<{ id: string }>(
        `WITH due AS (
           SELECT x.id, g.centroid_lng AS glng, g.centroid_lat AS glat
             FROM incidents x LEFT JOIN grids g ON g.id = x.grid_id
            WHERE x.anonymised_at IS NULL AND x.closed_at IS NOT NULL AND x.closed_at < $1
            ORDER BY x.closed_at LIMIT $2 FOR UPDATE OF x SKIP LOCKED
         )
         UPDATE incidents i SET
           caller_name = NULL, caller_phone_enc = NULL, caller_phone_bidx = NULL, caller_phone_masked = NULL,
           persons = coalesce((SELECT jsonb_agg(jsonb_build_object('role', p->'role', 'gender', p->'gender', 'name', NULL,
                                  'idNumberEnc', NULL, 'idNumberMasked', NULL, 'phoneEnc', NULL, 'phoneMasked', NULL, 'description', NULL))
                                 FROM jsonb_array_elements(i.persons) p), '[]'::jsonb),
           vehicles = coalesce((SELECT jsonb_agg(jsonb_strip_nulls(jsonb_build_object('kind', v->>'kind', 'colour', v->>'colour')))
                                  FROM jsonb_array_elements(i.vehicles) v), '[]'::jsonb),
           summary = $4, description = '', result_note = CASE WHEN i.result_note IS NULL THEN NULL ELSE $4 END,
           address = NULL, address_key = NULL, public_token = NULL,
           lng = CASE WHEN i.lng IS NULL THEN NULL ELSE coalesce(due.glng, round(i.lng::numeric, 2)::float8) END,
           lat = CASE WHEN i.lat IS NULL THEN NULL ELSE coalesce(due.glat, round(i.lat::numeric, 2)::float8) END,
           anonymised_at = $3
           FROM due
          WHERE i.id = due.id
         RETURNING i.id`,
        [cutoff, limit, now, ANONYMISED],
      );
      const ids = done.rows.map((r) => r.id);
      if (ids.length === 0) return { rows: 0, files: 0 };
      await tx.query(`UPDATE incident_events SET note = $2 WHERE incident_id = ANY($1::uuid[]) AND note IS NOT NULL`, [
        ids,
        ANONYMISED,
      ]);
      await tx.query(`UPDATE dispatch_orders SET note = $2 WHERE incident_id = ANY($1::uuid[]) AND note IS NOT NULL`, [
        ids,
        ANONYMISED,
      ]);
      const att = await tx.query<{ file_id: string }>(
        'DELETE FROM incident_attachments WHERE incident_id = ANY($1::uuid[]) RETURNING file_id',
        [ids],
      );
      const files = await removeFiles(
        tx,
        att.rows.map((r) => r.file_id),
      );
      return { rows: ids.length, files };
    },
  }),
];
