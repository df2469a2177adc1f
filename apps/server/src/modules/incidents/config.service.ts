import type {
  CategoryConfigView,
  CategoryCreateBody,
  CategoryUpdateBody,
  DeadlinesBody,
  FieldError,
  IntakeSettingsBody,
  PriorityRuleBody,
  WarningRuleBody,
} from '@fengqiao/contracts';
import { DEFAULT_DEADLINES, type DeadlineConfig, PRIORITIES, type Priority, type PriorityRule } from '@fengqiao/domain';
import type { Queryable, Tx } from '../../platform/db/db';
import { AppError, badRequest, forbidden, notFound } from '../../platform/errors';
import type { Ctx, Platform } from '../../platform/platform';
import {
  type CategoryRow,
  listCategories,
  listPriorityRules,
  listWarningRules,
  readSetting,
  savePriorityRule,
  saveWarningRule,
  upsertCategory,
  type WarningRuleRow,
  writeSetting,
} from './config.repository';
import { DEFAULT_INTAKE, type IncidentsConfig, type IntakeSettings } from './incidents-config.service';

export const DEADLINES_KEY = 'dispatch.deadlines';
export const INTAKE_KEY = 'intake';

function categoryView(c: CategoryRow): CategoryConfigView {
  return {
    code: c.code,
    parentCode: c.parent_code,
    nameZh: c.name_zh,
    nameEn: c.name_en,
    team: c.team,
    defaultPriority: c.default_priority,
    open311: c.open311,
    active: c.active,
    sort: c.sort,
  };
}

function warningRuleView(r: WarningRuleRow) {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    categoryPrefixes: r.category_prefixes,
    threshold: r.threshold,
    windowDays: r.window_days,
    target: r.target,
    active: r.active,
  };
}

/**
 * Station leaders' configuration of the command room: priority rules,
 * early-warning rules, categories, dispatch deadlines and intake settings.
 * Every change is validated, audited in its transaction with the values
 * before and after, and drops this node's configuration snapshot once
 * committed (other nodes pick it up within the snapshot's 15 s).
 */
export class ConfigService {
  constructor(
    private readonly p: Platform,
    private readonly config: IncidentsConfig,
  ) {}

  private station(ctx: Ctx): string {
    if (!ctx.actor.stationId) throw forbidden('your account belongs to no station');
    return ctx.actor.stationId;
  }

  private invalidateOnCommit(tx: Tx): void {
    tx.afterCommit(() => this.config.invalidate());
  }

  /** 400 naming each category reference that does not exist. */
  private async checkCategories(q: Queryable, refs: { path: string; code: string }[]): Promise<void> {
    if (refs.length === 0) return;
    const known = new Set((await listCategories(q)).map((c) => c.code));
    const fields: FieldError[] = refs
      .filter((r) => !known.has(r.code))
      .map((r) => ({ path: r.path, code: 'unknown_category', message: `no category ${r.code}` }));
    if (fields.length > 0) throw badRequest('unknown category', fields);
  }

  // ---------------------------------------------------------- priority rules

  async priorityRules(): Promise<PriorityRule[]> {
    return listPriorityRules(this.p.db);
  }

  async createPriorityRule(ctx: Ctx, body: PriorityRuleBody): Promise<PriorityRule> {
    this.station(ctx);
    return this.p.db.tx(async (tx) => {
      if (body.categoryPrefix)
        await this.checkCategories(tx, [{ path: 'body.categoryPrefix', code: body.categoryPrefix }]);
      const id = await savePriorityRule(tx, null, body);
      const after = (await listPriorityRules(tx)).find((r) => r.id === id);
      if (!after) throw new Error('priority rule vanished inside its transaction');
      await this.p.audit.record(
        ctx.audit,
        { action: 'priority_rule.create', resourceType: 'priority_rule', resourceId: id, details: { after } },
        tx,
      );
      this.invalidateOnCommit(tx);
      return after;
    });
  }

  async updatePriorityRule(ctx: Ctx, id: string, body: PriorityRuleBody): Promise<PriorityRule> {
    this.station(ctx);
    return this.p.db.tx(async (tx) => {
      const before = (await listPriorityRules(tx)).find((r) => r.id === id);
      if (!before) throw notFound('priority rule');
      if (body.categoryPrefix)
        await this.checkCategories(tx, [{ path: 'body.categoryPrefix', code: body.categoryPrefix }]);
      await savePriorityRule(tx, id, body);
      const after = (await listPriorityRules(tx)).find((r) => r.id === id) ?? { id, ...body };
      await this.p.audit.record(
        ctx.audit,
        { action: 'priority_rule.update', resourceType: 'priority_rule', resourceId: id, details: { before, after } },
        tx,
      );
      this.invalidateOnCommit(tx);
      return after;
    });
  }

