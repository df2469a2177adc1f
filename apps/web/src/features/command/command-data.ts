import type { AlertView, CategoryView, IncidentSummary, OrderView } from '@fengqiao/contracts';
import type { Priority } from '@fengqiao/domain';

/**
 * Pure helpers of the command room: colours, ordering, countdowns, alert
 * explanations, the form's summary and idempotency key. No React, no DOM
 * (except `crypto`), so the unit suite can check them.
 */

export const PRIORITY_ORDER: readonly Priority[] = ['urgent', 'high', 'normal', 'low'];

/** Map and badge colours per priority (red, orange, blue, grey). */
export const PRIORITY_COLOURS: Record<Priority, string> = {
  urgent: '#d4232f',
  high: '#f07c1b',
  normal: '#1f6fd1',
  low: '#8c96a3',
};

/** Ant Design tag presets per priority. */
export const PRIORITY_TAGS: Record<Priority, string> = {
  urgent: 'red',
  high: 'orange',
  normal: 'blue',
  low: 'default',
};

export const QUEUES = ['new', 'dispatched', 'in_progress', 'resolved'] as const;
export type QueueId = (typeof QUEUES)[number];

export const TEAMS = ['community', 'case', 'patrol', 'command_room'] as const;
export type TeamId = (typeof TEAMS)[number];

/** The officer's next step for an order, or null when the order is finished. */
export const ORDER_STEPS = ['issued', 'acknowledged', 'en_route', 'on_scene', 'resolved'] as const;
export type OrderStep = (typeof ORDER_STEPS)[number];

export type NextStep = Exclude<OrderStep, 'issued'>;

export function nextOrderStep(status: OrderView['status']): NextStep | null {
  const next: Partial<Record<OrderView['status'], NextStep>> = {
    issued: 'acknowledged',
    acknowledged: 'en_route',
    en_route: 'on_scene',
    on_scene: 'resolved',
  };
  return next[status] ?? null;
}

export function isOpenOrder(status: OrderView['status']): boolean {
  return status === 'issued' || status === 'acknowledged' || status === 'en_route' || status === 'on_scene';
}

/** When each milestone of an order was reached, and by when it was due. */
export function orderMilestones(o: OrderView): { step: OrderStep; at: string | null; due: string | null }[] {
  return [
    { step: 'issued', at: o.issuedAt, due: null },
    { step: 'acknowledged', at: o.acknowledgedAt, due: o.ackDueAt },
    { step: 'en_route', at: o.enRouteAt, due: null },
    { step: 'on_scene', at: o.onSceneAt, due: o.arriveDueAt },
    { step: 'resolved', at: o.resolvedAt, due: o.resolveDueAt },
  ];
}

/** The deadline an open order is working towards now: acknowledge, then arrive, then resolve. */
export function currentDeadline(o: OrderView): { kind: 'ack' | 'arrive' | 'resolve'; due: string } | null {
  if (o.status === 'issued' && o.ackDueAt) return { kind: 'ack', due: o.ackDueAt };
  if ((o.status === 'issued' || o.status === 'acknowledged' || o.status === 'en_route') && o.arriveDueAt)
    return { kind: 'arrive', due: o.arriveDueAt };
  if (isOpenOrder(o.status) && o.resolveDueAt) return { kind: 'resolve', due: o.resolveDueAt };
  return null;
}

const rank = (p: Priority) => PRIORITY_ORDER.indexOf(p);
const time = (iso: string | null) => (iso ? Date.parse(iso) : Number.MAX_SAFE_INTEGER);

/** The board's order within a queue: priority, then the nearest deadline, then the newest. */
export function byUrgency(a: IncidentSummary, b: IncidentSummary): number {
  return (
    rank(a.priority) - rank(b.priority) ||
    time(a.nextDeadline) - time(b.nextDeadline) ||
    Date.parse(b.createdAt) - Date.parse(a.createdAt)
  );
}

export interface Countdown {
  /** Whole seconds left (negative when overdue). */
  seconds: number;
  overdue: boolean;
  /** `m:ss`, `h:mm:ss` or `Nd h` for long ones; overdue ones carry a leading minus. */
  text: string;
}

