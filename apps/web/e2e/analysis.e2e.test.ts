import type { HeatmapView, SummaryView, TrendsView } from '@fengqiao/contracts';
import type { Browser, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInPage } from './support/accounts';
import { apiSession } from './support/api';
import { launchBrowser, skipBrowser } from './support/browser';
import { saveToDocs } from './support/docs';

/** The JSON of the first response to `path` (any query) that the page receives. */
function answerTo<T>(page: import('playwright-core').Page, path: string): Promise<T> {
  return page
    .waitForResponse((r: Response) => new URL(r.url()).pathname === path && r.request().method() === 'GET')
    .then((r) => r.json() as Promise<T>);
}

const text = async (locator: import('playwright-core').Locator) => ((await locator.textContent()) ?? '').trim();

describe.skipIf(skipBrowser)('analysis', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the heat map, trends and summary from real data, and an early warning with its explanation', async () => {
    // Three disputes at one address (each a different kind, so none is a near-duplicate of another)
    // trip the "three disputes at one address within 30 days" rule.
    const operator = await apiSession('operator');
    const address = `枫桥e2e小区${Date.now() % 10_000}号楼`;
    for (const [i, categoryCode] of ['dispute.neighbour', 'dispute.family', 'dispute.property'].entries()) {
      await operator.send('POST', '/api/incidents', {
        source: 'call_110',
        categoryCode,
        summary: `同一地址第${i + 1}次纠纷`,
        description: '双方争吵，需民警到场',
        address,
        dispatch: 'none',
      });
    }

    const { page, screenshot } = await signedInPage(browser, 'operator', { height: 1400 });
    const heat = answerTo<HeatmapView>(page, '/api/analysis/heatmap');
    const trends = answerTo<TrendsView>(page, '/api/analysis/trends');
    const summary = answerTo<SummaryView>(page, '/api/analysis/summary');
    await page.locator('.fq-sider').getByText('警情分析').click();
    await page.waitForURL('**/analysis');
    const [h, tr, s] = await Promise.all([heat, trends, summary]);

    // The heat map is drawn (ECharts canvas) and its figures are the API's.
    await page.getByTestId('heatmap-chart').locator('canvas').first().waitFor();
    expect(h.total).toBeGreaterThan(0);
    await expect.poll(() => text(page.getByTestId('heat-total'))).toBe(String(h.total));
    expect(await text(page.getByTestId('heat-busiest'))).toBe(h.grids[0]?.gridCode ?? '—');

    // Trends against the same period last year, totals and per category.
    await page.getByTestId('trends-chart').locator('canvas').first().waitFor();
    expect(await text(page.getByTestId('trend-total'))).toBe(String(tr.totals.total));
    expect(await text(page.getByTestId('trend-previous'))).toBe(String(tr.totals.previousTotal));
    const dispute = tr.series.find((x) => x.category === 'dispute');
    expect(dispute).toBeDefined();
    const row = page.locator('[data-testid="trend-row"][data-category="dispute"]');
    expect(await text(row.locator('td').nth(1))).toBe(String(dispute?.total));
    expect(await text(row.locator('td').nth(2))).toBe(String(dispute?.previousTotal));

    // Summary cards.
    expect(await text(page.getByTestId('summary-total').getByTestId('summary-value'))).toBe(String(s.total));
    expect(await text(page.getByTestId('summary-call110').getByTestId('summary-value'))).toBe(
      String(s.bySource.call_110),
    );

    // The early warning names the rule, the threshold and what triggered it.
    const warning = page.getByTestId('early-warning').filter({ hasText: address });
    await warning.waitFor();
    const explained = await text(warning.getByTestId('alert-explanation'));
    expect(explained).toContain('同一地址 30 天内达到 3 起');
    expect(explained).toContain(`${address} 已有 3 起`);

    const shot = await screenshot('analysis');
    saveToDocs(shot, 'analysis.png');
  });
});