  // ----------------------------------------------------------- warning rules

  /** Rules for every station and those of the caller's station. */
  async warningRules(ctx: Ctx) {
    const stationId = this.station(ctx);
    return (await listWarningRules(this.p.db))
      .filter((r) => r.station_id === null || r.station_id === stationId)
      .map(warningRuleView);
  }

  async createWarningRule(ctx: Ctx, body: WarningRuleBody) {
    this.station(ctx);
    return this.p.db.tx(async (tx) => {
      await this.checkCategories(
        tx,
        body.categoryPrefixes.map((code, i) => ({ path: `body.categoryPrefixes.${i}`, code })),
      );
      const id = await saveWarningRule(tx, null, this.warningRow(body));
      const row = (await listWarningRules(tx)).find((r) => r.id === id);
      if (!row) throw new Error('warning rule vanished inside its transaction');
      const after = warningRuleView(row);
      await this.p.audit.record(
        ctx.audit,
        { action: 'warning_rule.create', resourceType: 'warning_rule', resourceId: id, details: { after } },
        tx,
      );
      this.invalidateOnCommit(tx);
      return after;
    });
  }

  async updateWarningRule(ctx: Ctx, id: string, body: WarningRuleBody) {
    const stationId = this.station(ctx);
    return this.p.db.tx(async (tx) => {
      const row = (await listWarningRules(tx)).find((r) => r.id === id);
      if (!row || (row.station_id !== null && row.station_id !== stationId)) throw notFound('warning rule');
      await this.checkCategories(
        tx,
        body.categoryPrefixes.map((code, i) => ({ path: `body.categoryPrefixes.${i}`, code })),
      );
      await saveWarningRule(tx, id, this.warningRow(body));
      const saved = (await listWarningRules(tx)).find((r) => r.id === id);
      const before = warningRuleView(row);
      const after = saved ? warningRuleView(saved) : { ...body, id };
      await this.p.audit.record(
        ctx.audit,
        { action: 'warning_rule.update', resourceType: 'warning_rule', resourceId: id, details: { before, after } },
        tx,
      );
      this.invalidateOnCommit(tx);
      return after;
    });
  }

  private warningRow(b: WarningRuleBody): Omit<WarningRuleRow, 'id' | 'station_id'> {
    return {
      name: b.name,
      kind: b.kind,
      category_prefixes: b.categoryPrefixes,
      threshold: b.threshold,
      window_days: b.windowDays,
      target: b.target,
      active: b.active,
    };
  }

  // -------------------------------------------------------------- categories

  /** Every category, inactive ones included, in display order. */
  async categories(): Promise<CategoryConfigView[]> {
    return (await listCategories(this.p.db)).map(categoryView);
  }

  /**
   * Adds a sub-category `parent.child` under an existing top-level category.
   * Team and default priority default to the parent's; it sorts after its
   * siblings. The 110 top level itself is fixed.
   */
  async createCategory(ctx: Ctx, body: CategoryCreateBody): Promise<CategoryConfigView> {
    this.station(ctx);
    const [parentCode] = body.code.split('.');
    if (!parentCode || !body.code.includes('.'))
      throw badRequest('not a sub-category', [
        {
          path: 'body.code',
          code: 'subcategory_required',
          message: 'new categories are sub-categories: parent.child',
        },
      ]);
    return this.p.db.tx(async (tx) => {
      const all = await listCategories(tx);
      const parent = all.find((c) => c.code === parentCode);
      if (!parent)
        throw badRequest('unknown parent category', [
          { path: 'body.code', code: 'unknown_parent', message: `the parent category ${parentCode} does not exist` },
        ]);
      if (all.some((c) => c.code === body.code))
        throw new AppError('conflict', `category ${body.code} exists`, [
          { path: 'body.code', code: 'exists', message: `category ${body.code} exists; update it instead` },
        ]);
      const family = all.filter((c) => c.code === parent.code || c.parent_code === parent.code);
      const row: CategoryRow = {
        code: body.code,
        parent_code: parent.code,
        name_zh: body.nameZh,
        name_en: body.nameEn,
        team: body.team ?? parent.team,
        default_priority: body.defaultPriority ?? parent.default_priority,
        open311: body.open311,
        active: body.active,
        sort: body.sort ?? Math.max(...family.map((c) => c.sort)) + 1,
      };
      await upsertCategory(tx, row);
      const after = categoryView(row);
      await this.p.audit.record(
        ctx.audit,
        { action: 'category.create', resourceType: 'incident_category', resourceId: row.code, details: { after } },
        tx,
      );
      this.invalidateOnCommit(tx);
      return after;
    });
  }

