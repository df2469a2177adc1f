import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInPage } from './support/accounts';
import { launchBrowser, skipBrowser } from './support/browser';

describe.skipIf(skipBrowser)('people page', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows masked identifiers and reveals one, with a reason, in place', async () => {
    const { page, screenshot } = await signedInPage(browser, 'operator');
    await page.locator('.fq-sider').getByText('人员信息').click();
    await page.waitForURL('**/people');
    const rows = page.getByTestId('people-table').locator('tbody tr.ant-table-row');
    await rows.first().waitFor();
    const first = rows.first();
    expect(await first.textContent()).toMatch(/\d{6}\*{8}\d{3}[\dX]/);
    expect(await first.textContent()).toMatch(/1\d\d\*{4}\d{4}/);

    await first.getByTestId('reveal-phone').click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '审计日志' });
    await dialog.waitFor();
    await dialog.getByTestId('reveal-reason').fill('核实');
    await dialog.getByRole('button', { name: '显示' }).click();
    await dialog.getByText('查看原因至少 4 个字').waitFor();
    await dialog.getByTestId('reveal-reason').fill('核实报警人身份');
    await dialog.getByRole('button', { name: '显示' }).click();

    const revealed = first.getByTestId('revealed-phone');
    await revealed.waitFor();
    const phone = (await revealed.textContent())?.match(/1\d{10}/)?.[0] ?? '';
    expect(phone).toMatch(/^1\d{10}$/);
    expect(await revealed.textContent()).toContain('已显示（已审计）');
    await screenshot('people-revealed');

    // An exact phone number finds the person through the blind index.
    const name = (await first.locator('td').first().textContent()) ?? '';
    await page.getByTestId('people-search').locator('input').fill(phone);
    await page.getByTestId('people-search').locator('input').press('Enter');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().locator('td').first().textContent()).toBe(name);
  });

  it('offers no reveal action to a role without pii.reveal', async () => {
    const { page } = await signedInPage(browser, 'patrol');
    await page.goto('/people');
    const rows = page.getByTestId('people-table').locator('tbody tr.ant-table-row');
    await rows.first().waitFor();
    expect(await page.getByTestId('reveal-phone').count()).toBe(0);
    expect(await page.getByTestId('reveal-idNumber').count()).toBe(0);
  });
});
