import type { AlertView, IncidentDetail, IncidentSummary, OrderView } from '@fengqiao/contracts';
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

export type { IncidentDetail };
