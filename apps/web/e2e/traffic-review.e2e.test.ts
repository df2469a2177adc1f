import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInPage } from './support/accounts';
import { e2e, launchBrowser, skipBrowser } from './support/browser';
import { samplePhoto, saveToDocs } from './support/docs';
import { codeFor, freshPhone, idNumber } from './support/hall-citizen';

const PHOTOS = {
  front_side: '车前侧全景',
  rear_side: '车后侧全景',
  impact: '碰撞部位',
  surroundings: '周边环境',
} as const;

/** A resident signed in by phone over HTTP (code from the file sender), as the phone pages do. */
async function residentSession(name: string) {
  const phone = freshPhone();
  const post = (path: string, body: unknown, cookie = '') =>
    fetch(`${e2e.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(body),
    });
  expect((await post('/api/citizen/auth/code', { phone })).status).toBe(200);
  const verified = await post('/api/citizen/auth/verify', { phone, code: await codeFor(phone), name });
  expect(verified.status).toBe(200);
  const cookie = (verified.headers.getSetCookie().find((c) => c.startsWith('fq_citizen=')) ?? '').split(';')[0] ?? '';
  const call = async <T>(path: string, body: unknown): Promise<T> => {
    const res = await post(path, body, cookie);
    const text = await res.text();
    if (!res.ok) throw new Error(`POST ${path}: HTTP ${res.status} ${text}`);
    return JSON.parse(text) as T;
  };
  const upload = async (path: string, photo: Buffer) => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), 'photo.jpg');
    const res = await fetch(`${e2e.baseUrl}${path}`, { method: 'POST', headers: { cookie }, body: form });
    if (!res.ok) throw new Error(`upload ${path}: HTTP ${res.status} ${await res.text()}`);
  };
  return { cookie, call, upload };
}

/**
 * Remote liability determination: the two drivers disagree on their phones,
 * the case waits for an officer, who looks at the scene photos, is refused
 * without a liability and reasons, then issues the determination; the
 * drivers get the PDF.
 */
describe.skipIf(skipBrowser)('quick handling: an officer determines liability remotely', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a disputed case reaches the review queue and the officer issues the determination PDF', async () => {
    const officer = await signedInPage(browser, 'patrol');
    const page = officer.page;

    // ---- the two drivers, on their phones (over HTTP here; the phone pages have their own test)
    const a = await residentSession('王建国');
    const b = await residentSession('李明');
    const created = await a.call<{ id: string; number: string; joinCode: string }>('/api/citizen/traffic/accidents', {
      clientId: randomUUID(),
      eligibility: {
        noInjuries: true,
        vehiclesMovable: true,
        bothInsured: true,
        validLicences: true,
        noDrinkOrDrugs: true,
      },
      occurredAt: new Date(Date.now() - 10 * 60_000).toISOString(),
      lng: 116.68102,
      lat: 39.05895,
      address: '清溪镇迎宾大道与工业路交叉口',
      weather: 'cloudy',
      accidentType: 'rear_end',
      description: '甲车等红灯时被乙车追尾，两车保险杠轻微受损。',
      partyA: {
        name: '王建国',
        licenceNo: idNumber('19880412', 11),
        plate: '冀RA1234',
        vehicleType: 'small_car',
        insurer: '中国人民财产保险',
        policyNo: 'PDZA2026001',
      },
      partyB: {
        name: '李明',
        licenceNo: idNumber('19900705', 23),
        plate: '冀RB5678',
        vehicleType: 'small_car',
        insurer: '中国平安财产保险',
        policyNo: '',
      },
    });
    for (const [kind, caption] of Object.entries(PHOTOS))
      await a.upload(
        `/api/citizen/traffic/accidents/${created.id}/photos?kind=${kind}`,
        await samplePhoto(page, caption),
      );
    await a.call(`/api/citizen/traffic/accidents/${created.id}/statement`, {
      liability: 'b_full',
      factsConfirmed: true,
    });
    await b.call('/api/citizen/traffic/join', { code: created.joinCode });
    const disputed = await b.call<{ status: string }>(`/api/citizen/traffic/accidents/${created.id}/statement`, {
      liability: 'equal',
      factsConfirmed: true,
    });
    expect(disputed.status).toBe('review');

    // ---- the officer's review queue
    await page.goto('/traffic/accidents');
    const row = page.locator('.ant-table-row').filter({ hasText: created.number });
    await row.waitFor();
    expect(await row.textContent()).toContain('王建国 冀RA1234 / 李明 冀RB5678');
    await row.click();
    const drawer = page.locator('.ant-drawer-section');
    await drawer.getByText('乙方全责').waitFor();
    expect(await drawer.textContent()).toContain('同等责任');
    // All four guided photos load from the evidence store.
    await expect.poll(() => drawer.locator('.fq-traffic-evidence img').count()).toBe(4);
    await expect
      .poll(() =>
        drawer
          .locator('.fq-traffic-evidence img')
          .evaluateAll((imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth > 0).length),
      )
      .toBe(4);

    // Without a liability and reasons nothing is issued; the fields say why.
    await drawer.getByRole('button', { name: '出具认定书' }).click();
    await expect.poll(() => drawer.locator('.ant-form-item-explain-error').count()).toBe(2);

    await drawer.locator('.ant-select').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '乙方主责、甲方次责', visible: true }).click();
    await drawer
      .locator('textarea')
      .fill('经远程视频核查现场照片，乙车未与前车保持足以采取紧急制动措施的安全距离，甲车停车位置超出停止线。');
    await drawer.getByRole('button', { name: '出具认定书' }).click();
    await drawer.locator('.ant-alert-success').waitFor();
    expect(await drawer.locator('.ant-alert-success').textContent()).toContain('乙方主责、甲方次责');
    saveToDocs(await officer.screenshot('traffic-accident-review'), 'traffic-accident-review.png');

    // ---- the drivers get the determination as a PDF
    const pdf = await fetch(`${e2e.baseUrl}/api/citizen/traffic/accidents/${created.id}/document`, {
      headers: { cookie: b.cookie },
    });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  });
});
