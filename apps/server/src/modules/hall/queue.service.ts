import { randomBytes } from 'node:crypto';
import type { HallTicketView } from '@fengqiao/contracts';
import type { AuditActor } from '../../platform/audit/audit.types';
import type { Tx } from '../../platform/db/db';
import { conflict, fieldError, notFound } from '../../platform/errors';
import type { Ctx, Platform } from '../../platform/platform';
import { completeAppointmentOfTicket } from './booking.repository';
import { getWindow, listWindows, type ServiceRow, type WindowRow } from './catalogue.repository';
import { visitDurations } from './durations';
import type { HallConfig } from './hall-config';
import type { HallLive } from './hall-live';
import { localDay } from './local-time';
import {
  callableTickets,
  currentAtWindow,
  eventsOf,
  finishedCount,
  getTicket,
  insertTicket,
  insertTicketEvent,
  listTickets,
  nextTicketNumber,
  recentCalls,
  type TicketRow,
  ticketByToken,
  updateTicket,
  waitingAhead,
  waitingCounts,
  windowStates,
} from './queue.repository';
import type { Stations } from './stations';
import type { StatsService } from './stats.service';
import { iso, serviceRef, windowRef, windowView } from './views';

export const APPOINTMENT_PREFIX = 'Y';

export interface NewTicket {
  stationId: string;
  service: ServiceRow;
  kind: 'walk_in' | 'appointment';
  priority: boolean;
  source: 'kiosk' | 'check_in' | 'counter';
  appointmentId: string | null;
  appointmentStartsAt: Date | null;
  citizenId: string | null;
}

/**
 * The queue: tickets from the kiosk or by booking check-in, called by
 * clerks at their windows. Every step is an event; the hall display and the
 * clerks' screens get live events after commit.
 */
export class QueueService {
  constructor(
    private readonly p: Platform,
    private readonly config: HallConfig,
    private readonly stations: Stations,
    private readonly live: HallLive,
    private readonly stats: StatsService,
  ) {}

  /** Issues a ticket inside the caller's transaction. */
  async issue(tx: Tx, t: NewTicket, actorUserId: string | null): Promise<TicketRow> {
    const now = this.p.clock.now();
    const day = localDay(now);
    const prefix = t.kind === 'appointment' ? APPOINTMENT_PREFIX : t.service.queue_prefix;
    const n = await nextTicketNumber(tx, t.stationId, day, prefix);
    const id = await insertTicket(tx, {
      stationId: t.stationId,
      day,
      number: `${prefix}${String(n).padStart(3, '0')}`,
      serviceId: t.service.id,
      kind: t.kind,
      priority: t.priority,
      source: t.source,
      appointmentId: t.appointmentId,
      appointmentStartsAt: t.appointmentStartsAt,
      citizenId: t.citizenId,
      publicToken: randomBytes(16).toString('base64url'),
      now,
    });
    await insertTicketEvent(tx, {
      ticketId: id,
      stationId: t.stationId,
      at: now,
      kind: 'ticketed',
      serviceId: t.service.id,
      windowId: null,
      actorUserId,
      details: { source: t.source },
    });
    const row = await getTicket(tx, id);
    if (!row) throw new Error('ticket vanished');
    this.live.queueChanged(tx, row, 'ticketed');
    return row;
  }

  /** A ticket from the kiosk (public, rate-limited by IP). */
  async kioskTicket(stationCode: string | undefined, serviceId: string, priority: boolean, audit: AuditActor) {
    const station = await this.stations.public(stationCode, 'body.station');
    const service = await this.config.service(serviceId);
    if (!service?.active) throw fieldError('body.serviceId', 'service_unknown', 'no such service');
    const windows = await listWindows(this.p.db, station.id);
    if (!windows.some((w) => w.active && w.service_ids.includes(service.id))) {
      throw fieldError('body.serviceId', 'service_not_served', 'no open window serves this service');
    }
    const ticket = await this.p.db.tx(async (tx) => {
      const t = await this.issue(
        tx,
        {
          stationId: station.id,
          service,
          kind: 'walk_in',
          priority,
          source: 'kiosk',
          appointmentId: null,
          appointmentStartsAt: null,
          citizenId: null,
        },
        null,
      );
      await this.p.audit.record(
        { ...audit, stationId: station.id },
        { action: 'hall.ticket.issue', resourceType: 'hall_ticket', resourceId: t.id, details: { number: t.number } },
        tx,
      );
      return t;
    });
    return this.publicView(ticket);
  }

