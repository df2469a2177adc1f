/**
 * Dispatch order lifecycle: issued → acknowledged → en route → on scene →
 * resolved → closed. Each step moves forward by exactly one state; an order
 * can be cancelled or transferred until it is resolved. Nothing moves back
 * and nothing skips, so every milestone has a timestamp the deadlines and the
 * monthly evaluation can rely on.
 */
export const ORDER_STATUSES = [
  'issued',
  'acknowledged',
  'en_route',
  'on_scene',
  'resolved',
  'closed',
  'cancelled',
  'transferred',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

const FORWARD: Record<OrderStatus, OrderStatus | null> = {
  issued: 'acknowledged',
  acknowledged: 'en_route',
  en_route: 'on_scene',
  on_scene: 'resolved',
  resolved: 'closed',
  closed: null,
  cancelled: null,
  transferred: null,
};

const STOPPABLE: readonly OrderStatus[] = ['issued', 'acknowledged', 'en_route', 'on_scene'];

export function nextOrderStatus(s: OrderStatus): OrderStatus | null {
  return FORWARD[s];
}

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  if (FORWARD[from] === to) return true;
  return (to === 'cancelled' || to === 'transferred') && STOPPABLE.includes(from);
}

export function isOpenOrder(s: OrderStatus): boolean {
  return STOPPABLE.includes(s);
}

/** The milestone each deadline watches. */
export const DEADLINE_MILESTONES = { ack: 'acknowledged', arrive: 'on_scene', resolve: 'resolved' } as const;
export type DeadlineKind = keyof typeof DEADLINE_MILESTONES;

const RANK: Record<OrderStatus, number> = {
  issued: 0,
  acknowledged: 1,
  en_route: 2,
  on_scene: 3,
  resolved: 4,
  closed: 5,
  cancelled: -1,
  transferred: -1,
};

/** Whether an order in `status` has reached (or passed) the milestone of deadline `kind`. */
export function milestoneReached(status: OrderStatus, kind: DeadlineKind): boolean {
  if (status === 'cancelled' || status === 'transferred') return true;
  return RANK[status] >= RANK[DEADLINE_MILESTONES[kind]];
}
