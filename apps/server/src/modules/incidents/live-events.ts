import type { Tx } from '../../platform/db/db';
import type { Platform } from '../../platform/platform';
import { alertExplanationText } from './alert-text';
import { getAlert } from './alerts.repository';
import type { IncidentRow } from './incidents.repository';
import type { OrderRow } from './orders.repository';

/**
 * Publishes command-room events after the transaction commits, scoped to
 * the incident's grid and the people it concerns, so pushes respect
 * jurisdiction exactly as reads do.
 */
export class LiveEvents {
  constructor(
    private readonly p: Platform,
    private readonly unitPeople: (unitId: string) => Promise<string[]>,
  ) {}

  incident(
    tx: Tx,
    i: Pick<
      IncidentRow,
      'id' | 'number' | 'status' | 'priority' | 'grid_id' | 'station_id' | 'version' | 'responsible_person_id'
    >,
    change: string,
  ): void {
    const at = this.p.clock.now().toISOString();
    tx.afterCommit(() =>
      this.p.bus.publish({
        topic: 'incidents.changed',
        payload: {
          incidentId: i.id,
          number: i.number,
          status: i.status,
          priority: i.priority,
          gridId: i.grid_id,
          change,
          version: i.version,
        },
        scope: {
          stationId: i.station_id,
          gridIds: i.grid_id ? [i.grid_id] : [],
          personIds: i.responsible_person_id ? [i.responsible_person_id] : null,
        },
        at,
      }),
    );
  }

  /** `unitMembers`: the assigned unit's people when the caller knows them already. */
  order(tx: Tx, o: OrderRow, unitMembers?: string[]): void {
    const at = this.p.clock.now().toISOString();
    tx.afterCommit(async () => {
      // Unit orders reach every member of the unit.
      const members = o.assignee_unit_id ? (unitMembers ?? (await this.unitPeople(o.assignee_unit_id))) : [];
      await this.p.bus.publish({
        topic: 'orders.changed',
        payload: {
          orderId: o.id,
          incidentId: o.incident_id,
          status: o.status,
          assigneePersonId: o.assignee_person_id,
          assigneeUnitId: o.assignee_unit_id,
          assigneeTeam: o.assignee_team,
        },
        scope: {
          stationId: o.station_id,
          gridIds: o.grid_id ? [o.grid_id] : [],
          personIds: [...(o.assignee_person_id ? [o.assignee_person_id] : []), ...members],
        },
        at,
      });
    });
  }

  alert(tx: Tx, alertId: string): void {
    tx.afterCommit(async () => {
      const a = await getAlert(this.p.db, alertId);
      if (!a) return;
      await this.p.bus.publish({
        topic: 'alerts.created',
        payload: {
          alertId: a.id,
          kind: a.kind,
          severity: a.severity,
          title: a.title,
          incidentId: a.incident_id,
          incidentNumber: a.incident_number,
          explanation: a.explanation,
          explanationText: alertExplanationText(a.kind, a.explanation),
          targetPersonId: a.target_person_id,
          createdAt: a.created_at.toISOString(),
        },
        scope: {
          stationId: a.station_id,
          gridIds: a.grid_id ? [a.grid_id] : [],
          personIds: a.target_person_id ? [a.target_person_id] : null,
        },
        at: a.created_at.toISOString(),
      });
    });
  }
}
