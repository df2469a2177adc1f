import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, skipBrowser } from './support/browser';
import { samplePhoto, saveToDocs } from './support/docs';
import { codeFor, freshPhone, idNumber } from './support/hall-citizen';

const PHONE = { width: 390, height: 844 };
const SCENE = { longitude: 116.68102, latitude: 39.05895, accuracy: 20 };

/** Signs a resident in on the quick-handling page with the texted code. */
async function signInOnPhone(page: Page, phone: string): Promise<void> {
  await page.goto('/accident');
  await page.getByTestId('tq-phone').fill(phone);
  await page.getByTestId('tq-send-code').click();
  await page.getByTestId('tq-code').fill(await codeFor(phone));
  await page.getByTestId('tq-sign-in').click();
  await page.getByTestId('tq-start').waitFor();
}

/**
 * Chooses an option of an Ant Design select. On a loaded machine the open
 * dropdown can close while its animation settles (a phone layout reflows as
 * the keyboard-less form scrolls); then it is opened again. The choice is
 * checked on the select itself, so a wrong pick still fails.
 */
async function pick(page: Page, selectId: string, option: string): Promise<void> {
  const select = page.locator('.ant-select').filter({ has: page.locator(`#${selectId}`) });
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.locator(`#${selectId}`).click();
    const item = page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
      .filter({ hasText: option })
      .first();
    try {
      await item.click({ timeout: 5_000 });
      break;
    } catch {
      await page.keyboard.press('Escape');
    }
  }
  await select.getByTitle(option).first().waitFor({ timeout: 5_000 });
}

/**
 * Minor-accident quick handling at phone size, both parties in their own
 * browsers: eligibility, the case with both drivers, guided photos (a wrong
 * file type refused), the join code (a wrong code refused), equal liability,
 * both signatures, and the agreement PDF with the time it took.
 */
