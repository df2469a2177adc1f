import { Card, DatePicker, Empty, Space, Spin, Statistic } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../shared/errors';
import { PageHeader } from '../../shared/PageHeader';
import { EChart, type EChartsOption } from '../analysis/EChart';
import { chinaToday } from './format';
import { useMyEvaluation, useTasks } from './queries';
import { ScoreDetail } from './ScoreDetail';
import { TasksTable } from './TasksTable';
import './leadership.css';

/** `/leadership/mine`: an officer's own scorecard, its last six months, and the tasks they own. */
export default function MinePage() {
  const { t } = useTranslation();
  const thisMonth = chinaToday().slice(0, 7);
  const [month, setMonth] = useState(thisMonth);
  const mine = useMyEvaluation(month);
  const tasks = useTasks({ mine: 'true' });
  const data = mine.data;
  const history = useMemo<EChartsOption | null>(
    () =>
      data
        ? {
            tooltip: { trigger: 'axis' },
            grid: { left: 36, right: 12, top: 16, bottom: 24 },
            xAxis: { type: 'category', data: data.history.map((h) => h.month) },
            yAxis: { type: 'value', min: 0, max: 100 },
            series: [
              { type: 'line', data: data.history.map((h) => h.total), connectNulls: true, label: { show: true } },
            ],
          }
        : null,
    [data],
  );
  return (
    <div className="fq-page fq-ld-page" data-testid="leadership-mine">
      <PageHeader
        title={t('leadership.evaluation.mine')}
        subtitle={t('leadership.evaluation.mineSubtitle')}
        extra={
          <DatePicker
            picker="month"
            allowClear={false}
            value={dayjs(`${month}-01`)}
            disabledDate={(d) => d.format('YYYY-MM') > thisMonth}
            onChange={(d) => d && setMonth(d.format('YYYY-MM'))}
          />
        }
      />
      {mine.isError ? <ErrorAlert error={mine.error} onRetry={() => void mine.refetch()} /> : null}
      {mine.isPending ? <Spin /> : null}
      {data && !data.row ? <Empty description={t('leadership.evaluation.mineEmpty')} /> : null}
      {data?.row ? (
        <Space orientation="vertical" style={{ width: '100%' }} size={16}>
          <div className="fq-ld-cards">
            <Card size="small" data-testid="my-total">
              <Statistic
                title={t('leadership.evaluation.total')}
                value={data.row.total ?? '—'}
                precision={1}
                suffix={
                  data.row.rank ? (
                    <span className="fq-ld-muted">
                      {t('leadership.evaluation.rankOf', { rank: data.row.rank, peers: data.peers })}
                    </span>
                  ) : null
                }
              />
            </Card>
            {data.duties.map((d) => (
              <Card size="small" key={d.key}>
                <Statistic
                  title={t(`leadership.duty.${d.key}` as 'leadership.duty.mobilise', { defaultValue: d.nameZh })}
                  value={data.row?.duties[d.key] ?? '—'}
                  precision={1}
                />
              </Card>
            ))}
          </div>
          <div className="fq-ld-charts">
            <Card size="small" title={t('leadership.evaluation.measures')}>
              <ScoreDetail row={data.row} duties={data.duties} />
            </Card>
            <Card size="small" title={t('leadership.evaluation.trend')}>
              {history ? <EChart option={history} height={240} testId="my-history" /> : null}
            </Card>
          </div>
        </Space>
      ) : null}
      <Card size="small" title={t('leadership.task.mine')} style={{ marginTop: 16 }}>
        {tasks.isError ? <ErrorAlert error={tasks.error} onRetry={() => void tasks.refetch()} /> : null}
        <TasksTable tasks={tasks.data?.items ?? []} loading={tasks.isPending} testId="my-tasks" />
      </Card>
    </div>
  );
}
