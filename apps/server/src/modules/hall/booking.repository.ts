import type { Queryable } from '../../platform/db/db';

export type AppointmentStatus = 'booked' | 'cancelled' | 'checked_in' | 'no_show' | 'completed';

export interface AppointmentRow {
  id: string;
  number: string;
  station_id: string;
  citizen_id: string;
  service_id: string;
  window_id: string;
  slot_id: string;
  day: string;
  starts_at: Date;
  ends_at: Date;
  name: string;
  id_number_masked: string | null;
  phone_masked: string | null;
  status: AppointmentStatus;
  late: boolean;
  ticket_id: string | null;
  ticket_number: string | null;
  ticket_status: string | null;
  created_at: Date;
  cancelled_at: Date | null;
  checked_in_at: Date | null;
  version: number;
}

const SELECT = `SELECT a.id, a.number, a.station_id, a.citizen_id, a.service_id, a.window_id, a.slot_id, a.day::text AS day,
  a.starts_at, a.ends_at, a.name, a.id_number_masked, c.phone_masked, a.status, a.late, a.ticket_id, t.number AS ticket_number,
  t.status AS ticket_status, a.created_at, a.cancelled_at, a.checked_in_at, a.version
  FROM hall_appointments a JOIN citizens c ON c.id = a.citizen_id LEFT JOIN hall_tickets t ON t.id = a.ticket_id`;

/** Takes one place of a slot unless it is full: the conditional UPDATE is the overbooking guard. */
export async function takePlace(q: Queryable, slotId: string): Promise<boolean> {
  const r = await q.query('UPDATE hall_slots SET booked = booked + 1 WHERE id = $1 AND booked < capacity', [slotId]);
  return r.rowCount === 1;
}

export async function releasePlace(q: Queryable, slotId: string): Promise<void> {
  await q.query('UPDATE hall_slots SET booked = booked - 1 WHERE id = $1 AND booked > 0', [slotId]);
}

export async function bookedThatDay(
  q: Queryable,
  citizenId: string,
  idNumberBidx: string | null,
  day: string,
): Promise<boolean> {
  const r = await q.query(
    `SELECT 1 FROM hall_appointments WHERE day = $2 AND status <> 'cancelled'
        AND (citizen_id = $1 OR ($3::text IS NOT NULL AND id_number_bidx = $3)) LIMIT 1`,
    [citizenId, day, idNumberBidx],
  );
  return r.rows.length > 0;
}

export async function insertAppointment(
  q: Queryable,
  a: {
    stationId: string;
    citizenId: string;
    serviceId: string;
    windowId: string;
    slotId: string;
    day: string;
    startsAt: Date;
    endsAt: Date;
    name: string;
    idNumber: { enc: string; bidx: string; masked: string } | null;
    now: Date;
  },
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO hall_appointments (number, station_id, citizen_id, service_id, window_id, slot_id, day, starts_at, ends_at, name,
       id_number_enc, id_number_bidx, id_number_masked, status, created_at)
     VALUES ('YY' || to_char($6::date, 'YYYYMMDD') || (SELECT lpad(v::text, greatest(6, length(v::text)), '0') FROM nextval('hall_booking_seq') AS v),
       $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'booked', $13) RETURNING id`,
    [
      a.stationId,
      a.citizenId,
      a.serviceId,
      a.windowId,
      a.slotId,
      a.day,
      a.startsAt,
      a.endsAt,
      a.name,
      a.idNumber?.enc ?? null,
      a.idNumber?.bidx ?? null,
      a.idNumber?.masked ?? null,
      a.now,
    ],
  );
  const id = r.rows[0]?.id;
  if (!id) throw new Error('appointment insert returned nothing');
  return id;
}

export async function getAppointment(q: Queryable, id: string, lock = false): Promise<AppointmentRow | null> {
  const r = await q.query<AppointmentRow>(`${SELECT} WHERE a.id = $1${lock ? ' FOR UPDATE OF a' : ''}`, [id]);
  return r.rows[0] ?? null;
}

export async function appointmentByNumber(q: Queryable, number: string): Promise<AppointmentRow | null> {
  return (await q.query<AppointmentRow>(`${SELECT} WHERE a.number = $1`, [number])).rows[0] ?? null;
}

export async function appointmentsOfCitizen(q: Queryable, citizenId: string): Promise<AppointmentRow[]> {
  return (
    await q.query<AppointmentRow>(`${SELECT} WHERE a.citizen_id = $1 ORDER BY a.starts_at DESC LIMIT 100`, [citizenId])
  ).rows;
}

export async function appointmentsOfDay(
  q: Queryable,
  f: { stationId: string; day: string; windowId?: string; status?: string },
): Promise<AppointmentRow[]> {
  const r = await q.query<AppointmentRow>(
    `${SELECT} WHERE a.station_id = $1 AND a.day = $2 AND ($3::uuid IS NULL OR a.window_id = $3)
       AND ($4::text IS NULL OR a.status = $4) ORDER BY a.starts_at, a.number LIMIT 2000`,
    [f.stationId, f.day, f.windowId ?? null, f.status ?? null],
  );
  return r.rows;
}

export async function setAppointmentStatus(
  q: Queryable,
  id: string,
  status: AppointmentStatus,
  now: Date,
  extra: { ticketId?: string; late?: boolean } = {},
): Promise<void> {
  await q.query(
    `UPDATE hall_appointments SET status = $2,
       cancelled_at = CASE WHEN $2 = 'cancelled' THEN $3 ELSE cancelled_at END,
       checked_in_at = CASE WHEN $2 = 'checked_in' THEN $3 ELSE checked_in_at END,
       no_show_at = CASE WHEN $2 = 'no_show' THEN $3 ELSE no_show_at END,
       ticket_id = coalesce($4, ticket_id), late = coalesce($5, late), version = version + 1
     WHERE id = $1`,
    [id, status, now, extra.ticketId ?? null, extra.late ?? null],
  );
}

export async function completeAppointmentOfTicket(q: Queryable, ticketId: string): Promise<void> {
  await q.query(
    `UPDATE hall_appointments SET status = 'completed', version = version + 1 WHERE ticket_id = $1 AND status = 'checked_in'`,
    [ticketId],
  );
}

export async function noShowsSince(q: Queryable, citizenId: string, since: Date): Promise<number> {
  const r = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM hall_appointments WHERE citizen_id = $1 AND status = 'no_show' AND no_show_at > $2`,
    [citizenId, since],
  );
  return r.rows[0]?.n ?? 0;
}

/** The end of the active suspension of online booking, or null. */
export async function suspendedUntil(q: Queryable, citizenId: string, today: string): Promise<string | null> {
  const r = await q.query<{ until_day: string }>(
    `SELECT max(until_day)::text AS until_day FROM hall_booking_suspensions
      WHERE citizen_id = $1 AND lifted_at IS NULL AND until_day >= $2`,
    [citizenId, today],
  );
  return r.rows[0]?.until_day ?? null;
}

export async function insertSuspension(
  q: Queryable,
  citizenId: string,
  untilDay: string,
  noShows: number,
  now: Date,
): Promise<void> {
  await q.query(
    `INSERT INTO hall_booking_suspensions (citizen_id, until_day, no_shows, created_at) VALUES ($1, $2, $3, $4)`,
    [citizenId, untilDay, noShows, now],
  );
}
