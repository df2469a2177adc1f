import type { HallAppointmentView } from '@fengqiao/contracts';
import { addCalendarDays } from '@fengqiao/domain';
import type { AuditActor } from '../../platform/audit/audit.types';
import { SYSTEM_ACTOR } from '../../platform/audit/audit.types';
import type { Tx } from '../../platform/db/db';
import { AppError, fieldError, notFound } from '../../platform/errors';
import type { Ctx, Platform } from '../../platform/platform';
import type { CitizenCtx } from '../citizens';
import {
  type AppointmentRow,
  appointmentByNumber,
  appointmentsOfCitizen,
  appointmentsOfDay,
  bookedThatDay,
  getAppointment,
  insertAppointment,
  insertSuspension,
  noShowsSince,
  releasePlace,
  setAppointmentStatus,
  suspendedUntil,
  takePlace,
} from './booking.repository';
import { canCancel, checkInDecision, slotProblem } from './booking-rules';
import { getSlot, getWindow, listWindows } from './catalogue.repository';
import type { HallConfig } from './hall-config';
import { buildIcs } from './ics';
import { localDay } from './local-time';
import type { QueueService } from './queue.service';
import type { Stations } from './stations';
import { iso, serviceRef, windowRef } from './views';

export const NO_SHOW_JOB = 'hall.appointment.no_show';
export const noShowKey = (appointmentId: string) => `hall.noshow:${appointmentId}`;

const isUniqueViolation = (e: unknown) =>
  typeof e === 'object' && e !== null && 'code' in e && (e as { code: unknown }).code === '23505';

/**
 * Appointments: booking a slot (never overbooked: a conditional UPDATE
 * takes the place, the check constraint backs it), one booking per person
 * per day, cancellation until the day before, no-show marking by timer and
 * suspension of online booking after repeated no-shows, check-in into the
 * queue, the confirmation and its iCalendar file.
 */
export class BookingService {
  constructor(
    private readonly p: Platform,
    private readonly config: HallConfig,
    private readonly stations: Stations,
    private readonly queue: QueueService,
  ) {}

  async suspendedUntil(citizenId: string): Promise<string | null> {
    return suspendedUntil(this.p.db, citizenId, localDay(this.p.clock.now()));
  }

