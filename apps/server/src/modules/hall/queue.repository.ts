import type { Queryable } from '../../platform/db/db';

export type TicketStatus = 'waiting' | 'called' | 'serving' | 'finished' | 'no_show' | 'cancelled';
export type TicketEventKind =
  | 'ticketed'
  | 'called'
  | 'recalled'
  | 'started'
  | 'transferred'
  | 'no_show'
  | 'finished'
  | 'cancelled';

export interface TicketRow {
  id: string;
  station_id: string;
  day: string;
  number: string;
  service_id: string;
  kind: 'walk_in' | 'appointment';
  priority: boolean;
  source: 'kiosk' | 'check_in' | 'counter';
  appointment_id: string | null;
  appointment_number: string | null;
  appointment_starts_at: Date | null;
  citizen_id: string | null;
  public_token: string | null;
  status: TicketStatus;
  window_id: string | null;
  target_window_id: string | null;
  ticketed_at: Date;
  queued_at: Date;
  called_at: Date | null;
  started_at: Date | null;
  finished_at: Date | null;
  call_count: number;
  outcome: 'done' | 'accepted' | 'materials_missing' | 'referred' | 'other' | null;
  outcome_note: string | null;
  version: number;
}

export interface TicketEventRow {
  ticket_id: string;
  at: Date;
  kind: TicketEventKind;
  service_id: string;
  window_id: string | null;
  details: { note?: string } | null;
}

const TICKET_SELECT = `SELECT t.id, t.station_id, t.day::text AS day, t.number, t.service_id, t.kind, t.priority, t.source,
  t.appointment_id, a.number AS appointment_number, t.appointment_starts_at, t.citizen_id, t.public_token, t.status,
  t.window_id, t.target_window_id, t.ticketed_at, t.queued_at, t.called_at, t.started_at, t.finished_at, t.call_count,
  t.outcome, t.outcome_note, t.version
  FROM hall_tickets t LEFT JOIN hall_appointments a ON a.id = t.appointment_id`;

/** The next number of a prefix for a station and day (atomic under concurrency). */
export async function nextTicketNumber(q: Queryable, stationId: string, day: string, prefix: string): Promise<number> {
  const r = await q.query<{ last: number }>(
    `INSERT INTO hall_ticket_counters (station_id, day, prefix, last) VALUES ($1, $2, $3, 1)
     ON CONFLICT (station_id, day, prefix) DO UPDATE SET last = hall_ticket_counters.last + 1 RETURNING last`,
    [stationId, day, prefix],
  );
  return r.rows[0]?.last ?? 1;
}

export async function insertTicket(
  q: Queryable,
  t: {
    stationId: string;
    day: string;
    number: string;
    serviceId: string;
    kind: 'walk_in' | 'appointment';
    priority: boolean;
    source: 'kiosk' | 'check_in' | 'counter';
    appointmentId: string | null;
    appointmentStartsAt: Date | null;
    citizenId: string | null;
    publicToken: string;
    now: Date;
  },
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO hall_tickets (station_id, day, number, service_id, kind, priority, source, appointment_id, appointment_starts_at,
       citizen_id, public_token, status, ticketed_at, queued_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'waiting', $12, $12) RETURNING id`,
    [
      t.stationId,
      t.day,
      t.number,
      t.serviceId,
      t.kind,
      t.priority,
      t.source,
      t.appointmentId,
      t.appointmentStartsAt,
      t.citizenId,
      t.publicToken,
      t.now,
    ],
  );
  const id = r.rows[0]?.id;
  if (!id) throw new Error('ticket insert returned nothing');
  return id;
}

export async function insertTicketEvent(
  q: Queryable,
  e: {
    ticketId: string;
    stationId: string;
    at: Date;
    kind: TicketEventKind;
    serviceId: string;
    windowId: string | null;
    actorUserId: string | null;
    details?: Record<string, unknown>;
  },
): Promise<void> {
  await q.query(
    `INSERT INTO hall_ticket_events (ticket_id, station_id, at, kind, service_id, window_id, actor_user_id, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      e.ticketId,
      e.stationId,
      e.at,
      e.kind,
      e.serviceId,
      e.windowId,
      e.actorUserId,
      e.details && Object.keys(e.details).length > 0 ? JSON.stringify(e.details) : null,
    ],
  );
}

