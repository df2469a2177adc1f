import fs from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);

/** Noto Sans SC (SIL OFL), as the mediation agreements use; subset into each PDF by pdfkit. */
let fonts: { regular: Buffer; bold: Buffer } | null = null;
function loadFonts(): { regular: Buffer; bold: Buffer } {
  fonts ??= {
    regular: fs.readFileSync(require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf')),
    bold: fs.readFileSync(require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf')),
  };
  return fonts;
}

export interface AccidentDocumentParty {
  role: 'a' | 'b';
  name: string;
  licenceMasked: string;
  phoneMasked: string | null;
  plate: string;
  vehicleType: string;
  insurer: string;
  policyNo: string;
  signedAt: string | null;
}

export interface AccidentDocument {
  kind: 'agreement' | 'determination';
  number: string;
  stationName: string;
  occurredAt: string;
  address: string;
  weather: string;
  accidentType: string;
  facts: string;
  parties: AccidentDocumentParty[];
  liabilityText: string;
  shares: [number, number];
  /** The officer's reasoning (determination only). */
  determination: string | null;
  officer: string | null;
  issuedAt: string;
  photos: string[];
}

const ROLE = { a: '甲方', b: '乙方' } as const;

/**
 * The two documents of quick handling as A4 PDFs: the parties' own
 * agreement (道路交通事故自行协商协议书), signed by both on their phones,
 * and the officer's liability determination under the simple procedure
 * (道路交通事故认定书（简易程序）) after a remote review.
 */
export function renderAccidentPdf(d: AccidentDocument): Promise<Buffer> {
  const f = loadFonts();
  const title = d.kind === 'agreement' ? '道路交通事故自行协商协议书' : '道路交通事故认定书（简易程序）';
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 56, left: 64, right: 64 },
    info: { Title: `${title} ${d.number}`, Author: d.stationName, Subject: d.number, Creator: 'Fengqiao' },
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
    doc.moveDown(0.5).font('bold').fontSize(12).text(t, { width });
    doc.moveDown(0.15).font('body').fontSize(11);
  };
  const line = (t: string) => doc.font('body').fontSize(11).text(t, { width, lineGap: 3 });

  doc.font('bold').fontSize(19).text(title, { width, align: 'center', characterSpacing: 2 });
  doc.moveDown(0.3).font('body').fontSize(10).text(`编号：${d.number}`, { width, align: 'right' });

  heading('一、事故基本情况');
  line(`事故时间：${d.occurredAt}`);
  line(`事故地点：${d.address}`);
  line(`天气：${d.weather}    事故形态：${d.accidentType}`);

  heading('二、当事人及车辆');
  for (const p of d.parties) {
    line(
      `${ROLE[p.role]}：${p.name}，驾驶证号 ${p.licenceMasked}${p.phoneMasked ? `，电话 ${p.phoneMasked}` : ''}；` +
        `车辆 ${p.plate}（${p.vehicleType}）；承保公司 ${p.insurer}${p.policyNo ? `，保单号 ${p.policyNo}` : ''}。`,
    );
  }

  heading('三、事故经过');
  line(d.facts || '（当事人未补充说明）');
  if (d.photos.length > 0) line(`现场照片：${d.photos.join('、')}（已存档）`);

  heading(d.kind === 'agreement' ? '四、责任协商结果' : '四、责任认定');
  if (d.determination) line(d.determination);
  line(`${d.liabilityText}。`);
  line(`损失按责任比例承担：甲方 ${d.shares[0]}%，乙方 ${d.shares[1]}%，由各方承保公司依保险合同理赔。`);

  heading('五、说明');
  if (d.kind === 'agreement') {
    line(
      '双方当事人对事故事实及成因无争议，自愿协商确定责任，并按照《道路交通安全法》第七十条、《道路交通事故处理程序规定》第十九条自行撤离现场。本协议经双方当事人签名后生效，可作为向保险公司索赔的依据。',
    );
  } else {
    line(
      '本认定书依据《道路交通事故处理程序规定》适用简易程序作出。当事人对损害赔偿有争议的，可以申请公安机关交通管理部门调解，或者直接向人民法院提起民事诉讼。',
    );
  }

  doc.moveDown(1);
  const left = doc.page.margins.left;
  const col = width / 2;
  let y = doc.y;
  if (y + 120 > doc.page.height - doc.page.margins.bottom) {
    doc.addPage();
    y = doc.y;
  }
  d.parties.forEach((p, i) => {
    const x = left + i * col;
    doc.font('body').fontSize(11).text(`${ROLE[p.role]}签名：`, x, y, { width: col, lineBreak: false });
    doc
      .font('bold')
      .fontSize(13)
      .text(p.signedAt ? p.name : '', x + 70, y - 2, { width: col - 80, lineBreak: false });
    doc
      .moveTo(x + 66, y + 15)
      .lineTo(x + col - 14, y + 15)
      .lineWidth(0.6)
      .stroke();
    if (p.signedAt)
      doc
        .font('body')
        .fontSize(8.5)
        .fillColor('#555555')
        .text(`手机电子签名 ${p.signedAt}`, x + 66, y + 19, { width: col - 80, lineBreak: false })
        .fillColor('#000000');
  });
  y += 46;
  if (d.kind === 'determination') {
    doc
      .font('body')
      .fontSize(11)
      .text(`交通警察：${d.officer ?? ''}`, left, y, { width, lineBreak: false });
    y += 22;
  }
  doc.font('body').fontSize(11).text(d.stationName, left, y, { width, align: 'right' });
  doc.text(d.issuedAt, left, y + 18, { width, align: 'right' });
  doc.end();
  return done;
}
