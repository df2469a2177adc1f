import fs from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);

/** Noto Sans SC (SIL OFL), regular and bold; read once, subset into each PDF by pdfkit. */
let fonts: { regular: Buffer; bold: Buffer } | null = null;
function loadFonts(): { regular: Buffer; bold: Buffer } {
  fonts ??= {
    regular: fs.readFileSync(require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf')),
    bold: fs.readFileSync(require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf')),
  };
  return fonts;
}

export interface AgreementDocument {
  number: string;
  committee: string;
  parties: {
    role: 'applicant' | 'respondent' | 'third_party';
    kind: 'person' | 'enterprise';
    name: string;
    gender: 'M' | 'F' | null;
    idNumber: string | null;
    creditCode: string | null;
    legalRepresentative: string | null;
    phone: string | null;
    address: string | null;
  }[];
  facts: string;
  issues: string;
  responsibilities: { party: string; text: string }[];
  terms: { text: string; obligor: string | null; dueOn: string | null; amount: number | null }[];
  performanceMethod: string;
  performanceDeadline: string | null;
  agreedOn: string;
  mediators: string[];
  disputeNumber: string;
}

const ROLE = { applicant: '申请人', respondent: '被申请人', third_party: '第三人' } as const;
const NUMERALS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** 1 → 一, 12 → 十二, 25 → 二十五 (terms are numbered the way agreements are written). */
export function chineseNumeral(n: number): string {
  if (n <= 10) return NUMERALS[n] ?? String(n);
  if (n < 20) return `十${NUMERALS[n - 10] ?? ''}`;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${NUMERALS[tens] ?? ''}十${ones ? (NUMERALS[ones] ?? '') : ''}`;
}

export function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

const yuan = (x: number) => `${x.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}元`;

/**
 * The people's mediation agreement (人民调解协议书) as a printable A4 PDF in
 * the usual layout: parties, facts and issues, each party's responsibility,
 * the agreed terms, how and by when they are performed, the legal notes on
 * effect and judicial confirmation, and signature blocks for every party,
 * the mediators, the recorder and the committee's seal.
 */
export function renderAgreementPdf(a: AgreementDocument): Promise<Buffer> {
  const f = loadFonts();
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 64, bottom: 64, left: 72, right: 72 },
    info: { Title: `人民调解协议书 ${a.number}`, Author: a.committee, Subject: a.disputeNumber, Creator: 'Fengqiao' },
    bufferPages: true,
  });
  doc.registerFont('body', f.regular);
  doc.registerFont('bold', f.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const heading = (t: string) => {
    doc.moveDown(0.6).font('bold').fontSize(12.5).text(t, { width });
    doc.moveDown(0.2).font('body').fontSize(12);
  };
  const para = (t: string) =>
    doc.font('body').fontSize(12).text(t, { width, lineGap: 4, indent: 24, align: 'justify' });

  doc.font('bold').fontSize(22).text('人民调解协议书', { width, align: 'center', characterSpacing: 4 });
  doc.moveDown(0.4).font('body').fontSize(11).text(`编号：${a.number}`, { width, align: 'right' });
  doc.moveDown(0.6);

  for (const p of a.parties) {
    const parts =
      p.kind === 'person'
        ? [
            p.name,
            p.gender ? (p.gender === 'M' ? '男' : '女') : null,
            p.idNumber ? `身份证号码：${p.idNumber}` : null,
            p.phone ? `联系电话：${p.phone}` : null,
            p.address ? `住址：${p.address}` : null,
          ]
        : [
            p.name,
            p.creditCode ? `统一社会信用代码：${p.creditCode}` : null,
            p.legalRepresentative ? `法定代表人：${p.legalRepresentative}` : null,
            p.phone ? `联系电话：${p.phone}` : null,
            p.address ? `住所：${p.address}` : null,
          ];
    doc
      .font('bold')
      .fontSize(12)
      .text(`${ROLE[p.role]}：`, { continued: true, width, lineGap: 4 })
      .font('body')
      .text(parts.filter(Boolean).join('，'), { width, lineGap: 4 });
  }

  heading('一、纠纷主要事实、争议事项');
  para(a.facts);
  if (a.issues) para(`争议事项：${a.issues}`);

  if (a.responsibilities.length > 0) {
    heading('二、当事人责任');
    for (const r of a.responsibilities) para(`${r.party}：${r.text}`);
  }

  heading(`${a.responsibilities.length > 0 ? '三' : '二'}、经调解，当事人自愿达成如下协议`);
  a.terms.forEach((t, i) => {
    const extra = [
      t.amount !== null ? `金额 ${yuan(t.amount)}` : null,
      t.obligor ? `由${t.obligor}履行` : null,
      t.dueOn ? `于${chineseDate(t.dueOn)}前履行完毕` : null,
    ].filter(Boolean);
    para(`（${chineseNumeral(i + 1)}）${t.text}${extra.length ? `（${extra.join('，')}）` : ''}`);
  });

  heading(`${a.responsibilities.length > 0 ? '四' : '三'}、履行方式、时限`);
  para(
    [
      a.performanceMethod || '按上述协议约定履行。',
      a.performanceDeadline ? `全部义务于${chineseDate(a.performanceDeadline)}前履行完毕。` : '',
    ]
      .filter(Boolean)
      .join(''),
  );

  doc.moveDown(0.6);
  para(
    `本协议一式${a.parties.length + 1}份，当事人各执一份，人民调解委员会留存一份。本协议自各方当事人签名（盖章）、人民调解员签名并加盖人民调解委员会印章之日起生效，具有法律约束力，当事人应当按照约定履行。`,
  );
  para(
    '当事人可以自本协议生效之日起三十日内共同向人民法院申请司法确认；人民法院依法确认调解协议有效，一方当事人拒绝履行或者未全部履行的，对方当事人可以向人民法院申请强制执行。',
  );

  // Signature blocks: two columns of parties, then the mediators, the recorder and the seal.
  const blockHeight = 24 + Math.ceil(a.parties.length / 2) * 36 + 110;
  if (doc.y + blockHeight > doc.page.height - doc.page.margins.bottom) doc.addPage();
  doc.moveDown(1.2);
  const left = doc.page.margins.left;
  const col = width / 2;
  let y = doc.y;
  a.parties.forEach((p, i) => {
    const x = left + (i % 2) * col;
    if (i % 2 === 0 && i > 0) y += 36;
    doc.font('body').fontSize(12).text(`${ROLE[p.role]}（签名或盖章）：`, x, y, { width: col, lineBreak: false });
    doc
      .moveTo(x + 150, y + 15)
      .lineTo(x + col - 12, y + 15)
      .lineWidth(0.6)
      .stroke();
  });
  y += 48;
  doc.text('人民调解员（签名）：', left, y, { width: col, lineBreak: false });
  doc
    .moveTo(left + 125, y + 15)
    .lineTo(left + col - 12, y + 15)
    .stroke();
  doc.text('记录人（签名）：', left + col, y, { width: col, lineBreak: false });
  doc
    .moveTo(left + col + 100, y + 15)
    .lineTo(left + width, y + 15)
    .stroke();
  if (a.mediators.length > 0)
    doc
      .fontSize(9)
      .fillColor('#555555')
      .text(`（${a.mediators.join('、')}）`, left + 125, y + 19, { width: col - 137, lineBreak: false })
      .fillColor('#000000')
      .fontSize(12);
  y += 52;
  doc.text(`${a.committee}（印章）`, left, y, { width, align: 'right' });
  doc.text(chineseDate(a.agreedOn), left, y + 22, { width, align: 'right' });

  // Page numbers and the dispute number in the footer of every page.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('body')
      .fontSize(9)
      .fillColor('#555555')
      .text(`纠纷编号 ${a.disputeNumber}    第 ${i + 1} 页 共 ${range.count} 页`, left, doc.page.height - 40, {
        width,
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
    doc.fillColor('#000000');
  }
  doc.end();
  return done;
}
