import { useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  DatePicker,
  Form,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  TimePicker,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { useCurrentUser } from '../../../app/session';
import { ErrorAlert } from '../../../shared/errors';
import { PageHeader } from '../../../shared/PageHeader';
import { useVolunteerErrorText } from '../errors';
import { shiftWindow } from '../format';
import { type ShiftView, useCourses, useRoutes, useShifts, useTeams, vkeys } from '../queries';
import { RouteSketch } from '../RouteSketch';
import { RouteEditor } from './RouteEditor';
import '../volunteers.css';

interface ShiftForm {
  teamId: string;
  routeId: string;
  day?: Dayjs;
  days?: [Dayjs, Dayjs];
  window: [Dayjs, Dayjs];
  capacity: number;
  requiredCourseId?: string;
  daysKind?: 'every_day' | 'working_days' | 'school_days';
}

/** Shift planning (single shifts and rotas) and the patrol routes with their checkpoints. */
export default function PatrolPlanPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const canManage = me.permissions.includes('patrols.manage');
  const qc = useQueryClient();
  const errorText = useVolunteerErrorText();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs(), dayjs().add(7, 'day')]);
  const [teamId, setTeamId] = useState<string | undefined>();
  const [understaffed, setUnderstaffed] = useState(false);
  const [mode, setMode] = useState<'shift' | 'rota' | null>(null);
  const [routeOpen, setRouteOpen] = useState(false);
  const [form] = Form.useForm<ShiftForm>();
  const formTeam = Form.useWatch('teamId', form);
  const teams = useTeams();
  const courses = useCourses();
  const routes = useRoutes(teamId ? { teamId } : {});
  const formRoutes = useRoutes(formTeam ? { teamId: formTeam } : {});
  const shifts = useShifts({
    from: range[0].format('YYYY-MM-DD'),
    to: range[1].format('YYYY-MM-DD'),
    teamId,
    ...(understaffed ? { understaffed: 'true' } : {}),
  });

  const submit = async (v: ShiftForm) => {
    try {
      const hm = (d: Dayjs) => d.format('HH:mm');
      if (mode === 'shift' && v.day) {
        const at = (x: Dayjs) => v.day?.hour(x.hour()).minute(x.minute()).second(0) ?? x;
        let end = at(v.window[1]);
        if (!end.isAfter(at(v.window[0]))) end = end.add(1, 'day');
        await api.post('/api/patrols/shifts', {
          teamId: v.teamId,
          routeId: v.routeId,
          startsAt: at(v.window[0]).toISOString(),
          endsAt: end.toISOString(),
          capacity: v.capacity,
          ...(v.requiredCourseId ? { requiredCourseId: v.requiredCourseId } : {}),
        });
        void message.success(t('volunteers.patrols.created'));
      } else if (v.days) {
        const r = await api.post<{ created: number; existing: number }>('/api/patrols/shifts/rota', {
          teamId: v.teamId,
          routeId: v.routeId,
          from: v.days[0].format('YYYY-MM-DD'),
          to: v.days[1].format('YYYY-MM-DD'),
          windows: [{ from: hm(v.window[0]), to: hm(v.window[1]) }],
          days: { kind: v.daysKind ?? 'every_day' },
          capacity: v.capacity,
          ...(v.requiredCourseId ? { requiredCourseId: v.requiredCourseId } : {}),
        });
        void message.success(t('volunteers.patrols.rotaResult', r));
      }
      setMode(null);
      form.resetFields();
      void qc.invalidateQueries({ queryKey: vkeys.all });
    } catch (err) {
      void message.error(errorText(err), 6);
    }
  };

  const cancel = async (s: ShiftView) => {
    try {
      await api.post(`/api/patrols/shifts/${s.id}/cancel`, { reason: t('volunteers.patrols.cancelShift') });
      void qc.invalidateQueries({ queryKey: vkeys.all });
    } catch (err) {
      void message.error(errorText(err));
    }
  };

  const teamOptions = (teams.data ?? []).map((tm) => ({ value: tm.id, label: tm.name }));
  return (
    <div className="fq-page">
      <PageHeader
        title={t('volunteers.patrols.title')}
        extra={
          canManage ? (
            <Space>
              <Button type="primary" onClick={() => setMode('shift')}>
                {t('volunteers.patrols.newShift')}
              </Button>
              <Button onClick={() => setMode('rota')}>{t('volunteers.patrols.rota')}</Button>
              <Button onClick={() => setRouteOpen(true)}>{t('volunteers.patrols.newRoute')}</Button>
            </Space>
          ) : null
        }
      />
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
          options={teamOptions}
        />
        <span>
          <Switch checked={understaffed} onChange={setUnderstaffed} /> {t('volunteers.patrols.understaffed')}
        </span>
      </Space>
      {shifts.error ? <ErrorAlert error={shifts.error} onRetry={() => void shifts.refetch()} /> : null}
      <Card>
        <Tabs
          items={[
            {
              key: 'shifts',
              label: t('volunteers.patrols.shifts'),
              children: (
                <Table<ShiftView>
                  size="small"
                  rowKey="id"
                  loading={shifts.isFetching}
                  dataSource={(shifts.data ?? []).slice().sort((a, b) => a.startsAt.localeCompare(b.startsAt))}
                  pagination={{ pageSize: 30, showSizeChanger: false }}
                  columns={[
                    { title: t('volunteers.common.time'), render: (_, s) => shiftWindow(s.startsAt, s.endsAt) },
                    { title: t('volunteers.common.team'), dataIndex: 'teamName' },
                    {
                      title: t('volunteers.common.route'),
                      render: (_, s) => `${t(`volunteers.dutyKind.${s.kind}`)} · ${s.routeName}`,
                    },
                    {
                      title: t('volunteers.patrols.capacity'),
                      render: (_, s) => (
                        <Tag color={s.claimed < s.capacity ? 'orange' : 'green'}>
                          {s.claimed}/{s.capacity}
                        </Tag>
                      ),
                    },
                    {
                      title: t('volunteers.common.volunteer'),
                      render: (_, s) => s.volunteers.map((v) => v.name).join('、'),
                    },
                    { title: t('volunteers.patrols.requiredCourse'), render: (_, s) => s.requiredCourse?.name ?? '—' },
                    {
                      title: t('volunteers.common.status'),
                      render: (_, s) =>
                        s.status === 'cancelled' ? <Tag>{t('volunteers.shifts.cancelled')}</Tag> : null,
                    },
                    ...(canManage
                      ? [
                          {
                            title: t('volunteers.common.actions'),
                            render: (_: unknown, s: ShiftView) =>
                              s.status === 'open' ? (
                                <Popconfirm
                                  title={t('volunteers.patrols.cancelShift')}
                                  onConfirm={() => void cancel(s)}
                                >
                                  <Button size="small" danger>
                                    {t('volunteers.patrols.cancelShift')}
                                  </Button>
                                </Popconfirm>
                              ) : null,
                          },
                        ]
                      : []),
                  ]}
                />
              ),
            },
            {
              key: 'routes',
              label: t('volunteers.patrols.routes'),
              children: (
                <div className="vd-grid-2">
                  {(routes.data ?? []).slice(0, 24).map((r) => (
                    <Card
                      size="small"
                      key={r.id}
                      title={r.name}
                      extra={t('volunteers.patrols.corridor', { m: r.corridorM })}
                    >
                      <RouteSketch path={r.path} checkpoints={r.checkpoints} height={180} />
                      <div className="fq-muted">
                        {r.checkpoints.map((c, i) => `${i + 1}. ${c.name}${c.hasQr ? ' (QR)' : ''}`).join('  ')}
                      </div>
                    </Card>
                  ))}
                </div>
              ),
            },
          ]}
        />
      </Card>
      <RouteEditor open={routeOpen} onClose={() => setRouteOpen(false)} teams={teams.data ?? []} />
      <Modal
        open={mode !== null}
        title={mode === 'rota' ? t('volunteers.patrols.rota') : t('volunteers.patrols.newShift')}
        onCancel={() => setMode(null)}
        onOk={() => form.submit()}
        okText={t('volunteers.common.save')}
        cancelText={t('volunteers.common.cancel')}
      >
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
          <Form.Item name="teamId" label={t('volunteers.common.team')} rules={[{ required: true }]}>
            <Select showSearch optionFilterProp="label" options={teamOptions} />
          </Form.Item>
          <Form.Item name="routeId" label={t('volunteers.common.route')} rules={[{ required: true }]}>
            <Select options={(formRoutes.data ?? []).map((r) => ({ value: r.id, label: r.name }))} />
          </Form.Item>
          {mode === 'shift' ? (
            <Form.Item name="day" label={t('volunteers.common.time')} rules={[{ required: true }]}>
              <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
            </Form.Item>
          ) : (
            <>
              <Form.Item
                name="days"
                label={`${t('volunteers.patrols.from')} – ${t('volunteers.patrols.to')}`}
                rules={[{ required: true }]}
              >
                <DatePicker.RangePicker />
              </Form.Item>
              <Form.Item name="daysKind" label={t('volunteers.patrols.days')} initialValue="every_day">
                <Select
                  options={(['every_day', 'working_days', 'school_days'] as const).map((k) => ({
                    value: k,
                    label: t(`volunteers.patrols.daysKind.${k}`),
                  }))}
                />
              </Form.Item>
            </>
          )}
          <Form.Item name="window" label={t('volunteers.patrols.window')} rules={[{ required: true }]}>
            <TimePicker.RangePicker format="HH:mm" minuteStep={5} order={false} />
          </Form.Item>
          <Form.Item
            name="capacity"
            label={t('volunteers.patrols.capacity')}
            initialValue={2}
            rules={[{ required: true }]}
          >
            <InputNumber min={1} max={50} />
          </Form.Item>
          <Form.Item name="requiredCourseId" label={t('volunteers.patrols.requiredCourse')}>
            <Select
              allowClear
              placeholder={t('volunteers.patrols.none')}
              options={(courses.data ?? [])
                .filter((c) => c.certificateMonths)
                .map((c) => ({ value: c.id, label: c.name }))}
            />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