  async book(
    c: CitizenCtx,
    body: { slotId: string; serviceId: string; name: string; idNumber?: string | undefined },
  ): Promise<HallAppointmentView> {
    const [rules, cal, service] = await Promise.all([
      this.config.rules(),
      this.config.calendar(),
      this.config.service(body.serviceId),
    ]);
    if (!service?.active) throw fieldError('body.serviceId', 'service_unknown', 'no such service');
    if (!service.appointment)
      throw fieldError('body.serviceId', 'service_not_bookable', 'this service takes no appointments');
    const idNumber = body.idNumber ? this.p.pii.sealIdNumber(body.idNumber) : null;
    const citizenId = c.citizen.citizenId;
    // Checks that need no lock run first, on the pool: a refused request never enters a transaction.
    const now = this.p.clock.now();
    const slot = await getSlot(this.p.db, body.slotId);
    if (!slot) throw fieldError('body.slotId', 'slot_unknown', 'no such slot');
    const window = await getWindow(this.p.db, slot.window_id);
    if (!window?.active || !window.appointments || !window.service_ids.includes(service.id)) {
      throw fieldError('body.slotId', 'slot_service_mismatch', 'this slot’s window does not take this service');
    }
    const problem = slotProblem(now, { day: slot.day, startsAt: slot.starts_at }, rules, cal);
    if (problem === 'slot_past') throw fieldError('body.slotId', 'slot_past', 'this slot has already begun');
    if (problem === 'slot_out_of_window') {
      throw fieldError(
        'body.slotId',
        'slot_out_of_window',
        `appointments open from the next day up to ${rules.booking.horizonWorkingDays} working days ahead`,
      );
    }
    const until = await suspendedUntil(this.p.db, citizenId, localDay(now));
    if (until) {
      throw fieldError(
        'body',
        'booking_suspended',
        `online booking is suspended until ${until} after missed appointments`,
      );
    }
    const sameDay = () =>
      fieldError('body.slotId', 'already_booked_that_day', `there is already a booking on ${slot.day}`);
    if (await bookedThatDay(this.p.db, citizenId, idNumber?.bidx ?? null, slot.day)) throw sameDay();
    const full = () => fieldError('body.slotId', 'slot_full', 'this slot is fully booked');
    if (slot.booked >= slot.capacity) throw full();
    let id: string;
    try {
      id = await this.p.db.tx(async (tx) => {
        const newId = await insertAppointment(tx, {
          stationId: slot.station_id,
          citizenId,
          serviceId: service.id,
          windowId: window.id,
          slotId: slot.id,
          day: slot.day,
          startsAt: slot.starts_at,
          endsAt: slot.ends_at,
          name: body.name,
          idNumber,
          now,
        });
        await this.p.jobs.enqueue(
          tx,
          NO_SHOW_JOB,
          { appointmentId: newId },
          {
            runAt: new Date(slot.ends_at.getTime() + rules.booking.noShowGraceMinutes * 60_000),
            dedupeKey: noShowKey(newId),
          },
        );
        await this.p.audit.record(
          { ...c.audit, stationId: slot.station_id },
          {
            action: 'hall.appointment.book',
            resourceType: 'hall_appointment',
            resourceId: newId,
            details: { slotId: slot.id },
          },
          tx,
        );
        // The place is taken last, so the slot's row lock is held only until the commit that follows.
        // The conditional UPDATE (booked < capacity) is what makes overbooking impossible; the
        // table's check constraint backs it up.
        if (!(await takePlace(tx, slot.id))) throw full();
        return newId;
      });
    } catch (e) {
      // The same person booking twice for one day at the same moment: the unique index decides.
      if (isUniqueViolation(e)) throw sameDay();
      throw e;
    }
    return this.view(await this.row(id));
  }

  private async row(id: string, tx?: Tx): Promise<AppointmentRow> {
    const a = await getAppointment(tx ?? this.p.db, id);
    if (!a) throw notFound('appointment');
    return a;
  }

  async mine(c: CitizenCtx): Promise<HallAppointmentView[]> {
    const rows = await appointmentsOfCitizen(this.p.db, c.citizen.citizenId);
    return Promise.all(rows.map((r) => this.view(r)));
  }

  async ownRow(c: CitizenCtx, id: string): Promise<AppointmentRow> {
    const a = await getAppointment(this.p.db, id);
    if (!a || a.citizen_id !== c.citizen.citizenId) throw notFound('appointment');
    return a;
  }

  async own(c: CitizenCtx, id: string): Promise<HallAppointmentView> {
    return this.view(await this.ownRow(c, id));
  }

  async view(a: AppointmentRow, withPhone = false): Promise<HallAppointmentView> {
    const [snap, rules, window, station] = await Promise.all([
      this.config.get(),
      this.config.rules(),
      getWindow(this.p.db, a.window_id),
      this.stations.byId(a.station_id),
    ]);
    const service = snap.services.get(a.service_id);
    if (!service || !window) throw notFound('appointment');
    return {
      id: a.id,
      number: a.number,
      status: a.status,
      service: serviceRef(service),
      window: windowRef(window),
      day: a.day,
      startsAt: a.starts_at.toISOString(),
      endsAt: a.ends_at.toISOString(),
      name: a.name,
      idNumber: a.id_number_masked,
      phone: withPhone ? a.phone_masked : null,
      late: a.late,
      createdAt: a.created_at.toISOString(),
      cancelledAt: iso(a.cancelled_at),
      checkedInAt: iso(a.checked_in_at),
      ticket:
        a.ticket_id && a.ticket_number && a.ticket_status
          ? { id: a.ticket_id, number: a.ticket_number, status: a.ticket_status }
          : null,
      cancellable: a.status === 'booked' && canCancel(this.p.clock.now(), a.day, rules),
      checkInFrom: new Date(a.starts_at.getTime() - rules.queue.checkInEarliestMinutes * 60_000).toISOString(),
      onTimeUntil: new Date(a.starts_at.getTime() + rules.queue.onTimeAfterMinutes * 60_000).toISOString(),
      materials: service.materials,
      icsUrl: `/api/citizen/appointments/${a.id}/ics`,
      station: { name: station?.name ?? '', address: station?.address ?? null },
    };
  }

