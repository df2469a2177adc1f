import { once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';

/**
 * The ledger layout (矛盾纠纷排查化解台账) as stations keep it in Excel: a title
 * row, a row naming the unit and date, then a two-row header where 当事人,
 * 调解结果 and 回访情况 are merged over their sub-columns and the other
 * columns span both header rows. One dispute per row; several parties are
 * written one per line inside the party cells, aligned across the four
 * party columns.
 */
export interface LedgerColumn {
  key: string;
  /** Top header; sub-columns of a group share it. */
  group: string;
  /** Sub-header, or null when the column spans both header rows. */
  sub: string | null;
  width: number;
}

export const LEDGER_COLUMNS: readonly LedgerColumn[] = [
  { key: 'seq', group: '序号', sub: null, width: 7 },
  { key: 'number', group: '纠纷编号', sub: null, width: 19 },
  { key: 'registered', group: '登记日期', sub: null, width: 12 },
  { key: 'category', group: '纠纷类型', sub: null, width: 14 },
  { key: 'source', group: '纠纷来源', sub: null, width: 11 },
  { key: 'partyRole', group: '当事人', sub: '身份', width: 9 },
  { key: 'partyName', group: '当事人', sub: '姓名（名称）', width: 16 },
  { key: 'partyId', group: '当事人', sub: '身份证号码 / 统一社会信用代码', width: 22 },
  { key: 'partyPhone', group: '当事人', sub: '联系电话', width: 14 },
  { key: 'place', group: '纠纷地点', sub: null, width: 22 },
  { key: 'grid', group: '所属网格', sub: null, width: 16 },
  { key: 'summary', group: '简要情况', sub: null, width: 36 },
  { key: 'amount', group: '涉及金额（元）', sub: null, width: 12 },
  { key: 'risk', group: '风险等级', sub: null, width: 8 },
  { key: 'level', group: '调解层级', sub: null, width: 10 },
  { key: 'mediators', group: '调解员', sub: null, width: 14 },
  { key: 'result', group: '调解结果', sub: '结果', width: 10 },
  { key: 'resolvedOn', group: '调解结果', sub: '办结日期', width: 12 },
  { key: 'visitOn', group: '回访情况', sub: '回访日期', width: 12 },
  { key: 'visitResult', group: '回访情况', sub: '回访结果', width: 10 },
  { key: 'remarks', group: '备注', sub: null, width: 20 },
];

export const HEADER_ROWS = 4;
export const DATA_START_ROW = 5;

export type LedgerCells = Record<(typeof LEDGER_COLUMNS)[number]['key'], string | number | null>;

const colLetter = (i: number) => {
  let n = i + 1;
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
};

const THIN = { style: 'thin' as const, color: { argb: 'FF808080' } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

function writeHeader(ws: ExcelJS.Worksheet, title: string, subtitle: string): void {
  const last = colLetter(LEDGER_COLUMNS.length - 1);
  const t = ws.getRow(1);
  t.getCell(1).value = title;
  t.getCell(1).font = { bold: true, size: 16 };
  t.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
  t.height = 30;
  ws.mergeCells(`A1:${last}1`);
  const s = ws.getRow(2);
  s.getCell(1).value = subtitle;
  s.getCell(1).alignment = { horizontal: 'left', vertical: 'middle' };
  ws.mergeCells(`A2:${last}2`);
  const top = ws.getRow(3);
  const bottom = ws.getRow(4);
  let i = 0;
  while (i < LEDGER_COLUMNS.length) {
    const c = LEDGER_COLUMNS[i] as LedgerColumn;
    if (c.sub === null) {
      top.getCell(i + 1).value = c.group;
      ws.mergeCells(`${colLetter(i)}3:${colLetter(i)}4`);
      i += 1;
      continue;
    }
    let j = i;
    while (j + 1 < LEDGER_COLUMNS.length && LEDGER_COLUMNS[j + 1]?.group === c.group) j += 1;
    top.getCell(i + 1).value = c.group;
    if (j > i) ws.mergeCells(`${colLetter(i)}3:${colLetter(j)}3`);
    for (let k = i; k <= j; k++) bottom.getCell(k + 1).value = LEDGER_COLUMNS[k]?.sub ?? '';
    i = j + 1;
  }
  for (const r of [top, bottom]) {
    r.height = 22;
    for (let k = 1; k <= LEDGER_COLUMNS.length; k++) {
      const cell = r.getCell(k);
      cell.font = { bold: true };
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      cell.border = BORDER;
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF6' } };
    }
  }
}

const WRAP = new Set(['partyRole', 'partyName', 'partyId', 'partyPhone', 'summary', 'place', 'remarks', 'mediators']);

/**
 * Streams a ledger workbook to `out` with bounded memory: rows are committed
 * as they come and the writer waits for `out` to drain between batches.
 * `rows` yields batches; `onProgress` hears the running count.
 */
export async function writeLedger(
  out: Writable,
  meta: { title: string; subtitle: string },
  rows: AsyncIterable<LedgerCells[]>,
  onProgress: (written: number) => Promise<void>,
): Promise<number> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'Fengqiao';
  const ws = wb.addWorksheet('矛盾纠纷台账', {
    views: [{ state: 'frozen', ySplit: HEADER_ROWS, xSplit: 2 }],
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  // Data cells take their column's style (set once here), so rows are written without per-cell style work.
  ws.columns = LEDGER_COLUMNS.map((c) => ({
    key: c.key,
    width: c.width,
    style: {
      border: BORDER,
      alignment: { vertical: 'top', wrapText: WRAP.has(c.key) },
      ...(c.key === 'amount' ? { numFmt: '#,##0.00' } : {}),
    },
  }));
  writeHeader(ws, meta.title, meta.subtitle);
  for (let r = 1; r <= HEADER_ROWS; r++) ws.getRow(r).commit();
  let written = 0;
  for await (const batch of rows) {
    for (const cells of batch) {
      ws.addRow(LEDGER_COLUMNS.map((c) => cells[c.key] ?? null)).commit();
      written += 1;
    }
    await onProgress(written);
    if ((out as Writable & { writableNeedDrain?: boolean }).writableNeedDrain) await once(out, 'drain');
  }
  ws.commit();
  await wb.commit();
  return written;
}

/** An empty ledger with the header only: the import template. */
export async function ledgerTemplate(title: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('矛盾纠纷台账', { views: [{ state: 'frozen', ySplit: HEADER_ROWS }] });
  ws.columns = LEDGER_COLUMNS.map((c) => ({ key: c.key, width: c.width }));
  writeHeader(
    ws,
    title,
    '填报单位：　　　　填报说明：一行一起纠纷；多个当事人在当事人各列内分行填写，行序对应；调解员填姓名，多人以顿号分隔。',
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Plain text of whatever exceljs hands back for a cell (rich text, formulas, links, dates). */
export function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText))
      return v.richText
        .map((t) => t.text)
        .join('')
        .trim();
    if ('text' in v && typeof v.text === 'string') return v.text.trim();
    if ('result' in v) return cellText((v as { result?: ExcelJS.CellValue }).result ?? null);
  }
  return String(v).trim();
}

/** The rows of an uploaded ledger: header located by 序号, data rows keyed by column, with their sheet row number. */
export async function readLedger(
  bytes: Buffer,
): Promise<
  { ok: true; rows: { row: number; cells: Record<string, ExcelJS.CellValue> }[] } | { ok: false; message: string }
> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return { ok: false, message: 'not an .xlsx workbook' };
  }
  const ws = wb.worksheets[0];
  if (!ws) return { ok: false, message: 'the workbook has no sheet' };
  let headerRow = 0;
  for (let r = 1; r <= 10 && headerRow === 0; r++)
    if (cellText(ws.getRow(r).getCell(1).value) === '序号') headerRow = r;
  if (headerRow === 0)
    return { ok: false, message: 'no ledger header (a row starting with 序号) in the first 10 rows' };
  // Map columns by header text, so a station's column order may differ; sub-headers live one row below.
  const top = ws.getRow(headerRow);
  const sub = ws.getRow(headerRow + 1);
  const byHeader = new Map<string, number>();
  let group = '';
  for (let c = 1; c <= Math.max(top.cellCount, sub.cellCount, LEDGER_COLUMNS.length); c++) {
    const t = cellText(top.getCell(c).value);
    if (t) group = t;
    // A column spanning both header rows is merged vertically: its lower cell reads as the upper one.
    const s = cellText(sub.getCell(c).value);
    byHeader.set(s && s !== t ? `${group}/${s}` : group, c);
  }
  const missing = LEDGER_COLUMNS.filter((c) => !byHeader.has(c.sub ? `${c.group}/${c.sub}` : c.group)).map((c) =>
    c.sub ? `${c.group}/${c.sub}` : c.group,
  );
  const required = ['登记日期', '纠纷类型', '当事人/姓名（名称）', '简要情况'];
  const lacking = required.filter((r) => missing.includes(r));
  if (lacking.length > 0) return { ok: false, message: `the header lacks ${lacking.join('、')}` };
  const rows: { row: number; cells: Record<string, ExcelJS.CellValue> }[] = [];
  for (let r = headerRow + 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const cells: Record<string, ExcelJS.CellValue> = {};
    let any = false;
    for (const c of LEDGER_COLUMNS) {
      const at = byHeader.get(c.sub ? `${c.group}/${c.sub}` : c.group);
      const v = at ? row.getCell(at).value : null;
      cells[c.key] = v ?? null;
      if (c.key !== 'seq' && cellText(v ?? null) !== '') any = true;
    }
    if (any) rows.push({ row: r, cells });
  }
  return { ok: true, rows };
}
