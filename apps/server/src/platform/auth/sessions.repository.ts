import type { Queryable } from '../db/db';

export interface SessionUserRow {
  session_id: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  mfa_passed: boolean;
  ended_at: Date | null;
  user_id: string;
  username: string;
  display_name: string;
  roles: string[];
  status: string;
  locked_at: Date | null;
  station_id: string | null;
  station_name: string | null;
  station_name_en: string | null;
  /** The user's own county, else their station's. */
  county_id: string | null;
  county_name: string | null;
  county_name_en: string | null;
  /** The stations of that county, by code (empty without a county). */
  county_station_ids: string[] | null;
  person_id: string | null;
  totp_enabled_at: Date | null;
  must_change_password: boolean;
}

export async function insertSession(
  q: Queryable,
  s: {
    id: string;
    userId: string;
    now: Date;
    expiresAt: Date;
    mfaPassed: boolean;
    ip: string | null;
    userAgent: string | null;
  },
): Promise<void> {
  await q.query(
    `INSERT INTO sessions (id, user_id, created_at, last_seen_at, expires_at, mfa_passed, ip, user_agent)
     VALUES ($1, $2, $3, $3, $4, $5, $6, $7)`,
    [s.id, s.userId, s.now, s.expiresAt, s.mfaPassed, s.ip, s.userAgent],
  );
}

/** Sessions with their users, by id (several at once: concurrent requests' checks share one query). */
export async function findSessions(q: Queryable, ids: string[]): Promise<Map<string, SessionUserRow>> {
  const r = await q.query<SessionUserRow>(
    `SELECT s.id AS session_id, s.created_at, s.last_seen_at, s.expires_at, s.mfa_passed, s.ended_at,
            u.id AS user_id, u.username, u.display_name, u.roles, u.status, u.locked_at, u.station_id,
            st.name AS station_name, st.name_en AS station_name_en, u.person_id, u.totp_enabled_at, u.must_change_password,
            co.id AS county_id, co.name AS county_name, co.name_en AS county_name_en,
            (SELECT array_agg(cs.id::text ORDER BY cs.code) FROM stations cs WHERE cs.county_id = co.id) AS county_station_ids
       FROM sessions s JOIN app_users u ON u.id = s.user_id LEFT JOIN stations st ON st.id = u.station_id
       LEFT JOIN counties co ON co.id = coalesce(u.county_id, st.county_id)
      WHERE s.id = ANY($1::text[])`,
    [ids],
  );
  return new Map(r.rows.map((row) => [row.session_id, row]));
}

export async function touchSession(q: Queryable, id: string, now: Date): Promise<void> {
  await q.query('UPDATE sessions SET last_seen_at = $2 WHERE id = $1 AND ended_at IS NULL', [id, now]);
}

export async function markMfaPassed(q: Queryable, id: string, now: Date): Promise<void> {
  await q.query('UPDATE sessions SET mfa_passed = true, last_seen_at = $2 WHERE id = $1', [id, now]);
}

export async function endSession(q: Queryable, id: string, now: Date, reason: string): Promise<void> {
  await q.query('UPDATE sessions SET ended_at = $2, end_reason = $3 WHERE id = $1 AND ended_at IS NULL', [
    id,
    now,
    reason,
  ]);
}

export async function endUserSessions(q: Queryable, userId: string, now: Date, reason: string): Promise<number> {
  const r = await q.query(
    'UPDATE sessions SET ended_at = $2, end_reason = $3 WHERE user_id = $1 AND ended_at IS NULL',
    [userId, now, reason],
  );
  return r.rowCount;
}
