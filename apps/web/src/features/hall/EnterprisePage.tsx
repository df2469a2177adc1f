import { PlusOutlined } from '@ant-design/icons';
import type { HallCaseView, HallEnterpriseSummary, HallTrainingView, HallVisitView } from '@fengqiao/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Statistic,
  Table,
  Tabs,
  Tag,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { api } from '../../api/client';
import type { Page } from '../../api/queries';
import { ErrorAlert } from '../../shared/errors';
import { PageHeader } from '../../shared/PageHeader';
import { EnterpriseSelect, OfficerSelect } from './EnterpriseSelect';
import { dayTime } from './hall-api';
import { useHallErrorText } from './hall-errors';

type Case = z.infer<typeof HallCaseView>;
type Visit = z.infer<typeof HallVisitView>;
type Training = z.infer<typeof HallTrainingView>;
type Summary = z.infer<typeof HallEnterpriseSummary>;
const FMT = 'YYYY-MM-DD';

/** Runs a write, reports the outcome, refreshes the hall's enterprise data. */
function useWrite() {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const errorText = useHallErrorText();
  const { t } = useTranslation();
  return async (fn: () => Promise<unknown>): Promise<boolean> => {
    try {
      await fn();
      message.success(t('hall.catalogue.saved'));
      await qc.invalidateQueries({ queryKey: ['hall', 'enterprise'] });
      return true;
    } catch (e) {
      message.error(errorText(e));
      return false;
    }
  };
}

/**
 * `/hall/enterprise`: the enterprise window — cases such as collective
 * household registration against their 3-working-day limit — and the
 * police–enterprise visits and trainings, counted for the period.
 */
export default function EnterprisePage() {
  const { t } = useTranslation();
  const summary = useQuery({
    queryKey: ['hall', 'enterprise', 'summary'],
    queryFn: () => api.get<Summary>('/api/hall/enterprise/summary'),
  });
  const s = summary.data;
  return (
    <div className="fq-page">
      <PageHeader
        title={t('hall.enterprise.title')}
        subtitle={s ? t('hall.enterprise.period', { from: s.from, to: s.to }) : undefined}
      />
      {summary.error ? <ErrorAlert error={summary.error} /> : null}
      {s ? (
        <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
          <Col xs={12} md={4}>
            <Card>
              <Statistic title={t('hall.enterprise.visits')} value={s.visits} />
            </Card>
          </Col>
          <Col xs={12} md={4}>
            <Card>
              <Statistic title={t('hall.enterprise.enterprisesVisited')} value={s.enterprisesVisited} />
            </Card>
          </Col>
          <Col xs={12} md={4}>
            <Card>
              <Statistic
                title={t('hall.enterprise.issues')}
                value={s.issuesFound}
                suffix={
                  <span style={{ fontSize: 13 }}>{t('hall.enterprise.openFollowUps', { n: s.followUpsOpen })}</span>
                }
              />
            </Card>
          </Col>
          <Col xs={12} md={4}>
            <Card>
              <Statistic title={t('hall.enterprise.trainings')} value={s.trainings} />
            </Card>
          </Col>
          <Col xs={12} md={4}>
            <Card>
              <Statistic title={t('hall.enterprise.attendees')} value={s.attendees} />
            </Card>
          </Col>
          <Col xs={12} md={4}>
            <Card>
              <Statistic
                title={t('hall.enterprise.onTimeRate', { n: s.cases.total })}
                value={s.cases.onTimeRate === null ? '—' : (s.cases.onTimeRate * 100).toFixed(0)}
                suffix="%"
              />
            </Card>
          </Col>
        </Row>
      ) : null}
      <Tabs
        items={[
          { key: 'cases', label: t('hall.enterprise.cases'), children: <CasesPanel /> },
          { key: 'visits', label: t('hall.enterprise.visitsTab'), children: <VisitsPanel /> },
          { key: 'trainings', label: t('hall.enterprise.trainingsTab'), children: <TrainingsPanel /> },
        ]}
      />
    </div>
  );
}

