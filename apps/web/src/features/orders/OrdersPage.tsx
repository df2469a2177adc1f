import {
  CameraOutlined,
  CheckCircleOutlined,
  DownOutlined,
  EditOutlined,
  EnvironmentOutlined,
  PhoneOutlined,
  UpOutlined,
} from '@ant-design/icons';
import { type OrderView, RESULT_CODES } from '@fengqiao/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Empty, Form, Image, Input, Modal, Segmented, Select, Spin, Tag } from 'antd';
import dayjs from 'dayjs';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ApiRequestError } from '../../api/errors';
import { useLiveStatus, useLiveTopic } from '../../api/live';
import { keys, useIncident } from '../../api/queries';
import { ErrorAlert, useErrorText } from '../../shared/errors';
import {
  currentDeadline,
  isOpenOrder,
  type NextStep,
  nextOrderStep,
  PRIORITY_COLOURS,
  PRIORITY_ORDER,
} from '../command/command-data';
import { DeadlineCountdown, PriorityTag } from '../command/IncidentCard';
import { eventLabel, OrderStatusTag } from '../command/IncidentDrawer';
import { IncidentLinks } from '../command/IncidentLinks';
import { useCategoryLabel } from '../command/labels';
import { useOrders } from './orders-query';
import './orders.css';

interface ResolveValues {
  resultCode?: (typeof RESULT_CODES)[number];
  note?: string;
}

