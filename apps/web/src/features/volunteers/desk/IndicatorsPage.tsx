import { Card, DatePicker, Segmented, Select, Space, Statistic, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../shared/errors';
import { PageHeader } from '../../../shared/PageHeader';
import { EChart, type EChartsOption } from '../../analysis/EChart';
import { hoursText } from '../format';
import { useHoursRows, useIndicators, useTeams, type VolunteerIndicators } from '../queries';
import '../volunteers.css';

type Theft = VolunteerIndicators['theft'][number];

const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 1000) / 10}%`);

/** Aggregated hours per volunteer or team over the period, the busiest first. */
export function totalsOf(rows: { id: string; name: string; hours: number; duties: number }[]) {
  const m = new Map<string, { id: string; name: string; hours: number; duties: number }>();
  for (const r of rows) {
    const e = m.get(r.id) ?? { id: r.id, name: r.name, hours: 0, duties: 0 };
    e.hours += r.hours;
    e.duties += r.duties;
    m.set(r.id, e);
  }
  return [...m.values()].sort((a, b) => b.hours - a.hours);
}

/** The volunteer indicators, all computed by the server from the records (docs/volunteers.md, "Indicators"). */
export default function IndicatorsPage() {
  const { t } = useTranslation();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().subtract(364, 'day'), dayjs()]);
  const [teamId, setTeamId] = useState<string | undefined>();
  const [by, setBy] = useState<'volunteer' | 'team'>('team');
  const q = { from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD'), teamId };
  const ind = useIndicators(q);
  const hours = useHoursRows({ ...q, by });
  const teams = useTeams();
  const d = ind.data;

  const daily = useMemo<EChartsOption | null>(() => {
    if (!d) return null;
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0, right: 0, data: [t('volunteers.indicators.covered'), t('volunteers.indicators.person')] },
      grid: { left: 40, right: 16, top: 36, bottom: 56 },
      xAxis: { type: 'category', data: d.patrol.byDay.map((x) => x.day) },
      yAxis: { type: 'value', name: 'h' },
      dataZoom: [{ type: 'slider', height: 18, bottom: 8 }],
      series: [
        {
          name: t('volunteers.indicators.covered'),
          type: 'line',
          showSymbol: false,
          areaStyle: { opacity: 0.15 },
          data: d.patrol.byDay.map((x) => x.coveredHours),
        },
        {
          name: t('volunteers.indicators.person'),
          type: 'bar',
          data: d.patrol.byDay.map((x) => x.personHours),
          itemStyle: { color: '#8fb3e8' },
        },
      ],
    };
  }, [d, t]);

  const byTeam = useMemo<EChartsOption | null>(() => {
    if (!d) return null;
    const rows = d.patrol.byTeam
      .slice()
      .sort((a, b) => b.personHours - a.personHours)
      .slice(0, 15)
      .reverse();
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 180, right: 24, top: 8, bottom: 24 },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { width: 170, overflow: 'truncate' } },
      series: [{ type: 'bar', data: rows.map((r) => r.personHours), itemStyle: { color: '#1f4e9c' } }],
    };
  }, [d]);

  const byCategory = useMemo<EChartsOption | null>(() => {
    if (!d) return null;
    const entries = Object.entries(d.hazards.byCategory).sort((a, b) => b[1] - a[1]);
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 40, right: 16, top: 16, bottom: 28 },
      xAxis: {
        type: 'category',
        data: entries.map(([k]) => t(`volunteers.hazardCategory.${k}` as 'volunteers.hazardCategory.fire')),
      },
      yAxis: { type: 'value' },
      series: [{ type: 'bar', data: entries.map(([, v]) => v), itemStyle: { color: '#fa8c16' } }],
    };
  }, [d, t]);

  const totals = totalsOf(hours.data?.rows ?? []).slice(0, 20);

  return (
    <div className="fq-page" data-testid="vol-indicators">
      <PageHeader
        title={t('volunteers.indicators.title')}
        subtitle={t('volunteers.indicators.subtitle')}
        extra={
          <Space wrap>
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              style={{ width: 240 }}
              placeholder={t('volunteers.common.team')}
              value={teamId}
              onChange={setTeamId}
              options={(teams.data ?? []).map((tm) => ({ value: tm.id, label: tm.name }))}
            />
            <DatePicker.RangePicker
              value={range}
              allowClear={false}
              onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
            />
          </Space>
        }
      />
      {ind.error ? <ErrorAlert error={ind.error} onRetry={() => void ind.refetch()} /> : null}
      {d ? (
        <>
          <div className="vd-kpis">
            <Card size="small">
              <Statistic
                title={t('volunteers.indicators.coveredPerDay')}
                value={d.patrol.coveredHoursPerDay}
                suffix="h"
                precision={1}
              />
            </Card>
            <Card size="small">
              <Statistic
                title={t('volunteers.indicators.personHoursPerDay')}
                value={d.patrol.personHoursPerDay}
                suffix="h"
                precision={1}
              />
            </Card>
            <Card size="small">
              <Statistic
                title={t('volunteers.indicators.personHours')}
                value={Math.round(d.patrol.personHours)}
                suffix="h"
              />
              <span className="fq-muted">
                {t('volunteers.indicators.duties')} {d.patrol.duties} · {t('volunteers.indicators.missedShare')}{' '}
                {pct(d.patrol.missedCheckpointShare)}
              </span>
            </Card>
            <Card size="small">
              <Statistic title={t('volunteers.indicators.hazardsFound')} value={d.hazards.found} />
              <span className="fq-muted">
                {t('volunteers.indicators.hazardsClosed')} {d.hazards.closed} · {t('volunteers.indicators.closedShare')}{' '}
                {pct(d.hazards.closedShare)}
              </span>
            </Card>
            <Card size="small">
              <Statistic title={t('volunteers.indicators.trainings')} value={d.trainings.sessions} />
              <span className="fq-muted">
                {t('volunteers.indicators.trainees')} {d.trainings.trainees} · {t('volunteers.indicators.certificates')}{' '}
                {d.trainings.certificatesIssued}
              </span>
            </Card>
            <Card size="small">
              <Statistic title={t('volunteers.indicators.served')} value={d.schoolPosts.served} />
              <span className="fq-muted">
                {t('volunteers.indicators.schoolDuties')} {d.schoolPosts.duties}
              </span>
            </Card>
            <Card size="small">
              <Statistic title={t('volunteers.indicators.alarms')} value={d.alarms.raised} />
              <span className="fq-muted">{t('volunteers.indicators.withIncident', { n: d.alarms.withIncident })}</span>
            </Card>
            <Card size="small">
              <Statistic title={t('volunteers.indicators.volunteers')} value={d.volunteers.approved} />
              <span className="fq-muted">{t('volunteers.indicators.active', { n: d.volunteers.active })}</span>
            </Card>
          </div>
          <Card title={t('volunteers.indicators.dailyChart')} style={{ marginBottom: 16 }}>
            {daily ? <EChart option={daily} height={300} testId="vol-daily-chart" /> : null}
          </Card>
          <div className="vd-grid-2">
            <Card title={t('volunteers.indicators.byTeam')}>
              {byTeam ? <EChart option={byTeam} height={360} /> : null}
            </Card>
            <Card title={t('volunteers.indicators.byCategory')}>
              {byCategory ? <EChart option={byCategory} height={220} /> : null}
              <div className="fq-muted">
                {d.hazards.avgDaysToClose !== null
                  ? t('volunteers.indicators.avgDays', { n: Math.round(d.hazards.avgDaysToClose * 10) / 10 })
                  : null}
              </div>
            </Card>
          </div>
          <div className="vd-grid-2" style={{ marginTop: 16 }}>
            <Card title={t('volunteers.indicators.theft')} data-testid="vol-theft">
              <Table<Theft>
                size="small"
                rowKey="placeId"
                pagination={false}
                dataSource={d.theft}
                columns={[
                  { title: t('volunteers.indicators.district'), dataIndex: 'name' },
                  { title: t('volunteers.indicators.thisYear'), render: (_, r) => r.district.current },
                  { title: t('volunteers.indicators.lastYear'), render: (_, r) => r.district.previous },
                  {
                    title: t('volunteers.indicators.change'),
                    render: (_, r) =>
                      r.district.changePct === null ? (
                        '—'
                      ) : (
                        <Tag color={r.district.changePct <= 0 ? 'green' : 'red'}>
                          {r.district.changePct > 0 ? '+' : ''}
                          {Math.round(r.district.changePct)}%
                        </Tag>
                      ),
                  },
                  {
                    title: t('volunteers.indicators.inGrid'),
                    render: (_, r) => `${r.grid.current} / ${r.grid.previous}`,
                  },
                  { title: t('volunteers.indicators.groups'), dataIndex: 'jointDefenceGroups' },
                ]}
              />
            </Card>
            <Card
              title={t('volunteers.indicators.hoursBy')}
              extra={
                <Segmented
                  size="small"
                  value={by}
                  onChange={(v) => setBy(v as 'volunteer' | 'team')}
                  options={[
                    { value: 'team', label: t('volunteers.indicators.byTeamShort') },
                    { value: 'volunteer', label: t('volunteers.indicators.byVolunteer') },
                  ]}
                />
              }
            >
              <Table
                size="small"
                rowKey="id"
                loading={hours.isFetching}
                pagination={false}
                dataSource={totals}
                scroll={{ y: 320 }}
                columns={[
                  { title: t('volunteers.points.name'), dataIndex: 'name' },
                  { title: t('volunteers.indicators.duties'), dataIndex: 'duties', width: 80 },
                  {
                    title: t('volunteers.points.hours'),
                    dataIndex: 'hours',
                    width: 100,
                    render: (v: number) => hoursText(v),
                  },
                ]}
              />
            </Card>
          </div>
        </>
      ) : null}
    </div>
  );
}
