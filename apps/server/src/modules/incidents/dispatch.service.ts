import type { OrderView } from '@fengqiao/contracts';
import {
  canTransition,
  DEADLINE_MILESTONES,
  type DeadlineConfig,
  type DeadlineKind,
  deadlinesFor,
  milestoneReached,
  type OrderStatus,
  type Priority,
} from '@fengqiao/domain';
import type { Queryable, Tx } from '../../platform/db/db';
import { AppError, conflict, fieldError, forbidden, notFound } from '../../platform/errors';
import type { Ctx, Platform } from '../../platform/platform';
import type { PersonnelService } from '../personnel';
import { insertAlert } from './alerts.repository';
import { orderView } from './incident-views';
import { canSeeIncident, canUpdateOrder, isAssignee, type Worker } from './incidents.policy';
import { getIncident, type IncidentRow, insertEvent, setNextDeadline, updateIncident } from './incidents.repository';
import type { IncidentsConfig } from './incidents-config.service';
import type { LiveEvents } from './live-events';
import {
  getOrder,
  insertOrder,
  insertOrders,
  type OrderRow,
  type OrderToInsert,
  ordersForPerson,
  ordersOfIncident,
  recordBreach,
  setOrderStatus,
} from './orders.repository';

export const DEADLINE_JOB = 'dispatch.deadline';

export type Assignee =
  | { kind: 'person'; personId: string }
  | { kind: 'unit'; unitId: string }
  | { kind: 'team'; team: 'community' | 'case' | 'patrol' | 'command_room' }
  | { kind: 'agency'; agency: string };

const TEAM_ZH: Record<string, string> = {
  community: '社区警务队',
  case: '案件办理队',
  patrol: '治安巡逻队',
  command_room: '综合指挥室',
};

/** How an order to a whole team is labelled. */
export function teamLabel(team: string | null): string {
  return TEAM_ZH[team ?? ''] ?? '';
}

/** Incident status follows its orders: the most advanced open order decides. */
function derivedStatus(orders: OrderRow[], current: IncidentRow['status']): IncidentRow['status'] {
  if (current === 'closed') return 'closed';
  const live = orders.filter((o) => o.status !== 'cancelled');
  if (live.length === 0) return 'new';
  if (live.every((o) => o.status === 'transferred')) return 'transferred';
  const active = live.filter((o) => o.status !== 'transferred');
  if (active.length > 0 && active.every((o) => o.status === 'resolved' || o.status === 'closed')) return 'resolved';
  if (active.some((o) => ['acknowledged', 'en_route', 'on_scene', 'resolved'].includes(o.status))) return 'in_progress';
  return 'dispatched';
}

const OPEN_ORDER = new Set<OrderRow['status']>(['issued', 'acknowledged', 'en_route', 'on_scene']);

/** The nearest unmet milestone of the open orders (stored on the incident: the board orders by it). */
export function nextDeadlineOf(
  orders: Pick<
    OrderRow,
    'status' | 'acknowledged_at' | 'on_scene_at' | 'resolved_at' | 'ack_due_at' | 'arrive_due_at' | 'resolve_due_at'
  >[],
): Date | null {
  let next: Date | null = null;
  for (const o of orders) {
    if (!OPEN_ORDER.has(o.status)) continue;
    for (const due of [
      o.acknowledged_at ? null : o.ack_due_at,
      o.on_scene_at ? null : o.arrive_due_at,
      o.resolved_at ? null : o.resolve_due_at,
    ]) {
      if (due && (!next || due.getTime() < next.getTime())) next = due;
    }
  }
  return next;
}

/** What a new order to this assignee is due by, from the configuration the caller read before its transaction. */
export function dueDates(
  priority: Priority,
  assignee: Assignee,
  urban: boolean,
  now: Date,
  deadlines: Record<Priority, DeadlineConfig>,
): { ack: Date | null; arrive: Date | null; resolve: Date | null } {
  return assignee.kind === 'agency'
    ? { ack: null, arrive: null, resolve: null }
    : deadlinesFor(priority, urban, now, deadlines);
}

