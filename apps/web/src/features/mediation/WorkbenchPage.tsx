import {
  BellOutlined,
  CalendarOutlined,
  CheckOutlined,
  ClockCircleOutlined,
  PhoneOutlined,
  SolutionOutlined,
} from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button, Card, Empty, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../api/client';
import { useLiveTopic } from '../../api/live';
import { isMediatorPortal } from '../../app/nav';
import { useCurrentUser, useHasPermission } from '../../app/session';
import { ErrorAlert, useErrorText } from '../../shared/errors';
import { PageHeader } from '../../shared/PageHeader';
import { FollowupDialog } from './FollowupsPanel';
import { DueText, LevelTag, RiskTag, rowData } from './labels';
import { useNotificationTitle } from './notifications';
import {
  type DisputeSummary,
  type FollowupView,
  mkeys,
  useDisputes,
  useFollowups,
  useNotifications,
  useUpcomingSessions,
} from './queries';
import { useLiveDisputes } from './useLiveDisputes';
import '../analysis/analysis.css';
import './mediation.css';

/**
 * `/mediation/workbench` ("我的调解"): the landing page of the mediator
 * portal and everyone's own mediation work — notifications (live), open
 * disputes in my charge, sessions ahead, follow-up visits due.
 */
export default function WorkbenchPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const me = useCurrentUser();
  const has = useHasPermission();
  const errorText = useErrorText();
  const portal = isMediatorPortal(me.roles);
  const title = useNotificationTitle();
  const mine = useDisputes({ view: 'mine', status: 'open', sort: 'due_asc', pageSize: 50 });
  const overdue = useDisputes({ view: 'overdue', pageSize: 1 });
  const sessions = useUpcomingSessions();
  const followups = useFollowups('pending');
  const notifications = useNotifications();
  const [recording, setRecording] = useState<FollowupView | null>(null);
  useLiveDisputes();
  useLiveTopic('mediation.notification', () => void qc.invalidateQueries({ queryKey: mkeys.notifications }));

  const unread = (notifications.data ?? []).filter((n) => n.readAt === null);
  const markRead = async (id: string) => {
    try {
      await api.post(`/api/mediation/notifications/${id}/read`);
      void qc.invalidateQueries({ queryKey: mkeys.notifications });
    } catch (e) {
      message.error(errorText(e));
    }
  };
  const markAll = async () => {
    await Promise.all(unread.map((n) => api.post(`/api/mediation/notifications/${n.id}/read`).catch(() => undefined)));
    void qc.invalidateQueries({ queryKey: mkeys.notifications });
  };
  const followupList = [...(followups.data ?? [])].sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  const dueSoon = followupList.filter((f) => dayjs(f.dueAt).diff(dayjs(), 'day') <= 7);

  const counts = [
    {
      key: 'open',
      icon: <SolutionOutlined />,
      label: t('mediation.workbench.myOpen'),
      value: mine.data?.total,
      to: '/mediation?view=mine&status=open',
    },
    {
      key: 'overdue',
      icon: <ClockCircleOutlined />,
      label: t('mediation.workbench.overdue'),
      value: overdue.data?.total,
      to: '/mediation?view=overdue',
      warn: true,
    },
    {
      key: 'sessions',
      icon: <CalendarOutlined />,
      label: t('mediation.workbench.sessions'),
      value: sessions.data?.length,
    },
    { key: 'followups', icon: <PhoneOutlined />, label: t('mediation.workbench.followups'), value: dueSoon.length },
    {
      key: 'unread',
      icon: <BellOutlined />,
      label: t('mediation.workbench.unread'),
      value: notifications.data ? unread.length : undefined,
    },
  ];

  return (
    <div className="fq-page fq-med" data-testid="workbench-page">
      <PageHeader
        title={portal ? t('mediation.workbench.titlePortal') : t('mediation.workbench.title')}
        subtitle={
          portal ? t('mediation.workbench.subtitlePortal', { name: me.displayName }) : t('mediation.workbench.subtitle')
        }
        extra={
          <Button type="primary" icon={<SolutionOutlined />} onClick={() => navigate('/mediation?view=mine')}>
            {t('mediation.workbench.toLedger')}
          </Button>
        }
      />
      <div className="fq-med-counts">
        {counts.map((c) => (
          <Card
            key={c.key}
            size="small"
            className={`fq-med-count ${c.warn && (c.value ?? 0) > 0 ? 'fq-med-count-warn' : ''} ${c.to ? 'fq-med-clickable' : ''}`}
            onClick={c.to ? () => navigate(c.to) : undefined}
            data-testid={`count-${c.key}`}
          >
            <div className="fq-med-count-icon">{c.icon}</div>
            <div>
              <div className="fq-an-card-label">{c.label}</div>
              <div className="fq-an-card-value" data-testid="count-value">
                {c.value ?? '—'}
              </div>
            </div>
          </Card>
        ))}
      </div>
      <div className="fq-med-workbench">
        <div className="fq-med-workbench-main">
          <Card
            title={t('mediation.workbench.myDisputes')}
            size="small"
            extra={<Link to="/mediation?view=mine&status=open">{t('mediation.workbench.all')}</Link>}
          >
            {mine.isError ? <ErrorAlert error={mine.error} onRetry={() => void mine.refetch()} /> : null}
            <Table<DisputeSummary>
              size="small"
              rowKey="id"
              loading={mine.isPending}
              pagination={false}
              dataSource={(mine.data?.items ?? []).slice(0, 12)}
              data-testid="my-disputes"
              locale={{ emptyText: t('mediation.workbench.noDisputes') }}
              onRow={(r) => rowData({ 'data-testid': 'my-dispute', 'data-number': r.number })}
              columns={[
                {
                  title: t('mediation.fields.number'),
                  dataIndex: 'number',
                  width: 160,
                  render: (n: string, r) => (
                    <Link to={`/mediation/${r.id}`} className="fq-mono">
                      {n}
                    </Link>
                  ),
                },
                { title: t('mediation.fields.summary'), dataIndex: 'summary', ellipsis: true },
                {
                  title: t('mediation.fields.level'),
                  key: 'level',
                  width: 90,
                  render: (_: unknown, r) => <LevelTag level={r.level} track={r.track} />,
                },
                {
                  title: t('mediation.fields.risk'),
                  dataIndex: 'risk',
                  width: 80,
                  render: (x: DisputeSummary['risk']) => <RiskTag risk={x} size="small" />,
                },
                {
                  title: t('mediation.fields.due'),
                  key: 'due',
                  width: 150,
                  render: (_: unknown, r) => <DueText dueAt={r.dueAt} overdue={r.overdue} />,
                },
              ]}
            />
          </Card>
          <Card title={t('mediation.workbench.upcomingSessions')} size="small">
            {sessions.isError ? <ErrorAlert error={sessions.error} /> : null}
            {(sessions.data ?? []).length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('mediation.workbench.noSessions')} />
            ) : (
              <div className="fq-med-list">
                {[...(sessions.data ?? [])]
                  .sort((x, y) => x.scheduledAt.localeCompare(y.scheduledAt))
                  .map((s) => (
                    <div key={s.id} className="fq-med-list-item fq-med-list-row" data-testid="upcoming-session">
                      <Space wrap>
                        <CalendarOutlined />
                        <strong>{dayjs(s.scheduledAt).format('MM-DD HH:mm')}</strong>
                        <Tag>{s.mode === 'video' ? t('mediation.sessions.modes.video') : s.place}</Tag>
                        <span className="fq-muted">{s.participants.map((p) => p.name).join('、')}</span>
                      </Space>
                      <Link to={`/mediation/${s.disputeId}?tab=sessions`} className="fq-mono">
                        {s.disputeNumber}
                      </Link>
                    </div>
                  ))}
              </div>
            )}
          </Card>
          <Card title={t('mediation.workbench.followupsDue')} size="small">
            {followupList.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('mediation.workbench.noFollowups')} />
            ) : (
              <div className="fq-med-list">
                {followupList.slice(0, 12).map((f) => (
                  <div key={f.id} className="fq-med-list-item fq-med-list-row" data-testid="pending-followup">
                    <Space wrap>
                      <Link to={`/mediation/${f.disputeId}?tab=followups`} className="fq-mono">
                        {f.disputeNumber}
                      </Link>
                      <span>{t('mediation.followups.seqN', { seq: f.seq })}</span>
                      <span className={f.overdue ? 'fq-med-due-soon' : 'fq-muted'}>
                        {t('mediation.workbench.dueOn', { date: dayjs(f.dueAt).format('YYYY-MM-DD') })}
                      </span>
                      {f.overdue ? <Tag color="red">{t('mediation.followups.overdue')}</Tag> : null}
                    </Space>
                    {has('disputes.write') ? (
                      <Button size="small" icon={<PhoneOutlined />} onClick={() => setRecording(f)}>
                        {t('mediation.followups.record')}
                      </Button>
                    ) : null}
                  </div>
                ))}
              </div>
            )}
          </Card>
        </div>
        <Card
          className="fq-med-workbench-side"
          size="small"
          title={
            <Space>
              <Badge count={unread.length} size="small">
                <BellOutlined />
              </Badge>
              {t('mediation.workbench.notifications')}
            </Space>
          }
          extra={
            unread.length > 0 ? (
              <Button size="small" type="link" icon={<CheckOutlined />} onClick={() => void markAll()}>
                {t('mediation.workbench.markAll')}
              </Button>
            ) : null
          }
        >
          {notifications.isError ? <ErrorAlert error={notifications.error} /> : null}
          {(notifications.data ?? []).length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('mediation.workbench.noNotifications')} />
          ) : (
            <div className="fq-med-list" data-testid="notifications">
              {(notifications.data ?? []).map((n) => (
                <button
                  type="button"
                  key={n.id}
                  className={
                    n.readAt ? 'fq-med-list-item fq-med-notice fq-med-notice-read' : 'fq-med-list-item fq-med-notice'
                  }
                  data-testid="notification"
                  data-kind={n.kind}
                  onClick={() => {
                    if (!n.readAt) void markRead(n.id);
                    if (n.disputeId) navigate(`/mediation/${n.disputeId}`);
                  }}
                >
                  <div className="fq-med-notice-title">{title(n)}</div>
                  {n.body ? (
                    <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ marginBottom: 0 }}>
                      {n.body}
                    </Typography.Paragraph>
                  ) : null}
                  <div className="fq-muted fq-med-notice-at">{dayjs(n.createdAt).format('YYYY-MM-DD HH:mm')}</div>
                </button>
              ))}
            </div>
          )}
        </Card>
      </div>
      <FollowupDialog
        followup={recording}
        disputeId={recording?.disputeId ?? ''}
        onClose={() => {
          setRecording(null);
          void qc.invalidateQueries({ queryKey: ['mediation', 'followups'] });
        }}
      />
    </div>
  );
}
