import type { HallDurationStats } from '@fengqiao/contracts';
import { addCalendarDays, workingDaysBetween } from '@fengqiao/domain';
import { fieldError } from '../../platform/errors';
import type { Ctx, Platform } from '../../platform/platform';
import { listWindows } from './catalogue.repository';
import type { HallConfig } from './hall-config';
import { dayStart, localDay } from './local-time';
import type { Stations } from './stations';
import {
  applicationFacts,
  type DurationRow,
  dailyStats,
  durationStats,
  recentHandleMinutes,
  visitCounts,
} from './stats.repository';
import { serviceRef, windowRef } from './views';

const minutes = (secs: number | null | undefined) =>
  secs === null || secs === undefined ? null : Math.round(secs / 6) / 10;
const EMPTY: HallDurationStats = { n: 0, avgMinutes: null, p50Minutes: null, p90Minutes: null, p95Minutes: null };

function toStats(r: DurationRow | undefined): HallDurationStats {
  if (!r) return EMPTY;
  return {
    n: r.n,
    avgMinutes: minutes(r.avg),
    p50Minutes: minutes(r.p50),
    p90Minutes: minutes(r.p90),
    p95Minutes: minutes(r.p95),
  };
}

const pct = (a: number | null, b: number | null) =>
  a === null || b === null || a === 0 ? null : Math.round(((b - a) / a) * 1000) / 10;

/**
 * Waiting and handling statistics computed from the visit event log, never
 * typed in: averages and percentiles overall, per service, window and hour,
 * a daily series, and the comparison of two periods.
 */
export class StatsService {
  private handleCache = new Map<string, { at: number; perService: Map<string, number> }>();

  constructor(
    private readonly p: Platform,
    private readonly config: HallConfig,
    private readonly stations: Stations,
  ) {}

  private period(from: string | undefined, to: string | undefined, defaultDays: number) {
    const today = localDay(this.p.clock.now());
    const t = to ?? today;
    const f = from ?? addCalendarDays(t, -(defaultDays - 1));
    if (f > t) throw fieldError('querystring.from', 'period_order', 'from must not be after to');
    if (addCalendarDays(f, 800) < t) throw fieldError('querystring.from', 'period_too_long', 'at most 800 days');
    return { from: f, to: t, start: dayStart(f), end: dayStart(addCalendarDays(t, 1)) };
  }

  async stats(ctx: Ctx, q: { from?: string | undefined; to?: string | undefined }) {
    const stationId = this.stations.staffStation(ctx);
    const per = this.period(q.from, q.to, 30);
    const [durations, counts, apps, snap, windows, cal] = await Promise.all([
      durationStats(this.p.db, stationId, per.start, per.end),
      visitCounts(this.p.db, stationId, per.start, per.end),
      applicationFacts(this.p.db, stationId, per.start, per.end),
      this.config.get(),
      listWindows(this.p.db, stationId),
      this.config.calendar(),
    ]);
    const dur = (grp: string, seg: 'wait' | 'handle', key: (r: DurationRow) => string | null, k: string | null) =>
      toStats(durations.find((r) => r.grp === grp && r.seg === seg && key(r) === k));
    const all = counts.find((c) => c.grp === 'all');
    const byService = counts
      .filter((c) => c.grp === 'service' && c.key)
      .flatMap((c) => {
        const s = c.key ? snap.services.get(c.key) : undefined;
        return s
          ? [
              {
                service: serviceRef(s),
                visits: c.visits,
                wait: dur('service', 'wait', (r) => r.service_id, s.id),
                handle: dur('service', 'handle', (r) => r.service_id, s.id),
              },
            ]
          : [];
      })
      .sort((a, b) => b.visits - a.visits);
    const byWindow = windows.map((w) => ({
      window: windowRef(w),
      visits: counts.find((c) => c.grp === 'window' && c.key === w.id)?.visits ?? 0,
      wait: dur('window', 'wait', (r) => r.window_id, w.id),
      handle: dur('window', 'handle', (r) => r.window_id, w.id),
    }));
    const hours = [
      ...new Set([
        ...counts.filter((c) => c.grp === 'hour' && c.key !== null).map((c) => Number(c.key)),
        ...durations.filter((r) => r.grp === 'hour' && r.hour !== null).map((r) => Number(r.hour)),
      ]),
    ].sort((a, b) => a - b);
    const byHour = hours.map((h) => ({
      hour: h,
      visits: counts.find((c) => c.grp === 'hour' && c.key === String(h))?.visits ?? 0,
      wait: dur('hour', 'wait', (r) => (r.hour === null ? null : String(r.hour)), String(h)),
      handle: dur('hour', 'handle', (r) => (r.hour === null ? null : String(r.hour)), String(h)),
    }));
    const onTime = apps.decided.filter((d) => d.decided_day <= d.due_day).length;
    const days = apps.decided.map((d) => Math.max(0, workingDaysBetween(d.submitted_day, d.decided_day, cal)));
    return {
      from: per.from,
      to: per.to,
      visits: all?.visits ?? 0,
      finished: all?.finished ?? 0,
      noShows: all?.no_shows ?? 0,
      appointmentShare: all && all.visits > 0 ? Math.round((all.appointments / all.visits) * 1000) / 1000 : null,
      wait: dur('all', 'wait', () => null, null),
      handle: dur('all', 'handle', () => null, null),
      byService,
      byWindow,
      byHour,
      applications: {
        submitted: apps.submitted,
        decided: apps.decided.length,
        decidedOnTime: onTime,
        onTimeRate: apps.decided.length > 0 ? Math.round((onTime / apps.decided.length) * 1000) / 1000 : null,
        avgWorkingDays: days.length > 0 ? Math.round((days.reduce((s, n) => s + n, 0) / days.length) * 10) / 10 : null,
      },
    };
  }

