import type { Queryable } from '../../platform/db/db';

export interface CitizenRow {
  id: string;
  phone_enc: string;
  phone_bidx: string;
  phone_masked: string;
  name: string | null;
  created_at: Date;
  last_sign_in_at: Date | null;
}

export interface CodeRow {
  id: string;
  phone_bidx: string;
  code_hash: string;
  created_at: Date;
  expires_at: Date;
  attempts: number;
  used_at: Date | null;
  burned_at: Date | null;
}

export interface CitizenSessionRow {
  session_id: string;
  citizen_id: string;
  last_seen_at: Date;
  expires_at: Date;
  ended_at: Date | null;
  phone_masked: string;
  name: string | null;
}

/** Serialises code requests and checks of one phone (per-phone limits hold under concurrency). */
export async function lockPhone(q: Queryable, phoneBidx: string): Promise<void> {
  await q.query('SELECT pg_advisory_xact_lock(727101, hashtext($1))', [phoneBidx]);
}

export async function codeCounts(
  q: Queryable,
  phoneBidx: string,
  ip: string | null,
  since: Date,
): Promise<{ phone_hour: number; ip_hour: number; last_at: Date | null }> {
  const r = await q.query<{ phone_hour: number; ip_hour: number; last_at: Date | null }>(
    `SELECT (SELECT count(*)::int FROM citizen_codes WHERE phone_bidx = $1 AND created_at > $3) AS phone_hour,
            (SELECT count(*)::int FROM citizen_codes WHERE $2::text IS NOT NULL AND ip = $2 AND created_at > $3) AS ip_hour,
            (SELECT max(created_at) FROM citizen_codes WHERE phone_bidx = $1) AS last_at`,
    [phoneBidx, ip, since],
  );
  return r.rows[0] ?? { phone_hour: 0, ip_hour: 0, last_at: null };
}

export async function insertCode(
  q: Queryable,
  c: { id: string; phoneBidx: string; codeHash: string; ip: string | null; now: Date; expiresAt: Date },
): Promise<void> {
  // A new code replaces any earlier one still outstanding.
  await q.query(
    `UPDATE citizen_codes SET burned_at = $2 WHERE phone_bidx = $1 AND used_at IS NULL AND burned_at IS NULL`,
    [c.phoneBidx, c.now],
  );
  await q.query(
    `INSERT INTO citizen_codes (id, phone_bidx, code_hash, ip, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`,
    [c.id, c.phoneBidx, c.codeHash, c.ip, c.now, c.expiresAt],
  );
}

export async function latestCode(q: Queryable, phoneBidx: string): Promise<CodeRow | null> {
  const r = await q.query<CodeRow>(
    `SELECT id, phone_bidx, code_hash, created_at, expires_at, attempts, used_at, burned_at
       FROM citizen_codes WHERE phone_bidx = $1 ORDER BY created_at DESC LIMIT 1`,
    [phoneBidx],
  );
  return r.rows[0] ?? null;
}

export async function recordWrongCode(q: Queryable, id: string, now: Date, burn: boolean): Promise<void> {
  await q.query(
    `UPDATE citizen_codes SET attempts = attempts + 1, burned_at = CASE WHEN $3 THEN $2 ELSE burned_at END WHERE id = $1`,
    [id, now, burn],
  );
}

export async function markCodeUsed(q: Queryable, id: string, now: Date): Promise<void> {
  await q.query('UPDATE citizen_codes SET used_at = $2 WHERE id = $1', [id, now]);
}

/** Finds or creates the citizen of a phone (by blind index); returns the row. */
export async function upsertCitizen(
  q: Queryable,
  phone: { enc: string; bidx: string; masked: string },
  name: string | null,
  now: Date,
): Promise<CitizenRow> {
  const r = await q.query<CitizenRow>(
    `INSERT INTO citizens (phone_enc, phone_bidx, phone_masked, name, created_at, last_sign_in_at)
     VALUES ($1, $2, $3, $4, $5, $5)
     ON CONFLICT (phone_bidx) DO UPDATE SET last_sign_in_at = $5, name = coalesce($4, citizens.name)
     RETURNING id, phone_enc, phone_bidx, phone_masked, name, created_at, last_sign_in_at`,
    [phone.enc, phone.bidx, phone.masked, name, now],
  );
  const row = r.rows[0];
  if (!row) throw new Error('citizen upsert returned nothing');
  return row;
}

export async function getCitizen(q: Queryable, id: string): Promise<CitizenRow | null> {
  const r = await q.query<CitizenRow>(
    'SELECT id, phone_enc, phone_bidx, phone_masked, name, created_at, last_sign_in_at FROM citizens WHERE id = $1',
    [id],
  );
  return r.rows[0] ?? null;
}

export async function setCitizenName(q: Queryable, id: string, name: string): Promise<void> {
  await q.query('UPDATE citizens SET name = $2 WHERE id = $1', [id, name]);
}

export async function insertCitizenSession(
  q: Queryable,
  s: { id: string; citizenId: string; now: Date; expiresAt: Date; ip: string | null; userAgent: string | null },
): Promise<void> {
  await q.query(
    `INSERT INTO citizen_sessions (id, citizen_id, created_at, last_seen_at, expires_at, ip, user_agent)
     VALUES ($1, $2, $3, $3, $4, $5, $6)`,
    [s.id, s.citizenId, s.now, s.expiresAt, s.ip, s.userAgent],
  );
}

export async function findCitizenSession(q: Queryable, id: string): Promise<CitizenSessionRow | null> {
  const r = await q.query<CitizenSessionRow>(
    `SELECT s.id AS session_id, s.citizen_id, s.last_seen_at, s.expires_at, s.ended_at, c.phone_masked, c.name
       FROM citizen_sessions s JOIN citizens c ON c.id = s.citizen_id WHERE s.id = $1`,
    [id],
  );
  return r.rows[0] ?? null;
}

export async function touchCitizenSession(q: Queryable, id: string, now: Date): Promise<void> {
  await q.query('UPDATE citizen_sessions SET last_seen_at = $2 WHERE id = $1 AND ended_at IS NULL', [id, now]);
}

export async function endCitizenSession(q: Queryable, id: string, now: Date, reason: string): Promise<void> {
  await q.query('UPDATE citizen_sessions SET ended_at = $2, end_reason = $3 WHERE id = $1 AND ended_at IS NULL', [
    id,
    now,
    reason,
  ]);
}

/** Bulk insert for the demo town: rows already sealed. */
export async function insertCitizens(
  q: Queryable,
  rows: {
    id: string;
    phone: { enc: string; bidx: string; masked: string };
    name: string;
    createdAt: Date;
    demoKey: string;
  }[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 2000) {
    const c = rows.slice(i, i + 2000);
    await q.query(
      `INSERT INTO citizens (id, phone_enc, phone_bidx, phone_masked, name, created_at, last_sign_in_at, demo_key)
       SELECT id, enc, bidx, masked, name, created_at, created_at, demo_key
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::text[])
           AS x(id, enc, bidx, masked, name, created_at, demo_key)`,
      [
        c.map((r) => r.id),
        c.map((r) => r.phone.enc),
        c.map((r) => r.phone.bidx),
        c.map((r) => r.phone.masked),
        c.map((r) => r.name),
        c.map((r) => r.createdAt),
        c.map((r) => r.demoKey),
      ],
    );
  }
}
