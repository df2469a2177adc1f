import type { HallQueueView, HallTicketView } from '@fengqiao/contracts';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Col, Empty, Form, Input, Modal, Row, Select, Space, Statistic, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { api } from '../../api/client';
import { live } from '../../api/live';
import { ErrorAlert } from '../../shared/errors';
import { PageHeader } from '../../shared/PageHeader';
import { hhmm, nameOf, useServices, useWindows } from './hall-api';
import { useHallErrorText } from './hall-errors';
import './hall.css';

type Queue = z.infer<typeof HallQueueView>;
type Ticket = HallTicketView;
const OUTCOMES = ['done', 'accepted', 'materials_missing', 'referred', 'other'] as const;
const WINDOW_KEY = 'fq.hall.window';

/** Minutes since an instant, for "waiting for 12 min". */
function minutesSince(iso: string, now: number): number {
  return Math.max(0, Math.round((now - new Date(iso).getTime()) / 60_000));
}

/**
 * `/hall/window`: the clerk's counter. Pick the window once (remembered on
 * this computer), call the next ticket in the server's calling order
 * (transfers, on-time appointments, green channel, then first come), recall,
 * start, transfer, mark a no-show, finish with an outcome.
 */
export default function ClerkPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const errorText = useHallErrorText();
  const windows = useWindows();
  const services = useServices();
  const [windowId, setWindowId] = useState<string | null>(() => localStorage.getItem(WINDOW_KEY));
  const [busy, setBusy] = useState<string | null>(null);
  const [finishing, setFinishing] = useState(false);
  const [transferring, setTransferring] = useState(false);
  const [finishForm] = Form.useForm<{ outcome: (typeof OUTCOMES)[number]; note?: string }>();
  const [transferForm] = Form.useForm<{ windowId?: string; serviceId?: string; note?: string }>();
  const [now, setNow] = useState(() => Date.now());

  const queue = useQuery({
    queryKey: ['hall', 'queue', windowId],
    queryFn: () => api.get<Queue>(`/api/hall/windows/${windowId}/queue`),
    enabled: Boolean(windowId),
    refetchInterval: 15_000,
  });
  const { refetch } = queue;
  useEffect(() => live.subscribe('hall.queue.changed', () => void refetch()), [refetch]);
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(id);
  }, []);

  const choose = (id: string) => {
    localStorage.setItem(WINDOW_KEY, id);
    setWindowId(id);
  };

  const run = async (key: string, fn: () => Promise<unknown>, done?: string) => {
    setBusy(key);
    try {
      await fn();
      if (done) message.success(done);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(null);
      await refetch();
    }
  };

  const current = queue.data?.current ?? null;
  const callNext = () =>
    run('call', async () => {
      const r = await api.post<{ ticket: Ticket | null }>(`/api/hall/windows/${windowId}/call-next`);
      if (!r.ticket) message.info(t('hall.clerk.nobody'));
    });
  const ticketAction = (what: 'recall' | 'start' | 'no-show') =>
    run(what, () => api.post(`/api/hall/tickets/${current?.id}/${what}`));

  const finish = async () => {
    // Field errors show under the fields; nothing is sent.
    const v = await finishForm.validateFields().catch(() => null);
    if (!v) return;
    await run('finish', () => api.post(`/api/hall/tickets/${current?.id}/finish`, v), t('hall.clerk.finished'));
    setFinishing(false);
  };
  const transfer = async () => {
    // Field errors show under the fields; nothing is sent.
    const v = await transferForm.validateFields().catch(() => null);
    if (!v) return;
    if (!v.windowId && !v.serviceId) {
      transferForm.setFields([{ name: 'windowId', errors: [t('hall.clerk.transferTarget')] }]);
      return;
    }
    await run('transfer', () => api.post(`/api/hall/tickets/${current?.id}/transfer`, v), t('hall.clerk.transferred'));
    setTransferring(false);
  };

  const activeWindows = (windows.data ?? []).filter((w) => w.active);
  const kindTags = (tk: Ticket) => (
    <>
      {tk.kind === 'appointment' ? <Tag color="cyan">{t('hall.clerk.appointment')}</Tag> : null}
      {tk.priority ? <Tag color="green">{t('hall.clerk.priority')}</Tag> : null}
      {tk.targetWindow ? <Tag color="orange">{t('hall.clerk.transferredIn')}</Tag> : null}
    </>
  );

  return (
    <div className="fq-page">
      <PageHeader
        title={t('hall.clerk.title')}
        subtitle={t('hall.clerk.subtitle')}
        extra={
          <Select
            style={{ width: 240 }}
            placeholder={t('hall.clerk.pickWindow')}
            value={windowId ?? undefined}
            onChange={choose}
            loading={windows.isPending}
            options={activeWindows.map((w) => ({
              value: w.id,
              label: `${t('hall.display.windowNo', { n: w.number })} · ${w.name}`,
            }))}
            data-testid="clerk-window"
          />
        }
      />
      {windows.error ? <ErrorAlert error={windows.error} onRetry={() => windows.refetch()} /> : null}
      {!windowId ? <Empty description={t('hall.clerk.pickWindowHint')} /> : null}
      {queue.error ? <ErrorAlert error={queue.error} onRetry={() => queue.refetch()} /> : null}
      {windowId && queue.data ? (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={10}>
            <Card title={t('hall.clerk.current')} data-testid="clerk-current">
              {current ? (
                <>
                  <div className="fq-hall-current" data-testid="clerk-current-number">
                    {current.number}
                  </div>
                  <div style={{ margin: '6px 0' }}>
                    <Tag color={current.status === 'serving' ? 'processing' : 'red'} data-testid="clerk-current-status">
                      {t(`hall.ticketStatus.${current.status}`)}
                    </Tag>
                    {kindTags(current)}
                  </div>
                  <div>{nameOf(current.service, i18n.language)}</div>
                  <div className="fq-muted">
                    {t('hall.clerk.ticketedAt', { at: hhmm(current.ticketedAt) })}
                    {current.calledAt ? ` · ${t('hall.clerk.calledAt', { at: hhmm(current.calledAt) })}` : ''}
                    {current.callCount > 1 ? ` · ${t('hall.clerk.calls', { n: current.callCount })}` : ''}
                    {current.appointmentNumber ? ` · ${current.appointmentNumber}` : ''}
                  </div>
                  <div className="fq-hall-actions" style={{ marginTop: 16 }}>
                    {current.status === 'called' ? (
                      <>
                        <Button
                          type="primary"
                          size="large"
                          loading={busy === 'start'}
                          onClick={() => ticketAction('start')}
                          data-testid="clerk-start"
                        >
                          {t('hall.clerk.start')}
                        </Button>
                        <Button
                          size="large"
                          loading={busy === 'recall'}
                          onClick={() => ticketAction('recall')}
                          data-testid="clerk-recall"
                        >
                          {t('hall.clerk.recall')}
                        </Button>
                        <Button
                          size="large"
                          danger
                          loading={busy === 'no-show'}
                          onClick={() => ticketAction('no-show')}
                          data-testid="clerk-no-show"
                        >
                          {t('hall.clerk.noShow')}
                        </Button>
                      </>
                    ) : (
                      <Button type="primary" size="large" onClick={() => setFinishing(true)} data-testid="clerk-finish">
                        {t('hall.clerk.finish')}
                      </Button>
                    )}
                    <Button size="large" onClick={() => setTransferring(true)} data-testid="clerk-transfer">
                      {t('hall.clerk.transfer')}
                    </Button>
                  </div>
                </>
              ) : (
                <Space orientation="vertical" style={{ width: '100%' }}>
                  <div className="fq-muted">{t('hall.clerk.idle')}</div>
                  <Button
                    type="primary"
                    size="large"
                    block
                    style={{ height: 64, fontSize: 22 }}
                    loading={busy === 'call'}
                    disabled={queue.data.waitingTotal === 0}
                    onClick={callNext}
                    data-testid="clerk-call-next"
                  >
                    {t('hall.clerk.callNext')}
                  </Button>
                </Space>
              )}
            </Card>
            <Row gutter={16} style={{ marginTop: 16 }}>
              <Col span={12}>
                <Card>
                  <Statistic title={t('hall.clerk.waiting')} value={queue.data.waitingTotal} />
                </Card>
              </Col>
              <Col span={12}>
                <Card>
                  <Statistic title={t('hall.clerk.finishedToday')} value={queue.data.finishedToday} />
                </Card>
              </Col>
            </Row>
            <Card size="small" style={{ marginTop: 16 }} title={t('hall.clerk.serves')}>
              {queue.data.window.services.map((s) => (
                <Tag key={s.id}>{nameOf(s, i18n.language)}</Tag>
              ))}
            </Card>
          </Col>
          <Col xs={24} lg={14}>
            <Card title={t('hall.clerk.queue')} extra={<span className="fq-muted">{t('hall.clerk.order')}</span>}>
              <Table<Ticket>
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={queue.data.waiting}
                data-testid="clerk-queue"
                columns={[
                  {
                    title: t('hall.clerk.number'),
                    dataIndex: 'number',
                    render: (v: string, r) => (
                      <>
                        <strong>{v}</strong> {kindTags(r)}
                      </>
                    ),
                  },
                  { title: t('hall.clerk.service'), render: (_, r) => nameOf(r.service, i18n.language) },
                  { title: t('hall.clerk.ticketed'), render: (_, r) => hhmm(r.ticketedAt) },
                  {
                    title: t('hall.clerk.waited'),
                    render: (_, r) => t('hall.clerk.minutes', { n: minutesSince(r.ticketedAt, now) }),
                  },
                ]}
              />
            </Card>
          </Col>
        </Row>
      ) : null}
      <Modal
        open={finishing}
        title={t('hall.clerk.finishTitle', { number: current?.number ?? '' })}
        onCancel={() => setFinishing(false)}
        onOk={finish}
        okText={t('hall.clerk.finish')}
        okButtonProps={{ loading: busy === 'finish' }}
        destroyOnHidden
      >
        <Form form={finishForm} layout="vertical" preserve={false} initialValues={{ outcome: 'done' }}>
          <Form.Item name="outcome" label={t('hall.clerk.outcome')} rules={[{ required: true }]}>
            <Select
              options={OUTCOMES.map((o) => ({ value: o, label: t(`hall.outcome.${o}`) }))}
              data-testid="clerk-outcome"
            />
          </Form.Item>
          <Form.Item name="note" label={t('hall.clerk.note')}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={transferring}
        title={t('hall.clerk.transferTitle', { number: current?.number ?? '' })}
        onCancel={() => setTransferring(false)}
        onOk={transfer}
        okButtonProps={{ loading: busy === 'transfer' }}
        destroyOnHidden
      >
        <Form form={transferForm} layout="vertical" preserve={false}>
          <Form.Item name="windowId" label={t('hall.clerk.toWindow')}>
            <Select
              allowClear
              options={activeWindows
                .filter((w) => w.id !== windowId)
                .map((w) => ({ value: w.id, label: `${t('hall.display.windowNo', { n: w.number })} · ${w.name}` }))}
            />
          </Form.Item>
          <Form.Item name="serviceId" label={t('hall.clerk.toService')}>
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              options={(services.data ?? [])
                .filter((s) => s.active)
                .map((s) => ({ value: s.id, label: nameOf(s, i18n.language) }))}
            />
          </Form.Item>
          <Form.Item name="note" label={t('hall.clerk.note')}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