  private async summary(stationId: string, from: string, to: string) {
    const per = this.period(from, to, 1);
    const [durations, counts] = await Promise.all([
      durationStats(this.p.db, stationId, per.start, per.end),
      visitCounts(this.p.db, stationId, per.start, per.end),
    ]);
    return {
      from: per.from,
      to: per.to,
      visits: counts.find((c) => c.grp === 'all')?.visits ?? 0,
      wait: toStats(durations.find((r) => r.grp === 'all' && r.seg === 'wait')),
      handle: toStats(durations.find((r) => r.grp === 'all' && r.seg === 'handle')),
    };
  }

  /**
   * Baseline vs recent. Defaults: the last 91 days against the first 91
   * days of the past year (the article compares with the year before).
   */
  async compare(
    ctx: Ctx,
    q: {
      baselineFrom?: string | undefined;
      baselineTo?: string | undefined;
      from?: string | undefined;
      to?: string | undefined;
    },
  ) {
    const stationId = this.stations.staffStation(ctx);
    const today = localDay(this.p.clock.now());
    const to = q.to ?? today;
    const from = q.from ?? addCalendarDays(to, -90);
    const baselineFrom = q.baselineFrom ?? addCalendarDays(today, -364);
    const baselineTo = q.baselineTo ?? addCalendarDays(baselineFrom, 90);
    const [baseline, recent] = await Promise.all([
      this.summary(stationId, baselineFrom, baselineTo),
      this.summary(stationId, from, to),
    ]);
    return {
      baseline,
      recent,
      change: {
        waitAvgPct: pct(baseline.wait.avgMinutes, recent.wait.avgMinutes),
        waitP90Pct: pct(baseline.wait.p90Minutes, recent.wait.p90Minutes),
        handleAvgPct: pct(baseline.handle.avgMinutes, recent.handle.avgMinutes),
        visitsPct: pct(baseline.visits, recent.visits),
      },
    };
  }

  async daily(ctx: Ctx, q: { from?: string | undefined; to?: string | undefined }) {
    const stationId = this.stations.staffStation(ctx);
    const per = this.period(q.from, q.to, 90);
    const rows = await dailyStats(this.p.db, stationId, per.start, per.end);
    const round = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);
    return rows.map((r) => ({
      day: r.day,
      visits: r.visits,
      waitAvgMinutes: round(r.wait_avg),
      handleAvgMinutes: round(r.handle_avg),
    }));
  }

  /** Typical handling minutes of a service over the last 30 days (7 when unknown), for queue estimates. */
  async typicalHandleMinutes(stationId: string, serviceId: string): Promise<number> {
    const cached = this.handleCache.get(stationId);
    if (!cached || Date.now() - cached.at > 600_000) {
      const since = new Date(this.p.clock.now().getTime() - 30 * 86_400_000);
      const rows = await recentHandleMinutes(this.p.db, stationId, since);
      this.handleCache.set(stationId, {
        at: Date.now(),
        perService: new Map(rows.map((r) => [r.service_id, r.minutes])),
      });
    }
    return this.handleCache.get(stationId)?.perService.get(serviceId) ?? 7;
  }
}