  /** Names, team, default priority, Open311 exposure and active flag; the code and parent are fixed. */
  async updateCategory(ctx: Ctx, code: string, body: CategoryUpdateBody): Promise<CategoryConfigView> {
    this.station(ctx);
    return this.p.db.tx(async (tx) => {
      const row = (await listCategories(tx)).find((c) => c.code === code);
      if (!row) throw notFound('category');
      const next: CategoryRow = {
        ...row,
        name_zh: body.nameZh ?? row.name_zh,
        name_en: body.nameEn ?? row.name_en,
        team: body.team ?? row.team,
        default_priority: body.defaultPriority ?? row.default_priority,
        open311: body.open311 ?? row.open311,
        active: body.active ?? row.active,
      };
      await upsertCategory(tx, next);
      const before = categoryView(row);
      const after = categoryView(next);
      await this.p.audit.record(
        ctx.audit,
        { action: 'category.update', resourceType: 'incident_category', resourceId: code, details: { before, after } },
        tx,
      );
      this.invalidateOnCommit(tx);
      return after;
    });
  }

  // ---------------------------------------------------- deadlines and intake

  async deadlines(): Promise<Record<Priority, DeadlineConfig>> {
    return (await readSetting<Record<Priority, DeadlineConfig>>(this.p.db, DEADLINES_KEY)) ?? DEFAULT_DEADLINES;
  }

  /**
   * Replaces the deadlines of every priority. Within a priority the steps
   * must not contradict each other (acknowledge ≤ arrive ≤ resolve). Orders
   * already issued keep the deadlines they were issued with.
   */
  async setDeadlines(ctx: Ctx, body: DeadlinesBody): Promise<Record<Priority, DeadlineConfig>> {
    this.station(ctx);
    const fields: FieldError[] = [];
    const order = (p: Priority, earlier: keyof DeadlineConfig, later: keyof DeadlineConfig) => {
      const a = body[p][earlier];
      const b = body[p][later];
      if (a !== null && b !== null && a > b)
        fields.push({
          path: `body.${p}.${later}`,
          code: 'too_short',
          message: `${later} must not be before ${earlier}`,
        });
    };
    for (const p of PRIORITIES) {
      order(p, 'ack', 'arriveUrban');
      order(p, 'ack', 'arriveOther');
      order(p, 'ack', 'resolve');
      order(p, 'arriveUrban', 'resolve');
      order(p, 'arriveOther', 'resolve');
    }
    if (fields.length > 0) throw badRequest('contradictory deadlines', fields);
    return this.p.db.tx(async (tx) => {
      const before = (await readSetting<Record<Priority, DeadlineConfig>>(tx, DEADLINES_KEY)) ?? DEFAULT_DEADLINES;
      await writeSetting(tx, DEADLINES_KEY, body, ctx.actor.userId, this.p.clock.now());
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'setting.update',
          resourceType: 'setting',
          resourceId: DEADLINES_KEY,
          details: { before, after: body },
        },
        tx,
      );
      this.invalidateOnCommit(tx);
      return body;
    });
  }

  async intake(): Promise<IntakeSettings> {
    return this.intakeOf(await readSetting<Record<string, unknown>>(this.p.db, INTAKE_KEY));
  }

  private intakeOf(stored: Record<string, unknown> | null): IntakeSettings {
    const s = { ...DEFAULT_INTAKE, ...(stored ?? {}) };
    return { duplicateWindowMinutes: s.duplicateWindowMinutes, duplicateRadiusM: s.duplicateRadiusM };
  }

  /** Sets the near-duplicate window and radius; other keys stored under `intake` are kept. */
  async setIntake(ctx: Ctx, body: IntakeSettingsBody): Promise<IntakeSettings> {
    this.station(ctx);
    return this.p.db.tx(async (tx) => {
      const stored = await readSetting<Record<string, unknown>>(tx, INTAKE_KEY);
      const before = this.intakeOf(stored);
      await writeSetting(tx, INTAKE_KEY, { ...(stored ?? {}), ...body }, ctx.actor.userId, this.p.clock.now());
      await this.p.audit.record(
        ctx.audit,
        { action: 'setting.update', resourceType: 'setting', resourceId: INTAKE_KEY, details: { before, after: body } },
        tx,
      );
      this.invalidateOnCommit(tx);
      return body;
    });
  }
}
