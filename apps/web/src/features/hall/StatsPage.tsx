import type { HallCompareView, HallDailyView, HallDurationStats, HallTicketView } from '@fengqiao/contracts';
import { useQuery } from '@tanstack/react-query';
import { Card, Col, DatePicker, Row, Space, Spin, Statistic, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { api } from '../../api/client';
import { ErrorAlert } from '../../shared/errors';
import { PageHeader } from '../../shared/PageHeader';
import { EChart, type EChartsOption } from '../analysis/EChart';
import { hhmm, minutes, mmss, nameOf, type Stats, todayCst } from './hall-api';

type Compare = z.infer<typeof HallCompareView>;
type Daily = z.infer<typeof HallDailyView>;
type Range = [Dayjs, Dayjs];
const FMT = 'YYYY-MM-DD';

function pct(v: number | null): string {
  return v === null ? '—' : `${v > 0 ? '+' : ''}${v.toFixed(0)}%`;
}

/** Average and percentiles of one duration, in minutes. */
function DurationCells({ s }: { s: HallDurationStats }) {
  return (
    <span>
      {minutes(s.avgMinutes)}{' '}
      <span className="fq-muted">
        / {minutes(s.p50Minutes)} / {minutes(s.p90Minutes)} / {minutes(s.p95Minutes)}
      </span>
    </span>
  );
}

/**
 * `/hall/stats`: waiting and handling times computed by the server from
 * every ticket's event log — averages and percentiles per service, window
 * and hour, the daily trend, two periods compared — and today's visits one
 * by one.
 */
export default function StatsPage() {
  const { t, i18n } = useTranslation();
  const [range, setRange] = useState<Range>(() => [dayjs().subtract(29, 'day'), dayjs()]);
  const [baseline, setBaseline] = useState<Range | null>(null);
  const [recent, setRecent] = useState<Range | null>(null);
  const from = range[0].format(FMT);
  const to = range[1].format(FMT);
  const stats = useQuery({
    queryKey: ['hall', 'stats', from, to],
    queryFn: () => api.get<Stats>('/api/hall/stats', { from, to }),
  });
  const daily = useQuery({
    queryKey: ['hall', 'stats-daily'],
    queryFn: () => api.get<Daily>('/api/hall/stats/daily'),
  });
  const compareQuery = {
    baselineFrom: baseline?.[0].format(FMT),
    baselineTo: baseline?.[1].format(FMT),
    from: recent?.[0].format(FMT),
    to: recent?.[1].format(FMT),
  };
  const compare = useQuery({
    queryKey: ['hall', 'stats-compare', compareQuery],
    queryFn: () => api.get<Compare>('/api/hall/stats/compare', compareQuery),
  });
  const today = todayCst();
  const visits = useQuery({
    queryKey: ['hall', 'tickets', today],
    queryFn: () => api.get<HallTicketView[]>('/api/hall/tickets', { day: today }),
    refetchInterval: 30_000,
  });

  const hourOption = useMemo<EChartsOption | null>(() => {
    const s = stats.data;
    if (!s) return null;
    const hours = s.byHour.map((h) => `${String(h.hour).padStart(2, '0')}:00`);
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 48, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: hours },
      yAxis: [
        { type: 'value', name: t('hall.stats.min') },
        { type: 'value', name: t('hall.stats.visits'), splitLine: { show: false } },
      ],
      series: [
        {
          name: t('hall.stats.waitAvg'),
          type: 'bar',
          data: s.byHour.map((h) => h.wait.avgMinutes),
          itemStyle: { color: '#d4380d' },
        },
        {
          name: t('hall.stats.handleAvg'),
          type: 'bar',
          data: s.byHour.map((h) => h.handle.avgMinutes),
          itemStyle: { color: '#1f4e9c' },
        },
        {
          name: t('hall.stats.visits'),
          type: 'line',
          yAxisIndex: 1,
          data: s.byHour.map((h) => h.visits),
          itemStyle: { color: '#8c8c8c' },
        },
      ],
    };
  }, [stats.data, t]);

  const dailyOption = useMemo<EChartsOption | null>(() => {
    if (!daily.data) return null;
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 24, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: daily.data.map((d) => d.day.slice(5)) },
      yAxis: { type: 'value', name: t('hall.stats.min') },
      series: [
        {
          name: t('hall.stats.waitAvg'),
          type: 'line',
          smooth: true,
          data: daily.data.map((d) => d.waitAvgMinutes),
          itemStyle: { color: '#d4380d' },
        },
        {
          name: t('hall.stats.handleAvg'),
          type: 'line',
          smooth: true,
          data: daily.data.map((d) => d.handleAvgMinutes),
          itemStyle: { color: '#1f4e9c' },
        },
      ],
    };
  }, [daily.data, t]);

  const compareOption = useMemo<EChartsOption | null>(() => {
    const c = compare.data;
    if (!c) return null;
    const cats = [t('hall.stats.waitAvg'), t('hall.stats.waitP90'), t('hall.stats.handleAvg')];
    const row = (p: Compare['baseline']) => [p.wait.avgMinutes, p.wait.p90Minutes, p.handle.avgMinutes];
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 24, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: cats },
      yAxis: { type: 'value', name: t('hall.stats.min') },
      series: [
        {
          name: `${c.baseline.from} ~ ${c.baseline.to}`,
          type: 'bar',
          data: row(c.baseline),
          itemStyle: { color: '#bfbfbf' },
        },
        {
          name: `${c.recent.from} ~ ${c.recent.to}`,
          type: 'bar',
          data: row(c.recent),
          itemStyle: { color: '#1f4e9c' },
        },
      ],
    };
  }, [compare.data, t]);

  const s = stats.data;
  const durationCol = (key: 'wait' | 'handle', title: string) => ({
    title,
    render: (_: unknown, r: { wait: HallDurationStats; handle: HallDurationStats }) => <DurationCells s={r[key]} />,
  });

  return (
    <div className="fq-page">
      <PageHeader
        title={t('hall.stats.title')}
        subtitle={t('hall.stats.subtitle')}
        extra={
          <DatePicker.RangePicker
            value={range}
            allowClear={false}
            onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
            data-testid="stats-range"
          />
        }
      />
      {stats.error ? <ErrorAlert error={stats.error} onRetry={() => stats.refetch()} /> : null}
      {stats.isPending ? <Spin /> : null}
      {s ? (
        <>
          <Row gutter={[16, 16]}>
            <Col xs={12} md={4}>
              <Card>
                <Statistic title={t('hall.stats.visits')} value={s.visits} />
              </Card>
            </Col>
            <Col xs={12} md={4}>
              <Card>
                <Statistic
                  title={t('hall.stats.waitAvg')}
                  value={minutes(s.wait.avgMinutes)}
                  suffix={t('hall.stats.min')}
                />
              </Card>
            </Col>
            <Col xs={12} md={4}>
              <Card>
                <Statistic
                  title={t('hall.stats.waitP90')}
                  value={minutes(s.wait.p90Minutes)}
                  suffix={t('hall.stats.min')}
                />
              </Card>
            </Col>
            <Col xs={12} md={4}>
              <Card>
                <Statistic
                  title={t('hall.stats.handleAvg')}
                  value={minutes(s.handle.avgMinutes)}
                  suffix={t('hall.stats.min')}
                />
              </Card>
            </Col>
            <Col xs={12} md={4}>
              <Card>
                <Statistic
                  title={t('hall.stats.appointmentShare')}
                  value={s.appointmentShare === null ? '—' : (s.appointmentShare * 100).toFixed(0)}
                  suffix="%"
                />
              </Card>
            </Col>
            <Col xs={12} md={4}>
              <Card>
                <Statistic
                  title={t('hall.stats.applicationsOnTime')}
                  value={s.applications.onTimeRate === null ? '—' : (s.applications.onTimeRate * 100).toFixed(0)}
                  suffix="%"
                />
              </Card>
            </Col>
          </Row>
          <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
            <Col xs={24} lg={12}>
              <Card title={t('hall.stats.byHour')}>
                {hourOption ? <EChart option={hourOption} height={280} testId="stats-hour-chart" /> : null}
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card
                title={t('hall.stats.compare')}
                extra={
                  compare.data ? (
                    <Space>
                      <Tag
                        color={(compare.data.change.waitAvgPct ?? 0) <= 0 ? 'green' : 'red'}
                        data-testid="stats-wait-change"
                      >
                        {t('hall.stats.waitChange', { pct: pct(compare.data.change.waitAvgPct) })}
                      </Tag>
                      <Tag>{t('hall.stats.handleChange', { pct: pct(compare.data.change.handleAvgPct) })}</Tag>
                    </Space>
                  ) : null
                }
              >
                <Space wrap style={{ marginBottom: 8 }}>
                  <Space size={4}>
                    <span className="fq-muted">{t('hall.stats.baseline')}</span>
                    <DatePicker.RangePicker
                      size="small"
                      style={{ width: 230 }}
                      value={baseline}
                      onChange={(v) => setBaseline(v?.[0] && v[1] ? [v[0], v[1]] : null)}
                    />
                  </Space>
                  <Space size={4}>
                    <span className="fq-muted">{t('hall.stats.recent')}</span>
                    <DatePicker.RangePicker
                      size="small"
                      style={{ width: 230 }}
                      value={recent}
                      onChange={(v) => setRecent(v?.[0] && v[1] ? [v[0], v[1]] : null)}
                    />
                  </Space>
                </Space>
                {compare.error ? <ErrorAlert error={compare.error} /> : null}
                {compareOption ? <EChart option={compareOption} height={230} testId="stats-compare-chart" /> : null}
              </Card>
            </Col>
          </Row>
          <Card
            title={t('hall.stats.byService')}
            style={{ marginTop: 16 }}
            extra={<span className="fq-muted">{t('hall.stats.legend')}</span>}
          >
            <Table
              rowKey={(r) => r.service.id}
              size="small"
              pagination={false}
              dataSource={s.byService}
              columns={[
                { title: t('hall.clerk.service'), render: (_, r) => nameOf(r.service, i18n.language) },
                { title: t('hall.stats.visits'), dataIndex: 'visits', align: 'right' },
                durationCol('wait', t('hall.stats.wait')),
                durationCol('handle', t('hall.stats.handle')),
              ]}
            />
          </Card>
          <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
            <Col xs={24} lg={12}>
              <Card title={t('hall.stats.byWindow')}>
                <Table
                  rowKey={(r) => r.window.id}
                  size="small"
                  pagination={false}
                  dataSource={s.byWindow}
                  columns={[
                    {
                      title: t('hall.display.window'),
                      render: (_, r) => `${t('hall.display.windowNo', { n: r.window.number })} ${r.window.name}`,
                    },
                    { title: t('hall.stats.visits'), dataIndex: 'visits', align: 'right' },
                    durationCol('wait', t('hall.stats.wait')),
                    durationCol('handle', t('hall.stats.handle')),
                  ]}
                />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card title={t('hall.stats.daily')}>
                {dailyOption ? <EChart option={dailyOption} height={300} testId="stats-daily-chart" /> : null}
              </Card>
            </Col>
          </Row>
        </>
      ) : null}
      <Card title={t('hall.stats.today', { day: today })} style={{ marginTop: 16 }}>
        {visits.error ? <ErrorAlert error={visits.error} /> : null}
        <Table<HallTicketView>
          rowKey="id"
          size="small"
          loading={visits.isPending}
          dataSource={visits.data ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          data-testid="stats-today"
          columns={[
            { title: t('hall.clerk.number'), dataIndex: 'number' },
            { title: t('hall.clerk.service'), render: (_, r) => nameOf(r.service, i18n.language) },
            {
              title: t('hall.display.window'),
              render: (_, r) => (r.window ? t('hall.display.windowNo', { n: r.window.number }) : '—'),
            },
            { title: t('hall.clerk.ticketed'), render: (_, r) => hhmm(r.ticketedAt) },
            { title: t('hall.stats.state'), render: (_, r) => t(`hall.ticketStatus.${r.status}`) },
            {
              title: t('hall.stats.wait'),
              render: (_, r) => <span data-testid="stats-visit-wait">{mmss(r.waitSeconds)}</span>,
            },
            {
              title: t('hall.stats.handle'),
              render: (_, r) => <span data-testid="stats-visit-handle">{mmss(r.handleSeconds)}</span>,
            },
            { title: t('hall.clerk.outcome'), render: (_, r) => (r.outcome ? t(`hall.outcome.${r.outcome}`) : '—') },
          ]}
        />
      </Card>
    </div>
  );
}
