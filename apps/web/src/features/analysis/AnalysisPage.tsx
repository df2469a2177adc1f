import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import type { AlertView, RepeatsView, TrendsView } from '@fengqiao/contracts';
import { Card, DatePicker, Empty, Segmented, Select, Space, Table, Tabs, Tag, Tooltip } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useAlerts, useCategories, useHeatmap, useRepeats, useSummary, useTrends } from '../../api/queries';
import { useHasPermission } from '../../app/session';
import { ErrorAlert } from '../../shared/errors';
import { PageHeader } from '../../shared/PageHeader';
import { AlertExplanation } from '../command/AlertsPanel';
import { useAlertTitle, useCategoryLabel } from '../command/labels';
import {
  activeSeries,
  defaultGranularity,
  formatChange,
  type Granularity,
  heatCells,
  peakHour,
  periodDays,
} from './analysis-data';
import { EChart, type EChartsOption } from './EChart';
import './analysis.css';

const FMT = 'YYYY-MM-DD';
/** The server accepts periods of at most 366 days. */
const MAX_DAYS = 366;

function Change({ pct }: { pct: number | null }) {
  const { t } = useTranslation();
  const text = formatChange(pct);
  if (text === null) return <span className="fq-muted">{t('analysis.noComparison')}</span>;
  const up = (pct ?? 0) > 0;
  return (
    <span className={up ? 'fq-change-up' : (pct ?? 0) < 0 ? 'fq-change-down' : 'fq-muted'} data-testid="change">
      {up ? <ArrowUpOutlined /> : (pct ?? 0) < 0 ? <ArrowDownOutlined /> : null} {text}
    </span>
  );
}

function SummaryCards({ from, to }: { from: string; to: string }) {
  const { t } = useTranslation();
  const summary = useSummary({ from, to });
  if (summary.isError) return <ErrorAlert error={summary.error} onRetry={() => void summary.refetch()} />;
  const s = summary.data;
  const cards: { key: string; label: string; value: string; hint?: string }[] = s
    ? [
        { key: 'total', label: t('analysis.summary.total'), value: String(s.total) },
        {
          key: 'call110',
          label: t('analysis.summary.call110'),
          value: String(s.bySource.call_110 ?? 0),
          hint: t('analysis.summary.otherSources', { count: s.total - (s.bySource.call_110 ?? 0) }),
        },
        { key: 'urgent', label: t('analysis.summary.urgent'), value: String(s.byPriority.urgent ?? 0) },
        {
          key: 'ack',
          label: t('analysis.summary.avgAck'),
          value: s.orders.avgAckMinutes === null ? '—' : t('analysis.minutes', { n: s.orders.avgAckMinutes }),
          hint: t('analysis.summary.ordersCount', { count: s.orders.total }),
        },
        {
          key: 'onscene',
          label: t('analysis.summary.avgOnScene'),
          value: s.orders.avgOnSceneMinutes === null ? '—' : t('analysis.minutes', { n: s.orders.avgOnSceneMinutes }),
        },
        {
          key: 'breached',
          label: t('analysis.summary.breached'),
          value: s.orders.breachedShare === null ? '—' : `${(s.orders.breachedShare * 100).toFixed(1)}%`,
          hint: t('analysis.summary.breachedCount', { count: s.orders.breached }),
        },
      ]
    : [];
  return (
    <div className="fq-an-cards" data-testid="summary-cards">
      {(s
        ? cards
        : Array.from({ length: 6 }, (_, i) => ({ key: String(i), label: '', value: '', hint: undefined }))
      ).map((c) => (
        <Card key={c.key} size="small" loading={!s} className="fq-an-card" data-testid={`summary-${c.key}`}>
          <div className="fq-an-card-label">{c.label}</div>
          <div className="fq-an-card-value" data-testid="summary-value">
            {c.value}
          </div>
          {c.hint ? <div className="fq-muted fq-an-card-hint">{c.hint}</div> : null}
        </Card>
      ))}
    </div>
  );
}

