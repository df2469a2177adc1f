import {
  ArrowLeftOutlined,
  CheckCircleOutlined,
  CommentOutlined,
  EnvironmentOutlined,
  ReloadOutlined,
  SaveOutlined,
  VideoCameraOutlined,
} from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Empty, Input, Modal, Space, Spin, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api } from '../../api/client';
import { useHasPermission } from '../../app/session';
import { ErrorAlert, useErrorText } from '../../shared/errors';
import { LevelTag, RiskTag, rowData, StatusTag, useMediationLabels } from './labels';
import { type MeetingView, mkeys, useMeeting } from './queries';
import './mediation.css';

type Item = MeetingView['agenda'][number];

function DecisionCell({ m, item, canDecide }: { m: MeetingView; item: Item; canDecide: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const [text, setText] = useState('');
  const [editing, setEditing] = useState(false);
  const [saving, setSaving] = useState(false);
  const save = async () => {
    setSaving(true);
    try {
      const next = await api.post<MeetingView>(`/api/mediation/meetings/${m.id}/decisions`, {
        disputeId: item.dispute.id,
        decision: text.trim(),
      });
      qc.setQueryData(mkeys.meeting(m.id), next);
      void qc.invalidateQueries({ queryKey: mkeys.meetings });
      void qc.invalidateQueries({ queryKey: mkeys.dispute(item.dispute.id) });
      message.success(t('mediation.meetings.decisionSaved', { number: item.dispute.number }));
      setEditing(false);
      setText('');
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setSaving(false);
    }
  };
  if (item.decision && !editing)
    return (
      <div data-testid="agenda-decision">
        <Typography.Paragraph className="fq-med-prose" style={{ marginBottom: 4 }}>
          {item.decision}
        </Typography.Paragraph>
        <span className="fq-muted">{item.decidedAt ? dayjs(item.decidedAt).format('YYYY-MM-DD HH:mm') : ''}</span>
        {canDecide ? (
          <Button
            type="link"
            size="small"
            onClick={() => {
              setText(item.decision ?? '');
              setEditing(true);
            }}
          >
            {t('mediation.meetings.revise')}
          </Button>
        ) : null}
      </div>
    );
  if (!canDecide) return <span className="fq-muted">{t('mediation.meetings.noDecision')}</span>;
  return (
    <div className="fq-med-decision-edit">
      <Input.TextArea
        value={text}
        onChange={(e) => setText(e.target.value)}
        autoSize={{ minRows: 1, maxRows: 4 }}
        maxLength={2000}
        placeholder={t('mediation.meetings.decisionPlaceholder')}
        data-testid="decision-input"
      />
      <Button
        type="primary"
        size="small"
        icon={<SaveOutlined />}
        disabled={text.trim().length < 2}
        loading={saving}
        onClick={() => void save()}
        data-testid="decision-save"
      >
        {t('mediation.meetings.recordDecision')}
      </Button>
    </div>
  );
}

/** `/mediation/meetings/:id`: a consultation meeting — its generated agenda, attendance, a decision per dispute, closing. */
export default function MeetingPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const has = useHasPermission();
  const errorText = useErrorText();
  const labels = useMediationLabels();
  const meeting = useMeeting(id);
  const [present, setPresent] = useState<string[]>([]);
  const [busy, setBusy] = useState<'agenda' | 'attendance' | 'close' | null>(null);
  const [closing, setClosing] = useState(false);
  const [minutes, setMinutes] = useState('');
  const m = meeting.data;
  useEffect(() => {
    if (m) setPresent(m.attendees.filter((a) => a.present).map((a) => a.personId));
  }, [m]);

  if (meeting.isPending)
    return (
      <div className="fq-center">
        <Spin size="large" />
      </div>
    );
  if (meeting.isError || !m)
    return (
      <div className="fq-page">
        <ErrorAlert error={meeting.error} onRetry={() => void meeting.refetch()} />
      </div>
    );

  const coordinate = has('disputes.coordinate');
  const scheduled = m.status === 'scheduled';
  const canDecide = coordinate && m.status !== 'cancelled';
  const decided = m.agenda.filter((i) => i.decision !== null).length;

  const act = async (kind: 'agenda' | 'attendance' | 'close', fn: () => Promise<MeetingView>, ok: string) => {
    setBusy(kind);
    try {
      const next = await fn();
      qc.setQueryData(mkeys.meeting(m.id), next);
      void qc.invalidateQueries({ queryKey: mkeys.meetings });
      message.success(ok);
      return true;
    } catch (e) {
      message.error(errorText(e));
      return false;
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="fq-page fq-med" data-testid="meeting-page" data-status={m.status}>
      <Card className="fq-med-header">
        <div className="fq-med-header-top">
          <div className="fq-med-header-title">
            <Button
              type="text"
              icon={<ArrowLeftOutlined />}
              onClick={() => navigate('/mediation/meetings')}
              aria-label={t('app.back')}
            />
            <div>
              <Typography.Title level={4} className="fq-med-title">
                <CommentOutlined /> {m.title}
              </Typography.Title>
              <Space wrap size={4}>
                <Tag color={m.status === 'held' ? 'green' : scheduled ? 'blue' : 'default'}>
                  {t(`mediation.meetings.statuses.${m.status}`)}
                </Tag>
                <span>{dayjs(m.scheduledAt).format('YYYY-MM-DD HH:mm')}</span>
                {m.place ? <Tag icon={<EnvironmentOutlined />}>{m.place}</Tag> : null}
                {m.videoLink ? (
                  <Tag icon={<VideoCameraOutlined />}>
                    <a href={m.videoLink} target="_blank" rel="noreferrer">
                      {t('mediation.sessions.modes.video')}
                    </a>
                  </Tag>
                ) : null}
                <Tag>{t(`mediation.meetings.recurrences.${m.recurrence}`)}</Tag>
                {m.nextMeetingId ? (
                  <Link to={`/mediation/meetings/${m.nextMeetingId}`}>{t('mediation.meetings.next')}</Link>
                ) : null}
              </Space>
            </div>
          </div>
          {coordinate && scheduled ? (
            <Space wrap>
              <Button
                icon={<ReloadOutlined />}
                loading={busy === 'agenda'}
                onClick={() =>
                  void act(
                    'agenda',
                    () => api.post<MeetingView>(`/api/mediation/meetings/${m.id}/agenda`),
                    t('mediation.meetings.agendaRebuilt'),
                  )
                }
                data-testid="agenda-rebuild"
              >
                {t('mediation.meetings.rebuild')}
              </Button>
              <Button
                type="primary"
                icon={<CheckCircleOutlined />}
                onClick={() => setClosing(true)}
                data-testid="meeting-close"
              >
                {t('mediation.meetings.close')}
              </Button>
            </Space>
          ) : null}
        </div>
      </Card>

      <div className="fq-med-meeting-body">
        <Card
          title={t('mediation.meetings.agendaTitle', { decided, count: m.agenda.length })}
          className="fq-med-agenda-card"
          extra={<span className="fq-muted">{t('mediation.meetings.agendaHint')}</span>}
        >
          {m.agenda.length === 0 ? (
            <Empty description={t('mediation.meetings.emptyAgenda')} />
          ) : (
            <Table<Item>
              rowKey={(i) => i.dispute.id}
              size="small"
              pagination={false}
              dataSource={m.agenda}
              data-testid="agenda"
              onRow={(i) =>
                rowData({
                  'data-testid': 'agenda-item',
                  'data-number': i.dispute.number,
                  'data-decided': i.decision ? 'true' : 'false',
                })
              }
              columns={[
                { title: '#', dataIndex: 'seq', width: 44 },
                {
                  title: t('mediation.meetings.dispute'),
                  key: 'dispute',
                  render: (_: unknown, i) => (
                    <div>
                      <Link to={`/mediation/${i.dispute.id}`} className="fq-mono">
                        {i.dispute.number}
                      </Link>
                      <div>{i.dispute.summary}</div>
                      <div className="fq-muted">
                        {labels.category(i.dispute.categoryCode)} · {i.dispute.partyNames}
                      </div>
                    </div>
                  ),
                },
                {
                  title: t('mediation.meetings.state'),
                  key: 'state',
                  width: 190,
                  render: (_: unknown, i) => (
                    <Space size={[2, 4]} wrap>
                      <LevelTag level={i.dispute.level} track={i.dispute.track} />
                      <RiskTag risk={i.dispute.risk} size="small" />
                      <StatusTag status={i.dispute.status} />
                    </Space>
                  ),
                },
                {
                  title: t('mediation.meetings.why'),
                  dataIndex: 'reasons',
                  width: 150,
                  render: (r: Item['reasons']) =>
                    r.length === 0 ? (
                      <Tag>{t('mediation.meetings.added')}</Tag>
                    ) : (
                      r.map((x) => (
                        <Tag key={x} color={x === 'red' ? 'red' : x === 'overdue' ? 'volcano' : 'geekblue'}>
                          {t(`mediation.meetings.reasons.${x}`)}
                        </Tag>
                      ))
                    ),
                },
                {
                  title: t('mediation.meetings.decision'),
                  key: 'decision',
                  width: '34%',
                  render: (_: unknown, i) => <DecisionCell m={m} item={i} canDecide={canDecide} />,
                },
              ]}
            />
          )}
        </Card>

        <Card title={t('mediation.meetings.attendance')} className="fq-med-attendance-card" size="small">
          {m.attendees.length === 0 ? (
            <Typography.Text type="secondary">{t('mediation.meetings.noAttendees')}</Typography.Text>
          ) : (
            <Checkbox.Group
              value={present}
              onChange={(v) => setPresent(v as string[])}
              disabled={!coordinate || m.status === 'cancelled'}
              className="fq-med-attendees"
              data-testid="attendance"
              options={m.attendees.map((a) => ({ value: a.personId, label: a.name }))}
            />
          )}
          {coordinate && m.attendees.length > 0 && m.status !== 'cancelled' ? (
            <Button
              block
              icon={<SaveOutlined />}
              loading={busy === 'attendance'}
              style={{ marginTop: 12 }}
              onClick={() =>
                void act(
                  'attendance',
                  () =>
                    api.post<MeetingView>(`/api/mediation/meetings/${m.id}/attendance`, {
                      attendees: m.attendees.map((a) => ({
                        personId: a.personId,
                        present: present.includes(a.personId),
                      })),
                    }),
                  t('mediation.meetings.attendanceSaved'),
                )
              }
              data-testid="attendance-save"
            >
              {t('mediation.meetings.saveAttendance')}
            </Button>
          ) : null}
          {m.minutes ? (
            <>
              <Typography.Title level={5} style={{ marginTop: 16 }}>
                {t('mediation.meetings.minutes')}
              </Typography.Title>
              <Typography.Paragraph className="fq-med-prose">{m.minutes}</Typography.Paragraph>
            </>
          ) : null}
        </Card>
      </div>

      <Modal
        open={closing}
        title={t('mediation.meetings.closeTitle')}
        okText={t('mediation.meetings.close')}
        cancelText={t('app.cancel')}
        confirmLoading={busy === 'close'}
        onCancel={() => setClosing(false)}
        onOk={async () => {
          const ok = await act(
            'close',
            () =>
              api.post<MeetingView>(
                `/api/mediation/meetings/${m.id}/close`,
                minutes.trim() ? { minutes: minutes.trim() } : {},
              ),
            t('mediation.meetings.closed'),
          );
          if (ok) setClosing(false);
        }}
      >
        {decided < m.agenda.length ? (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            title={t('mediation.meetings.undecided', { count: m.agenda.length - decided })}
          />
        ) : null}
        {m.recurrence !== 'none' ? (
          <Typography.Paragraph type="secondary">{t('mediation.meetings.closeRecurring')}</Typography.Paragraph>
        ) : null}
        <Input.TextArea
          value={minutes}
          onChange={(e) => setMinutes(e.target.value)}
          rows={5}
          maxLength={20000}
          placeholder={t('mediation.meetings.minutesPlaceholder')}
          data-testid="meeting-minutes"
        />
      </Modal>
    </div>
  );
}
