import {
  CloseCircleOutlined,
  EditOutlined,
  ExportOutlined,
  PlusOutlined,
  SendOutlined,
  SwapOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import type { IncidentDetail, OrderView } from '@fengqiao/contracts';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Drawer,
  Empty,
  Image,
  Input,
  Popconfirm,
  Space,
  Spin,
  Steps,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { keys, useIncident } from '../../api/queries';
import { translateDynamic } from '../../app/i18n';
import { useHasPermission } from '../../app/session';
import { ErrorAlert, useErrorText } from '../../shared/errors';
import { currentDeadline, isOpenOrder, orderMilestones } from './command-data';
import { DeadlineCountdown, PriorityTag } from './IncidentCard';
import { CloseDialog, DispatchDialog, type DispatchKind } from './IncidentDialogs';
import { IncidentLinks } from './IncidentLinks';
import { useCategoryLabel, usePriorityReason } from './labels';

const STATUS_TAG: Record<IncidentDetail['status'], string> = {
  new: 'magenta',
  dispatched: 'orange',
  in_progress: 'processing',
  resolved: 'green',
  closed: 'default',
  transferred: 'purple',
};

export function StatusTag({ status }: { status: IncidentDetail['status'] }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_TAG[status]} data-testid="incident-status" data-status={status}>
      {t(`incidentStatus.${status}`)}
    </Tag>
  );
}

const ORDER_TAG: Record<OrderView['status'], string> = {
  issued: 'orange',
  acknowledged: 'gold',
  en_route: 'blue',
  on_scene: 'processing',
  resolved: 'green',
  closed: 'default',
  cancelled: 'default',
  transferred: 'purple',
};

export function OrderStatusTag({ status }: { status: OrderView['status'] }) {
  const { t } = useTranslation();
  return (
    <Tag color={ORDER_TAG[status]} data-testid="order-status" data-status={status}>
      {t(`orderStatus.${status}`)}
    </Tag>
  );
}