  async ics(c: CitizenCtx, id: string): Promise<string> {
    const a = await this.ownRow(c, id);
    const v = await this.view(a);
    const materials = v.materials.map((m) => `${m.required ? '' : '（如有）'}${m.nameZh}`).join('、');
    return buildIcs({
      uid: `${a.id}@fengqiao`,
      start: a.starts_at,
      end: a.ends_at,
      stamp: this.p.clock.now(),
      summary: `${v.station.name}预约办理：${v.service.nameZh}（${v.number}）`,
      location: `${v.station.name}${v.station.address ? ` ${v.station.address}` : ''} ${v.window.number}号窗口`,
      description: `预约号：${v.number}\n办理事项：${v.service.nameZh}\n窗口：${v.window.number}号 ${v.window.name}\n请携带：${materials}\n请于预约时间前后15分钟内签到取号。`,
    });
  }

  async cancel(c: CitizenCtx, id: string): Promise<HallAppointmentView> {
    const rules = await this.config.rules();
    await this.p.db.tx(async (tx) => {
      const a = await getAppointment(tx, id, true);
      if (!a || a.citizen_id !== c.citizen.citizenId) throw notFound('appointment');
      if (a.status !== 'booked') throw fieldError('appointment', 'not_cancellable', `the appointment is ${a.status}`);
      if (!canCancel(this.p.clock.now(), a.day, rules)) {
        throw fieldError('appointment', 'cancel_too_late', 'appointments can be cancelled until the day before');
      }
      await setAppointmentStatus(tx, a.id, 'cancelled', this.p.clock.now());
      await releasePlace(tx, a.slot_id);
      await this.p.jobs.cancel(tx, noShowKey(a.id));
      await this.p.audit.record(
        { ...c.audit, stationId: a.station_id },
        { action: 'hall.appointment.cancel', resourceType: 'hall_appointment', resourceId: a.id },
        tx,
      );
    });
    return this.view(await this.row(id));
  }

  /** Check-in: the appointment becomes a ticket, in the appointment queue when on time. */
  private async checkIn(
    a: AppointmentRow,
    audit: AuditActor,
    actorUserId: string | null,
    source: 'check_in' | 'counter',
  ) {
    const rules = await this.config.rules();
    const service = await this.config.service(a.service_id);
    if (!service) throw notFound('service');
    return this.p.db.tx(async (tx) => {
      const locked = await getAppointment(tx, a.id, true);
      if (!locked) throw notFound('appointment');
      if (locked.status !== 'booked')
        throw fieldError('bookingNumber', 'not_checkable', `the appointment is ${locked.status}`);
      const now = this.p.clock.now();
      const d = checkInDecision(now, { day: locked.day, startsAt: locked.starts_at, endsAt: locked.ends_at }, rules);
      if (!d.ok) {
        const messages = {
          check_in_not_today: `the appointment is on ${locked.day}`,
          check_in_too_early: `check-in opens ${rules.queue.checkInEarliestMinutes} minutes before the appointment`,
          check_in_too_late: 'the appointment time has passed: take an ordinary ticket',
        } as const;
        throw fieldError('bookingNumber', d.reason, messages[d.reason]);
      }
      const ticket = await this.queue.issue(
        tx,
        {
          stationId: locked.station_id,
          service,
          kind: d.onTime ? 'appointment' : 'walk_in',
          priority: false,
          source,
          appointmentId: locked.id,
          appointmentStartsAt: locked.starts_at,
          citizenId: locked.citizen_id,
        },
        actorUserId,
      );
      await setAppointmentStatus(tx, locked.id, 'checked_in', now, { ticketId: ticket.id, late: !d.onTime });
      await this.p.jobs.cancel(tx, noShowKey(locked.id));
      await this.p.audit.record(
        { ...audit, stationId: locked.station_id },
        {
          action: 'hall.appointment.check_in',
          resourceType: 'hall_appointment',
          resourceId: locked.id,
          details: { ticket: ticket.number, onTime: d.onTime },
        },
        tx,
      );
      return { ticket, onTime: d.onTime };
    });
  }

