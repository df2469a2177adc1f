import { SYSTEM_ACTOR } from '../audit/audit.types';
import type { Tx } from '../db/db';
import type { Platform } from '../platform';
import { AUDIT_ENV, AUDIT_MIN_DAYS, type RetentionConfig } from './retention.config';
import { auditGuardsInPlace, lastJobRuns, listState, recordPass } from './retention.repository';
import type { ExternalRetention, RetentionPolicy } from './retention.types';

const DAY_MS = 86_400_000;

export interface PolicyPass {
  id: string;
  rows: number;
  files: number;
  /** The batch was full: more may be due. */
  full: boolean;
  error: string | null;
}

export interface RetentionView {
  id: string;
  module: string;
  kind: 'anonymise' | 'external' | 'keep';
  days: number | null;
  defaultDays: number | null;
  minDays: number;
  env: string;
  from: string;
  anonymises: string;
  keeps: string;
  lastRunAt: string | null;
  lastCutoff: string | null;
  lastRows: number | null;
  lastFiles: number | null;
  totalRows: number | null;
  totalFiles: number | null;
  lastChangeAt: string | null;
  /** Only for the audit trail: whether the delete/update guards are in place. */
  guarded: boolean | null;
}

/**
 * Runs the retention policies: each pass anonymises at most one batch per
 * policy inside the given transaction, so no table stays locked for long;
 * the job re-enqueues itself while batches come back full. Every change is
 * audited as the system (policy id and counts only, never the data).
 */
export class RetentionService {
  private readonly failureListeners: ((policyId: string) => void)[] = [];

  constructor(
    private readonly p: Platform,
    private readonly policies: readonly RetentionPolicy[],
    private readonly external: readonly ExternalRetention[],
    private readonly config: RetentionConfig,
  ) {}

  periodOf(policyId: string): number {
    const d = this.config.days.get(policyId);
    if (d === undefined) throw new Error(`unknown retention policy ${policyId}`);
    return d;
  }

  /** One batch of every policy. A failing policy is rolled back alone and retried on the next pass. */
  async pass(tx: Tx, now: Date): Promise<{ more: boolean; results: PolicyPass[] }> {
    const results: PolicyPass[] = [];
    for (const policy of this.policies) {
      const days = this.periodOf(policy.id);
      const cutoff = new Date(now.getTime() - days * DAY_MS);
      const limit = this.config.batchSize;
      await tx.query('SAVEPOINT retention_policy');
      try {
        const c = await policy.sweep(tx, { cutoff, limit, now });
        await recordPass(tx, policy.id, now, cutoff, c.rows, c.files);
        if (c.rows > 0 || c.files > 0) {
          await this.p.audit.record(
            SYSTEM_ACTOR,
            {
              action: 'retention.anonymise',
              resourceType: 'retention_policy',
              resourceId: policy.id,
              details: { rows: c.rows, files: c.files, periodDays: days, cutoff: cutoff.toISOString() },
            },
            tx,
          );
        }
        await tx.query('RELEASE SAVEPOINT retention_policy');
        results.push({ id: policy.id, rows: c.rows, files: c.files, full: c.rows >= limit, error: null });
      } catch (e) {
        await tx.query('ROLLBACK TO SAVEPOINT retention_policy');
        const message = e instanceof Error ? e.message : String(e);
        this.p.log.error({ err: e, policy: policy.id }, 'retention policy failed');
        for (const fn of this.failureListeners) fn(policy.id);
        results.push({ id: policy.id, rows: 0, files: 0, full: false, error: message });
      }
    }
    return { more: results.some((r) => r.full), results };
  }

  /** Runs passes, each in its own transaction, until nothing more is due (the CLI and tests). */
  async sweepAll(): Promise<PolicyPass[]> {
    const totals = new Map<string, PolicyPass>();
    for (let i = 0; i < 100_000; i += 1) {
      const { more, results } = await this.p.db.tx((tx) => this.pass(tx, this.p.clock.now()));
      for (const r of results) {
        const t = totals.get(r.id);
        totals.set(r.id, t ? { ...r, rows: t.rows + r.rows, files: t.files + r.files, error: r.error ?? t.error } : r);
      }
      if (!more) break;
    }
    return [...totals.values()];
  }

  /** Every policy with its period and last run, for administrators. */
  async list(): Promise<RetentionView[]> {
    const [state, jobs, guarded] = await Promise.all([
      listState(this.p.db),
      lastJobRuns(
        this.p.db,
        this.external.map((x) => x.job),
      ),
      auditGuardsInPlace(this.p.db),
    ]);
    const byId = new Map(state.map((s) => [s.policy_id, s]));
    const own: RetentionView[] = this.policies.map((policy) => {
      const s = byId.get(policy.id);
      return {
        id: policy.id,
        module: policy.module,
        kind: 'anonymise',
        days: this.periodOf(policy.id),
        defaultDays: policy.defaultDays,
        minDays: policy.minDays,
        env: policy.env,
        from: policy.from,
        anonymises: policy.anonymises,
        keeps: policy.keeps,
        lastRunAt: s?.last_run_at.toISOString() ?? null,
        lastCutoff: s?.last_cutoff.toISOString() ?? null,
        lastRows: s?.last_rows ?? null,
        lastFiles: s?.last_files ?? null,
        totalRows: s ? Number(s.total_rows) : null,
        totalFiles: s ? Number(s.total_files) : null,
        lastChangeAt: s?.last_change_at?.toISOString() ?? null,
        guarded: null,
      };
    });
    const others: RetentionView[] = this.external.map((x) => ({
      id: x.id,
      module: x.module,
      kind: 'external',
      days: x.days,
      defaultDays: null,
      minDays: 1,
      env: x.env,
      from: x.from,
      anonymises: x.anonymises,
      keeps: x.keeps,
      lastRunAt: jobs.get(x.job)?.toISOString() ?? null,
      lastCutoff: null,
      lastRows: null,
      lastFiles: null,
      totalRows: null,
      totalFiles: null,
      lastChangeAt: null,
      guarded: null,
    }));
    const audit: RetentionView = {
      id: 'audit.log',
      module: 'audit',
      kind: 'keep',
      days: this.config.auditDays,
      defaultDays: null,
      minDays: AUDIT_MIN_DAYS,
      env: AUDIT_ENV,
      from: 'recorded',
      anonymises: 'nothing: audit rows are never deleted or changed (database triggers refuse it)',
      keeps: 'every audit row, sealed into the hash chain',
      lastRunAt: null,
      lastCutoff: null,
      lastRows: null,
      lastFiles: null,
      totalRows: null,
      totalFiles: null,
      lastChangeAt: null,
      guarded,
    };
    return [...own, ...others, audit];
  }

  /** Called with the policy id of each failed batch (the failures counter in /metrics). */
  onFailure(fn: (policyId: string) => void): void {
    this.failureListeners.push(fn);
  }
}
