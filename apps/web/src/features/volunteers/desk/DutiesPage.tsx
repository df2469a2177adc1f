import { Card, DatePicker, Select, Space, Switch, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../../../app/session';
import { ErrorAlert } from '../../../shared/errors';
import { PageHeader } from '../../../shared/PageHeader';
import { hoursText, shiftWindow } from '../format';
import { type DutyView, useDuties, useTeams } from '../queries';
import { DutyDrawer } from './DutyDrawer';
import '../volunteers.css';

/** Duties of the teams in reach with their computed hours; flagged duties wait for an officer's review. */
export default function DutiesPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().subtract(7, 'day'), dayjs()]);
  const [teamId, setTeamId] = useState<string | undefined>();
  const [pending, setPending] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const teams = useTeams();
  const duties = useDuties({
    from: range[0].format('YYYY-MM-DD'),
    to: range[1].format('YYYY-MM-DD'),
    teamId,
    ...(pending ? { verification: 'pending' } : {}),
    limit: 500,
  });
  const rows = (duties.data ?? []).slice().sort((a, b) => b.startsAt.localeCompare(a.startsAt));
  const total = rows.reduce((s, d) => s + (d.hours ?? 0), 0);
  return (
    <div className="fq-page">
      <PageHeader title={t('volunteers.duties.title')} subtitle={t('volunteers.duty.hoursNote')} />
      <Space wrap className="fq-filter-bar">
        <DatePicker.RangePicker
          value={range}
          allowClear={false}
          onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
        />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          style={{ width: 260 }}
          placeholder={t('volunteers.common.team')}
          value={teamId}
          onChange={setTeamId}
          options={(teams.data ?? []).map((tm) => ({ value: tm.id, label: tm.name }))}
          data-testid="duties-team"
        />
        <span>
          <Switch checked={pending} onChange={setPending} /> {t('volunteers.duties.onlyPending')}
        </span>
        <Tag color="blue">{t('volunteers.team.totalHours', { n: hoursText(total) })}</Tag>
      </Space>
      {duties.error ? <ErrorAlert error={duties.error} onRetry={() => void duties.refetch()} /> : null}
      <Card>
        <Table<DutyView>
          size="small"
          rowKey="id"
          loading={duties.isFetching}
          dataSource={rows}
          pagination={{ pageSize: 50, showSizeChanger: false }}
          onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
          data-testid="duties-table"
          columns={[
            { title: t('volunteers.common.volunteer'), render: (_, r) => r.volunteer.name },
            { title: t('volunteers.common.team'), render: (_, r) => r.team.name },
            {
              title: t('volunteers.common.time'),
              render: (_, r) => `${shiftWindow(r.startsAt, r.endsAt)} ${t(`volunteers.dutyKind.${r.kind}`)}`,
            },
            {
              title: t('volunteers.common.status'),
              render: (_, r) => <Tag>{t(`volunteers.dutyStatus.${r.status}`)}</Tag>,
            },
            {
              title: t('volunteers.duty.checkpoints'),
              render: (_, r) => `${r.checkpoints.passed}/${r.checkpoints.total}`,
            },
            {
              title: t('volunteers.duty.hoursTitle'),
              render: (_, r) => <span data-testid="duties-hours">{r.hours === null ? '—' : hoursText(r.hours)}</span>,
            },
            {
              title: t('volunteers.duties.review'),
              render: (_, r) => (
                <>
                  {r.verification ? (
                    <Tag
                      color={r.verification === 'pending' ? 'orange' : r.verification === 'rejected' ? 'red' : 'green'}
                    >
                      {t(`volunteers.verification.${r.verification}`)}
                    </Tag>
                  ) : null}
                  {r.flags.map((f) => (
                    <Tag key={f} color="orange">
                      {t(`volunteers.flag.${f}` as 'volunteers.flag.far_check_in')}
                    </Tag>
                  ))}
                </>
              ),
            },
          ]}
        />
      </Card>
      <DutyDrawer id={open} onClose={() => setOpen(null)} canReview={me.permissions.includes('patrols.manage')} />
    </div>
  );
}
