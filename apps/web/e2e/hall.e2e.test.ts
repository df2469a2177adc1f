import type { HallQueueView, HallServiceView, HallTicketView, HallWindowView } from '@fengqiao/contracts';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { signedInPage } from './support/accounts';
import { type ApiSession, apiSession } from './support/api';
import { e2e, launchBrowser, openPage, skipBrowser } from './support/browser';
import { saveToDocs, toastsGone } from './support/docs';
import { citizenSignIn, freshPhone } from './support/hall-citizen';

type Queue = z.infer<typeof HallQueueView>;

/**
 * The hall from both sides: a resident books on the phone (confirmation,
 * materials, calendar file), checks in, takes a ticket; the hall display
 * shows and speaks the call pushed over its socket; the clerk calls, starts
 * and finishes the visit; the statistics page shows that visit's waiting
 * and handling time, as the server computed them from the event log.
 *
 * The suite's server runs on the real clock and bookings start tomorrow, so
 * checking in today's booking cannot happen here: the phone's check-in is
 * refused with the day rule, and the resident's ticket comes from the
 * remote ticket page. (On-time check-in into the appointment queue is
 * covered by queue.int.test.ts with a controlled clock.)
 */
describe.skipIf(skipBrowser)('service hall: booking, queue, display, statistics', () => {
  let browser: Browser;
  let clerk: ApiSession;
  beforeAll(async () => {
    browser = await launchBrowser();
    clerk = await apiSession('clerk');
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** Finishes whatever the window is doing and whoever waits before `number`, so the next call is ours. */
  async function clearAhead(windowId: string, number: string): Promise<void> {
    for (let i = 0; i < 50; i++) {
      const q = await clerk.get<Queue>(`/api/hall/windows/${windowId}/queue`);
      if (q.current) {
        if (q.current.status === 'called') await clerk.send('POST', `/api/hall/tickets/${q.current.id}/start`, {});
        await clerk.send('POST', `/api/hall/tickets/${q.current.id}/finish`, { outcome: 'done' });
        continue;
      }
      if (!q.waiting[0] || q.waiting[0].number === number) return;
      await clerk.send('POST', `/api/hall/windows/${windowId}/call-next`, {});
    }
    throw new Error('the queue did not clear');
  }

  it('a resident books and takes a ticket, the display calls it, the clerk finishes, the statistics show the visit', async () => {
    const services = await clerk.get<HallServiceView[]>('/api/hall/services');
    const windows = await clerk.get<HallWindowView[]>('/api/hall/windows');
    const service = services.find(
      (s) => s.active && s.appointment && s.windows.some((w) => windows.find((x) => x.id === w.id)?.active),
    );
    if (!service) throw new Error('no bookable service in the demo catalogue');
    const hallWindow = windows.find((w) => w.active && service.windows.some((x) => x.id === w.id));
    if (!hallWindow) throw new Error('no open window for the service');

    // ---- the resident's phone: sign in, the catalogue, book a slot
    const resident = await openPage(browser, { width: 390, height: 844 });
    const phone = resident.page;
    await citizenSignIn(phone, freshPhone(), '林晓梅');
    await phone.getByTestId(`m-service-${service.code}`).click();
    await phone.getByTestId('m-book').first().click();
    await phone.getByTestId('m-slots').waitFor();
    const open = phone.locator('[data-testid="m-slot"]:not([disabled])').first();
    await open.waitFor();
    const time = ((await open.locator('div').first().textContent()) ?? '').trim();
    await open.click();
    expect(await phone.getByTestId('m-book-name').inputValue()).toBe('林晓梅');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    saveToDocs(await resident.screenshot('hall-booking-mobile'), 'hall-booking-mobile.png');
    await phone.getByTestId('m-book-submit').click();

    // ---- the confirmation: number, time, materials, calendar file
    const numberText = phone.getByTestId('m-booking-number');
    await numberText.waitFor();
    const bookingNumber = ((await numberText.textContent()) ?? '').trim();
    expect(bookingNumber).toMatch(/^YY\d{8}\d+$/);
    expect(await phone.getByTestId('m-booking-time').textContent()).toContain(time.split('–')[0]);
    const materials = await phone.getByTestId('m-booking-materials').locator('li').allTextContents();
    expect(materials.length).toBe(service.materials.length);
    expect(materials[0]).toContain(service.materials[0]?.nameZh ?? '?');
    expect(await phone.getByTestId('m-booking-status').textContent()).toBe('已预约');
    const icsHref = await phone.getByTestId('m-ics').getAttribute('href');
    const ics = await resident.context.request.get(icsHref ?? '');
    expect(ics.headers()['content-type']).toContain('text/calendar');
    const icsText = await ics.text();
    expect(icsText).toContain('BEGIN:VEVENT');
    expect(icsText).toContain(bookingNumber);

    // Checking in works only on the appointment's day: a clear refusal, nothing changes.
    resident.allowConsoleError(/status of 400/);
    await phone.getByTestId('m-check-in').click();
    expect(await phone.getByTestId('m-error').textContent()).toBe('只能在预约当天签到。');
    await phone.getByTestId('m-tab-bookings').click();
    await phone.getByTestId('m-booking').first().waitFor();
    expect(await phone.getByTestId('m-booking').first().textContent()).toContain(bookingNumber);

    // ---- the hall display on the TV, live over its socket
    const tv = await openPage(browser, { width: 1920, height: 1080 });
    await tv.page.goto('/hall/display');
    await tv.page.getByTestId('hall-display').waitFor();
    await tv.page.locator('.fq-display-dot.on').waitFor();

    // ---- the resident takes a ticket from the phone
    await phone.getByTestId('m-tab-ticket').click();
    await phone.getByTestId('m-ticket-service').click();
    await phone.locator('.ant-select-item-option').filter({ hasText: service.nameZh, visible: true }).first().click();
    await phone.getByTestId('m-take-ticket').click();
    const ticketNumber = ((await phone.getByTestId('m-ticket-number').textContent()) ?? '').trim();
    expect(ticketNumber).toMatch(new RegExp(`^${service.queuePrefix}\\d{3}$`));
    await clearAhead(hallWindow.id, ticketNumber);

    // ---- the clerk's counter
    const counter = await signedInPage(browser, 'clerk');
    const desk = counter.page;
    await desk.goto('/hall/window');
    await desk.getByTestId('clerk-window').click();
    await desk
      .locator('.ant-select-item-option')
      .filter({ hasText: `${hallWindow.number} 号窗口`, visible: true })
      .first()
      .click();
    await desk.getByTestId('clerk-call-next').click();
    await expect
      .poll(() => desk.getByTestId('clerk-current-number').textContent(), { timeout: 15_000 })
      .toBe(ticketNumber);
    expect(await desk.getByTestId('clerk-current-status').textContent()).toBe('已叫号');

    // Others arrive meanwhile: one at the kiosk's touch screen, two more (one on the green channel) by the API.
    const kiosk = await openPage(browser, { width: 1280, height: 800 });
    await kiosk.page.goto('/hall/kiosk');
    await kiosk.page.getByTestId(`kiosk-service-${service.code}`).click();
    const kioskNumber = ((await kiosk.page.getByTestId('kiosk-ticket-number').textContent()) ?? '').trim();
    expect(kioskNumber).toMatch(new RegExp(`^${service.queuePrefix}\\d{3}$`));
    expect(await kiosk.page.getByTestId('kiosk-ticket').textContent()).toContain('前面还有');
    for (const priority of [false, true]) {
      const r = await fetch(`${e2e.baseUrl}/api/hall/kiosk/tickets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ serviceId: service.id, priority }),
      });
      expect(r.status).toBe(201);
    }
    // The clerk's list follows, in calling order: the green channel first.
    const queueRows = desk.getByTestId('clerk-queue').locator('tbody tr.ant-table-row');
    await expect.poll(() => queueRows.count(), { timeout: 20_000 }).toBe(3);
    expect(await queueRows.first().textContent()).toContain('绿色通道');
    expect(await queueRows.nth(1).textContent()).toContain(kioskNumber);

    // The display got the call over the socket and says it.
    await expect
      .poll(() => tv.page.getByTestId('display-spoken').textContent(), { timeout: 10_000 })
      .toBe(`请 ${ticketNumber} 号到 ${hallWindow.number} 号窗口`);
    expect(await tv.page.getByTestId('display-now').textContent()).toContain(ticketNumber);
    expect(await tv.page.getByTestId(`display-window-${hallWindow.number}`).textContent()).toContain(ticketNumber);
    await expect.poll(() => tv.page.getByTestId('display-waiting').textContent(), { timeout: 15_000 }).toContain('3');
    // A calm frame for the picture: after the call's flashing.
    await tv.page.waitForFunction(() => document.getAnimations().length === 0);
    saveToDocs(await tv.screenshot('hall-display'), 'hall-display.png');
    // The phone follows its ticket: called to the window.
    await phone.reload();
    expect(await phone.getByTestId('m-ticket-number').textContent()).toBe(ticketNumber);
    expect(await phone.locator('.ant-alert').textContent()).toContain(`请到 ${hallWindow.number} 号窗口办理`);

    saveToDocs(await counter.screenshot('hall-clerk'), 'hall-clerk.png');
    await desk.getByTestId('clerk-start').click();
    await expect.poll(() => desk.getByTestId('clerk-current-status').textContent(), { timeout: 15_000 }).toBe('办理中');
    await desk.getByTestId('clerk-finish').click();
    await desk.locator('.ant-modal-footer .ant-btn-primary').click();
    await desk.getByTestId('clerk-call-next').waitFor();

    // ---- the statistics: this visit's times as the server computed them
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const tickets = await clerk.get<HallTicketView[]>(`/api/hall/tickets?day=${today}`);
    const mine = tickets.find((t) => t.number === ticketNumber);
    expect(mine?.status).toBe('finished');
    expect(mine?.waitSeconds).toBeGreaterThanOrEqual(0);
    expect(mine?.handleSeconds).toBeGreaterThanOrEqual(0);
    const mmss = (s: number) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
    await desk.goto('/hall/stats');
    const row = desk.getByTestId('stats-today').locator('tr').filter({ hasText: ticketNumber });
    await row.waitFor();
    expect(await row.getByTestId('stats-visit-wait').textContent()).toBe(mmss(mine?.waitSeconds ?? -1));
    expect(await row.getByTestId('stats-visit-handle').textContent()).toBe(mmss(mine?.handleSeconds ?? -1));
    expect(await row.textContent()).toContain('已办结');
    await desk.getByTestId('stats-hour-chart').locator('canvas').waitFor();
    await desk.getByTestId('stats-compare-chart').locator('canvas').waitFor();
    expect(await desk.getByTestId('stats-wait-change').textContent()).toMatch(/等候 [-+]\d+%/);
    await toastsGone(desk).catch(() => undefined);
    await desk.evaluate(() => window.scrollTo(0, 0));
    saveToDocs(await counter.screenshot('hall-stats'), 'hall-stats.png');
  });
});
