import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextTotpCode, submitPassword, typeTotp } from './support/accounts';
import { DOCS_SCREENSHOTS_DIR, launchBrowser, openPage, skipBrowser } from './support/browser';

describe.skipIf(skipBrowser)('map page', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('station leader signs in with TOTP, sees the 39 grids on the map, opens a grid and switches to English', async () => {
    const { page, screenshot } = await openPage(browser);
    await submitPassword(page, 'leader');
    await page.getByTestId('totp-input').waitFor();
    await screenshot('login-totp');
    await typeTotp(page, await nextTotpCode('leader'));

    // A station leader dispatches, so the command room's board is home; the map is one click away.
    await page.waitForURL('**/command');
    expect(await page.getByTestId('user-name').textContent()).toBeTruthy();
    expect(await page.locator('.fq-header').textContent()).toContain('所领导');
    await page.locator('.fq-sider').getByText('网格地图').click();
    await page.waitForURL('**/map');

    // The list and the counts come from the server's town: 39 grids, 63 response units.
    const items = page.getByTestId('grid-item');
    await items.first().waitFor();
    expect(await items.count()).toBe(39);
    expect(await page.getByTestId('map-counts').textContent()).toBe('39 个网格 / 63 个最小作战单元');

    // MapLibre drew on a WebGL canvas (software-rendered in headless chromium).
    const map = page.getByTestId('town-map');
    await page.locator('[data-testid="town-map"][data-state="ready"]').waitFor({ timeout: 30_000 });
    const canvas = map.locator('canvas.maplibregl-canvas');
    expect(await canvas.count()).toBe(1);
    const size = await canvas.boundingBox();
    expect(size?.width ?? 0).toBeGreaterThan(600);
    expect(size?.height ?? 0).toBeGreaterThan(600);
    // Labels are HTML markers: one per grid.
    expect(await page.locator('.fq-grid-label').count()).toBe(39);
    await page.waitForLoadState('networkidle');
    const shot = await screenshot('map');
    fs.mkdirSync(DOCS_SCREENSHOTS_DIR, { recursive: true });
    fs.copyFileSync(shot, path.join(DOCS_SCREENSHOTS_DIR, 'map.png'));

    // Search narrows the list.
    await page.getByTestId('grid-search').fill('G01');
    expect(await items.count()).toBe(1);
    await page.getByTestId('grid-search').fill('');
    expect(await items.count()).toBe(39);

    // Clicking a grid in the list shows its officer and response units.
    const first = items.filter({ hasText: 'G01' });
    const listOfficer = (await first.locator('.fq-grid-sub').textContent())?.split('·')[0]?.trim() ?? '';
    await first.click();
    const detail = page.getByTestId('grid-detail');
    await detail.waitFor();
    const officer = page.getByTestId('grid-officer');
    expect(await officer.textContent()).toContain(listOfficer);
    expect(await officer.textContent()).toMatch(/警号 \d+/);
    expect(await officer.textContent()).toMatch(/1\d\d\*{4}\d{4}/);
    await page.getByTestId('unit-card').first().waitFor();
    expect(await page.getByTestId('unit-card').count()).toBeGreaterThan(0);
    expect(new URL(page.url()).searchParams.get('grid')).toBe('G01');
    await screenshot('map-grid-detail');

    // Clicking a grid on the map (its label) selects that grid.
    await page.getByTestId('grid-back').click();
    await page.locator('.fq-grid-label', { hasText: /^G05$/ }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('grid')).toBe('G05');
    // The detail follows the URL once the grid's details have loaded.
    await expect.poll(() => page.locator('.fq-detail-title').textContent()).toContain('G05');

    // English.
    await page.getByTestId('language-switch').getByText('English').click();
    await expect.poll(() => page.getByTestId('map-counts').textContent()).toBe('39 grids / 63 response units');
    expect(await page.locator('.fq-sider').textContent()).toContain('Grid map');
    expect(await page.locator('.fq-header').textContent()).toContain('Station leader');
    expect(await detail.textContent()).toContain('Grid officer');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en-US');
    await screenshot('map-english');
    // The choice survives a reload.
    await page.reload();
    await page.getByTestId('map-counts').waitFor();
    expect(await page.getByTestId('map-counts').textContent()).toBe('39 grids / 63 response units');
  });
});
