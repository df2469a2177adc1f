import type { DutyDetail, DutyView, ShiftView } from '@fengqiao/contracts';
import {
  addCalendarDays,
  type CrsName,
  checkpointPasses,
  chinaDay,
  chinaInstant,
  distanceM,
  distanceToRouteM,
  isAtCheckpoint,
  mayTakeDuties,
  toWgs84,
} from '@fengqiao/domain';
import type { Tx } from '../../platform/db/db';
import { AppError, conflict, fieldError, forbidden, notFound } from '../../platform/errors';
import { readFile, storeFile } from '../../platform/files/files.service';
import type { Ctx, Platform } from '../../platform/platform';
import type { VolunteersDeps } from './deps';
import { dutyDetail, fixesOf, recompute, routeOf } from './evidence';
import { secondsOfPerson } from './indicators.repository';
import { listNotifications, markRead, unreadCount } from './notifications.repository';
import type { VolunteerLive } from './notify';
import {
  type DutyRow,
  dutiesOfShifts,
  dutyPhotoFile,
  getDuty,
  getShift,
  insertDuty,
  insertDutyPhoto,
  insertPass,
  insertPoints,
  listDuties,
  listPasses,
  listShifts,
  liveDutyOf,
  lockShift,
  overlappingDuty,
  releaseDuty,
  type ShiftRow,
  setCheckIn,
  setCheckOut,
  setServed,
} from './patrols.repository';
import type { PointsService } from './points.service';
import type { Answer, Requests } from './requests';
import { getProfile, type ProfileRow } from './roster.repository';
import { gridOfficer, isMember, listTeams, teamIdsOfPerson } from './teams.repository';
import type { VolunteerTimers } from './timers';
import { holdsValidCertificate, listCertificates } from './training.repository';
import { certificateView, dutyView, shiftView, teamSummary } from './views';

/** Device clocks run a little ahead; a fix up to this much "in the future" is accepted. */
export const CLOCK_SKEW_MS = 60_000;
/** Check-in opens this long before the shift starts. */
export const EARLY_CHECK_IN_MS = 30 * 60_000;
/** Fixes are accepted until this long after the shift ends (they do not count past the end). */
export const LATE_FIX_MS = 2 * 3_600_000;
/** Photos: recognised by content, at most 8 MB (the phone sends a reduced JPEG). */
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const PHOTO_MAX_BYTES = 8 * 1024 * 1024;

export interface Me {
  personId: string;
  stationId: string;
  profile: ProfileRow;
}

type GpsIn = { at: string; lng: number; lat: number; accuracyM?: number | undefined };

/**
 * The volunteer's side (patrols.duty): shifts of their teams, claim and
 * unclaim, check-in and check-out with GPS, the track, checkpoint passes
 * by proximity or QR code, photos, the served headcount of a school post,
 * notifications, their points. Every write takes a client id, so the
 * phone's offline queue can replay it safely (requests.ts).
 */
export class DutyService {
  constructor(
    private readonly p: Platform,
    private readonly deps: VolunteersDeps,
    private readonly requests: Requests,
    private readonly points: PointsService,
    private readonly timers: VolunteerTimers,
    private readonly live: VolunteerLive,
  ) {}

  async me(ctx: Ctx): Promise<Me> {
    const personId = ctx.actor.personId;
    const stationId = ctx.actor.stationId;
    const profile = personId ? await getProfile(this.p.db, personId) : null;
    if (!personId || !stationId || !profile || profile.station_id !== stationId)
      throw forbidden('you are not on the volunteer roster', 'not_a_volunteer');
    return { personId, stationId, profile };
  }

  /** The caller's own duty, or 404. */
  private async own(q: Tx | Platform['db'], me: Me, dutyId: string, forUpdate = false): Promise<DutyRow> {
    const d = await getDuty(q, dutyId, forUpdate);
    if (!d || d.person_id !== me.personId) throw notFound('duty');
    return d;
  }

  private publishDuty(tx: Tx, d: DutyRow, status: string, change: string): void {
    this.live.duty(
      tx,
      { id: d.id, shiftId: d.shift_id, teamId: d.team_id, stationId: d.station_id, gridId: d.team_grid_id, status },
      [d.person_id, ...(d.team_leader_id ? [d.team_leader_id] : [])],
      change,
    );
  }

  // ------------------------------------------------------------ reads

