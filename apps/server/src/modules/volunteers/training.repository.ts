import type { Queryable } from '../../platform/db/db';
import { volunteerWithinGridsSql } from './roster.repository';

export type Topic = 'law' | 'safety' | 'emergency' | 'first_aid';

export interface CourseRow {
  id: string;
  station_id: string;
  code: string;
  topic: Topic;
  name: string;
  hours: number;
  certificate_months: number | null;
  active: boolean;
}

const COURSE = 'SELECT id, station_id, code, topic, name, hours, certificate_months, active FROM training_courses';

export async function listCourses(q: Queryable, stationId: string): Promise<CourseRow[]> {
  return (await q.query<CourseRow>(`${COURSE} WHERE station_id = $1 ORDER BY topic, code`, [stationId])).rows;
}

export async function getCourse(q: Queryable, id: string): Promise<CourseRow | null> {
  return (await q.query<CourseRow>(`${COURSE} WHERE id = $1`, [id])).rows[0] ?? null;
}

export async function insertCourse(
  q: Queryable,
  c: {
    stationId: string;
    code: string;
    topic: string;
    name: string;
    hours: number;
    certificateMonths: number | null;
    now: Date;
  },
): Promise<string | null> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO training_courses (station_id, code, topic, name, hours, certificate_months, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (station_id, code) DO NOTHING RETURNING id`,
    [c.stationId, c.code, c.topic, c.name, c.hours, c.certificateMonths, c.now],
  );
  return r.rows[0]?.id ?? null;
}

export interface SessionRow {
  id: string;
  station_id: string;
  course_id: string;
  starts_at: Date;
  ends_at: Date;
  place: string;
  trainer: string;
  capacity: number;
  status: 'scheduled' | 'held' | 'cancelled';
}

const SESSION =
  'SELECT id, station_id, course_id, starts_at, ends_at, place, trainer, capacity, status FROM training_sessions';

export async function insertSession(
  q: Queryable,
  s: {
    stationId: string;
    courseId: string;
    startsAt: Date;
    endsAt: Date;
    place: string;
    trainer: string;
    capacity: number;
    createdBy: string | null;
    now: Date;
  },
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO training_sessions (station_id, course_id, starts_at, ends_at, place, trainer, capacity, status, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'scheduled', $8, $9) RETURNING id`,
    [s.stationId, s.courseId, s.startsAt, s.endsAt, s.place, s.trainer, s.capacity, s.createdBy, s.now],
  );
  const id = r.rows[0]?.id;
  if (!id) throw new Error('session insert returned nothing');
  return id;
}

