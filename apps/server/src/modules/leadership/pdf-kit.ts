import fs from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);

/** Noto Sans SC (SIL OFL), as the mediation agreements use: read once, subset into each PDF by pdfkit. */
let fonts: { regular: Buffer; bold: Buffer } | null = null;
function loadFonts(): { regular: Buffer; bold: Buffer } {
  fonts ??= {
    regular: fs.readFileSync(require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf')),
    bold: fs.readFileSync(require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf')),
  };
  return fonts;
}

export type Doc = PDFKit.PDFDocument;

/** An A4 document with the CJK fonts registered as 'body' and 'bold'; `finish` ends it and resolves the bytes. */
export function openDoc(title: string, author: string, landscape = false): { doc: Doc; finish: () => Promise<Buffer> } {
  const f = loadFonts();
  const doc = new PDFDocument({
    size: 'A4',
    layout: landscape ? 'landscape' : 'portrait',
    margins: { top: 48, bottom: 48, left: 48, right: 48 },
    info: { Title: title, Author: author, Creator: 'Fengqiao' },
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
  return {
    doc,
    finish: () => {
      const range = doc.bufferedPageRange();
      for (let i = range.start; i < range.start + range.count; i++) {
        doc.switchToPage(i);
        const bottom = doc.page.margins.bottom;
        doc.page.margins.bottom = 0;
        doc
          .font('body')
          .fontSize(8)
          .fillColor('#777777')
          .text(`${title} · 第 ${i + 1} 页 / 共 ${range.count} 页`, doc.page.margins.left, doc.page.height - 32, {
            width: doc.page.width - doc.page.margins.left - doc.page.margins.right,
            align: 'center',
            lineBreak: false,
          })
          .fillColor('#000000');
        doc.page.margins.bottom = bottom;
      }
      doc.end();
      return done;
    },
  };
}

export const contentWidth = (doc: Doc) => doc.page.width - doc.page.margins.left - doc.page.margins.right;

/** Starts a new page when fewer than `h` points are left. */
export function ensureRoom(doc: Doc, h: number): void {
  if (doc.y + h > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

/** A plain ruled table; columns share the width by their weights. */
export function table(doc: Doc, headers: string[], rows: string[][], weights: number[], fontSize = 9): void {
  const width = contentWidth(doc);
  const total = weights.reduce((a, b) => a + b, 0);
  const widths = weights.map((w) => (w / total) * width);
  const left = doc.page.margins.left;
  const rowH = fontSize + 9;
  const line = (cells: string[], bold: boolean) => {
    ensureRoom(doc, rowH);
    const y = doc.y;
    let x = left;
    doc.font(bold ? 'bold' : 'body').fontSize(fontSize);
    cells.forEach((c, i) => {
      const w = widths[i] ?? 40;
      doc.text(c, x + 3, y + 4, { width: w - 6, height: rowH, lineBreak: false, ellipsis: true });
      x += w;
    });
    doc
      .moveTo(left, y + rowH)
      .lineTo(left + width, y + rowH)
      .lineWidth(0.4)
      .strokeColor(bold ? '#333333' : '#cccccc')
      .stroke()
      .strokeColor('#000000');
    doc.x = left;
    doc.y = y + rowH;
  };
  line(headers, true);
  for (const r of rows) line(r, false);
  doc.moveDown(0.6);
}

/** A bar chart drawn as vectors (labels below, values above each bar). */
export function barChart(
  doc: Doc,
  title: string,
  bars: { label: string; value: number; compare?: number | null }[],
  height = 150,
): void {
  ensureRoom(doc, height + 50);
  const width = contentWidth(doc);
  const left = doc.page.margins.left;
  doc.font('bold').fontSize(10.5).text(title, left, doc.y, { width });
  const top = doc.y + 14;
  const max = Math.max(1, ...bars.flatMap((b) => [b.value, b.compare ?? 0]));
  const slot = width / Math.max(1, bars.length);
  const barW = Math.min(28, slot * 0.35);
  doc
    .moveTo(left, top + height)
    .lineTo(left + width, top + height)
    .lineWidth(0.6)
    .strokeColor('#888888')
    .stroke();
  bars.forEach((b, i) => {
    const cx = left + slot * i + slot / 2;
    const h = (b.value / max) * (height - 14);
    if (b.compare !== undefined && b.compare !== null) {
      const hc = (b.compare / max) * (height - 14);
      doc.rect(cx - barW - 1, top + height - hc, barW, hc).fill('#b9c6d8');
    }
    const x = b.compare !== undefined && b.compare !== null ? cx + 1 : cx - barW / 2;
    doc.rect(x, top + height - h, barW, h).fill('#1d5fa8');
    doc
      .fillColor('#000000')
      .font('body')
      .fontSize(7.5)
      .text(fmt(b.value), x - 10, top + height - h - 10, { width: barW + 20, align: 'center', lineBreak: false })
      .text(b.label, cx - slot / 2, top + height + 3, {
        width: slot,
        align: 'center',
        lineBreak: false,
        ellipsis: true,
      });
  });
  doc.fillColor('#000000').strokeColor('#000000');
  doc.x = left;
  doc.y = top + height + 22;
}

/** A line chart of a daily series. */
export function lineChart(doc: Doc, title: string, points: { label: string; value: number }[], height = 130): void {
  ensureRoom(doc, height + 50);
  const width = contentWidth(doc);
  const left = doc.page.margins.left;
  doc.font('bold').fontSize(10.5).text(title, left, doc.y, { width });
  const top = doc.y + 10;
  const max = Math.max(1, ...points.map((p) => p.value));
  const step = width / Math.max(1, points.length - 1);
  doc
    .moveTo(left, top + height)
    .lineTo(left + width, top + height)
    .lineWidth(0.6)
    .strokeColor('#888888')
    .stroke();
  points.forEach((p, i) => {
    const x = left + step * i;
    const y = top + height - (p.value / max) * (height - 10);
    if (i === 0) doc.moveTo(x, y);
    else doc.lineTo(x, y);
  });
  doc.lineWidth(1.2).strokeColor('#c0392b').stroke();
  const every = Math.max(1, Math.ceil(points.length / 10));
  doc.font('body').fontSize(7).fillColor('#333333');
  points.forEach((p, i) => {
    if (i % every === 0)
      doc.text(p.label, left + step * i - 20, top + height + 3, { width: 40, align: 'center', lineBreak: false });
  });
  doc
    .text(`最高 ${max}`, left, top - 2, { width, align: 'right', lineBreak: false })
    .fillColor('#000000')
    .strokeColor('#000000');
  doc.x = left;
  doc.y = top + height + 20;
}

export function fmt(x: number | null | undefined, digits = 1): string {
  if (x === null || x === undefined) return '—';
  return Number.isInteger(x) ? String(x) : x.toFixed(digits);
}
