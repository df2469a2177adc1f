import { ANONYMISED, defineRetention } from '../../platform/retention';

/**
 * Decided disputes, once the dossier's archive period is over, keep what
 * the ledger's statistics count (category, source, risk, levels, track,
 * outcome, amount, times, grid) and lose who the parties were and what
 * they said: names, identifiers, phones, addresses, the free text of the
 * case, session minutes and follow-up notes.
 */
export const MEDIATION_RETENTION = [
  defineRetention({
    id: 'mediation.decided',
    module: 'mediation',
    env: 'FENGQIAO_RETENTION_MEDIATION_DAYS',
    defaultDays: 1095,
    minDays: 365,
    from: 'closed_at (or resolved_at)',
    anonymises:
      'parties (name, ID number and phone: ciphertext, blind index, mask; address, legal representative), summary, facts, claims, party names, place, outcome note, session minutes and participants, follow-up notes',
    keeps:
      'number, category, source, risk, levels, track, status, outcome, amount, times, grid (position moved to the grid centre), party kind, role and gender, signed agreements',
    sweep: async (tx, { cutoff, limit, now }) => {
      const done = await tx.query<{ id: string }>(
        `WITH due AS (
           SELECT x.id, g.centroid_lng AS glng, g.centroid_lat AS glat
             FROM disputes x LEFT JOIN grids g ON g.id = x.grid_id
            WHERE x.anonymised_at IS NULL AND x.status <> 'open' AND coalesce(x.closed_at, x.resolved_at) < $1
            ORDER BY coalesce(x.closed_at, x.resolved_at) LIMIT $2 FOR UPDATE OF x SKIP LOCKED
         )
         UPDATE disputes d SET
           summary = $4, facts = '', claims = '', party_names = '', place = NULL,
           outcome_note = CASE WHEN d.outcome_note IS NULL THEN NULL ELSE $4 END,
           lng = CASE WHEN d.lng IS NULL THEN NULL ELSE coalesce(due.glng, round(d.lng::numeric, 2)::float8) END,
           lat = CASE WHEN d.lat IS NULL THEN NULL ELSE coalesce(due.glat, round(d.lat::numeric, 2)::float8) END,
           anonymised_at = $3
           FROM due WHERE d.id = due.id
         RETURNING d.id`,
        [cutoff, limit, now, ANONYMISED],
      );
      const ids = done.rows.map((r) => r.id);
      if (ids.length === 0) return { rows: 0, files: 0 };
      await tx.query(
        `UPDATE dispute_parties SET name = $2, id_number_enc = NULL, id_number_bidx = NULL, id_number_masked = NULL,
                phone_enc = NULL, phone_bidx = NULL, phone_masked = NULL, legal_representative = NULL, address = NULL
          WHERE dispute_id = ANY($1::uuid[])`,
        [ids, ANONYMISED],
      );
      await tx.query(
        `UPDATE mediation_sessions SET participants = '[]'::jsonb,
                minutes = CASE WHEN minutes IS NULL THEN NULL ELSE $2 END
          WHERE dispute_id = ANY($1::uuid[])`,
        [ids, ANONYMISED],
      );
      await tx.query(`UPDATE followup_visits SET note = $2 WHERE dispute_id = ANY($1::uuid[]) AND note IS NOT NULL`, [
        ids,
        ANONYMISED,
      ]);
      return { rows: ids.length, files: 0 };
    },
  }),
];