function Heatmap({ from, to }: { from: string; to: string }) {
  const { t } = useTranslation();
  const categories = useCategories();
  const label = useCategoryLabel();
  const [category, setCategory] = useState<string | undefined>();
  const heat = useHeatmap({ from, to, category });
  const option = useMemo<EChartsOption | null>(() => {
    if (!heat.data) return null;
    const h = heatCells(heat.data, t('analysis.outsideGrids'));
    return {
      tooltip: {
        position: 'top',
        formatter: (p: { value: [number, number, number] }) =>
          t('analysis.heatTooltip', { grid: h.rows[p.value[1]] ?? '', hour: p.value[0], count: p.value[2] }),
      },
      grid: { left: 56, right: 16, top: 8, bottom: 64 },
      xAxis: {
        type: 'category',
        data: Array.from({ length: 24 }, (_, i) => `${i}`),
        splitArea: { show: true },
        axisLabel: { formatter: (v: string) => t('analysis.hourTick', { h: v }) },
      },
      yAxis: { type: 'category', data: h.rows, splitArea: { show: true }, axisLabel: { fontSize: 10 } },
      visualMap: {
        min: 0,
        max: Math.max(1, h.max),
        calculable: false,
        orient: 'horizontal',
        left: 'center',
        bottom: 4,
        itemWidth: 12,
        itemHeight: 180,
        text: [t('analysis.more'), t('analysis.fewer')],
        inRange: { color: ['#f4f7fb', '#fde4c3', '#f7a35c', '#e8553f', '#a8071a'] },
      },
      series: [{ type: 'heatmap', data: h.cells, emphasis: { itemStyle: { borderColor: '#333', borderWidth: 1 } } }],
    };
  }, [heat.data, t]);
  const peak = heat.data ? peakHour(heat.data) : null;
  const tops = (categories.data ?? []).filter((c) => !c.parentCode);
  return (
    <Card
      title={t('analysis.heatTitle')}
      className="fq-an-block"
      extra={
        <Select
          allowClear
          size="small"
          style={{ width: 160 }}
          placeholder={t('analysis.allCategories')}
          value={category}
          onChange={setCategory}
          options={tops.map((c) => ({ value: c.code, label: label(c.code) }))}
          data-testid="heat-category"
        />
      }
    >
      {heat.isError ? <ErrorAlert error={heat.error} onRetry={() => void heat.refetch()} /> : null}
      {heat.data ? (
        <div className="fq-an-heat-meta">
          <span>
            {t('analysis.heatTotal')} <strong data-testid="heat-total">{heat.data.total}</strong>
          </span>
          {peak !== null ? (
            <span>
              {t('analysis.peakHour')} <strong>{t('analysis.hourRange', { from: peak, to: peak + 1 })}</strong>
            </span>
          ) : null}
          <span>
            {t('analysis.busiestGrid')}{' '}
            <strong data-testid="heat-busiest">{heat.data.grids[0]?.gridCode ?? '—'}</strong>
            {heat.data.grids[0] ? ` · ${heat.data.grids[0].total}` : ''}
          </span>
        </div>
      ) : null}
      {option && heat.data ? (
        <EChart option={option} height={Math.max(320, heat.data.grids.length * 17 + 90)} testId="heatmap-chart" />
      ) : (
        <div className="fq-center">{heat.isPending ? null : <Empty />}</div>
      )}
    </Card>
  );
}

function Trends({ from, to }: { from: string; to: string }) {
  const { t, i18n } = useTranslation();
  const english = i18n.language === 'en-US';
  const days = periodDays(from, to);
  const [granularity, setGranularity] = useState<Granularity | null>(null);
  const g = granularity ?? defaultGranularity(days);
  const trends = useTrends({ from, to, granularity: g });
  const [focus, setFocus] = useState<string>('*');
  const data = trends.data;
  const series = data ? activeSeries(data) : [];
  const shown: TrendsView['totals'] | undefined =
    focus === '*' ? data?.totals : (series.find((s) => s.category === focus) ?? data?.totals);
  const option = useMemo<EChartsOption | null>(() => {
    if (!data || !shown) return null;
    const name = (s: TrendsView['totals']) =>
      s.category === '*' ? t('analysis.allCategories') : english ? s.nameEn : s.nameZh;
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: shown.points.map((p) => p.start.slice(5)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: t('analysis.thisPeriod', { name: name(shown) }),
          type: 'line',
          smooth: true,
          data: shown.points.map((p) => p.count),
          itemStyle: { color: '#1f4e9c' },
          areaStyle: { color: 'rgba(31,78,156,0.08)' },
        },
        {
          name: t('analysis.lastYear'),
          type: 'line',
          smooth: true,
          data: shown.points.map((p) => p.previous),
          itemStyle: { color: '#b0b8c4' },
          lineStyle: { type: 'dashed' },
        },
      ],
    };
  }, [data, shown, t, english]);

  return (
    <Card
      title={t('analysis.trendsTitle')}
      className="fq-an-block"
      extra={
        <Segmented
          size="small"
          value={g}
          onChange={(v) => setGranularity(v as Granularity)}
          options={(['day', 'week', 'month'] as const).map((x) => ({
            value: x,
            label: t(`analysis.granularity.${x}`),
          }))}
        />
      }
    >
      {trends.isError ? <ErrorAlert error={trends.error} onRetry={() => void trends.refetch()} /> : null}
      {data ? (
        <div className="fq-an-trend-head" data-testid="trend-totals">
          <span>
            {t('analysis.thisPeriodTotal')} <strong data-testid="trend-total">{data.totals.total}</strong>
          </span>
          <span>
            {t('analysis.lastYearTotal', { from: data.previousFrom, to: data.previousTo })}{' '}
            <strong data-testid="trend-previous">{data.totals.previousTotal}</strong>
          </span>
          <Change pct={data.totals.changePct} />
        </div>
      ) : null}
      {option ? <EChart option={option} height={260} testId="trends-chart" /> : null}
      {data ? (
        <Table<TrendsView['series'][number]>
          size="small"
          rowKey="category"
          pagination={false}
          className="fq-an-trend-table"
          dataSource={series}
          onRow={(r) => ({
            onClick: () => setFocus(focus === r.category ? '*' : r.category),
            className: focus === r.category ? 'fq-an-row-selected' : '',
            'data-testid': 'trend-row',
            'data-category': r.category,
          })}
          columns={[
            { title: t('analysis.category'), key: 'name', render: (_: unknown, r) => (english ? r.nameEn : r.nameZh) },
            { title: t('analysis.count'), dataIndex: 'total', align: 'right' },
            { title: t('analysis.previous'), dataIndex: 'previousTotal', align: 'right' },
            {
              title: t('analysis.change'),
              dataIndex: 'changePct',
              align: 'right',
              render: (p: number | null) => <Change pct={p} />,
            },
          ]}
        />
      ) : null}
    </Card>
  );
}