  async overview(ctx: Ctx) {
    const me = await this.me(ctx);
    const now = this.p.clock.now();
    const today = chinaDay(now);
    const teamRefs = await teamIdsOfPerson(this.p.db, me.personId);
    const teams = await listTeams(this.p.db, { stationId: me.stationId, ids: teamRefs.map((t) => t.id) });
    const leaders = await this.deps.personnel.refs(
      teams.flatMap((t) => (t.leader_person_id ? [t.leader_person_id] : [])),
    );
    const places = new Map(
      [...(await this.deps.places(ctx, 'school')), ...(await this.deps.places(ctx, 'business_district'))].map((p) => [
        p.id,
        p,
      ]),
    );
    const [certs, upcoming, total, seconds, unread, person] = await Promise.all([
      listCertificates(this.p.db, { stationId: me.stationId, personIds: [me.personId] }),
      listDuties(this.p.db, {
        stationId: me.stationId,
        personId: me.personId,
        from: new Date(now.getTime() - 12 * 3_600_000),
        to: new Date(now.getTime() + 30 * 86_400_000),
        statuses: ['claimed', 'checked_in'],
        limit: 50,
      }),
      this.points.total(me.personId),
      secondsOfPerson(this.p.db, me.personId, chinaInstant(`${today.slice(0, 8)}01`, '00:00'), now),
      unreadCount(this.p.db, me.personId),
      this.deps.personnel.refs([me.personId]),
    ]);
    return {
      personId: me.personId,
      name: person.get(me.personId)?.name ?? ctx.actor.displayName,
      status: me.profile.status,
      teams: teams.map((t) => {
        const leader = t.leader_person_id ? (leaders.get(t.leader_person_id) ?? null) : null;
        return {
          ...teamSummary(t, leader, t.place_id ? (places.get(t.place_id) ?? null) : null),
          iLead: t.leader_person_id === me.personId,
        };
      }),
      certificates: certs.map((c) => certificateView(c, today)),
      upcoming: upcoming.map(dutyView).sort((a, b) => a.startsAt.localeCompare(b.startsAt)),
      pointsTotal: total,
      hoursThisMonth: Math.round((seconds / 3600) * 100) / 100,
      unreadNotifications: unread,
    };
  }

  /** Open shifts of the caller's teams (and every shift they hold a duty on) in a period, default the next 14 days. */
  async shifts(ctx: Ctx, q: { from?: string | undefined; to?: string | undefined }): Promise<ShiftView[]> {
    const me = await this.me(ctx);
    const today = chinaDay(this.p.clock.now());
    const from = q.from ?? today;
    const to = q.to ?? addCalendarDays(today, 14);
    if (from > to) throw fieldError('querystring.from', 'after_to', 'from is after to');
    const teamIds = (await teamIdsOfPerson(this.p.db, me.personId)).map((t) => t.id);
    const range = { from: chinaInstant(from, '00:00'), to: chinaInstant(addCalendarDays(to, 1), '00:00') };
    const [teamShifts, myDuties] = await Promise.all([
      listShifts(this.p.db, { stationId: me.stationId, ...range, teamIds, status: 'open' }),
      listDuties(this.p.db, { stationId: me.stationId, personId: me.personId, ...range, limit: 500 }),
    ]);
    const shifts = [...teamShifts];
    const known = new Set(shifts.map((s) => s.id));
    for (const d of myDuties) {
      if (known.has(d.shift_id) || d.status === 'released') continue;
      const s = await getShift(this.p.db, d.shift_id);
      if (s) {
        shifts.push(s);
        known.add(s.id);
      }
    }
    shifts.sort((a, b) => a.starts_at.getTime() - b.starts_at.getTime());
    const duties = await dutiesOfShifts(
      this.p.db,
      shifts.map((s) => s.id),
    );
    return shifts.map((s) => shiftView(s, duties, me.personId));
  }

  async duties(ctx: Ctx, q: { from?: string | undefined; to?: string | undefined }): Promise<DutyView[]> {
    const me = await this.me(ctx);
    const today = chinaDay(this.p.clock.now());
    const from = q.from ?? addCalendarDays(today, -30);
    const to = q.to ?? addCalendarDays(today, 30);
    const rows = await listDuties(this.p.db, {
      stationId: me.stationId,
      personId: me.personId,
      from: chinaInstant(from, '00:00'),
      to: chinaInstant(addCalendarDays(to, 1), '00:00'),
      limit: 1000,
    });
    return rows.filter((d) => d.status !== 'released').map(dutyView);
  }

  async duty(ctx: Ctx, dutyId: string): Promise<DutyDetail> {
    const me = await this.me(ctx);
    const d = await this.own(this.p.db, me, dutyId);
    return dutyDetail(this.p.db, d, (id) => `/api/me/volunteer/duties/${d.id}/photos/${id}`, false);
  }

  async photoFile(ctx: Ctx, dutyId: string, photoId: string) {
    const me = await this.me(ctx);
    await this.own(this.p.db, me, dutyId);
    const fileId = await dutyPhotoFile(this.p.db, dutyId, photoId);
    const f = fileId ? await readFile(this.p.db, fileId) : null;
    if (!f) throw notFound('photo');
    return f;
  }

