import { type MediationConfigView, MediationSettings, type MediationSettings as Settings } from '@fengqiao/contracts';
import { JUDICIAL_WINDOW_DAYS, type RiskLevel } from '@fengqiao/domain';
import type { Queryable } from '../../platform/db/db';
import { notFound } from '../../platform/errors';
import type { Ctx, Platform } from '../../platform/platform';
import {
  type CategoryRow,
  listCategories,
  listRiskLevels,
  type RiskRow,
  readSettings,
  updateCategory,
  updateRiskLevel,
  writeSettings,
} from './config.repository';

export const SETTINGS_KEY = 'mediation';
export const DEFAULT_SETTINGS: Settings = { followupDays: [7, 30] };

export interface ConfigSnapshot {
  categories: Map<string, CategoryRow>;
  risks: Map<RiskLevel, RiskRow>;
  settings: Settings;
}

/**
 * The mediation configuration (categories, risk levels with their deadlines,
 * follow-up schedule), cached for 15 s per node and dropped on change.
 */
export class MediationConfig {
  private snapshot: { at: number; value: ConfigSnapshot } | null = null;
  constructor(private readonly p: Platform) {}

  /**
   * Inside a transaction pass its `q`: when the cache has expired the reload
   * must not touch the pool (the platform refuses that in a transaction).
   */
  async get(q: Queryable = this.p.db): Promise<ConfigSnapshot> {
    const now = Date.now();
    if (this.snapshot && now - this.snapshot.at < 15_000) return this.snapshot.value;
    // One after another: a transaction runs its statements on one connection.
    const categories = await listCategories(q);
    const risks = await listRiskLevels(q);
    const raw = await readSettings(q, SETTINGS_KEY);
    const parsed = MediationSettings.safeParse(raw);
    const value: ConfigSnapshot = {
      categories: new Map(categories.map((c) => [c.code, c])),
      risks: new Map(risks.map((r) => [r.code, r])),
      settings: parsed.success ? parsed.data : DEFAULT_SETTINGS,
    };
    this.snapshot = { at: now, value };
    return value;
  }

  invalidate(): void {
    this.snapshot = null;
  }

  /** When a dispute of this risk must be resolved, counted from `from`. */
  async dueAt(risk: RiskLevel, from: Date, q?: Queryable): Promise<Date> {
    const r = (await this.get(q)).risks.get(risk);
    return new Date(from.getTime() + (r?.resolve_days ?? 15) * 86_400_000);
  }

  async view(): Promise<MediationConfigView> {
    const c = await this.get();
    return {
      categories: [...c.categories.values()].map((x) => ({
        code: x.code,
        nameZh: x.name_zh,
        nameEn: x.name_en,
        sort: x.sort,
        active: x.active,
      })),
      riskLevels: [...c.risks.values()].map((r) => ({
        code: r.code,
        nameZh: r.name_zh,
        meaning: r.meaning,
        resolveDays: r.resolve_days,
        remindHours: r.remind_hours,
      })),
      settings: c.settings,
      judicialWindowDays: JUDICIAL_WINDOW_DAYS,
    };
  }
}

/** Leaders' changes to the configuration: validated, audited with before and after, cache dropped on commit. */
export class ConfigService {
  constructor(
    private readonly p: Platform,
    private readonly config: MediationConfig,
  ) {}

  async updateRiskLevel(
    ctx: Ctx,
    code: RiskLevel,
    v: { nameZh: string; meaning: string; resolveDays: number; remindHours: number },
  ): Promise<MediationConfigView> {
    await this.p.db.tx(async (tx) => {
      const before = (await listRiskLevels(tx)).find((r) => r.code === code);
      if (!before || !(await updateRiskLevel(tx, code, v))) throw notFound('risk level');
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'mediation.risk_level.update',
          resourceType: 'mediation_config',
          resourceId: null,
          details: { code, before, after: v },
        },
        tx,
      );
      tx.afterCommit(() => this.config.invalidate());
    });
    this.config.invalidate();
    return this.config.view();
  }

  async updateCategory(
    ctx: Ctx,
    code: string,
    v: {
      nameZh?: string | undefined;
      nameEn?: string | undefined;
      sort?: number | undefined;
      active?: boolean | undefined;
    },
  ): Promise<MediationConfigView> {
    await this.p.db.tx(async (tx) => {
      const before = (await listCategories(tx)).find((c) => c.code === code);
      const patch = {
        ...(v.nameZh !== undefined ? { nameZh: v.nameZh } : {}),
        ...(v.nameEn !== undefined ? { nameEn: v.nameEn } : {}),
        ...(v.sort !== undefined ? { sort: v.sort } : {}),
        ...(v.active !== undefined ? { active: v.active } : {}),
      };
      if (!before || !(await updateCategory(tx, code, patch))) throw notFound('category');
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'mediation.category.update',
          resourceType: 'mediation_config',
          details: { code, before, after: patch },
        },
        tx,
      );
      tx.afterCommit(() => this.config.invalidate());
    });
    this.config.invalidate();
    return this.config.view();
  }

  async updateSettings(ctx: Ctx, v: Settings): Promise<MediationConfigView> {
    const clean: Settings = { followupDays: [...new Set(v.followupDays)].sort((a, b) => a - b) };
    await this.p.db.tx(async (tx) => {
      const before = await readSettings(tx, SETTINGS_KEY);
      await writeSettings(tx, SETTINGS_KEY, clean, ctx.actor.userId, this.p.clock.now());
      await this.p.audit.record(
        ctx.audit,
        { action: 'mediation.settings.update', resourceType: 'mediation_config', details: { before, after: clean } },
        tx,
      );
      tx.afterCommit(() => this.config.invalidate());
    });
    this.config.invalidate();
    return this.config.view();
  }
}