function OrderCard({ order }: { order: OrderView }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const categoryLabel = useCategoryLabel();
  const [expanded, setExpanded] = useState(false);
  const [busy, setBusy] = useState(false);
  const [noteOpen, setNoteOpen] = useState(false);
  const [resolveOpen, setResolveOpen] = useState(false);
  const [note, setNote] = useState('');
  const [uploading, setUploading] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);
  const [resolveForm] = Form.useForm<ResolveValues>();
  const incident = useIncident(order.incidentId);
  const d = incident.data;
  const next = nextOrderStep(order.status);
  const deadline = currentDeadline(order);
  const open = isOpenOrder(order.status);

  const refresh = () => {
    void qc.invalidateQueries({ queryKey: keys.ordersMine });
    void qc.invalidateQueries({ queryKey: ['orders', 'mine', 'history'] });
    void qc.invalidateQueries({ queryKey: keys.incident(order.incidentId) });
  };

  const step = async (to: NextStep, extra: { note?: string; resultCode?: string } = {}) => {
    setBusy(true);
    try {
      // The version this card shows: a step taken meanwhile elsewhere is refused (409), not applied twice.
      await api.patch(`/api/orders/${order.id}`, {
        status: to,
        version: order.version,
        ...(extra.note ? { note: extra.note } : {}),
        ...(extra.resultCode ? { resultCode: extra.resultCode } : {}),
      });
      message.success(t(`orders.done.${to}`, { number: order.incidentNumber }));
      refresh();
      return true;
    } catch (e) {
      message.error(errorText(e));
      // Someone else moved it (or it moved on another device): show what it is now.
      if (e instanceof ApiRequestError && (e.status === 409 || e.status === 400)) refresh();
      return false;
    } finally {
      setBusy(false);
    }
  };

  const addNote = async () => {
    if (!note.trim()) return;
    try {
      await api.post(`/api/incidents/${order.incidentId}/notes`, { note: note.trim() });
      message.success(t('incident.noteAdded'));
      setNote('');
      setNoteOpen(false);
      refresh();
    } catch (e) {
      message.error(errorText(e));
    }
  };

  const upload = async (file: File) => {
    const form = new FormData();
    form.append('photo', file, file.name);
    setUploading(true);
    try {
      await api.postForm(`/api/incidents/${order.incidentId}/photos`, form);
      message.success(t('orders.photoAdded'));
      setExpanded(true);
      refresh();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setUploading(false);
      if (fileRef.current) fileRef.current.value = '';
    }
  };

  return (
    <article
      className="fq-order-card"
      style={{ borderTopColor: PRIORITY_COLOURS[order.priority] }}
      data-testid="my-order"
      data-number={order.incidentNumber}
      data-status={order.status}
      data-version={order.version}
    >
      <header className="fq-order-card-head">
        <PriorityTag priority={order.priority} />
        <span className="fq-mono fq-order-card-number">{order.incidentNumber}</span>
        <OrderStatusTag status={order.status} />
      </header>
      {/* Summary and address come with the order, so the card is useful before (or without) the incident's detail. */}
      <div className="fq-order-card-summary" data-testid="order-summary">
        {order.incidentSummary}
      </div>
      <div className="fq-order-card-place" data-testid="order-address">
        <EnvironmentOutlined />{' '}
        {order.incidentAddress ?? <span className="fq-muted">{t('commandRoom.orders.noAddress')}</span>}
        {d?.gridCode ? <Tag className="fq-mini-tag">{d.gridCode}</Tag> : null}
      </div>
      <div className="fq-order-card-meta">
        {d ? <span>{categoryLabel(d.categoryCode)}</span> : null}
        <span className="fq-muted">{t('orders.issuedAt', { time: dayjs(order.issuedAt).format('HH:mm') })}</span>
        {deadline ? (
          <span>
            {t(`orders.deadline.${deadline.kind}`)} <DeadlineCountdown due={deadline.due} />
          </span>
        ) : null}
      </div>
      {order.breaches.length > 0 ? (
        <div className="fq-order-card-breach">{t('orders.breached', { count: order.breaches.length })}</div>
      ) : null}

      {open && next ? (
        <Button
          type="primary"
          size="large"
          block
          className={`fq-step-button fq-step-${next}`}
          loading={busy}
          icon={<CheckCircleOutlined />}
          onClick={() => (next === 'resolved' ? setResolveOpen(true) : void step(next))}
          data-testid="order-next"
          data-next={next}
        >
          {t(`orders.next.${next}`)}
        </Button>
      ) : null}
      <div className="fq-order-card-tools">
        <Button size="large" icon={<EditOutlined />} onClick={() => setNoteOpen(true)} data-testid="order-note">
          {t('orders.note')}
        </Button>
        <Button
          size="large"
          icon={<CameraOutlined />}
          loading={uploading}
          onClick={() => fileRef.current?.click()}
          data-testid="order-photo"
        >
          {t('orders.photo')}
        </Button>
        <input
          ref={fileRef}
          type="file"
          accept="image/*"
          capture="environment"
          style={{ display: 'none' }}
          data-testid="order-photo-input"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void upload(f);
          }}
        />
        <Button
          size="large"
          icon={expanded ? <UpOutlined /> : <DownOutlined />}
          onClick={() => setExpanded((x) => !x)}
          data-testid="order-details"
        >
          {t('orders.details')}
        </Button>
      </div>
      {expanded && d ? (
        <div className="fq-order-card-detail" data-testid="order-detail">
          <p>{d.description || d.summary}</p>
          {d.callerName || d.callerPhone ? (
            <p>
              <PhoneOutlined /> {`${d.callerName ?? ''} ${d.callerPhone ?? ''}`.trim()}
            </p>
          ) : null}
          {d.attachments.length > 0 ? (
            <Image.PreviewGroup>
              <div className="fq-order-photos">
                {d.attachments.map((a) => (
                  <Image
                    key={a.id}
                    src={a.url}
                    width={84}
                    height={84}
                    className="fq-thumb"
                    alt={t('incident.photo')}
                    data-testid="order-photo-thumb"
                  />
                ))}
              </div>
            </Image.PreviewGroup>
          ) : null}
          <IncidentLinks incident={d} size="large" />
          <ul className="fq-order-events">
            {d.events
              .slice()
              .reverse()
              .slice(0, 8)
              .map((e) => (
                <li key={e.id}>
                  <span className="fq-muted">{dayjs(e.at).format('HH:mm')}</span> <strong>{eventLabel(e.kind)}</strong>
                  {e.note ? ` · ${e.note}` : ''}
                </li>
              ))}
          </ul>
        </div>
      ) : null}

      <Modal
        open={noteOpen}
        title={t('orders.noteTitle', { number: order.incidentNumber })}
        onCancel={() => setNoteOpen(false)}
        onOk={() => void addNote()}
        okText={t('app.save')}
        cancelText={t('app.cancel')}
        okButtonProps={{ disabled: !note.trim(), size: 'large' }}
        cancelButtonProps={{ size: 'large' }}
        destroyOnHidden
      >
        <Input.TextArea
          value={note}
          onChange={(e) => setNote(e.target.value)}
          autoSize={{ minRows: 3, maxRows: 6 }}
          maxLength={2000}
          placeholder={t('incident.notePlaceholder')}
          data-testid="order-note-input"
        />
      </Modal>
      <Modal
        open={resolveOpen}
        title={t('orders.resolveTitle', { number: order.incidentNumber })}
        onCancel={() => setResolveOpen(false)}
        onOk={async () => {
          // Field errors show under the fields; nothing is sent.
          const v = await resolveForm.validateFields().catch(() => null);
          if (!v) return;
          if (
            await step('resolved', {
              ...(v.note?.trim() ? { note: v.note.trim() } : {}),
              ...(v.resultCode ? { resultCode: v.resultCode } : {}),
            })
          )
            setResolveOpen(false);
        }}
        okText={t('orders.next.resolved')}
        cancelText={t('app.cancel')}
        okButtonProps={{ size: 'large', loading: busy }}
        cancelButtonProps={{ size: 'large' }}
        destroyOnHidden
      >
        <Form<ResolveValues> form={resolveForm} layout="vertical">
          <Form.Item name="resultCode" label={t('incident.resultCode')}>
            <Select
              allowClear
              size="large"
              options={RESULT_CODES.map((c) => ({ value: c, label: t(`resultCodes.${c}`) }))}
            />
          </Form.Item>
          <Form.Item name="note" label={t('incident.resultNote')}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </article>
  );
}