export async function getTicket(q: Queryable, id: string, lock = false): Promise<TicketRow | null> {
  const r = await q.query<TicketRow>(`${TICKET_SELECT} WHERE t.id = $1${lock ? ' FOR UPDATE OF t' : ''}`, [id]);
  return r.rows[0] ?? null;
}

export async function ticketByToken(q: Queryable, token: string): Promise<TicketRow | null> {
  return (await q.query<TicketRow>(`${TICKET_SELECT} WHERE t.public_token = $1`, [token])).rows[0] ?? null;
}

export async function listTickets(
  q: Queryable,
  f: { stationId: string; day: string; status?: string; windowId?: string; serviceId?: string },
): Promise<TicketRow[]> {
  const r = await q.query<TicketRow>(
    `${TICKET_SELECT} WHERE t.station_id = $1 AND t.day = $2 AND ($3::text IS NULL OR t.status = $3)
       AND ($4::uuid IS NULL OR t.window_id = $4) AND ($5::uuid IS NULL OR t.service_id = $5)
     ORDER BY t.ticketed_at LIMIT 2000`,
    [f.stationId, f.day, f.status ?? null, f.windowId ?? null, f.serviceId ?? null],
  );
  return r.rows;
}

/**
 * The waiting tickets a window may call, in calling order: tickets
 * transferred to this window first, then appointments inside their on-time
 * window (by slot start), then the green channel, then first come first
 * served. With `lock`, the first row is claimed FOR UPDATE SKIP LOCKED so
 * two clerks never call the same ticket.
 */
export async function callableTickets(
  q: Queryable,
  f: {
    stationId: string;
    day: string;
    windowId: string;
    serviceIds: string[];
    now: Date;
    onTimeBeforeMinutes: number;
    limit: number;
    lock: boolean;
  },
): Promise<TicketRow[]> {
  const due = `(t.kind = 'appointment' AND t.appointment_starts_at - make_interval(mins => $5::int) <= $6)`;
  const ids = await q.query<{ id: string }>(
    `SELECT t.id FROM hall_tickets t
      WHERE t.station_id = $1 AND t.day = $2 AND t.status = 'waiting'
        AND (t.target_window_id = $3 OR (t.target_window_id IS NULL AND t.service_id = ANY($4::uuid[])))
      ORDER BY (t.target_window_id IS NOT NULL) DESC, ${due} DESC, t.priority DESC,
               CASE WHEN ${due} THEN t.appointment_starts_at ELSE t.queued_at END, t.queued_at, t.number
      LIMIT $7${f.lock ? ' FOR UPDATE OF t SKIP LOCKED' : ''}`,
    [f.stationId, f.day, f.windowId, f.serviceIds, f.onTimeBeforeMinutes, f.now, f.limit],
  );
  if (ids.rows.length === 0) return [];
  const rows = await q.query<TicketRow>(`${TICKET_SELECT} WHERE t.id = ANY($1::uuid[])`, [ids.rows.map((r) => r.id)]);
  const byId = new Map(rows.rows.map((r) => [r.id, r]));
  return ids.rows.flatMap((r) => {
    const t = byId.get(r.id);
    return t ? [t] : [];
  });
}

export async function currentAtWindow(q: Queryable, windowId: string, day: string): Promise<TicketRow | null> {
  const r = await q.query<TicketRow>(
    `${TICKET_SELECT} WHERE t.window_id = $1 AND t.day = $2 AND t.status IN ('called', 'serving')
      ORDER BY t.called_at DESC LIMIT 1`,
    [windowId, day],
  );
  return r.rows[0] ?? null;
}