/** The order (with its incident's fields and its timeline event) that dispatching an incident stores. */
function orderToInsert(
  ctx: { userId: string | null; name: string | null },
  incident: IncidentRow,
  assignee: Assignee,
  urban: boolean,
  note: string | null,
  deadlines: Record<Priority, DeadlineConfig>,
  now: Date,
): OrderToInsert {
  const agency = assignee.kind === 'agency';
  const due = dueDates(incident.priority, assignee, urban, now, deadlines);
  return {
    order: {
      stationId: incident.station_id,
      incidentId: incident.id,
      assigneeKind: assignee.kind,
      assigneePersonId: assignee.kind === 'person' ? assignee.personId : null,
      assigneeUnitId: assignee.kind === 'unit' ? assignee.unitId : null,
      assigneeTeam: assignee.kind === 'team' ? assignee.team : null,
      agency: agency ? assignee.agency : null,
      status: agency ? 'transferred' : 'issued',
      priority: incident.priority,
      urban,
      issuedBy: ctx.userId,
      issuedAt: now,
      ackDueAt: due.ack,
      arriveDueAt: due.arrive,
      resolveDueAt: due.resolve,
      note,
    },
    incident: {
      number: incident.number,
      summary: incident.summary,
      address: incident.address,
      gridId: incident.grid_id,
    },
    event: {
      actorId: ctx.userId,
      actorName: ctx.name,
      kind: agency ? 'transferred' : 'dispatched',
      details: { assignee },
    },
  };
}

/** The order's acknowledge / arrive / resolve timers, one per deadline it has. */
function deadlineTimers(order: OrderRow) {
  const due = { ack: order.ack_due_at, arrive: order.arrive_due_at, resolve: order.resolve_due_at };
  return (['ack', 'arrive', 'resolve'] as const).flatMap((kind) => {
    const at = due[kind];
    return at
      ? [
          {
            kind: DEADLINE_JOB,
            payload: { orderId: order.id, kind },
            options: { runAt: at, dedupeKey: `deadline:${order.id}:${kind}` },
          },
        ]
      : [];
  });
}

/**
 * Dispatch orders to a person, a unit, a team or another agency, with
 * acknowledge / arrive / resolve deadlines kept as timers in the database. A
 * timer that finds its milestone missed records the breach, raises a command
 * room alert and escalates; it fires after a restart too, exactly once.
 */
export class DispatchService {
  constructor(
    private readonly p: Platform,
    private readonly config: IncidentsConfig,
    private readonly personnel: PersonnelService,
    private readonly workerOf: (personId: string | null) => Promise<Worker>,
    private readonly unitLabel: (unitId: string, q?: Queryable) => Promise<string>,
    private readonly gridKind: (gridId: string) => Promise<string | null>,
    private readonly live: LiveEvents,
  ) {}

  async label(o: OrderRow, q?: Queryable): Promise<string> {
    if (o.assignee_kind === 'agency') return o.agency ?? '';
    if (o.assignee_kind === 'unit' && o.assignee_unit_id) return this.unitLabel(o.assignee_unit_id, q);
    if (o.assignee_person_id) {
      const refs = await this.personnel.refs([o.assignee_person_id], q);
      const name = refs.get(o.assignee_person_id)?.name ?? '';
      return o.assignee_kind === 'team' ? `${teamLabel(o.assignee_team)} · ${name}` : name;
    }
    return teamLabel(o.assignee_team);
  }

  async views(orders: OrderRow[]): Promise<OrderView[]> {
    return Promise.all(orders.map(async (o) => orderView(o, await this.label(o))));
  }

  /**
   * Issues another order for an incident inside the caller's transaction (a
   * dispatcher's action): the order with its timeline event, its deadline
   * timers, the incident's status and nearest deadline, and the live events.
   * Returns the stored order and its event's id. Intake's first orders go
   * through `issueFresh`.
   */
  async issue(
    tx: Tx,
    ctx: { userId: string | null; name: string | null },
    incident: IncidentRow,
    assignee: Assignee,
    urban: boolean,
    note: string | null,
    /** From the configuration snapshot the caller read before opening the transaction. */
    deadlines: Record<Priority, DeadlineConfig>,
  ): Promise<{ order: OrderRow; eventId: number }> {
    const now = this.p.clock.now();
    const item = orderToInsert(ctx, incident, assignee, urban, note, deadlines, now);
    const { order, eventId } = await insertOrder(tx, item.order, item.incident, item.event);
    await this.p.jobs.enqueueMany(tx, deadlineTimers(order));
    await this.refreshIncidentStatus(tx, incident.id, assignee.kind === 'agency' ? 'transferred' : 'dispatched');
    this.live.order(tx, order);
    return { order, eventId };
  }