  async publicTicket(token: string) {
    const t = await ticketByToken(this.p.db, token);
    if (!t) throw notFound('ticket');
    return this.publicView(t);
  }

  async publicView(t: TicketRow) {
    const snap = await this.config.get();
    const service = snap.services.get(t.service_id);
    if (!service) throw notFound('service');
    const window = t.window_id ? await getWindow(this.p.db, t.window_id) : null;
    const ahead = t.status === 'waiting' ? await waitingAhead(this.p.db, t) : 0;
    const windows = (await listWindows(this.p.db, t.station_id)).filter(
      (w) => w.active && w.service_ids.includes(t.service_id),
    );
    const perVisit = await this.stats.typicalHandleMinutes(t.station_id, t.service_id);
    return {
      number: t.number,
      status: t.status,
      service: serviceRef(service),
      window: window ? windowRef(window) : null,
      waitingAhead: ahead,
      estimatedWaitMinutes:
        t.status === 'waiting' ? Math.ceil(((ahead + 1) * perVisit) / Math.max(1, windows.length)) : 0,
      ticketedAt: t.ticketed_at.toISOString(),
      calledAt: iso(t.called_at),
      token: t.public_token ?? '',
    };
  }

  async views(rows: TicketRow[]): Promise<HallTicketView[]> {
    if (rows.length === 0) return [];
    const snap = await this.config.get();
    const first = rows[0];
    const windows = new Map(
      first ? (await listWindows(this.p.db, first.station_id)).map((w) => [w.id, w] as const) : [],
    );
    const events = await eventsOf(
      this.p.db,
      rows.map((r) => r.id),
    );
    const byTicket = new Map<string, { kind: string; at: Date }[]>();
    for (const e of events) byTicket.set(e.ticket_id, [...(byTicket.get(e.ticket_id) ?? []), e]);
    return rows.flatMap((t) => {
      const s = snap.services.get(t.service_id);
      if (!s) return [];
      const w = t.window_id ? windows.get(t.window_id) : undefined;
      const target = t.target_window_id ? windows.get(t.target_window_id) : undefined;
      const d = visitDurations(byTicket.get(t.id) ?? []);
      return [
        {
          id: t.id,
          number: t.number,
          day: t.day,
          status: t.status,
          kind: t.kind,
          priority: t.priority,
          source: t.source,
          service: serviceRef(s),
          window: w ? windowRef(w) : null,
          targetWindow: target ? windowRef(target) : null,
          appointmentNumber: t.appointment_number,
          ticketedAt: t.ticketed_at.toISOString(),
          calledAt: iso(t.called_at),
          startedAt: iso(t.started_at),
          finishedAt: iso(t.finished_at),
          callCount: t.call_count,
          outcome: t.outcome,
          outcomeNote: t.outcome_note,
          waitSeconds: d.waitSeconds,
          handleSeconds: d.handleSeconds,
          version: t.version,
        },
      ];
    });
  }

  private async view(t: TicketRow): Promise<HallTicketView> {
    const [v] = await this.views([t]);
    if (!v) throw notFound('ticket');
    return v;
  }

  async detail(ctx: Ctx, id: string) {
    const stationId = this.stations.staffStation(ctx);
    const t = await getTicket(this.p.db, id);
    if (!t || t.station_id !== stationId) throw notFound('ticket');
    const [view, events, snap, windows] = await Promise.all([
      this.view(t),
      eventsOf(this.p.db, [id]),
      this.config.get(),
      listWindows(this.p.db, stationId),
    ]);
    const wmap = new Map(windows.map((w) => [w.id, w]));
    return {
      ...view,
      events: events.flatMap((e) => {
        const s = snap.services.get(e.service_id);
        if (!s) return [];
        const w = e.window_id ? wmap.get(e.window_id) : undefined;
        return [
          {
            at: e.at.toISOString(),
            kind: e.kind,
            window: w ? windowRef(w) : null,
            service: serviceRef(s),
            note: e.details?.note ?? null,
          },
        ];
      }),
    };
  }

