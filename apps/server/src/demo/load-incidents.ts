import { randomUUID } from 'node:crypto';
import {
  advanceNumberSequence,
  type HistoryEvent,
  type HistoryIncident,
  type HistoryOrder,
  insertEventHistory,
  insertIncidentHistory,
  insertOrderHistory,
} from '../modules/incidents';
import type { Tx } from '../platform/db/db';
import { insertJob } from '../platform/jobs/jobs.repository';
import type { Platform } from '../platform/platform';
import { generateIncidentHistory } from './incidents.generator';
import type { DemoTown } from './town.types';

export interface LoadedTown {
  stationId: string;
  personIds: Map<string, string>;
  gridIds: Map<string, string>;
  unitIds: Map<string, string>;
}

const localDate = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '');

/** Two years of incidents with their orders and timelines; open orders get their deadline timers. */
export async function loadIncidentHistory(
  platform: Platform,
  tx: Tx,
  town: DemoTown,
  loaded: LoadedTown,
): Promise<number> {
  const now = platform.clock.now();
  const history = generateIncidentHistory(town, now);
  const incidents: HistoryIncident[] = [];
  const orders: HistoryOrder[] = [];
  const events: HistoryEvent[] = [];
  const officerName = new Map(town.people.map((p) => [p.key, p.name]));
  history.forEach((h, i) => {
    const id = randomUUID();
    const phone = h.callerPhone ? platform.pii.sealPhone(h.callerPhone) : null;
    const gridId = loaded.gridIds.get(h.gridCode) ?? null;
    const grid = town.grids.find((g) => g.code === h.gridCode);
    const o = h.order;
    const orderId = o ? randomUUID() : null;
    incidents.push({
      id,
      stationId: loaded.stationId,
      number: `JQ${localDate(h.reportedAt)}${String(i + 1).padStart(7, '0')}`,
      source: h.source,
      categoryCode: h.categoryCode,
      priority: h.priority,
      status: h.status,
      summary: h.summary,
      address: h.address,
      addressKey: h.addressKey,
      lng: h.point[0],
      lat: h.point[1],
      gridId,
      team: h.team,
      responsiblePersonId: grid ? (loaded.personIds.get(grid.officerKey) ?? null) : null,
      unitId: null,
      callerName: h.callerName,
      callerPhoneEnc: phone?.enc ?? null,
      callerPhoneBidx: phone?.bidx ?? null,
      callerPhoneMasked: phone?.masked ?? null,
      reportedAt: h.reportedAt,
      updatedAt: h.closedAt ?? o?.closedAt ?? o?.resolvedAt ?? o?.onSceneAt ?? o?.acknowledgedAt ?? h.reportedAt,
      closedAt: h.closedAt,
      resultCode: h.resultCode,
    });
    events.push({ incidentId: id, orderId: null, at: h.reportedAt, actorName: null, kind: 'created' });
    if (o && orderId) {
      orders.push({
        id: orderId,
        stationId: loaded.stationId,
        incidentId: id,
        assigneeKind: o.assigneeKind,
        assigneePersonId: o.assigneePersonKey ? (loaded.personIds.get(o.assigneePersonKey) ?? null) : null,
        assigneeUnitId: o.unitCode ? (loaded.unitIds.get(o.unitCode) ?? null) : null,
        assigneeTeam: o.team,
        status: o.status,
        priority: h.priority,
        urban: o.urban,
        issuedAt: o.issuedAt,
        acknowledgedAt: o.acknowledgedAt,
        enRouteAt: o.enRouteAt,
        onSceneAt: o.onSceneAt,
        resolvedAt: o.resolvedAt,
        closedAt: o.closedAt,
        ackDueAt: o.ackDueAt,
        arriveDueAt: o.arriveDueAt,
        resolveDueAt: o.resolveDueAt,
        breaches: o.breaches,
      });
      const who = o.assigneePersonKey ? (officerName.get(o.assigneePersonKey) ?? null) : null;
      events.push({ incidentId: id, orderId, at: o.issuedAt, actorName: null, kind: 'dispatched' });
      const steps: [Date | null, string][] = [
        [o.acknowledgedAt, 'order.acknowledged'],
        [o.enRouteAt, 'order.en_route'],
        [o.onSceneAt, 'order.on_scene'],
        [o.resolvedAt, 'order.resolved'],
      ];
      for (const [at, kind] of steps) if (at) events.push({ incidentId: id, orderId, at, actorName: who, kind });
    }
    if (h.closedAt) events.push({ incidentId: id, orderId: null, at: h.closedAt, actorName: null, kind: 'closed' });
  });
  await insertIncidentHistory(tx, incidents);
  await insertOrderHistory(tx, orders);
  await insertEventHistory(tx, events);
  await advanceNumberSequence(tx, incidents.length + 1);
  // Open orders keep their deadlines: the timers fire (or find the milestone met) as if dispatched live.
  for (const o of orders.filter((x) => ['issued', 'acknowledged', 'en_route', 'on_scene'].includes(x.status))) {
    for (const [kind, at] of [
      ['ack', o.ackDueAt],
      ['arrive', o.arriveDueAt],
      ['resolve', o.resolveDueAt],
    ] as const) {
      if (at) await insertJob(tx, 'dispatch.deadline', { orderId: o.id, kind }, at, `deadline:${o.id}:${kind}`, 10);
    }
  }
  return incidents.length;
}
