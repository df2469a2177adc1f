import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInPage } from './support/accounts';
import { ARTIFACTS_DIR, launchBrowser, openPage, skipBrowser } from './support/browser';
import { samplePhoto, saveToDocs } from './support/docs';

/**
 * A resident reports through the public page on a phone (no account), with
 * the browser's location and a photo, follows the report by its id, and the
 * command room finds it in the triage queue.
 */
describe.skipIf(skipBrowser)("residents' reports", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a resident reports noise with a photo at 390 px, follows it, and the command room sees it in the triage queue', async () => {
    const resident = await openPage(browser, { width: 390, height: 844 });
    const { page, context } = resident;
    await context.grantPermissions(['geolocation']);
    await context.setGeolocation({ longitude: 116.68102, latitude: 39.05895, accuracy: 25 });

    const outline = page.waitForResponse((r) => r.url().includes('/api/report/jurisdiction'));
    await page.goto('/report');
    await page.getByTestId('report-submit').waitFor();
    // Public: no sign-in page on the way.
    expect(new URL(page.url()).pathname).toBe('/report');
    expect(await page.getByTestId('user-name').count()).toBe(0);

    await page.getByTestId('report-category').click();
    await page.keyboard.type('噪音');
    await page.locator('.ant-select-item-option').filter({ hasText: '噪音扰民', visible: true }).click();
    // The pick-map shows the station's jurisdiction and grids (public outline, no tiles needed).
    await page.getByTestId('report-map').locator('canvas').waitFor();
    const res = await outline;
    expect(res.status()).toBe(200);
    expect(res.headers()['cache-control']).toBe('public, max-age=300');
    const body = (await res.json()) as { grids: { code: string }[] };
    expect(body.grids.length).toBe(39);
    expect(await page.getByText('虚线为本所辖区').count()).toBe(1);
    await page.getByTestId('report-locate').click();
    expect(await page.getByTestId('report-located').textContent()).toContain('39.05895');
    // The located point falls in grid G01, and the page says so.
    await page.locator('[data-testid="report-grid"][data-code="G01"]').waitFor();
    expect(await page.getByTestId('report-grid').textContent()).toContain('所在网格');
    await page.getByTestId('report-address').fill('建设路社区3号楼2单元楼下');
    // The suite runs on a fresh database, so this wording is this test's own.
    const marker = '楼下烧烤店每晚十二点后还很吵';
    await page.getByTestId('report-description').fill(`${marker}。已经持续一周，影响老人和孩子休息`);
    const picture = await samplePhoto(page, '建设路社区3号楼 楼下烧烤店');
    await page
      .getByTestId('report-photo-input')
      .setInputFiles({ name: 'noise.jpg', mimeType: 'image/jpeg', buffer: picture });
    await page.getByTestId('report-photo-preview').waitFor();
    await page.getByTestId('report-name').fill('陈女士');
    await page.getByTestId('report-phone').fill('13600001234');
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    // The whole form, as a resident scrolls through it.
    fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
    const formShot = path.join(ARTIFACTS_DIR, 'resident-report.png');
    await page.screenshot({ path: formShot, fullPage: true });
    saveToDocs(formShot, 'resident-report.png');

    await page.getByTestId('report-submit').click();
    const id = ((await page.getByTestId('report-id').textContent()) ?? '').trim();
    expect(id).toMatch(/^R[\w-]{8,}$/);
    await page.getByTestId('report-follow').click();
    await page.waitForURL(`**/report/${id}`);
    const status = page.getByTestId('report-status');
    await status.waitFor();
    expect(await status.getAttribute('data-status')).toBe('open');
    expect(await page.getByTestId('report-notes').textContent()).toBe('已受理，等待派警');
    expect(await page.getByTestId('status-id').textContent()).toBe(id);
    await resident.screenshot('resident-report-status');

    // The command room: a new online report waits in the triage queue, with the photo.
    const { page: op } = await signedInPage(browser, 'operator');
    await op.goto('/command');
    const card = op.getByTestId('queue-new').locator('[data-testid="incident-card"]', { hasText: marker });
    await card.waitFor();
    expect(await card.textContent()).toContain('网上报警');
    await card.click();
    const drawer = op.getByTestId('incident-drawer');
    await drawer.getByTestId('incident-grid').waitFor();
    expect(await drawer.getByTestId('incident-grid').textContent()).toBe('G01');
    const photo = drawer
      .locator('img.fq-thumb, [data-testid="incident-photo"] img, img[data-testid="incident-photo"]')
      .first();
    await photo.waitFor();
    await expect
      .poll(() => photo.evaluate((img) => (img instanceof HTMLImageElement ? img.naturalWidth : 0)))
      .toBeGreaterThan(0);
  });
});