function Repeats({ days }: { days: number }) {
  const { t } = useTranslation();
  const label = useCategoryLabel();
  const [min, setMin] = useState(3);
  const repeats = useRepeats({ days: Math.min(365, days), min, limit: 50 });
  const cats = (c: { code: string; count: number }[]) => (
    <Space size={[4, 4]} wrap>
      {c.map((x) => (
        <Tag key={x.code}>
          {label(x.code)} {x.count}
        </Tag>
      ))}
    </Space>
  );
  const latest = (l: { id: string; number: string }[]) => (
    <Space size={[4, 4]} wrap>
      <span className="fq-muted">{t('analysis.latest')}</span>
      {l.map((x) => (
        <span key={x.id} className="fq-mono fq-an-num">
          {x.number}
        </span>
      ))}
    </Space>
  );
  const data = repeats.data;
  return (
    <Card
      title={t('analysis.repeatsTitle', { days: Math.min(365, days) })}
      className="fq-an-block"
      extra={
        <Space size={6}>
          <span className="fq-muted">{t('analysis.minCount')}</span>
          <Select
            size="small"
            value={min}
            onChange={setMin}
            options={[2, 3, 4, 5, 8].map((n) => ({ value: n, label: t('analysis.atLeast', { n }) }))}
            style={{ width: 100 }}
          />
        </Space>
      }
    >
      {repeats.isError ? <ErrorAlert error={repeats.error} onRetry={() => void repeats.refetch()} /> : null}
      <Tabs
        size="small"
        items={[
          {
            key: 'addresses',
            label: t('analysis.repeatAddresses', { count: data?.addresses.length ?? 0 }),
            children: (
              <Table<RepeatsView['addresses'][number]>
                size="small"
                rowKey="addressKey"
                loading={repeats.isPending}
                dataSource={data?.addresses ?? []}
                pagination={{ pageSize: 8, hideOnSinglePage: true }}
                data-testid="repeat-addresses"
                columns={[
                  { title: t('analysis.address'), dataIndex: 'address', width: '34%' },
                  { title: t('analysis.count'), dataIndex: 'count', align: 'right', width: 56 },
                  {
                    title: t('analysis.grid'),
                    dataIndex: 'gridCode',
                    width: 56,
                    render: (g: string | null) => g ?? '—',
                  },
                  { title: t('analysis.categories'), dataIndex: 'categories', render: cats },
                  {
                    title: t('analysis.last'),
                    dataIndex: 'lastAt',
                    width: 96,
                    render: (d: string) => dayjs(d).format('MM-DD HH:mm'),
                  },
                ]}
                expandable={{ expandedRowRender: (r) => latest(r.latest) }}
              />
            ),
          },
          {
            key: 'callers',
            label: t('analysis.repeatCallers', { count: data?.callers.length ?? 0 }),
            children: (
              <Table<RepeatsView['callers'][number]>
                size="small"
                rowKey="phone"
                loading={repeats.isPending}
                dataSource={data?.callers ?? []}
                pagination={{ pageSize: 8, hideOnSinglePage: true }}
                data-testid="repeat-callers"
                columns={[
                  {
                    title: t('analysis.phone'),
                    dataIndex: 'phone',
                    render: (p: string) => <span className="fq-mono">{p}</span>,
                  },
                  { title: t('analysis.count'), dataIndex: 'count', align: 'right', width: 56 },
                  { title: t('analysis.categories'), dataIndex: 'categories', render: cats },
                  {
                    title: t('analysis.last'),
                    dataIndex: 'lastAt',
                    width: 96,
                    render: (d: string) => dayjs(d).format('MM-DD HH:mm'),
                  },
                ]}
                expandable={{ expandedRowRender: (r) => latest(r.latest) }}
              />
            ),
          },
        ]}
      />
    </Card>
  );
}

