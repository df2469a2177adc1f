import { AsyncResource } from 'node:async_hooks';
import { assertNotInTx } from './db';
import { isDatabaseUnavailable } from './db-errors';

/** What an item of a batch touches: an item waits for a later batch if it reads what an earlier one writes. */
export interface ItemKeys {
  reads: readonly string[];
  writes: readonly string[];
}

export interface GroupCommitOptions<T, R> {
  /** The most items one batch takes. */
  maxBatch: number;
  /**
   * Stores the items in one transaction; returns one result per item, in
   * order. Calls `committed` as soon as the transaction has committed (its
   * first after-commit hook): the next batch starts then, while this one's
   * remaining after-commit work (live events) finishes.
   */
  run: (items: T[], committed: () => void) => Promise<R[]>;
  /** Keys that keep dependent items in separate batches (e.g. a report that may repeat an earlier one). */
  keys: (item: T) => ItemKeys;
  /** How often a batch that lost a deadlock or serialization race is run again (default 3). */
  retries?: number;
  /**
   * The store runs in this process and gives I/O no turn while it works
   * (PGlite): wait one turn of the event loop before every batch, not only
   * the first after a pause, or nothing could arrive to join the next one.
   */
  inProcess?: boolean;
}

interface Entry<T, R> {
  item: T;
  resolve: (r: R) => void;
  reject: (e: unknown) => void;
}

/** SQLSTATE 40P01 (deadlock) and 40001 (serialization failure): the transaction rolled back whole; run it again. */
function isRetryable(e: unknown): boolean {
  const code = e && typeof e === 'object' ? (e as { code?: unknown }).code : undefined;
  return code === '40P01' || code === '40001';
}

/**
 * Group commit: concurrent writes queue up and are stored together, one
 * transaction (and a few set-based statements) per batch instead of per
 * write. One batch runs at a time; the writes that arrive meanwhile form the
 * next one, so a lone write is stored at once and a burst pays one round trip
 * per statement for the whole batch. Each caller is answered after its batch
 * commits. An item that may depend on an earlier item of the batch (see
 * `keys`) waits for the next batch, so every item sees the earlier ones
 * committed, as if they had run one by one. A batch that fails is rolled
 * back whole and its items are run again one by one, so one bad item fails
 * only its own caller.
 */
export class GroupCommit<T, R> {
  private queue: Entry<T, R>[] = [];
  private running = false;
  // Batches run in the scope the queue was made in, not in the first caller's request.
  private readonly scope = new AsyncResource('GroupCommit');
  /** Items per batch, for the metrics and the tests. */
  readonly sizes: number[] = [];

  constructor(private readonly opts: GroupCommitOptions<T, R>) {}

  submit(item: T): Promise<R> {
    // From inside a transaction the batch could wait for that transaction's locks, and it for the batch.
    assertNotInTx();
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.running) {
        this.running = true;
        this.scope.runInAsyncScope(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      let afterCommit = false;
      while (this.queue.length > 0) {
        // One turn of the event loop first: requests already read but not yet queued join this batch. Right
        // after a commit on a database server the next batch starts at once instead: what arrived while the
        // last one was stored is queued, and the turn would wait for the last batch's replies and live
        // events (~6 ms a batch at 1,000 reports a second), which can go out while this one is stored.
        if (!afterCommit || this.opts.inProcess) await new Promise<void>((r) => setImmediate(r));
        await this.runBatch(this.takeBatch());
        afterCommit = true;
      }
    } finally {
      this.running = false;
    }
  }

  /** The next batch in arrival order; items that read what an earlier item (taken or left) writes are left. */
  private takeBatch(): Entry<T, R>[] {
    const batch: Entry<T, R>[] = [];
    const left: Entry<T, R>[] = [];
    const written = new Set<string>();
    for (const e of this.queue) {
      const k = this.opts.keys(e.item);
      if (batch.length >= this.opts.maxBatch || k.reads.some((r) => written.has(r))) left.push(e);
      else batch.push(e);
      for (const w of k.writes) written.add(w);
    }
    this.queue = left;
    return batch;
  }

  private async runBatch(batch: Entry<T, R>[]): Promise<void> {
    this.sizes.push(batch.length);
    if (this.sizes.length > 1000) this.sizes.splice(0, this.sizes.length - 1000);
    let signal = () => {};
    const committed = new Promise<'committed'>((resolve) => {
      signal = () => resolve('committed');
    });
    const done = this.attempt(
      batch.map((e) => e.item),
      signal,
    );
    const answer = (results: R[]) => {
      for (const [i, e] of batch.entries()) e.resolve(results[i] as R);
    };
    try {
      const first = await Promise.race([committed, done]);
      if (first === 'committed') {
        // Stored: the callers are answered when the after-commit work is done; the next batch need not wait.
        done.then(answer, (e: unknown) => {
          for (const entry of batch) entry.reject(e);
        });
        return;
      }
      answer(first);
      return;
    } catch (e) {
      // A lone item's error is its own; an unreachable database fails every item alike.
      if (batch.length === 1 || isDatabaseUnavailable(e)) {
        for (const entry of batch) entry.reject(e);
        return;
      }
    }
    for (const entry of batch) {
      try {
        const [r] = await this.attempt([entry.item], () => {});
        entry.resolve(r as R);
      } catch (e) {
        entry.reject(e);
      }
    }
  }

  private async attempt(items: T[], committed: () => void): Promise<R[]> {
    const retries = this.opts.retries ?? 3;
    for (let i = 0; ; i++) {
      try {
        const results = await this.opts.run(items, committed);
        if (results.length !== items.length) throw new Error('group commit: one result per item expected');
        return results;
      } catch (e) {
        if (i >= retries || !isRetryable(e)) throw e;
      }
    }
  }
}
