import type { AlertView, IncidentDetail, IncidentSummary, OrderView, PersonRef } from '@fengqiao/contracts';
import type { AlertRow } from './alerts.repository';
import type { IncidentRow } from './incidents.repository';
import type { OrderRow } from './orders.repository';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function summaryView(r: IncidentRow): IncidentSummary {
  return {
    id: r.id,
    number: r.number,
    source: r.source as IncidentSummary['source'],
    categoryCode: r.category_code,
    priority: r.priority,
    status: r.status,
    summary: r.summary,
    address: r.address,
    location: r.lng !== null && r.lat !== null ? [r.lng, r.lat] : null,
    gridId: r.grid_id,
    gridCode: r.grid_code,
    outsideJurisdiction: r.outside_jurisdiction,
    team: r.team,
    duplicateOf: r.duplicate_of,
    reportedAt: r.reported_at.toISOString(),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    nextDeadline: iso(r.next_deadline),
    breached: r.breached,
    version: r.version,
  };
}

export function orderView(o: OrderRow, label: string): OrderView {
  return {
    id: o.id,
    incidentId: o.incident_id,
    incidentNumber: o.incident_number,
    assigneeKind: o.assignee_kind,
    assigneeLabel: label,
    assigneePersonId: o.assignee_person_id,
    assigneeUnitId: o.assignee_unit_id,
    assigneeTeam: o.assignee_team,
    agency: o.agency,
    status: o.status,
    priority: o.priority,
    issuedAt: o.issued_at.toISOString(),
    acknowledgedAt: iso(o.acknowledged_at),
    enRouteAt: iso(o.en_route_at),
    onSceneAt: iso(o.on_scene_at),
    resolvedAt: iso(o.resolved_at),
    closedAt: iso(o.closed_at),
    ackDueAt: iso(o.ack_due_at),
    arriveDueAt: iso(o.arrive_due_at),
    resolveDueAt: iso(o.resolve_due_at),
    breaches: o.breaches,
    escalationLevel: o.escalation_level,
    resultCode: o.result_code,
    note: o.note,
    version: o.version,
    incidentSummary: o.incident_summary,
    incidentAddress: o.incident_address,
  };
}

export function alertView(a: AlertRow): AlertView {
  return {
    id: a.id,
    kind: a.kind,
    severity: a.severity,
    title: a.title,
    explanation: a.explanation,
    incidentId: a.incident_id,
    incidentNumber: a.incident_number,
    orderId: a.order_id,
    gridId: a.grid_id,
    targetPersonId: a.target_person_id,
    status: a.status,
    createdAt: a.created_at.toISOString(),
  };
}

/** An incident intake has just stored, with what it wrote alongside (its timeline, its first order). */
export interface CreatedIncident {
  incident: IncidentRow;
  actorName: string | null;
  /** Timeline details exactly as stored (plain JSON values: strings, numbers, booleans, nulls, arrays, objects). */
  created: { eventId: number; details: Record<string, unknown> };
  dispatched: {
    order: OrderRow;
    eventId: number;
    assignee: Record<string, unknown>;
    label: string;
  } | null;
  responsible: PersonRef | null;
  unit: { id: string; code: string; name: string } | null;
}

/**
 * The detail of a new incident from what intake stored in its transaction:
 * what reading it back would show (no attachments, duplicates or links can
 * exist yet), without the reads.
 */
export function createdIncidentDetail(c: CreatedIncident): IncidentDetail {
  const row = c.incident;
  const at = row.created_at.toISOString();
  const d = c.dispatched;
  // Object.assign, not `{ ...summaryView(row), … }`: V8 takes ~25 µs to spread twenty properties and add twenty more,
  // a tenth of that this way (the reply to every report is built here).
  return Object.assign(summaryView(row), {
    description: row.description,
    priorityReason: row.priority_reason,
    callerName: row.caller_name,
    callerPhone: row.caller_phone_masked,
    persons: row.persons.map((p) => ({
      role: p.role,
      name: p.name,
      gender: p.gender,
      idNumber: p.idNumberMasked,
      phone: p.phoneMasked,
      description: p.description,
    })),
    vehicles: row.vehicles,
    responsible: row.responsible_person_id ? c.responsible : null,
    unit: row.unit_id ? c.unit : null,
    orders: d ? [orderView(d.order, d.label)] : [],
    events: [
      {
        id: c.created.eventId,
        at,
        kind: 'created',
        actorName: c.actorName,
        note: null,
        details: c.created.details,
      },
      ...(d
        ? [
            {
              id: d.eventId,
              at: d.order.issued_at.toISOString(),
              kind: d.order.status === 'transferred' ? 'transferred' : 'dispatched',
              actorName: c.actorName,
              note: d.order.note,
              details: { assignee: d.assignee },
            },
          ]
        : []),
    ],
    attachments: [],
    duplicates: [],
    links: [],
    resultCode: row.result_code,
    resultNote: row.result_note,
    closedAt: row.closed_at?.toISOString() ?? null,
    publicToken: row.public_token,
  });
}

export type { IncidentDetail };