  async checkInCitizen(c: CitizenCtx, id: string) {
    const a = await this.ownRow(c, id);
    const r = await this.checkIn(a, c.audit, null, 'check_in');
    return { ticket: await this.queue.publicView(r.ticket), onTime: r.onTime };
  }

  /** At the kiosk, by booking number (public: the number itself is the credential, like a printed slip). */
  async checkInKiosk(stationCode: string | undefined, bookingNumber: string, audit: AuditActor) {
    const station = await this.stations.public(stationCode, 'body.station');
    const a = await appointmentByNumber(this.p.db, bookingNumber.trim().toUpperCase());
    if (!a || a.station_id !== station.id) throw fieldError('body.bookingNumber', 'booking_unknown', 'no such booking');
    try {
      const r = await this.checkIn(a, audit, null, 'check_in');
      return { ticket: await this.queue.publicView(r.ticket), onTime: r.onTime };
    } catch (e) {
      if (e instanceof AppError && e.fields?.[0]?.path === 'bookingNumber') {
        throw fieldError('body.bookingNumber', e.fields[0].code, e.fields[0].message);
      }
      throw e;
    }
  }

  async checkInByClerk(ctx: Ctx, id: string) {
    const stationId = this.stations.staffStation(ctx);
    const a = await getAppointment(this.p.db, id);
    if (!a || a.station_id !== stationId) throw notFound('appointment');
    const r = await this.checkIn(a, ctx.audit, ctx.actor.userId, 'counter');
    return { ticket: await this.queue.publicView(r.ticket), onTime: r.onTime };
  }

  /** The day's bookings for clerks: names and masked identifiers, audited as a read of personal data. */
  async ofDay(ctx: Ctx, q: { day?: string | undefined; windowId?: string | undefined; status?: string | undefined }) {
    const stationId = this.stations.staffStation(ctx);
    const day = q.day ?? localDay(this.p.clock.now());
    const rows = await appointmentsOfDay(this.p.db, {
      stationId,
      day,
      ...(q.windowId ? { windowId: q.windowId } : {}),
      ...(q.status ? { status: q.status } : {}),
    });
    await this.p.audit.record(ctx.audit, {
      action: 'hall.appointment.list',
      resourceType: 'hall_appointment',
      details: { day, count: rows.length },
    });
    return Promise.all(rows.map((r) => this.view(r, true)));
  }

  /** Timer at the slot's end plus grace: a booking never checked in is a no-show; repeated ones suspend booking. */
  async onNoShowTimer(tx: Tx, appointmentId: string): Promise<void> {
    const rules = await this.config.rules();
    const a = await getAppointment(tx, appointmentId, true);
    if (a?.status !== 'booked') return;
    const now = this.p.clock.now();
    await setAppointmentStatus(tx, a.id, 'no_show', now);
    const n = await noShowsSince(
      tx,
      a.citizen_id,
      new Date(now.getTime() - rules.booking.noShowWindowDays * 86_400_000),
    );
    let suspended: string | null = null;
    if (n >= rules.booking.noShowThreshold && !(await suspendedUntil(tx, a.citizen_id, localDay(now)))) {
      suspended = addCalendarDays(localDay(now), rules.booking.suspendDays);
      await insertSuspension(tx, a.citizen_id, suspended, n, now);
    }
    await this.p.audit.record(
      { ...SYSTEM_ACTOR, stationId: a.station_id },
      {
        action: 'hall.appointment.no_show',
        resourceType: 'hall_appointment',
        resourceId: a.id,
        details: { noShowsInWindow: n, suspendedUntil: suspended },
      },
      tx,
    );
  }

  async windowsOfStation(stationId: string) {
    return listWindows(this.p.db, stationId);
  }
}
