import type {
  CountyOverview,
  CountyStations,
  DashboardView,
  FigureRecord,
  FigureView,
  WallView,
} from '@fengqiao/contracts';
import {
  addDays,
  baselineRange,
  chinaDay,
  chinaMidnight,
  DASHBOARD_FIGURES,
  type FigureSource,
  lastYearRange,
  type MeasureDef,
  measureOf,
  measureValue,
} from '@fengqiao/domain';
import { fieldError, forbidden } from '../../platform/errors';
import type { Ctx, Platform } from '../../platform/platform';
import type { LeadershipDeps, LeadershipGrid } from './deps';
import {
  dailyCounts,
  type Filter,
  type RecordDbRow,
  records,
  type Span,
  type Totals,
  totals,
  totalsBy,
} from './figures.repository';

/** A period of China days, `to` inclusive as the UI shows it. */
export interface Period {
  from: string;
  to: string;
}

const MAX_DAYS = 366 * 5;

/** The figures the county overview compares across stations. */
export const COUNTY_FIGURES = [
  'incidents_received',
  'early_warnings',
  'orders_on_time_rate',
  'orders_overdue',
  'disputes_success_rate',
  'grassroots_share',
  'hall_handled',
  'patrol_hours',
  'camera_alerts',
] as const;

/** Record sets that are a state as of their end: they end now at the latest, so "today" means so far. */
const AS_OF: ReadonlySet<FigureSource> = new Set([
  'orders.overdue_open',
  'disputes.high_risk_open',
  'volunteers.hazards_overdue',
  'alerts.open',
]);

/**
 * The station's key figures computed from the records on every read, the
 * records behind each figure, and the wall display. A figure and its
 * drill-down run the same record set, so they cannot disagree.
 */
export class FiguresService {
  constructor(
    private readonly p: Platform,
    private readonly deps: LeadershipDeps,
  ) {}

  stationOf(ctx: Ctx): string {
    if (!ctx.actor.stationId || ctx.actor.scope !== 'station')
      throw forbidden('station-wide figures need a station-wide role', 'station_scope');
    return ctx.actor.stationId;
  }

  /**
   * The stations a figure is read over: a station user's own station; for a
   * county user the one station asked for (of their county) or all of them.
   * Asking for a station outside one's reach is refused, never ignored.
   */
  stationsOf(ctx: Ctx, station?: string | undefined): string[] {
    const a = ctx.actor;
    if (a.scope === 'county') {
      if (station !== undefined) {
        if (!a.stationIds.includes(station)) throw forbidden('that station is not in your county', 'station_scope');
        return [station];
      }
      if (a.stationIds.length === 0) throw forbidden('your county has no stations', 'station_scope');
      return a.stationIds;
    }
    const own = this.stationOf(ctx);
    if (station !== undefined && station !== own) throw forbidden('that station is not yours', 'station_scope');
    return [own];
  }

  today(): string {
    return chinaDay(this.p.clock.now());
  }

  /** The period asked for, by default this month up to today. */
  period(q: { from?: string | undefined; to?: string | undefined }): Period {
    const today = this.today();
    const from = q.from ?? `${today.slice(0, 7)}-01`;
    const to = q.to ?? today;
    if (Number.isNaN(Date.parse(from))) throw fieldError('from', 'invalid_date', 'not a calendar day');
    if (Number.isNaN(Date.parse(to))) throw fieldError('to', 'invalid_date', 'not a calendar day');
    if (to < from) throw fieldError('to', 'before_from', 'the period ends before it starts');
    if ((Date.parse(to) - Date.parse(from)) / 86_400_000 > MAX_DAYS)
      throw fieldError('from', 'period_too_long', 'at most five years');
    return { from, to };
  }

  span(stations: string | readonly string[], p: Period): Span {
    const stationIds = typeof stations === 'string' ? [stations] : [...stations];
    return { stationIds, from: chinaMidnight(p.from), to: chinaMidnight(addDays(p.to, 1)) };
  }