describe.skipIf(skipBrowser)('quick handling on two phones', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('party A opens a case, party B joins with the code, both sign, and the agreement PDF is issued', async () => {
    const a = await openPage(browser, PHONE);
    // The first visit asks who is signed in: the browser logs that 401; wrong input is a logged 400.
    a.allowConsoleError(/status of 40[01]/);
    await a.context.grantPermissions(['geolocation']);
    await a.context.setGeolocation(SCENE);
    const pa = a.page;
    await signInOnPhone(pa, freshPhone());

    await pa.getByTestId('tq-start').click();
    for (const q of ['noInjuries', 'vehiclesMovable', 'bothInsured', 'validLicences', 'noDrinkOrDrugs'])
      await pa.getByTestId(`elig-${q}`).getByText('是', { exact: true }).click();
    await pa.getByTestId('tq-check').click();

    await pa.getByTestId('tq-locate').click();
    await pa.getByText('已定位').waitFor();
    await pa.locator('#address').fill('清溪镇建设路与迎宾大道交叉口');
    await pa.locator('#description').fill('甲车等红灯时被乙车追尾，两车保险杠轻微受损。');
    await pa.locator('#partyA_name').fill('王建国');
    await pa.locator('#partyA_licenceNo').fill(idNumber('19880412', 11));
    await pa.locator('#partyA_plate').fill('冀R·A1234');
    await pick(pa, 'partyA_insurer', '中国人民财产保险');
    await pa.locator('#partyB_name').fill('李明');
    await pa.locator('#partyB_licenceNo').fill(idNumber('19900703', 23));
    await pa.locator('#partyB_plate').fill('ABC123');
    await pick(pa, 'partyB_insurer', '中国平安财产保险');
    await pa.getByTestId('tq-create').click();
    // A wrong plate is named in Chinese and nothing is created.
    await pa.getByText('号牌格式不正确', { exact: false }).first().waitFor();
    expect(new URL(pa.url()).pathname).toBe('/accident');
    await pa.locator('#partyB_plate').fill('冀RB5678');
    await pa.getByTestId('tq-create').click();
    await pa.waitForURL(/\/accident\/[0-9a-f-]{36}$/);
    const code = (await pa.getByTestId('join-code').textContent())?.trim() ?? '';
    expect(code).toMatch(/^\d{6}$/);

    // A PDF is not a photo.
    await pa
      .getByTestId('photo-impact')
      .locator('input')
      .setInputFiles({
        name: 'scan.jpg',
        mimeType: 'image/jpeg',
        buffer: Buffer.from('%PDF-1.4 not a photo'),
      });
    await pa.getByText('照片格式不支持').waitFor();
    for (const [kind, caption] of [
      ['front_side', '车前侧全景 冀RA1234 / 冀RB5678'],
      ['rear_side', '车后侧全景'],
      ['impact', '碰撞部位：后保险杠'],
      ['surroundings', '建设路与迎宾大道交叉口'],
    ] as const) {
      await pa
        .getByTestId(`photo-${kind}`)
        .locator('input')
        .setInputFiles({
          name: `${kind}.jpg`,
          mimeType: 'image/jpeg',
          buffer: await samplePhoto(pa, caption),
        });
      await pa.getByTestId(`photo-${kind}`).getByText('已上传').waitFor();
    }
    await pa.getByTestId('tq-liability').getByText('乙方全责').click();
    await pa.getByTestId('tq-statement').click();
    await pa.getByText('我的选择：乙方全责').waitFor();
    await pa.evaluate(() => window.scrollTo(0, 0));
    saveToDocs(await a.screenshot('traffic-quick-case'), 'traffic-quick-case.png');

    // Party B on their own phone.
    const b = await openPage(browser, PHONE);
    b.allowConsoleError(/status of 40[01]/);
    const pb = b.page;
    await signInOnPhone(pb, freshPhone());
    await pb.getByTestId('tq-join').click();
    await pb.getByTestId('tq-join-code').fill(code === '000000' ? '000001' : '000000');
    await pb.getByTestId('tq-join-submit').click();
    await pb.getByText('协同码错误或已过期').waitFor();
    await pb.getByTestId('tq-join-code').fill(code);
    await pb.getByTestId('tq-join-submit').click();
    await pb.waitForURL(/\/accident\/[0-9a-f-]{36}$/);
    expect(pb.url()).toBe(pa.url());
    await pb.getByText('冀RA1234', { exact: false }).first().waitFor();
    await pb.getByTestId('tq-liability').getByText('乙方全责').click();
    await pb.getByTestId('tq-facts').click();
    await pb.getByTestId('tq-statement').click();
    await pb.getByTestId('tq-signature').waitFor();
    await pb.getByTestId('tq-signature').fill('李明');
    await pb.getByTestId('tq-sign').click();
    await pb.getByText('等待对方签署').waitFor();

    // Party A's page follows along and signs last.
    await pa.getByTestId('tq-signature').waitFor({ timeout: 15_000 });
    await pa.getByTestId('tq-signature').fill('王建');
    await pa.getByTestId('tq-sign').click();
    await pa.getByText('签名须与案件中的姓名一致').waitFor();
    await pa.getByTestId('tq-signature').fill('王建国');
    await pa.getByTestId('tq-sign').click();
    await pa.getByTestId('open-pdf').waitFor();
    expect(await pa.getByTestId('elapsed').textContent()).toMatch(/从报案到出具文书用时 [\d.]+ 分钟/);
    const href = (await pa.getByTestId('open-pdf').getAttribute('href')) ?? '';
    const pdf = await pa.request.get(href);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    saveToDocs(await a.screenshot('traffic-quick-agreement'), 'traffic-quick-agreement.png');

    // Party B sees the same document.
    await pb.getByTestId('open-pdf').waitFor({ timeout: 15_000 });
    expect(await pb.getByTestId('case-status').textContent()).toBe('已出具文书');
  });

  it('sends an accident with an injury to the command room instead', async () => {
    const a = await openPage(browser, PHONE);
    a.allowConsoleError(/status of 401/);
    await a.context.grantPermissions(['geolocation']);
    await a.context.setGeolocation(SCENE);
    const pa = a.page;
    await signInOnPhone(pa, freshPhone());
    await pa.getByTestId('tq-start').click();
    await pa.getByTestId('elig-noInjuries').getByText('否', { exact: true }).click();
    for (const q of ['vehiclesMovable', 'bothInsured', 'validLicences', 'noDrinkOrDrugs'])
      await pa.getByTestId(`elig-${q}`).getByText('是', { exact: true }).click();
    await pa.getByTestId('tq-locate').click();
    await pa.getByText('已定位').waitFor();
    await pa.getByTestId('tq-check').click();
    await pa.getByText('已转交110指挥中心').waitFor();
    expect(await pa.getByText(/已生成警情 \S+/).count()).toBe(1);
    saveToDocs(await a.screenshot('traffic-quick-referred'), 'traffic-quick-referred.png');
  });
});
