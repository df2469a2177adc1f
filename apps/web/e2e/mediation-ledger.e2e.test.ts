import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInPage } from './support/accounts';
import { type ApiSession, apiSession } from './support/api';
import { ARTIFACTS_DIR, launchBrowser, skipBrowser } from './support/browser';
import { toastsGone } from './support/docs';

/**
 * The ledger's .xlsx import and export, filters and saved views, the pool
 * and the mediator portal: an invalid file lists its problems by sheet row
 * and column and imports nothing; an export shows the server's progress and
 * downloads a workbook holding every row of the filter; filters picked in
 * the bar are saved as a view and applied again; a leader sees the mediator
 * pool; the mediator account lands on its workbench and sees only its own
 * disputes.
 */

interface Page<T> {
  items: T[];
  total: number;
}

/** The ledger template from the server, with rows written from row 5 on (columns by the header's labels). */
async function ledgerFile(api: ApiSession, rows: Record<string, string>[]): Promise<Buffer> {
  const res = await api.raw('GET', '/api/mediation/import/template');
  expect(res.status).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  const ws = wb.worksheets[0];
  if (!ws) throw new Error('the template has no sheet');
  // Row 3 names the columns (or their group), row 4 the sub-columns of 当事人, 调解结果 and 回访情况.
  const column = new Map<string, number>();
  for (let c = 1; c <= ws.columnCount; c++) {
    const top = String(ws.getRow(3).getCell(c).value ?? '');
    const sub = String(ws.getRow(4).getCell(c).value ?? '');
    column.set(sub && sub !== top ? `${top}/${sub}` : top, c);
  }
  rows.forEach((r, i) => {
    const row = ws.getRow(5 + i);
    for (const [label, value] of Object.entries(r)) {
      const c = column.get(label);
      if (!c) throw new Error(`no column ${label} in the template (${[...column.keys()].join(', ')})`);
      row.getCell(c).value = value;
    }
    row.commit();
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** expect.poll waits one second by default; a list refetch on a loaded machine may take longer. */
const WAIT = { timeout: 20_000 };

describe.skipIf(skipBrowser)('dispute ledger import and export', () => {
  let browser: Browser;
  let officerApi: ApiSession;

  beforeAll(async () => {
    browser = await launchBrowser();
    officerApi = await apiSession('officer');
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('an invalid .xlsx lists every problem by row and column and imports nothing', async () => {
    const totalBefore = (await officerApi.get<Page<unknown>>('/api/mediation/disputes?pageSize=1')).total;
    const file = path.join(ARTIFACTS_DIR, 'invalid-ledger.xlsx');
    fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
    fs.writeFileSync(
      file,
      await ledgerFile(officerApi, [
        {
          序号: '1',
          登记日期: '2026-11-20',
          纠纷类型: '吵架纠纷',
          纠纷来源: '来访登记',
          '当事人/身份': '申请人',
          '当事人/姓名（名称）': '赵某某',
          '当事人/身份证号码 / 统一社会信用代码': '131081198005120001',
          所属网格: 'G01',
          简要情况: '邻里因晾晒衣物发生口角',
          风险等级: '黄',
          调解层级: '一级',
          '调解结果/结果': '调解中',
        },
        {
          序号: '2',
          登记日期: '2026-13-45',
          纠纷类型: '邻里纠纷',
          纠纷来源: '排查走访',
          '当事人/姓名（名称）': '钱某',
          所属网格: 'G01',
          简要情况: '楼上噪音扰民',
          风险等级: '紫',
          '调解结果/结果': '调解中',
        },
        {
          序号: '3',
          登记日期: '2026-11-21',
          纠纷类型: '邻里',
          '当事人/姓名（名称）': '孙某',
          所属网格: 'G01',
          简要情况: '楼道堆物影响通行',
          风险等级: '黄',
          '调解结果/结果': '调解中',
        },
      ]),
    );

    const { page, allowConsoleError, screenshot } = await signedInPage(browser, 'officer');
    allowConsoleError(/status of 400/);
    await page.goto('/mediation');
    await page.getByTestId('import-open').click();
    await page.getByTestId('import-upload').locator('input[type=file]').setInputFiles(file);
    await page.getByTestId('import-file').waitFor();
    await page.getByTestId('import-dry-run').click();

    const errors = page.getByTestId('import-errors');
    await errors.waitFor();
    const text = (await errors.textContent()) ?? '';
    expect(text).toContain('2 行存在 4 处问题');
    expect(text).toContain('未导入任何数据');
    const problems = page.getByTestId('import-problem');
    const rows = await problems.evaluateAll((els) =>
      els.map((e) => `${e.getAttribute('data-row')}:${e.getAttribute('data-code')}`),
    );
    expect(rows).toEqual(
      expect.arrayContaining(['5:unknown_category', '5:id_number_invalid', '6:date', '6:unknown_risk']),
    );
    expect(rows).toHaveLength(4);
    // Rows and columns as the ledger names them, the problem in words.
    const row5 = problems.filter({ hasText: '第 5 行' });
    expect(await row5.first().textContent()).toContain('纠纷类型');
    expect(text).toContain('未知的纠纷类型。');
    expect(text).toContain('当事人 / 身份证号码或统一社会信用代码');
    expect(text).toContain('日期无效');
    expect(await page.getByTestId('import-confirm').count()).toBe(0);
    await screenshot('mediation-import-errors');

    // Nothing was imported.
    expect((await officerApi.get<Page<unknown>>('/api/mediation/disputes?pageSize=1')).total).toBe(totalBefore);
  });

  it('an export shows its progress and downloads the ledger as .xlsx', async () => {
    const { page, screenshot } = await signedInPage(browser, 'officer');
    await page.goto('/mediation?risk=yellow,orange');
    await page.getByTestId('ledger-table').waitFor();
    const expected = (await officerApi.get<Page<unknown>>('/api/mediation/disputes?pageSize=1&risk=yellow,orange'))
      .total;
    expect(expected).toBeGreaterThan(0);

    const download = page.waitForEvent('download');
    await page.getByTestId('export-start').click();
    const progress = page.getByTestId('export-progress');
    await progress.waitFor();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^ledger-\d{4}-\d{2}-\d{2}\.xlsx$/);
    await page.locator('[data-testid="export-progress"][data-status="done"][data-percent="100"]').waitFor();
    expect(await progress.textContent()).toContain(`已写入 ${expected} / ${expected} 行`);
    await toastsGone(page);
    await screenshot('mediation-export');

    const saved = path.join(ARTIFACTS_DIR, 'exported-ledger.xlsx');
    await file.saveAs(saved);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(saved);
    const ws = wb.worksheets[0];
    expect(ws?.name).toBe('矛盾纠纷台账');
    expect(String(ws?.getRow(3).getCell(2).value)).toBe('纠纷编号');
    let rows = 0;
    ws?.eachRow((row, n) => {
      if (n >= 5 && String(row.getCell(2).value ?? '').startsWith('TJ')) rows += 1;
    });
    expect(rows).toBe(expected);
  });

  it('filters the ledger, saves the filters as a view and applies the view again', async () => {
    const { page, screenshot } = await signedInPage(browser, 'officer');
    await page.goto('/mediation');
    await page.getByTestId('ledger-row').first().waitFor();
    const total = page.locator('.ant-pagination-total-text');

    // Status 已化解 and risk 黄色 (the demo year holds many), picked in the filter bar: the address bar and the list follow.
    const pick = async (testId: string, option: string) => {
      await page.getByTestId(testId).click();
      await page.locator('.ant-select-item-option').filter({ hasText: option, visible: true }).first().click();
      await page.getByTestId(testId).locator('.ant-select-selection-item').filter({ hasText: option }).waitFor();
      await page.keyboard.press('Escape');
    };
    await pick('filter-status', '已化解');
    await pick('filter-risk', '黄色');
    await expect.poll(() => new URL(page.url()).searchParams.get('status'), WAIT).toBe('resolved');
    expect(new URL(page.url()).searchParams.get('risk')).toBe('yellow');
    const expected = (
      await officerApi.get<Page<unknown>>('/api/mediation/disputes?pageSize=1&status=resolved&risk=yellow')
    ).total;
    expect(expected).toBeGreaterThan(0);
    await expect.poll(() => total.textContent(), WAIT).toBe(`共 ${expected} 条`);
    const rows = page.getByTestId('ledger-row');
    expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-risk')))).toEqual(
      Array(Math.min(expected, 20)).fill('yellow'),
    );
    const statuses = await page.getByTestId('dispute-status').evaluateAll((els) => els.map((e) => e.dataset.status));
    expect(new Set(statuses)).toEqual(new Set(['resolved']));
    await page.getByTestId('filters-reset').getByText('清除筛选（2）').waitFor();

    // A one-character name search is refused with a hint (the server searches names by a prefix of two).
    await page.getByTestId('ledger-search').locator('input').fill('王');
    await page.getByTestId('ledger-search').locator('input').press('Enter');
    await page.getByText('按姓名查询请至少输入两个字。').waitFor();
    expect(new URL(page.url()).searchParams.get('q')).toBeNull();
    await page.getByTestId('ledger-search').locator('input').fill('');

    // Saved under a name, the filters come back from the menu after a reset, and survive a reload.
    const name = `黄色已化解${Date.now() % 100_000}`;
    await page.getByTestId('save-view').click();
    await page.getByTestId('view-name').fill(name);
    await page.locator('.ant-modal').getByRole('button', { name: '保存' }).click();
    await page.getByText(`已保存视图“${name}”`).waitFor();
    await page.getByTestId('filters-reset').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('status'), WAIT).toBeNull();
    await expect.poll(() => total.textContent(), WAIT).not.toBe(`共 ${expected} 条`);

    await page.getByTestId('saved-views').click();
    const saved = page.locator(`[data-testid="saved-view"][data-name="${name}"]`);
    expect(await saved.textContent()).toContain('2 个条件');
    await toastsGone(page);
    await screenshot('mediation-saved-views');
    await saved.getByText(name).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('status'), WAIT).toBe('resolved');
    expect(new URL(page.url()).searchParams.get('risk')).toBe('yellow');
    await expect.poll(() => total.textContent(), WAIT).toBe(`共 ${expected} 条`);
    await page.reload();
    await expect.poll(() => total.textContent(), WAIT).toBe(`共 ${expected} 条`);

    // Deleted, the view is gone from the menu and from the server.
    await page.getByTestId('saved-views').click();
    await saved.getByTestId('saved-view-delete').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '删除' }).click();
    await page.getByText(`已删除视图“${name}”`).waitFor();
    await saved.waitFor({ state: 'detached' });
    const views = await officerApi.get<{ name: string }[]>('/api/mediation/views');
    expect(views.map((v) => v.name)).not.toContain(name);
  });

  it('a leader sees the mediator pool with load, track record and conflicts', async () => {
    const { page, screenshot } = await signedInPage(browser, 'leader');
    await page.locator('.fq-sider').getByText('调解员库').click();
    await page.waitForURL('**/mediation/mediators');
    const rows = page.getByTestId('pool-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBeGreaterThan(10);
    await screenshot('mediation-pool');
    await rows.first().click();
    const drawer = page.getByTestId('mediator-drawer');
    await drawer.waitFor();
    await page.getByTestId('mediator-edit').waitFor();
    await screenshot('mediation-pool-mediator');
  });

  it('the mediator portal: the mediator lands on the workbench and sees only their own disputes', async () => {
    const mediatorApi = await apiSession('mediator');
    const own = await mediatorApi.get<Page<{ number: string }>>('/api/mediation/disputes?pageSize=200');
    const { page, screenshot } = await signedInPage(browser, 'mediator');
    await page.waitForURL('**/mediation/workbench');
    await page.getByTestId('workbench-page').waitFor();
    const nav = (await page.locator('.fq-sider').textContent()) ?? '';
    expect(nav).toContain('矛盾纠纷台账');
    expect(nav).not.toContain('调解员库');
    expect(nav).not.toContain('指挥大屏');
    await screenshot('mediation-portal');

    await page.locator('.fq-sider').getByText('矛盾纠纷台账').click();
    await page.waitForURL('**/mediation');
    await page.getByTestId('ledger-row').first().waitFor();
    expect(await page.getByTestId('new-dispute').count()).toBe(0);
    expect(await page.getByTestId('import-open').count()).toBe(0);
    const shown = await page.getByTestId('ledger-number').allTextContents();
    const mine = new Set(own.items.map((d) => d.number));
    expect(shown.length).toBeGreaterThan(0);
    for (const n of shown) expect(mine.has(n.trim())).toBe(true);
    expect(await page.locator('.ant-pagination-total-text').textContent()).toContain(String(own.total));

    // On a phone the workbench stacks its cards and nothing runs off the screen.
    const phone = await signedInPage(browser, 'mediator', { width: 390, height: 844 });
    await phone.page.goto('/mediation/workbench');
    await phone.page.getByTestId('workbench-page').waitFor();
    const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await phone.screenshot('mediation-portal-mobile');
  });
});
