import { ANONYMISED, defineRetention } from '../../platform/retention';

/**
 * Resident accounts exist to sign in; one unused for the whole period keeps
 * nothing identifying (its phone, even as ciphertext or blind index, and
 * name go; the row stays so the records that point at it stay valid, and a
 * later sign-in with the same phone simply opens a new account). Sign-in
 * codes and finished sessions only serve rate limits and security checks.
 */
export const CITIZEN_RETENTION = [
  defineRetention({
    id: 'citizens.inactive',
    module: 'citizens',
    env: 'FENGQIAO_RETENTION_CITIZENS_DAYS',
    defaultDays: 730,
    minDays: 180,
    from: 'the last sign-in or session activity',
    anonymises: 'phone (ciphertext, blind index, mask), name; open sessions are ended and their IP and browser removed',
    keeps: 'the account row (id, creation time) the hall, traffic and suggestions records point at',
    sweep: async (tx, { cutoff, limit, now }) => {
      const done = await tx.query<{ id: string }>(
        `WITH due AS (
           SELECT c.id FROM citizens c
            WHERE c.anonymised_at IS NULL AND coalesce(c.last_sign_in_at, c.created_at) < $1
              AND NOT EXISTS (SELECT 1 FROM citizen_sessions s WHERE s.citizen_id = c.id AND s.last_seen_at >= $1)
            ORDER BY coalesce(c.last_sign_in_at, c.created_at) LIMIT $2 FOR UPDATE OF c SKIP LOCKED
         )
         UPDATE citizens c SET phone_enc = NULL, phone_bidx = 'anonymised:' || c.id::text, phone_masked = $4,
                name = NULL, anonymised_at = $3
           FROM due WHERE c.id = due.id
         RETURNING c.id`,
        [cutoff, limit, now, ANONYMISED],
      );
      const ids = done.rows.map((r) => r.id);
      if (ids.length > 0) {
        await tx.query(
          `UPDATE citizen_sessions SET ended_at = coalesce(ended_at, $2), end_reason = coalesce(end_reason, 'anonymised'),
                  ip = NULL, user_agent = NULL
            WHERE citizen_id = ANY($1::uuid[])`,
          [ids, now],
        );
      }
      return { rows: ids.length, files: 0 };
    },
  }),
  defineRetention({
    id: 'citizens.sign-in',
    module: 'citizens',
    env: 'FENGQIAO_RETENTION_CITIZEN_SIGN_IN_DAYS',
    defaultDays: 30,
    minDays: 1,
    from: 'code creation; session end or expiry',
    anonymises: 'one-time code rows (phone blind index, IP) and finished sessions (IP, browser): deleted',
    keeps: 'nothing; sign-ins themselves stay in the audit trail',
    sweep: async (tx, { cutoff, limit }) => {
      const codes = await tx.query(
        `DELETE FROM citizen_codes WHERE id IN (
           SELECT id FROM citizen_codes WHERE created_at < $1 ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED)`,
        [cutoff, limit],
      );
      const sessions = await tx.query(
        `DELETE FROM citizen_sessions WHERE id IN (
           SELECT id FROM citizen_sessions WHERE coalesce(ended_at, expires_at) < $1
            ORDER BY coalesce(ended_at, expires_at) LIMIT $2 FOR UPDATE SKIP LOCKED)`,
        [cutoff, limit],
      );
      return { rows: codes.rowCount + sessions.rowCount, files: 0 };
    },
  }),
];
