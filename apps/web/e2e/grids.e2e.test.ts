import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInPage } from './support/accounts';
import { ARTIFACTS_DIR, launchBrowser, skipBrowser } from './support/browser';

/** A file with several mistakes a leader might make in QGIS, each one the validator names. */
function invalidCollection() {
  const square = (x: number, y: number, d = 0.004): number[][] => [
    [x, y],
    [x + d, y],
    [x + d, y + d],
    [x, y + d],
    [x, y],
  ];
  return {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: { code: 'T01', name: '测试一' },
        geometry: { type: 'Polygon', coordinates: [square(116.7, 39.05).slice(0, 4)] },
      },
      {
        type: 'Feature',
        properties: { code: 'T02', name: '测试二' },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [116.71, 39.05],
              [116.715, 39.055],
              [116.715, 39.05],
              [116.71, 39.055],
              [116.71, 39.05],
            ],
          ],
        },
      },
      {
        type: 'Feature',
        properties: { code: 'T03', name: '测试三' },
        geometry: { type: 'Polygon', coordinates: [square(116.72, 39.05)] },
      },
      {
        type: 'Feature',
        properties: { code: 'T03', name: '测试三（重复）' },
        geometry: { type: 'Polygon', coordinates: [square(116.73, 39.05)] },
      },
      {
        type: 'Feature',
        properties: { code: 'T05' },
        geometry: { type: 'Polygon', coordinates: [square(116.74, 39.05)] },
      },
      {
        type: 'Feature',
        properties: { code: 'T06', name: '经纬度写反' },
        geometry: { type: 'Polygon', coordinates: [square(39.05, 116.7)] },
      },
      {
        type: 'Feature',
        properties: { code: 'T07', name: '在欧洲' },
        geometry: { type: 'Polygon', coordinates: [square(10.0, 50.0)] },
      },
    ],
  };
}

describe.skipIf(skipBrowser)('grid editor', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a dry run of an invalid file lists every problem, translated, and imports nothing', async () => {
    const { page, allowConsoleError, screenshot } = await signedInPage(browser, 'leader');
    allowConsoleError(/status of 400/);
    await page.locator('.fq-sider').getByText('网格管理').click();
    await page.waitForURL('**/grids');

    const file = path.join(ARTIFACTS_DIR, 'invalid-grids.geojson');
    fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
    fs.writeFileSync(file, JSON.stringify(invalidCollection()));
    await page.getByTestId('grid-upload').locator('input[type=file]').setInputFiles(file);
    await page.getByTestId('chosen-file').waitFor();
    await page.getByTestId('dry-run').click();

    const errors = page.getByTestId('import-errors');
    await errors.waitFor();
    const text = (await errors.textContent()) ?? '';
    expect(text).toContain('未导入任何数据');
    expect(text).toContain('多边形未闭合（首尾点不同）。');
    expect(text).toContain('多边形边界自相交。');
    expect(text).toContain('网格编号重复。');
    expect(text).toContain('缺少网格名称（name 属性）。');
    expect(text).toContain('坐标超出经纬度范围。');
    expect(text).toContain('坐标不在中国境内');
    // Rows name the feature and the grid code from the uploaded file.
    expect(text).toContain('T02 测试二');
    expect(text).toContain('features[1]');
    expect(await page.getByTestId('dry-run-ok').count()).toBe(0);
    await screenshot('grids-import-errors');
  });

  it('a dry run of the exported grids passes with every grid unchanged, and the import confirms', async () => {
    const { page, context, screenshot } = await signedInPage(browser, 'leader');
    await page.goto('/grids');
    const exported = await context.request.get('/api/grids/export');
    expect(exported.status()).toBe(200);
    const file = path.join(ARTIFACTS_DIR, 'exported-grids.geojson');
    fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
    fs.writeFileSync(file, await exported.body());

    await page.getByTestId('grid-upload').locator('input[type=file]').setInputFiles(file);
    await page.getByTestId('dry-run').click();
    const ok = page.getByTestId('dry-run-ok');
    await ok.waitFor();
    expect(await ok.textContent()).toContain('39 个网格无变化');
    await screenshot('grids-dry-run-ok');
    await page.getByTestId('confirm-import').click();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: '确认导入' }).click();
    const done = page.getByTestId('import-done');
    // Either outcome ends the wait; a failure then shows its message in the assertion.
    await done.or(page.locator('.ant-alert-error')).first().waitFor();
    expect(await page.locator('.ant-card').first().textContent()).toContain('导入完成');
    expect(await done.textContent()).toContain('无变化 39 个');
  });

  it('reassigning a grid officer updates an open map page live', async () => {
    const editor = await signedInPage(browser, 'leader');
    const viewer = await signedInPage(browser, 'leader');
    await viewer.page.goto('/map?grid=G39');
    const officer = viewer.page.getByTestId('grid-officer');
    await officer.waitFor();
    const before = (await officer.locator('.fq-officer-name').textContent()) ?? '';

    await editor.page.goto('/grids');
    await editor.page.getByTestId('officer-grid-search').locator('input').fill('G39');
    await editor.page.getByTestId('reassign-G39').click();
    const dialog = editor.page.locator('.ant-modal').filter({ hasText: 'G39' });
    await dialog.waitFor();
    await dialog.getByTestId('officer-select').click();
    // Any officer other than the current one.
    const option = editor.page.locator('.ant-select-item-option').filter({ hasNotText: before }).first();
    const chosen = ((await option.textContent()) ?? '').split('·')[0]?.trim() ?? '';
    await option.click();
    await dialog.getByLabel('调整原因').fill('警力调整（测试）');
    await dialog.getByRole('button', { name: '保存' }).click();
    await editor.page.getByText(`已将 G39 的网格民警调整为 ${chosen}`).waitFor();

    // The other page hears grids.changed over /api/live and reloads the grid.
    await viewer.page.getByText('网格数据已更新').waitFor();
    await expect.poll(() => officer.locator('.fq-officer-name').textContent()).toBe(chosen);
    expect(chosen).not.toBe(before);
  });
});
