import type { IncidentSummary } from '@fengqiao/contracts';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInPage } from './support/accounts';
import { type ApiSession, apiSession } from './support/api';
import { launchBrowser, skipBrowser } from './support/browser';
import { samplePhoto, saveToDocs, toastsGone } from './support/docs';
import { G01, nearDuplicatesOff } from './support/intake';

interface Detail extends IncidentSummary {
  orders: { id: string; status: string; resultCode: string | null }[];
  attachments: { id: string; url: string }[];
  events: { kind: string; note: string | null }[];
}

describe.skipIf(skipBrowser)("officers' orders on a phone", () => {
  let browser: Browser;
  let leader: ApiSession;
  let operator: ApiSession;
  let restoreIntake: (() => Promise<void>) | undefined;

  let calls = 0;
  const call = (description: string, categoryCode: string, address: string) =>
    operator.send<{ incident: Detail }>(
      'POST',
      '/api/incidents',
      {
        source: 'call_110',
        categoryCode,
        summary: description.split('，')[0],
        description,
        address,
        location: { lng: G01[0], lat: G01[1], crs: 'WGS84' },
        callerName: '周女士',
        callerPhone: '13511112222',
        dispatch: 'auto',
      },
      { 'Idempotency-Key': `e2e-orders-${Date.now()}-${++calls}` },
    );

  beforeAll(async () => {
    browser = await launchBrowser();
    leader = await apiSession('leader');
    operator = await apiSession('operator');
    restoreIntake = await nearDuplicatesOff(leader);
  });
  afterAll(async () => {
    await restoreIntake?.();
    await browser?.close();
  });

  it('the grid officer takes an order through every step at 390 px, with a note and a photo', async () => {
    const first = await call('建设路社区5号楼两户因停车位争吵，情绪激动', 'dispute.neighbour', '建设路社区5号楼');
    const second = await call('老人在建设路社区门口走失后被找到，需要联系家属', 'help.lost_property', '建设路社区门口');
    const number = first.incident.number;
    expect(first.incident.gridCode).toBe('G01');
    expect(first.incident.orders[0]?.status).toBe('issued');

    const { page, screenshot } = await signedInPage(browser, 'officer', { width: 390, height: 844 });
    await page.waitForURL('**/orders');
    const card = page.locator(`[data-testid="my-order"][data-number="${number}"]`);
    await card.waitFor();
    await page.locator(`[data-testid="my-order"][data-number="${second.incident.number}"]`).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    const button = card.getByTestId('order-next');
    const box = await button.boundingBox();
    // A thumb-sized button across the card.
    expect(box?.height ?? 0).toBeGreaterThanOrEqual(48);
    expect(box?.width ?? 0).toBeGreaterThan(300);

    // One step per tap: acknowledge → en route → on scene.
    for (const [next, after] of [
      ['acknowledged', 'acknowledged'],
      ['en_route', 'en_route'],
      ['on_scene', 'on_scene'],
    ] as const) {
      expect(await button.getAttribute('data-next')).toBe(next);
      await button.click();
      await expect.poll(() => card.getAttribute('data-status')).toBe(after);
    }

    // A note from the scene.
    await card.getByTestId('order-note').click();
    await page.getByTestId('order-note-input').fill('已到现场，双方情绪平稳，正在调解');
    await page.locator('.ant-modal').getByRole('button', { name: '保存' }).click();
    await page.getByText('已添加备注').waitFor();

    // A photo from the camera input (the phone's camera; here a drawn JPEG).
    const photo = await samplePhoto(page, '建设路社区5号楼 现场');
    await card
      .getByTestId('order-photo-input')
      .setInputFiles({ name: 'scene.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.getByText('已上传照片').waitFor();
    const thumb = card
      .getByTestId('order-photo-thumb')
      .locator('img')
      .or(card.locator('img[data-testid="order-photo-thumb"]'));
    await thumb.first().waitFor();
    await expect
      .poll(() => thumb.first().evaluate((img) => (img instanceof HTMLImageElement ? img.naturalWidth : 0)))
      .toBeGreaterThan(0);
    await toastsGone(page);
    const shot = await screenshot('officer-orders-detail');
    saveToDocs(shot, 'officer-orders.png');

    // Resolved with a result code: the order leaves the open list.
    expect(await button.getAttribute('data-next')).toBe('resolved');
    await button.click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '处置完毕' });
    await dialog.locator('.ant-select').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '调解处理', visible: true }).click();
    await dialog.getByRole('button', { name: '处置完毕' }).click();
    await card.waitFor({ state: 'detached' });
    await page.locator('.fq-orders-tabs').getByText('已完成').click();
    await page.locator(`[data-testid="my-order"][data-number="${number}"][data-status="resolved"]`).waitFor();

    // The command room sees all of it.
    const detail = await operator.get<Detail>(`/api/incidents/${first.incident.id}`);
    expect(detail.status).toBe('resolved');
    expect(detail.orders[0]?.status).toBe('resolved');
    expect(detail.orders[0]?.resultCode).toBe('mediated');
    expect(detail.attachments).toHaveLength(1);
    expect(detail.events.some((e) => e.kind === 'note' && e.note === '已到现场，双方情绪平稳，正在调解')).toBe(true);
    expect(detail.events.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['order.acknowledged', 'order.en_route', 'order.on_scene', 'photo', 'order.resolved']),
    );
  });

  it('the order card shows what and where from the order itself, and each step carries the order’s version', async () => {
    const sent = await call(
      '建设路社区菜市场门口三轮车挡路引发争执，双方推搡',
      'dispute.neighbour',
      '建设路社区菜市场东门',
    );
    const number = sent.incident.number;
    const { page, allowConsoleError } = await signedInPage(browser, 'officer', { width: 390, height: 844 });
    // The incident's detail is unavailable (a weak phone signal, a slow server): the card must not depend on it.
    allowConsoleError(/status of 503/);
    await page.route(`**/api/incidents/${sent.incident.id}`, (route) =>
      route.request().method() === 'GET' ? route.fulfill({ status: 503, body: '' }) : route.continue(),
    );
    const patches: { version?: number }[] = [];
    page.on('request', (r) => {
      if (r.method() === 'PATCH' && r.url().includes('/api/orders/')) patches.push(r.postDataJSON());
    });
    await page.waitForURL('**/orders');
    const card = page.locator(`[data-testid="my-order"][data-number="${number}"]`);
    await card.waitFor();
    expect(await card.getByTestId('order-summary').textContent()).toBe('建设路社区菜市场门口三轮车挡路引发争执');
    expect(await card.getByTestId('order-address').textContent()).toContain('建设路社区菜市场东门');
    const version = Number(await card.getAttribute('data-version'));
    expect(version).toBeGreaterThan(0);

    await card.getByTestId('order-next').click();
    await expect.poll(() => card.getAttribute('data-status')).toBe('acknowledged');
    expect(patches.at(-1)?.version).toBe(version);
    // The refetched card has the new version, which the next step sends.
    await expect.poll(async () => Number(await card.getAttribute('data-version'))).toBe(version + 1);
    await card.getByTestId('order-next').click();
    await expect.poll(() => card.getAttribute('data-status')).toBe('en_route');
    expect(patches.at(-1)?.version).toBe(version + 1);
  });
});
