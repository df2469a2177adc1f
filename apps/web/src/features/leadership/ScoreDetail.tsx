import { measureOf } from '@fengqiao/domain';
import { Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { formatFigure } from './format';
import type { EvaluationView } from './queries';

type Row = EvaluationView['rows'][number];

/** One scorecard opened up: each duty's measures with value and score, and the adjustments with reasons. */
export function ScoreDetail({ row, duties }: { row: Row; duties: EvaluationView['duties'] }) {
  const { t, i18n } = useTranslation();
  const measureRows = duties.flatMap((d) =>
    d.measures.map((m) => ({
      key: `${d.key}:${m.key}`,
      duty: d.key,
      dutyName: t(`leadership.duty.${d.key}` as 'leadership.duty.mobilise', { defaultValue: d.nameZh }),
      measure: m.key,
      weight: m.weight,
      value: row.measures[m.key]?.value ?? null,
      score: row.measures[m.key]?.score ?? null,
    })),
  );
  return (
    <div data-testid={`score-detail-${row.subjectId}`}>
      <Table
        size="small"
        pagination={false}
        scroll={{ x: 520 }}
        dataSource={measureRows}
        columns={[
          { title: t('leadership.task.duty'), dataIndex: 'dutyName', width: 120 },
          {
            title: t('leadership.evaluation.measures'),
            dataIndex: 'measure',
            width: 150,
            render: (k: string) => t(`leadership.measure.${k}` as 'leadership.measure.home_visits'),
          },
          { title: t('leadership.evaluation.weight'), dataIndex: 'weight', width: 70, align: 'right' },
          {
            title: t('leadership.evaluation.value'),
            dataIndex: 'value',
            width: 100,
            align: 'right',
            render: (v: number | null, r) =>
              v === null ? (
                <span className="fq-ld-muted">{t('leadership.evaluation.noFigure')}</span>
              ) : (
                formatFigure(measureOf(r.measure)?.unit ?? 'count', v, i18n.language)
              ),
          },
          {
            title: t('leadership.evaluation.score'),
            dataIndex: 'score',
            width: 80,
            align: 'right',
            render: (v: number | null) => (v === null ? '—' : v.toFixed(1)),
          },
        ]}
      />
      {row.adjustments.length > 0 ? (
        <div style={{ marginTop: 8 }}>
          <div className="fq-ld-muted">{t('leadership.evaluation.history')}</div>
          <ul className="fq-ld-list">
            {row.adjustments.map((a) => (
              <li key={a.id} className="fq-ld-item" data-testid="adjustment">
                <Tag color={a.delta > 0 ? 'green' : 'red'}>{a.delta > 0 ? `+${a.delta}` : a.delta}</Tag>
                <span className="fq-ld-item-label" title={a.reason}>
                  {a.reason}
                  {a.annotation ? <span className="fq-ld-muted"> · {a.annotation}</span> : null}
                </span>
                <span className="fq-ld-muted">
                  {a.by ?? ''} {dayjs(a.at).format('YYYY-MM-DD HH:mm')}
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
