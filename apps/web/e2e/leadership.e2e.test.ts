import type { AgendaView, DashboardView, EvaluationView, WallView } from '@fengqiao/contracts';
import { baselineUnit } from '@fengqiao/domain';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInPage } from './support/accounts';
import { apiSession } from './support/api';
import { launchBrowser, skipBrowser } from './support/browser';
import { saveToDocs, toastsGone } from './support/docs';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** A patrol officer enters a violation with a photo (the browser's own upload); the command room confirms it. */
async function confirmedViolation(browser: Browser): Promise<void> {
  const patrol = await signedInPage(browser, 'patrol');
  const up = await patrol.page.request.post('/api/traffic/violations/evidence', {
    multipart: { file: { name: 'lane.png', mimeType: 'image/png', buffer: PNG } },
  });
  expect(up.status(), await up.text()).toBe(201);
  const entered = await patrol.page.request.post('/api/traffic/violations', {
    data: {
      clientId: crypto.randomUUID(),
      plate: '冀R 8K321',
      vehicleType: 'large_truck',
      appearance: '红色重型半挂牵引车',
      occurredAt: new Date(Date.now() - 30 * 60_000).toISOString(),
      place: '清溪大道与工业路交叉口',
      act: '占用应急车道行驶',
      suggestedCode: '1053',
      evidence: [{ fileId: ((await up.json()) as { fileId: string }).fileId, caption: '车尾与号牌' }],
    },
  });
  expect(entered.status(), await entered.text()).toBe(201);
  const v = (await entered.json()) as { id: string; version: number };
  await patrol.context.close();
  const operator = await apiSession('operator');
  await operator.send('POST', `/api/traffic/violations/${v.id}/confirm`, {
    code: '1053',
    checkedFacts: ['vehicleType', 'plate', 'appearance', 'time', 'place', 'act'],
    version: v.version,
  });
}

/** The JSON of the next response whose URL contains `part`. */
async function answerTo<T>(page: Page, part: string): Promise<T> {
  const res = await page.waitForResponse((r) => r.url().includes(part) && r.request().method() === 'GET');
  expect(res.status()).toBe(200);
  return (await res.json()) as T;
}

/**
 * The station leadership in the browser: the weekly dispatch meeting turns
 * an agenda item into a task that its owner completes on a phone; the
 * monthly evaluation with an adjustment and its reason, and exports; the
 * dashboard's drill-down; the command room's wall refreshing live.
 */
describe.skipIf(skipBrowser)('station leadership', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the weekly agenda: records a decision with an owner, minutes, and the owner completes it on a phone', async () => {
    const officer = await apiSession('officer');
    const me = await officer.get<{ displayName: string; personId: string }>('/api/auth/me');
    const { page, screenshot } = await signedInPage(browser, 'leader', { height: 1300 });
    const agendaAnswer = answerTo<AgendaView>(page, '/api/leadership/agenda');
    await page.locator('.fq-sider').getByText('周调度会').click();
    await page.waitForURL('**/leadership/agenda');
    const agenda = await agendaAnswer;
    // Every section of the agenda shows the count the records give.
    for (const s of agenda.sections) {
      const card = page.getByTestId(`agenda-${s.key}`);
      await card.waitFor();
      expect(await card.locator('.ant-badge').textContent()).toContain(String(s.total));
    }
    expect(await page.getByTestId('agenda-high_risk_disputes').textContent()).toContain('红色风险和三级调解纠纷');

    // A decision on the red-risk disputes, owned by the grid officer, due in three days.
    await page.getByTestId('decide-high_risk_disputes').click();
    await page.getByTestId('task-title').waitFor();
    const title = `逐案包案化解红色风险纠纷（e2e ${Date.now() % 100_000}）`;
    await page.getByTestId('task-title').fill(title);
    await page.getByTestId('task-owner').click();
    await page.keyboard.type(me.displayName);
    await page.locator('.ant-select-item-option').filter({ hasText: me.displayName, visible: true }).first().click();
    await page
      .locator('.ant-modal')
      .getByRole('button', { name: /^保\s*存$/ })
      .click();
    const decisions = page.getByTestId('decisions');
    await decisions.getByText(title).waitFor();
    expect(await decisions.textContent()).toContain(me.displayName);

    await page.getByTestId('meeting-notes').fill('出席：所长、教导员、各警务队长。研判本周红色风险纠纷和缺员班次。');
    await page.getByTestId('meeting-held').check();
    await page.getByTestId('meeting-save').click();
    await expect.poll(async () => page.getByTestId('meeting-state').textContent()).toContain('已于');
    await toastsGone(page);
    saveToDocs(await screenshot('leadership-agenda'), 'leadership-agenda.png');

    // The owner finds it on a phone under "my evaluation and tasks" and completes it.
    const phone = await signedInPage(browser, 'officer', { width: 390, height: 844 });
    await phone.page.goto('/leadership/mine');
    const mine = phone.page.getByTestId('my-tasks');
    await mine.getByText(title).waitFor();
    expect(
      await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    saveToDocs(await phone.screenshot('leadership-mine-phone'), 'leadership-mine-phone.png');
    const row = mine.locator('tr').filter({ hasText: title });
    await row.getByTestId('task-complete').click();
    await phone.page.getByTestId('task-outcome').fill('已逐案落实包案民警，当事双方情绪稳定');
    const patched = phone.page.waitForResponse(
      (r) => r.url().includes('/api/leadership/tasks/') && r.request().method() === 'PATCH',
    );
    await phone.page
      .locator('.ant-modal')
      .getByRole('button', { name: /^(确\s*定|OK)$/ })
      .click();
    const res = await patched;
    expect(res.status(), await res.text()).toBe(200);
    await expect.poll(async () => row.getByTestId('task-status').textContent(), { timeout: 20_000 }).toBe('已办结');

    // The leader sees it done.
    await page.reload();
    await expect
      .poll(
        async () =>
          page
            .getByTestId('decisions')
            .locator('tr')
            .filter({ hasText: title })
            .getByTestId('task-status')
            .textContent(),
        { timeout: 30_000 },
      )
      .toBe('已办结');
  });

  it('an evaluation: scorecards from the records, an adjustment with its reason, exports', async () => {
    const { page, screenshot } = await signedInPage(browser, 'leader', { height: 1100 });
    const answer = answerTo<EvaluationView>(page, '/api/leadership/evaluations/');
    await page.locator('.fq-sider').getByText('月度考评').click();
    await page.waitForURL('**/leadership/evaluation');
    const ev = await answer;
    expect(ev.rows.length).toBeGreaterThan(10);
    const first = ev.rows[0];
    if (!first) throw new Error('no scorecards');
    expect(first.rank).toBe(1);
    const table = page.getByTestId('scorecards');
    await table.getByText(first.name).first().waitFor();
    // Duty columns carry their weights from the configuration.
    for (const d of ev.duties) expect(await table.locator('thead').textContent()).toContain(`(${d.weight})`);

    // The tenth-ranked officer (on the first page) gets +3 for a major security operation.
    const last = ev.rows.filter((r) => r.total !== null && (r.total ?? 0) < 97)[9];
    if (!last || last.total === null) throw new Error('no ranked officer');
    const row = table.locator('tr.ant-table-row').filter({ hasText: last.name });
    await row.getByTestId('adjust').click();
    await page.locator('[data-testid="adjust-delta"] input, input[data-testid="adjust-delta"]').fill('3');
    await page.getByTestId('adjust-reason').fill('国庆安保任务中连续执勤表现突出');
    const after = page.waitForResponse((r) => r.url().includes('/adjustments') && r.request().method() === 'POST');
    await page
      .locator('.ant-modal')
      .getByRole('button', { name: /^保\s*存$/ })
      .click();
    expect((await after).status()).toBe(201);
    const expected = Math.min(100, Math.round((last.total + 3) * 10) / 10);
    await expect.poll(async () => row.getByTestId('total').textContent()).toBe(expected.toFixed(1));
    await row.locator('.ant-table-row-expand-icon').click();
    await page.getByTestId(`score-detail-${last.subjectId}`).getByText('国庆安保任务中连续执勤表现突出').waitFor();
    await toastsGone(page);
    saveToDocs(await screenshot('leadership-evaluation'), 'leadership-evaluation.png');

    // Exports: a real workbook and a real PDF.
    const month = ev.month;
    const xlsx = await page.request.get(`/api/leadership/evaluations/${month}/export?kind=officer&format=xlsx`);
    expect(xlsx.status()).toBe(200);
    expect((await xlsx.body()).subarray(0, 2).toString()).toBe('PK');
    const pdf = await page.request.get(`/api/leadership/evaluations/${month}/export?kind=officer&format=pdf`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    const report = await page.request.get(`/api/leadership/reports/${month}`);
    expect((await report.body()).subarray(0, 5).toString()).toBe('%PDF-');

    // A violation a patrol officer entered and the command room confirmed: traffic's figure counts it.
    await confirmedViolation(browser);

    // The dashboard: a figure opens the records behind it, as many as it counts.
    const dashAnswer = answerTo<DashboardView>(page, '/api/leadership/dashboard');
    await page.locator('.fq-sider').getByText('领导驾驶舱').click();
    const dash = await dashAnswer;
    const incidents = dash.figures.find((f) => f.key === 'incidents_received');
    await page.getByTestId('chart-trend').locator('canvas').waitFor();
    // The baseline in words: month to date against the same days of last month (the day before on the 1st).
    const vs = { day: '较昨日', week: '较上周', month: '较上月同期', period: '较上一期' }[
      baselineUnit(dash.from, dash.to)
    ];
    expect(await page.getByTestId('figure-early_warnings').textContent()).toContain(vs);
    expect(await page.getByTestId('figures').textContent()).not.toContain('暂未接入');
    saveToDocs(await screenshot('leadership-dashboard'), 'leadership-dashboard.png');
    await page.getByTestId('figure-incidents_received').getByTestId('figure-value').click();
    await expect.poll(async () => page.getByTestId('records-summary').textContent()).toContain(`共 ${incidents?.n} 条`);
    // The kind column names the category, never its code.
    const tags = page.getByTestId('records-table').locator('tbody .ant-tag');
    await tags.first().waitFor();
    await expect
      .poll(async () => (await tags.allTextContents()).filter((k) => /^[a-z_.]+$/.test(k)), { timeout: 20_000 })
      .toEqual([]);
    saveToDocs(await screenshot('leadership-drilldown'), 'leadership-drilldown.png');
    await page.locator('.ant-drawer-close').click();
    await page.getByTestId('records-table').waitFor({ state: 'detached' });

    // Traffic's confirmed violations: a number, and the records behind it with where each came from.
    const traffic = dash.figures.find((f) => f.key === 'traffic_violations');
    expect(traffic?.value).toBeGreaterThanOrEqual(1);
    const card = page.getByTestId('figure-traffic_violations').getByTestId('figure-value');
    expect(await card.textContent()).toBe(String(traffic?.value));
    await card.click();
    await expect.poll(async () => page.getByTestId('records-summary').textContent()).toContain(`共 ${traffic?.n} 条`);
    await page.getByTestId('records-table').getByText('民警录入').first().waitFor();
  });

  it('the wall display: key figures, map and trend, refreshed live when an incident comes in', async () => {
    const { page, screenshot } = await signedInPage(browser, 'operator', { width: 1920, height: 1080 });
    const first = answerTo<WallView>(page, '/api/leadership/wall');
    await page.goto('/wall');
    const wall = await first;
    await page.getByTestId('wall').waitFor();
    // No sidebar: the wall takes the whole screen.
    expect(await page.locator('.fq-sider').count()).toBe(0);
    expect(await page.getByTestId('wall-map').locator('path').count()).toBe(wall.grids.length);
    await page.getByTestId('wall-trend').locator('canvas').waitFor();
    // Connected: the cameras' alerts this month are a number, and today compares with yesterday.
    const cameraAlerts = wall.month.find((f) => f.key === 'camera_alerts');
    expect(
      await page
        .getByTestId('wall-month')
        .getByTestId('figure-camera_alerts')
        .getByTestId('figure-value')
        .textContent(),
    ).toBe(String(cameraAlerts?.value));
    expect(await page.getByTestId('wall-today').getByTestId('figure-orders_resolved').textContent()).toContain(
      '较昨日',
    );
    await expect.poll(async () => page.getByTestId('wall-live').textContent(), { timeout: 20_000 }).toContain('实时');
    const before = wall.today.find((f) => f.key === 'incidents_received')?.value ?? 0;
    const today = page.getByTestId('wall-today').getByTestId('figure-incidents_received').getByTestId('figure-value');
    expect(await today.textContent()).toBe(String(before));

    const operator = await apiSession('operator');
    await operator.send(
      'POST',
      '/api/incidents',
      {
        source: 'call_110',
        categoryCode: 'dispute.neighbour',
        summary: '大屏刷新测试：邻里争吵',
        description: '双方争吵，需民警到场',
        address: '建设路社区5号楼',
        dispatch: 'none',
      },
      { 'Idempotency-Key': `e2e-wall-${Date.now()}` },
    );
    await expect.poll(async () => today.textContent(), { timeout: 30_000 }).toBe(String(before + 1));
    saveToDocs(await screenshot('leadership-wall'), 'leadership-wall.png');
  });
});
