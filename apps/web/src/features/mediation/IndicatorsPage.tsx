import { ShopOutlined } from '@ant-design/icons';
import { Card, DatePicker, Empty, Progress, Select, Space, Table, Tag, Tooltip } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTownMap } from '../../api/queries';
import { useHasPermission } from '../../app/session';
import { ErrorAlert } from '../../shared/errors';
import { PageHeader } from '../../shared/PageHeader';
import { EChart, type EChartsOption } from '../analysis/EChart';
import { useMediationLabels } from './labels';
import { formatRate } from './mediation-data';
import { type IndicatorsView, useIndicators } from './queries';
import '../analysis/analysis.css';
import './mediation.css';

type Rates = IndicatorsView['overall'];

function pct(r: number | null): number | null {
  return r === null ? null : Math.round(r * 1000) / 10;
}

function Stat({
  id,
  label,
  value,
  hint,
  rate,
}: {
  id: string;
  label: string;
  value: string;
  hint?: string;
  rate?: number | null;
}) {
  return (
    <Card size="small" className="fq-an-card fq-med-stat" data-testid={`indicator-${id}`}>
      <div className="fq-an-card-label">{label}</div>
      <div className="fq-an-card-value" data-testid="indicator-value">
        {value}
      </div>
      {rate !== undefined && rate !== null ? (
        <Progress percent={Math.round(rate * 1000) / 10} showInfo={false} size="small" />
      ) : null}
      {hint ? <div className="fq-muted fq-an-card-hint">{hint}</div> : null}
    </Card>
  );
}

