import type { IndicatorsView } from '@fengqiao/contracts';
import { makeIdNumber } from '@fengqiao/domain';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInPage } from './support/accounts';
import { type ApiSession, apiSession } from './support/api';
import { launchBrowser, skipBrowser } from './support/browser';
import { saveToDocs, toastsGone } from './support/docs';

/**
 * A dispute's whole walk through the mediation pages: a community officer
 * records an on-site dispute in grid G01 (the server refuses a bad ID number
 * under its field), escalates it to level 2 and 3 with reasons, is refused
 * a success without an agreement, matches mediators (a conflicted one is
 * excluded with the reason) and assigns a panel; a consultation meeting
 * decides on it; a session is held with minutes; an agreement is drawn up
 * and its PDF opens; the outcome is success; a follow-up visit is recorded;
 * the indicators page shows the level-3 success it added.
 */

interface Suggestions {
  suggestions: { mediator: { id: string; name: string }; score: number }[];
}

/** Opens an Ant Design select and takes the option with `text`. */
async function choose(page: Page, select: Locator, text: string | RegExp): Promise<void> {
  await select.click();
  await page.locator('.ant-select-item-option').filter({ hasText: text, visible: true }).first().click();
}

/** The text input of a field whose test id sits on the input itself or on a wrapper around it. */
function input(field: Locator): Locator {
  return field
    .locator('input')
    .or(field.and(field.page().locator('input')))
    .first();
}

/** The open modal that holds `testId` (or has `text`). */
function modal(page: Page, what: { testId?: string; text?: string }): Locator {
  const m = page.locator('.ant-modal');
  return what.testId ? m.filter({ has: page.getByTestId(what.testId) }) : m.filter({ hasText: what.text ?? '' });
}

