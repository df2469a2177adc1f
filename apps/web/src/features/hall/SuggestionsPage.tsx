import { PlusOutlined } from '@ant-design/icons';
import type { HallSuggestionEventView, HallSuggestionSummary, HallSuggestionView } from '@fengqiao/contracts';
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
  Progress,
  Radio,
  Row,
  Select,
  Slider,
  Space,
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
import { open } from './hall-api';
import { useHallErrorText } from './hall-errors';

type Suggestion = z.infer<typeof HallSuggestionView>;
type Event = z.infer<typeof HallSuggestionEventView>;
type Summary = z.infer<typeof HallSuggestionSummary>;
const FMT = 'YYYY-MM-DD';
const STATUS_COLOR = {
  received: 'orange',
  declined: 'default',
  accepted: 'blue',
  in_progress: 'processing',
  done: 'green',
} as const;
const CATEGORIES = ['service', 'security', 'traffic', 'community', 'other'] as const;
const CHANNELS = ['meeting', 'open_day', 'online', 'hall', 'other'] as const;

/**
 * `/hall/suggestions`: suggestions from police–public meetings, open days,
 * the hall and online; each answered (declined, or accepted with an action)
 * and followed until done. The counts are the public ones residents see.
 */
export default function SuggestionsPage() {
  const { t } = useTranslation();
  const summary = useQuery({
    queryKey: ['hall', 'suggestions', 'summary'],
    queryFn: () => open<Summary>('/api/hall/public/suggestions/summary'),
  });
  const s = summary.data;
  return (
    <div className="fq-page">
      <PageHeader
        title={t('hall.suggestions.title')}
        subtitle={s?.since ? t('hall.suggestions.since', { day: s.since }) : undefined}
      />
      {s ? (
        <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
          <Col xs={12} md={4}>
            <Card>
              <Statistic title={t('citizen.suggest.collected')} value={s.collected} />
            </Card>
          </Col>
          <Col xs={12} md={4}>
            <Card>
              <Statistic title={t('hall.suggestions.answered')} value={s.answered} />
            </Card>
          </Col>
          <Col xs={12} md={4}>
            <Card>
              <Statistic title={t('hall.suggestions.accepted')} value={s.accepted} />
            </Card>
          </Col>
          <Col xs={12} md={4}>
            <Card>
              <Statistic title={t('hall.suggestions.inProgress')} value={s.inProgress} />
            </Card>
          </Col>
          <Col xs={12} md={4}>
            <Card>
              <Statistic title={t('citizen.suggest.actedOn')} value={s.actedOn} />
            </Card>
          </Col>
          <Col xs={12} md={4}>
            <Card>
              <Statistic title={t('citizen.suggest.events')} value={s.events} />
            </Card>
          </Col>
        </Row>
      ) : null}
      <Tabs
        items={[
          { key: 'list', label: t('hall.suggestions.list'), children: <SuggestionList /> },
          { key: 'events', label: t('hall.suggestions.events'), children: <EventList /> },
        ]}
      />
    </div>
  );
}

function useEvents() {
  return useQuery({
    queryKey: ['hall', 'suggestions', 'events'],
    queryFn: () => api.get<Event[]>('/api/hall/suggestion-events'),
  });
}

function useWrite() {
  const { message } = App.useApp();
  const { t } = useTranslation();
  const qc = useQueryClient();
  const errorText = useHallErrorText();
  return async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      message.success(t('hall.catalogue.saved'));
      await qc.invalidateQueries({ queryKey: ['hall', 'suggestions'] });
      return true;
    } catch (e) {
      message.error(errorText(e));
      return false;
    }
  };
}

