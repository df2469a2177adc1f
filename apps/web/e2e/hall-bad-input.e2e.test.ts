import type { HallServiceView } from '@fengqiao/contracts';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiSession, apiSession } from './support/api';
import { launchBrowser, openPage, skipBrowser } from './support/browser';
import { citizenSignIn, freshPhone } from './support/hall-citizen';

/**
 * What residents get wrong or lose the race for, answered in Chinese and
 * with nothing stored: a slot that filled up while they were choosing, a
 * second booking on the same day, an upload that is not a photo or PDF.
 */
describe.skipIf(skipBrowser)('service hall: bad input', () => {
  let browser: Browser;
  let clerk: ApiSession;
  let services: HallServiceView[];
  beforeAll(async () => {
    browser = await launchBrowser();
    clerk = await apiSession('clerk');
    services = await clerk.get<HallServiceView[]>('/api/hall/services');
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a slot that fills up meanwhile and a second booking the same day are refused with clear messages', async () => {
    const service = services.find((s) => s.active && s.appointment);
    if (!service) throw new Error('no bookable service');
    const resident = await openPage(browser, { width: 390, height: 844 });
    resident.allowConsoleError(/status of 400/);
    const { page } = resident;
    await citizenSignIn(page, freshPhone(), '王大伟', `/m/book/${service.id}`);
    const enabled = page.locator('[data-testid="m-slot"]:not([disabled])');
    await enabled.first().waitFor();

    // The chosen slot fills up (the hall admin cuts it to what is booked) before the resident confirms.
    const slot = enabled.first();
    const slotId = (await slot.getAttribute('data-slot-id')) ?? '';
    const remaining = Number(await slot.getAttribute('data-remaining'));
    await slot.click();
    const availability = await clerk.get<{ days: { slots: { id: string; capacity: number; remaining: number }[] }[] }>(
      `/api/hall/public/availability?serviceId=${service.id}`,
    );
    const chosen = availability.days.flatMap((d) => d.slots).find((s) => s.id === slotId);
    const booked = chosen ? chosen.capacity - chosen.remaining : 0;
    expect(remaining).toBeGreaterThan(0);
    await clerk.send('PATCH', `/api/hall/slots/${slotId}`, { capacity: booked });
    await page.getByTestId('m-book-submit').click();
    expect(await page.getByTestId('m-error').textContent()).toBe('该时段已约满，请选择其他时段。');
    // The refreshed list shows it full and disabled.
    const full = page.locator(`[data-slot-id="${slotId}"]`);
    await expect.poll(() => full.isDisabled(), { timeout: 15_000 }).toBe(true);
    expect(await full.textContent()).toContain('已约满');

    // Another slot that day books fine…
    await enabled.first().click();
    await page.getByTestId('m-book-submit').click();
    await page.getByTestId('m-booking-number').waitFor();
    const day = ((await page.getByTestId('m-booking-time').textContent()) ?? '').slice(0, 10);

    // …but a second one on the same day is refused, and nothing is stored.
    await page.goto(`/m/book/${service.id}`);
    await page.getByTestId(`m-day-${day}`).click();
    const other = page.locator('[data-testid="m-slot"]:not([disabled])');
    await other.first().waitFor();
    await other.last().click();
    await page.getByTestId('m-book-submit').click();
    expect(await page.getByTestId('m-error').textContent()).toBe('您当天已有一个预约，每人每天只能预约一次。');
    await page.getByTestId('m-tab-bookings').click();
    await page.getByTestId('m-booking').first().waitFor();
    expect(await page.getByTestId('m-booking').count()).toBe(1);
  });

  it('an upload that is not a photo or a PDF is refused in Chinese, whatever its name says', async () => {
    const service = services.find((s) => s.active && s.online && s.materials.length > 0);
    const material = service?.materials[0];
    if (!service || !material) throw new Error('no online service');
    const resident = await openPage(browser, { width: 390, height: 844 });
    resident.allowConsoleError(/status of 400/);
    const { page } = resident;
    await citizenSignIn(page, freshPhone(), '赵敏', `/m/apply/${service.id}`);
    const input = page.getByTestId(`m-file-${material.code}`);
    const error = page.getByTestId(`m-material-${material.code}`).getByTestId('m-upload-error');
    const expected = '文件类型不支持：只能上传 JPG、PNG 图片或 PDF 文件。';

    // A text file: refused in the page before it is sent.
    await input.setInputFiles({ name: '户口本.txt', mimeType: 'text/plain', buffer: Buffer.from('户口本复印件') });
    expect(await error.textContent()).toBe(expected);

    // A text file named and typed as a JPEG: the server reads the bytes and refuses it.
    const upload = page.waitForResponse((r) => r.url().endsWith('/api/citizen/uploads'));
    await input.setInputFiles({
      name: '户口本.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.from('not really a photo'),
    });
    expect((await upload).status()).toBe(400);
    await expect.poll(() => error.textContent(), { timeout: 15_000 }).toBe(expected);
    expect(await page.getByTestId(`m-material-${material.code}`).textContent()).not.toContain('KB');

    // Too large: more than 5 MB.
    await input.setInputFiles({
      name: 'big.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.alloc(5 * 1024 * 1024 + 10, 1),
    });
    expect(await error.textContent()).toBe('文件太大：每个文件不能超过 5 MB。');
  });
});