/** `/orders`: the officer's own orders on a phone, one big button per step, live on `orders.changed`. */
export default function OrdersPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [view, setView] = useState<'open' | 'history'>('open');
  const orders = useOrders(view === 'open');
  const liveStatus = useLiveStatus();
  useLiveTopic('orders.changed', (e) => {
    void qc.invalidateQueries({ queryKey: keys.ordersMine });
    void qc.invalidateQueries({ queryKey: ['orders', 'mine', 'history'] });
    void qc.invalidateQueries({ queryKey: keys.incident(e.incidentId) });
  });
  useLiveTopic('incidents.changed', (e) => void qc.invalidateQueries({ queryKey: keys.incident(e.incidentId) }));

  // Most urgent first, then the nearest deadline.
  const list = [...(orders.data ?? [])].sort(
    (a, b) =>
      PRIORITY_ORDER.indexOf(a.priority) - PRIORITY_ORDER.indexOf(b.priority) ||
      (Date.parse(currentDeadline(a)?.due ?? '') || Number.MAX_SAFE_INTEGER) -
        (Date.parse(currentDeadline(b)?.due ?? '') || Number.MAX_SAFE_INTEGER),
  );
  return (
    <div className="fq-orders-page" data-testid="orders-page">
      <div className="fq-orders-head">
        <h2>
          {t('orders.title')}
          {view === 'open' && orders.data ? <span className="fq-orders-count">{list.length}</span> : null}
        </h2>
        <span className={`fq-live fq-live-${liveStatus}`} data-testid="live-status" data-status={liveStatus}>
          <span className="fq-live-dot" />
          {liveStatus === 'open' ? t('board.liveOn') : t('board.liveOff')}
        </span>
      </div>
      <Segmented
        block
        size="large"
        value={view}
        onChange={(v) => setView(v as 'open' | 'history')}
        options={[
          { value: 'open', label: t('orders.open') },
          { value: 'history', label: t('orders.history') },
        ]}
        className="fq-orders-tabs"
      />
      {orders.isError ? <ErrorAlert error={orders.error} onRetry={() => void orders.refetch()} /> : null}
      {orders.isPending ? (
        <div className="fq-center">
          <Spin size="large" />
        </div>
      ) : list.length === 0 ? (
        <Empty description={view === 'open' ? t('orders.none') : t('orders.noneHistory')} data-testid="orders-empty" />
      ) : (
        list.map((o) => <OrderCard key={o.id} order={o} />)
      )}
    </div>
  );
}