export function formatSeconds(total: number): string {
  const s = Math.abs(Math.trunc(total));
  const sign = total < 0 ? '-' : '';
  const days = Math.floor(s / 86_400);
  if (days >= 1) return `${sign}${days}d ${Math.floor((s % 86_400) / 3600)}h`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${sign}${h}:${pad(m)}:${pad(sec)}` : `${sign}${m}:${pad(sec)}`;
}

/** The countdown to `dueIso` at `nowMs` (server-corrected by the caller). */
export function countdown(dueIso: string, nowMs: number): Countdown {
  const ms = Date.parse(dueIso) - nowMs;
  const seconds = ms >= 0 ? Math.ceil(ms / 1000) : -Math.ceil(-ms / 1000);
  return { seconds, overdue: ms < 0, text: formatSeconds(seconds) };
}

/** A category's label in the UI language, `parent / child` for sub-categories. */
export function categoryLabel(
  code: string,
  categories: ReadonlyMap<string, Pick<CategoryView, 'nameZh' | 'nameEn' | 'parentCode'>>,
  english: boolean,
  withParent = false,
): string {
  const c = categories.get(code);
  if (!c) return code;
  const own = english ? c.nameEn : c.nameZh;
  if (!withParent || !c.parentCode) return own;
  const parent = categories.get(c.parentCode);
  return parent ? `${english ? parent.nameEn : parent.nameZh} / ${own}` : own;
}

/** Whether a category matches what the operator typed: Chinese or English name, code, or the parent's name. */
export function categoryMatches(
  c: Pick<CategoryView, 'code' | 'nameZh' | 'nameEn' | 'parentCode'>,
  parent: Pick<CategoryView, 'nameZh' | 'nameEn'> | undefined,
  query: string,
): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  return [c.code, c.nameZh, c.nameEn, parent?.nameZh ?? '', parent?.nameEn ?? ''].some((s) =>
    s.toLowerCase().includes(q),
  );
}

/**
 * The incident's one-line summary from the operator's description: its first
 * sentence, at most 60 characters; the category's name when that is too short.
 */
export function summaryOf(description: string, fallback: string): string {
  const first =
    description
      .trim()
      .split(/[。.!！?？\n；;]/)[0]
      ?.trim() ?? '';
  const s = first.length > 60 ? `${first.slice(0, 59)}…` : first;
  return s.length >= 2 ? s : fallback;
}

/**
 * An Idempotency-Key for one form instance: 128 random bits, hex. Uses
 * getRandomValues, which (unlike randomUUID) also works outside secure contexts.
 */
export function newIdempotencyKey(
  random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b),
): string {
  const bytes = random(new Uint8Array(16));
  return `call-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

// -------------------------------------------------------- alert explanations

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export interface BreachExplanation {
  kind: 'ack' | 'arrive' | 'resolve';
  dueAt: string | null;
  checkedAt: string | null;
  assignee: string;
  escalationLevel: number;
}

export interface WarningExplanation {
  rule: {
    name: string;
    kind: 'repeat_address' | 'repeat_caller' | 'grid_surge';
    threshold: number;
    windowDays: number;
  };
  categories: string[];
  subject: string;
  count: number;
  incidents: { id: string; number: string; createdAt: string; summary: string; address: string | null }[];
}

export interface OutsideExplanation {
  address: string | null;
  point: [number, number] | null;
}

export type Explained =
  | { type: 'breach'; value: BreachExplanation }
  | { type: 'warning'; value: WarningExplanation }
  | { type: 'outside'; value: OutsideExplanation }
  | { type: 'other' };

/** Reads an alert's `explanation` (free-form JSON on the wire) into what the panel shows. */
export function explain(alert: Pick<AlertView, 'kind' | 'explanation'>): Explained {
  const e = alert.explanation;
  if (alert.kind === 'deadline_breach' || alert.kind === 'escalation') {
    const kind = str(e.kind);
    if (kind !== 'ack' && kind !== 'arrive' && kind !== 'resolve') return { type: 'other' };
    return {
      type: 'breach',
      value: {
        kind,
        dueAt: str(e.dueAt),
        checkedAt: str(e.checkedAt),
        assignee: str(e.assignee) ?? '',
        escalationLevel: num(e.escalationLevel) ?? 1,
      },
    };
  }
  if (alert.kind === 'early_warning') {
    const rule = e.rule;
    if (!isRecord(rule)) return { type: 'other' };
    const kind = str(rule.kind);
    if (kind !== 'repeat_address' && kind !== 'repeat_caller' && kind !== 'grid_surge') return { type: 'other' };
    const incidents = Array.isArray(e.incidents) ? e.incidents : [];
    return {
      type: 'warning',
      value: {
        rule: {
          name: str(rule.name) ?? '',
          kind,
          threshold: num(rule.threshold) ?? 0,
          windowDays: num(rule.windowDays) ?? 0,
        },
        categories: Array.isArray(rule.categories)
          ? rule.categories.filter((c): c is string => typeof c === 'string')
          : [],
        subject: str(e.subject) ?? '',
        count: num(e.count) ?? incidents.length,
        incidents: incidents.flatMap((i) => {
          if (!isRecord(i)) return [];
          const id = str(i.id);
          const number = str(i.number);
          if (!id || !number) return [];
          return [
            { id, number, createdAt: str(i.createdAt) ?? '', summary: str(i.summary) ?? '', address: str(i.address) },
          ];
        }),
      },
    };
  }
  if (alert.kind === 'outside_jurisdiction') {
    const p = e.point;
    const point: [number, number] | null =
      Array.isArray(p) && typeof p[0] === 'number' && typeof p[1] === 'number' ? [p[0], p[1]] : null;
    return { type: 'outside', value: { address: str(e.address), point } };
  }
  return { type: 'other' };
}

const SEVERITY_RANK = { critical: 0, warning: 1, info: 2 } as const;

/** Critical first, then the newest. */
export function bySeverity(a: AlertView, b: AlertView): number {
  return SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || Date.parse(b.createdAt) - Date.parse(a.createdAt);
}
