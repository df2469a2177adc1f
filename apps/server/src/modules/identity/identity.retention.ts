import { defineRetention } from '../../platform/retention';

/**
 * Staff sign-in records (session rows with IP and browser, login attempts
 * with IP) serve lockouts and security reviews; each sign-in event is also
 * in the audit trail, which is kept without limit. They are kept at least
 * as long as the audit minimum.
 */
export const IDENTITY_RETENTION = [
  defineRetention({
    id: 'identity.sign-in',
    module: 'identity',
    env: 'FENGQIAO_RETENTION_STAFF_SIGN_IN_DAYS',
    defaultDays: 365,
    minDays: 180,
    from: 'session end or expiry; login attempt time',
    anonymises: 'finished staff sessions (IP, browser) and login attempts (user name typed, IP): deleted',
    keeps: 'accounts; the sign-in events in the audit trail',
    sweep: async (tx, { cutoff, limit }) => {
      const sessions = await tx.query(
        `DELETE FROM sessions WHERE id IN (
           SELECT id FROM sessions WHERE coalesce(ended_at, expires_at) < $1
            ORDER BY coalesce(ended_at, expires_at) LIMIT $2 FOR UPDATE SKIP LOCKED)`,
        [cutoff, limit],
      );
      const attempts = await tx.query(
        `DELETE FROM login_attempts WHERE id IN (
           SELECT id FROM login_attempts WHERE at < $1 ORDER BY at LIMIT $2 FOR UPDATE SKIP LOCKED)`,
        [cutoff, limit],
      );
      return { rows: sessions.rowCount + attempts.rowCount, files: 0 };
    },
  }),
];
