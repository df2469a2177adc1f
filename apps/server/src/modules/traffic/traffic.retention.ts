import { ANONYMISED, defineRetention, removeFiles } from '../../platform/retention';

/**
 * Quick-handling accident cases serve the parties' insurance claims; after
 * the period the case keeps what the accident statistics count (time,
 * place on the grid, weather, type, liability, vehicle types, insurers) and
 * loses who was involved: names, licences, plates, policy numbers,
 * signatures, photos and the issued document (its PDF holds the same data).
 */
export const TRAFFIC_RETENTION = [
  defineRetention({
    id: 'traffic.accidents',
    module: 'traffic',
    env: 'FENGQIAO_RETENTION_ACCIDENTS_DAYS',
    defaultDays: 1095,
    minDays: 365,
    from: 'the issued document (cases never documented: last change)',
    anonymises:
      "parties' names, licence numbers (ciphertext, mask), plates, policy numbers; signatures, join code, description, address, determination text, photos and the issued PDF (files deleted), insurer delivery payloads",
    keeps:
      'number, status, eligibility, time, grid (position moved to the grid centre), weather, accident type, liability, document kind and time, party roles, vehicle types, insurers',
    sweep: async (tx, { cutoff, limit, now }) => {
      const done = await tx.query<{ id: string; document_file_id: string | null }>(
        `WITH due AS (
           SELECT x.id, x.document_file_id, g.centroid_lng AS glng, g.centroid_lat AS glat
             FROM traffic_accident_cases x LEFT JOIN grids g ON g.id = x.grid_id
            WHERE x.anonymised_at IS NULL AND coalesce(x.document_at, x.updated_at) < $1
              -- A delivery still owed to an insurer needs its payload; the case waits for it.
              AND NOT EXISTS (SELECT 1 FROM traffic_insurer_deliveries d WHERE d.case_id = x.id AND d.status = 'pending')
            ORDER BY coalesce(x.document_at, x.updated_at) LIMIT $2 FOR UPDATE OF x SKIP LOCKED
         )
         UPDATE traffic_accident_cases c SET
           parties = coalesce((SELECT jsonb_agg(jsonb_build_object('role', p->'role', 'name', $4::text, 'licenceEnc', '',
                                 'licenceMasked', $4::text, 'plate', $4::text, 'vehicleType', p->'vehicleType',
                                 'insurer', p->'insurer', 'policyNo', $4::text))
                                FROM jsonb_array_elements(c.parties) p), '[]'::jsonb),
           a_signature = NULL, b_signature = NULL, join_code_hash = NULL, join_code_enc = NULL,
           description = '', address = $4,
           determination_text = CASE WHEN c.determination_text IS NULL THEN NULL ELSE $4 END,
           lng = coalesce(due.glng, round(c.lng::numeric, 2)::float8),
           lat = coalesce(due.glat, round(c.lat::numeric, 2)::float8),
           document_file_id = NULL, anonymised_at = $3
           FROM due WHERE c.id = due.id
         RETURNING c.id, due.document_file_id`,
        [cutoff, limit, now, ANONYMISED],
      );
      const ids = done.rows.map((r) => r.id);
      if (ids.length === 0) return { rows: 0, files: 0 };
      const photos = await tx.query<{ file_id: string }>(
        'DELETE FROM traffic_accident_photos WHERE case_id = ANY($1::uuid[]) RETURNING file_id',
        [ids],
      );
      await tx.query(`UPDATE traffic_insurer_deliveries SET payload = '{}'::jsonb WHERE case_id = ANY($1::uuid[])`, [
        ids,
      ]);
      const files = await removeFiles(tx, [
        ...photos.rows.map((r) => r.file_id),
        ...done.rows.flatMap((r) => (r.document_file_id ? [r.document_file_id] : [])),
      ]);
      return { rows: ids.length, files };
    },
  }),
];
