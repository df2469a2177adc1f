import type { CertificateView, TrainingSessionView } from '@fengqiao/contracts';
import { addCalendarDays, chinaDay, chinaInstant } from '@fengqiao/domain';
import type { Tx } from '../../platform/db/db';
import { badRequest, conflict, fieldError, notFound } from '../../platform/errors';
import type { Ctx, Platform } from '../../platform/platform';
import type { VolunteerLive } from './notify';
import type { PointsService } from './points.service';
import { getProfile } from './roster.repository';
import type { VolunteerTimers } from './timers';
import {
  type CourseRow,
  getCertificate,
  getCourse,
  getSession,
  insertCertificate,
  insertCourse,
  insertSession,
  listAttendance,
  listCertificates,
  listCourses,
  listSessions,
  markHeld,
  revokeCertificate,
  type SessionRow,
  upsertAttendance,
} from './training.repository';
import { certificateView } from './views';
import { gridsOf, reachOf } from './volunteers.policy';

const courseView = (c: CourseRow) => ({
  id: c.id,
  code: c.code,
  topic: c.topic,
  name: c.name,
  hours: c.hours,
  certificateMonths: c.certificate_months,
  active: c.active,
});

/** `months` calendar months after an ISO date (clamped to the month's last day). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${ny}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/**
 * Training (法律知识、安全防范技能、应急处突、急救): courses, sessions,
 * attendance; a passed session of a certifying course issues a certificate
 * valid for the course's months (the day before the same date). Duties that
 * need a certificate can only be claimed by holders of a valid one.
 */
export class TrainingService {
  constructor(
    private readonly p: Platform,
    private readonly points: PointsService,
    private readonly timers: VolunteerTimers,
    private readonly live: VolunteerLive,
  ) {}

  async courses(ctx: Ctx) {
    return (await listCourses(this.p.db, reachOf(ctx.actor).stationId)).map(courseView);
  }