  async list(
    ctx: Ctx,
    q: {
      day?: string | undefined;
      status?: string | undefined;
      windowId?: string | undefined;
      serviceId?: string | undefined;
    },
  ) {
    const stationId = this.stations.staffStation(ctx);
    const rows = await listTickets(this.p.db, {
      stationId,
      day: q.day ?? localDay(this.p.clock.now()),
      ...(q.status ? { status: q.status } : {}),
      ...(q.windowId ? { windowId: q.windowId } : {}),
      ...(q.serviceId ? { serviceId: q.serviceId } : {}),
    });
    return this.views(rows);
  }

  private async staffWindow(ctx: Ctx, windowId: string, tx?: Tx): Promise<WindowRow> {
    const stationId = this.stations.staffStation(ctx);
    const w = await getWindow(tx ?? this.p.db, windowId, Boolean(tx));
    if (!w || w.station_id !== stationId) throw notFound('window');
    return w;
  }

  async queue(ctx: Ctx, windowId: string) {
    const w = await this.staffWindow(ctx, windowId);
    const now = this.p.clock.now();
    const day = localDay(now);
    const rules = await this.config.rules();
    const [current, waiting, finished, snap] = await Promise.all([
      currentAtWindow(this.p.db, w.id, day),
      callableTickets(this.p.db, {
        stationId: w.station_id,
        day,
        windowId: w.id,
        serviceIds: w.service_ids,
        now,
        onTimeBeforeMinutes: rules.queue.onTimeBeforeMinutes,
        limit: 200,
        lock: false,
      }),
      finishedCount(this.p.db, w.id, day),
      this.config.get(),
    ]);
    return {
      window: windowView(w, snap.services),
      current: current ? await this.view(current) : null,
      waiting: await this.views(waiting),
      waitingTotal: waiting.length,
      finishedToday: finished,
    };
  }

