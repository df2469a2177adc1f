import { createHash } from 'node:crypto';
import type { AuditRow } from './audit.repository';

function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

/**
 * The hash of a sealed row covers its sequence number, its predecessor's
 * hash and every content column, so changing, deleting or reordering a row
 * breaks the chain from that row on.
 */
export function rowHash(row: AuditRow, seq: number, prevHash: string): string {
  const content = canonical([
    seq,
    prevHash,
    row.id,
    row.at.toISOString(),
    row.station_id,
    row.actor_id,
    row.actor_name,
    row.actor_roles,
    row.ip,
    row.request_id,
    row.action,
    row.resource_type,
    row.resource_id,
    row.outcome,
    row.purpose,
    row.details,
  ]);
  return createHash('sha256').update(content).digest('hex');
}
