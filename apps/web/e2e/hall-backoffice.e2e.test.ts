import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInPage } from './support/accounts';
import { launchBrowser, openPage, skipBrowser } from './support/browser';
import { citizenSignIn, freshPhone } from './support/hall-citizen';

/**
 * The hall's back office on the demo year: the catalogue and calendar, the
 * enterprise window's counts, home visits with an officer's route, and a
 * resident's suggestion answered and acted on, visible to the resident.
 */
describe.skipIf(skipBrowser)('service hall: back office', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('catalogue, calendar, enterprise window and home visits show the demo year', async () => {
    const { page, screenshot } = await signedInPage(browser, 'clerk');
    await page.goto('/hall/catalogue');
    const services = page.locator('tbody tr.ant-table-row');
    await services.first().waitFor();
    expect(await services.count()).toBeGreaterThanOrEqual(17);
    expect(await page.locator('tbody').first().textContent()).toContain('一证通办');
    await page.getByRole('tab', { name: '工作日历' }).click();
    await page.getByText('国务院通知（内置）').waitFor();
    await expect.poll(() => page.locator('#source').inputValue(), { timeout: 15_000 }).toContain('国务院办公厅');
    await screenshot('hall-catalogue');

    await page.goto('/hall/enterprise');
    await page.getByText('警企走访').first().waitFor();
    const visits = page.locator('.ant-statistic').first().locator('.ant-statistic-content-value');
    await expect
      .poll(async () => Number(((await visits.textContent()) ?? '0').replace(/,/g, '')), { timeout: 20_000 })
      .toBeGreaterThan(0);
    await screenshot('hall-enterprise');

    await page.goto('/hall/home-visits');
    await page.getByRole('combobox').first().waitFor();
    await page.locator('tbody tr.ant-table-row').first().waitFor();
    await screenshot('hall-home-visits');
  });

  it('a resident suggests online, the station answers and acts, the resident sees the answer and progress', async () => {
    const resident = await openPage(browser, { width: 390, height: 844 });
    const phone = resident.page;
    await citizenSignIn(phone, freshPhone(), '何丽', '/m/suggest');
    const text = '建议大厅增加一台自助取号机，早上排队的人太多';
    await phone.getByTestId('m-suggest-content').fill(text);
    await phone.getByTestId('m-suggest-submit').click();
    await phone.getByText(text).waitFor();

    const { page } = await signedInPage(browser, 'clerk');
    await page.goto('/hall/suggestions');
    const row = page.locator('tbody tr.ant-table-row').filter({ hasText: text });
    await row.getByRole('button', { name: '答复' }).click();
    await page.locator('.ant-modal textarea').first().fill('感谢建议，本月内增加一台自助取号机。');
    await page.locator('.ant-modal textarea').nth(1).fill('采购并安装第二台自助取号机');
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await page.locator('.ant-modal').waitFor({ state: 'hidden' });

    await phone.reload();
    await phone.getByText('感谢建议，本月内增加一台自助取号机。').waitFor();
    expect(await phone.locator('.fq-m-card').filter({ hasText: text }).textContent()).toContain('已采纳');
  });
});
