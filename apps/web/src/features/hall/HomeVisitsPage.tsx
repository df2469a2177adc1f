import { PlusOutlined } from '@ant-design/icons';
import type { HallHomeVisitView, HallRouteView } from '@fengqiao/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Form,
  Input,
  Modal,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Timeline,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { api } from '../../api/client';
import type { Page } from '../../api/queries';
import { ErrorAlert } from '../../shared/errors';
import { PageHeader } from '../../shared/PageHeader';
import { OfficerSelect } from './EnterpriseSelect';
import { dayTime, nameOf, usePublicServices } from './hall-api';
import { useHallErrorText } from './hall-errors';

type Visit = HallHomeVisitView;
type Route = z.infer<typeof HallRouteView>;
const FMT = 'YYYY-MM-DD';
const STATUS_COLOR = { requested: 'orange', scheduled: 'blue', done: 'green', cancelled: 'default' } as const;
const REASONS = ['elderly', 'disabled', 'ill', 'other'] as const;

type Action = { kind: 'schedule' | 'done' | 'cancel'; visit: Visit };

/**
 * `/hall/home-visits`: the mobile service station. Requests for people who
 * cannot come (elderly, disabled, ill) are scheduled to an officer for a
 * day; the officer's day is shown as a route from the station, nearest stop
 * first; visits are recorded as done.
 */
