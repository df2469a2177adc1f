import { CommentOutlined, EnvironmentOutlined, PlusOutlined, VideoCameraOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Form, Input, Modal, Select, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api } from '../../api/client';
import { useOfficers } from '../../api/queries';
import { useHasPermission } from '../../app/session';
import { applyFieldErrors, ErrorAlert, useErrorText, useFieldText } from '../../shared/errors';
import { PageHeader } from '../../shared/PageHeader';
import { type MeetingView, mkeys, useMediators, useMeetings } from './queries';
import './mediation.css';

const RECURRENCES = ['none', 'weekly', 'biweekly', 'monthly'] as const;

interface CreateValues {
  title?: string;
  scheduledAt?: Dayjs;
  place?: string;
  videoLink?: string;
  recurrence: (typeof RECURRENCES)[number];
  attendeeIds: string[];
}

/** People who may attend: the mediator pool and, for those who may list staff, the station's officers. */
export function useAttendeeOptions(enabled: boolean) {
  const { t } = useTranslation();
  const has = useHasPermission();
  const mediators = useMediators();
  const officers = useOfficers(enabled && has('personnel.read'));
  return useMemo(
    () =>
      [
        {
          label: t('mediation.meetings.officers'),
          options: (officers.data?.items ?? []).map((p) => ({
            value: p.id,
            label: `${p.name} · ${t('mediation.meetings.officer')}`,
          })),
        },
        {
          label: t('mediation.meetings.mediators'),
          options: (mediators.data ?? []).map((m) => ({
            value: m.id,
            label: `${m.name} · ${t(`mediation.mediatorKind.${m.kind}`)}`,
          })),
        },
      ].filter((g) => g.options.length > 0),
    [officers.data, mediators.data, t],
  );
}

function CreateMeetingDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const errorText = useErrorText();
  const fieldText = useFieldText();
  const [form] = Form.useForm<CreateValues>();
  const [saving, setSaving] = useState(false);
  const options = useAttendeeOptions(open);

  const submit = async () => {
    // Field errors show under the fields; nothing is sent.
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setSaving(true);
    try {
      const m = await api.post<MeetingView>('/api/mediation/meetings', {
        title: v.title?.trim(),
        scheduledAt: (v.scheduledAt ?? dayjs()).toISOString(),
        ...(v.place?.trim() ? { place: v.place.trim() } : {}),
        ...(v.videoLink?.trim() ? { videoLink: v.videoLink.trim() } : {}),
        recurrence: v.recurrence,
        attendeeIds: v.attendeeIds,
      });
      message.success(t('mediation.meetings.created', { count: m.agenda.length }));
      void qc.invalidateQueries({ queryKey: mkeys.meetings });
      onClose();
      navigate(`/mediation/meetings/${m.id}`);
    } catch (e) {
      if (!applyFieldErrors(form, e, fieldText)) message.error(errorText(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('mediation.meetings.new')}
      okText={t('mediation.meetings.create')}
      cancelText={t('app.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={saving}
      destroyOnHidden
      width={600}
    >
      <Form<CreateValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        data-testid="meeting-form"
        initialValues={{
          title: t('mediation.meetings.defaultTitle'),
          scheduledAt: dayjs().add(1, 'day').hour(15).minute(0).second(0).millisecond(0),
          place: t('mediation.meetings.defaultPlace'),
          recurrence: 'weekly',
          attendeeIds: [],
        }}
      >
        <Form.Item
          name="title"
          label={t('mediation.meetings.titleField')}
          rules={[{ required: true, whitespace: true, min: 2, message: t('mediation.meetings.titleRequired') }]}
        >
          <Input maxLength={100} data-testid="meeting-title" />
        </Form.Item>
        <Form.Item
          name="scheduledAt"
          label={t('mediation.meetings.when')}
          rules={[{ required: true, message: t('mediation.sessions.whenRequired') }]}
        >
          <DatePicker showTime={{ format: 'HH:mm', minuteStep: 5 }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
        <Form.Item name="place" label={t('mediation.meetings.place')}>
          <Input maxLength={200} prefix={<EnvironmentOutlined />} />
        </Form.Item>
        <Form.Item
          name="videoLink"
          label={t('mediation.meetings.videoLink')}
          rules={[{ type: 'url', message: t('mediation.sessions.videoLinkRequired') }]}
        >
          <Input maxLength={500} prefix={<VideoCameraOutlined />} placeholder="https://" />
        </Form.Item>
        <Form.Item name="recurrence" label={t('mediation.meetings.recurrence')}>
          <Select options={RECURRENCES.map((r) => ({ value: r, label: t(`mediation.meetings.recurrences.${r}`) }))} />
        </Form.Item>
        <Form.Item
          name="attendeeIds"
          label={t('mediation.meetings.attendees')}
          extra={t('mediation.meetings.attendeesHint')}
        >
          <Select
            mode="multiple"
            showSearch={{ optionFilterProp: 'label' }}
            options={options}
            data-testid="meeting-attendees"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** `/mediation/meetings`: regular consultation meetings (定期会商) on the hard cases. */
export default function MeetingsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const has = useHasPermission();
  const meetings = useMeetings();
  const [creating, setCreating] = useState(false);
  const rows = [...(meetings.data ?? [])].sort((a, b) => b.scheduledAt.localeCompare(a.scheduledAt));
  return (
    <div className="fq-page fq-med" data-testid="meetings-page">
      <PageHeader
        title={t('mediation.meetings.title')}
        subtitle={t('mediation.meetings.subtitle')}
        extra={
          has('disputes.coordinate') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="meeting-new">
              {t('mediation.meetings.new')}
            </Button>
          ) : null
        }
      />
      <Card>
        {meetings.isError ? <ErrorAlert error={meetings.error} onRetry={() => void meetings.refetch()} /> : null}
        <Table<MeetingView>
          rowKey="id"
          loading={meetings.isPending}
          dataSource={rows}
          pagination={false}
          data-testid="meetings-table"
          locale={{ emptyText: t('mediation.meetings.none') }}
          onRow={(m) => ({
            onClick: () => navigate(`/mediation/meetings/${m.id}`),
            className: 'fq-med-clickable',
            'data-testid': 'meeting-row',
            'data-id': m.id,
          })}
          columns={[
            {
              title: t('mediation.meetings.titleField'),
              dataIndex: 'title',
              render: (v: string) => (
                <span>
                  <CommentOutlined /> <strong>{v}</strong>
                </span>
              ),
            },
            {
              title: t('mediation.meetings.when'),
              dataIndex: 'scheduledAt',
              width: 160,
              render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm'),
            },
            {
              title: t('mediation.meetings.place'),
              key: 'place',
              render: (_: unknown, m) => m.place ?? (m.videoLink ? t('mediation.sessions.modes.video') : '—'),
            },
            {
              title: t('mediation.meetings.recurrence'),
              dataIndex: 'recurrence',
              width: 100,
              render: (r: MeetingView['recurrence']) => <Tag>{t(`mediation.meetings.recurrences.${r}`)}</Tag>,
            },
            {
              title: t('mediation.meetings.agenda'),
              key: 'agenda',
              width: 140,
              render: (_: unknown, m) =>
                t('mediation.meetings.agendaCount', {
                  decided: m.agenda.filter((i) => i.decision !== null).length,
                  count: m.agenda.length,
                }),
            },
            {
              title: t('mediation.meetings.attendees'),
              key: 'attendees',
              width: 110,
              render: (_: unknown, m) =>
                m.status === 'held'
                  ? t('mediation.meetings.presentOf', {
                      present: m.attendees.filter((a) => a.present).length,
                      count: m.attendees.length,
                    })
                  : m.attendees.length,
            },
            {
              title: t('mediation.meetings.status'),
              dataIndex: 'status',
              width: 100,
              render: (s: MeetingView['status']) => (
                <Tag color={s === 'held' ? 'green' : s === 'scheduled' ? 'blue' : 'default'}>
                  {t(`mediation.meetings.statuses.${s}`)}
                </Tag>
              ),
            },
          ]}
        />
      </Card>
      <CreateMeetingDialog open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}
