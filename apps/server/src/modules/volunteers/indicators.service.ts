import type { VolunteerIndicators } from '@fengqiao/contracts';
import {
  addCalendarDays,
  chinaDay,
  chinaInstant,
  coveredMs,
  dayNumber,
  type PolygonGeometry,
  pointInPolygon,
} from '@fengqiao/domain';
import { fieldError } from '../../platform/errors';
import type { Ctx, Platform } from '../../platform/platform';
import { incidentPointsInGrids } from '../incidents';
import type { VolunteersDeps } from './deps';
import {
  activeVolunteers,
  alarmCounts,
  dutyIntervals,
  hazardCounts,
  hoursByDay,
  merchantGroupsOfPlaces,
  type Scope,
  trainingCounts,
} from './indicators.repository';
import { statusCounts } from './roster.repository';
import { listTeams } from './teams.repository';
import { gridsOf, reachesGrid, reachOf } from './volunteers.policy';

/** The categories counted as theft in business districts (盗窃类警情). */
export const THEFT_CATEGORIES = ['criminal.theft', 'criminal.burglary'];

const h2 = (seconds: number) => Math.round((seconds / 3600) * 100) / 100;
const pct = (cur: number, prev: number) => (prev === 0 ? null : Math.round(((cur - prev) / prev) * 1000) / 10);

function isPolygon(g: unknown): g is PolygonGeometry {
  const t = (g as { type?: unknown } | null)?.type;
  return (t === 'Polygon' || t === 'MultiPolygon') && Array.isArray((g as { coordinates?: unknown }).coordinates);
}

/** The same calendar day one year earlier (29 February → 28 February). */
function yearBefore(day: string): string {
  const y = Number(day.slice(0, 4)) - 1;
  const md = day.slice(5);
  return md === '02-29' ? `${y}-02-28` : `${y}-${md}`;
}

/**
 * Indicators of the volunteer work, computed from the records at request
 * time — never typed in. Periods are China-local days, both ends included
 * (default: the 365 days ending today); grid staff see their grids.
 */
export class IndicatorsService {
  constructor(
    private readonly p: Platform,
    private readonly deps: VolunteersDeps,
  ) {}

  private period(q: { from?: string | undefined; to?: string | undefined }) {
    const today = chinaDay(this.p.clock.now());
    const to = q.to ?? today;
    const from = q.from ?? addCalendarDays(to, -364);
    if (from > to) throw fieldError('querystring.from', 'after_to', 'from is after to');
    if (dayNumber(to) - dayNumber(from) > 730)
      throw fieldError('querystring.to', 'range_too_long', 'at most two years');
    return { from, to, start: chinaInstant(from, '00:00'), end: chinaInstant(addCalendarDays(to, 1), '00:00') };
  }

