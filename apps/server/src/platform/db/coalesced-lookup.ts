import { AsyncResource } from 'node:async_hooks';
import { assertNotInTx } from './db';

/**
 * Coalesces concurrent reads by key into one query: while a query is in
 * flight, the keys asked for meanwhile wait and then go together in the next
 * one. Every caller's read starts after it asked (never an answer read
 * before the request arrived), so it is as fresh as a query of its own; a
 * burst of requests pays one round trip per query instead of one per
 * request (the per-request session check, above all).
 */
export class CoalescedLookup<V> {
  private waiting = new Map<string, ((v: V | null) => void)[]>();
  private failures = new Map<string, ((e: unknown) => void)[]>();
  private running = false;
  // Queries run in the scope the lookup was made in, not in the first caller's request or transaction.
  private readonly scope = new AsyncResource('CoalescedLookup');

  constructor(
    private readonly load: (keys: string[]) => Promise<Map<string, V>>,
    private readonly maxKeys = 500,
  ) {}

  get(key: string): Promise<V | null> {
    // The query runs on the pool, outside any transaction the caller holds: refuse it there, as the pool does.
    assertNotInTx();
    return new Promise<V | null>((resolve, reject) => {
      const list = this.waiting.get(key);
      if (list) {
        list.push(resolve);
        this.failures.get(key)?.push(reject);
      } else {
        this.waiting.set(key, [resolve]);
        this.failures.set(key, [reject]);
      }
      if (!this.running) {
        this.running = true;
        this.scope.runInAsyncScope(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.waiting.size > 0) {
        const keys = [...this.waiting.keys()].slice(0, this.maxKeys);
        const resolves = keys.map((k) => this.waiting.get(k) ?? []);
        const rejects = keys.map((k) => this.failures.get(k) ?? []);
        for (const k of keys) {
          this.waiting.delete(k);
          this.failures.delete(k);
        }
        try {
          const found = await this.load(keys);
          keys.forEach((k, i) => {
            for (const r of resolves[i] ?? []) r(found.get(k) ?? null);
          });
        } catch (e) {
          for (const list of rejects) for (const r of list) r(e);
        }
      }
    } finally {
      this.running = false;
    }
  }
}