export async function getSession(q: Queryable, id: string, forUpdate = false): Promise<SessionRow | null> {
  return (await q.query<SessionRow>(`${SESSION} WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id])).rows[0] ?? null;
}

export async function listSessions(
  q: Queryable,
  f: { stationId: string; from: Date; to: Date; courseId?: string },
): Promise<SessionRow[]> {
  const params: unknown[] = [f.stationId, f.from, f.to];
  let extra = '';
  if (f.courseId) {
    params.push(f.courseId);
    extra = ' AND course_id = $4';
  }
  return (
    await q.query<SessionRow>(
      `${SESSION} WHERE station_id = $1 AND starts_at >= $2 AND starts_at < $3${extra} ORDER BY starts_at`,
      params,
    )
  ).rows;
}

export async function markHeld(q: Queryable, id: string): Promise<void> {
  await q.query(`UPDATE training_sessions SET status = 'held' WHERE id = $1 AND status = 'scheduled'`, [id]);
}

export interface AttendanceRow {
  session_id: string;
  person_id: string;
  name: string;
  attended: boolean;
  passed: boolean | null;
}

export async function listAttendance(q: Queryable, sessionIds: string[]): Promise<AttendanceRow[]> {
  if (sessionIds.length === 0) return [];
  const r = await q.query<AttendanceRow>(
    `SELECT a.session_id, a.person_id, p.name, a.attended, a.passed FROM training_attendance a
       JOIN persons p ON p.id = a.person_id WHERE a.session_id = ANY($1::uuid[]) ORDER BY p.name`,
    [sessionIds],
  );
  return r.rows;
}

export async function upsertAttendance(
  q: Queryable,
  sessionId: string,
  rows: { personId: string; attended: boolean; passed: boolean | null }[],
  by: string | null,
  now: Date,
): Promise<void> {
  await q.query(
    `INSERT INTO training_attendance (session_id, person_id, attended, passed, recorded_at, recorded_by)
     SELECT $1, x.person_id, x.attended, x.passed, $5, $6
       FROM unnest($2::uuid[], $3::bool[], $4::bool[]) AS x(person_id, attended, passed)
     ON CONFLICT (session_id, person_id) DO UPDATE SET attended = excluded.attended, passed = excluded.passed,
       recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by`,
    [sessionId, rows.map((r) => r.personId), rows.map((r) => r.attended), rows.map((r) => r.passed), now, by],
  );
}

export interface CertificateRow {
  id: string;
  number: string;
  person_id: string;
  person_name: string;
  course_id: string;
  course_code: string;
  course_name: string;
  topic: Topic;
  issued_on: string;
  expires_on: string | null;
  revoked_at: Date | null;
  session_id: string | null;
}

const CERT = `SELECT c.id, c.number, c.person_id, p.name AS person_name, c.course_id, k.code AS course_code, k.name AS course_name,
  k.topic, c.issued_on, c.expires_on, c.revoked_at, c.session_id
  FROM volunteer_certificates c JOIN training_courses k ON k.id = c.course_id JOIN persons p ON p.id = c.person_id`;

/** Issues a certificate; none twice for the same session and person. */
export async function insertCertificate(
  q: Queryable,
  c: {
    stationId: string;
    personId: string;
    courseId: string;
    sessionId: string | null;
    issuedOn: string;
    expiresOn: string | null;
    now: Date;
  },
): Promise<string | null> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO volunteer_certificates (station_id, number, person_id, course_id, session_id, issued_on, expires_on, created_at)
     VALUES ($1, 'YJZ' || to_char($6::date, 'YYYY') || lpad(nextval('certificate_number_seq')::text, 6, '0'),
             $2, $3, $4, $6, $7, $5)
     ON CONFLICT (session_id, person_id) WHERE session_id IS NOT NULL DO NOTHING RETURNING id`,
    [c.stationId, c.personId, c.courseId, c.sessionId, c.now, c.issuedOn, c.expiresOn],
  );
  return r.rows[0]?.id ?? null;
}

export async function getCertificate(
  q: Queryable,
  id: string,
): Promise<(CertificateRow & { station_id: string }) | null> {
  const r = await q.query<CertificateRow & { station_id: string }>(
    `${CERT.replace('SELECT c.id,', 'SELECT c.station_id, c.id,')} WHERE c.id = $1`,
    [id],
  );
  return r.rows[0] ?? null;
}

export async function listCertificates(
  q: Queryable,
  f: {
    stationId: string;
    personIds?: string[];
    courseId?: string;
    expiringBefore?: string;
    today?: string;
    withinGrids?: string[] | null;
  },
): Promise<CertificateRow[]> {
  const where = ['c.station_id = $1'];
  const params: unknown[] = [f.stationId];
  if (f.withinGrids) {
    params.push(f.withinGrids);
    where.push(volunteerWithinGridsSql('c.person_id', `$${params.length}`));
  }
  if (f.personIds) {
    params.push(f.personIds);
    where.push(`c.person_id = ANY($${params.length}::uuid[])`);
  }
  if (f.courseId) {
    params.push(f.courseId);
    where.push(`c.course_id = $${params.length}`);
  }
  if (f.expiringBefore && f.today) {
    params.push(f.today, f.expiringBefore);
    where.push(
      `c.revoked_at IS NULL AND c.expires_on IS NOT NULL AND c.expires_on >= $${params.length - 1}::date AND c.expires_on <= $${params.length}::date`,
    );
  }
  const r = await q.query<CertificateRow>(
    `${CERT} WHERE ${where.join(' AND ')} ORDER BY c.issued_on DESC, c.number LIMIT 5000`,
    params,
  );
  return r.rows;
}

/** Whether the person holds a certificate of the course valid on `day` (issued by then, not expired, not revoked). */
export async function holdsValidCertificate(
  q: Queryable,
  personId: string,
  courseId: string,
  day: string,
): Promise<boolean> {
  const r = await q.query(
    `SELECT 1 FROM volunteer_certificates WHERE person_id = $1 AND course_id = $2 AND revoked_at IS NULL
       AND issued_on <= $3::date AND (expires_on IS NULL OR expires_on >= $3::date) LIMIT 1`,
    [personId, courseId, day],
  );
  return r.rows.length > 0;
}

export async function revokeCertificate(q: Queryable, id: string, reason: string, now: Date): Promise<boolean> {
  const r = await q.query(
    'UPDATE volunteer_certificates SET revoked_at = $3, revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL',
    [id, reason, now],
  );
  return r.rowCount > 0;
}
