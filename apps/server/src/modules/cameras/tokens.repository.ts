import type { Queryable } from '../../platform/db/db';

export interface TokenRow {
  id: string;
  name: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

/** Whether a live issued token has this hash; marks it used. */
export async function useToken(q: Queryable, sha256: string, now: Date): Promise<boolean> {
  const r = await q.query(
    'UPDATE vision_tokens SET last_used_at = $2 WHERE token_sha256 = $1 AND revoked_at IS NULL RETURNING id',
    [sha256, now],
  );
  return r.rows.length > 0;
}

export async function insertToken(q: Queryable, name: string, sha256: string, by: string, now: Date): Promise<string> {
  const r = await q.query<{ id: string }>(
    'INSERT INTO vision_tokens (name, token_sha256, created_by, created_at) VALUES ($1, $2, $3, $4) RETURNING id',
    [name, sha256, by, now],
  );
  const id = r.rows[0]?.id;
  if (!id) throw new Error('token insert returned nothing');
  return id;
}

export async function listTokens(q: Queryable): Promise<TokenRow[]> {
  const r = await q.query<TokenRow>(
    'SELECT id, name, created_at, last_used_at, revoked_at FROM vision_tokens ORDER BY created_at DESC',
  );
  return r.rows;
}

export async function revokeToken(q: Queryable, id: string, now: Date): Promise<boolean> {
  const r = await q.query('UPDATE vision_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [id, now]);
  return r.rowCount === 1;
}
