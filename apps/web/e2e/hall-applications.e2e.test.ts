import type { HallServiceView } from '@fengqiao/contracts';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInPage } from './support/accounts';
import { apiSession } from './support/api';
import { launchBrowser, openPage, skipBrowser } from './support/browser';
import { samplePhoto } from './support/docs';
import { citizenSignIn, freshPhone, idNumber } from './support/hall-citizen';

/**
 * An online application from submission through a correction to approval:
 * the resident uploads the materials on the phone, the clerk asks for one
 * to be corrected, the resident uploads it again and resubmits, the clerk
 * approves; the resident follows every step.
 */
describe.skipIf(skipBrowser)('service hall: online application with a correction', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a resident applies, the clerk asks for a correction, the resident corrects, the clerk approves', async () => {
    const clerkApi = await apiSession('clerk');
    const services = await clerkApi.get<HallServiceView[]>('/api/hall/services');
    const service = services.find((s) => s.active && s.online && s.materials.some((m) => m.required));
    if (!service) throw new Error('no online service in the demo catalogue');
    const required = service.materials.filter((m) => m.required);
    const corrected = required[0];
    if (!corrected) throw new Error('no required material');

    // ---- the resident applies from the phone
    const resident = await openPage(browser, { width: 390, height: 844 });
    const phone = resident.page;
    await citizenSignIn(phone, freshPhone(), '周建国', `/m/apply/${service.id}`);
    await phone.getByTestId('m-apply-id').fill(idNumber('19800312', 17));
    // Submitting without the materials names what is missing, before anything is sent.
    await phone.getByTestId('m-apply-submit').click();
    expect(await phone.getByTestId('m-error').textContent()).toContain(corrected.nameZh);
    for (const m of required) {
      const photo = await samplePhoto(phone, m.nameZh);
      await phone
        .getByTestId(`m-file-${m.code}`)
        .setInputFiles({ name: `${m.code}.jpg`, mimeType: 'image/jpeg', buffer: photo });
      await phone.getByTestId(`m-material-${m.code}`).getByText(`${m.code}.jpg`).waitFor();
    }
    await phone.getByTestId('m-apply-submit').click();
    await phone.getByTestId('m-application-number').waitFor();
    const number = ((await phone.getByTestId('m-application-number').textContent()) ?? '').trim();
    expect(await phone.getByTestId('m-application-status').textContent()).toBe('已提交');

    // ---- the clerk asks for a correction of one material
    const clerk = await signedInPage(browser, 'clerk');
    const desk = clerk.page;
    await desk.goto('/hall/applications');
    await desk.getByPlaceholder('申请号或姓名').fill(number);
    await desk.getByPlaceholder('申请号或姓名').press('Enter');
    await desk.getByTestId('review-table').locator('tr').filter({ hasText: number }).click();
    await desk.getByTestId('review-accept').click();
    await expect.poll(() => desk.getByTestId('review-status-tag').textContent(), { timeout: 15_000 }).toBe('审核中');
    await desk.getByTestId('review-correction').click();
    await desk.getByTestId('review-materials').getByText(corrected.nameZh, { exact: true }).click();
    await desk.getByTestId('review-reason').fill('照片模糊，请重新拍摄清晰的原件照片');
    await desk.locator('.ant-modal-footer .ant-btn-primary').click();
    await expect.poll(() => desk.getByTestId('review-status-tag').textContent(), { timeout: 15_000 }).toBe('待补正');

    // ---- the resident sees the request and uploads the material again
    await phone.reload();
    await phone.getByTestId('m-correction').waitFor();
    expect(await phone.getByTestId('m-application-status').textContent()).toBe('待补正');
    expect(await phone.getByTestId('m-correction').textContent()).toContain('照片模糊');
    const retake = await samplePhoto(phone, `${corrected.nameZh}（重拍）`);
    await phone
      .getByTestId('m-correction')
      .getByTestId(`m-file-${corrected.code}`)
      .setInputFiles({ name: 'retake.jpg', mimeType: 'image/jpeg', buffer: retake });
    await phone.getByTestId(`m-material-${corrected.code}`).getByText('retake.jpg').waitFor();
    await phone.getByTestId('m-resubmit').click();
    await expect
      .poll(() => phone.getByTestId('m-application-status').textContent(), { timeout: 15_000 })
      .toBe('已提交');

    // ---- the clerk approves
    await desk.reload();
    await desk.getByPlaceholder('申请号或姓名').fill(number);
    await desk.getByPlaceholder('申请号或姓名').press('Enter');
    await desk.getByTestId('review-table').locator('tr').filter({ hasText: number }).click();
    await desk.getByTestId('review-approve').click();
    await desk.locator('.ant-modal-footer .ant-btn-primary').click();
    await expect.poll(() => desk.getByTestId('review-status-tag').textContent(), { timeout: 15_000 }).toBe('已通过');
    // The second submission's file is there next to the first.
    expect(await desk.locator('.ant-drawer').textContent()).toContain('第 2 次');

    // ---- the resident follows it to the end
    await phone.reload();
    await expect
      .poll(() => phone.getByTestId('m-application-status').textContent(), { timeout: 15_000 })
      .toBe('已通过');
    const history = (await phone.locator('.ant-timeline').textContent()) ?? '';
    for (const step of ['提交申请', '受理审核', '要求补正材料', '补正后重新提交', '审核通过'])
      expect(history).toContain(step);
  });
});
