import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, signIn } from './support/accounts';
import { e2e, launchBrowser, openPage, skipBrowser } from './support/browser';

describe.skipIf(skipBrowser)('audit page', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
    // Make sure the trail holds a sign-in by the leader, whatever ran before.
    const res = await fetch(`${e2e.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'leader', password: DEMO_PASSWORD }),
    });
    expect(res.status).toBe(200);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('auditor finds the leader’s sign-in, expands its details and verifies the chain', async () => {
    const { page, screenshot } = await openPage(browser);
    await signIn(page, 'auditor');
    await page.waitForURL('**/audit');
    const nav = page.locator('.fq-sider');
    expect(await nav.getByText('审计日志').count()).toBe(1);
    expect(await nav.getByText('网格地图').count()).toBe(0);

    const table = page.getByTestId('audit-table');
    await table.locator('tbody tr.ant-table-row').first().waitFor();
    await screenshot('audit');

    await page.getByTestId('audit-actor').fill('leader');
    await page.getByTestId('audit-action').fill('auth.login');
    await page.getByTestId('audit-search').click();
    const rows = table.locator('tbody tr.ant-table-row');
    await expect
      .poll(async () => (await rows.allTextContents()).every((r) => r.includes('leader') && r.includes('auth.login')))
      .toBe(true);
    expect(await rows.count()).toBeGreaterThan(0);
    expect(await rows.first().textContent()).toContain('登录');
    expect(await rows.first().textContent()).toContain('所领导');

    await rows.first().locator('.ant-table-row-expand-icon').click();
    const details = page.getByTestId('audit-details').first();
    await details.waitFor();
    expect(await details.locator('pre').textContent()).toContain('"step": "password"');

    await page.getByTestId('audit-verify').click();
    const result = page.getByTestId('verify-result');
    await result.waitFor();
    expect(await result.textContent()).toContain('审计链完整');
    await screenshot('audit-verified');
  });
});
