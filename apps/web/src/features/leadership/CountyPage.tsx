import type { CountyOverview, FigureView } from '@fengqiao/contracts';
import { Card, Space, Spin, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ErrorAlert } from '../../shared/errors';
import { PageHeader } from '../../shared/PageHeader';
import { EChart, type EChartsOption } from '../analysis/EChart';
import { changeOf, chinaToday, formatFigure, LOWER_IS_BETTER } from './format';
import { PeriodPicker, presetRange } from './PeriodPicker';
import { useCountyOverview } from './queries';
import './leadership.css';

type Row = { key: string; id: string | null; name: string; grids: number; figures: FigureView[] };

/** One cell: the value and its change against the period before (red when it moves the wrong way). */
function FigureCell({ f, locale }: { f: FigureView | undefined; locale: string }) {
  if (!f) return <>—</>;
  const change = changeOf(f);
  const bad = change ? change.up === LOWER_IS_BETTER.has(f.key) : false;
  return (
    <span className="fq-county-cell">
      <span className="fq-county-value">{formatFigure(f.unit, f.value, locale)}</span>
      {change ? <span className={bad ? 'fq-ld-bad' : 'fq-ld-good'}>{change.text}</span> : null}
    </span>
  );
}

/**
 * `/county`: a county bureau's stations side by side and the county as a
 * whole. Every number is counted from the stations' records for the period;
 * the county's rates are recomputed from the pooled records, not averaged.
 */
export default function CountyPage() {
  const { t, i18n } = useTranslation();
  const today = chinaToday();
  const [range, setRange] = useState<[string, string]>(presetRange('thisMonth', today));
  const q = useCountyOverview({ from: range[0], to: range[1] });
  const data: CountyOverview | undefined = q.data;
  const english = i18n.language.startsWith('en');
  const nameOf = useCallback(
    (x: { name: string; nameEn: string | null }) => (english && x.nameEn) || x.name,
    [english],
  );

  const rows = useMemo<Row[]>(
    () =>
      data
        ? [
            ...data.stations.map((s) => ({ key: s.id, id: s.id, name: nameOf(s), grids: s.grids, figures: s.figures })),
            {
              key: 'total',
              id: null,
              name: t('leadership.county.total'),
              grids: data.stations.reduce((n, s) => n + s.grids, 0),
              figures: data.total,
            },
          ]
        : [],
    [data, t, nameOf],
  );
  const keys = data?.total.map((f) => f.key) ?? [];
  const columns: ColumnsType<Row> = [
    {
      title: t('leadership.county.station'),
      dataIndex: 'name',
      fixed: 'left',
      width: 160,
      render: (name: string, r) =>
        r.id ? (
          <Link to={`/leadership?station=${r.id}`} data-testid={`county-station-${r.id}`}>
            {name}
          </Link>
        ) : (
          <Typography.Text strong>{name}</Typography.Text>
        ),
    },
    { title: t('leadership.county.grids'), dataIndex: 'grids', width: 70, align: 'right' },
    ...keys.map((k) => ({
      title: t(`leadership.measure.${k}` as 'leadership.measure.incidents_received'),
      key: k,
      align: 'right' as const,
      render: (_: unknown, r: Row) => <FigureCell f={r.figures.find((f) => f.key === k)} locale={i18n.language} />,
    })),
  ];

  const chart = useMemo<EChartsOption | null>(() => {
    if (!data) return null;
    const of = (key: string) => data.stations.map((s) => s.figures.find((f) => f.key === key)?.value ?? 0);
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 48, top: 32, bottom: 28 },
      xAxis: { type: 'category', data: data.stations.map((s) => nameOf(s)) },
      yAxis: [
        { type: 'value', minInterval: 1 },
        { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      ],
      series: [
        {
          name: t('leadership.measure.incidents_received'),
          type: 'bar',
          barMaxWidth: 40,
          data: of('incidents_received'),
        },
        {
          name: t('leadership.measure.orders_on_time_rate'),
          type: 'bar',
          barMaxWidth: 40,
          yAxisIndex: 1,
          data: of('orders_on_time_rate').map((v) => Math.round(v * 1000) / 10),
        },
        {
          name: t('leadership.measure.disputes_success_rate'),
          type: 'bar',
          barMaxWidth: 40,
          yAxisIndex: 1,
          data: of('disputes_success_rate').map((v) => Math.round(v * 1000) / 10),
        },
      ],
    };
  }, [data, t, nameOf]);

  return (
    <div className="fq-page fq-ld-page" data-testid="county-overview">
      <PageHeader
        title={t('leadership.county.title', { name: data ? nameOf(data.county) : '' })}
        subtitle={t('leadership.county.subtitle')}
      />
      <Space wrap className="fq-ld-filters">
        <PeriodPicker range={range} today={today} onChange={setRange} />
        {q.isFetching ? <Spin size="small" /> : null}
      </Space>
      {q.isError ? <ErrorAlert error={q.error} onRetry={() => void q.refetch()} /> : null}
      <Card size="small" title={t('leadership.county.table')}>
        <Table<Row>
          size="small"
          rowKey="key"
          loading={q.isPending}
          columns={columns}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 'max-content' }}
          rowClassName={(r) => (r.id ? '' : 'fq-county-total')}
          data-testid="county-table"
        />
        <Typography.Paragraph type="secondary" className="fq-county-note">
          {t('leadership.county.note')}
        </Typography.Paragraph>
      </Card>
      <Card size="small" title={t('leadership.county.chart')} style={{ marginTop: 16 }}>
        {chart ? <EChart option={chart} height={300} testId="chart-county" /> : null}
      </Card>
    </div>
  );
}
