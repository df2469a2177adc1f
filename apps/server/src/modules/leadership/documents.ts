import type { DashboardView, EvaluationView } from '@fengqiao/contracts';
import { type BaselineUnit, baselineUnit, MEASURE_NAMES_ZH, measureOf, TEAM_NAMES_ZH } from '@fengqiao/domain';
import ExcelJS from 'exceljs';
import { barChart, contentWidth, ensureRoom, fmt, lineChart, openDoc, table } from './pdf-kit';

const KIND_ZH = { officer: '民警', team: '警组', grid: '网格' } as const;

function subjectName(view: EvaluationView, name: string): string {
  return view.kind === 'team' ? (TEAM_NAMES_ZH[name] ?? name) : name;
}

const BASELINE_ZH: Record<BaselineUnit, string> = { day: '前一日', week: '上周', month: '上月同期', period: '上一期' };

function measureText(key: string, value: number | null): string {
  const def = measureOf(key);
  if (value === null) return '—';
  return def?.unit === 'percent' ? `${(value * 100).toFixed(1)}%` : fmt(value);
}

/** The month's scorecards as a workbook: one sheet of totals and duty scores, one of raw measures, one of adjustments. */
export async function evaluationXlsx(view: EvaluationView, station: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Fengqiao';
  const title = `${station} ${view.month} 月度考评（${KIND_ZH[view.kind]}）`;
  const s1 = wb.addWorksheet('考评总表');
  s1.addRow([title]).font = { bold: true, size: 14 };
  s1.addRow([
    '排名',
    '对象',
    '说明',
    ...view.duties.map((d) => `${d.nameZh}（权重${d.weight}）`),
    '基础分',
    '调整',
    '总分',
  ]).font = {
    bold: true,
  };
  for (const r of view.rows)
    s1.addRow([
      r.rank ?? '',
      subjectName(view, r.name),
      r.detail ? (TEAM_NAMES_ZH[r.detail] ?? r.detail) : '',
      ...view.duties.map((d) => r.duties[d.key] ?? ''),
      r.base ?? '',
      r.adjustment,
      r.total ?? '',
    ]);
  s1.columns.forEach((c, i) => {
    c.width = i === 1 ? 22 : 12;
  });
  const keys = [...new Set(view.duties.flatMap((d) => d.measures.map((m) => m.key)))];
  const s2 = wb.addWorksheet('指标明细');
  s2.addRow(['对象', ...keys.flatMap((k) => [MEASURE_NAMES_ZH[k] ?? k, '得分'])]).font = { bold: true };
  for (const r of view.rows)
    s2.addRow([
      subjectName(view, r.name),
      ...keys.flatMap((k) => {
        const m = r.measures[k];
        return [m ? measureText(k, m.value) : '', m?.score ?? ''];
      }),
    ]);
  s2.columns.forEach((c) => {
    c.width = 14;
  });
  const s3 = wb.addWorksheet('调整记录');
  s3.addRow(['对象', '分值', '理由', '批注', '调整人', '时间']).font = { bold: true };
  for (const r of view.rows)
    for (const a of r.adjustments)
      s3.addRow([subjectName(view, r.name), a.delta, a.reason, a.annotation, a.by ?? '', a.at]);
  s3.columns.forEach((c, i) => {
    c.width = i === 2 || i === 3 ? 40 : 16;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The month's scorecards as a landscape A4 PDF in Chinese. */
export async function evaluationPdf(view: EvaluationView, station: string): Promise<Buffer> {
  const title = `${station} ${view.month} 月度考评（${KIND_ZH[view.kind]}）`;
  const { doc, finish } = openDoc(title, station, true);
  doc
    .font('bold')
    .fontSize(16)
    .text(title, { width: contentWidth(doc), align: 'center' });
  doc.moveDown(0.3).font('body').fontSize(9).fillColor('#555555');
  doc.text(
    `职责权重：${view.duties.map((d) => `${d.nameZh} ${d.weight}`).join('，')}。分数由各业务台账记录按月计算，调整分须记录理由。`,
  );
  doc.fillColor('#000000').moveDown(0.5);
  table(
    doc,
    ['排名', '对象', ...view.duties.map((d) => d.nameZh), '基础分', '调整', '总分'],
    view.rows.map((r) => [
      r.rank === null ? '—' : String(r.rank),
      subjectName(view, r.name),
      ...view.duties.map((d) => fmt(r.duties[d.key])),
      fmt(r.base),
      r.adjustment === 0 ? '' : (r.adjustment > 0 ? '+' : '') + fmt(r.adjustment),
      fmt(r.total),
    ]),
    [1, 4, ...view.duties.map(() => 2), 2, 1.5, 2],
  );
  const adjusted = view.rows.filter((r) => r.adjustments.length > 0);
  if (adjusted.length > 0) {
    ensureRoom(doc, 60);
    doc.font('bold').fontSize(11).text('调整记录');
    table(
      doc,
      ['对象', '分值', '理由', '批注', '调整人'],
      adjusted.flatMap((r) =>
        r.adjustments.map((a) => [subjectName(view, r.name), fmt(a.delta), a.reason, a.annotation, a.by ?? '']),
      ),
      [3, 1, 7, 5, 2],
    );
  }
  return finish();
}

/** The monthly report (月度工作报告) with its charts, in Chinese. */
export async function monthlyReportPdf(
  station: string,
  month: string,
  dash: DashboardView,
  evaluation: EvaluationView,
): Promise<Buffer> {
  const title = `${station} ${month.replace('-', '年')}月 工作报告`;
  const { doc, finish } = openDoc(title, station);
  const width = contentWidth(doc);
  doc.font('bold').fontSize(18).text(title, { width, align: 'center' });
  doc.moveDown(0.3).font('body').fontSize(9).fillColor('#555555');
  doc.text(`统计期间：${dash.from} 至 ${dash.to}。全部数字由各业务台账记录直接统计。`, { width, align: 'center' });
  doc.fillColor('#000000').moveDown(0.8);
  doc.font('bold').fontSize(12).text('一、主要指标');
  doc.moveDown(0.3);
  table(
    doc,
    ['指标', '本期', '对比期', '对比值', '变化'],
    dash.figures.map((f) => {
      const name = MEASURE_NAMES_ZH[f.key] ?? f.key;
      const cmp = f.compare;
      const change =
        cmp && cmp.value !== null && f.value !== null && cmp.value !== 0
          ? `${(((f.value - cmp.value) / Math.abs(cmp.value)) * 100).toFixed(1)}%`
          : '—';
      return [
        name,
        measureText(f.key, f.value),
        cmp ? (cmp.kind === 'last_year' ? '去年同期' : BASELINE_ZH[baselineUnit(dash.from, dash.to)]) : '',
        cmp ? measureText(f.key, cmp.value) : '',
        change,
      ];
    }),
    [5, 2, 2, 2, 2],
  );
  doc.font('bold').fontSize(12).text('二、警情走势');
  doc.moveDown(0.3);
  lineChart(
    doc,
    '每日接报警情',
    dash.daily.map((d) => ({ label: d.day.slice(5), value: d.incidents })),
  );
  barChart(
    doc,
    '各网格警情（前十）',
    [...dash.grids]
      .sort((a, b) => b.incidents - a.incidents)
      .slice(0, 10)
      .map((g) => ({ label: g.code, value: g.incidents })),
  );
  doc.font('bold').fontSize(12).text('三、矛盾纠纷化解');
  doc.moveDown(0.3);
  barChart(
    doc,
    '各级调解成功率（%）',
    dash.successByLevel.map((l) => ({
      label: `第${['一', '二', '三'][l.level - 1]}级（${l.decided}件）`,
      value: l.rate === null ? 0 : Math.round(l.rate * 1000) / 10,
    })),
    110,
  );
  ensureRoom(doc, 120);
  doc.font('bold').fontSize(12).text('四、月度考评（前十名）');
  doc.moveDown(0.3);
  table(
    doc,
    ['排名', '民警', ...evaluation.duties.map((d) => d.nameZh), '总分'],
    evaluation.rows
      .slice(0, 10)
      .map((r) => [
        r.rank === null ? '—' : String(r.rank),
        r.name,
        ...evaluation.duties.map((d) => fmt(r.duties[d.key])),
        fmt(r.total),
      ]),
    [1, 3, ...evaluation.duties.map(() => 2), 2],
  );
  return finish();
}
