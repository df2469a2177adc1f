import { Card, Empty, Segmented, Skeleton, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../shared/errors';
import { hoursText } from '../format';
import { useMyPoints, useMyVolunteer, useTeamLeaderboard } from '../queries';
import { PhoneShell } from './PhoneShell';

/** The volunteer's points ledger (every entry with its source record and rule) and a team's leaderboard. */
export default function PointsPage() {
  const { t } = useTranslation();
  const me = useMyVolunteer();
  const points = useMyPoints();
  const teams = me.data?.teams ?? [];
  const [teamId, setTeamId] = useState<string | null>(null);
  const team = teamId ?? teams[0]?.id ?? null;
  const board = useTeamLeaderboard(team);
  const p = points.data;
  return (
    <PhoneShell title={t('volunteers.points.title')} back="/volunteer" unread={me.data?.unreadNotifications}>
      {points.isLoading ? <Skeleton active /> : null}
      {points.error ? <ErrorAlert error={points.error} onRetry={() => void points.refetch()} /> : null}
      {p ? (
        <Card className="vp-card">
          <div className="vp-card-title">{t('volunteers.points.total', { n: Math.round(p.total) })}</div>
          <div style={{ display: 'flex', gap: 6, flexWrap: 'wrap' }}>
            {Object.entries(p.bySource).map(([s, n]) => (
              <Tag key={s} color="blue">
                {t(`volunteers.pointSource.${s}` as 'volunteers.pointSource.duty_hours')} {Math.round(n)}
              </Tag>
            ))}
          </div>
        </Card>
      ) : null}

      <Card className="vp-card">
        <div className="vp-card-title">{t('volunteers.points.leaderboard')}</div>
        {teams.length > 1 ? (
          <Segmented
            block
            size="small"
            value={team ?? undefined}
            onChange={(v) => setTeamId(String(v))}
            options={teams.map((tm) => ({ value: tm.id, label: t(`volunteers.teamKind.${tm.kind}`) }))}
            style={{ marginBottom: 8 }}
          />
        ) : null}
        {board.data ? (
          <Table
            size="small"
            rowKey="personId"
            pagination={false}
            data-testid="vp-leaderboard"
            dataSource={board.data.rows.slice(0, 20)}
            rowClassName={(r) => (r.personId === me.data?.personId ? 'ant-table-row-selected' : '')}
            columns={[
              { title: t('volunteers.points.rank'), dataIndex: 'rank', width: 48 },
              { title: t('volunteers.points.name'), dataIndex: 'name' },
              { title: t('volunteers.points.points'), dataIndex: 'points', render: (v: number) => Math.round(v) },
              { title: t('volunteers.points.hours'), dataIndex: 'hours', render: (v: number) => hoursText(v) },
            ]}
          />
        ) : board.isLoading ? (
          <Skeleton active />
        ) : null}
      </Card>

      {p ? (
        <Card className="vp-card">
          <div className="vp-card-title">{t('volunteers.points.ledger')}</div>
          {p.entries.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> : null}
          {p.entries.slice(0, 100).map((e) => (
            <div className="vp-row" key={e.id} data-testid="vp-point-entry">
              <div className="vp-row-main">
                <div className="vp-row-title">{e.sourceLabel}</div>
                <div className="vp-row-sub">
                  {e.day} · {t(`volunteers.pointSource.${e.source}`)} ·{' '}
                  {t('volunteers.points.rule', {
                    points: e.rule.points,
                    per: t(`volunteers.points.per.${e.rule.per}`),
                  })}
                </div>
              </div>
              <strong>+{Math.round(e.points * 100) / 100}</strong>
            </div>
          ))}
        </Card>
      ) : null}
    </PhoneShell>
  );
}
