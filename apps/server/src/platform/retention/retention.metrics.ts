import { Counter, Gauge, type Registry } from 'prom-client';
import type { Queryable } from '../db/db';
import { listState } from './retention.repository';
import type { RetentionService } from './retention.service';

/**
 * Retention figures for `GET /metrics`: records and files anonymised so far
 * and the last run per policy, read from the retention_state table at scrape
 * time (every node reports the cluster's figures), and this process's
 * failed policy batches (alert when it grows).
 */
export function registerRetentionMetrics(registry: Registry, db: Queryable, service: RetentionService): void {
  let snapshot: ReturnType<typeof listState> | null = null;
  const once = () => {
    snapshot ??= listState(db).finally(() => {
      setTimeout(() => {
        snapshot = null;
      }, 50).unref();
    });
    return snapshot;
  };
  new Gauge({
    name: 'fengqiao_retention_anonymised',
    help: 'Records (kind=rows) and stored files (kind=files) anonymised or removed so far, by retention policy',
    labelNames: ['policy', 'kind'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const s of await once()) {
        this.set({ policy: s.policy_id, kind: 'rows' }, Number(s.total_rows));
        this.set({ policy: s.policy_id, kind: 'files' }, Number(s.total_files));
      }
    },
  });
  new Gauge({
    name: 'fengqiao_retention_last_run_seconds',
    help: 'Unix time of the last retention pass, by policy; alert when it falls behind by more than a day',
    labelNames: ['policy'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const s of await once()) this.set({ policy: s.policy_id }, s.last_run_at.getTime() / 1000);
    },
  });
  const failures = new Counter({
    name: 'fengqiao_retention_failures_total',
    help: 'Retention policy batches that failed and were rolled back in this process, by policy',
    labelNames: ['policy'] as const,
    registers: [registry],
  });
  service.onFailure((policy) => failures.inc({ policy }));
}