  /**
   * The first orders of incidents intake has just stored (several at once
   * when intake commits a batch): each incident is already in the status and
   * has the nearest deadline its order gives it, issued at the instant intake
   * read the clock; the members of an assigned unit come from routing. One
   * statement for the orders and their events, one for all their timers.
   */
  async issueFresh(
    tx: Tx,
    items: {
      ctx: { userId: string | null; name: string | null };
      incident: IncidentRow;
      assignee: Assignee;
      urban: boolean;
      deadlines: Record<Priority, DeadlineConfig>;
      now: Date;
      unitMembers: string[] | null;
    }[],
  ): Promise<{ order: OrderRow; eventId: number }[]> {
    const issued = await insertOrders(
      tx,
      items.map((x) => orderToInsert(x.ctx, x.incident, x.assignee, x.urban, null, x.deadlines, x.now)),
    );
    await this.p.jobs.enqueueMany(
      tx,
      issued.flatMap(({ order }) => deadlineTimers(order)),
    );
    issued.forEach(({ order }, i) => {
      const x = items[i] as (typeof items)[number];
      this.live.incident(tx, x.incident, x.assignee.kind === 'agency' ? 'transferred' : 'dispatched');
      this.live.order(tx, order, x.unitMembers ?? undefined);
    });
    return issued;
  }

  /** The incident's status and nearest deadline follow its orders; publishes the change. */
  async refreshIncidentStatus(tx: Tx, incidentId: string, change: string): Promise<void> {
    const incident = await getIncident(tx, incidentId, true);
    if (!incident) return;
    const orders = await ordersOfIncident(tx, incidentId);
    const status = derivedStatus(orders, incident.status);
    const next = nextDeadlineOf(orders);
    const moved = (next?.getTime() ?? null) !== (incident.next_deadline?.getTime() ?? null);
    const now = this.p.clock.now();
    let version = incident.version;
    if (status !== incident.status)
      version = await updateIncident(tx, incidentId, now, { status, ...(moved ? { next_deadline_at: next } : {}) });
    else if (moved) await setNextDeadline(tx, incidentId, next);
    this.live.incident(tx, { ...incident, status, version }, change);
  }

  /** A dispatcher sends (another) order for an incident. */
  async dispatch(ctx: Ctx, incidentId: string, assignee: Assignee, note: string | null): Promise<OrderView> {
    const before = await getIncident(this.p.db, incidentId);
    if (!before || !canSeeIncident(ctx.actor, before, false)) throw notFound('incident');
    await this.checkAssignee(before.station_id, assignee);
    const urban = before.grid_id ? (await this.gridKind(before.grid_id)) === 'urban' : true;
    const { deadlines } = await this.config.get();
    const orderId = await this.p.db.tx(async (tx) => {
      const incident = await getIncident(tx, incidentId, true);
      if (!incident) throw notFound('incident');
      if (incident.status === 'closed') throw conflict('the incident is closed');
      const { order } = await this.issue(
        tx,
        { userId: ctx.actor.userId, name: ctx.actor.displayName },
        incident,
        assignee,
        urban,
        note,
        deadlines,
      );
      const id = order.id;
      await this.p.audit.record(
        ctx.audit,
        {
          action: assignee.kind === 'agency' ? 'incident.transfer' : 'order.issue',
          resourceType: 'incident',
          resourceId: incidentId,
          details: { orderId: id, assignee },
        },
        tx,
      );
      return id;
    });
    return this.view(orderId);
  }

  private async checkAssignee(stationId: string, a: Assignee): Promise<void> {
    if (a.kind === 'person') {
      const p = await this.personnel.kindOf(a.personId);
      if (!p || p.station_id !== stationId || !['officer', 'auxiliary'].includes(p.kind)) {
        throw fieldError('body.assignee.personId', 'not_staff', 'orders go to officers or auxiliaries of this station');
      }
    }
  }

  async view(orderId: string): Promise<OrderView> {
    const o = await getOrder(this.p.db, orderId);
    if (!o) throw notFound('order');
    return orderView(o, await this.label(o));
  }

