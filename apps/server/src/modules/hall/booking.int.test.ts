import { makeIdNumber } from '@fengqiao/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineUnavailable, loginAs, startTestApp, type TestApp } from '../../../test/harness';
import { ManualClock } from '../../platform/clock';
import { at, citizenCookie, serviceId, testPhone, upcomingWorkingDay, workingDayAfter } from './hall.test-helper';

const ID_A = makeIdNumber('110105', '1949-12-31', 2);
const ID_B = makeIdNumber('131081', '1980-05-17', 31);

interface Slot {
  id: string;
  day: string;
  startsAt: string;
  capacity: number;
  booked: number;
  remaining: number;
  window: { id: string; number: number };
}

describe.skipIf(engineUnavailable)('appointments: booking rules, confirmation, no-shows, never overbooked', () => {
  let t: TestApp;
  let clerk: string;
  let windowId: string;
  let idWindowId: string;
  let residence: string;
  let idRenew: string;
  const day0 = upcomingWorkingDay();
  const clock = new ManualClock(at(day0, '10:00'));

  beforeAll(async () => {
    t = await startTestApp({ clock });
    clerk = await loginAs(t, 'hall_clerk');
    residence = await serviceId(t, 'residence.permit');
    idRenew = await serviceId(t, 'id.renew');
    const w = await t.app.inject({
      method: 'POST',
      url: '/api/hall/windows',
      headers: { cookie: clerk },
      payload: { number: 50, name: '测试窗口', serviceIds: [residence], slotCapacity: 3 },
    });
    expect(w.statusCode, w.body).toBe(201);
    windowId = w.json().id;
    const w2 = await t.app.inject({
      method: 'POST',
      url: '/api/hall/windows',
      headers: { cookie: clerk },
      payload: { number: 51, name: '测试窗口二', serviceIds: [idRenew] },
    });
    expect(w2.statusCode, w2.body).toBe(201);
    idWindowId = w2.json().id;
  });
  afterAll(async () => t?.close());

  const availability = async (service: string) => {
    const r = await t.app.inject({ url: `/api/hall/public/availability?serviceId=${service}` });
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as { bookableFrom: string; bookableTo: string; days: { day: string; slots: Slot[] }[] };
  };
  const ourSlots = async (day?: string) => {
    const a = await availability(residence);
    return a.days.filter((d) => !day || d.day === day).flatMap((d) => d.slots.filter((s) => s.window.id === windowId));
  };
  const book = (cookie: string, slotId: string, extra: Record<string, unknown> = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/api/citizen/appointments',
      headers: { cookie },
      payload: { slotId, serviceId: residence, name: '李四', ...extra },
    });
  const counts = async () => {
    const r = await t.db.query<{ n: number; booked: number }>(
      `SELECT (SELECT count(*)::int FROM hall_appointments) AS n,
              (SELECT coalesce(sum(booked), 0)::int FROM hall_slots WHERE window_id = $1) AS booked`,
      [windowId],
    );
    return r.rows[0];
  };

  it('offers the next day up to 7 working days ahead and books with a confirmation and an iCalendar file', async () => {
    const a = await availability(residence);
    expect(a.days).toHaveLength(7);
    expect(a.bookableFrom > day0).toBe(true);
    expect(a.days[0]?.day).toBe(workingDayAfter(day0, 1));
    expect(a.bookableTo).toBe(workingDayAfter(day0, 7));
    const slot = (await ourSlots(a.days[0]?.day))[0] as Slot;
    expect(slot.remaining).toBe(3);
    const citizen = await citizenCookie(t, testPhone(1), '张三');
    const res = await book(citizen, slot.id, { idNumber: ID_A });
    expect(res.statusCode, res.body).toBe(201);
    const appt = res.json();
    expect(appt.number).toMatch(/^YY\d{8}\d{6}$/);
    expect(appt.status).toBe('booked');
    expect(appt.idNumber).toBe(`110105********${ID_A.slice(-4)}`);
    expect(appt.materials.map((m: { code: string }) => m.code)).toContain('residence_proof');
    expect(appt.cancellable).toBe(true);
    const ics = await t.app.inject({ url: appt.icsUrl, headers: { cookie: citizen } });
    expect(ics.statusCode).toBe(200);
    expect(ics.headers['content-type']).toContain('text/calendar');
    const start = new Date(slot.startsAt).toISOString().replace(/[-:]/g, '').slice(0, 15);
    expect(ics.body).toContain(`DTSTART:${start}Z\r\n`);
    expect(ics.body).toContain('BEGIN:VEVENT');
    expect(ics.body).toContain(`UID:${appt.id}@fengqiao`);
    // Another citizen cannot read it.
    const other = await citizenCookie(t, testPhone(2));
    expect((await t.app.inject({ url: appt.icsUrl, headers: { cookie: other } })).statusCode).toBe(404);
    const mine = (await t.app.inject({ url: '/api/citizen/appointments', headers: { cookie: citizen } })).json();
    expect(mine.map((x: { id: string }) => x.id)).toContain(appt.id);
  });

  it('refuses a full, past, out-of-window or mismatched slot and a second booking the same day, storing nothing', async () => {
    const citizen = await citizenCookie(t, testPhone(3));
    const day1 = workingDayAfter(day0, 1);
    const day2 = workingDayAfter(day0, 2);
    const first = (await ourSlots(day2))[0] as Slot;
    expect((await book(citizen, first.id)).statusCode).toBe(201);
    // Staff views of today and of a day beyond the horizon generate those slots.
    const today = (
      await t.app.inject({ url: `/api/hall/slots?day=${day0}&windowId=${windowId}`, headers: { cookie: clerk } })
    ).json();
    const past = today.find((s: Slot) => new Date(s.startsAt) < clock.now()) as Slot;
    const laterToday = today.find((s: Slot) => new Date(s.startsAt) > clock.now()) as Slot;
    const far = workingDayAfter(day0, 9);
    const farSlot = (
      await t.app.inject({ url: `/api/hall/slots?day=${far}&windowId=${windowId}`, headers: { cookie: clerk } })
    ).json()[0] as Slot;
    const full = (await ourSlots(day1))[1] as Slot;
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/hall/slots/${full.id}`,
      headers: { cookie: clerk },
      payload: { capacity: 0 },
    });
    expect(patch.statusCode, patch.body).toBe(200);
    // A slot of the ID-card-only window (demo windows may serve both services).
    const otherWindowSlot = (await availability(idRenew)).days[0]?.slots.find(
      (x) => x.window.id === idWindowId,
    ) as Slot;

    const before = await counts();
    const cases: [string, Record<string, unknown>, string][] = [
      [full.id, {}, 'slot_full'],
      [past.id, {}, 'slot_past'],
      [laterToday.id, {}, 'slot_out_of_window'],
      [farSlot.id, {}, 'slot_out_of_window'],
      [otherWindowSlot.id, {}, 'slot_service_mismatch'],
      [((await ourSlots(day2))[3] as Slot).id, {}, 'already_booked_that_day'],
      [((await ourSlots(day1))[2] as Slot).id, { idNumber: '110105194912310021' }, 'id_number_checksum'],
    ];
    for (const [slotId, extra, code] of cases) {
      const r = await book(citizen, slotId, extra);
      expect(r.statusCode, `${code}: ${r.body}`).toBe(400);
      expect(r.json().fields[0].code, r.body).toBe(code);
    }
    // The same ID number cannot book twice a day from another account either.
    const a = await citizenCookie(t, testPhone(4));
    const b = await citizenCookie(t, testPhone(5));
    const s3 = (await ourSlots(day1))[3] as Slot;
    expect((await book(a, s3.id, { idNumber: ID_B })).statusCode).toBe(201);
    const dup = await book(b, ((await ourSlots(day1))[4] as Slot).id, { idNumber: ID_B });
    expect(dup.json().fields[0].code).toBe('already_booked_that_day');
    const after = await counts();
    expect(after?.n).toBe((before?.n ?? 0) + 1);
    expect(after?.booked).toBe((before?.booked ?? 0) + 1);
  });

  it('lets a booking be cancelled until the day before, then no more', async () => {
    const citizen = await citizenCookie(t, testPhone(6));
    const day1 = workingDayAfter(day0, 1);
    const day3 = workingDayAfter(day0, 3);
    const s1 = (await ourSlots(day1))[5] as Slot;
    const s3 = (await ourSlots(day3))[5] as Slot;
    const a1 = (await book(citizen, s1.id)).json();
    const a3 = (await book(citizen, s3.id)).json();
    const c = await t.app.inject({
      method: 'POST',
      url: `/api/citizen/appointments/${a3.id}/cancel`,
      headers: { cookie: citizen },
    });
    expect(c.statusCode, c.body).toBe(200);
    expect(c.json().status).toBe('cancelled');
    expect(((await ourSlots(day3))[5] as Slot).booked).toBe(0);
    clock.set(at(day1, '08:00'));
    try {
      const late = await t.app.inject({
        method: 'POST',
        url: `/api/citizen/appointments/${a1.id}/cancel`,
        headers: { cookie: citizen },
      });
      expect(late.statusCode).toBe(400);
      expect(late.json().fields[0].code).toBe('cancel_too_late');
    } finally {
      clock.set(at(day0, '10:00'));
    }
  });

  it('marks missed appointments as no-shows and suspends booking after two in a month', async () => {
    const citizen = await citizenCookie(t, testPhone(7));
    const d1 = workingDayAfter(day0, 1);
    const d2 = workingDayAfter(day0, 2);
    const a1 = (await book(citizen, ((await ourSlots(d1))[7] as Slot).id)).json();
    const a2 = (await book(citizen, ((await ourSlots(d2))[7] as Slot).id)).json();
    clock.set(at(d2, '18:00'));
    try {
      await t.platform.jobs.runDue();
      const states = await t.db.query<{ id: string; status: string }>(
        'SELECT id, status FROM hall_appointments WHERE id = ANY($1::uuid[])',
        [[a1.id, a2.id]],
      );
      expect(states.rows.map((r) => r.status)).toEqual(['no_show', 'no_show']);
      const me = (await t.app.inject({ url: '/api/citizen/me', headers: { cookie: citizen } })).json();
      expect(me.bookingSuspendedUntil).not.toBeNull();
      const next = workingDayAfter(d2, 1);
      const refused = await t.app.inject({
        method: 'POST',
        url: '/api/citizen/appointments',
        headers: { cookie: citizen },
        payload: { slotId: ((await ourSlots(next))[0] as Slot).id, serviceId: residence, name: '王五' },
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().fields[0].code).toBe('booking_suspended');
    } finally {
      clock.set(at(day0, '10:00'));
    }
  });

  it('never overbooks: 200 concurrent clients racing for the last places get exactly the capacity', async () => {
    const d = workingDayAfter(day0, 4);
    const slot = (await ourSlots(d))[8] as Slot;
    const cap = 5;
    const p = await t.app.inject({
      method: 'PATCH',
      url: `/api/hall/slots/${slot.id}`,
      headers: { cookie: clerk },
      payload: { capacity: cap },
    });
    expect(p.statusCode).toBe(200);
    const cookies: string[] = [];
    for (let i = 0; i < 200; i++) cookies.push(await citizenCookie(t, testPhone(1000 + i)));
    const results = await Promise.all(cookies.map((cookie) => book(cookie, slot.id)));
    const ok = results.filter((r) => r.statusCode === 201);
    const full = results.filter((r) => r.statusCode === 400 && r.json().fields[0].code === 'slot_full');
    expect(ok).toHaveLength(cap);
    expect(full).toHaveLength(200 - cap);
    const db = await t.db.query<{ booked: number; n: number }>(
      `SELECT s.booked, (SELECT count(*)::int FROM hall_appointments a WHERE a.slot_id = s.id AND a.status <> 'cancelled') AS n
         FROM hall_slots s WHERE s.id = $1`,
      [slot.id],
    );
    expect(db.rows[0]).toEqual({ booked: cap, n: cap });
  });
});
