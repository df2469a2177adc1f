import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../platform/db/db';

export interface OrderRow {
  id: string;
  station_id: string;
  incident_id: string;
  incident_number: string;
  incident_summary: string;
  incident_address: string | null;
  /** The incident's grid, kept on the order. */
  grid_id: string | null;
  assignee_kind: 'person' | 'unit' | 'team' | 'agency';
  assignee_person_id: string | null;
  assignee_unit_id: string | null;
  assignee_team: 'community' | 'case' | 'patrol' | 'command_room' | null;
  agency: string | null;
  status: 'issued' | 'acknowledged' | 'en_route' | 'on_scene' | 'resolved' | 'closed' | 'cancelled' | 'transferred';
  priority: 'urgent' | 'high' | 'normal' | 'low';
  urban: boolean;
  issued_by: string | null;
  issued_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  en_route_at: Date | null;
  on_scene_at: Date | null;
  resolved_at: Date | null;
  closed_at: Date | null;
  stopped_at: Date | null;
  ack_due_at: Date | null;
  arrive_due_at: Date | null;
  resolve_due_at: Date | null;
  breaches: string[];
  escalation_level: number;
  result_code: string | null;
  note: string | null;
  version: number;
}

/** An order with its incident's number, summary and address (the order keeps the incident's grid itself). */
const ORDER_SELECT = `SELECT o.*, i.number AS incident_number, i.summary AS incident_summary, i.address AS incident_address
  FROM dispatch_orders o JOIN incidents i ON i.id = o.incident_id`;

export interface NewOrder {
  stationId: string;
  incidentId: string;
  assigneeKind: string;
  assigneePersonId: string | null;
  assigneeUnitId: string | null;
  assigneeTeam: string | null;
  agency: string | null;
  status: string;
  priority: string;
  urban: boolean;
  issuedBy: string | null;
  issuedAt: Date;
  ackDueAt: Date | null;
  arriveDueAt: Date | null;
  resolveDueAt: Date | null;
  note: string | null;
}

export interface OrderToInsert {
  order: NewOrder;
  incident: { number: string; summary: string; address: string | null; gridId: string | null };
  event: { actorId: string | null; actorName: string | null; kind: string; details: Record<string, unknown> };
}

/**
 * Inserts orders and their timeline events (`dispatched` or `transferred`)
 * in one statement, however many; returns, in input order, each stored
 * order and its event's id.
 */
export async function insertOrders(
  q: Queryable,
  items: OrderToInsert[],
): Promise<{ order: OrderRow; eventId: number }[]> {
  if (items.length === 0) return [];
  const rows = items.map(({ order: o, incident, event }, ord) => ({
    ord,
    id: randomUUID(),
    station_id: o.stationId,
    incident_id: o.incidentId,
    grid_id: incident.gridId,
    assignee_kind: o.assigneeKind,
    assignee_person_id: o.assigneePersonId,
    assignee_unit_id: o.assigneeUnitId,
    assignee_team: o.assigneeTeam,
    agency: o.agency,
    status: o.status,
    priority: o.priority,
    urban: o.urban,
    issued_by: o.issuedBy,
    issued_at: o.issuedAt,
    ack_due_at: o.ackDueAt,
    arrive_due_at: o.arriveDueAt,
    resolve_due_at: o.resolveDueAt,
    note: o.note,
    actor_id: event.actorId,
    actor_name: event.actorName,
    kind: event.kind,
    details: event.details,
  }));
  const r = await q.query<
    Omit<OrderRow, 'incident_number' | 'incident_summary' | 'incident_address'> & { event_id: number; ord: number }
  >(
    `WITH t AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS t(ord integer, id uuid, station_id uuid, incident_id uuid, grid_id uuid,
         assignee_kind text, assignee_person_id uuid, assignee_unit_id uuid, assignee_team text, agency text,
         status text, priority text, urban boolean, issued_by uuid, issued_at timestamptz, ack_due_at timestamptz,
         arrive_due_at timestamptz, resolve_due_at timestamptz, note text, actor_id uuid, actor_name text, kind text,
         details jsonb)),
     o AS (
       INSERT INTO dispatch_orders (id, station_id, incident_id, grid_id, assignee_kind, assignee_person_id, assignee_unit_id,
         assignee_team, agency, status, priority, urban, issued_by, issued_at, ack_due_at, arrive_due_at, resolve_due_at,
         note, stopped_at)
       SELECT id, station_id, incident_id, grid_id, assignee_kind, assignee_person_id, assignee_unit_id, assignee_team,
         agency, status, priority, urban, issued_by, issued_at, ack_due_at, arrive_due_at, resolve_due_at, note,
         CASE WHEN status = 'transferred' THEN issued_at END
         FROM t ORDER BY ord
       RETURNING *),
     e AS (
       INSERT INTO incident_events (incident_id, order_id, at, actor_id, actor_name, kind, note, details)
       SELECT o.incident_id, o.id, o.issued_at, t.actor_id, t.actor_name, t.kind, o.note, t.details
         FROM o JOIN t ON t.id = o.id ORDER BY t.ord
       RETURNING id, order_id)
     SELECT o.*, e.id AS event_id, t.ord FROM o JOIN e ON e.order_id = o.id JOIN t ON t.id = o.id
      ORDER BY t.ord`,
    [JSON.stringify(rows)],
  );
  if (r.rows.length !== items.length) throw new Error('order insert returned too few rows');
  return r.rows.map(({ event_id, ord, ...order }) => {
    const { incident } = items[ord] as OrderToInsert;
    return {
      order: {
        ...order,
        incident_number: incident.number,
        incident_summary: incident.summary,
        incident_address: incident.address,
      },
      eventId: event_id,
    };
  });
}

