import type { DutyDetail, DutyView, PatrolRouteView, ShiftView } from '@fengqiao/contracts';
import {
  addCalendarDays,
  type CrsName,
  chinaDay,
  chinaInstant,
  type DayRule,
  dayNumber,
  expandRota,
  type TimeWindow,
  toWgs84,
} from '@fengqiao/domain';
import { conflict, fieldError, notFound } from '../../platform/errors';
import { readFile } from '../../platform/files/files.service';
import type { Ctx, Platform } from '../../platform/platform';
import type { VolunteersDeps } from './deps';
import { dutyDetail } from './evidence';
import type { VolunteerLive } from './notify';
import {
  cancelShift,
  checkpointsOf,
  type DutyRow,
  dutiesOfShifts,
  dutyPhotoFile,
  getDuty,
  getRoute,
  getShift,
  insertCheckpoints,
  insertRoute,
  insertShifts,
  lastPatrolOfPlaces,
  listDuties,
  listRoutes,
  listShifts,
  lockShift,
  missedCheckpoints,
  type NewShift,
  type RouteRow,
  releaseShiftDuties,
  type ShiftKind,
  setReview,
  updateRoute,
} from './patrols.repository';
import type { PointsService } from './points.service';
import { qrToken, type TeamsService } from './teams.service';
import type { VolunteerTimers } from './timers';
import { getCourse } from './training.repository';
import { dutyView, routeView, shiftView } from './views';
import { gridsOf, type Reach, reachesGrid, reachOf } from './volunteers.policy';

const KIND_OF_TEAM: Record<'patrol' | 'merchant_group' | 'school_post', ShiftKind> = {
  patrol: 'patrol',
  merchant_group: 'night_patrol',
  school_post: 'school_post',
};
/** A rota covers at most this many days at once. */
export const MAX_ROTA_DAYS = 92;

/**
 * Patrol management (patrols.manage; reads with volunteers.read): routes
 * with checkpoints, shifts one by one or as a rota, cancellation, the
 * duties with their evidence, reviews of flagged duties, coverage.
 */
export class PatrolsService {
  constructor(
    private readonly p: Platform,
    private readonly deps: VolunteersDeps,
    private readonly teams: TeamsService,
    private readonly points: PointsService,
    private readonly timers: VolunteerTimers,
    private readonly live: VolunteerLive,
  ) {}

  private routeReachable(reach: Reach, r: RouteRow, teamGrid: string | null): boolean {
    if (r.station_id !== reach.stationId) return false;
    return reachesGrid(reach, r.grid_id ?? teamGrid);
  }

  private period(q: { from?: string | undefined; to?: string | undefined }, back: number, ahead: number) {
    const today = chinaDay(this.p.clock.now());
    const from = q.from ?? addCalendarDays(today, -back);
    const to = q.to ?? addCalendarDays(today, ahead);
    if (from > to) throw fieldError('querystring.from', 'after_to', 'from is after to');
    if (dayNumber(to) - dayNumber(from) > 366) throw fieldError('querystring.to', 'range_too_long', 'at most 366 days');
    return { from, to, start: chinaInstant(from, '00:00'), end: chinaInstant(addCalendarDays(to, 1), '00:00') };
  }

  // ------------------------------------------------------------ routes

  async routes(ctx: Ctx, teamId?: string): Promise<PatrolRouteView[]> {
    const reach = reachOf(ctx.actor);
    const teams = new Map((await this.teams.list(ctx, {})).map((t) => [t.id, t]));
    const rows = (
      await listRoutes(this.p.db, { stationId: reach.stationId, ...(teamId ? { teamIds: [teamId] } : {}) })
    ).filter((r) => (r.team_id ? teams.has(r.team_id) : reachesGrid(reach, r.grid_id)));
    const cps = await checkpointsOf(
      this.p.db,
      rows.map((r) => r.id),
    );
    const showQr = ctx.actor.permissions.has('patrols.manage');
    return rows.map((r) => routeView(r, cps, showQr));
  }

