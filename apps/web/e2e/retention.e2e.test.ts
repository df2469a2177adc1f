import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInPage, signIn } from './support/accounts';
import { launchBrowser, openPage, skipBrowser } from './support/browser';

describe.skipIf(skipBrowser)('data retention page', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the auditor sees every policy with its period, and the sweep’s runs on the demo town', async () => {
    const { page, screenshot } = await signedInPage(browser, 'auditor');
    await page.locator('.fq-sider').getByText('数据保留').click();
    await page.waitForURL('**/retention');
    const table = page.getByTestId('retention-table');
    await table.getByText('已结警情').waitFor();
    expect(await page.getByTestId('period-incidents.closed').textContent()).toContain('1095 天');
    expect(await page.getByTestId('period-volunteers.tracks').textContent()).toContain('不少于 30 天');
    expect(await page.getByTestId('period-audit.log').textContent()).toContain('不限期');
    await page.getByTestId('audit-guarded').waitFor();
    expect(await table.locator('tbody tr.ant-table-row').count()).toBe(14);
    // The demo town holds a year of patrol tracks: the server's first sweep (at start) anonymises the old ones.
    await expect
      .poll(
        async () => {
          await page.reload();
          const total = page.getByTestId('total-volunteers.tracks');
          await total.waitFor();
          return /\d+ 条/.test((await total.textContent()) ?? '') ? 'counted' : 'waiting';
        },
        { timeout: 90_000, interval: 2_000 },
      )
      .toBe('counted');
    await screenshot('retention');
  });

  it('is in English too, and a hall clerk neither sees nor opens it', async () => {
    const en = await signedInPage(browser, 'auditor', { language: 'en-US' });
    await en.page.goto('/retention');
    await en.page.getByTestId('retention-table').getByText('Closed incidents').waitFor();
    expect(await en.page.getByTestId('period-incidents.closed').textContent()).toContain('1095 days');

    const clerk = await openPage(browser);
    await signIn(clerk.page, 'clerk');
    expect(await clerk.page.locator('.fq-sider').getByText('数据保留').count()).toBe(0);
    await clerk.page.goto('/retention');
    await clerk.page.locator('.ant-result-403').waitFor();
    expect(await clerk.page.getByTestId('retention-table').count()).toBe(0);
  });
});
