import { Card, DatePicker, Empty, Progress, Space, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../shared/errors';
import { PageHeader } from '../../../shared/PageHeader';
import { mmddHhmm, shiftWindow } from '../format';
import { type CoverageView, useCoverage } from '../queries';
import '../volunteers.css';

type Missed = CoverageView['missedCheckpoints'][number];
type PlaceRow = CoverageView['places'][number];

/**
 * Where patrols fall short: checkpoints missed on finished duties, places
 * not patrolled for days, and shifts of the coming week still short of
 * volunteers (their team leaders were alerted).
 */
export default function CoveragePage() {
  const { t } = useTranslation();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().subtract(30, 'day'), dayjs()]);
  const cov = useCoverage({ from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') });
  const c = cov.data;
  const places = (c?.places ?? []).slice().sort((a, b) => (b.daysSince ?? 9999) - (a.daysSince ?? 9999));
  return (
    <div className="fq-page">
      <PageHeader
        title={t('volunteers.coverage.title')}
        extra={
          <DatePicker.RangePicker
            value={range}
            allowClear={false}
            onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
          />
        }
      />
      {cov.error ? <ErrorAlert error={cov.error} onRetry={() => void cov.refetch()} /> : null}
      <div className="vd-grid-2">
        <Card title={t('volunteers.coverage.understaffed')} data-testid="coverage-understaffed">
          {c && c.understaffed.length === 0 ? <Empty description={t('volunteers.coverage.allStaffed')} /> : null}
          {c && c.understaffed.length > 0 ? (
            <Table
              size="small"
              rowKey="id"
              pagination={{ pageSize: 8, showSizeChanger: false }}
              dataSource={c.understaffed}
              columns={[
                { title: t('volunteers.common.time'), render: (_, s) => shiftWindow(s.startsAt, s.endsAt) },
                { title: t('volunteers.common.team'), dataIndex: 'teamName' },
                { title: t('volunteers.common.route'), render: (_, s) => t(`volunteers.dutyKind.${s.kind}`) },
                {
                  title: t('volunteers.patrols.capacity'),
                  render: (_, s) => (
                    <Space>
                      {s.claimed}/{s.capacity}
                      <Tag color="red">{t('volunteers.coverage.short', { n: s.capacity - s.claimed })}</Tag>
                    </Space>
                  ),
                },
              ]}
            />
          ) : null}
        </Card>
        <Card title={t('volunteers.coverage.missed')} data-testid="coverage-missed">
          <Table<Missed>
            size="small"
            rowKey="checkpointId"
            loading={cov.isLoading}
            pagination={{ pageSize: 8, showSizeChanger: false }}
            dataSource={c?.missedCheckpoints ?? []}
            columns={[
              { title: t('volunteers.duty.checkpoints'), dataIndex: 'name' },
              { title: t('volunteers.common.route'), dataIndex: 'routeName' },
              {
                title: t('volunteers.indicators.missedShare'),
                render: (_, m) => (
                  <Space>
                    <Progress
                      percent={Math.round((m.missed / Math.max(1, m.duties)) * 100)}
                      size="small"
                      showInfo={false}
                      status="exception"
                      style={{ width: 90 }}
                    />
                    <span className="fq-muted">
                      {t('volunteers.coverage.missedRate', { missed: m.missed, duties: m.duties })}
                    </span>
                  </Space>
                ),
              },
            ]}
          />
        </Card>
      </div>
      <Card title={t('volunteers.coverage.places')} style={{ marginTop: 16 }} data-testid="coverage-places">
        <Table<PlaceRow>
          size="small"
          rowKey="placeId"
          loading={cov.isLoading}
          dataSource={places}
          pagination={{ pageSize: 15, showSizeChanger: false }}
          columns={[
            { title: t('volunteers.teams.place'), dataIndex: 'name' },
            {
              title: t('volunteers.coverage.places'),
              render: (_, p) =>
                p.daysSince === null ? (
                  <Tag color="red">{t('volunteers.coverage.never')}</Tag>
                ) : (
                  <Tag color={p.daysSince >= 7 ? 'red' : p.daysSince >= 3 ? 'orange' : 'green'}>
                    {p.daysSince === 0
                      ? t('volunteers.coverage.today')
                      : t('volunteers.coverage.daysSince', { n: p.daysSince })}
                  </Tag>
                ),
            },
            {
              title: t('volunteers.common.time'),
              render: (_, p) => (p.lastPatrolledAt ? mmddHhmm(p.lastPatrolledAt) : '—'),
            },
          ]}
        />
      </Card>
    </div>
  );
}
