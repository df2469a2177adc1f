import type { IntakeSettingsBody } from '@fengqiao/contracts';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInPage } from './support/accounts';
import { apiSession } from './support/api';
import { launchBrowser, skipBrowser } from './support/browser';

describe.skipIf(skipBrowser)('command room settings', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a leader reads every settings tab and changes the near-duplicate distance; operators do not see the page', async () => {
    const { page, screenshot, allowConsoleError } = await signedInPage(browser, 'leader');
    allowConsoleError(/status of 400/);
    // The leader's menu has grown longer than the screen and its last entries sit under the sider's
    // collapse bar (an AppLayout matter): click the entry itself rather than the point on screen.
    await page.locator('.fq-sider').getByText('指挥室配置').dispatchEvent('click');
    await page.waitForURL('**/command/config');

    // Priority rules from the server, each with its priority.
    const rules = page.locator('.ant-table-row').filter({ visible: true });
    await rules.first().waitFor();
    expect(await rules.count()).toBeGreaterThanOrEqual(4);
    // The seeded rules are named in Chinese (migration 20261128T2310), like everything else on the page.
    for (const name of ['涉及刀枪或人员受伤', '违法犯罪正在发生', '夜间治安警情'])
      await page.getByRole('tabpanel').getByText(name, { exact: true }).filter({ visible: true }).waitFor();
    expect(await page.getByRole('tabpanel').filter({ visible: true }).textContent()).not.toMatch(
      /Weapons|Crime in progress|Night-time/,
    );
    await page.getByRole('tab', { name: '预警规则' }).click();
    await page.getByRole('tabpanel').getByText('同一地址').filter({ visible: true }).first().waitFor();
    await page
      .getByRole('tabpanel')
      .getByText('同一地址 30 天内 3 起纠纷', { exact: true })
      .filter({ visible: true })
      .waitFor();
    await page.getByRole('tab', { name: '警情类别' }).click();
    await page.getByRole('tabpanel').getByText('criminal.theft').filter({ visible: true }).waitFor();
    await page.getByRole('tab', { name: '派警时限' }).click();
    await page.getByTestId('deadline-urgent-ack').getByRole('spinbutton').waitFor();
    expect(await page.getByTestId('deadline-urgent-ack').getByRole('spinbutton').inputValue()).toBe('60');
    await screenshot('command-config-deadlines');

    // A later step shorter than an earlier one is refused by the server, in Chinese.
    const ack = page.getByTestId('deadline-urgent-ack').getByRole('spinbutton');
    await ack.fill('900');
    await page.getByRole('tabpanel').getByRole('button', { name: '保存' }).filter({ visible: true }).click();
    const problems = page.getByTestId('deadline-problems');
    await problems.waitFor();
    expect(await problems.textContent()).toContain('紧急 · 到场（城区）：后一环节的时限不能短于前一环节。');
    await ack.fill('60');

    // The intake setting round-trips through the API.
    const leaderApi = await apiSession('leader');
    const before = await leaderApi.get<IntakeSettingsBody>('/api/incidents/config/intake');
    try {
      await page.getByRole('tab', { name: '受理设置' }).click();
      const radius = page.locator('#duplicateRadiusM');
      // The form shows the stored value first; then the leader types over it.
      await expect.poll(() => radius.inputValue()).toBe(String(before.duplicateRadiusM));
      await radius.click();
      await radius.press('ControlOrMeta+a');
      await radius.pressSequentially(String(before.duplicateRadiusM + 50));
      expect(await radius.inputValue()).toBe(String(before.duplicateRadiusM + 50));
      await page.getByRole('tabpanel').getByRole('button', { name: '保存' }).filter({ visible: true }).click();
      await page.getByText('已保存').waitFor();
      await expect
        .poll(async () => (await leaderApi.get<IntakeSettingsBody>('/api/incidents/config/intake')).duplicateRadiusM)
        .toBe(before.duplicateRadiusM + 50);
    } finally {
      await leaderApi.send('PUT', '/api/incidents/config/intake', before);
    }

    // An operator has no incidents.configure: no menu entry, and the page refuses.
    const operator = await signedInPage(browser, 'operator');
    expect(await operator.page.locator('.fq-sider').getByText('指挥室配置').count()).toBe(0);
    await operator.page.goto('/command/config');
    await operator.page.getByText('无权访问').waitFor();
  });
});