function SuggestionList() {
  const { t } = useTranslation();
  const write = useWrite();
  const events = useEvents();
  const [status, setStatus] = useState<string | undefined>('received');
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const [answering, setAnswering] = useState<Suggestion | null>(null);
  const [progressing, setProgressing] = useState<Suggestion | null>(null);
  const [form] = Form.useForm();
  const [answerForm] = Form.useForm<{ accepted: boolean; answer: string; action?: string }>();
  const [progressForm] = Form.useForm<{ progress: number; note: string }>();
  const accepted = Form.useWatch('accepted', answerForm);
  const list = useQuery({
    queryKey: ['hall', 'suggestions', 'list', status, page],
    queryFn: () => api.get<Page<Suggestion>>('/api/hall/suggestions', { status, page, pageSize: 20 }),
  });
  const create = async () => {
    // Field errors show under the fields; nothing is sent.
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    if (await write(() => api.post('/api/hall/suggestions', v))) {
      setCreating(false);
    }
  };
  const answer = async () => {
    // Field errors show under the fields; nothing is sent.
    const v = await answerForm.validateFields().catch(() => null);
    if (!v) return;
    if (
      answering &&
      (await write(() =>
        api.post(`/api/hall/suggestions/${answering.id}/answer`, { ...v, version: answering.version }),
      ))
    ) {
      setAnswering(null);
    }
  };
  const progress = async () => {
    // Field errors show under the fields; nothing is sent.
    const v = await progressForm.validateFields().catch(() => null);
    if (!v) return;
    if (
      progressing &&
      (await write(() =>
        api.post(`/api/hall/suggestions/${progressing.id}/progress`, { ...v, version: progressing.version }),
      ))
    ) {
      setProgressing(null);
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
          options={(['received', 'accepted', 'in_progress', 'done', 'declined'] as const).map((s) => ({
            value: s,
            label: t(`hall.suggestionStatus.${s}`),
          }))}
        />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('hall.suggestions.new')}
        </Button>
      </Row>
      {list.error ? <ErrorAlert error={list.error} /> : null}
      <Table<Suggestion>
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
        expandable={{
          expandedRowRender: (s) => (
            <div>
              {s.answer ? (
                <div>
                  <strong>{t('citizen.suggest.answer')}：</strong>
                  {s.answer}
                </div>
              ) : null}
              {s.action ? (
                <div>
                  <strong>{t('hall.suggestions.action')}：</strong>
                  {s.action}
                </div>
              ) : null}
              {s.progressLog.map((p) => (
                <div key={p.at} className="fq-muted">
                  {p.at.slice(0, 10)} · {p.progress}% · {p.note}
                  {p.actorName ? ` · ${p.actorName}` : ''}
                </div>
              ))}
            </div>
          ),
        }}
        columns={[
          { title: t('hall.review.number'), dataIndex: 'number' },
          {
            title: t('hall.suggestions.channel'),
            render: (_, s) => (
              <>
                {t(`hall.suggestionChannel.${s.channel}`)}
                {s.event ? <div className="fq-muted">{s.event.title}</div> : null}
              </>
            ),
          },
          { title: t('citizen.suggest.category'), render: (_, s) => t(`hall.suggestionCategory.${s.category}`) },
          { title: t('hall.suggestions.content'), dataIndex: 'content', ellipsis: true },
          {
            title: t('hall.stats.state'),
            render: (_, s) => <Tag color={STATUS_COLOR[s.status]}>{t(`hall.suggestionStatus.${s.status}`)}</Tag>,
          },
          {
            title: t('hall.suggestions.progress'),
            render: (_, s) => (s.action ? <Progress percent={s.progress} size="small" style={{ width: 120 }} /> : '—'),
          },
          {
            title: '',
            render: (_, s) => (
              <Space size={0}>
                {s.status === 'received' ? (
                  <Button size="small" type="link" onClick={() => setAnswering(s)}>
                    {t('hall.suggestions.answer')}
                  </Button>
                ) : null}
                {s.status === 'accepted' || s.status === 'in_progress' ? (
                  <Button size="small" type="link" onClick={() => setProgressing(s)}>
                    {t('hall.suggestions.recordProgress')}
                  </Button>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={creating}
        title={t('hall.suggestions.new')}
        onCancel={() => setCreating(false)}
        onOk={create}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false} initialValues={{ channel: 'hall', category: 'service' }}>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="channel" label={t('hall.suggestions.channel')}>
                <Select options={CHANNELS.map((c) => ({ value: c, label: t(`hall.suggestionChannel.${c}`) }))} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="category" label={t('citizen.suggest.category')}>
                <Select options={CATEGORIES.map((c) => ({ value: c, label: t(`hall.suggestionCategory.${c}`) }))} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="eventId" label={t('hall.suggestions.event')}>
            <Select
              allowClear
              options={(events.data ?? []).map((e) => ({ value: e.id, label: `${e.heldOn} ${e.title}` }))}
            />
          </Form.Item>
          <Form.Item name="submitterName" label={t('hall.suggestions.submitter')}>
            <Input maxLength={64} />
          </Form.Item>
          <Form.Item
            name="content"
            label={t('citizen.suggest.content')}
            rules={[{ required: true, message: t('hall.common.required') }]}
          >
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={answering !== null}
        title={t('hall.suggestions.answer')}
        onCancel={() => setAnswering(null)}
        onOk={answer}
        destroyOnHidden
      >
        <div style={{ marginBottom: 12 }}>{answering?.content}</div>
        <Form form={answerForm} layout="vertical" preserve={false} initialValues={{ accepted: true }}>
          <Form.Item name="accepted">
            <Radio.Group
              options={[
                { value: true, label: t('hall.suggestions.accept') },
                { value: false, label: t('hall.suggestions.decline') },
              ]}
            />
          </Form.Item>
          <Form.Item
            name="answer"
            label={t('citizen.suggest.answer')}
            rules={[{ required: true, message: t('hall.common.required') }]}
          >
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
          {accepted ? (
            <Form.Item
              name="action"
              label={t('hall.suggestions.action')}
              rules={[{ required: true, message: t('hall.common.required') }]}
            >
              <Input.TextArea rows={2} maxLength={1000} />
            </Form.Item>
          ) : null}
        </Form>
      </Modal>
      <Modal
        open={progressing !== null}
        title={t('hall.suggestions.recordProgress')}
        onCancel={() => setProgressing(null)}
        onOk={progress}
        destroyOnHidden
      >
        <div style={{ marginBottom: 12 }}>{progressing?.action}</div>
        <Form
          form={progressForm}
          layout="vertical"
          preserve={false}
          initialValues={{ progress: Math.min(100, (progressing?.progress ?? 0) + 25) }}
        >
          <Form.Item name="progress" label={t('hall.suggestions.progress')}>
            <Slider
              min={progressing?.progress ?? 0}
              max={100}
              step={5}
              marks={{ 100: t('hall.suggestionStatus.done') }}
            />
          </Form.Item>
          <Form.Item
            name="note"
            label={t('hall.clerk.note')}
            rules={[{ required: true, message: t('hall.common.required') }]}
          >
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function EventList() {
  const { t } = useTranslation();
  const write = useWrite();
  const events = useEvents();
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm();
  const create = async () => {
    const v = (await form.validateFields()) as Record<string, unknown> & { heldOn: Dayjs };
    if (await write(() => api.post('/api/hall/suggestion-events', { ...v, heldOn: v.heldOn.format(FMT) }))) {
      setCreating(false);
    }
  };
  return (
    <>
      <Row justify="end" style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('hall.suggestions.newEvent')}
        </Button>
      </Row>
      {events.error ? <ErrorAlert error={events.error} /> : null}
      <Table<Event>
        rowKey="id"
        size="small"
        loading={events.isPending}
        dataSource={events.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('hall.enterprise.heldOn'), dataIndex: 'heldOn' },
          { title: t('hall.suggestions.eventKind'), render: (_, e) => t(`hall.suggestionChannel.${e.kind}`) },
          { title: t('hall.enterprise.topic'), dataIndex: 'title' },
          { title: t('hall.enterprise.location'), render: (_, e) => e.location ?? '—' },
          { title: t('hall.enterprise.attendees'), dataIndex: 'attendees', align: 'right' },
          { title: t('citizen.suggest.collected'), dataIndex: 'suggestions', align: 'right' },
          { title: t('citizen.suggest.actedOn'), dataIndex: 'actedOn', align: 'right' },
        ]}
      />
      <Modal
        open={creating}
        title={t('hall.suggestions.newEvent')}
        onCancel={() => setCreating(false)}
        onOk={create}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={{ kind: 'meeting', heldOn: dayjs(), attendees: 0 }}
        >
          <Form.Item name="kind" label={t('hall.suggestions.eventKind')}>
            <Select
              options={(['meeting', 'open_day', 'other'] as const).map((k) => ({
                value: k,
                label: t(`hall.suggestionChannel.${k}`),
              }))}
            />
          </Form.Item>
          <Form.Item
            name="title"
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
              <Form.Item name="attendees" label={t('hall.enterprise.attendees')}>
                <InputNumber min={0} max={100000} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="location" label={t('hall.enterprise.location')}>
            <Input maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
