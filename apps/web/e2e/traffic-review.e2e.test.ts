import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInPage } from './support/accounts';
import { launchBrowser, skipBrowser } from './support/browser';
import { samplePhoto, saveToDocs, toastsGone } from './support/docs';

/**
 * The violation review queue: a patrol officer's entry with a photo waits
 * in the queue with its 5-day deadline; the reviewer ticks every fact the
 * evidence shows, picks the 4-digit code and confirms; the record leaves the
 * queue confirmed with the code's points.
 */
describe.skipIf(skipBrowser)('violation review', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a reviewer confirms a violation with a code after checking the evidence', async () => {
    const g = await signedInPage(browser, 'operator');
    const { page } = g;
    g.allowConsoleError(/status of 400/);
    // The entry, as a patrol officer's phone sends it: the photo first, then the record.
    const photo = await samplePhoto(page, '冀R8K321 占用应急车道 清溪大道K12+300');
    const up = await page.request.post('/api/traffic/violations/evidence', {
      multipart: { file: { name: 'evidence.jpg', mimeType: 'image/jpeg', buffer: photo } },
    });
    expect(up.status()).toBe(201);
    const { fileId } = (await up.json()) as { fileId: string };
    const entry = await page.request.post('/api/traffic/violations', {
      data: {
        clientId: crypto.randomUUID(),
        plate: '冀R8K321',
        vehicleType: 'large_truck',
        appearance: '红色重型半挂牵引车，蓝色篷布',
        occurredAt: new Date(Date.now() - 40 * 60_000).toISOString(),
        place: '清溪大道与工业路交叉口东200米',
        act: '占用应急车道行驶约300米',
        suggestedCode: '1053',
        evidence: [{ fileId, caption: '车尾与号牌' }],
      },
    });
    expect(entry.status()).toBe(201);

    await page.goto('/traffic/violations');
    const row = page.locator('tr', { hasText: '冀R8K321' }).first();
    await row.waitFor();
    expect(await row.textContent()).toContain('剩余 5 天');
    await row.click();
    const drawer = page.locator('.ant-drawer');
    await drawer.getByText('证据须清晰反映以下要素').waitFor();
    await drawer.locator('.ant-image img').first().waitFor();

    // A missing fact is named before anything changes.
    await drawer.getByRole('combobox', { name: '违法代码' }).click();
    await page.keyboard.type('1053');
    await page.locator('.ant-select-item-option').filter({ hasText: '1053', visible: true }).first().click();
    for (const fact of ['车辆类型', '号牌号码', '违法时间', '违法地点', '违法行为'])
      await drawer.getByRole('checkbox', { name: fact }).check();
    await drawer.getByRole('button', { name: '确认违法' }).click();
    await drawer.getByText('请逐项核对证据要素').waitFor();
    await drawer.getByRole('checkbox', { name: '车身外观' }).check();
    saveToDocs(await g.screenshot('traffic-violations'), 'traffic-violations.png');
    await drawer.getByRole('button', { name: '确认违法' }).click();
    await drawer.locator('.ant-alert-success').getByText('1053').waitFor();
    expect(await drawer.locator('.ant-alert-success').textContent()).toContain(
      '驾驶机动车在高速公路上违法占用应急车道行驶的',
    );

    // It left the queue and sits among the confirmed.
    await page.locator('.ant-drawer-close').click();
    await page.locator('.ant-drawer-open').waitFor({ state: 'detached' });
    await toastsGone(page);
    await page.locator('.ant-segmented').getByText('已确认', { exact: true }).click();
    await page.locator('tr', { hasText: '冀R8K321' }).first().waitFor();
  });
});
