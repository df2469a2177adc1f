import { DesktopOutlined, FilePdfOutlined } from '@ant-design/icons';
import type { FigureView } from '@fengqiao/contracts';
import { Button, Card, Select, Space, Spin } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { useTownMap } from '../../api/queries';
import { useCurrentUser, useHasPermission } from '../../app/session';
import { ErrorAlert } from '../../shared/errors';
import { PageHeader } from '../../shared/PageHeader';
import { EChart, type EChartsOption } from '../analysis/EChart';
import { FigureCard } from './FigureCard';
import { chinaToday } from './format';
import { PeriodPicker, presetRange } from './PeriodPicker';
import { useCountyStations, useDashboard } from './queries';
import { type DrillTarget, RecordsDrawer } from './RecordsDrawer';
import './leadership.css';

const ALL = 'all';

/** `/leadership`: the article's key figures by period and grid, with the records behind each number. */
export default function DashboardPage() {
  const { t } = useTranslation();
  const has = useHasPermission();
  const me = useCurrentUser();
  const countyUser = me.scope === 'county';
  const today = chinaToday();
  const [params, setParams] = useSearchParams();
  // County users: one station of the county (?station=) or the whole county; station users: their station.
  const station = countyUser ? (params.get('station') ?? undefined) : undefined;
  const [range, setRange] = useState<[string, string]>(presetRange('thisMonth', today));
  const [gridId, setGridId] = useState<string | undefined>();
  const [drill, setDrill] = useState<DrillTarget | null>(null);
  const drillTo = (d: DrillTarget) => setDrill({ ...d, station });
  const town = useTownMap(!countyUser);
  const stations = useCountyStations(countyUser);
  const dash = useDashboard({ from: range[0], to: range[1], gridId, station });
  const data = dash.data;
  // The grid filter lists the grids of the one station shown (a county's stations reuse grid codes).
  const gridOptions = countyUser
    ? station && data
      ? data.grids.map((g) => ({ value: g.gridId, label: `${g.code} ${g.name}` }))
      : []
    : (town.data?.grids ?? []).map((g) => ({ value: g.id, label: `${g.code} ${g.name}` }));
  const pickStation = (id: string) => {
    setGridId(undefined);
    const next = new URLSearchParams(params);
    if (id === ALL) next.delete('station');
    else next.set('station', id);
    setParams(next, { replace: true });
  };

  const open = (f: FigureView) => drillTo({ measure: f.key, unit: f.unit, from: range[0], to: range[1], gridId });

  const trend = useMemo<EChartsOption | null>(
    () =>
      data
        ? {
            tooltip: { trigger: 'axis' },
            legend: { top: 0 },
            grid: { left: 40, right: 16, top: 32, bottom: 28 },
            xAxis: { type: 'category', data: data.daily.map((d) => d.day.slice(5)) },
            yAxis: { type: 'value', minInterval: 1 },
            series: [
              {
                name: t('leadership.dashboard.incidents'),
                type: 'line',
                data: data.daily.map((d) => d.incidents),
                smooth: true,
              },
              { name: t('leadership.dashboard.warnings'), type: 'bar', data: data.daily.map((d) => d.warnings) },
            ],
          }
        : null,
    [data, t],
  );
  const levels = useMemo<EChartsOption | null>(
    () =>
      data
        ? {
            tooltip: { trigger: 'axis' },
            grid: { left: 40, right: 16, top: 16, bottom: 28 },
            xAxis: {
              type: 'category',
              data: data.successByLevel.map(
                (l) =>
                  `${t('leadership.dashboard.level', { level: l.level })}\n${t('leadership.dashboard.decided', { count: l.decided })}`,
              ),
            },
            yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
            series: [
              {
                type: 'bar',
                barMaxWidth: 48,
                data: data.successByLevel.map((l) => (l.rate === null ? 0 : Math.round(l.rate * 1000) / 10)),
                label: { show: true, position: 'top', formatter: '{c}%' },
              },
            ],
          }
        : null,
    [data, t],
  );
  const grids = useMemo(
    () => (data ? [...data.grids].sort((a, b) => b.incidents - a.incidents).slice(0, 15) : []),
    [data],
  );
  const gridBars = useMemo<EChartsOption | null>(
    () =>
      data
        ? {
            tooltip: { trigger: 'axis' },
            grid: { left: 40, right: 16, top: 16, bottom: 28 },
            xAxis: { type: 'category', data: grids.map((g) => g.code) },
            yAxis: { type: 'value', minInterval: 1 },
            series: [{ type: 'bar', data: grids.map((g) => g.incidents), itemStyle: { color: '#1d5fa8' } }],
          }
        : null,
    [data, grids],
  );

  const reportMonth = range[0].slice(0, 7);
  return (
    <div className="fq-page fq-ld-page" data-testid="leadership-dashboard">
      <PageHeader
        title={countyUser ? t('leadership.county.dashboardTitle') : t('leadership.dashboard.title')}
        subtitle={t('leadership.dashboard.subtitle')}
        extra={
          <Space wrap>
            <Link to={station ? `/wall?station=${station}` : '/wall'}>
              <Button icon={<DesktopOutlined />}>{t('leadership.dashboard.wall')}</Button>
            </Link>
            {has('leadership.manage') ? (
              <Button
                icon={<FilePdfOutlined />}
                href={`/api/leadership/reports/${reportMonth}`}
                data-testid="report-pdf"
              >
                {t('leadership.dashboard.report')}
              </Button>
            ) : null}
          </Space>
        }
      />
      <Space wrap className="fq-ld-filters">
        {countyUser ? (
          <Select
            style={{ width: 220 }}
            value={station ?? ALL}
            onChange={pickStation}
            loading={stations.isPending}
            data-testid="station-filter"
            options={[
              { value: ALL, label: t('leadership.county.wholeCounty', { name: stations.data?.county.name ?? '' }) },
              ...(stations.data?.stations ?? []).map((s) => ({ value: s.id, label: s.name })),
            ]}
          />
        ) : null}
        <PeriodPicker range={range} today={today} onChange={setRange} />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          style={{ width: 200 }}
          placeholder={t('leadership.period.allGrids')}
          value={gridId}
          onChange={setGridId}
          options={gridOptions}
          disabled={countyUser && !station}
          data-testid="grid-filter"
        />
        {dash.isFetching ? <Spin size="small" /> : null}
      </Space>
      {dash.isError ? <ErrorAlert error={dash.error} onRetry={() => void dash.refetch()} /> : null}
      {data ? (
        <>
          <div className="fq-ld-cards" data-testid="figures">
            {data.figures.map((f) => (
              <FigureCard key={f.key} f={f} period={data} onDrill={open} />
            ))}
          </div>
          <div className="fq-ld-charts">
            <Card size="small" title={t('leadership.dashboard.trend')}>
              {trend ? (
                <EChart
                  option={trend}
                  height={260}
                  testId="chart-trend"
                  onClick={(p) => {
                    const day = data.daily[p.dataIndex]?.day;
                    if (day)
                      drillTo({
                        measure: p.seriesIndex === 1 ? 'early_warnings' : 'incidents_received',
                        unit: 'count',
                        from: day,
                        to: day,
                        gridId,
                      });
                  }}
                />
              ) : null}
            </Card>
            <Card size="small" title={t('leadership.dashboard.byLevel')}>
              {levels ? (
                <EChart
                  option={levels}
                  height={260}
                  testId="chart-levels"
                  onClick={(p) => {
                    const l = data.successByLevel[p.dataIndex];
                    if (l)
                      drillTo({
                        measure: 'disputes_success_rate',
                        unit: 'percent',
                        from: range[0],
                        to: range[1],
                        gridId,
                        dim: String(l.level),
                      });
                  }}
                />
              ) : null}
            </Card>
            <Card size="small" title={t('leadership.dashboard.byGrid')}>
              {gridBars ? (
                <EChart
                  option={gridBars}
                  height={260}
                  testId="chart-grids"
                  onClick={(p) => {
                    const g = grids[p.dataIndex];
                    if (g)
                      drillTo({
                        measure: 'incidents_received',
                        unit: 'count',
                        from: range[0],
                        to: range[1],
                        gridId: g.gridId,
                      });
                  }}
                />
              ) : null}
            </Card>
          </div>
        </>
      ) : dash.isPending ? (
        <div className="fq-center">
          <Spin size="large" />
        </div>
      ) : null}
      <RecordsDrawer target={drill} onClose={() => setDrill(null)} />
    </div>
  );
}