export default function HomeVisitsPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const errorText = useHallErrorText();
  const services = usePublicServices();
  const [status, setStatus] = useState<string | undefined>('requested');
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const [action, setAction] = useState<Action | null>(null);
  const [routeOf, setRouteOf] = useState<{ officer?: string; day: Dayjs }>({ day: dayjs() });
  const [form] = Form.useForm();
  const [actionForm] = Form.useForm();
  const list = useQuery({
    queryKey: ['hall', 'home-visits', status, page],
    queryFn: () => api.get<Page<Visit>>('/api/hall/home-visits', { status, page, pageSize: 20 }),
  });
  const route = useQuery({
    queryKey: ['hall', 'home-visits', 'route', routeOf.officer, routeOf.day.format(FMT)],
    queryFn: () =>
      api.get<Route>('/api/hall/home-visits/route', { officerPersonId: routeOf.officer, day: routeOf.day.format(FMT) }),
    enabled: Boolean(routeOf.officer),
  });

  const write = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      message.success(t('hall.catalogue.saved'));
      await qc.invalidateQueries({ queryKey: ['hall', 'home-visits'] });
      return true;
    } catch (e) {
      message.error(errorText(e));
      return false;
    }
  };
  const create = async () => {
    const v = (await form.validateFields()) as Record<string, unknown> & { preferredDay?: Dayjs };
    const body = { ...v, preferredDay: v.preferredDay ? v.preferredDay.format(FMT) : undefined };
    if (await write(() => api.post('/api/hall/home-visits', body))) {
      setCreating(false);
    }
  };
  const act = async () => {
    if (!action) return;
    const v = (await actionForm.validateFields()) as Record<string, unknown> & { day?: Dayjs };
    const body =
      action.kind === 'schedule'
        ? { officerPersonId: v.officerPersonId, day: v.day?.format(FMT), version: action.visit.version }
        : { ...v, version: action.visit.version };
    if (await write(() => api.post(`/api/hall/home-visits/${action.visit.id}/${action.kind}`, body))) {
      if (action.kind === 'schedule') setRouteOf({ officer: v.officerPersonId as string, day: v.day ?? dayjs() });
      setAction(null);
    }
  };

  const homeServices = (services.data ?? []).filter((s) => s.homeVisit && s.active);
  return (
    <div className="fq-page">
      <PageHeader
        title={t('hall.homeVisits.title')}
        subtitle={t('hall.homeVisits.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('hall.homeVisits.new')}
          </Button>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Select
            allowClear
            style={{ width: 160, marginBottom: 12 }}
            value={status}
            onChange={(v) => {
              setStatus(v);
              setPage(1);
            }}
            placeholder={t('hall.review.allStatuses')}
            options={(['requested', 'scheduled', 'done', 'cancelled'] as const).map((s) => ({
              value: s,
              label: t(`hall.homeVisits.status.${s}`),
            }))}
          />
          {list.error ? <ErrorAlert error={list.error} /> : null}
          <Table<Visit>
            rowKey="id"
            size="small"
            loading={list.isPending}
            dataSource={list.data?.items ?? []}
            pagination={{
              current: page,
              pageSize: 20,
              total: list.data?.total ?? 0,
              onChange: setPage,
              showSizeChanger: false,
            }}
            columns={[
              { title: t('hall.review.number'), dataIndex: 'number' },
              {
                title: t('hall.homeVisits.person'),
                render: (_, v) => (
                  <>
                    {v.personName} <Tag>{t(`hall.homeVisits.reason.${v.reason}`)}</Tag>
                  </>
                ),
              },
              { title: t('hall.clerk.service'), render: (_, v) => nameOf(v.service, i18n.language) },
              { title: t('hall.homeVisits.address'), dataIndex: 'address', ellipsis: true },
              {
                title: t('hall.homeVisits.when'),
                render: (_, v) =>
                  v.scheduledDay ?? (v.preferredDay ? t('hall.homeVisits.preferred', { day: v.preferredDay }) : '—'),
              },
              { title: t('hall.homeVisits.officer'), render: (_, v) => v.officer?.name ?? '—' },
              {
                title: t('hall.stats.state'),
                render: (_, v) => <Tag color={STATUS_COLOR[v.status]}>{t(`hall.homeVisits.status.${v.status}`)}</Tag>,
              },
              {
                title: '',
                render: (_, v) => (
                  <Space size={0}>
                    {v.status === 'requested' || v.status === 'scheduled' ? (
                      <Button size="small" type="link" onClick={() => setAction({ kind: 'schedule', visit: v })}>
                        {v.status === 'requested' ? t('hall.homeVisits.schedule') : t('hall.homeVisits.reschedule')}
                      </Button>
                    ) : null}
                    {v.status === 'scheduled' ? (
                      <Button size="small" type="link" onClick={() => setAction({ kind: 'done', visit: v })}>
                        {t('hall.homeVisits.done')}
                      </Button>
                    ) : null}
                    {v.status === 'requested' || v.status === 'scheduled' ? (
                      <Button size="small" type="link" danger onClick={() => setAction({ kind: 'cancel', visit: v })}>
                        {t('hall.homeVisits.cancel')}
                      </Button>
                    ) : null}
                  </Space>
                ),
              },
            ]}
          />
        </Col>
        <Col xs={24} xl={9}>
          <Card title={t('hall.homeVisits.route')}>
            <Space wrap style={{ marginBottom: 12 }}>
              <div style={{ width: 220 }}>
                <OfficerSelect
                  value={routeOf.officer}
                  onChange={(o) => setRouteOf((r) => ({ ...r, officer: o as string }))}
                />
              </div>
              <DatePicker
                value={routeOf.day}
                allowClear={false}
                onChange={(d) => d && setRouteOf((r) => ({ ...r, day: d }))}
              />
            </Space>
            {route.error ? <ErrorAlert error={route.error} /> : null}
            {!routeOf.officer ? <Empty description={t('hall.homeVisits.pickOfficer')} /> : null}
            {route.data ? (
              route.data.stops.length + route.data.unlocated.length === 0 ? (
                <Empty description={t('hall.homeVisits.noStops')} />
              ) : (
                <>
                  <div className="fq-muted" style={{ marginBottom: 8 }}>
                    {t('hall.homeVisits.total', {
                      km: (route.data.totalMeters / 1000).toFixed(1),
                      n: route.data.stops.length,
                    })}
                  </div>
                  <Timeline
                    items={[
                      { key: 'start', color: 'gray', content: route.data.start.name },
                      ...route.data.stops.map((s) => ({
                        key: s.visit.id,
                        color: s.visit.status === 'done' ? 'green' : 'blue',
                        content: (
                          <div>
                            <strong>
                              {s.order}. {s.visit.personName}
                            </strong>{' '}
                            <span className="fq-muted">+{(s.legMeters / 1000).toFixed(1)} km</span>
                            <div>{s.visit.address}</div>
                            <div className="fq-muted">
                              {nameOf(s.visit.service, i18n.language)} · {s.visit.phone}
                            </div>
                          </div>
                        ),
                      })),
                      ...route.data.unlocated.map((v) => ({
                        key: v.id,
                        color: 'orange',
                        content: `${v.personName} · ${v.address} (${t('hall.homeVisits.unlocated')})`,
                      })),
                    ]}
                  />
                </>
              )
            ) : null}
          </Card>
        </Col>
      </Row>
      <Modal
        open={creating}
        title={t('hall.homeVisits.new')}
        onCancel={() => setCreating(false)}
        onOk={create}
        width={600}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false} initialValues={{ reason: 'elderly', source: 'phone' }}>
          <Form.Item
            name="serviceId"
            label={t('hall.clerk.service')}
            rules={[{ required: true, message: t('hall.common.required') }]}
          >
            <Select options={homeServices.map((s) => ({ value: s.id, label: nameOf(s, i18n.language) }))} />
          </Form.Item>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item
                name="personName"
                label={t('hall.homeVisits.person')}
                rules={[{ required: true, message: t('hall.common.required') }]}
              >
                <Input maxLength={64} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item
                name="phone"
                label={t('hall.review.phone')}
                rules={[{ required: true, message: t('hall.common.required') }]}
              >
                <Input maxLength={32} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="reason" label={t('hall.homeVisits.reasonLabel')}>
                <Select options={REASONS.map((r) => ({ value: r, label: t(`hall.homeVisits.reason.${r}`) }))} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="source" label={t('hall.homeVisits.source')}>
                <Select
                  options={(['phone', 'counter', 'grid_worker'] as const).map((s) => ({
                    value: s,
                    label: t(`hall.homeVisits.sourceKind.${s}`),
                  }))}
                />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item
            name="address"
            label={t('hall.homeVisits.address')}
            rules={[{ required: true, message: t('hall.common.required') }]}
          >
            <Input maxLength={200} />
          </Form.Item>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="idNumber" label={t('hall.review.idNumber')}>
                <Input maxLength={18} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="preferredDay" label={t('hall.homeVisits.preferredDay')}>
                <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="reasonNote" label={t('hall.clerk.note')}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={action !== null}
        title={
          action
            ? `${action.visit.number} · ${t(`hall.homeVisits.${action.kind === 'schedule' ? 'schedule' : action.kind}`)}`
            : ''
        }
        onCancel={() => setAction(null)}
        onOk={act}
        destroyOnHidden
      >
        <Form
          form={actionForm}
          layout="vertical"
          preserve={false}
          initialValues={
            action?.kind === 'schedule'
              ? {
                  officerPersonId: action.visit.officer?.id,
                  day: dayjs(action.visit.scheduledDay ?? action.visit.preferredDay ?? undefined),
                }
              : {}
          }
        >
          {action?.kind === 'schedule' ? (
            <>
              <Form.Item
                name="officerPersonId"
                label={t('hall.homeVisits.officer')}
                rules={[{ required: true, message: t('hall.common.required') }]}
              >
                <OfficerSelect />
              </Form.Item>
              <Form.Item
                name="day"
                label={t('hall.homeVisits.day')}
                rules={[{ required: true, message: t('hall.common.required') }]}
              >
                <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
              </Form.Item>
              <div className="fq-muted">
                {action.visit.personName} · {action.visit.address} · {dayTime(action.visit.requestedAt)}
              </div>
            </>
          ) : (
            <Form.Item
              name={action?.kind === 'done' ? 'note' : 'reason'}
              label={action?.kind === 'done' ? t('hall.homeVisits.doneNote') : t('hall.review.reason')}
              rules={[{ required: true, message: t('hall.common.required') }]}
            >
              <Input.TextArea rows={3} maxLength={1000} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </div>
  );
}
