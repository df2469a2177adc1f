import { PhoneOutlined, ReloadOutlined, SettingOutlined } from '@ant-design/icons';
import type { BoardView, IncidentSummary } from '@fengqiao/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button, Empty, Modal, Spin, Tabs, Tooltip } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useLiveStatus, useLiveTopic } from '../../api/live';
import type { CreateIncidentResult } from '../../api/queries';
import { keys, useBoard, useConfig, useTownMap } from '../../api/queries';
import { translateDynamic } from '../../app/i18n';
import { useHasPermission } from '../../app/session';
import { ErrorAlert } from '../../shared/errors';
import { CameraHealthLabel, CameraHealthPanel } from '../cameras/CameraHealthPanel';
import { AlertsPanel } from './AlertsPanel';
import { alertFromPush, pushedExplanation, withPushedAlert } from './alert-live';
import { CallTakingForm } from './CallTakingForm';
import { noteServerTime } from './clock';
import { byUrgency, QUEUES, type QueueId } from './command-data';
import { ForcesPanel } from './ForcesPanel';
import { IncidentCard } from './IncidentCard';
import { IncidentDrawer } from './IncidentDrawer';
import { useAlertTitle } from './labels';
import { type MapIncident, OpsMap } from './OpsMap';
import './command.css';

/** Coalesces bursts of live events into one refetch. */
function useThrottledInvalidate(): (keys: readonly (readonly unknown[])[]) => void {
  const qc = useQueryClient();
  const pending = useRef(new Map<string, readonly unknown[]>());
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  return useCallback(
    (ks) => {
      for (const k of ks) pending.current.set(JSON.stringify(k), k);
      if (timer.current) return;
      timer.current = setTimeout(() => {
        timer.current = null;
        const list = [...pending.current.values()];
        pending.current.clear();
        for (const k of list) void qc.invalidateQueries({ queryKey: k });
      }, 120);
    },
    [qc],
  );
}

function Stat({
  label,
  value,
  tone,
  testId,
}: {
  label: string;
  value: number;
  tone?: 'danger' | 'warn';
  testId: string;
}) {
  return (
    <div className={`fq-stat${tone ? ` fq-stat-${tone}` : ''}`} data-testid={testId}>
      <div className="fq-stat-value">{value}</div>
      <div className="fq-stat-label">{label}</div>
    </div>
  );
}

/**
 * The command room's live board: today's counts, queues by status sorted by
 * priority and nearest deadline, open alerts, the map of open incidents and
 * the forces' states. Every incident, order and alert event refetches it.
 */