export async function updateTicket(
  q: Queryable,
  id: string,
  f: Partial<{
    status: TicketStatus;
    window_id: string | null;
    target_window_id: string | null;
    service_id: string;
    queued_at: Date;
    called_at: Date;
    started_at: Date;
    finished_at: Date;
    call_count: number;
    outcome: string;
    outcome_note: string | null;
    clerk_user_id: string;
  }>,
): Promise<number> {
  const keys = Object.keys(f) as (keyof typeof f)[];
  const sets = keys.map((k, i) => `${k} = $${i + 2}`);
  const r = await q.query<{ version: number }>(
    `UPDATE hall_tickets SET ${[...sets, 'version = version + 1'].join(', ')} WHERE id = $1 RETURNING version`,
    [id, ...keys.map((k) => f[k])],
  );
  return r.rows[0]?.version ?? 0;
}

export async function eventsOf(q: Queryable, ticketIds: string[]): Promise<TicketEventRow[]> {
  if (ticketIds.length === 0) return [];
  const r = await q.query<TicketEventRow>(
    `SELECT ticket_id, at, kind, service_id, window_id, details FROM hall_ticket_events
      WHERE ticket_id = ANY($1::uuid[]) ORDER BY ticket_id, at, id`,
    [ticketIds],
  );
  return r.rows;
}

export async function waitingCounts(
  q: Queryable,
  stationId: string,
  day: string,
): Promise<{ service_id: string; n: number }[]> {
  const r = await q.query<{ service_id: string; n: number }>(
    `SELECT service_id, count(*)::int AS n FROM hall_tickets WHERE station_id = $1 AND day = $2 AND status = 'waiting'
      GROUP BY service_id`,
    [stationId, day],
  );
  return r.rows;
}

/** Waiting tickets of the same service queued before this one. */
export async function waitingAhead(q: Queryable, t: TicketRow): Promise<number> {
  const r = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM hall_tickets
      WHERE station_id = $1 AND day = $2 AND status = 'waiting' AND service_id = $3 AND id <> $4
        AND (queued_at < $5 OR (priority AND NOT $6) OR (kind = 'appointment' AND $7 = 'walk_in'))`,
    [t.station_id, t.day, t.service_id, t.id, t.queued_at, t.priority, t.kind],
  );
  return r.rows[0]?.n ?? 0;
}

export async function recentCalls(
  q: Queryable,
  stationId: string,
  since: Date,
  limit: number,
): Promise<{ number: string; window_id: string; service_id: string; at: Date; kind: string }[]> {
  const r = await q.query<{ number: string; window_id: string; service_id: string; at: Date; kind: string }>(
    `SELECT t.number, e.window_id, e.service_id, e.at, e.kind FROM hall_ticket_events e JOIN hall_tickets t ON t.id = e.ticket_id
      WHERE e.station_id = $1 AND e.at >= $2 AND e.kind IN ('called', 'recalled') AND e.window_id IS NOT NULL
      ORDER BY e.at DESC, e.id DESC LIMIT $3`,
    [stationId, since, limit],
  );
  return r.rows;
}

export async function windowStates(
  q: Queryable,
  stationId: string,
  day: string,
): Promise<{ window_id: string; number: string; status: TicketStatus }[]> {
  const r = await q.query<{ window_id: string; number: string; status: TicketStatus }>(
    `SELECT DISTINCT ON (window_id) window_id, number, status FROM hall_tickets
      WHERE station_id = $1 AND day = $2 AND status IN ('called', 'serving') AND window_id IS NOT NULL
      ORDER BY window_id, called_at DESC`,
    [stationId, day],
  );
  return r.rows;
}

export async function finishedCount(q: Queryable, windowId: string, day: string): Promise<number> {
  const r = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM hall_tickets WHERE window_id = $1 AND day = $2 AND status = 'finished'`,
    [windowId, day],
  );
  return r.rows[0]?.n ?? 0;
}
