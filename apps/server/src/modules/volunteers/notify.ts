import type { Queryable, Tx } from '../../platform/db/db';
import type { Platform } from '../../platform/platform';
import { insertNotification } from './notifications.repository';

/**
 * Live events and in-app notifications of the module, published after
 * commit. Payloads carry ids and statuses only; clients refetch details.
 */
export class VolunteerLive {
  constructor(private readonly p: Platform) {}

  private publish(q: Queryable, fn: () => Promise<void>): void | Promise<void> {
    const tx = q as Partial<Pick<Tx, 'afterCommit'>>;
    if (tx.afterCommit) tx.afterCommit(fn);
    else return fn();
  }

  /** Records a notification for a person and pushes it to them after commit. */
  async notify(
    q: Queryable,
    n: {
      stationId: string;
      personId: string;
      kind: string;
      title: string;
      body: string;
      refType: string | null;
      refId: string | null;
    },
  ): Promise<string> {
    const now = this.p.clock.now();
    const id = await insertNotification(q, { ...n, now });
    await this.publish(q, () =>
      this.p.bus.publish({
        topic: 'volunteers.notification',
        payload: { notificationId: id, kind: n.kind, title: n.title, refType: n.refType, refId: n.refId },
        scope: { stationId: n.stationId, personIds: [n.personId] },
        at: now.toISOString(),
      }),
    );
    return id;
  }

  duty(
    tx: Tx,
    d: { id: string; shiftId: string; teamId: string; stationId: string; gridId: string | null; status: string },
    personIds: string[],
    change: string,
  ): void {
    const at = this.p.clock.now().toISOString();
    tx.afterCommit(() =>
      this.p.bus.publish({
        topic: 'volunteers.duty',
        payload: { dutyId: d.id, shiftId: d.shiftId, teamId: d.teamId, status: d.status, change },
        scope: { stationId: d.stationId, gridIds: d.gridId ? [d.gridId] : [], personIds },
        at,
      }),
    );
  }

  hazard(
    tx: Tx,
    h: {
      id: string;
      number: string;
      status: string;
      station_id: string;
      grid_id: string | null;
      reporter_person_id: string | null;
    },
    change: string,
  ): void {
    const at = this.p.clock.now().toISOString();
    tx.afterCommit(() =>
      this.p.bus.publish({
        topic: 'hazards.changed',
        payload: { hazardId: h.id, number: h.number, status: h.status, gridId: h.grid_id, change },
        scope: {
          stationId: h.station_id,
          gridIds: h.grid_id ? [h.grid_id] : [],
          personIds: h.reporter_person_id ? [h.reporter_person_id] : [],
        },
        at,
      }),
    );
  }

  /** The one-tap alarm: the group's members and the grid's officer (and station-wide staff) receive it. */
  async alarm(
    payload: {
      alarmId: string;
      teamId: string;
      teamName: string;
      raisedBy: string;
      at: string;
      point: [number, number] | null;
      incidentId: string | null;
    },
    stationId: string,
    personIds: string[],
  ): Promise<void> {
    await this.p.bus.publish({
      topic: 'volunteers.alarm',
      payload,
      scope: { stationId, personIds },
      at: this.p.clock.now().toISOString(),
    });
  }
}
