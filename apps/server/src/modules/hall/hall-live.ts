import type { Tx } from '../../platform/db/db';
import type { Platform } from '../../platform/platform';
import type { ServiceRow, WindowRow } from './catalogue.repository';

type QueueChange = 'ticketed' | 'called' | 'recalled' | 'started' | 'transferred' | 'no_show' | 'finished';

/**
 * Hall events, published after commit to the whole station (clerks' screens
 * on /api/live) and forwarded by the public hall-display socket. Payloads
 * carry ticket numbers and windows only, never personal data.
 */
export class HallLive {
  constructor(
    private readonly p: Platform,
    private readonly waitingTotal: (stationId: string) => Promise<number>,
  ) {}

  queueChanged(
    tx: Tx,
    t: { id: string; station_id: string; number: string; status: string; window_id: string | null; service_id: string },
    change: QueueChange,
  ): void {
    const at = this.p.clock.now().toISOString();
    tx.afterCommit(async () => {
      await this.p.bus.publish({
        topic: 'hall.queue.changed',
        payload: {
          stationId: t.station_id,
          ticketId: t.id,
          number: t.number,
          status: t.status,
          change,
          windowId: t.window_id,
          serviceId: t.service_id,
          waitingTotal: await this.waitingTotal(t.station_id),
        },
        scope: { stationId: t.station_id },
        at,
      });
    });
  }

  called(
    tx: Tx,
    t: { id: string; station_id: string; number: string },
    w: WindowRow,
    s: ServiceRow,
    recall: boolean,
  ): void {
    const at = this.p.clock.now().toISOString();
    tx.afterCommit(() =>
      this.p.bus.publish({
        topic: 'hall.ticket.called',
        payload: {
          stationId: t.station_id,
          ticketId: t.id,
          number: t.number,
          window: { id: w.id, number: w.number, name: w.name },
          service: { id: s.id, nameZh: s.name_zh, nameEn: s.name_en },
          recall,
        },
        scope: { stationId: t.station_id },
        at,
      }),
    );
  }

  application(
    tx: Tx,
    a: { id: string; station_id: string; number: string; status: string; due_day: string },
    change: string,
  ): void {
    const at = this.p.clock.now().toISOString();
    tx.afterCommit(() =>
      this.p.bus.publish({
        topic: 'hall.application.changed',
        payload: {
          stationId: a.station_id,
          applicationId: a.id,
          number: a.number,
          status: a.status,
          change,
          dueDay: a.due_day,
        },
        scope: { stationId: a.station_id },
        at,
      }),
    );
  }
}
