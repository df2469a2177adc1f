import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_PASSWORD,
  enrolmentSecret,
  nextTotpCode,
  signIn,
  submitPassword,
  totpNow,
  typeTotp,
} from './support/accounts';
import { launchBrowser, openPage, skipBrowser } from './support/browser';

describe.skipIf(skipBrowser)('sign-in', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the Chinese error for a wrong password and keeps the user on the login page', async () => {
    const { page, allowConsoleError, screenshot } = await openPage(browser);
    // The browser itself logs the refused request; that one is expected.
    allowConsoleError(/status of 401/);
    await submitPassword(page, 'patrol', `${DEMO_PASSWORD}-wrong`);
    const error = page.getByTestId('login-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('用户名或密码错误');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.getByLabel('密码', { exact: true }).inputValue()).toBe('');
    await screenshot('login-wrong-password');
  });

  it('lets the command-room operator in without a second factor, then signs out', async () => {
    const { page } = await openPage(browser);
    await submitPassword(page, 'operator');
    await page.getByTestId('user-name').waitFor();
    expect(await page.getByTestId('totp-input').count()).toBe(0);
    // The command room's board is the operator's home page.
    await page.waitForURL('**/command');
    const header = page.locator('.fq-header');
    expect(await header.textContent()).toContain('指挥室值班员');
    expect(await page.getByTestId('station-name').textContent()).toContain('派出所');
    // The sidebar shows only what the role may use: no grid editing, audit or user administration.
    const nav = page.locator('.fq-sider');
    expect(await nav.getByText('指挥大屏').count()).toBe(1);
    expect(await nav.getByText('接警登记').count()).toBe(1);
    expect(await nav.getByText('网格地图').count()).toBe(1);
    expect(await nav.getByText('人员信息').count()).toBe(1);
    expect(await nav.getByText('指挥室配置').count()).toBe(0);
    expect(await nav.getByText('网格管理').count()).toBe(0);
    expect(await nav.getByText('审计日志').count()).toBe(0);
    expect(await nav.getByText('用户管理').count()).toBe(0);

    // Let the board finish loading first: requests still queued when the session ends would get 401s.
    await page.waitForLoadState('networkidle');
    await page.getByTestId('logout').click();
    await page.waitForURL('**/login');
    expect(await page.getByTestId('login-notice').textContent()).toContain('您已安全退出');
  });

  it('sends the user to the login page with "会话已过期" when the server no longer knows the session', async () => {
    const { page, context, allowConsoleError } = await openPage(browser);
    allowConsoleError(/status of 401/);
    await signIn(page, 'caseofficer');
    // Field officers land on their orders.
    await page.waitForURL('**/orders');
    // The server ends the session (as after 30 idle minutes); the next request gets a 401.
    await context.clearCookies();
    // Move within the app (no reload), as a click in the menu does, wherever the entry sits in the sidebar.
    await page.evaluate(() => {
      window.history.pushState({}, '', '/people');
      window.dispatchEvent(new PopStateEvent('popstate'));
    });
    await page.waitForURL('**/login');
    const notice = page.getByTestId('login-notice');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('会话已过期，请重新登录');
  });

  it('fits the login page on a 390 px phone screen', async () => {
    const { page, screenshot } = await openPage(browser, { width: 390, height: 844 });
    await page.goto('/login');
    await page.getByTestId('login-submit').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const box = await page.getByTestId('login-submit').boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(300);
    await screenshot('login-mobile');
  });

  it('sends a session that skipped the second factor back to the code step', async () => {
    const { page, allowConsoleError } = await openPage(browser);
    allowConsoleError(/status of 401/);
    await submitPassword(page, 'p131003');
    await page.getByTestId('totp-input').waitFor();
    // Straight to a page without the code: the server answers mfa_required.
    await page.goto('/map');
    await page.waitForURL('**/login');
    await page.getByTestId('totp-input').waitFor();
    await typeTotp(page, await nextTotpCode('p131003'));
    await page.waitForURL('**/map');
    await page.getByTestId('map-counts').waitFor();
  });

  it('a wrong code is refused in Chinese and the next right one gets in', async () => {
    const { page, allowConsoleError } = await openPage(browser);
    allowConsoleError(/status of 400/);
    await submitPassword(page, 'p131004');
    await page.getByTestId('totp-input').waitFor();
    const right = await nextTotpCode('p131004');
    const wrong = right === '000000' ? '111111' : '000000';
    await typeTotp(page, wrong);
    await page.getByText('验证码错误或已过期').waitFor();
    await typeTotp(page, right);
    await page.waitForURL('**/command');
  });

  it('a user without required 2FA can turn it on from the profile page', async () => {
    const { page, screenshot } = await openPage(browser);
    // An account no other browser test signs in with: after this it needs a code only this test knows.
    await signIn(page, 'auxiliary');
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: '个人设置' }).click();
    await page.waitForURL('**/profile');
    await page.getByRole('button', { name: '启用两步验证' }).click();
    await page.getByTestId('enrol-qr').waitFor();
    const secret = await enrolmentSecret(page);
    await screenshot('profile-enrol');
    await typeTotp(page, totpNow(secret));
    await page.getByText('两步验证已启用。').waitFor();
    await page.locator('.ant-card').filter({ hasText: '两步验证' }).getByText('已启用').waitFor();
  });
});