function EarlyWarnings() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const has = useHasPermission();
  const alerts = useAlerts();
  const title = useAlertTitle();
  const list = (alerts.data ?? []).filter((a) => a.kind === 'early_warning');
  const open = (id: string) => {
    if (has('incidents.read')) navigate(`/command?incident=${id}`);
  };
  return (
    <Card
      title={t('analysis.warningsTitle', { count: list.length })}
      className="fq-an-block"
      data-testid="early-warnings"
    >
      {alerts.isError ? <ErrorAlert error={alerts.error} onRetry={() => void alerts.refetch()} /> : null}
      {list.length === 0 && !alerts.isPending ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('analysis.noWarnings')} />
      ) : null}
      <div className="fq-an-warnings">
        {list.map((a: AlertView) => (
          <div key={a.id} className="fq-an-warning" data-testid="early-warning">
            <div className="fq-an-warning-head">
              <strong>{title(a)}</strong>
              <Tag color={a.status === 'open' ? 'orange' : 'default'}>{t(`analysis.alertStatus.${a.status}`)}</Tag>
              <span className="fq-muted">{dayjs(a.createdAt).format('YYYY-MM-DD HH:mm')}</span>
            </div>
            <AlertExplanation alert={a} onOpen={has('incidents.read') ? open : undefined} />
          </div>
        ))}
      </div>
    </Card>
  );
}

/** `/analysis`: heat map by grid and hour, trends against last year, repeat places and callers, summary, early warnings. */
export default function AnalysisPage() {
  const { t } = useTranslation();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().subtract(29, 'day'), dayjs()]);
  const from = range[0].format(FMT);
  const to = range[1].format(FMT);
  const days = periodDays(from, to);
  const presets = [
    { label: t('analysis.presets.d7'), value: [dayjs().subtract(6, 'day'), dayjs()] as [Dayjs, Dayjs] },
    { label: t('analysis.presets.d30'), value: [dayjs().subtract(29, 'day'), dayjs()] as [Dayjs, Dayjs] },
    { label: t('analysis.presets.d90'), value: [dayjs().subtract(89, 'day'), dayjs()] as [Dayjs, Dayjs] },
    { label: t('analysis.presets.month'), value: [dayjs().startOf('month'), dayjs()] as [Dayjs, Dayjs] },
    {
      label: t('analysis.presets.year'),
      value: [dayjs().subtract(1, 'year').add(1, 'day'), dayjs()] as [Dayjs, Dayjs],
    },
  ];
  return (
    <div className="fq-page fq-an" data-testid="analysis-page">
      <PageHeader
        title={t('analysis.title')}
        subtitle={t('analysis.subtitle')}
        extra={
          <Space>
            <DatePicker.RangePicker
              value={range}
              allowClear={false}
              presets={presets}
              disabledDate={(d, info) => {
                if (d.isAfter(dayjs(), 'day')) return true;
                const picked = info.from;
                return picked ? Math.abs(d.diff(picked, 'day')) >= MAX_DAYS : false;
              }}
              onChange={(v) => {
                if (v?.[0] && v[1]) setRange([v[0], v[1]]);
              }}
              data-testid="period-picker"
            />
            <Tooltip title={t('analysis.periodHint')}>
              <Tag>{t('analysis.days', { count: days })}</Tag>
            </Tooltip>
          </Space>
        }
      />
      <SummaryCards from={from} to={to} />
      <div className="fq-an-grid">
        <Heatmap from={from} to={to} />
        <div className="fq-an-col">
          <Trends from={from} to={to} />
        </div>
      </div>
      <div className="fq-an-grid">
        <Repeats days={days} />
        <EarlyWarnings />
      </div>
    </div>
  );
}
