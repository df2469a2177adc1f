import type { CountyOverview, DashboardView } from '@fengqiao/contracts';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInPage } from './support/accounts';
import { apiSession } from './support/api';
import { launchBrowser, skipBrowser } from './support/browser';
import { saveToDocs } from './support/docs';

async function answerTo<T>(page: Page, part: string): Promise<T> {
  const res = await page.waitForResponse((r) => r.url().includes(part) && r.request().method() === 'GET');
  expect(res.status()).toBe(200);
  return (await res.json()) as T;
}

/**
 * The county bureau's leader: lands on the county overview (every station
 * side by side and the county total, counted from the records), opens one
 * station's dashboard read-only, and finds no station work in the menu.
 */
describe.skipIf(skipBrowser)('county overview', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows every station of the county with the figures the station’s own leader sees', async () => {
    const { page, screenshot } = await signedInPage(browser, 'county', { height: 1000 });
    const overviewAnswer = answerTo<CountyOverview>(page, '/api/county/overview');
    await page.goto('/county');
    const overview = await overviewAnswer;
    expect(overview.stations.length).toBeGreaterThanOrEqual(1);
    const table = page.getByTestId('county-table');
    await table.waitFor();
    const first = overview.stations[0];
    if (!first) throw new Error('no station');
    await page.getByTestId(`county-station-${first.id}`).waitFor();
    // The total row shows the county's incidents as the server counted them.
    const received = overview.total.find((f) => f.key === 'incidents_received');
    expect(received?.value).toBeGreaterThan(0);
    const totalRow = table.locator('.fq-county-total');
    expect((await totalRow.textContent())?.replace(/,/g, '')).toContain(String(received?.value));
    await page.getByTestId('chart-county').waitFor();
    saveToDocs(await screenshot('county-overview'), 'county-overview.png');

    // The menu offers figures only: no board, no ledger, no hall.
    const sider = page.locator('.fq-sider');
    expect(await sider.textContent()).toContain('全县概览');
    expect(await sider.textContent()).not.toContain('指挥大屏');

    // One station's dashboard equals what its own leader sees.
    const dashAnswer = answerTo<DashboardView>(page, `station=${first.id}`);
    await page.getByTestId(`county-station-${first.id}`).click();
    await page.waitForURL(`**/leadership?station=${first.id}`);
    const dash = await dashAnswer;
    await page.getByTestId('figures').waitFor();
    expect(await page.getByTestId('station-filter').textContent()).toContain(first.name);
    const leader = await apiSession('leader');
    const own = await leader.get<DashboardView>(`/api/leadership/dashboard?from=${dash.from}&to=${dash.to}`);
    expect(dash.figures.map((f) => [f.key, f.value])).toEqual(own.figures.map((f) => [f.key, f.value]));
  });
});