  async indicators(
    ctx: Ctx,
    q: { from?: string | undefined; to?: string | undefined; teamId?: string | undefined },
  ): Promise<VolunteerIndicators> {
    const reach = reachOf(ctx.actor);
    const { from, to, start, end } = this.period(q);
    const days = dayNumber(to) - dayNumber(from) + 1;
    const scope: Scope = {
      stationId: reach.stationId,
      from: start,
      to: end,
      withinGrids: gridsOf(reach),
      teamId: q.teamId ?? null,
    };
    const today = chinaDay(this.p.clock.now());
    const [intervals, hazards, trainings, alarms, active, byStatus, teams, districts, groups] = await Promise.all([
      dutyIntervals(this.p.db, scope),
      hazardCounts(this.p.db, scope, today),
      trainingCounts(this.p.db, scope),
      alarmCounts(this.p.db, scope),
      activeVolunteers(this.p.db, scope),
      statusCounts(this.p.db, reach.stationId),
      listTeams(this.p.db, { stationId: reach.stationId, withinGrids: gridsOf(reach) }),
      this.deps.places(ctx, 'business_district'),
      merchantGroupsOfPlaces(this.p.db, reach.stationId),
    ]);

    // Patrols (community patrols and the merchants' night patrols); school posts are counted apart.
    const patrols = intervals.filter((d) => d.kind !== 'school_post');
    const byDay = new Map<string, { seconds: number; duties: number; iv: [number, number][] }>();
    for (const d of patrols) {
      const e = byDay.get(d.day) ?? { seconds: 0, duties: 0, iv: [] };
      e.seconds += d.seconds;
      e.duties += 1;
      if (d.started_at && d.ended_at && d.seconds > 0) e.iv.push([Date.parse(d.started_at), Date.parse(d.ended_at)]);
      byDay.set(d.day, e);
    }
    const dayRows = [...byDay.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([day, e]) => ({
        day,
        personHours: h2(e.seconds),
        coveredHours: h2(coveredMs(e.iv) / 1000),
        duties: e.duties,
      }));
    const personSeconds = patrols.reduce((s, d) => s + d.seconds, 0);
    const covered = dayRows.reduce((s, d) => s + d.coveredHours, 0);
    const teamName = new Map(teams.map((t) => [t.id, t]));
    const byTeam = new Map<string, { seconds: number; duties: number }>();
    for (const d of intervals) {
      const e = byTeam.get(d.team_id) ?? { seconds: 0, duties: 0 };
      e.seconds += d.seconds;
      e.duties += 1;
      byTeam.set(d.team_id, e);
    }
    const cpTotal = patrols.reduce((s, d) => s + d.cps_total, 0);
    const cpMissed = patrols.reduce((s, d) => s + Math.max(0, d.cps_total - d.cps_passed), 0);
    const posts = intervals.filter((d) => d.kind === 'school_post');

    // Theft in each business district: inside its outline, and in its whole grid, against the same days a year before.
    const visibleDistricts = districts.filter((p) => reachesGrid(reach, p.gridId));
    const gridIds = [...new Set(visibleDistricts.flatMap((p) => (p.gridId ? [p.gridId] : [])))];
    const prevFrom = yearBefore(from);
    const prevTo = yearBefore(to);
    const [cur, prev] = await Promise.all([
      incidentPointsInGrids(this.p.db, {
        stationId: reach.stationId,
        categoryCodes: THEFT_CATEGORIES,
        gridIds,
        from: start,
        to: end,
      }),
      incidentPointsInGrids(this.p.db, {
        stationId: reach.stationId,
        categoryCodes: THEFT_CATEGORIES,
        gridIds,
        from: chinaInstant(prevFrom, '00:00'),
        to: chinaInstant(addCalendarDays(prevTo, 1), '00:00'),
      }),
    ]);
    const theft = visibleDistricts.map((p) => {
      const poly = isPolygon(p.polygon) ? p.polygon : null;
      const inGrid = (rows: typeof cur) => rows.filter((r) => r.gridId === p.gridId);
      const inside = (rows: typeof cur) =>
        poly ? rows.filter((r) => r.lng !== null && r.lat !== null && pointInPolygon([r.lng, r.lat], poly)) : [];
      const dc = inside(inGrid(cur)).length;
      const dp = inside(inGrid(prev)).length;
      const gc = inGrid(cur).length;
      const gp = inGrid(prev).length;
      return {
        placeId: p.id,
        name: p.name,
        gridId: p.gridId,
        district: { current: dc, previous: dp, changePct: pct(dc, dp) },
        grid: { current: gc, previous: gp, changePct: pct(gc, gp) },
        jointDefenceGroups: groups.get(p.id) ?? 0,
      };
    });

    return {
      from,
      to,
      days,
      volunteers: { approved: byStatus.approved ?? 0, active, byStatus },
      patrol: {
        duties: patrols.length,
        personHours: h2(personSeconds),
        coveredHoursPerDay: Math.round((covered / days) * 100) / 100,
        personHoursPerDay: Math.round((h2(personSeconds) / days) * 100) / 100,
        byDay: dayRows,
        byTeam: [...byTeam.entries()]
          .flatMap(([id, e]) => {
            const t = teamName.get(id);
            return t ? [{ teamId: id, name: t.name, kind: t.kind, personHours: h2(e.seconds), duties: e.duties }] : [];
          })
          .sort((a, b) => b.personHours - a.personHours),
        missedCheckpointShare: cpTotal === 0 ? null : Math.round((cpMissed / cpTotal) * 1000) / 1000,
      },
      hazards: {
        found: hazards.found,
        closed: hazards.closed,
        open: hazards.open,
        overdue: hazards.overdue,
        dismissed: hazards.dismissed,
        closedShare: hazards.found === 0 ? null : Math.round((hazards.closed / hazards.found) * 1000) / 1000,
        avgDaysToClose: hazards.avg_days === null ? null : Math.round(hazards.avg_days * 10) / 10,
        byCategory: Object.fromEntries(hazards.byCategory.map((x) => [x.category, x.n])),
      },
      trainings: {
        sessions: trainings.sessions,
        attendances: trainings.attendances,
        trainees: trainings.trainees,
        certificatesIssued: trainings.certificates,
        byTopic: Object.fromEntries(trainings.byTopic.map((x) => [x.topic, x.n])),
      },
      schoolPosts: {
        duties: posts.length,
        served: posts.reduce((s, d) => s + (d.served ?? 0), 0),
        posts: teams.filter((t) => t.kind === 'school_post' && t.active).length,
      },
      alarms: { raised: alarms.raised, withIncident: alarms.with_incident },
      theft,
    };
  }

  async hours(
    ctx: Ctx,
    q: { from?: string | undefined; to?: string | undefined; by: 'volunteer' | 'team'; teamId?: string | undefined },
  ) {
    const reach = reachOf(ctx.actor);
    const today = chinaDay(this.p.clock.now());
    const { from, to, start, end } = this.period({ from: q.from ?? addCalendarDays(today, -29), to: q.to });
    const rows = await hoursByDay(
      this.p.db,
      { stationId: reach.stationId, from: start, to: end, withinGrids: gridsOf(reach), teamId: q.teamId ?? null },
      q.by,
    );
    return {
      from,
      to,
      by: q.by,
      rows: rows.map((r) => ({ day: r.day, id: r.id, name: r.name, hours: h2(r.seconds), duties: r.duties })),
    };
  }
}
