import type { HallHomeVisitView } from '@fengqiao/contracts';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInPage } from './support/accounts';
import { apiSession } from './support/api';
import { launchBrowser, openPage, skipBrowser } from './support/browser';
import { saveToDocs } from './support/docs';
import { citizenSignIn, freshPhone } from './support/hall-citizen';

/**
 * Home service for someone who cannot come: a resident asks on the phone,
 * the community officer finds the request on the home-visits desk and
 * schedules it, and the resident sees who comes and when.
 */
describe.skipIf(skipBrowser)('service hall: a home visit asked for on the phone', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a resident asks for a home visit, the officer schedules it, the resident sees the officer and day', async () => {
    // The resident lives in one of the community officer's grids and shares the phone's position.
    const officerApi = await apiSession('officer');
    const me = await officerApi.get<{ gridIds: string[] } | { user: { gridIds: string[] } }>('/api/auth/me');
    const gridIds = 'user' in me ? me.user.gridIds : me.gridIds;
    const town = await officerApi.get<{ grids: { id: string; centroid: [number, number] }[] }>('/api/map');
    const home = town.grids.find((g) => gridIds.includes(g.id));
    if (!home) throw new Error('the officer has no grid');
    const resident = await openPage(browser, { width: 390, height: 844 });
    await resident.context.grantPermissions(['geolocation']);
    await resident.context.setGeolocation({ longitude: home.centroid[0], latitude: home.centroid[1] });
    const phone = resident.page;
    await citizenSignIn(phone, freshPhone(), '李桂兰', '/m');
    await phone.getByTestId('m-home-visit-entry').click();
    await phone.waitForURL('**/m/home-visit');

    // Nothing is sent without a service and an address; the fields say so in Chinese.
    await phone.getByTestId('m-hv-submit').click();
    await phone.getByText('请选择办理事项').waitFor();
    await phone.getByText('请填写上门地址').waitFor();

    await phone.getByTestId('m-hv-service').click();
    const option = phone.locator('.ant-select-item-option').first();
    await option.waitFor();
    const serviceName = ((await option.textContent()) ?? '').trim();
    await option.click();
    await phone.getByTestId('m-hv-name').fill('李桂兰');
    await phone.getByTestId('m-hv-note').fill('八十六岁，卧床，无法到大厅');
    await phone.getByTestId('m-hv-address').fill('幸福村三组 12 号');
    await phone.getByTestId('m-hv-locate').click();
    await phone.getByText('已定位，便于民警找到您').waitFor();
    await phone.getByTestId('m-hv-submit').click();

    const card = phone
      .locator('.fq-m-card')
      .filter({ hasText: '幸福村三组 12 号' })
      .filter({ has: phone.getByTestId('m-hv-status') });
    await card.waitFor();
    expect(await card.getByTestId('m-hv-status').textContent()).toBe('待派单');
    expect(await card.textContent()).toContain(serviceName);
    const number = ((await card.getAttribute('data-testid')) ?? '').replace(/^m-hv-/, '');
    expect(number).not.toBe('');

    // The officer finds it on the desk.
    const listed = await officerApi.get<{ items: HallHomeVisitView[] }>(
      '/api/hall/home-visits?status=requested&pageSize=200',
    );
    const request = listed.items.find((v) => v.number === number);
    if (!request) throw new Error('the request is not on the officers’ list');
    expect(request.personName).toBe('李桂兰');
    expect(request.reason).toBe('elderly');
    const desk = await signedInPage(browser, 'officer');
    await desk.page.goto('/hall/home-visits');
    await desk.page.getByText(number).first().waitFor();

    const officers = await officerApi.get<{ id: string; name: string }[]>('/api/hall/home-visits/officers');
    const who = officers[0];
    if (!who) throw new Error('no officer to schedule');
    const day = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    await officerApi.send('POST', `/api/hall/home-visits/${request.id}/schedule`, {
      officerPersonId: who.id,
      day,
      version: request.version,
    });

    await phone.reload();
    const scheduled = phone.getByTestId(`m-hv-${number}`);
    await scheduled.getByTestId('m-hv-status').getByText('已派单').waitFor();
    expect(await scheduled.textContent()).toContain(`${who.name} 将于 ${day} 上门`);
    await scheduled.scrollIntoViewIfNeeded();
    saveToDocs(await resident.screenshot('hall-home-visit-mobile'), 'hall-home-visit-mobile.png');
  });
});