  /** Calls the next ticket this window may serve; null when nobody waits. */
  async callNext(ctx: Ctx, windowId: string): Promise<HallTicketView | null> {
    const rules = await this.config.rules();
    const snap = await this.config.get();
    const called = await this.p.db.tx(async (tx) => {
      // Locking the window serialises its clerks; SKIP LOCKED keeps windows from taking the same ticket.
      const w = await this.staffWindow(ctx, windowId, tx);
      if (!w.active) throw conflict('the window is closed', 'window_closed');
      const now = this.p.clock.now();
      const day = localDay(now);
      const busy = await currentAtWindow(tx, w.id, day);
      if (busy) throw conflict(`ticket ${busy.number} is still ${busy.status} at this window`, 'window_busy');
      const [next] = await callableTickets(tx, {
        stationId: w.station_id,
        day,
        windowId: w.id,
        serviceIds: w.service_ids,
        now,
        onTimeBeforeMinutes: rules.queue.onTimeBeforeMinutes,
        limit: 1,
        lock: true,
      });
      if (!next) return null;
      await updateTicket(tx, next.id, {
        status: 'called',
        window_id: w.id,
        target_window_id: null,
        called_at: now,
        call_count: next.call_count + 1,
        clerk_user_id: ctx.actor.userId,
      });
      await insertTicketEvent(tx, {
        ticketId: next.id,
        stationId: w.station_id,
        at: now,
        kind: 'called',
        serviceId: next.service_id,
        windowId: w.id,
        actorUserId: ctx.actor.userId,
      });
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'hall.ticket.call',
          resourceType: 'hall_ticket',
          resourceId: next.id,
          details: { number: next.number, window: w.number },
        },
        tx,
      );
      const service = snap.services.get(next.service_id);
      if (service) this.live.called(tx, next, w, service, false);
      this.live.queueChanged(tx, { ...next, status: 'called', window_id: w.id }, 'called');
      return next.id;
    });
    if (!called) return null;
    const t = await getTicket(this.p.db, called);
    return t ? this.view(t) : null;
  }

  private async act(
    ctx: Ctx,
    ticketId: string,
    allowed: string[],
    fn: (tx: Tx, t: TicketRow, now: Date) => Promise<void>,
  ): Promise<HallTicketView> {
    const stationId = this.stations.staffStation(ctx);
    await this.p.db.tx(async (tx) => {
      const t = await getTicket(tx, ticketId, true);
      if (!t || t.station_id !== stationId) throw notFound('ticket');
      if (!allowed.includes(t.status)) throw conflict(`ticket ${t.number} is ${t.status}`, 'ticket_state');
      await fn(tx, t, this.p.clock.now());
    });
    const t = await getTicket(this.p.db, ticketId);
    if (!t) throw notFound('ticket');
    return this.view(t);
  }

  async recall(ctx: Ctx, ticketId: string): Promise<HallTicketView> {
    const snap = await this.config.get();
    return this.act(ctx, ticketId, ['called'], async (tx, t, now) => {
      const w = t.window_id ? await getWindow(tx, t.window_id) : null;
      if (!w) throw conflict('the ticket has no window', 'ticket_state');
      await updateTicket(tx, t.id, { call_count: t.call_count + 1 });
      await insertTicketEvent(tx, {
        ticketId: t.id,
        stationId: t.station_id,
        at: now,
        kind: 'recalled',
        serviceId: t.service_id,
        windowId: w.id,
        actorUserId: ctx.actor.userId,
      });
      await this.p.audit.record(
        ctx.audit,
        { action: 'hall.ticket.recall', resourceType: 'hall_ticket', resourceId: t.id },
        tx,
      );
      const service = snap.services.get(t.service_id);
      if (service) this.live.called(tx, t, w, service, true);
      this.live.queueChanged(tx, t, 'recalled');
    });
  }

  async start(ctx: Ctx, ticketId: string): Promise<HallTicketView> {
    return this.act(ctx, ticketId, ['called'], async (tx, t, now) => {
      await updateTicket(tx, t.id, { status: 'serving', started_at: now });
      await insertTicketEvent(tx, {
        ticketId: t.id,
        stationId: t.station_id,
        at: now,
        kind: 'started',
        serviceId: t.service_id,
        windowId: t.window_id,
        actorUserId: ctx.actor.userId,
      });
      await this.p.audit.record(
        ctx.audit,
        { action: 'hall.ticket.start', resourceType: 'hall_ticket', resourceId: t.id },
        tx,
      );
      this.live.queueChanged(tx, { ...t, status: 'serving' }, 'started');
    });
  }

  async noShow(ctx: Ctx, ticketId: string): Promise<HallTicketView> {
    return this.act(ctx, ticketId, ['called'], async (tx, t, now) => {
      await updateTicket(tx, t.id, { status: 'no_show', finished_at: now });
      await insertTicketEvent(tx, {
        ticketId: t.id,
        stationId: t.station_id,
        at: now,
        kind: 'no_show',
        serviceId: t.service_id,
        windowId: t.window_id,
        actorUserId: ctx.actor.userId,
      });
      await this.p.audit.record(
        ctx.audit,
        { action: 'hall.ticket.no_show', resourceType: 'hall_ticket', resourceId: t.id },
        tx,
      );
      this.live.queueChanged(tx, { ...t, status: 'no_show' }, 'no_show');
    });
  }

  async finish(ctx: Ctx, ticketId: string, outcome: string, note: string | null): Promise<HallTicketView> {
    return this.act(ctx, ticketId, ['serving'], async (tx, t, now) => {
      await updateTicket(tx, t.id, { status: 'finished', finished_at: now, outcome, outcome_note: note });
      await insertTicketEvent(tx, {
        ticketId: t.id,
        stationId: t.station_id,
        at: now,
        kind: 'finished',
        serviceId: t.service_id,
        windowId: t.window_id,
        actorUserId: ctx.actor.userId,
        details: { outcome, ...(note ? { note } : {}) },
      });
      await completeAppointmentOfTicket(tx, t.id);
      await this.p.audit.record(
        ctx.audit,
        { action: 'hall.ticket.finish', resourceType: 'hall_ticket', resourceId: t.id, details: { outcome } },
        tx,
      );
      this.live.queueChanged(tx, { ...t, status: 'finished' }, 'finished');
    });
  }

  /** Sends a ticket back to the queue for another window and/or service; it keeps its number. */
  async transfer(
    ctx: Ctx,
    ticketId: string,
    to: { windowId?: string | undefined; serviceId?: string | undefined; note?: string | undefined },
  ): Promise<HallTicketView> {
    const stationId = this.stations.staffStation(ctx);
    const snap = await this.config.get();
    const windows = await listWindows(this.p.db, stationId);
    const target = to.windowId ? windows.find((w) => w.id === to.windowId) : undefined;
    if (to.windowId && !target?.active) throw fieldError('body.windowId', 'window_unknown', 'no such open window');
    const service = to.serviceId ? snap.services.get(to.serviceId) : undefined;
    if (to.serviceId && !service?.active) throw fieldError('body.serviceId', 'service_unknown', 'no such service');
    return this.act(ctx, ticketId, ['called', 'serving'], async (tx, t, now) => {
      const serviceId = service?.id ?? t.service_id;
      if (target && !target.service_ids.includes(serviceId)) {
        throw fieldError(
          'body.windowId',
          'window_does_not_serve',
          `window ${target.number} does not serve this service`,
        );
      }
      if (!target && !windows.some((w) => w.active && w.service_ids.includes(serviceId))) {
        throw fieldError('body.serviceId', 'service_not_served', 'no open window serves this service');
      }
      if (target && target.id === t.window_id && serviceId === t.service_id) {
        throw fieldError('body.windowId', 'same_window', 'the ticket is already at this window');
      }
      await updateTicket(tx, t.id, {
        status: 'waiting',
        window_id: null,
        target_window_id: target?.id ?? null,
        service_id: serviceId,
        queued_at: now,
      });
      await insertTicketEvent(tx, {
        ticketId: t.id,
        stationId: t.station_id,
        at: now,
        kind: 'transferred',
        serviceId: t.service_id,
        windowId: t.window_id,
        actorUserId: ctx.actor.userId,
        details: {
          toWindowId: target?.id ?? null,
          toServiceId: serviceId,
          ...(to.note ? { note: to.note } : {}),
        },
      });
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'hall.ticket.transfer',
          resourceType: 'hall_ticket',
          resourceId: t.id,
          details: { toWindowId: target?.id ?? null, toServiceId: serviceId },
        },
        tx,
      );
      this.live.queueChanged(tx, { ...t, status: 'waiting', window_id: null, service_id: serviceId }, 'transferred');
    });
  }

  /** What the hall's screen shows: latest calls, each window's ticket, how many wait per service. */
  async display(stationCode: string | undefined) {
    const station = await this.stations.public(stationCode);
    const now = this.p.clock.now();
    const day = localDay(now);
    const [snap, windows, calls, states, counts] = await Promise.all([
      this.config.get(),
      listWindows(this.p.db, station.id),
      recentCalls(this.p.db, station.id, new Date(`${day}T00:00:00+08:00`), 10),
      windowStates(this.p.db, station.id, day),
      waitingCounts(this.p.db, station.id, day),
    ]);
    const wmap = new Map(windows.map((w) => [w.id, w]));
    const stateOf = new Map(states.map((s) => [s.window_id, s]));
    return {
      station: { code: station.code, name: station.name, nameEn: station.nameEn },
      at: now.toISOString(),
      calls: calls.flatMap((c) => {
        const w = wmap.get(c.window_id);
        const s = snap.services.get(c.service_id);
        return w && s
          ? [
              {
                ticketNumber: c.number,
                window: windowRef(w),
                service: serviceRef(s),
                calledAt: c.at.toISOString(),
                recall: c.kind === 'recalled',
              },
            ]
          : [];
      }),
      windows: windows.map((w) => {
        const st = stateOf.get(w.id);
        return {
          window: windowRef(w),
          status: !w.active
            ? ('closed' as const)
            : st
              ? st.status === 'serving'
                ? ('serving' as const)
                : ('called' as const)
              : ('idle' as const),
          ticketNumber: st?.number ?? null,
        };
      }),
      waiting: counts.flatMap((c) => {
        const s = snap.services.get(c.service_id);
        return s ? [{ service: serviceRef(s), count: c.n }] : [];
      }),
      waitingTotal: counts.reduce((n, c) => n + c.n, 0),
    };
  }
}
