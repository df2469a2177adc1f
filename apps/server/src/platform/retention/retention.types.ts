import type { Tx } from '../db/db';

/** What one batch of a policy is given: records whose clock started before `cutoff`, at most `limit` of them. */
export interface SweepInput {
  cutoff: Date;
  limit: number;
  now: Date;
}

/** What one batch changed: records anonymised and stored files removed. */
export interface SweepCount {
  rows: number;
  files: number;
}

/**
 * One kind of personal data with a purpose that ends: after `defaultDays`
 * (overridable by the `env` variable, never below `minDays`) counted from
 * `from`, the sweep anonymises it. Modules declare their policies in
 * `<module>.retention.ts`; the platform runs them.
 */
export interface RetentionPolicy {
  /** Stable id, `<module>.<what>`: the audit entries and the state row use it. */
  id: string;
  module: string;
  /** Environment variable (days) that overrides the default period. */
  env: string;
  defaultDays: number;
  /** Shortest period allowed; a shorter configured value stops the start. */
  minDays: number;
  /** When the clock starts (shown to administrators). */
  from: string;
  /** What the sweep removes, and what it keeps for statistics (shown to administrators). */
  anonymises: string;
  keeps: string;
  /**
   * Anonymises at most `limit` due records in the caller's transaction and
   * returns how many; records it already anonymised are never due again.
   */
  sweep(tx: Tx, input: SweepInput): Promise<SweepCount>;
}

/**
 * Personal data another part of the system removes on its own schedule (a
 * module's own job): listed with the policies so administrators see every
 * period in one place; its last run is read from the jobs table.
 */
export interface ExternalRetention {
  id: string;
  module: string;
  env: string;
  days: number;
  from: string;
  anonymises: string;
  keeps: string;
  /** The job kind that does the work. */
  job: string;
}

export function defineRetention(policy: RetentionPolicy): RetentionPolicy {
  return policy;
}

/** Free text that may hold personal data is replaced with this marker, so readers see why it is gone. */
export const ANONYMISED = '[已匿名]';