  /** The span a source is read over (states as of the end stop at now). */
  spanFor(source: FigureSource, s: Span): Span {
    const now = this.p.clock.now();
    return AS_OF.has(source) && s.to > now ? { ...s, to: now } : s;
  }

  /** A measure's value over a span with optional filters (null when unavailable or nothing to divide). */
  async measure(
    def: MeasureDef,
    s: Span,
    f: Filter = {},
    gridCount = 0,
    memo?: Map<string, Promise<Totals>>,
  ): Promise<{ value: number | null; n: number }> {
    if (!def.available || !def.source) return { value: null, n: 0 };
    const span = this.spanFor(def.source, s);
    const median = def.aggregate === 'median';
    // Measures over the same record set (decided disputes: count and success rate; hall tickets: count and
    // mean wait) share one count within a page.
    const key = [
      def.source,
      span.stationIds.join(','),
      span.from.getTime(),
      span.to.getTime(),
      f.gridId ?? '',
      f.dim ?? '',
      median,
    ].join('|');
    let pending = memo?.get(key);
    if (!pending) {
      pending = totals(this.p.db, def.source, span, f, { median });
      memo?.set(key, pending);
    }
    const t = await pending;
    if (def.aggregate === 'coverage') {
      const grids = f.gridId ? 1 : gridCount;
      return { value: measureValue(def, { n: t.grids, sum: t.sum }, grids), n: t.n };
    }
    return { value: measureValue(def, t), n: t.n };
  }

  async figure(
    def: MeasureDef,
    stationId: string | readonly string[],
    p: Period,
    compare: 'previous' | 'last_year' | 'none',
    f: Filter,
    gridCount: number,
    memo?: Map<string, Promise<Totals>>,
  ): Promise<FigureView> {
    const cur = await this.measure(def, this.span(stationId, p), f, gridCount, memo);
    let cmp: FigureView['compare'] = null;
    if (def.available && compare !== 'none') {
      // The day, week or month before, or as many days before (baselineRange/lastYearRange take exclusive ends).
      const end = addDays(p.to, 1);
      const r = compare === 'previous' ? baselineRange(p.from, end) : lastYearRange(p.from, end);
      const prior = { from: r.from, to: addDays(r.to, -1) };
      const v = await this.measure(def, this.span(stationId, prior), f, gridCount, memo);
      cmp = { kind: compare, from: prior.from, to: prior.to, value: v.value };
    }
    return {
      key: def.key,
      unit: def.unit,
      module: def.module,
      available: def.available,
      value: cur.value,
      n: cur.n,
      compare: cmp,
    };
  }

  private async gridsOf(stations: string | readonly string[]): Promise<LeadershipGrid[]> {
    if (typeof stations === 'string') return this.deps.grids(stations);
    return (await Promise.all(stations.map((s) => this.deps.grids(s)))).flat();
  }

  async dashboard(
    ctx: Ctx,
    q: {
      from?: string | undefined;
      to?: string | undefined;
      gridId?: string | undefined;
      station?: string | undefined;
    },
  ): Promise<DashboardView> {
    const stationId = this.stationsOf(ctx, q.station);
    const p = this.period(q);
    const grids = await this.gridsOf(stationId);
    if (q.gridId && !grids.some((g) => g.id === q.gridId)) throw fieldError('gridId', 'unknown_grid', 'no such grid');
    const f: Filter = { gridId: q.gridId ?? null };
    // Independent panels: on PostgreSQL they run side by side on the pool (PGlite queues them).
    const memo = new Map<string, Promise<Totals>>();
    const figures = await Promise.all(
      DASHBOARD_FIGURES.flatMap((x) => {
        const def = measureOf(x.key);
        return def ? [this.figure(def, stationId, p, x.compare, f, grids.length, memo)] : [];
      }),
    );
    const s = this.span(stationId, p);
    const byLevel = await totalsBy(this.p.db, 'disputes.decided', s, 'dim', f);
    const successByLevel = [1, 2, 3].map((level) => {
      const t = byLevel.get(String(level)) ?? { n: 0, sum: 0 };
      return { level, decided: t.n, rate: t.n === 0 ? null : t.sum / t.n };
    });
    return {
      from: p.from,
      to: p.to,
      gridId: q.gridId ?? null,
      figures,
      successByLevel,
      daily: await this.daily(s, p, f),
      grids: await this.gridIncidents(s, grids),
    };
  }

