import type { Queryable, Tx } from '../../platform/db/db';
import type { Platform } from '../../platform/platform';
import { insertNotification } from './config.repository';
import type { DisputeRow } from './disputes.repository';
import { listAssignments } from './mediators.repository';

/**
 * Live events and in-app notifications of the mediation module. Events are
 * published after commit and scoped like reads: the dispute's grid, its
 * responsible officer and its mediators (station-wide staff see all).
 */
export class MediationLive {
  constructor(private readonly p: Platform) {}

  async dispute(
    tx: Tx,
    d: Pick<
      DisputeRow,
      | 'id'
      | 'number'
      | 'status'
      | 'level'
      | 'track'
      | 'risk'
      | 'grid_id'
      | 'station_id'
      | 'version'
      | 'responsible_person_id'
    >,
    change: string,
  ): Promise<void> {
    const mediators = (await listAssignments(tx, [d.id], true)).map((a) => a.mediator_id);
    const at = this.p.clock.now().toISOString();
    tx.afterCommit(() =>
      this.p.bus.publish({
        topic: 'disputes.changed',
        payload: {
          disputeId: d.id,
          number: d.number,
          status: d.status,
          level: d.level,
          track: d.track,
          risk: d.risk,
          gridId: d.grid_id,
          change,
          version: d.version,
        },
        scope: {
          stationId: d.station_id,
          gridIds: d.grid_id ? [d.grid_id] : [],
          personIds: [...mediators, ...(d.responsible_person_id ? [d.responsible_person_id] : [])],
        },
        at,
      }),
    );
  }

  /** Records a notification for a person and pushes it to them after commit. */
  async notify(
    q: Queryable & Partial<Pick<Tx, 'afterCommit'>>,
    n: { stationId: string; personId: string; kind: string; title: string; body: string; disputeId: string | null },
  ): Promise<void> {
    const now = this.p.clock.now();
    const id = await insertNotification(q, { ...n, now });
    const publish = () =>
      this.p.bus.publish({
        topic: 'mediation.notification',
        payload: { notificationId: id, kind: n.kind, title: n.title, disputeId: n.disputeId },
        scope: { stationId: n.stationId, gridIds: [], personIds: [n.personId] },
        at: now.toISOString(),
      });
    if (q.afterCommit) q.afterCommit(publish);
    else await publish();
  }
}