/** `/mediation/indicators`: the article's indicators computed from the records — per level, overall, grassroots share, days, relapses. */
export default function IndicatorsPage() {
  const { t } = useTranslation();
  const has = useHasPermission();
  const labels = useMediationLabels();
  const town = useTownMap();
  const [range, setRange] = useState<[Dayjs, Dayjs] | null>(null);
  const [gridId, setGridId] = useState<string | undefined>();
  const [category, setCategory] = useState<string | undefined>();
  const q = {
    ...(range ? { from: range[0].startOf('day').toISOString(), to: range[1].endOf('day').toISOString() } : {}),
    gridId,
    category,
  };
  const ind = useIndicators(q);
  const data = ind.data;
  const gridName = useMemo(() => new Map((town.data?.grids ?? []).map((g) => [g.id, g.name])), [town.data]);

  const monthOption = useMemo<EChartsOption | null>(() => {
    if (!data) return null;
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 44, right: 48, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: data.byMonth.map((m) => m.month) },
      yAxis: [
        { type: 'value', name: t('mediation.indicators.decided'), minInterval: 1 },
        // Down to a round ten below the lowest month, so the rate axis ticks evenly.
        {
          type: 'value',
          name: '%',
          min: (v: { min: number }) => Math.max(0, Math.floor((v.min - 5) / 10) * 10),
          max: 100,
        },
      ],
      series: [
        {
          name: t('mediation.indicators.decided'),
          type: 'bar',
          data: data.byMonth.map((m) => m.decided),
          itemStyle: { color: '#9db4d8' },
        },
        {
          name: t('mediation.indicators.successRate'),
          type: 'line',
          yAxisIndex: 1,
          smooth: false,
          data: data.byMonth.map((m) => pct(m.successRate)),
          itemStyle: { color: '#1f4e9c' },
        },
        {
          name: t('mediation.indicators.grassroots'),
          type: 'line',
          yAxisIndex: 1,
          smooth: false,
          data: data.byMonth.map((m) => pct(m.grassrootsShare)),
          itemStyle: { color: '#389e0d' },
        },
      ],
    };
  }, [data, t]);

  const gridOption = useMemo<EChartsOption | null>(() => {
    if (!data) return null;
    const rows = [...data.byGrid]
      .filter((g) => g.decided > 0)
      .sort((a, b) => (a.gridCode ?? '').localeCompare(b.gridCode ?? ''));
    return {
      tooltip: {
        trigger: 'axis',
        formatter: (ps: { dataIndex: number }[]) => {
          const r = rows[ps[0]?.dataIndex ?? 0];
          if (!r) return '';
          return t('mediation.indicators.gridTooltip', {
            grid: `${r.gridCode ?? t('mediation.indicators.noGrid')} ${r.gridId ? (gridName.get(r.gridId) ?? '') : ''}`,
            decided: r.decided,
            rate: formatRate(r.successRate),
            grassroots: formatRate(r.grassrootsShare),
            days: r.avgDaysToResolve ?? '—',
          });
        },
      },
      grid: { left: 44, right: 16, top: 16, bottom: 48 },
      // Codes are turned only when the whole town's grids would crowd the axis; a grid officer sees one or two.
      xAxis: {
        type: 'category',
        data: rows.map((r) => r.gridCode ?? '—'),
        axisLabel: rows.length > 12 ? { rotate: 60, fontSize: 10 } : { fontSize: 11 },
      },
      // The axis starts at 80% or lower, so a single high bar is not drawn as if it were most of the scale.
      yAxis: {
        type: 'value',
        min: (v: { min: number }) => Math.max(0, Math.min(80, Math.floor((v.min - 5) / 10) * 10)),
        max: 100,
        name: '%',
      },
      series: [
        {
          type: 'bar',
          barMaxWidth: 28,
          label: { show: rows.length <= 12, position: 'top', fontSize: 11, formatter: '{c}%' },
          data: rows.map((r) => ({
            value: pct(r.successRate),
            itemStyle: {
              color: (r.successRate ?? 0) >= 0.95 ? '#389e0d' : (r.successRate ?? 0) >= 0.9 ? '#1f4e9c' : '#d46b08',
            },
          })),
        },
      ],
    };
  }, [data, t, gridName]);

  const categoryRows = useMemo(
    () => [...(data?.byCategory ?? [])].filter((c) => c.decided > 0).sort((a, b) => b.decided - a.decided),
    [data],
  );
  const categoryOption = useMemo<EChartsOption | null>(() => {
    if (!data) return null;
    const rows = [...categoryRows].reverse();
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 120, right: 24, top: 28, bottom: 20 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: rows.map((r) => labels.category(r.categoryCode)) },
      series: [
        {
          name: t('mediation.outcome.success'),
          type: 'bar',
          stack: 'x',
          data: rows.map((r) => r.success),
          itemStyle: { color: '#52c41a' },
        },
        {
          name: t('mediation.outcome.partial'),
          type: 'bar',
          stack: 'x',
          data: rows.map((r) => r.partial),
          itemStyle: { color: '#bae637' },
        },
        {
          name: t('mediation.outcome.failed'),
          type: 'bar',
          stack: 'x',
          data: rows.map((r) => r.failed),
          itemStyle: { color: '#fa541c' },
        },
      ],
    };
  }, [data, categoryRows, labels, t]);

  const presets = [
    { label: t('analysis.presets.d30'), value: [dayjs().subtract(29, 'day'), dayjs()] as [Dayjs, Dayjs] },
    { label: t('analysis.presets.d90'), value: [dayjs().subtract(89, 'day'), dayjs()] as [Dayjs, Dayjs] },
    { label: t('mediation.indicators.thisYear'), value: [dayjs().startOf('year'), dayjs()] as [Dayjs, Dayjs] },
    {
      label: t('analysis.presets.year'),
      value: [dayjs().subtract(1, 'year').add(1, 'day'), dayjs()] as [Dayjs, Dayjs],
    },
  ];

  const o: Rates | undefined = data?.overall;
  return (
    <div className="fq-page fq-an fq-med" data-testid="indicators-page">
      <PageHeader
        title={t('mediation.indicators.title')}
        subtitle={t('mediation.indicators.subtitle')}
        extra={
          <Space wrap>
            <DatePicker.RangePicker
              value={range}
              presets={presets}
              onChange={(v) => setRange(v?.[0] && v[1] ? [v[0], v[1]] : null)}
              disabledDate={(d) => d.isAfter(dayjs(), 'day')}
              placeholder={[t('mediation.indicators.from'), t('mediation.indicators.to')]}
              data-testid="indicators-period"
            />
            {has('map.view') ? (
              <Select<string>
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                placeholder={t('mediation.indicators.allGrids')}
                style={{ width: 170 }}
                value={gridId}
                onChange={setGridId}
                options={(town.data?.grids ?? [])
                  .slice()
                  .sort((a, b) => a.code.localeCompare(b.code))
                  .map((g) => ({ value: g.id, label: `${g.code} ${g.name}` }))}
                data-testid="indicators-grid"
              />
            ) : null}
            <Select<string>
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('mediation.indicators.allCategories')}
              style={{ width: 180 }}
              value={category}
              onChange={setCategory}
              options={labels.categories.map((c) => ({ value: c.code, label: labels.category(c.code) }))}
            />
          </Space>
        }
      />
      {ind.isError ? <ErrorAlert error={ind.error} onRetry={() => void ind.refetch()} /> : null}
      {data ? (
        <div className="fq-muted fq-med-period" data-testid="indicators-period-text">
          {t('mediation.indicators.period', {
            from: dayjs(data.from).format('YYYY-MM-DD'),
            to: dayjs(data.to).format('YYYY-MM-DD'),
          })}
        </div>
      ) : null}
      <div className="fq-an-cards">
        {o && data ? (
          <>
            <Stat
              id="success"
              label={t('mediation.indicators.successRate')}
              value={formatRate(o.successRate)}
              rate={o.successRate}
              hint={t('mediation.indicators.successOf', { success: o.success, decided: o.decided })}
            />
            <Stat
              id="grassroots"
              label={t('mediation.indicators.grassroots')}
              value={formatRate(o.grassrootsShare)}
              rate={o.grassrootsShare}
              hint={t('mediation.indicators.grassrootsHint')}
            />
            <Stat
              id="days"
              label={t('mediation.indicators.avgDays')}
              value={o.avgDaysToResolve === null ? '—' : t('mediation.indicators.days', { n: o.avgDaysToResolve })}
              hint={t('mediation.indicators.avgDaysHint')}
            />
            <Stat
              id="relapse"
              label={t('mediation.indicators.relapse')}
              value={formatRate(data.followups.relapseRate)}
              hint={t('mediation.indicators.relapseOf', {
                relapsed: data.followups.relapsed,
                visited: data.followups.disputesVisited,
              })}
            />
            <Stat
              id="registered"
              label={t('mediation.indicators.registered')}
              value={String(data.registered)}
              hint={t('mediation.indicators.openNow', { count: data.open })}
            />
            <Stat
              id="outcomes"
              label={t('mediation.indicators.decided')}
              value={String(o.decided)}
              hint={t('mediation.indicators.outcomes', {
                partial: o.partial,
                failed: o.failed,
                withdrawn: o.withdrawn,
              })}
            />
          </>
        ) : (
          Array.from({ length: 6 }, (_, i) => <Card key={String(i)} size="small" loading className="fq-an-card" />)
        )}
      </div>

      <div className="fq-med-levels-grid" data-testid="indicator-levels">
        {(data?.levels ?? []).map((l) => (
          <Card
            key={l.level}
            size="small"
            className={`fq-med-level-card fq-med-level-card-${l.level}`}
            data-testid={`level-card-${l.level}`}
            data-handled={l.handled}
            data-resolved={l.resolvedHere}
          >
            <div className="fq-med-level-card-head">
              <span className="fq-med-level-badge">{t(`mediation.levelShort.${l.level}`)}</span>
              <span>{t(`mediation.levelDesc.${l.level}`)}</span>
            </div>
            <div className="fq-med-level-rate">
              <Progress
                type="dashboard"
                status="normal"
                size={96}
                percent={l.successRate === null ? 0 : Math.round(l.successRate * 1000) / 10}
                format={() => formatRate(l.successRate)}
                strokeColor={l.level === 1 ? '#13a8a8' : l.level === 2 ? '#1f4e9c' : '#2f54eb'}
              />
              <div className="fq-med-level-numbers">
                <div>
                  <span className="fq-muted">{t('mediation.indicators.handled')}</span>
                  <strong data-testid="level-handled">{l.handled}</strong>
                </div>
                <div>
                  <span className="fq-muted">{t('mediation.indicators.resolvedHere')}</span>
                  <strong data-testid="level-resolved">{l.resolvedHere}</strong>
                </div>
                <div>
                  <span className="fq-muted">{t('mediation.indicators.escalated')}</span>
                  <strong data-testid="level-escalated">{l.escalated}</strong>
                </div>
                <div>
                  <span className="fq-muted">{t('mediation.indicators.failedHere')}</span>
                  <strong>{l.failedHere}</strong>
                </div>
              </div>
            </div>
          </Card>
        ))}
        {data ? (
          <Card size="small" className="fq-med-level-card fq-med-level-card-studio" data-testid="commercial-card">
            <div className="fq-med-level-card-head">
              <span className="fq-med-level-badge fq-med-level-badge-studio">
                <ShopOutlined />
              </span>
              <span>{t('mediation.track.commercial')}</span>
            </div>
            <div className="fq-med-level-rate">
              <Progress
                type="dashboard"
                status="normal"
                size={96}
                percent={data.commercial.successRate === null ? 0 : Math.round(data.commercial.successRate * 1000) / 10}
                format={() => formatRate(data.commercial.successRate)}
                strokeColor="#722ed1"
              />
              <div className="fq-med-level-numbers">
                <div>
                  <span className="fq-muted">{t('mediation.indicators.handled')}</span>
                  <strong>{data.commercial.handled}</strong>
                </div>
                <div>
                  <span className="fq-muted">{t('mediation.indicators.successCount')}</span>
                  <strong>{data.commercial.success}</strong>
                </div>
              </div>
            </div>
          </Card>
        ) : null}
      </div>

      <div className="fq-an-grid">
        <Card title={t('mediation.indicators.byMonth')} className="fq-an-block">
          {monthOption && data && data.byMonth.length > 0 ? (
            <EChart option={monthOption} height={280} testId="indicators-month-chart" />
          ) : (
            <Empty />
          )}
        </Card>
        <Card title={t('mediation.indicators.byGrid')} className="fq-an-block">
          {gridOption && data && data.byGrid.length > 0 ? (
            <EChart option={gridOption} height={280} testId="indicators-grid-chart" />
          ) : (
            <Empty />
          )}
        </Card>
      </div>
      <div className="fq-an-grid">
        <Card title={t('mediation.indicators.byCategory')} className="fq-an-block">
          {categoryOption && categoryRows.length > 0 ? (
            <EChart
              option={categoryOption}
              height={Math.max(240, categoryRows.length * 26 + 60)}
              testId="indicators-category-chart"
            />
          ) : (
            <Empty />
          )}
        </Card>
        <Card title={t('mediation.indicators.categoryTable')} className="fq-an-block">
          <Table
            size="small"
            rowKey="categoryCode"
            pagination={false}
            dataSource={categoryRows}
            columns={[
              {
                title: t('mediation.fields.category'),
                dataIndex: 'categoryCode',
                render: (c: string) => labels.category(c),
              },
              { title: t('mediation.indicators.decided'), dataIndex: 'decided', align: 'right', width: 80 },
              {
                title: t('mediation.indicators.successRate'),
                dataIndex: 'successRate',
                align: 'right',
                width: 100,
                render: (r: number | null) => formatRate(r),
              },
              {
                title: t('mediation.indicators.grassroots'),
                dataIndex: 'grassrootsShare',
                align: 'right',
                width: 100,
                render: (r: number | null) => formatRate(r),
              },
              {
                title: t('mediation.indicators.avgDays'),
                dataIndex: 'avgDaysToResolve',
                align: 'right',
                width: 100,
                render: (d: number | null) =>
                  d === null ? (
                    '—'
                  ) : (
                    <Tooltip title={t('mediation.indicators.avgDaysHint')}>
                      <Tag>{t('mediation.indicators.days', { n: d })}</Tag>
                    </Tooltip>
                  ),
              },
            ]}
          />
        </Card>
      </div>
    </div>
  );
}