/** One order with its milestones, deadlines and breaches. */
function OrderBlock({
  order,
  canDispatch,
  onReassign,
}: {
  order: OrderView;
  canDispatch: boolean;
  onReassign: (o: OrderView) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const deadline = currentDeadline(order);
  const milestones = orderMilestones(order);
  const reached = milestones.filter((m) => m.at).length;
  const cancel = async () => {
    try {
      await api.patch(`/api/orders/${order.id}`, { status: 'cancelled' });
      message.success(t('dispatch.cancelled'));
      void qc.invalidateQueries({ queryKey: keys.incident(order.incidentId) });
      void qc.invalidateQueries({ queryKey: keys.board });
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <div className="fq-order" data-testid="order" data-status={order.status}>
      <div className="fq-order-head">
        <Space size={6} wrap>
          <strong>{order.assigneeLabel}</strong>
          <Tag className="fq-mini-tag">{t(`assigneeKind.${order.assigneeKind}`)}</Tag>
          <OrderStatusTag status={order.status} />
          {order.breaches.map((b) => (
            <Tag key={b} color="red" icon={<WarningOutlined />} data-testid="order-breach">
              {t(`alerts.missed.${b === 'ack' || b === 'arrive' || b === 'resolve' ? b : 'ack'}`)}
            </Tag>
          ))}
        </Space>
        {deadline ? (
          <span className="fq-order-deadline">
            {t(`orders.deadline.${deadline.kind}`)} <DeadlineCountdown due={deadline.due} />
          </span>
        ) : null}
      </div>
      {order.assigneeKind !== 'agency' && order.status !== 'cancelled' ? (
        <Steps
          size="small"
          className="fq-order-steps"
          current={Math.max(0, reached - 1)}
          items={milestones.map((m) => ({
            title: t(`orderStatus.${m.step}`),
            status: m.at ? 'finish' : 'wait',
            content: (
              <span className="fq-order-step-time">
                {m.at
                  ? dayjs(m.at).format('HH:mm:ss')
                  : m.due
                    ? t('orders.dueShort', { time: dayjs(m.due).format('HH:mm') })
                    : ''}
              </span>
            ),
          }))}
        />
      ) : null}
      {order.note ? <div className="fq-muted">{order.note}</div> : null}
      {canDispatch && isOpenOrder(order.status) ? (
        <Space size={4} className="fq-order-actions">
          <Button size="small" icon={<SwapOutlined />} onClick={() => onReassign(order)}>
            {t('dispatch.reassign')}
          </Button>
          <Popconfirm
            title={t('dispatch.cancelConfirm')}
            onConfirm={() => void cancel()}
            okText={t('app.confirm')}
            cancelText={t('app.cancel')}
          >
            <Button size="small" danger>
              {t('dispatch.cancel')}
            </Button>
          </Popconfirm>
        </Space>
      ) : null}
    </div>
  );
}

/** An incident event's kind (`order.acknowledged`, `note`, …) in the UI language. */
export function eventLabel(kind: string): string {
  return translateDynamic(`events.${kind.replace('.', '_')}`, kind);
}

/** The incident drawer: everything about one incident and the command room's actions on it. */
export function IncidentDrawer({
  id,
  onClose,
  onOpenIncident,
}: {
  id: string | null;
  onClose: () => void;
  /** Opens another incident (the first report of a duplicate, a linked duplicate). */
  onOpenIncident?: (id: string) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const has = useHasPermission();
  const canDispatch = has('incidents.dispatch');
  const canNote = has('orders.update');
  const errorText = useErrorText();
  const categoryLabel = useCategoryLabel();
  const priorityReason = usePriorityReason();
  const incident = useIncident(id);
  const [dispatchKind, setDispatchKind] = useState<DispatchKind | null>(null);
  const [replacing, setReplacing] = useState<string | null>(null);
  const [closing, setClosing] = useState(false);
  const [note, setNote] = useState('');
  const [savingNote, setSavingNote] = useState(false);

  const d = incident.data;
  const closed = d?.status === 'closed';
  const addNote = async () => {
    if (!d || !note.trim()) return;
    setSavingNote(true);
    try {
      await api.post(`/api/incidents/${d.id}/notes`, { note: note.trim() });
      setNote('');
      message.success(t('incident.noteAdded'));
      void qc.invalidateQueries({ queryKey: keys.incident(d.id) });
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setSavingNote(false);
    }
  };

  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size={760}
      destroyOnHidden
      title={
        d ? (
          <Space size={8} wrap>
            <span className="fq-mono" data-testid="incident-number">
              {d.number}
            </span>
            <PriorityTag priority={d.priority} />
            <StatusTag status={d.status} />
          </Space>
        ) : (
          t('incident.title')
        )
      }
      extra={
        d && canDispatch && !closed ? (
          <Space size={6} wrap>
            <Button
              type="primary"
              icon={<SendOutlined />}
              onClick={() => setDispatchKind('person')}
              data-testid="action-dispatch"
            >
              {t('incident.dispatch')}
            </Button>
            <Button icon={<PlusOutlined />} onClick={() => setDispatchKind('unit')}>
              {t('incident.addUnit')}
            </Button>
            <Button icon={<ExportOutlined />} onClick={() => setDispatchKind('agency')}>
              {t('incident.transfer')}
            </Button>
            <Button icon={<CloseCircleOutlined />} onClick={() => setClosing(true)} data-testid="action-close">
              {t('incident.close')}
            </Button>
          </Space>
        ) : null
      }
      data-testid="incident-drawer"
    >
      {incident.isError ? <ErrorAlert error={incident.error} onRetry={() => void incident.refetch()} /> : null}
      {!d && incident.isPending ? (
        <div className="fq-center">
          <Spin />
        </div>
      ) : null}
      {d ? (
        <div className="fq-incident">
          {d.outsideJurisdiction ? (
            <Alert type="warning" showIcon title={t('incident.outside')} description={t('incident.outsideHint')} />
          ) : null}
          {d.duplicateOf ? (
            <Alert
              type="info"
              showIcon
              title={t('incident.duplicateOfNote')}
              action={
                onOpenIncident ? (
                  <Button size="small" onClick={() => d.duplicateOf && onOpenIncident(d.duplicateOf)}>
                    {t('incident.openFirst')}
                  </Button>
                ) : undefined
              }
            />
          ) : null}
          <Typography.Title level={4} className="fq-incident-summary">
            {d.summary}
          </Typography.Title>
          {d.description && d.description !== d.summary ? (
            <Typography.Paragraph className="fq-incident-desc">{d.description}</Typography.Paragraph>
          ) : null}
          <Descriptions size="small" column={2} bordered className="fq-incident-facts">
            <Descriptions.Item label={t('incident.category')}>{categoryLabel(d.categoryCode, true)}</Descriptions.Item>
            <Descriptions.Item label={t('incident.source')}>{t(`source.${d.source}`)}</Descriptions.Item>
            <Descriptions.Item label={t('incident.reportedAt')}>
              {dayjs(d.reportedAt).format('YYYY-MM-DD HH:mm:ss')}
            </Descriptions.Item>
            <Descriptions.Item label={t('incident.team')}>{d.team ? t(`team.${d.team}`) : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('incident.address')} span={2}>
              {d.address ?? '—'}
              {d.location ? (
                <span className="fq-muted">
                  {' '}
                  · {d.location[0].toFixed(5)}, {d.location[1].toFixed(5)}
                </span>
              ) : null}
            </Descriptions.Item>
            <Descriptions.Item label={t('incident.grid')}>
              <span data-testid="incident-grid">{d.gridCode ?? '—'}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('incident.responsible')}>
              <span data-testid="incident-responsible">
                {d.responsible
                  ? `${d.responsible.name}${d.responsible.badgeNo ? ` · ${d.responsible.badgeNo}` : ''}`
                  : '—'}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('incident.unit')}>
              {d.unit ? `${d.unit.code} ${d.unit.name}` : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('incident.caller')}>
              {d.callerName || d.callerPhone ? `${d.callerName ?? ''} ${d.callerPhone ?? ''}`.trim() : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('incident.priorityReason')} span={2}>
              <span data-testid="incident-priority-reason">{priorityReason(d.priorityReason) || '—'}</span>
            </Descriptions.Item>
            {closed ? (
              <Descriptions.Item label={t('incident.result')} span={2}>
                {d.resultCode ? translateDynamic(`resultCodes.${d.resultCode}`, d.resultCode) : '—'}
                {d.resultNote ? ` · ${d.resultNote}` : ''}
              </Descriptions.Item>
            ) : null}
          </Descriptions>

          {d.persons.length > 0 ? (
            <>
              <h4 className="fq-section-title">{t('incident.persons')}</h4>
              <div className="fq-persons">
                {d.persons.map((p, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: persons have no id and never reorder
                  <div key={i} className="fq-person">
                    <Tag>{translateDynamic(`personRoles.${p.role}`, p.role)}</Tag>
                    {[
                      p.name,
                      p.gender ? translateDynamic(`gender.${p.gender}`, p.gender) : null,
                      p.idNumber,
                      p.phone,
                      p.description,
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </div>
                ))}
              </div>
            </>
          ) : null}

          <h4 className="fq-section-title">{t('incident.orders')}</h4>
          {d.orders.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('incident.noOrders')} />
          ) : (
            d.orders.map((o) => (
              <OrderBlock
                key={o.id}
                order={o}
                canDispatch={canDispatch}
                onReassign={(ord) => {
                  setReplacing(ord.id);
                  setDispatchKind('person');
                }}
              />
            ))
          )}

          {d.attachments.length > 0 ? (
            <>
              <h4 className="fq-section-title">{t('incident.photos', { count: d.attachments.length })}</h4>
              <Image.PreviewGroup>
                <Space wrap size={8}>
                  {d.attachments.map((a) => (
                    <Image
                      key={a.id}
                      src={a.url}
                      width={104}
                      height={104}
                      className="fq-thumb"
                      alt={t('incident.photo')}
                      data-testid="incident-photo"
                    />
                  ))}
                </Space>
              </Image.PreviewGroup>
            </>
          ) : null}

          {d.duplicates.length > 0 ? (
            <>
              <h4 className="fq-section-title">{t('incident.duplicates', { count: d.duplicates.length })}</h4>
              <Space wrap>
                {d.duplicates.map((x) => (
                  <Button key={x.id} size="small" className="fq-mono" onClick={() => onOpenIncident?.(x.id)}>
                    {x.number} · {dayjs(x.createdAt).format('HH:mm')}
                  </Button>
                ))}
              </Space>
            </>
          ) : null}

          <IncidentLinks incident={d} />

          <h4 className="fq-section-title">{t('incident.timeline')}</h4>
          <Timeline
            className="fq-timeline"
            items={d.events.map((e) => ({
              key: e.id,
              color: e.kind === 'deadline_breached' ? 'red' : e.kind === 'closed' ? 'gray' : 'blue',
              title: dayjs(e.at).format('MM-DD HH:mm:ss'),
              content: (
                <div data-testid="timeline-event" data-kind={e.kind}>
                  <strong>{eventLabel(e.kind)}</strong>
                  {e.actorName ? <span className="fq-muted"> · {e.actorName}</span> : null}
                  {e.note ? <div>{e.note}</div> : null}
                </div>
              ),
            }))}
          />
          {canNote && !closed ? (
            <div className="fq-note-box">
              <Input.TextArea
                value={note}
                onChange={(e) => setNote(e.target.value)}
                placeholder={t('incident.notePlaceholder')}
                autoSize={{ minRows: 2, maxRows: 5 }}
                maxLength={2000}
                data-testid="note-input"
              />
              <Button
                icon={<EditOutlined />}
                onClick={() => void addNote()}
                loading={savingNote}
                disabled={!note.trim()}
              >
                {t('incident.addNote')}
              </Button>
            </div>
          ) : null}
          <DispatchDialog
            incident={d}
            open={dispatchKind !== null}
            initialKind={dispatchKind ?? 'person'}
            replaceOrderId={replacing}
            onClose={() => {
              setDispatchKind(null);
              setReplacing(null);
            }}
          />
          <CloseDialog incident={d} open={closing} onClose={() => setClosing(false)} />
        </div>
      ) : null}
    </Drawer>
  );
}
