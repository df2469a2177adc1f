import type { AlertView, BoardView, INCIDENT_TOPICS } from '@fengqiao/contracts';
import dayjs from 'dayjs';
import type { z } from 'zod';
import { explain } from './command-data';

export type AlertPush = z.infer<(typeof INCIDENT_TOPICS)['alerts.created']>;

/**
 * The alert a live push describes, as the board lists it: the push carries
 * what the panel shows (number, explanation), so the alert appears at once,
 * before the board's refetch brings the rest (its order and grid).
 */
export function alertFromPush(p: AlertPush): AlertView {
  return {
    id: p.alertId,
    kind: p.kind as AlertView['kind'],
    severity: p.severity as AlertView['severity'],
    title: p.title,
    explanation: p.explanation,
    incidentId: p.incidentId,
    incidentNumber: p.incidentNumber,
    orderId: null,
    gridId: null,
    targetPersonId: p.targetPersonId,
    status: 'open',
    createdAt: p.createdAt,
  };
}

/** The board with a pushed alert in front of its open alerts (once, however often it is pushed). */
export function withPushedAlert(board: BoardView, alert: AlertView): BoardView {
  if (board.alerts.some((a) => a.id === alert.id)) return board;
  return { ...board, alerts: [alert, ...board.alerts] };
}

type T = (key: string, options?: Record<string, unknown>) => string;

/**
 * One line saying what triggered a pushed alert, in the UI language, from
 * its structured explanation; the server's Chinese wording when the client
 * does not know the shape. Plain text: toasts render outside the data layer.
 */
export function pushedExplanation(alert: AlertView, text: string, t: T): string {
  const e = explain(alert);
  if (e.type === 'breach') {
    const v = e.value;
    return t('alerts.breachExplain', {
      missed: t(`alerts.missed.${v.kind}`),
      due: v.dueAt ? dayjs(v.dueAt).format('HH:mm:ss') : '—',
      assignee: v.assignee,
    });
  }
  if (e.type === 'warning') {
    const v = e.value;
    return `${t('alerts.ruleExplain', {
      kind: t(`alerts.ruleKinds.${v.rule.kind}`),
      days: v.rule.windowDays,
      threshold: v.rule.threshold,
    })} · ${t('alerts.triggered', { subject: v.subject, count: v.count })}`;
  }
  if (e.type === 'outside') {
    const p = e.value.point;
    return t('alerts.outsideExplain', {
      address: e.value.address ?? '—',
      point: p ? `${p[0].toFixed(5)}, ${p[1].toFixed(5)}` : '—',
    });
  }
  return text;
}
