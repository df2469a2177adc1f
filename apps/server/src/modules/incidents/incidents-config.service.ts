import { DEFAULT_DEADLINES, type DeadlineConfig, type Priority, type PriorityRule } from '@fengqiao/domain';
import { txScope } from '../../platform/db/db';
import type { Platform } from '../../platform/platform';
import {
  type CategoryRow,
  listCategories,
  listPriorityRules,
  listWarningRules,
  readSetting,
  type WarningRuleRow,
} from './config.repository';

export interface IntakeSettings {
  /** Minutes within which a report of the same category nearby is a near-duplicate; 0 switches linking off. */
  duplicateWindowMinutes: number;
  /** Radius in metres for near-duplicates. */
  duplicateRadiusM: number;
}

export const DEFAULT_INTAKE: IntakeSettings = { duplicateWindowMinutes: 30, duplicateRadiusM: 300 };

interface Snapshot {
  at: number;
  categories: Map<string, CategoryRow>;
  priorityRules: PriorityRule[];
  warningRules: WarningRuleRow[];
  deadlines: Record<Priority, DeadlineConfig>;
  intake: IntakeSettings;
}

/**
 * Categories, priority rules, warning rules, deadlines and intake settings
 * are configuration in the database. Ingest reads them from a snapshot that
 * is re-read in the background once 15 s old (and at once after an edit on
 * this node), so a burst of reports does not re-read configuration per
 * request, nor wait for the periodic re-read.
 */
export class IncidentsConfig {
  private snap: Snapshot | null = null;
  private loading: Promise<Snapshot> | null = null;
  /** Bumped by invalidate(): a load that started before an edit must not put stale data back. */
  private generation = 0;

  constructor(private readonly p: Platform) {}

  invalidate(): void {
    this.generation += 1;
    this.snap = null;
    this.loading = null;
  }

  async get(): Promise<Snapshot> {
    const snap = this.snap;
    if (snap && Date.now() - snap.at < 15_000) return snap;
    // Inside a transaction the pool is off limits (PGlite has one connection): a stale snapshot is fine there.
    if (txScope.getStore()) {
      if (snap) return snap;
      throw new Error('incident configuration must be loaded before opening a transaction');
    }
    const loading = this.load();
    // A stale snapshot answers while the next one loads: under load every request queued behind the periodic
    // re-read (a visible stall every 15 s). Only the first load, and the one after an edit here, are awaited.
    if (snap) {
      loading.catch(() => undefined);
      return snap;
    }
    return loading;
  }

  private load(): Promise<Snapshot> {
    const generation = this.generation;
    this.loading ??= (async () => {
      const [categories, priorityRules, warningRules, deadlines, intake] = await Promise.all([
        listCategories(this.p.db),
        listPriorityRules(this.p.db),
        listWarningRules(this.p.db),
        readSetting<Record<Priority, DeadlineConfig>>(this.p.db, 'dispatch.deadlines'),
        readSetting<IntakeSettings>(this.p.db, 'intake'),
      ]);
      const snap: Snapshot = {
        at: Date.now(),
        categories: new Map(categories.map((c) => [c.code, c])),
        priorityRules,
        warningRules,
        deadlines: deadlines ?? DEFAULT_DEADLINES,
        intake: { ...DEFAULT_INTAKE, ...(intake ?? {}) },
      };
      if (generation === this.generation) this.snap = snap;
      return snap;
    })().finally(() => {
      if (generation === this.generation) this.loading = null;
    });
    return this.loading;
  }
}