  private async daily(s: Span, p: Period, f: Filter) {
    const [inc, warn] = await Promise.all([
      dailyCounts(this.p.db, 'incidents.received', s, f),
      dailyCounts(this.p.db, 'alerts.early_warning', s, f),
    ]);
    const out: DashboardView['daily'] = [];
    for (let d = p.from; d <= p.to && out.length < 400; d = addDays(d, 1))
      out.push({ day: d, incidents: inc.get(d) ?? 0, warnings: warn.get(d) ?? 0 });
    return out;
  }

  private async gridIncidents(s: Span, grids: LeadershipGrid[]) {
    const by = await totalsBy(this.p.db, 'incidents.received', s, 'grid');
    return grids.map((g) => ({ gridId: g.id, code: g.code, name: g.name, incidents: by.get(g.id)?.n ?? 0 }));
  }

  /** The records behind one figure. */
  async records(
    ctx: Ctx,
    q: {
      measure: string;
      from?: string | undefined;
      to?: string | undefined;
      gridId?: string | undefined;
      station?: string | undefined;
      dim?: string | undefined;
      offset: number;
      limit: number;
    },
  ) {
    const stationId = this.stationsOf(ctx, q.station);
    const def = measureOf(q.measure);
    if (!def) throw fieldError('measure', 'unknown_measure', 'no such measure');
    if (!def.available || !def.source) throw fieldError('measure', 'measure_unavailable', 'not yet available');
    const p = this.period(q);
    const grids = await this.gridsOf(stationId);
    const s = this.span(stationId, p);
    const f: Filter = { gridId: q.gridId ?? null, dim: q.dim ?? null };
    const [t, rows] = await Promise.all([
      this.measure(def, s, f, grids.length),
      records(this.p.db, def.source, this.spanFor(def.source, s), f, q),
    ]);
    // The rows may name people (an incident's summary, a dispute's parties): reading them is audited.
    // A county user's read is recorded once per station read, under that station, so each station's
    // auditor sees who read its records; a station user's under their own station as always.
    const under = ctx.actor.scope === 'county' ? stationId.map((s) => ({ ...ctx.audit, stationId: s })) : [ctx.audit];
    for (const actor of under)
      await this.p.audit.record(actor, {
        action: 'leadership.records.view',
        resourceType: 'measure',
        resourceId: def.key,
        details: {
          from: p.from,
          to: p.to,
          gridId: q.gridId ?? null,
          stations: stationId,
          dim: q.dim ?? null,
          offset: q.offset,
          rows: rows.length,
        },
      });
    return { measure: def.key, from: p.from, to: p.to, total: t.n, value: t.value, rows: this.rowViews(rows, grids) };
  }

  rowViews(rows: RecordDbRow[], grids: LeadershipGrid[]): FigureRecord[] {
    const codes = new Map(grids.map((g) => [g.id, g.code]));
    return rows.map((r) => ({
      id: r.id,
      at: r.at ? new Date(r.at).toISOString() : null,
      gridId: r.grid_id,
      gridCode: r.grid_id ? (codes.get(r.grid_id) ?? null) : null,
      label: r.label,
      value: r.value === null ? null : Math.round(Number(r.value) * 100) / 100,
      dim: r.dim,
    }));
  }