  /** Moves an order one step (or cancels / transfers it); stale versions are refused. */
  async setStatus(
    ctx: Ctx,
    orderId: string,
    to: OrderStatus,
    note: string | null,
    resultCode: string | null,
    version?: number,
  ): Promise<OrderView> {
    const worker = await this.workerOf(ctx.actor.personId);
    await this.p.db.tx(async (tx) => {
      const order = await getOrder(tx, orderId, true);
      if (!order) throw notFound('order');
      const incident = await getIncident(tx, order.incident_id);
      if (!incident || !canSeeIncident(ctx.actor, incident, isAssignee(worker, order))) throw notFound('order');
      if (!canUpdateOrder(ctx.actor, worker, order)) throw forbidden('this order is not addressed to you');
      if (version !== undefined && version !== order.version)
        throw conflict('the order changed meanwhile; reload and try again');
      if (!canTransition(order.status, to)) {
        throw new AppError('validation', `an order cannot go from ${order.status} to ${to}`, [
          { path: 'body.status', code: 'illegal_transition', message: `${order.status} → ${to} is not allowed` },
        ]);
      }
      const now = this.p.clock.now();
      // A team order becomes the acknowledging officer's own order.
      const claim =
        to === 'acknowledged' && order.assignee_kind === 'team' && !order.assignee_person_id
          ? ctx.actor.personId
          : null;
      await setOrderStatus(tx, orderId, to, now, {
        acknowledgedBy: to === 'acknowledged' ? ctx.actor.userId : null,
        assigneePersonId: claim,
        resultCode,
        note,
      });
      for (const kind of Object.keys(DEADLINE_MILESTONES) as DeadlineKind[]) {
        if (milestoneReached(to, kind)) await this.p.jobs.cancel(tx, `deadline:${orderId}:${kind}`);
      }
      await insertEvent(tx, {
        incidentId: order.incident_id,
        orderId,
        at: now,
        actorId: ctx.actor.userId,
        actorName: ctx.actor.displayName,
        kind: `order.${to}`,
        note,
        details: { from: order.status, to, resultCode },
      });
      await this.p.audit.record(
        ctx.audit,
        {
          action: `order.${to}`,
          resourceType: 'order',
          resourceId: orderId,
          details: { incidentId: order.incident_id, from: order.status },
        },
        tx,
      );
      const updated = await getOrder(tx, orderId);
      if (updated) this.live.order(tx, updated);
      await this.refreshIncidentStatus(tx, order.incident_id, `order.${to}`);
    });
    return this.view(orderId);
  }

  /** The officer's own list: orders to them, their units and their team. */
  async mine(ctx: Ctx, openOnly: boolean): Promise<OrderView[]> {
    const w = await this.workerOf(ctx.actor.personId);
    if (!w.personId) return [];
    const rows = await ordersForPerson(this.p.db, {
      personId: w.personId,
      unitIds: w.unitIds,
      team: w.team,
      openOnly,
      limit: 100,
    });
    return this.views(rows);
  }

  /** Timer handler: if the milestone was missed, record the breach, alert and escalate. */
  async onDeadline(tx: Tx, orderId: string, kind: DeadlineKind): Promise<void> {
    const order = await getOrder(tx, orderId, true);
    if (!order || milestoneReached(order.status, kind)) return;
    const now = this.p.clock.now();
    const { escalation_level: level } = await recordBreach(tx, orderId, kind);
    if (level === 0) return;
    const label = await this.label(order, tx);
    const due = kind === 'ack' ? order.ack_due_at : kind === 'arrive' ? order.arrive_due_at : order.resolve_due_at;
    const what = { ack: '签收', arrive: '到达现场', resolve: '处置完毕' }[kind];
    const explanation = {
      kind,
      dueAt: due?.toISOString() ?? null,
      checkedAt: now.toISOString(),
      status: order.status,
      assignee: label,
      escalationLevel: level,
    };
    const alerts = [
      await insertAlert(tx, {
        stationId: order.station_id,
        kind: 'deadline_breach',
        severity: order.priority === 'urgent' || level >= 2 ? 'critical' : 'warning',
        title: `${order.incident_number} ${label} 超时未${what}`,
        explanation,
        incidentId: order.incident_id,
        orderId,
        gridId: order.grid_id,
        targetPersonId: order.assignee_person_id,
        ruleId: null,
        dedupeKey: `breach:${orderId}:${kind}`,
        at: now,
      }),
    ];
    // The second missed deadline of one order goes up to the station leadership.
    if (level >= 2) {
      alerts.push(
        await insertAlert(tx, {
          stationId: order.station_id,
          kind: 'escalation',
          severity: 'critical',
          title: `${order.incident_number} 多次超时，已升级至所领导`,
          explanation: { ...explanation, breaches: [...order.breaches, kind] },
          incidentId: order.incident_id,
          orderId,
          gridId: order.grid_id,
          targetPersonId: null,
          ruleId: null,
          dedupeKey: `escalation:${orderId}:${level}`,
          at: now,
        }),
      );
    }
    await insertEvent(tx, {
      incidentId: order.incident_id,
      orderId,
      at: now,
      actorId: null,
      actorName: null,
      kind: 'deadline_breached',
      details: explanation,
    });
    await this.p.audit.record(
      { userId: null, name: 'system', roles: [], stationId: order.station_id, ip: null, requestId: null },
      { action: 'order.deadline_breached', resourceType: 'order', resourceId: orderId, details: explanation },
      tx,
    );
    for (const id of alerts) if (id) this.live.alert(tx, id);
    const updated = await getOrder(tx, orderId);
    if (updated) this.live.order(tx, updated);
    await this.refreshIncidentStatus(tx, order.incident_id, 'deadline_breached');
  }
}