function CasesPanel() {
  const { t, i18n } = useTranslation();
  const write = useWrite();
  const [status, setStatus] = useState<string | undefined>('open');
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const [closing, setClosing] = useState<Case | null>(null);
  const [form] = Form.useForm();
  const [closeForm] = Form.useForm<{ outcome: 'done' | 'cancelled'; note?: string }>();
  const list = useQuery({
    queryKey: ['hall', 'enterprise', 'cases', status, page],
    queryFn: () => api.get<Page<Case>>('/api/hall/enterprise/cases', { status, page, pageSize: 20 }),
  });
  const create = async () => {
    // Field errors show under the fields; nothing is sent.
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    if (await write(() => api.post('/api/hall/enterprise/cases', v))) {
      setCreating(false);
    }
  };
  const close = async () => {
    // Field errors show under the fields; nothing is sent.
    const v = await closeForm.validateFields().catch(() => null);
    if (!v) return;
    if (
      closing &&
      (await write(() =>
        api.post(`/api/hall/enterprise/cases/${closing.id}/close`, { ...v, version: closing.version }),
      ))
    ) {
      setClosing(null);
    }
  };
  return (
    <>
      <Row justify="space-between" style={{ marginBottom: 12 }}>
        <Select
          allowClear
          style={{ width: 160 }}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          placeholder={t('hall.review.allStatuses')}
          options={(['open', 'done', 'cancelled'] as const).map((s) => ({
            value: s,
            label: t(`hall.enterprise.caseStatus.${s}`),
          }))}
        />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('hall.enterprise.newCase')}
        </Button>
      </Row>
      {list.error ? <ErrorAlert error={list.error} /> : null}
      <Table<Case>
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
          { title: t('hall.enterprise.enterprise'), render: (_, c) => c.enterprise.name },
          {
            title: t('hall.clerk.service'),
            render: (_, c) => (i18n.language === 'en-US' ? c.service.nameEn : c.service.nameZh),
          },
          {
            title: t('hall.enterprise.contact'),
            render: (_, c) => `${c.contactName}${c.contactPhone ? ` ${c.contactPhone}` : ''}`,
          },
          { title: t('hall.enterprise.persons'), dataIndex: 'persons', align: 'right' },
          { title: t('hall.enterprise.received'), render: (_, c) => dayTime(c.receivedAt) },
          {
            title: t('hall.review.due'),
            render: (_, c) => (
              <>
                {c.dueDay}{' '}
                <Tag color={c.overdue ? 'red' : c.onTime === false ? 'red' : c.onTime ? 'green' : 'default'}>
                  {t('hall.enterprise.used', { n: c.workingDaysUsed, limit: c.limitDays })}
                </Tag>
              </>
            ),
          },
          { title: t('hall.stats.state'), render: (_, c) => t(`hall.enterprise.caseStatus.${c.status}`) },
          {
            title: '',
            render: (_, c) =>
              c.status === 'open' ? (
                <Button size="small" onClick={() => setClosing(c)}>
                  {t('hall.enterprise.close')}
                </Button>
              ) : null,
          },
        ]}
      />
      <Modal
        open={creating}
        title={t('hall.enterprise.newCase')}
        onCancel={() => setCreating(false)}
        onOk={create}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false} initialValues={{ persons: 1 }}>
          <Form.Item
            name="enterpriseId"
            label={t('hall.enterprise.enterprise')}
            rules={[{ required: true, message: t('hall.common.required') }]}
          >
            <EnterpriseSelect />
          </Form.Item>
          <Form.Item
            name="contactName"
            label={t('hall.enterprise.contact')}
            rules={[{ required: true, message: t('hall.common.required') }]}
          >
            <Input maxLength={64} />
          </Form.Item>
          <Form.Item name="contactPhone" label={t('hall.review.phone')}>
            <Input maxLength={32} />
          </Form.Item>
          <Form.Item name="persons" label={t('hall.enterprise.persons')}>
            <InputNumber min={1} max={10000} />
          </Form.Item>
          <Form.Item name="note" label={t('hall.clerk.note')}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={closing !== null}
        title={t('hall.enterprise.close')}
        onCancel={() => setClosing(null)}
        onOk={close}
        destroyOnHidden
      >
        <Form form={closeForm} layout="vertical" preserve={false} initialValues={{ outcome: 'done' }}>
          <Form.Item name="outcome" label={t('hall.clerk.outcome')}>
            <Select
              options={(['done', 'cancelled'] as const).map((o) => ({
                value: o,
                label: t(`hall.enterprise.caseStatus.${o}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="note" label={t('hall.clerk.note')}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function VisitsPanel() {
  const { t } = useTranslation();
  const write = useWrite();
  const [page, setPage] = useState(1);
  const [followUp, setFollowUp] = useState<string | undefined>();
  const [creating, setCreating] = useState(false);
  const [completing, setCompleting] = useState<Visit | null>(null);
  const [form] = Form.useForm();
  const [doneForm] = Form.useForm<{ note: string }>();
  const list = useQuery({
    queryKey: ['hall', 'enterprise', 'visits', followUp, page],
    queryFn: () => api.get<Page<Visit>>('/api/hall/enterprise/visits', { followUp, page, pageSize: 20 }),
  });
  const create = async () => {
    const v = (await form.validateFields()) as Record<string, unknown> & { visitedOn: Dayjs; followUpDue?: Dayjs };
    const body = {
      ...v,
      visitedOn: v.visitedOn.format(FMT),
      followUpDue: v.followUpDue ? v.followUpDue.format(FMT) : undefined,
    };
    if (await write(() => api.post('/api/hall/enterprise/visits', body))) {
      setCreating(false);
    }
  };
  const complete = async () => {
    // Field errors show under the fields; nothing is sent.
    const v = await doneForm.validateFields().catch(() => null);
    if (!v) return;
    if (completing && (await write(() => api.post(`/api/hall/enterprise/visits/${completing.id}/follow-up`, v)))) {
      setCompleting(null);
    }
  };
  const color = { none: 'default', open: 'blue', overdue: 'red', done: 'green' } as const;
  return (
    <>
      <Row justify="space-between" style={{ marginBottom: 12 }}>
        <Select
          allowClear
          style={{ width: 180 }}
          value={followUp}
          onChange={(v) => {
            setFollowUp(v);
            setPage(1);
          }}
          placeholder={t('hall.enterprise.followUpFilter')}
          options={(['open', 'overdue', 'done'] as const).map((s) => ({
            value: s,
            label: t(`hall.enterprise.followUpStatus.${s}`),
          }))}
        />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('hall.enterprise.newVisit')}
        </Button>
      </Row>
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
          { title: t('hall.enterprise.visitedOn'), dataIndex: 'visitedOn' },
          { title: t('hall.enterprise.enterprise'), render: (_, v) => v.enterprise.name },
          { title: t('hall.enterprise.officers'), render: (_, v) => v.officers.map((o) => o.name).join('、') },
          { title: t('hall.enterprise.purpose'), dataIndex: 'purpose', ellipsis: true },
          {
            title: t('hall.enterprise.issues'),
            render: (_, v) => (v.issueCount > 0 ? `${v.issueCount} · ${v.issuesFound}` : '—'),
            ellipsis: true,
          },
          {
            title: t('hall.enterprise.followUp'),
            render: (_, v) =>
              v.followUpStatus === 'none' ? (
                '—'
              ) : (
                <>
                  <Tag color={color[v.followUpStatus]}>{t(`hall.enterprise.followUpStatus.${v.followUpStatus}`)}</Tag>
                  {v.followUpDue}
                  {v.followUpStatus === 'open' || v.followUpStatus === 'overdue' ? (
                    <Button size="small" type="link" onClick={() => setCompleting(v)}>
                      {t('hall.enterprise.markDone')}
                    </Button>
                  ) : null}
                </>
              ),
          },
        ]}
      />
      <Modal
        open={creating}
        title={t('hall.enterprise.newVisit')}
        onCancel={() => setCreating(false)}
        onOk={create}
        width={640}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false} initialValues={{ visitedOn: dayjs(), issueCount: 0 }}>
          <Form.Item
            name="enterpriseId"
            label={t('hall.enterprise.enterprise')}
            rules={[{ required: true, message: t('hall.common.required') }]}
          >
            <EnterpriseSelect />
          </Form.Item>
          <Row gutter={12}>
            <Col span={8}>
              <Form.Item name="visitedOn" label={t('hall.enterprise.visitedOn')} rules={[{ required: true }]}>
                <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
              </Form.Item>
            </Col>
            <Col span={16}>
              <Form.Item
                name="officerPersonIds"
                label={t('hall.enterprise.officers')}
                rules={[{ required: true, message: t('hall.common.required') }]}
              >
                <OfficerSelect multiple />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item
            name="purpose"
            label={t('hall.enterprise.purpose')}
            rules={[{ required: true, message: t('hall.common.required') }]}
          >
            <Input maxLength={500} />
          </Form.Item>
          <Row gutter={12}>
            <Col span={18}>
              <Form.Item name="issuesFound" label={t('hall.enterprise.issuesFound')}>
                <Input.TextArea rows={2} maxLength={2000} />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="issueCount" label={t('hall.enterprise.issueCount')}>
                <InputNumber min={0} max={100} />
              </Form.Item>
            </Col>
            <Col span={16}>
              <Form.Item name="followUp" label={t('hall.enterprise.followUp')}>
                <Input maxLength={1000} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="followUpDue" label={t('hall.enterprise.followUpDue')}>
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Modal>
      <Modal
        open={completing !== null}
        title={t('hall.enterprise.markDone')}
        onCancel={() => setCompleting(null)}
        onOk={complete}
        destroyOnHidden
      >
        <Form form={doneForm} layout="vertical" preserve={false}>
          <Form.Item
            name="note"
            label={t('hall.clerk.note')}
            rules={[{ required: true, message: t('hall.common.required') }]}
          >
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function TrainingsPanel() {
  const { t } = useTranslation();
  const write = useWrite();
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm();
  const list = useQuery({
    queryKey: ['hall', 'enterprise', 'trainings'],
    queryFn: () => api.get<Training[]>('/api/hall/enterprise/trainings'),
  });
  const create = async () => {
    const v = (await form.validateFields()) as Record<string, unknown> & { heldOn: Dayjs };
    if (await write(() => api.post('/api/hall/enterprise/trainings', { ...v, heldOn: v.heldOn.format(FMT) }))) {
      setCreating(false);
    }
  };
  return (
    <>
      <Row justify="end" style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('hall.enterprise.newTraining')}
        </Button>
      </Row>
      {list.error ? <ErrorAlert error={list.error} /> : null}
      <Table<Training>
        rowKey="id"
        size="small"
        loading={list.isPending}
        dataSource={list.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('hall.enterprise.heldOn'), dataIndex: 'heldOn' },
          { title: t('hall.enterprise.topic'), dataIndex: 'topic' },
          { title: t('hall.enterprise.trainer'), render: (_, r) => r.trainer ?? '—' },
          { title: t('hall.enterprise.location'), render: (_, r) => r.location ?? '—' },
          { title: t('hall.enterprise.attendees'), dataIndex: 'attendees', align: 'right' },
          {
            title: t('hall.enterprise.enterprises'),
            render: (_, r) => r.enterprises.map((e) => e.name).join('、'),
            ellipsis: true,
          },
        ]}
      />
      <Modal
        open={creating}
        title={t('hall.enterprise.newTraining')}
        onCancel={() => setCreating(false)}
        onOk={create}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false} initialValues={{ heldOn: dayjs(), attendees: 20 }}>
          <Form.Item
            name="topic"
            label={t('hall.enterprise.topic')}
            rules={[{ required: true, message: t('hall.common.required') }]}
          >
            <Input maxLength={200} />
          </Form.Item>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="heldOn" label={t('hall.enterprise.heldOn')} rules={[{ required: true }]}>
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="attendees" label={t('hall.enterprise.attendees')} rules={[{ required: true }]}>
                <InputNumber min={1} max={5000} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="trainer" label={t('hall.enterprise.trainer')}>
                <Input maxLength={100} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="location" label={t('hall.enterprise.location')}>
                <Input maxLength={200} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="enterpriseIds" label={t('hall.enterprise.enterprises')}>
            <EnterpriseSelect multiple />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