  // ------------------------------------------------------------ claim

  /**
   * Takes a place on a shift. Refused with a reason when the volunteer is
   * not approved (volunteer_not_active), the shift is cancelled
   * (shift_cancelled), started (shift_started) or full (shift_full), the
   * shift needs a certificate the volunteer does not hold valid on the
   * shift's day (certificate_required), or overlaps another of their duties
   * (overlapping_duty). Claiming a shift already held answers that duty.
   */
  async claim(ctx: Ctx, shiftId: string, clientId: string | null): Promise<Answer<DutyView>> {
    const me = await this.me(ctx);
    const s0 = await getShift(this.p.db, shiftId);
    if (!s0 || s0.station_id !== me.stationId || !(await isMember(this.p.db, s0.team_id, me.personId)))
      throw notFound('shift');
    return this.requests.once(ctx, clientId, 'shift.claim', shiftId, async (tx) => {
      const now = this.p.clock.now();
      await lockShift(tx, shiftId);
      const s = await getShift(tx, shiftId);
      if (!s) throw notFound('shift');
      const held = await liveDutyOf(tx, shiftId, me.personId);
      if (held) {
        const d = await getDuty(tx, held);
        if (!d) throw notFound('duty');
        return { status: 200, body: dutyView(d) };
      }
      const prof = await getProfile(tx, me.personId);
      if (!prof || !mayTakeDuties(prof.status))
        throw conflict(`a ${prof?.status ?? 'unknown'} volunteer cannot take duties`, 'volunteer_not_active');
      if (s.status !== 'open') throw conflict('the shift was cancelled', 'shift_cancelled');
      if (s.starts_at <= now) throw conflict('the shift has already started', 'shift_started');
      if (s.claimed >= s.capacity) throw conflict(`the shift is full (${s.capacity} places)`, 'shift_full');
      if (
        s.required_course_id &&
        !(await holdsValidCertificate(tx, me.personId, s.required_course_id, chinaDay(s.starts_at)))
      )
        throw conflict(`this duty needs a valid certificate: ${s.course_name ?? ''}`, 'certificate_required');
      if (await overlappingDuty(tx, me.personId, s.starts_at, s.ends_at, s.id))
        throw conflict('you already hold a duty at that time', 'overlapping_duty');
      const id = await insertDuty(tx, { stationId: s.station_id, shiftId, personId: me.personId, now });
      if (!id) throw conflict('the claim could not be stored; try again', 'retry');
      const d = await getDuty(tx, id);
      if (!d) throw notFound('duty');
      await this.p.audit.record(
        ctx.audit,
        { action: 'duty.claim', resourceType: 'patrol_duty', resourceId: id, details: { shiftId } },
        tx,
      );
      this.publishDuty(tx, d, 'claimed', 'claimed');
      return { status: 201, body: dutyView(d) };
    });
  }

  /** Gives a claimed place back before the shift starts; the leader is told when the shift is within a week. */
  async unclaim(ctx: Ctx, shiftId: string, clientId: string | null): Promise<Answer<{ ok: true }>> {
    const me = await this.me(ctx);
    const s0 = await getShift(this.p.db, shiftId);
    if (!s0 || s0.station_id !== me.stationId) throw notFound('shift');
    return this.requests.once(ctx, clientId, 'shift.unclaim', shiftId, async (tx) => {
      const now = this.p.clock.now();
      await lockShift(tx, shiftId);
      const held = await liveDutyOf(tx, shiftId, me.personId);
      if (!held) return { status: 200, body: { ok: true as const } };
      const d = await getDuty(tx, held, true);
      if (!d) throw notFound('duty');
      if (d.status !== 'claimed') throw conflict('you have already checked in', 'already_checked_in');
      if (d.starts_at <= now) throw conflict('the shift has already started', 'shift_started');
      await releaseDuty(tx, d.id, 'unclaimed', now);
      await this.p.audit.record(
        ctx.audit,
        { action: 'duty.unclaim', resourceType: 'patrol_duty', resourceId: d.id, details: { shiftId } },
        tx,
      );
      this.publishDuty(tx, d, 'released', 'unclaimed');
      if (d.starts_at.getTime() - now.getTime() < 7 * 86_400_000) {
        const s = await getShift(tx, shiftId);
        const to = s?.team_leader_id ?? (await gridOfficer(tx, d.team_grid_id));
        if (s && to && to !== me.personId)
          await this.live.notify(tx, {
            stationId: d.station_id,
            personId: to,
            kind: 'duty_withdrawn',
            title: `${d.person_name} 退出了 ${chinaDay(d.starts_at)} 的「${d.team_name}」勤务`,
            body: `现有 ${s.claimed}/${s.capacity} 人`,
            refType: 'patrol_shift',
            refId: shiftId,
          });
      }
      return { status: 200, body: { ok: true as const } };
    });
  }

