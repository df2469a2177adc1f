import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolmentSecret, signedInPage, signIn, submitPassword, totpNow, typeTotp } from './support/accounts';
import { launchBrowser, openPage, skipBrowser } from './support/browser';

const NEW_USER = 'e2e.tester';
const INITIAL_PASSWORD = 'Granite-Harbour-Lantern-9';
const NEXT_PASSWORD = 'Willow-Teapot-Compass-42';

describe.skipIf(skipBrowser)('user administration under the three-member separation', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('system admin creates an account; a common password is refused in Chinese', async () => {
    const { page, allowConsoleError, screenshot } = await signedInPage(browser, 'sysadmin');
    allowConsoleError(/status of 400/);
    await page.waitForURL('**/users');
    await page.getByTestId('users-table').locator('tbody tr.ant-table-row').first().waitFor();
    await page.getByTestId('create-user').click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '新建用户' });
    await dialog.getByTestId('new-username').fill(NEW_USER);
    await dialog.getByTestId('new-display-name').fill('测试员');
    await dialog.getByTestId('new-password').fill('password123');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.getByText('这是常见密码或被泄露过的密码，请换一个。').waitFor();
    await screenshot('users-create-refused');

    await dialog.getByTestId('new-password').fill(INITIAL_PASSWORD);
    await dialog.getByRole('button', { name: '保存' }).click();
    await page.getByText(`已创建用户 ${NEW_USER}`).waitFor();
    const row = page.getByTestId('users-table').locator('tr', { hasText: NEW_USER });
    await page.getByLabel('用户名或姓名').fill(NEW_USER);
    await page.getByLabel('用户名或姓名').press('Enter');
    await row.waitFor();
    expect(await row.textContent()).toContain('未分配角色');
    // The system admin does not grant roles: that is the security admin's job.
    expect(await page.getByTestId(`roles-${NEW_USER}`).count()).toBe(0);
  });

  it('security admin grants a business role; administrator roles stand alone', async () => {
    const { page, screenshot } = await signedInPage(browser, 'secadmin');
    await page.waitForURL('**/users');
    await page.getByLabel('用户名或姓名').fill(NEW_USER);
    await page.getByLabel('用户名或姓名').press('Enter');
    await page.getByTestId(`roles-${NEW_USER}`).click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '三员' });
    await dialog.waitFor();
    const business = (name: string) => dialog.locator('.ant-checkbox-wrapper', { hasText: name });
    const admin = (name: string) => dialog.locator('.ant-radio-wrapper', { hasText: name });
    await business('巡逻民警').click();
    await business('辅警').click();
    expect(await dialog.locator('.ant-checkbox-wrapper-checked').count()).toBe(2);
    // Choosing an administrator role clears the business roles: they cannot be combined.
    await admin('安全审计员').click();
    expect(await dialog.locator('.ant-checkbox-wrapper-checked').count()).toBe(0);
    await business('巡逻民警').click();
    expect(await dialog.locator('.ant-radio-wrapper-checked').count()).toBe(0);
    await screenshot('users-roles');
    await dialog.getByRole('button', { name: '保存' }).click();
    await page.getByText(`已更新 ${NEW_USER} 的角色`).waitFor();
    const row = page.getByTestId('users-table').locator('tr', { hasText: NEW_USER });
    await expect.poll(() => row.textContent()).toContain('巡逻民警');
  });

  it('the new user must change the initial password before anything else', async () => {
    const { page, allowConsoleError, screenshot } = await openPage(browser);
    allowConsoleError(/status of 400/);
    await submitPassword(page, NEW_USER, INITIAL_PASSWORD);
    await page.waitForURL('**/profile');
    await page.getByTestId('must-change').waitFor();
    expect(await page.locator('.fq-sider .ant-menu-item').count()).toBe(0);
    await screenshot('profile-must-change');

    await page.getByLabel('当前密码').fill('not-the-password');
    await page.getByLabel('新密码', { exact: true }).fill(NEXT_PASSWORD);
    await page.getByLabel('确认新密码').fill(NEXT_PASSWORD);
    await page.getByRole('button', { name: '修改密码' }).click();
    await page.getByText('当前密码错误。').waitFor();

    await page.getByLabel('当前密码').fill(INITIAL_PASSWORD);
    await page.getByRole('button', { name: '修改密码' }).click();
    await page.getByText('密码已修改').waitFor();
    // Now the role's pages appear.
    await page.locator('.fq-sider').getByText('网格地图').waitFor();
    await page.locator('.fq-sider').getByText('网格地图').click();
    await page.getByTestId('map-counts').waitFor();
  });

  it('the auditor reads the accounts without any action', async () => {
    const { page } = await openPage(browser);
    await signIn(page, 'auditor');
    await page.locator('.fq-sider').getByText('用户管理').click();
    await page.waitForURL('**/users');
    await page.getByTestId('users-table').locator('tbody tr.ant-table-row').first().waitFor();
    await page.getByTestId('read-only').waitFor();
    expect(await page.getByTestId('create-user').count()).toBe(0);
    expect(await page.getByTestId('users-table').getByRole('button').count()).toBe(0);
  });

  it('after the security admin resets a leader’s 2FA, the next sign-in enrols a new authenticator', async () => {
    const admin = await signedInPage(browser, 'secadmin');
    await admin.page.getByLabel('用户名或姓名').fill('p131002');
    await admin.page.getByLabel('用户名或姓名').press('Enter');
    const row = admin.page.getByTestId('users-table').locator('tr', { hasText: 'p131002' });
    await row.getByRole('button', { name: '重置两步验证' }).click();
    await admin.page.locator('.ant-popconfirm').getByRole('button', { name: '确定' }).click();
    await admin.page.getByText('已重置 p131002 的两步验证').waitFor();
    await expect.poll(() => row.textContent()).toContain('未启用');

    const { page, screenshot } = await openPage(browser);
    await submitPassword(page, 'p131002');
    await page.getByTestId('enrol-qr').waitFor();
    expect(await page.getByTestId('enrol-qr').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    const secret = await enrolmentSecret(page);
    await screenshot('login-enrol');
    await typeTotp(page, totpNow(secret));
    await page.waitForURL('**/command');
    expect(await page.locator('.fq-header').textContent()).toContain('所领导');
  });
});
