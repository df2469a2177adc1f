import {
  type HeatmapView,
  IncidentSource,
  IncidentStatus,
  Priority,
  type RepeatsView,
  type SummaryView,
  TeamCode,
  type TrendsView,
} from '@fengqiao/contracts';
import { badRequest, forbidden } from '../../platform/errors';
import type { Ctx, Platform } from '../../platform/platform';
import {
  addDays,
  bucketsOf,
  daysBetween,
  eachDay,
  type Granularity,
  localDayStart,
  yearEarlier,
} from './analysis.dates';
import {
  type AnalysisScope,
  dailyByTopCategory,
  heatCells,
  orderStats,
  periodCounts,
  type RepeatGroup,
  repeatGroups,
  unclosedByStatus,
} from './analysis.repository';
import type { IncidentsConfig } from './incidents-config.service';
import { localDay } from './local-time';

/** The longest period one request may cover, in days. */
export const MAX_RANGE_DAYS = 366;
const DEFAULT_RANGE_DAYS = 30;

interface Range {
  from?: string | undefined;
  to?: string | undefined;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

function changePct(current: number, previous: number): number | null {
  return previous === 0 ? null : round1(((current - previous) / previous) * 100);
}

function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

function bump<K extends string>(rec: Record<K, number>, key: string | null, n: number): void {
  if (key !== null && key in rec) rec[key as K] += n;
}

/**
 * The command room's analysis: heat map by grid and hour, trends against
 * the same period a year earlier, repeat addresses and callers, and a
 * period summary. Every figure is counted from records at request time;
 * staff scoped to grids see their grids only.
 */
export class AnalysisService {
  constructor(
    private readonly p: Platform,
    private readonly config: IncidentsConfig,
    private readonly gridCodes: (stationId: string) => Promise<Map<string, string>>,
  ) {}

  private scope(ctx: Ctx): Required<Pick<AnalysisScope, 'stationId' | 'gridIds'>> {
    const { stationId, scope, gridIds } = ctx.actor;
    if (!stationId || scope === 'none') throw forbidden('your account belongs to no station');
    return { stationId, gridIds: scope === 'grids' ? gridIds : null };
  }

  /** Local days [from, to]; by default the 30 days ending today. */
  range(q: Range): { from: string; to: string } {
    const today = localDay(this.p.clock.now());
    const to = q.to ?? today;
    const from = q.from ?? addDays(to, -(DEFAULT_RANGE_DAYS - 1));
    if (from > to)
      throw badRequest('invalid period', [
        { path: 'querystring.from', code: 'after_to', message: '"from" is after "to"' },
      ]);
    if (daysBetween(from, to) + 1 > MAX_RANGE_DAYS)
      throw badRequest('period too long', [
        { path: 'querystring.to', code: 'range_too_long', message: `at most ${MAX_RANGE_DAYS} days` },
      ]);
    return { from, to };
  }

  async heatmap(ctx: Ctx, q: Range & { category?: string | undefined }): Promise<HeatmapView> {
    const s = this.scope(ctx);
    const { from, to } = this.range(q);
    const [cells, codes] = await Promise.all([
      heatCells(this.p.db, { ...s, category: q.category ?? null }, from, to),
      this.gridCodes(s.stationId),
    ]);
    const rows = new Map<string | null, { hours: number[]; total: number }>();
    const row = (gridId: string | null) => {
      let r = rows.get(gridId);
      if (!r) {
        r = { hours: new Array<number>(24).fill(0), total: 0 };
        rows.set(gridId, r);
      }
      return r;
    };
    // Every grid in the jurisdiction appears, quiet ones with zeros.
    for (const id of s.gridIds ?? [...codes.keys()]) row(id);
    const hours = new Array<number>(24).fill(0);
    let total = 0;
    for (const c of cells) {
      const r = row(c.grid_id);
      r.hours[c.hour] = (r.hours[c.hour] ?? 0) + c.n;
      r.total += c.n;
      hours[c.hour] = (hours[c.hour] ?? 0) + c.n;
      total += c.n;
    }
    const grids = [...rows.entries()].map(([gridId, r]) => ({
      gridId,
      gridCode: gridId === null ? null : (codes.get(gridId) ?? null),
      total: r.total,
      hours: r.hours,
    }));
    grids.sort(
      (a, b) =>
        b.total - a.total ||
        Number(a.gridCode === null) - Number(b.gridCode === null) ||
        (a.gridCode ?? '').localeCompare(b.gridCode ?? ''),
    );
    return { from, to, category: q.category ?? null, total, hours, grids };
  }