/** Inserts one order and its timeline event (see `insertOrders`). */
export async function insertOrder(
  q: Queryable,
  o: NewOrder,
  incident: OrderToInsert['incident'],
  event: OrderToInsert['event'],
): Promise<{ order: OrderRow; eventId: number }> {
  const [one] = await insertOrders(q, [{ order: o, incident, event }]);
  if (!one) throw new Error('order insert returned nothing');
  return one;
}

export async function getOrder(q: Queryable, id: string, forUpdate = false): Promise<OrderRow | null> {
  if (forUpdate) await q.query('SELECT 1 FROM dispatch_orders WHERE id = $1 FOR UPDATE', [id]);
  return (await q.query<OrderRow>(`${ORDER_SELECT} WHERE o.id = $1`, [id])).rows[0] ?? null;
}

export async function ordersOfIncident(q: Queryable, incidentId: string): Promise<OrderRow[]> {
  return (await q.query<OrderRow>(`${ORDER_SELECT} WHERE o.incident_id = $1 ORDER BY o.issued_at`, [incidentId])).rows;
}

const MILESTONE_COLUMN: Record<string, string> = {
  acknowledged: 'acknowledged_at',
  en_route: 'en_route_at',
  on_scene: 'on_scene_at',
  resolved: 'resolved_at',
  closed: 'closed_at',
  cancelled: 'stopped_at',
  transferred: 'stopped_at',
};

export async function setOrderStatus(
  q: Queryable,
  id: string,
  status: string,
  at: Date,
  extra: {
    acknowledgedBy?: string | null;
    assigneePersonId?: string | null;
    resultCode?: string | null;
    note?: string | null;
  },
): Promise<number> {
  const column = MILESTONE_COLUMN[status];
  if (!column) throw new Error(`no milestone column for ${status}`);
  const r = await q.query<{ version: number }>(
    `UPDATE dispatch_orders SET status = $2, ${column} = $3, version = version + 1,
       acknowledged_by = coalesce($4, acknowledged_by),
       assignee_person_id = coalesce($5, assignee_person_id),
       result_code = coalesce($6, result_code),
       note = coalesce($7, note)
     WHERE id = $1 RETURNING version`,
    [
      id,
      status,
      at,
      extra.acknowledgedBy ?? null,
      extra.assigneePersonId ?? null,
      extra.resultCode ?? null,
      extra.note ?? null,
    ],
  );
  return r.rows[0]?.version ?? 0;
}

export async function recordBreach(q: Queryable, id: string, kind: string): Promise<{ escalation_level: number }> {
  const r = await q.query<{ escalation_level: number }>(
    `UPDATE dispatch_orders SET breaches = array_append(breaches, $2), escalation_level = escalation_level + 1, version = version + 1
      WHERE id = $1 AND NOT ($2 = ANY(breaches)) RETURNING escalation_level`,
    [id, kind],
  );
  return r.rows[0] ?? { escalation_level: 0 };
}

/** Orders a person works on: addressed to them, to a unit they lead or belong to, or to their team. */
export async function ordersForPerson(
  q: Queryable,
  p: { personId: string; unitIds: string[]; team: string | null; openOnly: boolean; limit: number },
): Promise<OrderRow[]> {
  const r = await q.query<OrderRow>(
    `${ORDER_SELECT}
      WHERE (o.assignee_person_id = $1 OR o.assignee_unit_id = ANY($2::uuid[])
             OR (o.assignee_kind = 'team' AND o.assignee_team = $3 AND o.assignee_person_id IS NULL))
        AND ($4::boolean = false OR o.status IN ('issued', 'acknowledged', 'en_route', 'on_scene'))
      ORDER BY CASE WHEN o.status IN ('issued', 'acknowledged', 'en_route', 'on_scene') THEN 0 ELSE 1 END, o.issued_at DESC
      LIMIT $5`,
    [p.personId, p.unitIds, p.team, p.openOnly, p.limit],
  );
  return r.rows;
}

/** Open orders per assignee (person, unit): how many, and whether one of them is on scene. */
export async function openOrderLoad(q: Queryable, stationId: string) {
  const r = await q.query<{
    assignee_person_id: string | null;
    assignee_unit_id: string | null;
    n: number;
    on_scene: boolean;
  }>(
    `SELECT assignee_person_id, assignee_unit_id, count(*)::int AS n, bool_or(status = 'on_scene') AS on_scene
       FROM dispatch_orders
      WHERE station_id = $1 AND status IN ('issued', 'acknowledged', 'en_route', 'on_scene')
        AND (assignee_person_id IS NOT NULL OR assignee_unit_id IS NOT NULL)
      GROUP BY assignee_person_id, assignee_unit_id`,
    [stationId],
  );
  return r.rows;
}