  async createCourse(
    ctx: Ctx,
    b: { code: string; topic: string; name: string; hours: number; certificateMonths: number | null },
  ) {
    const stationId = reachOf(ctx.actor).stationId;
    const id = await this.p.db.tx(async (tx) => {
      const created = await insertCourse(tx, { stationId, ...b, now: this.p.clock.now() });
      if (!created) throw conflict(`a course ${b.code} exists`, 'course_exists');
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'training_course.create',
          resourceType: 'training_course',
          resourceId: created,
          details: { code: b.code },
        },
        tx,
      );
      return created;
    });
    const c = await getCourse(this.p.db, id);
    if (!c) throw notFound('course');
    return courseView(c);
  }

  private async sessionViews(sessions: SessionRow[]): Promise<TrainingSessionView[]> {
    const [att, courses] = await Promise.all([
      listAttendance(
        this.p.db,
        sessions.map((s) => s.id),
      ),
      Promise.all([...new Set(sessions.map((s) => s.course_id))].map((id) => getCourse(this.p.db, id))),
    ]);
    const byId = new Map(courses.flatMap((c) => (c ? [[c.id, c] as const] : [])));
    return sessions.flatMap((s) => {
      const c = byId.get(s.course_id);
      if (!c) return [];
      const mine = att.filter((a) => a.session_id === s.id);
      return [
        {
          id: s.id,
          course: courseView(c),
          startsAt: s.starts_at.toISOString(),
          endsAt: s.ends_at.toISOString(),
          place: s.place,
          trainer: s.trainer,
          capacity: s.capacity,
          status: s.status,
          attended: mine.filter((a) => a.attended).length,
          passed: mine.filter((a) => a.passed === true).length,
          attendance: mine.map((a) => ({
            personId: a.person_id,
            name: a.name,
            attended: a.attended,
            passed: a.passed,
          })),
        },
      ];
    });
  }

  async sessions(ctx: Ctx, q: { from?: string | undefined; to?: string | undefined; courseId?: string | undefined }) {
    const stationId = reachOf(ctx.actor).stationId;
    const today = chinaDay(this.p.clock.now());
    const from = q.from ?? addCalendarDays(today, -365);
    const to = q.to ?? addCalendarDays(today, 90);
    if (from > to) throw fieldError('querystring.from', 'after_to', 'from is after to');
    const rows = await listSessions(this.p.db, {
      stationId,
      from: chinaInstant(from, '00:00'),
      to: chinaInstant(addCalendarDays(to, 1), '00:00'),
      ...(q.courseId ? { courseId: q.courseId } : {}),
    });
    return this.sessionViews(rows);
  }

  async createSession(
    ctx: Ctx,
    b: { courseId: string; startsAt: string; endsAt: string; place: string; trainer: string; capacity: number },
  ): Promise<TrainingSessionView> {
    const stationId = reachOf(ctx.actor).stationId;
    const course = await getCourse(this.p.db, b.courseId);
    if (!course || course.station_id !== stationId)
      throw fieldError('body.courseId', 'unknown_course', 'no such course');
    const startsAt = new Date(b.startsAt);
    const endsAt = new Date(b.endsAt);
    if (endsAt <= startsAt) throw fieldError('body.endsAt', 'before_start', 'the session ends before it starts');
    const id = await this.p.db.tx(async (tx) => {
      const sid = await insertSession(tx, {
        stationId,
        courseId: b.courseId,
        startsAt,
        endsAt,
        place: b.place,
        trainer: b.trainer,
        capacity: b.capacity,
        createdBy: ctx.actor.userId,
        now: this.p.clock.now(),
      });
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'training_session.create',
          resourceType: 'training_session',
          resourceId: sid,
          details: { course: course.code },
        },
        tx,
      );
      return sid;
    });
    const s = await getSession(this.p.db, id);
    if (!s) throw notFound('session');
    const [view] = await this.sessionViews([s]);
    if (!view) throw notFound('session');
    return view;
  }

  /**
   * Records who attended (and passed). Marks the session held, awards the
   * attendance points, and for a certifying course issues a certificate to
   * each attendee who passed (once per session and person) with its expiry
   * reminder. Re-recording corrects attendance; certificates already issued
   * stay until revoked.
   */
  async recordAttendance(
    ctx: Ctx,
    sessionId: string,
    records: { personId: string; attended: boolean; passed?: boolean | undefined }[],
  ): Promise<TrainingSessionView> {
    const stationId = reachOf(ctx.actor).stationId;
    const errors: { path: string; code: string; message: string }[] = [];
    const seen = new Set<string>();
    for (const [i, r] of records.entries()) {
      const prof = await getProfile(this.p.db, r.personId);
      if (!prof || prof.station_id !== stationId)
        errors.push({ path: `body.records.${i}.personId`, code: 'unknown_volunteer', message: 'no such volunteer' });
      if (seen.has(r.personId))
        errors.push({ path: `body.records.${i}.personId`, code: 'duplicate', message: 'listed twice' });
      seen.add(r.personId);
      if (r.passed && !r.attended)
        errors.push({ path: `body.records.${i}.passed`, code: 'not_attended', message: 'passed without attending' });
    }
    if (errors.length > 0) throw badRequest('invalid attendance', errors);
    await this.p.db.tx(async (tx) => {
      const now = this.p.clock.now();
      const s = await getSession(tx, sessionId, true);
      if (!s || s.station_id !== stationId) throw notFound('session');
      if (s.status === 'cancelled') throw conflict('the session was cancelled', 'session_cancelled');
      if (s.starts_at > now) throw conflict('attendance is taken once the session has started', 'session_not_started');
      const course = await getCourse(tx, s.course_id);
      if (!course) throw notFound('course');
      const attendees = records.filter((r) => r.attended);
      if (attendees.length > s.capacity)
        throw fieldError('body.records', 'over_capacity', `at most ${s.capacity} attendees`);
      await upsertAttendance(
        tx,
        sessionId,
        records.map((r) => ({ personId: r.personId, attended: r.attended, passed: r.passed ?? null })),
        ctx.actor.userId,
        now,
      );
      await markHeld(tx, sessionId);
      const day = chinaDay(s.starts_at);
      let issued = 0;
      for (const r of attendees) {
        await this.points.award(tx, {
          stationId,
          personId: r.personId,
          source: 'training_attended',
          sourceId: sessionId,
          day,
          quantity: 1,
        });
        if (r.passed && course.certificate_months)
          issued += (await this.issue(tx, stationId, r.personId, course, s, day)) ? 1 : 0;
      }
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'training_session.attendance',
          resourceType: 'training_session',
          resourceId: sessionId,
          details: { attended: attendees.length, passed: records.filter((r) => r.passed).length, certificates: issued },
        },
        tx,
      );
    });
    const s = await getSession(this.p.db, sessionId);
    if (!s) throw notFound('session');
    const [view] = await this.sessionViews([s]);
    if (!view) throw notFound('session');
    return view;
  }

  private async issue(
    tx: Tx,
    stationId: string,
    personId: string,
    course: CourseRow,
    s: SessionRow,
    day: string,
  ): Promise<boolean> {
    const months = course.certificate_months;
    if (!months) return false;
    const expiresOn = addCalendarDays(addMonths(day, months), -1);
    const id = await insertCertificate(tx, {
      stationId,
      personId,
      courseId: course.id,
      sessionId: s.id,
      issuedOn: day,
      expiresOn,
      now: this.p.clock.now(),
    });
    if (!id) return false;
    await this.timers.certExpiry(tx, id, expiresOn);
    await this.points.award(tx, { stationId, personId, source: 'certificate_earned', sourceId: id, day, quantity: 1 });
    await this.live.notify(tx, {
      stationId,
      personId,
      kind: 'certificate_issued',
      title: `您已取得「${course.name}」证书`,
      body: `有效期至 ${expiresOn}`,
      refType: 'certificate',
      refId: id,
    });
    return true;
  }

  async certificates(
    ctx: Ctx,
    q: { personId?: string | undefined; courseId?: string | undefined; expiringWithinDays?: number | undefined },
  ): Promise<CertificateView[]> {
    const reach = reachOf(ctx.actor);
    const today = chinaDay(this.p.clock.now());
    const rows = await listCertificates(this.p.db, {
      stationId: reach.stationId,
      withinGrids: gridsOf(reach),
      ...(q.personId ? { personIds: [q.personId] } : {}),
      ...(q.courseId ? { courseId: q.courseId } : {}),
      ...(q.expiringWithinDays !== undefined
        ? { today, expiringBefore: addCalendarDays(today, q.expiringWithinDays) }
        : {}),
    });
    return rows.map((c) => certificateView(c, today));
  }

  async revoke(ctx: Ctx, id: string, reason: string): Promise<CertificateView> {
    const stationId = reachOf(ctx.actor).stationId;
    const c = await getCertificate(this.p.db, id);
    if (!c || c.station_id !== stationId) throw notFound('certificate');
    await this.p.db.tx(async (tx) => {
      if (!(await revokeCertificate(tx, id, reason, this.p.clock.now())))
        throw conflict('the certificate is already revoked', 'already_revoked');
      await this.p.audit.record(
        ctx.audit,
        { action: 'certificate.revoke', resourceType: 'certificate', resourceId: id, details: { reason } },
        tx,
      );
      await this.live.notify(tx, {
        stationId,
        personId: c.person_id,
        kind: 'certificate_revoked',
        title: `证书 ${c.number} 已被撤销`,
        body: reason,
        refType: 'certificate',
        refId: id,
      });
    });
    const after = await getCertificate(this.p.db, id);
    if (!after) throw notFound('certificate');
    return certificateView(after, chinaDay(this.p.clock.now()));
  }

  /** Timer: a month before expiry, the holder is reminded (if the certificate is still valid). */
  async onExpiryReminder(tx: Tx, certificateId: string): Promise<void> {
    const c = await getCertificate(tx, certificateId);
    if (!c || c.revoked_at || !c.expires_on) return;
    await this.live.notify(tx, {
      stationId: c.station_id,
      personId: c.person_id,
      kind: 'certificate_expiring',
      title: `「${c.course_name}」证书将于 ${c.expires_on} 到期`,
      body: '请报名参加复训',
      refType: 'certificate',
      refId: c.id,
    });
  }
}