  async createRoute(
    ctx: Ctx,
    b: {
      name: string;
      teamId?: string | undefined;
      gridId?: string | undefined;
      crs: CrsName;
      path: [number, number][];
      corridorM: number;
      checkpoints: {
        name: string;
        lng: number;
        lat: number;
        radiusM: number;
        qr: boolean;
        placeId?: string | undefined;
      }[];
    },
  ): Promise<PatrolRouteView> {
    const reach = reachOf(ctx.actor);
    let gridId = b.gridId ?? null;
    if (b.teamId) {
      const t = await this.teams.reachable(reach, b.teamId).catch(() => null);
      if (!t) throw fieldError('body.teamId', 'unknown_team', 'no such team');
      gridId = gridId ?? t.grid_id;
    }
    if (!reachesGrid(reach, gridId))
      throw fieldError('body.gridId', 'outside_jurisdiction', 'the route must be in one of your grids');
    if (b.path.length === 0 && b.checkpoints.length === 0)
      throw fieldError('body.path', 'route_empty', 'a route needs a path or at least one checkpoint');
    const places = new Set((await this.deps.places(ctx)).map((p) => p.id));
    b.checkpoints.forEach((c, i) => {
      if (c.placeId && !places.has(c.placeId))
        throw fieldError(`body.checkpoints.${i}.placeId`, 'unknown_place', 'no such place');
    });
    const wgs = (lng: number, lat: number) => toWgs84([lng, lat], b.crs) as [number, number];
    const id = await this.p.db.tx(async (tx) => {
      const routeId = await insertRoute(tx, {
        stationId: reach.stationId,
        teamId: b.teamId ?? null,
        gridId,
        name: b.name,
        path: b.path.map(([x, y]) => wgs(x, y)),
        corridorM: b.corridorM,
        now: this.p.clock.now(),
      });
      await insertCheckpoints(
        tx,
        routeId,
        b.checkpoints.map((c) => {
          const [lng, lat] = wgs(c.lng, c.lat);
          return {
            name: c.name,
            lng,
            lat,
            radiusM: c.radiusM,
            qrToken: c.qr ? qrToken() : null,
            placeId: c.placeId ?? null,
          };
        }),
      );
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'patrol_route.create',
          resourceType: 'patrol_route',
          resourceId: routeId,
          details: { teamId: b.teamId ?? null, checkpoints: b.checkpoints.length },
        },
        tx,
      );
      return routeId;
    });
    const r = await getRoute(this.p.db, id);
    if (!r) throw notFound('route');
    return routeView(r, await checkpointsOf(this.p.db, [id]), true);
  }

  async patchRoute(
    ctx: Ctx,
    id: string,
    b: { name?: string | undefined; corridorM?: number | undefined; active?: boolean | undefined },
  ): Promise<PatrolRouteView> {
    const reach = reachOf(ctx.actor);
    const r = await getRoute(this.p.db, id);
    const team = r?.team_id ? await this.teams.reachable(reach, r.team_id).catch(() => null) : null;
    if (!r || !this.routeReachable(reach, r, team?.grid_id ?? null)) throw notFound('route');
    await this.p.db.tx(async (tx) => {
      await updateRoute(tx, id, {
        ...(b.name ? { name: b.name } : {}),
        ...(b.corridorM ? { corridorM: b.corridorM } : {}),
        ...(b.active !== undefined ? { active: b.active } : {}),
      });
      await this.p.audit.record(
        ctx.audit,
        { action: 'patrol_route.update', resourceType: 'patrol_route', resourceId: id, details: { ...b } },
        tx,
      );
    });
    const after = await getRoute(this.p.db, id);
    if (!after) throw notFound('route');
    return routeView(after, await checkpointsOf(this.p.db, [id]), true);
  }

  // ------------------------------------------------------------ shifts

  async shifts(
    ctx: Ctx,
    q: {
      from?: string | undefined;
      to?: string | undefined;
      teamId?: string | undefined;
      understaffed?: string | undefined;
    },
  ): Promise<ShiftView[]> {
    const reach = reachOf(ctx.actor);
    const { start, end } = this.period(q, 0, 14);
    const rows = await listShifts(this.p.db, {
      stationId: reach.stationId,
      from: start,
      to: end,
      withinGrids: gridsOf(reach),
      ...(q.teamId ? { teamIds: [q.teamId] } : {}),
      ...(q.understaffed === 'true' ? { understaffed: true, status: 'open' as const } : {}),
    });
    const duties = await dutiesOfShifts(
      this.p.db,
      rows.map((s) => s.id),
    );
    return rows.map((s) => shiftView(s, duties, null));
  }

  private async shiftTarget(ctx: Ctx, teamId: string, routeId: string, requiredCourseId: string | undefined) {
    const reach = reachOf(ctx.actor);
    const team = await this.teams.reachable(reach, teamId).catch(() => null);
    if (!team) throw fieldError('body.teamId', 'unknown_team', 'no such team');
    if (!team.active) throw fieldError('body.teamId', 'team_inactive', 'the team is not active');
    const route = await getRoute(this.p.db, routeId);
    if (!route || route.station_id !== reach.stationId || (route.team_id !== null && route.team_id !== teamId))
      throw fieldError('body.routeId', 'unknown_route', 'not a route of this team');
    if (!route.active) throw fieldError('body.routeId', 'route_inactive', 'the route is not active');
    if (requiredCourseId) {
      const c = await getCourse(this.p.db, requiredCourseId);
      if (!c || c.station_id !== reach.stationId)
        throw fieldError('body.requiredCourseId', 'unknown_course', 'no such course');
      if (!c.certificate_months)
        throw fieldError('body.requiredCourseId', 'no_certificate', 'this course gives no certificate');
    }
    return { reach, team, route };
  }

  async createShift(
    ctx: Ctx,
    b: {
      teamId: string;
      routeId: string;
      startsAt: string;
      endsAt: string;
      capacity: number;
      requiredCourseId?: string | undefined;
      note: string;
    },
  ): Promise<ShiftView> {
    const { reach, team } = await this.shiftTarget(ctx, b.teamId, b.routeId, b.requiredCourseId);
    const startsAt = new Date(b.startsAt);
    const endsAt = new Date(b.endsAt);
    const now = this.p.clock.now();
    if (endsAt <= startsAt) throw fieldError('body.endsAt', 'before_start', 'the shift ends before it starts');
    if (endsAt.getTime() - startsAt.getTime() > 24 * 3_600_000)
      throw fieldError('body.endsAt', 'too_long', 'a shift lasts at most 24 hours');
    if (endsAt <= now) throw fieldError('body.startsAt', 'in_past', 'the shift is over already');
    const id = await this.p.db.tx(async (tx) => {
      const [row] = await insertShifts(tx, [
        {
          stationId: reach.stationId,
          teamId: b.teamId,
          routeId: b.routeId,
          kind: KIND_OF_TEAM[team.kind],
          startsAt,
          endsAt,
          capacity: b.capacity,
          requiredCourseId: b.requiredCourseId ?? null,
          note: b.note,
          createdBy: ctx.actor.userId,
          now,
        },
      ]);
      if (!row) throw conflict('the team already has this shift', 'shift_exists');
      await this.timers.staffing(tx, row.id, startsAt);
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'patrol_shift.create',
          resourceType: 'patrol_shift',
          resourceId: row.id,
          details: { teamId: b.teamId },
        },
        tx,
      );
      return row.id;
    });
    const s = await getShift(this.p.db, id);
    if (!s) throw notFound('shift');
    return shiftView(s, [], null);
  }

  /**
   * A rota: one shift per matching day and window (school days by the
   * official working-day calendar outside the given term breaks; the team's
   * own windows when none are given). Slots that exist are left alone, past
   * ones skipped; each new shift gets its staffing check a week ahead.
   */
  async rota(
    ctx: Ctx,
    b: {
      teamId: string;
      routeId: string;
      from: string;
      to: string;
      windows?: TimeWindow[] | undefined;
      days: DayRule;
      capacity: number;
      requiredCourseId?: string | undefined;
    },
  ) {
    const { reach, team } = await this.shiftTarget(ctx, b.teamId, b.routeId, b.requiredCourseId);
    if (b.from > b.to) throw fieldError('body.from', 'after_to', 'from is after to');
    if (dayNumber(b.to) - dayNumber(b.from) + 1 > MAX_ROTA_DAYS)
      throw fieldError('body.to', 'range_too_long', `a rota covers at most ${MAX_ROTA_DAYS} days`);
    const windows =
      b.windows ??
      (team.kind === 'school_post'
        ? team.settings.windows
        : team.kind === 'merchant_group' && team.settings.nightWindow
          ? [team.settings.nightWindow]
          : undefined);
    if (!windows || windows.length === 0) throw fieldError('body.windows', 'required', 'give the duty windows');
    const now = this.p.clock.now();
    const slots = expandRota(b.from, b.to, windows, b.days).filter((s) => s.startsAt > now);
    const rows: NewShift[] = slots.map((s) => ({
      stationId: reach.stationId,
      teamId: b.teamId,
      routeId: b.routeId,
      kind: KIND_OF_TEAM[team.kind],
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      capacity: b.capacity,
      requiredCourseId: b.requiredCourseId ?? null,
      note: '',
      createdBy: ctx.actor.userId,
      now,
    }));
    return this.p.db.tx(async (tx) => {
      const created = await insertShifts(tx, rows);
      for (const c of created) await this.timers.staffing(tx, c.id, c.starts_at);
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'patrol_shift.rota',
          resourceType: 'volunteer_team',
          resourceId: b.teamId,
          details: { from: b.from, to: b.to, days: b.days.kind, slots: rows.length, created: created.length },
        },
        tx,
      );
      return { created: created.length, existing: rows.length - created.length, shiftIds: created.map((c) => c.id) };
    });
  }

  /** Cancels a shift: claimed places are released and their volunteers told. */
  async cancelShift(ctx: Ctx, id: string, reason: string): Promise<ShiftView> {
    const reach = reachOf(ctx.actor);
    const s0 = await getShift(this.p.db, id);
    if (!s0 || s0.station_id !== reach.stationId || !reachesGrid(reach, s0.team_grid_id)) throw notFound('shift');
    await this.p.db.tx(async (tx) => {
      const now = this.p.clock.now();
      await lockShift(tx, id);
      const s = await getShift(tx, id);
      if (!s) throw notFound('shift');
      if (s.status === 'cancelled') throw conflict('the shift is already cancelled', 'shift_cancelled');
      if (s.starts_at <= now) throw conflict('the shift has already started', 'shift_started');
      const released = await releaseShiftDuties(tx, id, `shift cancelled: ${reason}`, now);
      await cancelShift(tx, id, reason);
      await this.timers.cancelStaffing(tx, id);
      for (const r of released)
        await this.live.notify(tx, {
          stationId: s.station_id,
          personId: r.person_id,
          kind: 'shift_cancelled',
          title: `${chinaDay(s.starts_at)}「${s.team_name}」勤务已取消`,
          body: reason,
          refType: 'patrol_shift',
          refId: id,
        });
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'patrol_shift.cancel',
          resourceType: 'patrol_shift',
          resourceId: id,
          details: { reason, released: released.length },
        },
        tx,
      );
    });
    const after = await getShift(this.p.db, id);
    if (!after) throw notFound('shift');
    return shiftView(after, [], null);
  }

  // ------------------------------------------------------------ duties

  async duties(
    ctx: Ctx,
    q: {
      from?: string | undefined;
      to?: string | undefined;
      teamId?: string | undefined;
      personId?: string | undefined;
      verification?: string | undefined;
      limit: number;
    },
  ): Promise<DutyView[]> {
    const reach = reachOf(ctx.actor);
    const { start, end } = this.period(q, 7, 7);
    const rows = await listDuties(this.p.db, {
      stationId: reach.stationId,
      from: start,
      to: end,
      withinGrids: gridsOf(reach),
      ...(q.teamId ? { teamIds: [q.teamId] } : {}),
      ...(q.personId ? { personId: q.personId } : {}),
      ...(q.verification ? { verification: q.verification } : {}),
      limit: q.limit,
    });
    return rows.filter((d) => d.status !== 'released').map(dutyView);
  }

  private async reachableDuty(reach: Reach, id: string): Promise<DutyRow> {
    const d = await getDuty(this.p.db, id);
    if (!d || d.station_id !== reach.stationId || !reachesGrid(reach, d.team_grid_id)) throw notFound('duty');
    return d;
  }

  async duty(ctx: Ctx, id: string): Promise<DutyDetail> {
    const reach = reachOf(ctx.actor);
    const d = await this.reachableDuty(reach, id);
    const detail = await dutyDetail(
      this.p.db,
      d,
      (photoId) => `/api/patrols/duties/${d.id}/photos/${photoId}`,
      ctx.actor.permissions.has('patrols.manage'),
    );
    // The track places a named volunteer: reading it is audited.
    await this.p.audit.record(ctx.audit, { action: 'patrol_duty.read', resourceType: 'patrol_duty', resourceId: id });
    return detail;
  }

  async photoFile(ctx: Ctx, dutyId: string, photoId: string) {
    const d = await this.reachableDuty(reachOf(ctx.actor), dutyId);
    const fileId = await dutyPhotoFile(this.p.db, d.id, photoId);
    const f = fileId ? await readFile(this.p.db, fileId) : null;
    if (!f) throw notFound('photo');
    return f;
  }

  /** An officer's decision on a flagged duty: approved hours earn points, rejected ones count nothing. */
  async review(ctx: Ctx, id: string, b: { decision: 'approve' | 'reject'; note: string }): Promise<DutyView> {
    const reach = reachOf(ctx.actor);
    await this.reachableDuty(reach, id);
    return this.p.db.tx(async (tx) => {
      const now = this.p.clock.now();
      const d = await getDuty(tx, id, true);
      if (!d) throw notFound('duty');
      if (d.verification !== 'pending') throw conflict('this duty does not await review', 'not_pending');
      const verification = b.decision === 'approve' ? 'approved' : 'rejected';
      await setReview(tx, id, { verification, by: ctx.actor.userId, note: b.note, now });
      if (verification === 'approved') await this.points.awardDuty(tx, d, d.counted_seconds ?? 0);
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'patrol_duty.review',
          resourceType: 'patrol_duty',
          resourceId: id,
          details: { decision: b.decision, seconds: d.counted_seconds, flags: d.flags },
        },
        tx,
      );
      await this.live.notify(tx, {
        stationId: d.station_id,
        personId: d.person_id,
        kind: `duty_${verification}`,
        title: `${chinaDay(d.starts_at)}「${d.team_name}」勤务时长${verification === 'approved' ? '已确认' : '未被认可'}`,
        body: b.note,
        refType: 'patrol_duty',
        refId: id,
      });
      const after = await getDuty(tx, id);
      if (!after) throw notFound('duty');
      this.live.duty(
        tx,
        {
          id,
          shiftId: d.shift_id,
          teamId: d.team_id,
          stationId: d.station_id,
          gridId: d.team_grid_id,
          status: d.status,
        },
        [d.person_id],
        `review_${b.decision}`,
      );
      return dutyView(after);
    });
  }

  // ------------------------------------------------------------ coverage

  async coverage(ctx: Ctx, q: { from?: string | undefined; to?: string | undefined }) {
    const reach = reachOf(ctx.actor);
    const { from, to, start, end } = this.period(q, 30, 0);
    const now = this.p.clock.now();
    const [missed, lastByPlace, places, understaffed] = await Promise.all([
      missedCheckpoints(this.p.db, { stationId: reach.stationId, from: start, to: end, withinGrids: gridsOf(reach) }),
      lastPatrolOfPlaces(this.p.db, reach.stationId),
      this.deps.places(ctx),
      listShifts(this.p.db, {
        stationId: reach.stationId,
        from: now,
        to: new Date(now.getTime() + 7 * 86_400_000),
        withinGrids: gridsOf(reach),
        status: 'open',
        understaffed: true,
      }),
    ]);
    const placeById = new Map(places.map((p) => [p.id, p]));
    const today = chinaDay(now);
    const duties = await dutiesOfShifts(
      this.p.db,
      understaffed.map((s) => s.id),
    );
    return {
      from,
      to,
      missedCheckpoints: missed.map((m) => ({
        checkpointId: m.checkpoint_id,
        name: m.name,
        routeId: m.route_id,
        routeName: m.route_name,
        duties: m.duties,
        missed: m.missed,
      })),
      places: lastByPlace
        .flatMap((x) => {
          const p = placeById.get(x.place_id);
          if (!p || !reachesGrid(reach, p.gridId)) return [];
          const last = x.last_at;
          return [
            {
              placeId: p.id,
              name: p.name,
              kind: p.kind,
              gridId: p.gridId,
              lastPatrolledAt: last?.toISOString() ?? null,
              daysSince: last ? dayNumber(today) - dayNumber(chinaDay(last)) : null,
            },
          ];
        })
        .sort((a, b) => (b.daysSince ?? 100_000) - (a.daysSince ?? 100_000) || a.name.localeCompare(b.name)),
      understaffed: understaffed.map((s) => shiftView(s, duties, null)),
    };
  }
}