  // ------------------------------------------------------------ on duty

  private fixTimeProblem(at: Date, d: DutyRow, now: Date): string | null {
    const t = at.getTime();
    if (t > now.getTime() + CLOCK_SKEW_MS) return 'in_future';
    if (t < d.starts_at.getTime() - EARLY_CHECK_IN_MS) return 'before_shift';
    if (d.check_in_at && t < d.check_in_at.getTime()) return 'before_check_in';
    if (d.check_out_at && t > d.check_out_at.getTime()) return 'after_check_out';
    if (t > d.ends_at.getTime() + LATE_FIX_MS) return 'after_shift';
    return null;
  }

  private wgs(lng: number, lat: number, crs: CrsName): [number, number] {
    const [x, y] = toWgs84([lng, lat], crs);
    return [x, y];
  }

  /**
   * Check-in with the phone's position and device time. Refused when the
   * time is in the future (in_future), earlier than 30 minutes before the
   * shift (too_early) or after it (shift_over); a position beyond the
   * route's corridor is refused (far_from_route, with the distance) unless
   * the volunteer confirms it, which flags the duty for an officer's review.
   */
  async checkIn(
    ctx: Ctx,
    dutyId: string,
    b: GpsIn & { clientId?: string | undefined; crs: CrsName; acknowledgeFar: boolean },
    clientId: string | null,
  ): Promise<Answer<DutyView>> {
    const me = await this.me(ctx);
    await this.own(this.p.db, me, dutyId);
    return this.requests.once(ctx, clientId, 'duty.check_in', dutyId, async (tx) => {
      const now = this.p.clock.now();
      const d = await this.own(tx, me, dutyId, true);
      if (d.status === 'checked_in') throw conflict('you are already checked in', 'already_checked_in');
      if (d.status === 'checked_out') throw conflict('this duty is finished', 'already_checked_out');
      if (d.status === 'released') throw conflict('this duty was released', 'duty_released');
      const at = new Date(b.at);
      if (at.getTime() > now.getTime() + CLOCK_SKEW_MS)
        throw fieldError('body.at', 'in_future', 'the time is in the future');
      if (at.getTime() < d.starts_at.getTime() - EARLY_CHECK_IN_MS)
        throw fieldError('body.at', 'too_early', 'check-in opens 30 minutes before the shift');
      if (at > d.ends_at) throw fieldError('body.at', 'shift_over', 'the shift is over');
      const [lng, lat] = this.wgs(b.lng, b.lat, b.crs);
      const { shape } = await routeOf(tx, d.route_id);
      const dist = distanceToRouteM([lng, lat], shape);
      const flags = [...d.flags.filter((f) => f !== 'far_check_in')];
      if (dist > shape.corridorM) {
        if (!b.acknowledgeFar)
          throw new AppError(
            'validation',
            `you are ${Math.round(dist)} m from the route (at most ${shape.corridorM} m); confirm to check in anyway`,
            [{ path: 'body.lng', code: 'far_from_route', message: `${Math.round(dist)} m from the route` }],
            'far_from_route',
          );
        flags.push('far_check_in');
      }
      await setCheckIn(tx, d.id, {
        at,
        receivedAt: now,
        lng,
        lat,
        accuracyM: b.accuracyM ?? null,
        distanceM: dist,
        flags,
      });
      // The check-in position may already be at a checkpoint.
      await this.proximityPasses(tx, d.id, d.route_id, [
        { at: at.getTime(), lng, lat, accuracyM: b.accuracyM ?? null },
      ]);
      await this.timers.dutyClose(tx, d.id, d.ends_at);
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'duty.check_in',
          resourceType: 'patrol_duty',
          resourceId: d.id,
          details: {
            distanceM: Math.round(dist),
            flags,
            deviceTime: at.toISOString(),
            lagSeconds: Math.round((now.getTime() - at.getTime()) / 1000),
          },
        },
        tx,
      );
      const after = await getDuty(tx, d.id);
      if (!after) throw notFound('duty');
      this.publishDuty(tx, after, 'checked_in', 'checked_in');
      return { status: 200, body: dutyView(after) };
    });
  }

  private async proximityPasses(
    tx: Tx,
    dutyId: string,
    routeId: string,
    fixes: { at: number; lng: number; lat: number; accuracyM: number | null }[],
  ) {
    const { cps, shape } = await routeOf(tx, routeId);
    const done = new Set((await listPasses(tx, dutyId)).map((x) => x.checkpoint_id));
    const open = shape.checkpoints.filter((c) => !done.has(c.id));
    const found = checkpointPasses(fixes, open);
    const out: { checkpointId: string; name: string; passedAt: string }[] = [];
    for (const [checkpointId, hit] of found) {
      const inserted = await insertPass(tx, {
        dutyId,
        checkpointId,
        at: new Date(hit.at),
        method: 'proximity',
        lng: hit.lng,
        lat: hit.lat,
        distanceM: hit.distanceM,
      });
      if (inserted)
        out.push({
          checkpointId,
          name: cps.find((c) => c.id === checkpointId)?.name ?? '',
          passedAt: new Date(hit.at).toISOString(),
        });
    }
    return out;
  }

  /** Validates and stores fixes; returns what was stored, what was already there and what was refused (by index). */
  private async storeFixes(tx: Tx, d: DutyRow, pts: GpsIn[], crs: CrsName, now: Date) {
    const rejected: { index: number; code: string }[] = [];
    const ok: { at: Date; lng: number; lat: number; accuracyM: number | null }[] = [];
    pts.forEach((pt, index) => {
      const at = new Date(pt.at);
      const problem = this.fixTimeProblem(at, d, now);
      if (problem) rejected.push({ index, code: problem });
      else {
        const [lng, lat] = this.wgs(pt.lng, pt.lat, crs);
        ok.push({ at, lng, lat, accuracyM: pt.accuracyM ?? null });
      }
    });
    const stored = await insertPoints(tx, d.id, ok, now);
    const storedAt = new Set(stored.map((x) => x.getTime()));
    const fresh = ok.filter((x) => storedAt.has(x.at.getTime()));
    const newPasses = await this.proximityPasses(
      tx,
      d.id,
      d.route_id,
      fresh.map((x) => ({ at: x.at.getTime(), lng: x.lng, lat: x.lat, accuracyM: x.accuracyM })),
    );
    return { accepted: stored.length, duplicates: ok.length - stored.length, rejected, newPasses };
  }

  /**
   * A batch of track fixes (device times). Each fix is judged alone: in the
   * future (in_future), before the shift or check-in, after the check-out or
   * long after the shift are refused by index; the others are stored once
   * (a replayed fix is a duplicate). Fixes at a checkpoint pass it. Accepted
   * while checked in, and after check-out until the duty is verified (late
   * uploads of the offline queue), which recomputes the hours.
   */
  async track(
    ctx: Ctx,
    dutyId: string,
    b: { crs: CrsName; points: GpsIn[] },
    clientId: string | null,
  ): Promise<
    Answer<{
      accepted: number;
      duplicates: number;
      rejected: { index: number; code: string }[];
      newPasses: { checkpointId: string; name: string; passedAt: string }[];
    }>
  > {
    const me = await this.me(ctx);
    await this.own(this.p.db, me, dutyId);
    return this.requests.once(ctx, clientId, 'duty.points', dutyId, async (tx) => {
      const now = this.p.clock.now();
      const d = await this.own(tx, me, dutyId, true);
      const open = d.status === 'checked_in' || (d.status === 'checked_out' && d.verification === 'pending');
      if (!open) {
        if (d.status === 'checked_out') throw conflict('this duty is verified; its track is closed', 'duty_verified');
        throw conflict('check in first', 'not_checked_in');
      }
      const r = await this.storeFixes(tx, d, b.points, b.crs, now);
      if (d.status === 'checked_out' && r.accepted > 0) await recompute(tx, d, null, now);
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'duty.points',
          resourceType: 'patrol_duty',
          resourceId: d.id,
          details: {
            accepted: r.accepted,
            duplicates: r.duplicates,
            rejected: r.rejected.length,
            passes: r.newPasses.length,
          },
        },
        tx,
      );
      return { status: 200, body: r };
    });
  }

  /**
   * A checkpoint pass: a scanned QR token (proof by itself), or a checkpoint
   * id with a position within its radius (not_at_checkpoint otherwise). The
   * first pass of a checkpoint counts; later ones answer firstPass false.
   */
  async pass(
    ctx: Ctx,
    dutyId: string,
    b: {
      qrToken?: string | undefined;
      checkpointId?: string | undefined;
      at: string;
      lng?: number | undefined;
      lat?: number | undefined;
      accuracyM?: number | undefined;
      crs: CrsName;
    },
    clientId: string | null,
  ) {
    const me = await this.me(ctx);
    await this.own(this.p.db, me, dutyId);
    if (!b.qrToken && !b.checkpointId)
      throw fieldError('body.qrToken', 'required', 'scan the checkpoint’s QR code or name the checkpoint');
    return this.requests.once(ctx, clientId, 'duty.pass', dutyId, async (tx) => {
      const now = this.p.clock.now();
      const d = await this.own(tx, me, dutyId, true);
      if (d.status !== 'checked_in') throw conflict('passes are recorded while checked in', 'not_checked_in');
      const at = new Date(b.at);
      const problem = this.fixTimeProblem(at, d, now);
      if (problem) throw fieldError('body.at', problem, `the time is refused: ${problem}`);
      const { cps } = await routeOf(tx, d.route_id);
      const pos = b.lng !== undefined && b.lat !== undefined ? this.wgs(b.lng, b.lat, b.crs) : null;
      const cp = b.qrToken ? cps.find((c) => c.qr_token === b.qrToken) : cps.find((c) => c.id === b.checkpointId);
      if (!cp) {
        if (b.qrToken) throw fieldError('body.qrToken', 'unknown_qr', 'this QR code is not a checkpoint of your route');
        throw fieldError('body.checkpointId', 'unknown_checkpoint', 'not a checkpoint of your route');
      }
      const method: 'qr' | 'proximity' = b.qrToken ? 'qr' : 'proximity';
      const dist = pos ? distanceM(pos, [cp.lng, cp.lat]) : null;
      if (method === 'proximity') {
        if (!pos) throw fieldError('body.lng', 'position_required', 'a pass without a QR code needs your position');
        if (!isAtCheckpoint(pos, { id: cp.id, lng: cp.lng, lat: cp.lat, radiusM: cp.radius_m }, b.accuracyM ?? null))
          throw new AppError(
            'validation',
            `you are ${Math.round(dist ?? 0)} m from ${cp.name} (radius ${cp.radius_m} m)`,
            [{ path: 'body.lng', code: 'not_at_checkpoint', message: `${Math.round(dist ?? 0)} m away` }],
            'not_at_checkpoint',
          );
      }
      if (pos) await insertPoints(tx, d.id, [{ at, lng: pos[0], lat: pos[1], accuracyM: b.accuracyM ?? null }], now);
      const first = await insertPass(tx, {
        dutyId: d.id,
        checkpointId: cp.id,
        at,
        method,
        lng: pos?.[0] ?? null,
        lat: pos?.[1] ?? null,
        distanceM: dist,
      });
      const prev = first ? null : (await listPasses(tx, d.id)).find((x) => x.checkpoint_id === cp.id);
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'duty.pass',
          resourceType: 'patrol_duty',
          resourceId: d.id,
          details: { checkpointId: cp.id, method, first, distanceM: dist === null ? null : Math.round(dist) },
        },
        tx,
      );
      return {
        status: first ? 201 : 200,
        body: {
          checkpointId: cp.id,
          name: cp.name,
          passedAt: (prev?.passed_at ?? at).toISOString(),
          method: prev?.method ?? method,
          firstPass: first,
        },
      };
    });
  }

  /** A photo during the duty (optionally at a checkpoint): JPEG, PNG or WebP by content, at most 8 MB. */
  async photo(
    ctx: Ctx,
    dutyId: string,
    file: { bytes: Buffer; filename: string | null },
    meta: { checkpointId: string | null; takenAt: string | null },
    clientId: string | null,
  ): Promise<Answer<{ photoId: string; fileId: string }>> {
    const me = await this.me(ctx);
    await this.own(this.p.db, me, dutyId);
    return this.requests.once(ctx, clientId, 'duty.photo', dutyId, async (tx) => {
      const now = this.p.clock.now();
      const d = await this.own(tx, me, dutyId, true);
      if (d.status !== 'checked_in' && d.status !== 'checked_out')
        throw conflict('photos are taken on duty', 'not_checked_in');
      if (meta.checkpointId) {
        const { cps } = await routeOf(tx, d.route_id);
        if (!cps.some((c) => c.id === meta.checkpointId))
          throw fieldError('checkpointId', 'unknown_checkpoint', 'not a checkpoint of your route');
      }
      const takenAt = meta.takenAt ? new Date(meta.takenAt) : null;
      if (takenAt && (Number.isNaN(takenAt.getTime()) || takenAt.getTime() > now.getTime() + CLOCK_SKEW_MS))
        throw fieldError('takenAt', 'in_future', 'the photo time is in the future');
      const stored = await storeFile(tx, file.bytes, {
        stationId: d.station_id,
        purpose: 'volunteer_duty',
        createdBy: ctx.actor.userId,
        originalName: file.filename,
        allowed: PHOTO_TYPES,
        maxBytes: PHOTO_MAX_BYTES,
        field: 'photo',
        now,
      });
      const photoId = await insertDutyPhoto(tx, {
        dutyId: d.id,
        checkpointId: meta.checkpointId,
        fileId: stored.id,
        takenAt,
        now,
      });
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'duty.photo',
          resourceType: 'patrol_duty',
          resourceId: d.id,
          details: { photoId, fileId: stored.id, size: stored.size, type: stored.contentType },
        },
        tx,
      );
      return { status: 201, body: { photoId, fileId: stored.id } };
    });
  }

  /**
   * Check-out: the last queued fixes first, then the check-out position and
   * time; the hours are computed from the evidence. A duty without flags is
   * verified at once and earns its points; a flagged one (far check-in)
   * waits for an officer's review.
   */
  async checkOut(
    ctx: Ctx,
    dutyId: string,
    b: GpsIn & { crs: CrsName; servedCount?: number | undefined; points: GpsIn[] },
    clientId: string | null,
  ): Promise<Answer<DutyView>> {
    const me = await this.me(ctx);
    await this.own(this.p.db, me, dutyId);
    return this.requests.once(ctx, clientId, 'duty.check_out', dutyId, async (tx) => {
      const now = this.p.clock.now();
      const d = await this.own(tx, me, dutyId, true);
      if (d.status === 'checked_out') throw conflict('you have already checked out', 'already_checked_out');
      if (d.status !== 'checked_in') throw conflict('check in first', 'not_checked_in');
      if (b.servedCount !== undefined && d.kind !== 'school_post')
        throw fieldError('body.servedCount', 'not_a_school_post', 'only school posts count people served');
      const at = new Date(b.at);
      if (at.getTime() > now.getTime() + CLOCK_SKEW_MS)
        throw fieldError('body.at', 'in_future', 'the time is in the future');
      if (d.check_in_at && at < d.check_in_at) throw fieldError('body.at', 'before_check_in', 'before your check-in');
      const batch = b.points.length > 0 ? await this.storeFixes(tx, d, b.points, b.crs, now) : null;
      const [lng, lat] = this.wgs(b.lng, b.lat, b.crs);
      await setCheckOut(tx, d.id, {
        at,
        receivedAt: now,
        lng,
        lat,
        accuracyM: b.accuracyM ?? null,
        flags: d.flags,
      });
      if (b.servedCount !== undefined) await setServed(tx, d.id, b.servedCount);
      await this.proximityPasses(tx, d.id, d.route_id, [
        { at: at.getTime(), lng, lat, accuracyM: b.accuracyM ?? null },
      ]);
      const closed = await getDuty(tx, d.id);
      if (!closed) throw notFound('duty');
      const verification = closed.flags.length > 0 ? 'pending' : 'auto';
      const h = await recompute(tx, closed, verification, now);
      if (verification === 'auto') await this.points.awardDuty(tx, closed, h.seconds);
      await this.timers.cancelDutyClose(tx, d.id);
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'duty.check_out',
          resourceType: 'patrol_duty',
          resourceId: d.id,
          details: {
            seconds: h.seconds,
            gapSeconds: h.gapSeconds,
            offRouteSeconds: h.offRouteSeconds,
            verification,
            lastPoints: batch ? { accepted: batch.accepted, rejected: batch.rejected.length } : null,
          },
        },
        tx,
      );
      const after = await getDuty(tx, d.id);
      if (!after) throw notFound('duty');
      this.publishDuty(tx, after, 'checked_out', 'checked_out');
      return { status: 200, body: dutyView(after) };
    });
  }

  /** The served headcount of a school-post duty (students and teachers helped across), while not yet reviewed. */
  async served(ctx: Ctx, dutyId: string, servedCount: number, clientId: string | null): Promise<Answer<DutyView>> {
    const me = await this.me(ctx);
    await this.own(this.p.db, me, dutyId);
    return this.requests.once(ctx, clientId, 'duty.served', dutyId, async (tx) => {
      const d = await this.own(tx, me, dutyId, true);
      if (d.kind !== 'school_post')
        throw fieldError('body.servedCount', 'not_a_school_post', 'only school posts count people served');
      if (d.status !== 'checked_in' && d.status !== 'checked_out') throw conflict('check in first', 'not_checked_in');
      if (d.verification === 'approved' || d.verification === 'rejected')
        throw conflict('the duty was reviewed; it can no longer change', 'duty_reviewed');
      await setServed(tx, d.id, servedCount);
      await this.p.audit.record(
        ctx.audit,
        { action: 'duty.served', resourceType: 'patrol_duty', resourceId: d.id, details: { servedCount } },
        tx,
      );
      const after = await getDuty(tx, d.id);
      if (!after) throw notFound('duty');
      return { status: 200, body: dutyView(after) };
    });
  }

  /**
   * Timer: a duty still checked in two hours after its shift ended is
   * closed without a check-out; its hours end at the last fix and it waits
   * for review (flag no_checkout).
   */
  async onDutyClose(tx: Tx, dutyId: string, now: Date): Promise<void> {
    const d = await getDuty(tx, dutyId, true);
    if (d?.status !== 'checked_in') return;
    const fixes = await fixesOf(tx, d);
    const last = fixes.reduce((m, f) => Math.max(m, f.at), d.check_in_at?.getTime() ?? d.starts_at.getTime());
    const flags = [...new Set([...d.flags, 'no_checkout'])];
    await setCheckOut(tx, d.id, {
      at: new Date(Math.min(last, d.ends_at.getTime())),
      receivedAt: now,
      lng: null,
      lat: null,
      accuracyM: null,
      flags,
    });
    const closed = await getDuty(tx, d.id);
    if (!closed) return;
    await recompute(tx, closed, 'pending', now);
    this.publishDuty(tx, closed, 'checked_out', 'closed_without_checkout');
    for (const to of [d.person_id, ...(d.team_leader_id && d.team_leader_id !== d.person_id ? [d.team_leader_id] : [])])
      await this.live.notify(tx, {
        stationId: d.station_id,
        personId: to,
        kind: 'duty_no_checkout',
        title: `${chinaDay(d.starts_at)}「${d.team_name}」勤务未签退，已自动结束待审核`,
        body: d.person_name,
        refType: 'patrol_duty',
        refId: d.id,
      });
  }

  /** Timer: a week before the shift (or at once when created later), the leader hears if places are still free. */
  async onStaffingCheck(tx: Tx, shiftId: string, now: Date): Promise<void> {
    const s: ShiftRow | null = await getShift(tx, shiftId);
    if (s?.status !== 'open' || s.starts_at <= now || s.claimed >= s.capacity) return;
    const to = s.team_leader_id ?? (await gridOfficer(tx, s.team_grid_id));
    if (!to) return;
    await this.live.notify(tx, {
      stationId: s.station_id,
      personId: to,
      kind: 'shift_understaffed',
      title: `${chinaDay(s.starts_at)}「${s.team_name}」勤务尚缺 ${s.capacity - s.claimed} 人`,
      body: `${s.route_name}，已报名 ${s.claimed}/${s.capacity}`,
      refType: 'patrol_shift',
      refId: s.id,
    });
  }

  // ------------------------------------------------------------ notifications, points, teams led

  async notifications(ctx: Ctx) {
    const me = await this.me(ctx);
    return (await listNotifications(this.p.db, me.personId)).map((n) => ({
      id: n.id,
      kind: n.kind,
      title: n.title,
      body: n.body,
      refType: n.ref_type,
      refId: n.ref_id,
      createdAt: n.created_at.toISOString(),
      readAt: n.read_at?.toISOString() ?? null,
    }));
  }

  async readNotification(ctx: Ctx, id: string): Promise<void> {
    const me = await this.me(ctx);
    if (!(await markRead(this.p.db, me.personId, id, this.p.clock.now()))) throw notFound('notification');
  }

  async myPoints(ctx: Ctx) {
    const me = await this.me(ctx);
    return this.points.ledger(ctx, me.personId, true);
  }

  /** A team of the caller's: as a member (leaderboard) or as its leader (duties). */
  private async myTeam(ctx: Ctx, teamId: string, lead: boolean) {
    const me = await this.me(ctx);
    const mine = (await teamIdsOfPerson(this.p.db, me.personId)).find((t) => t.id === teamId);
    if (!mine || (lead && !mine.leads)) throw notFound('team');
    return me;
  }

  async teamBoard(ctx: Ctx, teamId: string, q: { from?: string | undefined; to?: string | undefined }) {
    const me = await this.myTeam(ctx, teamId, false);
    const today = chinaDay(this.p.clock.now());
    return this.points.board(me.stationId, teamId, q.from ?? `${today.slice(0, 4)}-01-01`, q.to ?? today);
  }

  /** The team leader's view: the team's duties with their computed hours. */
  async teamDuties(
    ctx: Ctx,
    teamId: string,
    q: { from?: string | undefined; to?: string | undefined },
  ): Promise<DutyView[]> {
    const me = await this.myTeam(ctx, teamId, true);
    const today = chinaDay(this.p.clock.now());
    const from = q.from ?? addCalendarDays(today, -30);
    const to = q.to ?? addCalendarDays(today, 14);
    const rows = await listDuties(this.p.db, {
      stationId: me.stationId,
      teamIds: [teamId],
      from: chinaInstant(from, '00:00'),
      to: chinaInstant(addCalendarDays(to, 1), '00:00'),
      limit: 1000,
    });
    return rows.filter((d) => d.status !== 'released').map(dutyView);
  }
}
