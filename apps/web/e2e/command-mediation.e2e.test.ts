import type { IncidentDetail } from '@fengqiao/contracts';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInPage } from './support/accounts';
import { type ApiSession, apiSession } from './support/api';
import { launchBrowser, skipBrowser } from './support/browser';
import { G01, nearDuplicatesOff } from './support/intake';

/**
 * An incident referred to the mediation ledger, and the link both ways: the
 * grid's community officer refers a dispute call from the order card; the
 * new-dispute form comes prefilled from the incident; the dispute names the
 * incident and the incident (the command room's drawer) opens the dispute,
 * for the officer and for an operator, who may read disputes but not
 * register them.
 */
describe.skipIf(skipBrowser)('command room → mediation ledger', () => {
  let browser: Browser;
  let leader: ApiSession;
  let operator: ApiSession;
  let restoreIntake: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    browser = await launchBrowser();
    leader = await apiSession('leader');
    operator = await apiSession('operator');
    restoreIntake = await nearDuplicatesOff(leader);
  });
  afterAll(async () => {
    await restoreIntake?.();
    await browser?.close();
  });

  it('the community officer refers a dispute call to mediation; the incident and the dispute link to each other', async () => {
    const marker = `e2e${Date.now() % 1_000_000}`;
    const { incident } = await operator.send<{ incident: IncidentDetail }>(
      'POST',
      '/api/incidents',
      {
        source: 'call_110',
        categoryCode: 'dispute.neighbour',
        summary: `建设路社区3号楼漏水引发邻里争执（${marker}）`,
        description: '楼上卫生间漏水，楼下住户多次协商未果，双方在楼道争吵。',
        address: '建设路社区3号楼',
        location: { lng: G01[0], lat: G01[1], crs: 'WGS84' },
        callerName: '孙丽',
        callerPhone: '13622223333',
        dispatch: 'auto',
      },
      { 'Idempotency-Key': `e2e-refer-${marker}` },
    );
    expect(incident.gridCode).toBe('G01');
    expect(incident.links).toEqual([]);

    // ---- The officer, on the phone: the order card's details offer the referral.
    const officer = await signedInPage(browser, 'officer', { width: 390, height: 844 });
    const { page } = officer;
    await page.waitForURL('**/orders');
    const card = page.locator(`[data-testid="my-order"][data-number="${incident.number}"]`);
    await card.waitFor();
    await card.getByTestId('order-details').click();
    await card.getByTestId('refer-to-mediation').click();

    // ---- The new-dispute form, prefilled from the incident.
    await page.waitForURL(`**/mediation/new?incident=${incident.id}`);
    expect(await page.getByTestId('from-incident').textContent()).toContain(incident.number);
    const summary = page.getByTestId('dispute-summary');
    await expect.poll(() => summary.inputValue()).toContain(marker);
    const parties = page.getByTestId('party-fields');
    expect(await parties.nth(0).getByTestId('party-name').inputValue()).toBe('孙丽');
    await parties.nth(1).getByTestId('party-name').fill('周强');
    await page.getByTestId('dispute-submit').click();

    // ---- The dispute names the incident …
    await page.waitForURL(/\/mediation\/[0-9a-f-]{36}$/);
    const disputeId = page.url().split('/').pop() ?? '';
    const back = page.getByTestId('incident-link');
    await back.waitFor();
    expect(await back.textContent()).toContain(incident.number);

    // … and the incident the dispute: its drawer opens the dispute, and offers no second referral.
    await back.click();
    await page.waitForURL(`**/command?incident=${incident.id}`);
    const drawer = page.getByTestId('incident-drawer');
    await drawer.getByTestId('incident-dispute-link').waitFor();
    expect(await drawer.getByTestId('refer-to-mediation').count()).toBe(0);
    await drawer.getByTestId('incident-dispute-link').click();
    await page.waitForURL(`**/mediation/${disputeId}`);
    await page.getByTestId('dispute-page').waitFor();

    const stored = await operator.get<IncidentDetail>(`/api/incidents/${incident.id}`);
    expect(stored.links).toEqual([{ kind: 'dispute', targetId: disputeId }]);

    // ---- The operator reads disputes but does not register them: the link, no referral.
    const op = await signedInPage(browser, 'operator');
    await op.page.goto(`/command?incident=${incident.id}`);
    const opDrawer = op.page.getByTestId('incident-drawer');
    await opDrawer.getByTestId('incident-dispute-link').waitFor();
    const other = (
      await operator.send<{ incident: IncidentDetail }>(
        'POST',
        '/api/incidents',
        {
          source: 'walk_in',
          categoryCode: 'dispute.consumer',
          summary: `超市退货纠纷（${marker}）`,
          address: '建设路社区',
          location: { lng: G01[0], lat: G01[1], crs: 'WGS84' },
        },
        { 'Idempotency-Key': `e2e-refer-other-${marker}` },
      )
    ).incident;
    await op.page.goto(`/command?incident=${other.id}`);
    await op.page.getByTestId('incident-drawer').getByTestId('incident-number').waitFor();
    await op.page.getByTestId('incident-drawer').getByText('处置记录').waitFor();
    expect(await op.page.getByTestId('incident-links').count()).toBe(0);
    await op.context.close();
    await officer.context.close();
  }, 120_000);
});
