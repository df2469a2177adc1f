import { useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Drawer,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { useCurrentUser } from '../../../app/session';
import { ErrorAlert } from '../../../shared/errors';
import { PageHeader } from '../../../shared/PageHeader';
import { useVolunteerErrorText } from '../errors';
import { mmddHhmm } from '../format';
import {
  type CertificateView,
  type TrainingSessionView,
  useCertificates,
  useCourses,
  useRoster,
  useTrainings,
  vkeys,
} from '../queries';
import '../volunteers.css';

type Row = { personId: string; name: string; attended: boolean; passed: boolean };

/** Attendance of one session: who came and who passed (passing a certifying course issues the certificate). */
function AttendanceDrawer({
  session,
  onClose,
  canManage,
}: {
  session: TrainingSessionView | null;
  onClose: () => void;
  canManage: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const errorText = useVolunteerErrorText();
  const [rows, setRows] = useState<Row[]>([]);
  const [adding, setAdding] = useState<string | undefined>();
  const roster = useRoster({ status: 'approved', pageSize: 200 });
  useEffect(() => {
    setRows(
      (session?.attendance ?? []).map((a) => ({
        personId: a.personId,
        name: a.name,
        attended: a.attended,
        passed: a.passed ?? false,
      })),
    );
  }, [session]);
  const save = async () => {
    if (!session) return;
    try {
      await api.put(`/api/volunteers/trainings/${session.id}/attendance`, {
        records: rows.map(({ personId, attended, passed }) => ({ personId, attended, passed })),
      });
      void message.success(t('volunteers.common.saved'));
      void qc.invalidateQueries({ queryKey: vkeys.all });
      onClose();
    } catch (err) {
      void message.error(errorText(err));
    }
  };
  const set = (id: string, patch: Partial<Row>) =>
    setRows((rs) => rs.map((r) => (r.personId === id ? { ...r, ...patch } : r)));
  return (
    <Drawer
      open={Boolean(session)}
      onClose={onClose}
      size={520}
      title={session ? `${session.course.name} · ${mmddHhmm(session.startsAt)}` : ''}
      extra={
        canManage ? (
          <Button type="primary" onClick={() => void save()} disabled={rows.length === 0}>
            {t('volunteers.training.saveAttendance')}
          </Button>
        ) : null
      }
    >
      <Table
        size="small"
        rowKey="personId"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: t('volunteers.roster.name'), dataIndex: 'name' },
          {
            title: t('volunteers.training.attended'),
            render: (_, r) => (
              <Checkbox
                disabled={!canManage}
                checked={r.attended}
                onChange={(e) => set(r.personId, { attended: e.target.checked })}
              />
            ),
          },
          {
            title: t('volunteers.training.passed'),
            render: (_, r) => (
              <Checkbox
                disabled={!canManage || !r.attended}
                checked={r.passed}
                onChange={(e) => set(r.personId, { passed: e.target.checked })}
              />
            ),
          },
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
            placeholder={t('volunteers.training.addPerson')}
            options={(roster.data?.items ?? [])
              .filter((p) => !rows.some((r) => r.personId === p.personId))
              .map((p) => ({ value: p.personId, label: `${p.name} ${p.phone ?? ''}` }))}
          />
          <Button
            disabled={!adding}
            onClick={() => {
              const p = roster.data?.items.find((x) => x.personId === adding);
              if (p) setRows((rs) => [...rs, { personId: p.personId, name: p.name, attended: true, passed: false }]);
              setAdding(undefined);
            }}
          >
            {t('volunteers.training.addPerson')}
          </Button>
        </Space>
      ) : null}
    </Drawer>
  );
}

