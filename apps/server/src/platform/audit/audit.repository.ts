import type { Queryable } from '../db/db';
import type { AuditActor, AuditEvent } from './audit.types';

export interface AuditRow {
  id: number;
  at: Date;
  station_id: string | null;
  actor_id: string | null;
  actor_name: string | null;
  actor_roles: string[];
  ip: string | null;
  request_id: string | null;
  action: string;
  resource_type: string | null;
  resource_id: string | null;
  outcome: string;
  purpose: string | null;
  details: Record<string, unknown>;
  seal_seq: number | null;
  prev_hash: string | null;
  hash: string | null;
}

export async function insertAudit(q: Queryable, at: Date, actor: AuditActor, e: AuditEvent): Promise<void> {
  await q.query(
    `INSERT INTO audit_log (at, station_id, actor_id, actor_name, actor_roles, ip, request_id, action,
       resource_type, resource_id, outcome, purpose, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [
      at,
      actor.stationId,
      actor.userId,
      actor.name,
      actor.roles,
      actor.ip,
      actor.requestId,
      e.action,
      e.resourceType ?? null,
      e.resourceId ?? null,
      e.outcome ?? 'ok',
      e.purpose ?? null,
      JSON.stringify(e.details ?? {}),
    ],
  );
}

/** Several audit rows in one statement, in order (a batch of writes committing together). */
export async function insertAuditMany(
  q: Queryable,
  at: Date,
  entries: { actor: AuditActor; event: AuditEvent }[],
): Promise<void> {
  if (entries.length === 0) return;
  const rows = entries.map(({ actor, event: e }, ord) => ({
    ord,
    station_id: actor.stationId,
    actor_id: actor.userId,
    actor_name: actor.name,
    actor_roles: actor.roles,
    ip: actor.ip,
    request_id: actor.requestId,
    action: e.action,
    resource_type: e.resourceType ?? null,
    resource_id: e.resourceId ?? null,
    outcome: e.outcome ?? 'ok',
    purpose: e.purpose ?? null,
    details: e.details ?? {},
  }));
  await q.query(
    `INSERT INTO audit_log (at, station_id, actor_id, actor_name, actor_roles, ip, request_id, action,
       resource_type, resource_id, outcome, purpose, details)
     SELECT $1, station_id, actor_id, actor_name, actor_roles, ip, request_id, action, resource_type, resource_id,
       outcome, purpose, details
       FROM jsonb_to_recordset($2::jsonb) AS t(ord integer, station_id uuid, actor_id uuid, actor_name text,
         actor_roles text[], ip text, request_id text, action text, resource_type text, resource_id text, outcome text,
         purpose text, details jsonb)
      ORDER BY ord`,
    [at, JSON.stringify(rows)],
  );
}

export interface AuditFilter {
  /**
   * The auditor's station: its entries only. Entries of no station (the
   * system's jobs, county accounts' own sign-ins) are deployment-level: the
   * chain check covers them; a county account's reads of a station's records
   * are entered under that station.
   */
  stationId: string | null;
  from?: Date;
  to?: Date;
  actor?: string;
  action?: string;
  resourceType?: string;
  resourceId?: string;
  outcome?: string;
  limit: number;
  offset: number;
}

export async function searchAudit(q: Queryable, f: AuditFilter): Promise<{ rows: AuditRow[]; total: number }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    where.push(sql.replace('?', `$${params.length}`));
  };
  add('station_id = ?', f.stationId);
  if (f.from) add('at >= ?', f.from);
  if (f.to) add('at < ?', f.to);
  if (f.actor) add('actor_name ILIKE ?', `%${f.actor}%`);
  if (f.action) add('action LIKE ?', `${f.action}%`);
  if (f.resourceType) add('resource_type = ?', f.resourceType);
  if (f.resourceId) add('resource_id = ?', f.resourceId);
  if (f.outcome) add('outcome = ?', f.outcome);
  const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log ${w}`, params);
  const rows = await q.query<AuditRow>(
    `SELECT * FROM audit_log ${w} ORDER BY id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, f.limit, f.offset],
  );
  return { rows: rows.rows, total: total.rows[0]?.n ?? 0 };
}
