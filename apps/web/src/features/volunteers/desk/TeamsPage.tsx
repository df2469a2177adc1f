import { useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Descriptions,
  Drawer,
  Popconfirm,
  Segmented,
  Select,
  Skeleton,
  Space,
  Table,
  Tag,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, request } from '../../../api/client';
import { useCurrentUser } from '../../../app/session';
import { ErrorAlert } from '../../../shared/errors';
import { PageHeader } from '../../../shared/PageHeader';
import { useVolunteerErrorText } from '../errors';
import { type TeamSummary, useRoster, useTeam, useTeams, vkeys } from '../queries';
import { RouteSketch } from '../RouteSketch';
import '../volunteers.css';

/** Patrol teams, merchants' ten-household groups (with their shops) and school posts (with their duty windows). */
export default function TeamsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const canManage = me.permissions.includes('volunteers.manage');
  const qc = useQueryClient();
  const errorText = useVolunteerErrorText();
  const [kind, setKind] = useState<string>('all');
  const [open, setOpen] = useState<string | null>(null);
  const [adding, setAdding] = useState<string | undefined>();
  const teams = useTeams(kind === 'all' ? {} : { kind });
  const team = useTeam(open);
  const tm = team.data;
  const candidates = useRoster({ status: 'approved', gridId: tm?.gridId ?? undefined, pageSize: 200 });

  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      void message.success(t('volunteers.common.saved'));
      void qc.invalidateQueries({ queryKey: vkeys.all });
    } catch (err) {
      void message.error(errorText(err));
    }
  };

  return (
    <div className="fq-page">
      <PageHeader title={t('volunteers.teams.title')} />
      <Segmented
        className="fq-filter-bar"
        value={kind}
        onChange={(v) => setKind(String(v))}
        options={[
          { value: 'all', label: t('volunteers.common.all') },
          { value: 'patrol', label: t('volunteers.teamKind.patrol') },
          { value: 'merchant_group', label: t('volunteers.teamKind.merchant_group') },
          { value: 'school_post', label: t('volunteers.teamKind.school_post') },
        ]}
      />
      {teams.error ? <ErrorAlert error={teams.error} onRetry={() => void teams.refetch()} /> : null}
      <Card>
        <Table<TeamSummary>
          size="small"
          rowKey="id"
          loading={teams.isLoading}
          dataSource={teams.data ?? []}
          pagination={{ pageSize: 30, showSizeChanger: false }}
          onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('volunteers.roster.name'), dataIndex: 'name' },
            {
              title: t('volunteers.common.team'),
              dataIndex: 'kind',
              render: (k: string) => <Tag>{t(`volunteers.teamKind.${k}` as 'volunteers.teamKind.patrol')}</Tag>,
            },
            { title: t('volunteers.teams.place'), render: (_, r) => r.place?.name ?? '—' },
            { title: t('volunteers.teams.leader'), render: (_, r) => r.leader?.name ?? '—' },
            { title: t('volunteers.teams.members'), dataIndex: 'memberCount' },
          ]}
        />
      </Card>
      <Drawer open={Boolean(open)} onClose={() => setOpen(null)} size={620} title={tm?.name ?? ''}>
        {team.isLoading ? <Skeleton active /> : null}
        {tm ? (
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Descriptions size="small" bordered column={1}>
              <Descriptions.Item label={t('volunteers.common.team')}>
                {t(`volunteers.teamKind.${tm.kind}`)}
              </Descriptions.Item>
              {tm.place ? (
                <Descriptions.Item label={t('volunteers.teams.place')}>{tm.place.name}</Descriptions.Item>
              ) : null}
              <Descriptions.Item label={t('volunteers.teams.leader')}>{tm.leader?.name ?? '—'}</Descriptions.Item>
              {tm.settings.gateName ? (
                <Descriptions.Item label={t('volunteers.teams.gate')}>{tm.settings.gateName}</Descriptions.Item>
              ) : null}
              {tm.settings.windows ? (
                <Descriptions.Item label={t('volunteers.teams.windows')}>
                  {tm.settings.windows.map((w) => `${w.from}–${w.to}`).join('，')}
                </Descriptions.Item>
              ) : null}
              {tm.settings.nightWindow ? (
                <Descriptions.Item
                  label={t('volunteers.teams.nightWindow')}
                >{`${tm.settings.nightWindow.from}–${tm.settings.nightWindow.to}`}</Descriptions.Item>
              ) : null}
            </Descriptions>
            <Card size="small" title={t('volunteers.teams.members')}>
              <Table
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={tm.members}
                columns={[
                  {
                    title: t('volunteers.roster.name'),
                    dataIndex: 'name',
                    render: (n: string, m) =>
                      m.leader ? (
                        <>
                          {n} <Tag color="gold">{t('volunteers.teams.leader')}</Tag>
                        </>
                      ) : (
                        n
                      ),
                  },
                  { title: t('volunteers.roster.phone'), dataIndex: 'phone' },
                  {
                    title: t('volunteers.common.status'),
                    dataIndex: 'status',
                    render: (s: string) => t(`volunteers.status.${s}` as 'volunteers.status.approved'),
                  },
                  ...(canManage
                    ? [
                        {
                          title: t('volunteers.common.actions'),
                          render: (_: unknown, m: (typeof tm.members)[number]) => (
                            <Space size={4}>
                              {!m.leader ? (
                                <Button
                                  size="small"
                                  onClick={() =>
                                    void act(() =>
                                      api.patch(`/api/volunteers/teams/${tm.id}`, {
                                        leaderPersonId: m.id,
                                        version: tm.version,
                                      }),
                                    )
                                  }
                                >
                                  {t('volunteers.teams.makeLeader')}
                                </Button>
                              ) : null}
                              <Popconfirm
                                title={t('volunteers.teams.removeMember')}
                                onConfirm={() =>
                                  void act(() =>
                                    request(`/api/volunteers/teams/${tm.id}/members/${m.id}`, { method: 'DELETE' }),
                                  )
                                }
                              >
                                <Button size="small" danger>
                                  {t('volunteers.teams.removeMember')}
                                </Button>
                              </Popconfirm>
                            </Space>
                          ),
                        },
                      ]
                    : []),
                ]}
              />
              {canManage ? (
                <Space style={{ marginTop: 8 }}>
                  <Select
                    showSearch
                    optionFilterProp="label"
                    style={{ width: 240 }}
                    value={adding}
                    onChange={setAdding}
                    placeholder={t('volunteers.teams.personId')}
                    options={(candidates.data?.items ?? [])
                      .filter((c) => !tm.members.some((m) => m.id === c.personId))
                      .map((c) => ({ value: c.personId, label: `${c.name} ${c.phone ?? ''}` }))}
                  />
                  <Button
                    disabled={!adding}
                    onClick={() =>
                      void act(() => api.post(`/api/volunteers/teams/${tm.id}/members`, { personId: adding })).then(
                        () => setAdding(undefined),
                      )
                    }
                  >
                    {t('volunteers.teams.addMember')}
                  </Button>
                </Space>
              ) : null}
            </Card>
            {tm.shops.length > 0 ? (
              <Card size="small" title={t('volunteers.teams.shops')}>
                <Table
                  size="small"
                  rowKey="id"
                  pagination={false}
                  dataSource={tm.shops}
                  columns={[
                    { title: '#', dataIndex: 'seq', width: 40 },
                    { title: t('volunteers.teams.shop'), dataIndex: 'name' },
                    { title: t('volunteers.teams.owner'), dataIndex: 'ownerName' },
                    { title: t('volunteers.hazard.address'), dataIndex: 'address' },
                  ]}
                />
              </Card>
            ) : null}
            {tm.routes.map((r) => (
              <Card
                size="small"
                key={r.id}
                title={`${t('volunteers.teams.routes')} · ${r.name}`}
                extra={t('volunteers.patrols.corridor', { m: r.corridorM })}
              >
                <RouteSketch path={r.path} checkpoints={r.checkpoints} height={200} />
                {r.checkpoints.map((c, i) => (
                  <div key={c.id} className="fq-muted">
                    {i + 1}. {c.name} · {c.radiusM} m {c.qrToken ? `· ${t('volunteers.teams.qr')} ${c.qrToken}` : ''}
                  </div>
                ))}
              </Card>
            ))}
          </Space>
        ) : null}
      </Drawer>
    </div>
  );
}