/** Courses, sessions with attendance, and certificates with their expiry. */
export default function TrainingPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const canManage = me.permissions.includes('trainings.manage');
  const qc = useQueryClient();
  const errorText = useVolunteerErrorText();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().subtract(365, 'day'), dayjs().add(60, 'day')]);
  const [session, setSession] = useState<TrainingSessionView | null>(null);
  const [expiring, setExpiring] = useState(false);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm();
  const courses = useCourses();
  const sessions = useTrainings({ from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') });
  const certs = useCertificates(expiring ? { expiringWithinDays: 30 } : {});

  const create = async (v: {
    courseId: string;
    when: [Dayjs, Dayjs];
    place?: string;
    trainer?: string;
    capacity: number;
  }) => {
    try {
      await api.post('/api/volunteers/trainings', {
        courseId: v.courseId,
        startsAt: v.when[0].toISOString(),
        endsAt: v.when[1].toISOString(),
        place: v.place ?? '',
        trainer: v.trainer ?? '',
        capacity: v.capacity,
      });
      void message.success(t('volunteers.patrols.created'));
      setCreating(false);
      form.resetFields();
      void qc.invalidateQueries({ queryKey: vkeys.all });
    } catch (err) {
      void message.error(errorText(err));
    }
  };

  const revoke = async (c: CertificateView) => {
    try {
      await api.post(`/api/volunteers/certificates/${c.id}/revoke`, {
        reason: `${t('volunteers.training.revoke')} ${c.number}`,
      });
      void qc.invalidateQueries({ queryKey: vkeys.all });
    } catch (err) {
      void message.error(errorText(err));
    }
  };

  const sessionRows = (sessions.data ?? []).slice().sort((a, b) => b.startsAt.localeCompare(a.startsAt));
  return (
    <div className="fq-page">
      <PageHeader
        title={t('volunteers.training.title')}
        extra={
          canManage ? (
            <Button type="primary" onClick={() => setCreating(true)}>
              {t('volunteers.training.newSession')}
            </Button>
          ) : null
        }
      />
      {sessions.error ? <ErrorAlert error={sessions.error} /> : null}
      <Card>
        <Tabs
          items={[
            {
              key: 'sessions',
              label: t('volunteers.training.sessions'),
              children: (
                <>
                  <DatePicker.RangePicker
                    className="fq-filter-bar"
                    value={range}
                    allowClear={false}
                    onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
                  />
                  <Table<TrainingSessionView>
                    size="small"
                    rowKey="id"
                    loading={sessions.isLoading}
                    dataSource={sessionRows}
                    pagination={{ pageSize: 20, showSizeChanger: false }}
                    onRow={(r) => ({ onClick: () => setSession(r), style: { cursor: 'pointer' } })}
                    columns={[
                      { title: t('volunteers.training.startsAt'), render: (_, r) => mmddHhmm(r.startsAt) },
                      {
                        title: t('volunteers.training.course'),
                        render: (_, r) => (
                          <>
                            {r.course.name} <Tag>{t(`volunteers.topic.${r.course.topic}`)}</Tag>
                          </>
                        ),
                      },
                      { title: t('volunteers.training.place'), dataIndex: 'place' },
                      { title: t('volunteers.training.trainer'), dataIndex: 'trainer' },
                      {
                        title: t('volunteers.training.attendance'),
                        render: (_, r) =>
                          `${r.attended}/${r.capacity} · ${t('volunteers.training.passed')} ${r.passed}`,
                      },
                      {
                        title: t('volunteers.common.status'),
                        dataIndex: 'status',
                        render: (s: 'scheduled' | 'held' | 'cancelled') => (
                          <Tag color={s === 'held' ? 'green' : s === 'scheduled' ? 'blue' : 'default'}>
                            {t(`volunteers.training.${s}`)}
                          </Tag>
                        ),
                      },
                    ]}
                  />
                </>
              ),
            },
            {
              key: 'courses',
              label: t('volunteers.training.courses'),
              children: (
                <Table
                  size="small"
                  rowKey="id"
                  pagination={false}
                  dataSource={courses.data ?? []}
                  columns={[
                    { title: t('volunteers.training.code'), dataIndex: 'code' },
                    { title: t('volunteers.training.course'), dataIndex: 'name' },
                    {
                      title: t('volunteers.common.team'),
                      dataIndex: 'topic',
                      render: (tp: 'law') => t(`volunteers.topic.${tp}`),
                    },
                    { title: t('volunteers.training.courseHours'), dataIndex: 'hours' },
                    {
                      title: t('volunteers.training.validity'),
                      dataIndex: 'certificateMonths',
                      render: (m: number | null) =>
                        m ? t('volunteers.training.months', { n: m }) : t('volunteers.training.noCert'),
                    },
                  ]}
                />
              ),
            },
            {
              key: 'certificates',
              label: t('volunteers.training.certificates'),
              children: (
                <>
                  <div className="fq-filter-bar">
                    <Switch checked={expiring} onChange={setExpiring} /> {t('volunteers.training.expiring')}
                  </div>
                  <Table<CertificateView>
                    size="small"
                    rowKey="id"
                    loading={certs.isLoading}
                    dataSource={certs.data ?? []}
                    pagination={{ pageSize: 20, showSizeChanger: false }}
                    columns={[
                      { title: t('volunteers.training.number'), dataIndex: 'number' },
                      { title: t('volunteers.training.holder'), dataIndex: 'personName' },
                      { title: t('volunteers.training.course'), dataIndex: 'courseName' },
                      { title: t('volunteers.training.issuedOn'), dataIndex: 'issuedOn' },
                      {
                        title: t('volunteers.training.expiresOn'),
                        dataIndex: 'expiresOn',
                        render: (v: string | null) => v ?? '—',
                      },
                      {
                        title: t('volunteers.common.status'),
                        render: (_, c) => (
                          <Tag color={c.valid ? 'green' : 'default'}>
                            {c.valid ? t('volunteers.home.certValid') : t('volunteers.home.certExpired')}
                          </Tag>
                        ),
                      },
                      ...(canManage
                        ? [
                            {
                              title: t('volunteers.common.actions'),
                              render: (_: unknown, c: CertificateView) =>
                                c.valid ? (
                                  <Popconfirm title={t('volunteers.training.revoke')} onConfirm={() => void revoke(c)}>
                                    <Button size="small" danger>
                                      {t('volunteers.training.revoke')}
                                    </Button>
                                  </Popconfirm>
                                ) : null,
                            },
                          ]
                        : []),
                    ]}
                  />
                </>
              ),
            },
          ]}
        />
      </Card>
      <AttendanceDrawer session={session} onClose={() => setSession(null)} canManage={canManage} />
      <Modal
        open={creating}
        title={t('volunteers.training.newSession')}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        okText={t('volunteers.common.save')}
        cancelText={t('volunteers.common.cancel')}
      >
        <Form form={form} layout="vertical" onFinish={(v) => void create(v as Parameters<typeof create>[0])}>
          <Form.Item name="courseId" label={t('volunteers.training.course')} rules={[{ required: true }]}>
            <Select options={(courses.data ?? []).map((c) => ({ value: c.id, label: c.name }))} />
          </Form.Item>
          <Form.Item name="when" label={t('volunteers.training.startsAt')} rules={[{ required: true }]}>
            <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
          <Form.Item name="place" label={t('volunteers.training.place')}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="trainer" label={t('volunteers.training.trainer')}>
            <Input maxLength={64} />
          </Form.Item>
          <Form.Item
            name="capacity"
            label={t('volunteers.training.capacity')}
            rules={[{ required: true }]}
            initialValue={40}
          >
            <InputNumber min={1} max={1000} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