export default function CommandBoardPage() {
  const { t } = useTranslation();
  const { notification } = App.useApp();
  const qc = useQueryClient();
  const alertTitle = useAlertTitle();
  // Alerts pushed while this board is open, marked new in the panel.
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  const navigate = useNavigate();
  const has = useHasPermission();
  const canCreate = has('incidents.create');
  const canConfigure = has('incidents.configure');
  const canMap = has('map.view');
  const board = useBoard();
  const town = useTownMap();
  const config = useConfig();
  const liveStatus = useLiveStatus();
  const [params, setParams] = useSearchParams();
  const openId = params.get('incident');
  const [callOpen, setCallOpen] = useState(false);
  const [side, setSide] = useState<'alerts' | 'forces' | 'cameras'>('alerts');
  const invalidate = useThrottledInvalidate();

  useEffect(() => {
    if (board.data) noteServerTime(board.data.generatedAt, board.dataUpdatedAt);
  }, [board.data, board.dataUpdatedAt]);

  const open = useCallback(
    (id: string | null) => {
      setParams(
        (p) => {
          const next = new URLSearchParams(p);
          if (id) next.set('incident', id);
          else next.delete('incident');
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );

  useLiveTopic('incidents.changed', (e) => invalidate([keys.board, keys.incident(e.incidentId)]));
  useLiveTopic('orders.changed', (e) => invalidate([keys.board, keys.incident(e.incidentId), keys.ordersMine]));
  useLiveTopic('alerts.created', (e) => {
    // The push carries the number and the explanation: show the alert now, refetch the board for the rest.
    const alert = alertFromPush(e);
    qc.setQueryData<BoardView>(keys.board, (b) => (b ? withPushedAlert(b, alert) : b));
    setFresh((f) => new Set(f).add(alert.id));
    invalidate([keys.board, ['alerts']]);
    const show = e.severity === 'critical' ? notification.error : notification.warning;
    show({
      title: `${translateDynamic(`alerts.kinds.${e.kind}`, t('board.alerts'))} · ${alertTitle(alert)}`,
      description: pushedExplanation(alert, e.explanationText, (key, params) => translateDynamic(key, key, params)),
      placement: 'bottomRight',
      duration: 6,
    });
  });

  // F2 opens the call-taking form from anywhere on the board.
  useEffect(() => {
    if (!canCreate) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'F2') {
        e.preventDefault();
        setCallOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [canCreate]);

  const queues = useMemo(() => {
    const q = board.data?.queues;
    const out: Record<QueueId, IncidentSummary[]> = { new: [], dispatched: [], in_progress: [], resolved: [] };
    if (q) for (const id of QUEUES) out[id] = [...q[id]].sort(byUrgency);
    return out;
  }, [board.data]);

  const mapIncidents = useMemo<MapIncident[]>(
    () =>
      [...queues.new, ...queues.dispatched, ...queues.in_progress].flatMap((i) =>
        i.location
          ? [
              {
                id: i.id,
                number: i.number,
                summary: i.summary,
                priority: i.priority,
                location: i.location,
                breached: i.breached,
              },
            ]
          : [],
      ),
    [queues],
  );

  const onAccepted = (res: CreateIncidentResult) => {
    setCallOpen(false);
    invalidate([keys.board]);
    open(res.incident.id);
  };

  if (board.isError && !board.data) {
    return (
      <div className="fq-page">
        <ErrorAlert error={board.error} onRetry={() => void board.refetch()} />
      </div>
    );
  }
  const b = board.data;
  if (!b) {
    return (
      <div className="fq-center" style={{ height: '100%' }}>
        <Spin size="large" />
      </div>
    );
  }
  const openAlerts = b.alerts.filter((a) => a.status === 'open');
  const critical = openAlerts.filter((a) => a.severity === 'critical');

  return (
    <div className="fq-board" data-testid="command-board">
      <div className="fq-board-top">
        <div className="fq-board-title">
          <h2>{t('board.title')}</h2>
          <Tooltip title={t(`board.live.${liveStatus}`)}>
            <span className={`fq-live fq-live-${liveStatus}`} data-testid="live-status" data-status={liveStatus}>
              <span className="fq-live-dot" />
              {liveStatus === 'open' ? t('board.liveOn') : t('board.liveOff')}
            </span>
          </Tooltip>
        </div>
        <div className="fq-stats">
          <Stat label={t('board.counts.today')} value={b.counts.today} testId="count-today" />
          <Stat label={t('board.counts.open')} value={b.counts.open} testId="count-open" />
          <Stat label={t('board.counts.urgentOpen')} value={b.counts.urgentOpen} tone="warn" testId="count-urgent" />
          <Stat label={t('board.counts.breached')} value={b.counts.breached} tone="danger" testId="count-breached" />
          <Stat
            label={t('board.counts.alerts')}
            value={openAlerts.length}
            tone={critical.length > 0 ? 'danger' : undefined}
            testId="count-alerts"
          />
        </div>
        <div className="fq-board-actions">
          <Tooltip title={t('board.refresh')}>
            <Button
              icon={<ReloadOutlined />}
              onClick={() => void board.refetch()}
              loading={board.isFetching}
              aria-label={t('board.refresh')}
            />
          </Tooltip>
          {canConfigure ? (
            <Button icon={<SettingOutlined />} onClick={() => navigate('/command/config')}>
              {t('nav.commandConfig')}
            </Button>
          ) : null}
          {canCreate ? (
            <Button type="primary" icon={<PhoneOutlined />} onClick={() => setCallOpen(true)} data-testid="open-call">
              {t('board.newCall')} <kbd className="fq-kbd">F2</kbd>
            </Button>
          ) : null}
        </div>
      </div>

      <div className="fq-board-body">
        <div className="fq-queues">
          {QUEUES.map((q) => (
            <section
              key={q}
              className={`fq-queue fq-queue-${q}`}
              data-testid={`queue-${q}`}
              aria-label={t(`board.queues.${q}`)}
            >
              <header className="fq-queue-head">
                <span>{t(`board.queues.${q}`)}</span>
                <Badge
                  count={queues[q].length}
                  showZero
                  overflowCount={999}
                  color={q === 'new' ? '#d4232f' : '#8c96a3'}
                />
              </header>
              <div className="fq-queue-list">
                {queues[q].length === 0 ? (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('board.emptyQueue')} />
                ) : (
                  queues[q].map((i) => (
                    <IncidentCard key={i.id} incident={i} selected={i.id === openId} onOpen={open} />
                  ))
                )}
              </div>
            </section>
          ))}
        </div>
        <aside className="fq-board-side">
          {canMap && town.data ? (
            <div className="fq-board-map">
              <OpsMap
                town={town.data}
                tileUrl={config.data?.mapTileUrl ?? null}
                tileAttribution={config.data?.mapTileAttribution ?? null}
                incidents={mapIncidents}
                onIncidentClick={open}
                testId="board-map"
              />
              <div className="fq-board-map-legend">
                {(['urgent', 'high', 'normal', 'low'] as const).map((p) => (
                  <span key={p}>
                    <i className={`fq-prio-dot fq-prio-${p}`} />
                    {t(`priority.${p}`)}
                  </span>
                ))}
              </div>
            </div>
          ) : null}
          <div className="fq-board-panel">
            <Tabs
              size="small"
              activeKey={side}
              onChange={(k) => setSide(k as 'alerts' | 'forces' | 'cameras')}
              items={[
                {
                  key: 'alerts',
                  label: (
                    <span data-testid="tab-alerts">
                      {t('board.alerts')} <Badge count={openAlerts.length} size="small" />
                    </span>
                  ),
                  children: <AlertsPanel alerts={openAlerts} fresh={fresh} onOpenIncident={open} />,
                },
                { key: 'forces', label: t('board.forces'), children: <ForcesPanel board={b} /> },
                // Offline cameras (docs/cameras.md), for those who may see the camera network.
                ...(has('cameras.read')
                  ? [{ key: 'cameras', label: <CameraHealthLabel />, children: <CameraHealthPanel /> }]
                  : []),
              ]}
            />
          </div>
        </aside>
      </div>

      <IncidentDrawer id={openId} onClose={() => open(null)} onOpenIncident={open} />
      <Modal
        open={callOpen}
        onCancel={() => setCallOpen(false)}
        footer={null}
        width={1100}
        title={t('call.title')}
        destroyOnHidden
        data-testid="call-modal"
      >
        <CallTakingForm active={callOpen} onDone={onAccepted} compact />
      </Modal>
    </div>
  );
}
