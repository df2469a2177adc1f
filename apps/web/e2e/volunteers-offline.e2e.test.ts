import type { DutyDetail, ShiftView, TeamDetail } from '@fengqiao/contracts';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInPage } from './support/accounts';
import { type ApiSession, apiSession } from './support/api';
import { launchBrowser, skipBrowser } from './support/browser';
import { samplePhoto } from './support/docs';

/**
 * The phone loses its connection during a patrol: the check-in, a QR
 * checkpoint pass and a photo wait in the browser's outbox ("3 items waiting
 * to send"), nothing reaches the server; when the connection returns they
 * are sent in order and the server holds each exactly once.
 */
describe.skipIf(skipBrowser)('volunteer outbox', () => {
  let browser: Browser;
  let officer: ApiSession;
  let leader: ApiSession;

  beforeAll(async () => {
    browser = await launchBrowser();
    officer = await apiSession('officer');
    leader = await apiSession('v0001');
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('queues a check-in, a pass and a photo offline and sends each once when back online', async () => {
    const me = await leader.get<{ teams: { id: string; kind: string }[] }>('/api/me/volunteer');
    const teamId = me.teams.find((t) => t.kind === 'patrol')?.id;
    if (!teamId) throw new Error('v0001 has no patrol team');
    const team = await officer.get<TeamDetail>(`/api/volunteers/teams/${teamId}`);
    const route = team.routes[0];
    const [cp1, cp2, cp3] = route?.checkpoints ?? [];
    if (!route || !cp1?.qrToken || !cp2 || !cp3)
      throw new Error('the route needs three checkpoints, the first with a QR code');
    // Check-in opens half an hour ahead: a shift in 25 minutes needs no waiting.
    const start = new Date(Math.ceil((Date.now() + 25 * 60_000) / 1000) * 1000);
    const shift = await officer.send<ShiftView>('POST', '/api/patrols/shifts', {
      teamId,
      routeId: route.id,
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + 5 * 60_000).toISOString(),
      capacity: 2,
      note: 'e2e offline',
    });
    // A demo duty of the leader's at that hour would refuse the claim: release it first.
    const mine =
      await leader.get<{ id: string; shiftId: string; startsAt: string; endsAt: string; status: string }[]>(
        '/api/me/volunteer/duties',
      );
    for (const d of mine)
      if (d.status === 'claimed' && new Date(d.startsAt) < new Date(shift.endsAt) && new Date(d.endsAt) > start)
        await leader.send('POST', `/api/me/volunteer/shifts/${d.shiftId}/unclaim`, {});
    const duty = await leader.send<{ id: string }>('POST', `/api/me/volunteer/shifts/${shift.id}/claim`, {});

    const { page, context, allowConsoleError } = await signedInPage(browser, 'v0001', { width: 390, height: 844 });
    // Requests made while the network is cut fail in the console by design.
    allowConsoleError(/ERR_INTERNET_DISCONNECTED|Failed to fetch|WebSocket|ERR_NAME_NOT_RESOLVED/);
    await context.grantPermissions(['geolocation']);
    await context.setGeolocation({
      longitude: (cp2.point[0] + cp3.point[0]) / 2,
      latitude: (cp2.point[1] + cp3.point[1]) / 2,
      accuracy: 8,
    });
    await page.goto(`/volunteer/duty/${duty.id}`);
    await page.getByTestId('vp-check-in').waitFor();

    await context.setOffline(true);
    const offlineAt = Date.now();
    await page.getByTestId('vp-check-in').click();
    await page.getByTestId('vp-offline').waitFor();
    await expect.poll(() => page.getByTestId('vp-outbox').getAttribute('data-pending')).toBe('1');
    expect(await page.getByTestId('vp-outbox-count').textContent()).toBe('1 条记录等待发送');
    // Shown as on duty while it waits, so the patrol goes on.
    await expect.poll(() => page.getByTestId('vp-duty').getAttribute('data-status')).toBe('checked_in');
    await page.getByTestId('vp-qr-input').fill(cp1.qrToken);
    await page.getByTestId('vp-qr-submit').click();
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('vp-photo').click();
    await (await chooser).setFiles({
      name: 'gate.jpg',
      mimeType: 'image/jpeg',
      buffer: await samplePhoto(page, '离线拍照'),
    });
    await expect.poll(() => page.getByTestId('vp-outbox').getAttribute('data-pending')).toBe('3');
    expect(await page.getByTestId('vp-outbox-count').textContent()).toBe('3 条记录等待发送');
    // Nothing reached the server.
    const before = await leader.get<DutyDetail>(`/api/me/volunteer/duties/${duty.id}`);
    expect(before.status).toBe('claimed');
    expect(before.passes).toHaveLength(0);

    const onlineAt = Date.now();
    await context.setOffline(false);
    await expect.poll(() => page.getByTestId('vp-outbox').getAttribute('data-pending'), { timeout: 20_000 }).toBe('0');
    const after = await leader.get<DutyDetail>(`/api/me/volunteer/duties/${duty.id}`);
    expect(after.status).toBe('checked_in');
    expect(after.passes.map((p) => [p.name, p.method])).toEqual([[cp1.name, 'qr']]);
    expect(after.photos).toHaveLength(1);
    // The queued check-in keeps the phone's time of the tap, not the time it arrived.
    const checkInAt = new Date(after.checkInAt ?? 0).getTime();
    expect(checkInAt).toBeGreaterThanOrEqual(offlineAt - 1000);
    expect(checkInAt).toBeLessThanOrEqual(onlineAt);

    // A second flush (the timer, another tab) sends nothing twice.
    await page.reload();
    await page.getByTestId('vp-duty').waitFor();
    await page.waitForTimeout(1000);
    const again = await leader.get<DutyDetail>(`/api/me/volunteer/duties/${duty.id}`);
    expect(again.passes).toHaveLength(1);
    expect(again.photos).toHaveLength(1);
  }, 90_000);
});
