import { FileExcelOutlined, FilePdfOutlined } from '@ant-design/icons';
import { Button, DatePicker, Segmented, Space, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../shared/errors';
import { PageHeader } from '../../shared/PageHeader';
import { AdjustDialog, type AdjustTarget } from './AdjustDialog';
import { chinaToday } from './format';
import { type EvaluationView, useEvaluation } from './queries';
import { ScoreDetail } from './ScoreDetail';
import { WeightsDrawer } from './WeightsDrawer';
import './leadership.css';

type Kind = EvaluationView['kind'];
type Row = EvaluationView['rows'][number];

/** `/leadership/evaluation`: the monthly scorecards by officer, team or grid, adjustments with reasons, export. */
export default function EvaluationPage() {
  const { t } = useTranslation();
  const thisMonth = chinaToday().slice(0, 7);
  const [month, setMonth] = useState(thisMonth);
  const [kind, setKind] = useState<Kind>('officer');
  const [adjust, setAdjust] = useState<AdjustTarget | null>(null);
  const [weights, setWeights] = useState(false);
  const ev = useEvaluation(month, kind);
  const data = ev.data;
  const subjectName = (r: Row) => (kind === 'team' ? t(`leadership.team.${r.name}` as 'leadership.team.case') : r.name);

  return (
    <div className="fq-page fq-ld-page" data-testid="leadership-evaluation">
      <PageHeader
        title={t('leadership.evaluation.title')}
        subtitle={t('leadership.evaluation.subtitle')}
        extra={
          <Space wrap>
            <Button onClick={() => setWeights(true)} data-testid="open-weights">
              {t('leadership.evaluation.weights')}
            </Button>
            <Button
              icon={<FileExcelOutlined />}
              href={`/api/leadership/evaluations/${month}/export?kind=${kind}&format=xlsx`}
              data-testid="export-xlsx"
            >
              {t('leadership.evaluation.exportXlsx')}
            </Button>
            <Button
              icon={<FilePdfOutlined />}
              href={`/api/leadership/evaluations/${month}/export?kind=${kind}&format=pdf`}
              data-testid="export-pdf"
            >
              {t('leadership.evaluation.exportPdf')}
            </Button>
          </Space>
        }
      />
      <Space wrap className="fq-ld-filters">
        <DatePicker
          picker="month"
          allowClear={false}
          value={dayjs(`${month}-01`)}
          disabledDate={(d) => d.format('YYYY-MM') > thisMonth}
          onChange={(d) => d && setMonth(d.format('YYYY-MM'))}
          data-testid="month-picker"
        />
        <Segmented<Kind>
          value={kind}
          onChange={setKind}
          options={(['officer', 'team', 'grid'] as const).map((k) => ({
            value: k,
            label: t(`leadership.evaluation.kind.${k}`),
          }))}
          data-testid="kind-switch"
        />
      </Space>
      {ev.isError ? <ErrorAlert error={ev.error} onRetry={() => void ev.refetch()} /> : null}
      <Table<Row>
        className="fq-ld-scores"
        size="small"
        rowKey="subjectId"
        loading={ev.isFetching}
        dataSource={data?.rows ?? []}
        pagination={{ pageSize: 30, showSizeChanger: false }}
        scroll={{ x: 900 }}
        data-testid="scorecards"
        expandable={{
          expandedRowRender: (r) => <ScoreDetail row={r} duties={data?.duties ?? []} />,
        }}
        columns={[
          {
            title: t('leadership.evaluation.rank'),
            dataIndex: 'rank',
            width: 64,
            render: (v: number | null) => v ?? '—',
          },
          {
            title: t('leadership.evaluation.subject'),
            key: 'name',
            width: 160,
            fixed: 'left',
            render: (_v, r) => (
              <span data-testid="subject-name">
                {subjectName(r)}
                {r.detail && kind === 'officer' ? (
                  <span className="fq-ld-muted"> · {t(`leadership.team.${r.detail}` as 'leadership.team.case')}</span>
                ) : null}
                {r.detail && kind === 'grid' ? <span className="fq-ld-muted"> · {r.detail}</span> : null}
              </span>
            ),
          },
          ...(data?.duties ?? []).map((d) => ({
            title: `${t(`leadership.duty.${d.key}` as 'leadership.duty.mobilise', { defaultValue: d.nameZh })} (${d.weight})`,
            key: d.key,
            width: 110,
            align: 'right' as const,
            render: (_v: unknown, r: Row) => {
              const s = r.duties[d.key];
              return s === null || s === undefined ? '—' : s.toFixed(1);
            },
          })),
          {
            title: t('leadership.evaluation.base'),
            dataIndex: 'base',
            width: 80,
            align: 'right',
            render: (v: number | null) => (v === null ? '—' : v.toFixed(1)),
          },
          {
            title: t('leadership.evaluation.adjustment'),
            dataIndex: 'adjustment',
            width: 70,
            align: 'right',
            render: (v: number) => (v === 0 ? '' : <Tag color={v > 0 ? 'green' : 'red'}>{v > 0 ? `+${v}` : v}</Tag>),
          },
          {
            title: t('leadership.evaluation.total'),
            dataIndex: 'total',
            width: 80,
            align: 'right',
            render: (v: number | null) => <strong data-testid="total">{v === null ? '—' : v.toFixed(1)}</strong>,
          },
          {
            title: t('app.actions'),
            key: 'act',
            width: 80,
            render: (_v, r) => (
              <Button
                size="small"
                type="link"
                data-testid="adjust"
                onClick={() => setAdjust({ month, kind, subjectId: r.subjectId, name: subjectName(r) })}
              >
                {t('leadership.evaluation.adjust')}
              </Button>
            ),
          },
        ]}
      />
      <AdjustDialog target={adjust} onClose={() => setAdjust(null)} />
      <WeightsDrawer open={weights} onClose={() => setWeights(false)} />
    </div>
  );
}