  async trends(
    ctx: Ctx,
    q: Range & { granularity: Granularity; category?: string | undefined; gridId?: string | undefined },
  ): Promise<TrendsView> {
    const s = this.scope(ctx);
    if (q.gridId && s.gridIds && !s.gridIds.includes(q.gridId))
      throw forbidden('that grid is outside your jurisdiction');
    const { from, to } = this.range(q);
    const g = q.granularity;
    const buckets = bucketsOf(from, to, g);
    const previousFrom = yearEarlier(from, g);
    const previousTo = yearEarlier(to, g);
    const scope = { stationId: s.stationId, category: q.category ?? null, gridIds: q.gridId ? [q.gridId] : s.gridIds };
    // A period longer than the comparison shift overlaps its own comparison period: read each day once.
    const previousEnd = previousTo < from ? previousTo : addDays(from, -1);
    const [rows, earlier, cfg] = await Promise.all([
      dailyByTopCategory(this.p.db, scope, from, to),
      previousFrom <= previousEnd ? dailyByTopCategory(this.p.db, scope, previousFrom, previousEnd) : [],
      this.config.get(),
    ]);
    const current = new Map<string, number>();
    const previous = new Map<string, number[]>();
    buckets.forEach((b, i) => {
      for (const d of eachDay(b.start, b.end)) current.set(d, i);
      for (const d of eachDay(b.previousStart, b.previousEnd)) previous.set(d, [...(previous.get(d) ?? []), i]);
    });

    // One series per top-level category (or the one category asked for), quiet ones with zeros.
    const tops = [...cfg.categories.values()].filter((c) => c.parent_code === null).map((c) => c.code);
    const wanted = q.category ? [q.category.split('.')[0] ?? q.category] : tops;
    const counts = new Map<string, { cur: number[]; prev: number[] }>();
    const series = (top: string) => {
      let c = counts.get(top);
      if (!c) {
        c = { cur: new Array<number>(buckets.length).fill(0), prev: new Array<number>(buckets.length).fill(0) };
        counts.set(top, c);
      }
      return c;
    };
    for (const top of wanted) series(top);
    for (const r of [...rows, ...earlier]) {
      const c = series(r.top);
      const i = current.get(r.day);
      if (i !== undefined) c.cur[i] = (c.cur[i] ?? 0) + r.n;
      for (const j of previous.get(r.day) ?? []) c.prev[j] = (c.prev[j] ?? 0) + r.n;
    }
    const build = (category: string, nameZh: string, nameEn: string, cur: number[], prev: number[]) => {
      const total = cur.reduce((a, b) => a + b, 0);
      const previousTotal = prev.reduce((a, b) => a + b, 0);
      return {
        category,
        nameZh,
        nameEn,
        total,
        previousTotal,
        changePct: changePct(total, previousTotal),
        points: buckets.map((b, i) => ({
          start: b.start,
          count: cur[i] ?? 0,
          previous: prev[i] ?? 0,
          changePct: changePct(cur[i] ?? 0, prev[i] ?? 0),
        })),
      };
    };
    const out = [...counts.entries()].map(([top, c]) => {
      // A sub-category asked for is labelled as itself.
      const code = q.category?.includes('.') ? q.category : top;
      const cat = cfg.categories.get(code);
      return build(code, cat?.name_zh ?? code, cat?.name_en ?? code, c.cur, c.prev);
    });
    out.sort((a, b) => b.total - a.total || a.category.localeCompare(b.category));
    const sum = (pick: (c: { cur: number[]; prev: number[] }) => number[]) =>
      buckets.map((_, i) => [...counts.values()].reduce((a, c) => a + (pick(c)[i] ?? 0), 0));
    return {
      from,
      to,
      previousFrom,
      previousTo,
      granularity: g,
      category: q.category ?? null,
      gridId: q.gridId ?? null,
      buckets,
      series: out,
      totals: build(
        '*',
        '合计',
        'All categories',
        sum((c) => c.cur),
        sum((c) => c.prev),
      ),
    };
  }

