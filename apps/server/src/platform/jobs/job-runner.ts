import type { Logger } from 'pino';
import type { Clock } from '../clock';
import { type Db, type Queryable, type Tx, txScope } from '../db/db';
import type { EnqueueOptions, JobDefinition } from './job.types';
import { cancelJobs, claimDueJob, completeJob, failJob, insertJob, insertJobs } from './jobs.repository';

const BACKOFF_MS = [5_000, 30_000, 120_000, 600_000, 1_800_000];

/**
 * Polls the jobs table and runs due jobs one at a time, each in its own
 * transaction together with its effects. A crash mid-job rolls the
 * transaction back and releases the row lock, so another node (or this one
 * after restart) runs it again: effects in the database happen exactly once.
 */
export class JobRunner {
  private readonly defs = new Map<string, JobDefinition>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  private wakeRequested = false;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly pollMs = 500,
  ) {}

  register(def: JobDefinition): void {
    if (this.defs.has(def.id)) throw new Error(`job ${def.id} registered twice`);
    this.defs.set(def.id, def);
  }

  definitions(): JobDefinition[] {
    return [...this.defs.values()];
  }

  /** Enqueues a job or timer; with a dedupe key, an already-pending one wins. */
  async enqueue(q: Queryable, kind: string, payload: unknown, options: EnqueueOptions = {}): Promise<number | null> {
    const def = this.defs.get(kind);
    if (!def) throw new Error(`unknown job kind ${kind}`);
    const parsed = def.payload.parse(payload);
    const runAt = options.runAt ?? this.clock.now();
    const id = await insertJob(
      q,
      kind,
      parsed,
      runAt,
      options.dedupeKey ?? null,
      options.maxAttempts ?? def.maxAttempts ?? 5,
    );
    // Only a job due before the next poll is worth waking for, and only once it is committed and visible.
    if (runAt.getTime() <= this.clock.now().getTime() + this.pollMs) {
      if ('afterCommit' in q) (q as Tx).afterCommit(() => this.wake());
      else this.wake();
    }
    return id;
  }

  /**
   * Enqueues several jobs or timers in one statement, each exactly as
   * enqueue() would (payload checked, an already-pending dedupe key wins);
   * returns how many were new.
   */
  async enqueueMany(
    q: Queryable,
    jobs: { kind: string; payload: unknown; options?: EnqueueOptions }[],
  ): Promise<number> {
    const now = this.clock.now();
    const rows = jobs.map((j) => {
      const def = this.defs.get(j.kind);
      if (!def) throw new Error(`unknown job kind ${j.kind}`);
      return {
        kind: j.kind,
        payload: def.payload.parse(j.payload),
        runAt: j.options?.runAt ?? now,
        dedupeKey: j.options?.dedupeKey ?? null,
        maxAttempts: j.options?.maxAttempts ?? def.maxAttempts ?? 5,
      };
    });
    const ids = await insertJobs(q, rows);
    if (rows.some((r) => r.runAt.getTime() <= this.clock.now().getTime() + this.pollMs)) {
      if ('afterCommit' in q) (q as Tx).afterCommit(() => this.wake());
      else this.wake();
    }
    return ids.length;
  }

  async cancel(q: Queryable, dedupeKeyPrefix: string): Promise<number> {
    return cancelJobs(q, dedupeKeyPrefix);
  }

  /** Makes sure every recurring job has a pending run. */
  async ensureSchedules(): Promise<void> {
    for (const def of this.defs.values()) {
      if (def.everyMs)
        await insertJob(this.db, def.id, {}, this.clock.now(), `recurring:${def.id}`, def.maxAttempts ?? 5);
    }
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.ensureSchedules();
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Runs due jobs until none is left (or `max` ran); returns how many ran. */
  async runDue(max = 1000): Promise<number> {
    let n = 0;
    while (n < max && (await this.runOne())) n += 1;
    return n;
  }

  private wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.wakeRequested = true;
      return;
    }
    this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    // The loop must never inherit a caller's transaction context (it would refuse every later query).
    this.timer = txScope.exit(() =>
      setTimeout(() => {
        this.timer = null;
        this.running = this.runDue(100)
          .then(() => undefined)
          .catch((e) => this.log.error({ err: e }, 'job loop failed'))
          .finally(() => {
            this.running = null;
            const again = this.wakeRequested;
            this.wakeRequested = false;
            this.schedule(again ? 0 : this.pollMs);
          });
      }, ms),
    );
    this.timer.unref();
  }

  private async runOne(): Promise<boolean> {
    const kinds = [...this.defs.keys()];
    if (kinds.length === 0) return false;
    let failure: { id: number; attempts: number; max: number; error: unknown } | null = null;
    let ran = false;
    try {
      await this.db.tx(async (tx) => {
        const now = this.clock.now();
        const job = await claimDueJob(tx, now, kinds);
        if (!job) return;
        ran = true;
        const def = this.defs.get(job.kind);
        if (!def) return;
        try {
          await tx.query('SAVEPOINT job_effects');
          await def.handler(def.payload.parse(job.payload), { tx, now, jobId: job.id, attempt: job.attempts + 1 });
          await tx.query('RELEASE SAVEPOINT job_effects');
        } catch (e) {
          // Undo the effects but keep the claim, so the failure is recorded under the same lock.
          await tx.query('ROLLBACK TO SAVEPOINT job_effects');
          failure = { id: job.id, attempts: job.attempts + 1, max: job.max_attempts, error: e };
          const retryAt =
            job.attempts + 1 >= job.max_attempts
              ? null
              : new Date(now.getTime() + (BACKOFF_MS[Math.min(job.attempts, BACKOFF_MS.length - 1)] ?? 60_000));
          await failJob(tx, job.id, now, e instanceof Error ? e.message : String(e), retryAt);
          return;
        }
        await completeJob(tx, job.id, now);
        if (def.everyMs) {
          await insertJob(
            tx,
            def.id,
            {},
            new Date(now.getTime() + def.everyMs),
            `recurring:${def.id}`,
            def.maxAttempts ?? 5,
          );
        }
      });
    } catch (e) {
      this.log.error({ err: e }, 'job transaction failed');
      return false;
    }
    if (failure) {
      const f = failure as { id: number; attempts: number; max: number; error: unknown };
      this.log.warn({ jobId: f.id, attempt: f.attempts, err: f.error }, 'job failed');
    }
    return ran;
  }
}