describe.skipIf(skipBrowser)('dispute mediation', () => {
  let browser: Browser;
  let leader: ApiSession;
  let officerApi: ApiSession;

  beforeAll(async () => {
    browser = await launchBrowser();
    leader = await apiSession('leader');
    officerApi = await apiSession('officer');
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('walks a dispute from an on-site record to level 3, matching, consultation, session, agreement, success and a follow-up; the indicators show it', async () => {
    const before = await officerApi.get<IndicatorsView>('/api/mediation/indicators');
    const { page, context, allowConsoleError, screenshot } = await signedInPage(browser, 'officer');
    // The refused ID number (400) and the refused success without an agreement (409) are this test's own.
    allowConsoleError(/status of 400/);
    allowConsoleError(/status of 409/);

    const marker = `e2e${Date.now() % 1_000_000}`;
    const applicantId = makeIdNumber('131081', '1978-03-14', 215);
    const respondentId = makeIdNumber('131081', '1985-09-02', 342);
    const badId = `${applicantId.slice(0, 17)}${applicantId[17] === '1' ? '2' : '1'}`;

    // ---- 1. The community officer records an on-site dispute in G01 (level 1).
    await page.locator('.fq-sider').getByText('矛盾纠纷台账').click();
    await page.waitForURL('**/mediation');
    await page.getByTestId('ledger-table').waitFor();
    await page.getByTestId('new-dispute').click();
    await page.waitForURL('**/mediation/new');
    await page.getByTestId('dispute-form').waitFor();

    await choose(page, page.getByTestId('dispute-category'), '邻里纠纷');
    await choose(page, page.getByTestId('dispute-source'), '排查走访');
    await page.getByTestId('dispute-summary').fill(`楼道堆放杂物引发邻里争执（${marker}）`);
    await page
      .getByTestId('dispute-facts')
      .fill('排查走访中发现，建设路社区5号楼三单元两户因楼道堆放杂物多次争吵，已影响其他住户通行。');
    await page.getByTestId('dispute-risk').getByText('橙色').click();
    await input(page.getByTestId('dispute-amount')).fill('3000');
    await input(page.getByTestId('dispute-place')).fill('建设路社区');
    await page.locator('.ant-select-item-option').filter({ hasText: '建设路社区', visible: true }).first().click();
    await page.locator('[data-testid="picked-point"][data-grid="G01"]').waitFor();

    const parties = page.getByTestId('party-fields');
    await parties.nth(0).getByTestId('party-name').fill('王建国');
    await parties.nth(0).getByTestId('party-id').fill(badId);
    await parties.nth(0).getByTestId('party-phone').fill('13912345678');
    await parties.nth(1).getByTestId('party-name').fill('李秀英');
    await parties.nth(1).getByTestId('party-id').fill(respondentId);
    await parties.nth(1).getByTestId('party-phone').fill('13800001111');
    await page.getByTestId('dispute-submit').click();
    // The server checks the ID number (GB 11643) and says why under the field, in Chinese.
    await parties.nth(0).getByText('身份证号校验位不正确。').waitFor();
    await parties.nth(0).getByTestId('party-id').fill(applicantId);
    await parties.nth(0).getByText('身份证号校验位不正确。').waitFor({ state: 'detached' });
    await page.getByTestId('dispute-submit').click();

    await page.waitForURL(/\/mediation\/[0-9a-f-]{36}$/);
    const disputePage = page.getByTestId('dispute-page');
    await disputePage.waitFor();
    const id = page.url().split('/').pop() ?? '';
    const number = (await disputePage.getAttribute('data-number')) ?? '';
    expect(number).toMatch(/^TJ\d{14}$/);
    expect(await page.getByTestId('level-stepper').getAttribute('data-level')).toBe('1');
    expect(await page.getByTestId('dispute-header').textContent()).toContain('G01');
    // Identifiers come back masked.
    expect(await page.getByTestId('party-masked-idNumber').first().textContent()).toContain('*');

    // ---- 2. Escalation to level 2, then level 3, each with a reason.
    const escalate = async (reason: string, to: string) => {
      await page.getByTestId('action-escalate').click();
      const dialog = modal(page, { testId: 'transition-dialog' });
      await dialog.getByTestId('transition-reason').fill(reason);
      await dialog.getByRole('button', { name: '升级' }).click();
      await page.locator(`[data-testid="level-stepper"][data-level="${to}"]`).waitFor();
      await dialog.waitFor({ state: 'detached' });
    };
    await escalate('现场调解两次未果，双方情绪对立，移交社区警务队调解', '2');
    await escalate('涉及楼道消防安全和物业责任，需镇调解中心联合律师调解', '3');
    expect(await page.getByTestId('action-escalate').count()).toBe(0);
    await page.locator('[data-testid="timeline-event"][data-kind="escalate"]').nth(1).waitFor();
    expect(await page.getByTestId('timeline').textContent()).toContain('二级 → 三级');

    // A success without an agreement is an illegal transition: refused (409) and said so in the dialog.
    await page.getByTestId('action-outcome').click();
    const outcomeDialog = modal(page, { testId: 'outcome-dialog' });
    await outcomeDialog.getByRole('button', { name: '记录结果' }).click();
    const refused = outcomeDialog.getByTestId('outcome-refused');
    await refused.waitFor();
    expect(await refused.textContent()).toContain('调解成功须先订立调解协议');
    await outcomeDialog.getByRole('button', { name: '取消' }).click();
    await outcomeDialog.waitFor({ state: 'detached' });
    expect(await disputePage.getAttribute('data-status')).toBe('open');

    // ---- 3. Matching. A leader first records that the best-placed mediator is related to the respondent.
    const ranked = await leader.get<Suggestions>(`/api/mediation/disputes/${id}/suggestions`);
    const conflicted = ranked.suggestions[0]?.mediator;
    if (!conflicted) throw new Error('no mediator suggested');
    await leader.send('POST', `/api/mediation/mediators/${conflicted.id}/conflicts`, {
      subjectKind: 'person',
      name: '李秀英',
      idNumber: respondentId,
      relation: '表亲',
    });

    await page.getByTestId('tab-mediators').click();
    await page.getByTestId('match-run').click();
    const suggestion = page.getByTestId('suggestion');
    await suggestion.first().waitFor();
    const excludedRow = page.locator(`[data-testid="excluded-mediator"][data-name="${conflicted.name}"]`);
    await excludedRow.waitFor();
    expect(await excludedRow.getAttribute('data-reasons')).toContain('conflict_of_interest');
    expect(await excludedRow.textContent()).toContain('利益冲突');
    expect(await excludedRow.textContent()).toContain('表亲: 李秀英');
    expect(await page.locator(`[data-testid="suggestion"][data-name="${conflicted.name}"]`).count()).toBe(0);
    // Every suggestion explains its score factor by factor, and the UI shows the server's numbers.
    const api = await officerApi.get<Suggestions>(`/api/mediation/disputes/${id}/suggestions?limit=8`);
    const first = api.suggestions[0];
    const second = api.suggestions[1];
    if (!first || !second) throw new Error('fewer than two suggestions');
    expect(await suggestion.first().getAttribute('data-name')).toBe(first.mediator.name);
    expect(await suggestion.first().getByTestId('suggestion-score').textContent()).toContain(String(first.score));
    const factors = suggestion.first().getByTestId('factor');
    expect(await factors.count()).toBe(6);
    expect(await factors.evaluateAll((els) => els.map((e) => e.getAttribute('data-factor')))).toEqual([
      'specialty',
      'level',
      'locality',
      'load',
      'availability',
      'track_record',
    ]);
    const notes = await suggestion.first().getByTestId('factor-note').allTextContents();
    expect(notes.join(' ')).toMatch(/邻里纠纷|专长/);
    expect(notes.join(' ')).not.toMatch(/specialises|open cases/);

    // A panel: the first two suggestions, the first as lead.
    await suggestion.nth(0).getByTestId('suggestion-select').click();
    await suggestion.nth(1).getByTestId('suggestion-select').click();
    await page.getByTestId('assign-bar').waitFor();
    await page.getByTestId('matching').scrollIntoViewIfNeeded();
    await toastsGone(page);
    const matchingShot = await screenshot('mediation-dispute-matching');
    saveToDocs(matchingShot, 'mediation-matching.png');
    await page.getByTestId('assign-submit').click();
    await page.locator(`[data-testid="assignment"][data-name="${first.mediator.name}"][data-role="lead"]`).waitFor();
    await page.locator(`[data-testid="assignment"][data-name="${second.mediator.name}"][data-role="member"]`).waitFor();

    // ---- 4. A consultation meeting: the agenda has the dispute (level 3); a decision is recorded on it.
    await page.locator('.fq-sider').getByText('定期会商').click();
    await page.waitForURL('**/mediation/meetings');
    await page.getByTestId('meeting-new').click();
    const meetingDialog = modal(page, { testId: 'meeting-form' });
    await meetingDialog.getByTestId('meeting-title').fill(`疑难纠纷会商（${marker}）`);
    await meetingDialog.getByTestId('meeting-attendees').click();
    await page.keyboard.type(first.mediator.name);
    await page
      .locator('.ant-select-item-option')
      .filter({ hasText: first.mediator.name, visible: true })
      .first()
      .click();
    await page.keyboard.press('Escape');
    await meetingDialog.getByRole('button', { name: '创建并生成议程' }).click();
    await page.waitForURL(/\/mediation\/meetings\/[0-9a-f-]{36}$/);
    const item = page.locator(`[data-testid="agenda-item"][data-number="${number}"]`);
    await item.waitFor();
    expect(await item.textContent()).toContain('三级调解');
    const decision = '由律师调解员主调，三日内组织双方及物业联合调解，同步开展消防安全宣传';
    await item.getByTestId('decision-input').fill(decision);
    await item.getByTestId('decision-save').click();
    await page.locator(`[data-testid="agenda-item"][data-number="${number}"][data-decided="true"]`).waitFor();
    await page.getByTestId('attendance').getByText(first.mediator.name).click();
    await page.getByTestId('attendance-save').click();
    await page.getByText('已保存出席情况').waitFor();
    await toastsGone(page);
    await screenshot('mediation-meeting');

    await page.goto(`/mediation/${id}`);
    await page.getByTestId('consultation-decision').filter({ hasText: decision }).waitFor();
    await page.locator('[data-testid="timeline-event"][data-kind="consultation.decision"]').waitFor();

    // ---- 5. A session in person, then held with minutes.
    await page.getByTestId('tab-sessions').click();
    await page.getByTestId('session-new').click();
    const sessionDialog = modal(page, { testId: 'session-form' });
    await sessionDialog.getByTestId('session-place').fill('清溪镇矛盾纠纷调解中心第一调解室');
    await sessionDialog.getByRole('button', { name: '安排' }).click();
    const session = page.getByTestId('session');
    await session.and(page.locator('[data-status="scheduled"]')).waitFor();
    expect(await session.textContent()).toContain('李秀英');
    await session.getByTestId('session-held').click();
    const heldDialog = modal(page, { testId: 'held-dialog' });
    await heldDialog
      .getByTestId('session-minutes')
      .fill('双方陈述意见；律师释明相邻关系和消防规定；被申请人同意三日内清理楼道杂物并赔偿损失。');
    await heldDialog.getByRole('button', { name: '记录召开' }).click();
    await session.and(page.locator('[data-status="held"]')).waitFor();
    expect(await session.getByTestId('session-minutes-text').textContent()).toContain('律师释明相邻关系');

    // ---- 6. The agreement (调解协议书): drafted, its PDF opens.
    await page.getByTestId('tab-agreements').click();
    await page.getByTestId('agreement-new').click();
    const form = page.getByTestId('agreement-form');
    await form.waitFor();
    expect(await form.getByTestId('agreement-facts').inputValue()).toContain('楼道堆放杂物');
    await form.getByTestId('agreement-issues').fill('楼道杂物的清理责任及因此造成的损失赔偿。');
    await form.getByTestId('agreement-responsibility').nth(1).fill('被申请人长期在楼道堆放杂物，应承担主要责任。');
    await form.getByTestId('term-text').fill('被申请人李秀英于三日内清理楼道内堆放的全部杂物，今后不再堆放。');
    await form.getByTestId('term-add').click();
    await form.getByTestId('term-text').nth(1).fill('被申请人向申请人王建国赔偿门锁损坏修理费人民币伍佰元。');
    await input(form.getByTestId('term-amount').nth(1)).fill('500');
    await form.getByTestId('agreement-method').fill('现金当面交付，调解员见证。');
    await page.getByTestId('agreement-submit').click();
    const agreement = page.getByTestId('agreement');
    await agreement.waitFor();
    expect(await agreement.getAttribute('data-number')).toMatch(/^清溪调字〔\d{4}〕第\d+号$/);
    expect(await agreement.getByTestId('term').count()).toBe(2);
    await toastsGone(page);
    await screenshot('mediation-agreement');

    const pdfResponse = context.waitForEvent('response', (r) =>
      /\/api\/mediation\/agreements\/[^/]+\/pdf$/.test(r.url()),
    );
    await agreement.getByTestId('agreement-pdf').click();
    const pdf = await pdfResponse;
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    let bytes = await pdf.body().catch(() => Buffer.alloc(0));
    if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') {
      // Chromium's PDF viewer takes the opened tab over; read the same URL with the page's session.
      const again = await context.request.get(pdf.url());
      expect(again.headers()['content-type']).toBe('application/pdf');
      bytes = await again.body();
    }
    expect(bytes.length).toBeGreaterThan(10_000);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    for (const p of context.pages()) if (p !== page) await p.close();

    // ---- 7. The outcome: success. Follow-up visits are scheduled.
    await page.getByTestId('action-outcome').click();
    const success = modal(page, { testId: 'outcome-dialog' });
    await success.getByTestId('outcome-note').fill('双方达成书面调解协议。');
    await success.getByRole('button', { name: '记录结果' }).click();
    await page.locator('[data-testid="dispute-page"][data-status="resolved"]').waitFor();

    // ---- 8. The first follow-up visit: stable.
    await page.getByTestId('tab-followups').click();
    const visit = page.locator('[data-testid="followup"][data-seq="1"]');
    await visit.getByTestId('followup-record').click();
    const visitDialog = modal(page, { testId: 'followup-form' });
    await visitDialog.getByTestId('followup-note').fill('电话回访申请人，楼道已清理，赔偿已当面交付，双方关系缓和。');
    await visitDialog.getByRole('button', { name: '保存' }).click();
    await page.locator('[data-testid="followup"][data-seq="1"][data-status="done"][data-result="stable"]').waitFor();

    await page.getByTestId('tab-overview').click();
    await page.locator('.fq-content').evaluate((el) => el.scrollTo(0, 0));
    await toastsGone(page);
    saveToDocs(await screenshot('mediation-dispute'), 'mediation-dispute.png');

    // ---- 9. The indicators page reflects it: one more success at level 3, as the API says.
    const after = await officerApi.get<IndicatorsView>('/api/mediation/indicators');
    const level3 = (v: IndicatorsView) => v.levels.find((l) => l.level === 3);
    expect(level3(after)?.resolvedHere).toBe((level3(before)?.resolvedHere ?? 0) + 1);
    expect(after.overall.success).toBe(before.overall.success + 1);
    await page.locator('.fq-sider').getByText('调解指标').click();
    await page.waitForURL('**/mediation/indicators');
    const card = page.getByTestId('level-card-3');
    await expect
      .poll(() => card.getAttribute('data-resolved'), { timeout: 20_000 })
      .toBe(String(level3(after)?.resolvedHere));
    expect(await card.getByTestId('level-resolved').textContent()).toBe(String(level3(after)?.resolvedHere));
    expect(await page.getByTestId('indicator-success').getByTestId('indicator-value').textContent()).toBe(
      `${((after.overall.successRate ?? 0) * 100).toFixed(1)}%`,
    );
    await page.getByTestId('indicators-month-chart').locator('canvas').waitFor();
    saveToDocs(await screenshot('mediation-indicators'), 'mediation-indicators.png');

    // The ledger lists the dispute as resolved.
    await page.locator('.fq-sider').getByText('矛盾纠纷台账').click();
    await page.waitForURL('**/mediation');
    const row = page.locator(`[data-testid="ledger-row"][data-number="${number}"]`);
    await row.waitFor();
    expect(await row.getByTestId('dispute-status').getAttribute('data-status')).toBe('resolved');
    saveToDocs(await screenshot('mediation-ledger'), 'mediation-ledger.png');
  }, 240_000);
});
