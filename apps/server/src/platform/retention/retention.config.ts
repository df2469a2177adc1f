import { z } from 'zod';
import { ConfigError } from '../config';
import type { RetentionPolicy } from './retention.types';

/** Audit rows must be kept at least this long (issue 10, "Data safety"). */
export const AUDIT_MIN_DAYS = 180;
export const AUDIT_ENV = 'FENGQIAO_AUDIT_RETENTION_DAYS';

export interface RetentionConfig {
  /** Period in days per policy id. */
  days: Map<string, number>;
  /** The audit trail's declared period; null: kept without limit (rows are never deleted). */
  auditDays: number | null;
  batchSize: number;
}

const Days = z.coerce.number().int().max(36_500);
const Batch = z.coerce.number().int().min(10).max(10_000);

/**
 * Reads each policy's period from its environment variable. A value below
 * the policy's floor, or an audit period under 180 days, stops the start
 * with a clear error instead of silently deleting data too early.
 */
export function loadRetentionConfig(policies: readonly RetentionPolicy[], env: NodeJS.ProcessEnv): RetentionConfig {
  const problems: string[] = [];
  const days = new Map<string, number>();
  const seen = new Set<string>();
  for (const p of policies) {
    if (seen.has(p.id)) throw new Error(`retention policy ${p.id} declared twice`);
    seen.add(p.id);
    const raw = env[p.env];
    if (raw === undefined || raw === '') {
      days.set(p.id, p.defaultDays);
      continue;
    }
    const parsed = Days.safeParse(raw);
    if (!parsed.success) problems.push(`${p.env}: expected a whole number of days, got '${raw}'`);
    else if (parsed.data < p.minDays)
      problems.push(`${p.env}: ${parsed.data} days is shorter than the ${p.minDays} days ${p.id} must be kept`);
    else days.set(p.id, parsed.data);
  }
  let auditDays: number | null = null;
  const rawAudit = env[AUDIT_ENV];
  if (rawAudit !== undefined && rawAudit !== '') {
    const parsed = Days.safeParse(rawAudit);
    if (!parsed.success) problems.push(`${AUDIT_ENV}: expected a whole number of days, got '${rawAudit}'`);
    else if (parsed.data < AUDIT_MIN_DAYS)
      problems.push(`${AUDIT_ENV}: audit records must be kept at least ${AUDIT_MIN_DAYS} days, got ${parsed.data}`);
    else auditDays = parsed.data;
  }
  let batchSize = 500;
  const rawBatch = env.FENGQIAO_RETENTION_BATCH;
  if (rawBatch !== undefined && rawBatch !== '') {
    const parsed = Batch.safeParse(rawBatch);
    if (!parsed.success) problems.push(`FENGQIAO_RETENTION_BATCH: expected 10 to 10000, got '${rawBatch}'`);
    else batchSize = parsed.data;
  }
  if (problems.length > 0) throw new ConfigError(`retention settings: ${problems.join('; ')}`);
  return { days, auditDays, batchSize };
}
