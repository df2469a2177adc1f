import type { Queryable } from '../../platform/db/db';

export interface UserRow {
  id: string;
  station_id: string | null;
  person_id: string | null;
  username: string;
  display_name: string;
  password_hash: string;
  roles: string[];
  status: 'active' | 'disabled';
  locked_at: Date | null;
  unlocked_at: Date | null;
  must_change_password: boolean;
  totp_secret_enc: string | null;
  totp_pending_enc: string | null;
  totp_enabled_at: Date | null;
  totp_last_step: number | null;
  last_login_at: Date | null;
  created_at: Date;
}

export async function findUserByUsername(q: Queryable, username: string): Promise<UserRow | null> {
  return (await q.query<UserRow>('SELECT * FROM app_users WHERE username = $1', [username])).rows[0] ?? null;
}

export async function getUser(q: Queryable, id: string): Promise<UserRow | null> {
  return (await q.query<UserRow>('SELECT * FROM app_users WHERE id = $1', [id])).rows[0] ?? null;
}

export async function lockUserRow(q: Queryable, id: string): Promise<UserRow | null> {
  return (await q.query<UserRow>('SELECT * FROM app_users WHERE id = $1 FOR UPDATE', [id])).rows[0] ?? null;
}

export interface NewUser {
  stationId: string | null;
  personId: string | null;
  username: string;
  displayName: string;
  passwordHash: string;
  roles: string[];
  mustChangePassword: boolean;
  totpSecretEnc?: string | null;
  totpEnabledAt?: Date | null;
  /** Only for county accounts, which have no station. */
  countyId?: string | null;
}

export async function insertUsers(q: Queryable, users: NewUser[]): Promise<string[]> {
  if (users.length === 0) return [];
  const r = await q.query<{ id: string }>(
    `INSERT INTO app_users (station_id, person_id, username, display_name, password_hash, roles, must_change_password,
       totp_secret_enc, totp_enabled_at, county_id)
     SELECT s, p, u, d, h, string_to_array(r, ','), m, t, te, c
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bool[], $8::text[],
         $9::timestamptz[], $10::uuid[])
         AS x(s, p, u, d, h, r, m, t, te, c)
     RETURNING id`,
    [
      users.map((u) => u.stationId),
      users.map((u) => u.personId),
      users.map((u) => u.username),
      users.map((u) => u.displayName),
      users.map((u) => u.passwordHash),
      users.map((u) => u.roles.join(',')),
      users.map((u) => u.mustChangePassword),
      users.map((u) => u.totpSecretEnc ?? null),
      users.map((u) => u.totpEnabledAt ?? null),
      users.map((u) => u.countyId ?? null),
    ],
  );
  return r.rows.map((x) => x.id);
}

export interface UserFilter {
  /** The administrator's station: a station's accounts are administered by that station's administrators. */
  stationId: string | null;
  q?: string;
  role?: string;
  limit: number;
  offset: number;
}

export async function listUsers(q: Queryable, f: UserFilter): Promise<{ rows: UserRow[]; total: number }> {
  const params: unknown[] = [f.stationId];
  const where: string[] = ['station_id = $1'];
  if (f.q) {
    params.push(`%${f.q}%`);
    where.push(`(username LIKE $${params.length} OR display_name LIKE $${params.length})`);
  }
  if (f.role) {
    params.push(f.role);
    where.push(`$${params.length} = ANY(roles)`);
  }
  const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM app_users ${w}`, params);
  const rows = await q.query<UserRow>(
    `SELECT * FROM app_users ${w} ORDER BY username LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, f.limit, f.offset],
  );
  return { rows: rows.rows, total: total.rows[0]?.n ?? 0 };
}

export async function updateUser(
  q: Queryable,
  id: string,
  now: Date,
  patch: Partial<{
    display_name: string;
    status: string;
    roles: string[];
    password_hash: string;
    must_change_password: boolean;
    locked_at: Date | null;
    unlocked_at: Date | null;
    totp_secret_enc: string | null;
    totp_pending_enc: string | null;
    totp_enabled_at: Date | null;
    totp_last_step: number | null;
    last_login_at: Date | null;
    password_changed_at: Date;
  }>,
): Promise<void> {
  const keys = Object.keys(patch) as (keyof typeof patch)[];
  if (keys.length === 0) return;
  const sets = keys.map((k, i) => `${k} = $${i + 3}`);
  await q.query(`UPDATE app_users SET ${sets.join(', ')}, updated_at = $2 WHERE id = $1`, [
    id,
    now,
    ...keys.map((k) => patch[k]),
  ]);
}

export async function recordLoginAttempt(
  q: Queryable,
  a: { username: string; userId: string | null; ip: string | null; at: Date; success: boolean; reason: string | null },
): Promise<void> {
  await q.query(
    'INSERT INTO login_attempts (username, user_id, ip, at, success, reason) VALUES ($1, $2, $3, $4, $5, $6)',
    [a.username.slice(0, 64), a.userId, a.ip, a.at, a.success, a.reason],
  );
}

/** Failures since the window start, the last success and the last unlock, whichever is latest. */
export async function countRecentFailures(q: Queryable, userId: string, since: Date): Promise<number> {
  const r = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM login_attempts a
      WHERE a.user_id = $1 AND NOT a.success AND a.at >= $2
        AND a.at > coalesce((SELECT max(b.at) FROM login_attempts b WHERE b.user_id = $1 AND b.success), '-infinity')
        AND a.at > coalesce((SELECT unlocked_at FROM app_users WHERE id = $1), '-infinity')`,
    [userId, since],
  );
  return r.rows[0]?.n ?? 0;
}

/** The user's own county, else their station's (null when neither has one). */
export async function countyOfUser(q: Queryable, id: string): Promise<string | null> {
  const r = await q.query<{ county_id: string | null }>(
    `SELECT coalesce(u.county_id, st.county_id) AS county_id
       FROM app_users u LEFT JOIN stations st ON st.id = u.station_id WHERE u.id = $1`,
    [id],
  );
  return r.rows[0]?.county_id ?? null;
}
