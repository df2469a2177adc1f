import { parseIdNumber } from '@fengqiao/domain';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineUnavailable, loginAs, startTestApp, type TestApp } from '../../../test/harness';
import { count, creditCode, idNumber, type Me, me } from './mediation.test-helper';

function multipart(bytes: Buffer, name = 'ledger.xlsx') {
  const boundary = `----fq${Math.random().toString(16).slice(2)}`;
  return {
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`,
      ),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
  };
}

function upload(cookie: string, bytes: Buffer) {
  const m = multipart(bytes);
  return { headers: { cookie, ...m.headers }, payload: m.payload };
}

async function workbook(bytes: Buffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  if (!ws) throw new Error('no sheet');
  return ws;
}

describe.skipIf(engineUnavailable)('ledger .xlsx import and export', () => {
  let t: TestApp;
  let cookie: string;
  let leaderCookie: string;
  let officerMe: Me;
  let gridCode: string;
  let template: Buffer;
  beforeAll(async () => {
    t = await startTestApp();
    cookie = await loginAs(t, 'community_officer');
    leaderCookie = await loginAs(t, 'station_leader');
    officerMe = await me(t, cookie);
    gridCode =
      (await t.db.query<{ code: string }>('SELECT code FROM grids WHERE id = $1', [officerMe.gridIds[0]])).rows[0]
        ?.code ?? '';
  });
  afterAll(async () => t?.close());

  it('serves the template with the two-row merged header', async () => {
    const res = await t.app.inject({ url: '/api/mediation/import/template', headers: { cookie } });
    expect(res.statusCode).toBe(200);
    template = res.rawPayload;
    const ws = await workbook(template);
    expect(ws.getCell('A1').value).toBe('清溪镇派出所矛盾纠纷排查化解台账');
    expect(ws.getCell('A3').value).toBe('序号');
    expect(ws.getCell('F3').value).toBe('当事人');
    expect(['F4', 'G4', 'H4', 'I4'].map((c) => ws.getCell(c).value)).toEqual([
      '身份',
      '姓名（名称）',
      '身份证号码 / 统一社会信用代码',
      '联系电话',
    ]);
    expect(ws.getCell('Q3').value).toBe('调解结果');
    const merges = (ws.model as unknown as { merges: string[] }).merges;
    expect(merges).toEqual(expect.arrayContaining(['F3:I3', 'Q3:R3', 'S3:T3', 'A3:A4', 'A1:U1']));
  });

  const fill = async (rows: (string | number | Date | null)[][]): Promise<Buffer> => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(template as unknown as ArrayBuffer);
    const ws = wb.worksheets[0] as ExcelJS.Worksheet;
    rows.forEach((r, i) => {
      ws.getRow(5 + i).values = r;
    });
    return Buffer.from(await wb.xlsx.writeBuffer());
  };
  const today = () => new Date(t.clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  const daysAgo = (n: number) =>
    new Date(t.clock.now().getTime() + 8 * 3_600_000 - n * 86_400_000).toISOString().slice(0, 10);
  const good = () => [
    [
      1,
      null,
      daysAgo(3),
      '邻里纠纷',
      '来访登记',
      '申请人\n被申请人',
      '褚国强\n卫丽娟',
      `${idNumber('1968-03-03')}\n${idNumber('1972-11-11', false)}`,
      '13912345678\n',
      '东王庄村21号',
      gridCode,
      '宅前通道被占用发生争执',
      null,
      '黄',
      '一级',
      null,
      '调解中',
      null,
      null,
      null,
      null,
    ],
    [
      2,
      null,
      new Date(`${daysAgo(60)}T00:00:00Z`),
      '劳动争议纠纷',
      '排查走访',
      '申请人\n被申请人',
      '蒋红梅\n清溪镇宏远家具有限公司',
      `${idNumber('1990-05-05', false)}\n${creditCode('MA0G3333')}`,
      '',
      '清溪镇工业园区',
      gridCode,
      '拖欠工资引发劳资纠纷',
      '8,500',
      '橙',
      '二级',
      null,
      '调解成功',
      daysAgo(50),
      daysAgo(40),
      '稳定',
      null,
    ],
  ];

  it('refuses a ledger with a malformed row as a whole, naming each row and column at fault', async () => {
    const before = await count(t, 'disputes');
    const bytes = await fill([
      ...good(),
      [
        3,
        null,
        '2026-13-45',
        '打架纠纷',
        '来访登记',
        '申请人',
        '沈大勇',
        '131081198406151235',
        '12345',
        '西街',
        'G99',
        '',
        'abc',
        '紫',
        '四级',
        '不存在的人',
        '调解成功',
        null,
        null,
        null,
        null,
      ],
      [
        4,
        null,
        daysAgo(1),
        '邻里纠纷',
        null,
        '申请人',
        '韩梅',
        '131081********1234',
        null,
        null,
        gridCode,
        '噪音扰民',
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
      ],
    ]);
    const res = await t.app.inject({ method: 'POST', url: '/api/mediation/import', ...upload(cookie, bytes) });
    expect(res.statusCode, res.body).toBe(400);
    const body = res.json<{ message: string; fields: { path: string; code: string; message: string }[] }>();
    expect(body.message).toBe('2 of 4 rows have problems; nothing was imported');
    const codes = body.fields.map((f) => `${f.path}:${f.code}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        'file.rows.7.登记日期:date',
        'file.rows.7.纠纷类型:unknown_category',
        'file.rows.7.当事人/身份证号码 / 统一社会信用代码:id_number_invalid',
        'file.rows.7.所属网格:unknown_grid',
        'file.rows.7.简要情况:required',
        'file.rows.7.涉及金额（元）:amount',
        'file.rows.7.风险等级:unknown_risk',
        'file.rows.7.调解层级:unknown_level',
        'file.rows.7.调解员:unknown_mediator',
        'file.rows.7.调解结果/办结日期:date',
        'file.rows.8.当事人/身份证号码 / 统一社会信用代码:masked',
      ]),
    );
    expect(body.fields.find((f) => f.code === 'unknown_category')?.message).toBe(
      '第7行 纠纷类型：未知的纠纷类型“打架纠纷”',
    );
    expect(await count(t, 'disputes')).toBe(before);
    // A dry run reports the same rows without refusing.
    const dry = await t.app.inject({
      method: 'POST',
      url: '/api/mediation/import?dryRun=true',
      ...upload(cookie, bytes),
    });
    expect(dry.statusCode).toBe(200);
    expect(new Set(dry.json<{ errors: { row: number }[] }>().errors.map((e) => e.row))).toEqual(new Set([7, 8]));
  });

  it('imports valid rows in one go, with parties sealed, mediators matched, visits and timers', async () => {
    const mediatorName =
      (await t.db.query<{ name: string }>(`SELECT name FROM mediators WHERE kind = 'lawyer' ORDER BY name LIMIT 1`))
        .rows[0]?.name ?? '';
    const rows = good();
    (rows[1] as unknown[])[15] = mediatorName;
    const bytes = await fill(rows);
    const res = await t.app.inject({ method: 'POST', url: '/api/mediation/import', ...upload(cookie, bytes) });
    expect(res.statusCode, res.body).toBe(200);
    const result = res.json<{ imported: number; numbers: string[] }>();
    expect(result.imported).toBe(2);
    const [open, done] = result.numbers;
    const rowsOf = await t.db.query<{
      number: string;
      status: string;
      outcome: string | null;
      amount: number | null;
      has_enterprise: boolean;
      imported: boolean;
      id: string;
    }>(
      'SELECT id, number, status, outcome, amount, has_enterprise, imported FROM disputes WHERE number = ANY($1::text[]) ORDER BY number',
      [result.numbers],
    );
    const byNumber = new Map(rowsOf.rows.map((r) => [r.number, r]));
    expect(byNumber.get(open ?? '')).toMatchObject({ status: 'open', outcome: null, imported: true });
    expect(byNumber.get(done ?? '')).toMatchObject({
      status: 'closed',
      outcome: 'success',
      amount: 8500,
      has_enterprise: true,
    });
    const doneId = byNumber.get(done ?? '')?.id;
    expect(await count(t, 'dispute_assignments', 'dispute_id = $1', [doneId])).toBe(1);
    expect(
      await count(t, 'followup_visits', `dispute_id = $1 AND status = 'done' AND result = 'stable'`, [doneId]),
    ).toBe(1);
    expect(
      await count(t, 'jobs', `kind = 'mediation.deadline' AND payload->>'disputeId' = $1`, [
        byNumber.get(open ?? '')?.id,
      ]),
    ).toBeGreaterThan(0);
    // Importing the same ledger numbers again is refused.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    (wb.worksheets[0] as ExcelJS.Worksheet).getCell('B5').value = open ?? '';
    const again = Buffer.from(await wb.xlsx.writeBuffer());
    const dup = await t.app.inject({ method: 'POST', url: '/api/mediation/import', ...upload(cookie, again) });
    expect(dup.statusCode).toBe(400);
    expect(dup.json<{ fields: { code: string }[] }>().fields.map((f) => f.code)).toContain('duplicate');
    expect(today()).toMatch(/^\d{4}-/);
  });

  it('refuses files that are not a ledger', async () => {
    const bad = Buffer.from('not a workbook at all');
    const res = await t.app.inject({ method: 'POST', url: '/api/mediation/import', ...upload(cookie, bad) });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ fields: { code: string }[] }>().fields[0]?.code).toBe('ledger_layout');
    const json = await t.app.inject({ method: 'POST', url: '/api/mediation/import', headers: { cookie }, payload: {} });
    expect(json.statusCode).toBe(400);
  });

  it('streams the export in the ledger layout and reports its progress', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/mediation/exports',
      headers: { cookie: leaderCookie },
      payload: { filter: { category: 'labour,contract' } },
    });
    expect(created.statusCode, created.body).toBe(201);
    const e = created.json<{ id: string; total: number; status: string; progress: number; downloadUrl: string }>();
    expect(e.status).toBe('ready');
    expect(e.total).toBeGreaterThan(500);
    // Only its creator may follow or fetch it.
    expect((await t.app.inject({ url: `/api/mediation/exports/${e.id}`, headers: { cookie } })).statusCode).toBe(404);
    const file = await t.app.inject({ url: e.downloadUrl, headers: { cookie: leaderCookie } });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('spreadsheetml');
    const ws = await workbook(file.rawPayload);
    expect(ws.getCell('A1').value).toBe('清溪镇派出所矛盾纠纷排查化解台账');
    expect(String(ws.getCell('A2').value)).toContain(`共 ${e.total} 起`);
    expect(ws.getCell('G4').value).toBe('姓名（名称）');
    expect(ws.rowCount).toBe(4 + e.total);
    const row = ws.getRow(5);
    expect(row.getCell(1).value).toBe(1);
    expect(String(row.getCell(2).value)).toMatch(/^TJ\d{14}$/);
    expect(['劳动争议纠纷', '合同纠纷']).toContain(row.getCell(4).value);
    // Identifiers leave masked: no valid ID number anywhere in the party column.
    for (let r = 5; r <= ws.rowCount; r++)
      for (const m of String(ws.getRow(r).getCell(8).value ?? '').matchAll(/\d{17}[\dX]/g))
        expect(parseIdNumber(m[0]).ok).toBe(false);
    const progress = await t.app.inject({ url: `/api/mediation/exports/${e.id}`, headers: { cookie: leaderCookie } });
    expect(progress.json()).toMatchObject({ status: 'done', rowsWritten: e.total, progress: 1 });
  });
});