  /** The command-room wall: today's and this month's figures, the month's trend, the grid map, open alerts. */
  async wall(ctx: Ctx, q: { station?: string | undefined } = {}): Promise<WallView> {
    const stationId = this.stationsOf(ctx, q.station);
    const today = this.today();
    const grids = await this.gridsOf(stationId);
    const todayKeys = [
      'incidents_received',
      'early_warnings',
      'orders_resolved',
      'orders_on_time_rate',
      'orders_overdue',
    ];
    const monthKeys = [
      'incidents_received',
      'disputes_success_rate',
      'grassroots_share',
      'patrol_hours',
      'hazards_closed',
      'hall_handled',
      'business_theft',
      'camera_alerts',
    ];
    const day: Period = { from: today, to: today };
    const month: Period = { from: `${today.slice(0, 7)}-01`, to: today };
    const fig = async (keys: string[], p: Period, cmp: 'previous' | 'none') => {
      const out: FigureView[] = [];
      for (const k of keys) {
        const def = measureOf(k);
        if (def) out.push(await this.figure(def, stationId, p, cmp, {}, grids.length));
      }
      return out;
    };
    const trend: Period = { from: addDays(today, -29), to: today };
    const s = this.span(stationId, trend);
    const monthSpan = this.span(stationId, month);
    const alerts = await records(
      this.p.db,
      'alerts.open',
      this.spanFor('alerts.open', this.span(stationId, day)),
      {},
      {
        offset: 0,
        limit: 8,
      },
    );
    return {
      stationName: await this.titleOf(ctx, stationId),
      asOf: this.p.clock.now().toISOString(),
      today: await fig(todayKeys, day, 'previous'),
      month: await fig(monthKeys, month, 'none'),
      daily: await this.daily(s, trend, {}),
      grids: (await this.gridIncidents(monthSpan, grids)).map((g) => {
        const grid = grids.find((x) => x.id === g.gridId);
        return { ...g, centroid: grid?.centroid ?? [0, 0], geometry: grid?.geometry ?? null };
      }),
      openAlerts: this.rowViews(alerts, grids),
    };
  }

  /** The wall's title: the one station's name, or the county's when it shows the whole county. */
  private async titleOf(ctx: Ctx, stations: readonly string[]): Promise<string> {
    const [only] = stations;
    if (stations.length === 1 && only) return (await this.deps.stationName(only)) ?? '';
    return ctx.actor.countyName ?? '';
  }

  /** The stations of the actor's county (for the station selector). */
  async countyStations(ctx: Ctx): Promise<CountyStations> {
    const a = ctx.actor;
    if (a.scope !== 'county' || !a.countyId) throw forbidden('needs a county role', 'county_scope');
    const stations = (await this.deps.countyStations(a.countyId)).filter((s) => a.stationIds.includes(s.id));
    return { county: { id: a.countyId, name: a.countyName ?? '', nameEn: a.countyNameEn }, stations };
  }

  /** Every station of the actor's county side by side, and the county as a whole. */
  async countyOverview(ctx: Ctx, q: { from?: string | undefined; to?: string | undefined }): Promise<CountyOverview> {
    const a = ctx.actor;
    if (a.scope !== 'county' || !a.countyId) throw forbidden('the county overview needs a county role', 'county_scope');
    const p = this.period(q);
    const stations = (await this.deps.countyStations(a.countyId)).filter((s) => a.stationIds.includes(s.id));
    const defs = COUNTY_FIGURES.flatMap((k) => {
      const def = measureOf(k);
      return def ? [def] : [];
    });
    const memo = new Map<string, Promise<Totals>>();
    const rows = await Promise.all(
      stations.map(async (s) => {
        const grids = (await this.gridsOf(s.id)).length;
        const figures = await Promise.all(defs.map((d) => this.figure(d, s.id, p, 'previous', {}, grids, memo)));
        return { ...s, grids, figures };
      }),
    );
    const gridTotal = rows.reduce((n, r) => n + r.grids, 0);
    const ids = stations.map((s) => s.id);
    // The county's rates are recomputed from the pooled records, not averaged over stations.
    const total = ids.length
      ? await Promise.all(defs.map((d) => this.figure(d, ids, p, 'previous', {}, gridTotal, memo)))
      : [];
    return {
      county: { id: a.countyId, name: a.countyName ?? '', nameEn: a.countyNameEn },
      from: p.from,
      to: p.to,
      stations: rows,
      total,
    };
  }
}