  async repeats(ctx: Ctx, q: { days: number; min: number; limit: number }): Promise<RepeatsView> {
    const s = this.scope(ctx);
    const now = this.p.clock.now();
    const since = new Date(now.getTime() - q.days * 86_400_000);
    const [addresses, callers, codes] = await Promise.all([
      repeatGroups(this.p.db, 'address', s, since, q.min, q.limit, q.days),
      repeatGroups(this.p.db, 'caller', s, since, q.min, q.limit, q.days),
      this.gridCodes(s.stationId),
    ]);
    const common = (g: RepeatGroup) => {
      const mix = new Map<string, number>();
      for (const [i, c] of g.categories.entries()) mix.set(c, g.category_counts[i] ?? 0);
      return {
        count: g.n,
        categories: [...mix.entries()]
          .map(([code, count]) => ({ code, count }))
          .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
        lastAt: g.last_at.toISOString(),
        latest: g.ids.map((id, i) => ({
          id,
          number: g.numbers[i] ?? '',
          reportedAt: g.reported[i]?.toISOString() ?? '',
        })),
      };
    };
    const view: RepeatsView = {
      days: q.days,
      min: q.min,
      since: since.toISOString(),
      until: now.toISOString(),
      addresses: addresses.map((g) => ({
        addressKey: g.key,
        address: g.label ?? g.key,
        gridId: g.grid_id,
        gridCode: g.grid_id ? (codes.get(g.grid_id) ?? null) : null,
        ...common(g),
      })),
      callers: callers.map((g) => ({ phone: g.label ?? '', ...common(g) })),
    };
    // Masked phones and addresses of repeat callers are personal data: the read is audited.
    await this.p.audit.record(ctx.audit, {
      action: 'analysis.repeats',
      resourceType: 'analysis',
      details: {
        days: q.days,
        min: q.min,
        limit: q.limit,
        scope: s.gridIds ? 'grids' : 'station',
        addresses: view.addresses.length,
        callers: view.callers.length,
        incidents: [...view.addresses, ...view.callers].flatMap((x) => x.latest.map((l) => l.number)).slice(0, 200),
      },
    });
    return view;
  }

  async summary(ctx: Ctx, q: Range): Promise<SummaryView> {
    const s = this.scope(ctx);
    const { from, to } = this.range(q);
    const since = localDayStart(from);
    const until = localDayStart(addDays(to, 1));
    const [counts, unclosed, orders] = await Promise.all([
      periodCounts(this.p.db, s, from, to),
      unclosedByStatus(this.p.db, s, since, until),
      orderStats(this.p.db, s, from, to),
    ]);
    const bySource = zeros(IncidentSource.options);
    const byStatus = zeros(IncidentStatus.options);
    const byPriority = zeros(Priority.options);
    const byTeam = zeros(TeamCode.options);
    const total = counts.total;
    for (const [k, n] of Object.entries(counts.bySource)) bump(bySource, k, n);
    for (const [k, n] of Object.entries(counts.byPriority)) bump(byPriority, k, n);
    for (const [k, n] of Object.entries(counts.byTeam)) bump(byTeam, k, n);
    // Closed: the period's incidents less those still open or transferred.
    let notClosed = 0;
    for (const c of unclosed) {
      bump(byStatus, c.status, c.n);
      notClosed += c.n;
    }
    bump(byStatus, 'closed', total - notClosed);
    const minutes = (sec: number | null) => (sec === null ? null : round1(sec / 60));
    return {
      from,
      to,
      total,
      bySource,
      byStatus,
      byPriority,
      byTeam,
      orders: {
        total: orders.total,
        acknowledged: orders.acknowledged,
        onScene: orders.on_scene,
        avgAckMinutes: minutes(orders.avg_ack_s),
        avgOnSceneMinutes: minutes(orders.avg_on_scene_s),
        breached: orders.breached,
        breachedShare: orders.total === 0 ? null : Math.round((orders.breached / orders.total) * 1000) / 1000,
      },
    };
  }
}
