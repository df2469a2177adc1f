import type { z } from 'zod';
import type { Tx } from '../db/db';

export interface JobContext {
  /** The transaction that also marks the job done: effects and completion commit together. */
  tx: Tx;
  now: Date;
  jobId: number;
  attempt: number;
}

/**
 * A job is a definition (id, payload schema, retry policy, optional period)
 * plus its handler. Timers are jobs with a future run_at and a dedupe key.
 */
export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  id: string;
  payload: S;
  maxAttempts?: number;
  /** Recurring jobs re-enqueue themselves this many ms after each run. */
  everyMs?: number;
  handler: (payload: z.infer<S>, ctx: JobContext) => Promise<void>;
}

export function defineJob<S extends z.ZodType>(def: JobDefinition<S>): JobDefinition<S> {
  return def;
}

export interface EnqueueOptions {
  runAt?: Date;
  /** At most one pending job per key: enqueueing again is a no-op. */
  dedupeKey?: string;
  maxAttempts?: number;
}
