import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { engineUnavailable, loginAs, startTestApp, type TestApp } from '../../../test/harness';
import { ManualClock } from '../../platform/clock';
import { at, citizenCookie, serviceId, testPhone, upcomingWorkingDay, workingDayAfter } from './hall.test-helper';

interface Ticket {
  id: string;
  number: string;
  status: string;
  kind: string;
  window: { id: string; number: number } | null;
  waitSeconds: number | null;
  handleSeconds: number | null;
}

describe.skipIf(engineUnavailable)('the queue: kiosk, calling, hall display, event log and statistics', () => {
  let t: TestApp;
  let clerk: string;
  let certificate: string;
  let endorse: string;
  const win: Record<number, string> = {};
  const day0 = upcomingWorkingDay();
  const clock = new ManualClock(at(day0, '10:00'));
  let base = '';

  beforeAll(async () => {
    t = await startTestApp({ clock });
    clerk = await loginAs(t, 'hall_clerk');
    certificate = await serviceId(t, 'hukou.certificate');
    endorse = await serviceId(t, 'residence.endorse');
    const make = async (number: number, serviceIds: string[]) => {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/hall/windows',
        headers: { cookie: clerk },
        payload: { number, name: `${number}号窗口`, serviceIds },
      });
      expect(r.statusCode, r.body).toBe(201);
      win[number] = r.json().id;
    };
    await make(60, [certificate, endorse]);
    await make(61, [certificate]);
    await make(62, [endorse]);
    base = (await t.app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws');
  });
  afterAll(async () => t?.close());

  /** Moves the clock and signs the clerk in again (a jump of hours ends the idle session, as it should). */
  const setClock = async (d: Date) => {
    clock.set(d);
    clerk = await loginAs(t, 'hall_clerk');
  };
  const kiosk = (service: string, priority = false) =>
    t.app.inject({ method: 'POST', url: '/api/hall/kiosk/tickets', payload: { serviceId: service, priority } });
  const post = (url: string, payload?: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url, headers: { cookie: clerk }, ...(payload === undefined ? {} : { payload }) });
  const callNext = async (w: number) => {
    const r = await post(`/api/hall/windows/${win[w]}/call-next`);
    expect(r.statusCode, r.body).toBe(200);
    return r.json().ticket as Ticket | null;
  };
  const finishWindow = async (w: number) => {
    const q = (await t.app.inject({ url: `/api/hall/windows/${win[w]}/queue`, headers: { cookie: clerk } })).json();
    if (!q.current) return;
    if (q.current.status === 'called') await post(`/api/hall/tickets/${q.current.id}/start`);
    await post(`/api/hall/tickets/${q.current.id}/finish`, { outcome: 'done' });
  };

  it('takes a ticket at the kiosk, calls it on the display and the live socket, and times it from its events', async () => {
    const display = new WebSocket(`${base}/api/hall/display/live`);
    const events: { topic: string; payload: { number: string; window?: { number: number } } }[] = [];
    await new Promise<void>((resolve, reject) => {
      display.once('error', reject);
      display.on('message', (raw) => {
        const m = JSON.parse(String(raw));
        if (m.type === 'subscribed') resolve();
        if (m.type === 'event') events.push(m);
      });
    });
    const k = await kiosk(certificate);
    expect(k.statusCode, k.body).toBe(201);
    const slip = k.json();
    expect(slip.number).toMatch(/^C\d{3}$/);
    expect(slip.status).toBe('waiting');
    expect(slip.estimatedWaitMinutes).toBeGreaterThan(0);
    const follow = await t.app.inject({ url: `/api/hall/public/tickets/${slip.token}` });
    expect(follow.json()).toMatchObject({ number: slip.number, status: 'waiting' });

    clock.advance(4 * 60_000);
    const called = await callNext(61);
    expect(called?.number).toBe(slip.number);
    expect(called?.status).toBe('called');
    const screen = (await t.app.inject({ url: '/api/hall/display' })).json();
    expect(screen.calls[0]).toMatchObject({ ticketNumber: slip.number, window: { number: 61 }, recall: false });
    expect(screen.windows.find((w: { window: { number: number } }) => w.window.number === 61)).toMatchObject({
      status: 'called',
      ticketNumber: slip.number,
    });
    const deadline = Date.now() + 3000;
    while (!events.some((e) => e.topic === 'hall.ticket.called') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    const push = events.find((e) => e.topic === 'hall.ticket.called');
    expect(push?.payload).toMatchObject({ number: slip.number, window: { number: 61 } });
    display.close();

    clock.advance(60_000);
    expect((await post(`/api/hall/tickets/${called?.id}/recall`)).statusCode).toBe(200);
    clock.advance(30_000);
    expect((await post(`/api/hall/tickets/${called?.id}/start`)).json().status).toBe('serving');
    clock.advance(7 * 60_000);
    const done = await post(`/api/hall/tickets/${called?.id}/finish`, { outcome: 'done', note: '已开具' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'finished', waitSeconds: 240, handleSeconds: 420, outcome: 'done' });
    const detail = (await t.app.inject({ url: `/api/hall/tickets/${called?.id}`, headers: { cookie: clerk } })).json();
    expect(detail.events.map((e: { kind: string }) => e.kind)).toEqual([
      'ticketed',
      'called',
      'recalled',
      'started',
      'finished',
    ]);
    expect((await t.app.inject({ url: `/api/hall/public/tickets/${slip.token}` })).json().status).toBe('finished');
  });

  it('serves on-time appointments before walk-ins, and refuses an early check-in', async () => {
    const day1 = workingDayAfter(day0, 1);
    const citizen = await citizenCookie(t, testPhone(501));
    const avail = (await t.app.inject({ url: `/api/hall/public/availability?serviceId=${endorse}` })).json();
    const slot = avail.days
      .find((d: { day: string }) => d.day === day1)
      .slots.find(
        (s: { startsAt: string; window: { id: string } }) =>
          s.window.id === win[60] && s.startsAt === at(day1, '10:00').toISOString(),
      );
    const appt = (
      await t.app.inject({
        method: 'POST',
        url: '/api/citizen/appointments',
        headers: { cookie: citizen },
        payload: { slotId: slot.id, serviceId: endorse, name: '钱七' },
      })
    ).json();
    await setClock(at(day1, '08:30'));
    const early = await t.app.inject({
      method: 'POST',
      url: '/api/hall/kiosk/check-in',
      payload: { bookingNumber: appt.number },
    });
    expect(early.statusCode, early.body).toBe(400);
    expect(early.json().fields[0]).toMatchObject({ path: 'body.bookingNumber', code: 'check_in_too_early' });
    await setClock(at(day1, '09:40'));
    const walkIn = (await kiosk(endorse)).json();
    await setClock(at(day1, '09:50'));
    const checkIn = await t.app.inject({
      method: 'POST',
      url: '/api/hall/kiosk/check-in',
      payload: { bookingNumber: appt.number },
    });
    expect(checkIn.statusCode, checkIn.body).toBe(200);
    expect(checkIn.json().onTime).toBe(true);
    expect(checkIn.json().ticket.number).toMatch(/^Y\d{3}$/);
    const again = await post(`/api/hall/appointments/${appt.id}/check-in`);
    expect(again.json().fields[0].code).toBe('not_checkable');
    const first = await callNext(62);
    expect(first?.number).toBe(checkIn.json().ticket.number);
    expect(first?.kind).toBe('appointment');
    await finishWindow(62);
    const second = await callNext(62);
    expect(second?.number).toBe(walkIn.number);
    await finishWindow(62);
    const mine = (
      await t.app.inject({ url: `/api/citizen/appointments/${appt.id}`, headers: { cookie: citizen } })
    ).json();
    expect(mine.status).toBe('completed');
    expect(mine.ticket.number).toBe(checkIn.json().ticket.number);
  });

  it('transfers a ticket to another window, marks no-shows, and refuses steps out of order', async () => {
    await setClock(at(workingDayAfter(day0, 1), '11:00'));
    const a = (await kiosk(certificate)).json();
    const b = (await kiosk(certificate)).json();
    const ta = await callNext(61);
    expect(ta?.number).toBe(a.number);
    expect((await post(`/api/hall/windows/${win[61]}/call-next`)).json().reason).toBe('window_busy');
    expect((await post(`/api/hall/tickets/${ta?.id}/finish`, { outcome: 'done' })).json().reason).toBe('ticket_state');
    await post(`/api/hall/tickets/${ta?.id}/start`);
    clock.advance(2 * 60_000);
    const moved = await post(`/api/hall/tickets/${ta?.id}/transfer`, {
      windowId: win[62],
      serviceId: endorse,
      note: '需先签注',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ status: 'waiting', targetWindow: { number: 62 }, handleSeconds: 120 });
    const bad = await post(`/api/hall/tickets/${b.token}/transfer`, { windowId: win[62] });
    expect(bad.statusCode).toBe(400);
    // Window 61 does not get the transferred ticket; 62 does, first.
    const next61 = await callNext(61);
    expect(next61?.number).toBe(b.number);
    const next62 = await callNext(62);
    expect(next62?.number).toBe(a.number);
    clock.advance(60_000);
    const gone = await post(`/api/hall/tickets/${next61?.id}/no-show`);
    expect(gone.json()).toMatchObject({ status: 'no_show', waitSeconds: expect.any(Number), handleSeconds: null });
    await finishWindow(62);
    const wrongWindow = await post(`/api/hall/tickets/${next62?.id}/transfer`, { windowId: win[61] });
    expect(wrongWindow.statusCode).toBe(409);
  });

  it('never hands one ticket to two windows calling at once', async () => {
    await setClock(at(workingDayAfter(day0, 2), '09:30'));
    await kiosk(certificate);
    await kiosk(certificate);
    const [x, y] = await Promise.all([callNext(60), callNext(61)]);
    expect(x && y && x.id !== y.id).toBe(true);
    const z = await t.app.inject({
      method: 'POST',
      url: '/api/hall/kiosk/tickets',
      payload: { serviceId: '00000000-0000-4000-8000-000000000000' },
    });
    expect(z.json().fields[0]).toMatchObject({ path: 'body.serviceId', code: 'service_unknown' });
  });

  it('computes waiting and handling statistics from the event log, agreeing with each ticket', async () => {
    const day = workingDayAfter(day0, 3);
    await setClock(at(day, '09:00'));
    const issued: string[] = [];
    for (let i = 0; i < 4; i++) {
      issued.push((await kiosk(certificate)).json().number);
      clock.advance(2 * 60_000);
    }
    for (let i = 0; i < 4; i++) {
      clock.advance((3 + i) * 60_000);
      const tk = await callNext(61);
      await post(`/api/hall/tickets/${tk?.id}/start`);
      clock.advance((5 + 2 * i) * 60_000);
      await post(`/api/hall/tickets/${tk?.id}/finish`, { outcome: 'done' });
    }
    const list: Ticket[] = (
      await t.app.inject({ url: `/api/hall/tickets?day=${day}`, headers: { cookie: clerk } })
    ).json();
    const waits = list.map((x) => x.waitSeconds ?? 0);
    const handles = list.map((x) => x.handleSeconds ?? 0);
    const mean = (xs: number[]) => xs.reduce((s, n) => s + n, 0) / xs.length / 60;
    const stats = (
      await t.app.inject({ url: `/api/hall/stats?from=${day}&to=${day}`, headers: { cookie: clerk } })
    ).json();
    expect(stats.visits).toBe(4);
    expect(stats.finished).toBe(4);
    expect(stats.wait.n).toBe(4);
    expect(stats.wait.avgMinutes).toBeCloseTo(mean(waits), 1);
    expect(stats.handle.avgMinutes).toBeCloseTo(mean(handles), 1);
    expect(stats.handle.p50Minutes).toBeCloseTo(8, 1);
    expect(stats.byWindow.find((w: { window: { number: number } }) => w.window.number === 61).handle.n).toBe(4);
    expect(stats.byHour.map((h: { hour: number }) => h.hour)).toContain(9);
    const daily = (
      await t.app.inject({ url: `/api/hall/stats/daily?from=${day}&to=${day}`, headers: { cookie: clerk } })
    ).json();
    expect(daily[0]).toMatchObject({ day, visits: 4 });
    expect(daily[0].handleAvgMinutes).toBeCloseTo(mean(handles), 1);
  });
});
