import type { Queryable } from '../../platform/db/db';

export interface DurationRow {
  seg: 'wait' | 'handle';
  service_id: string | null;
  window_id: string | null;
  hour: number | null;
  grp: 'all' | 'service' | 'window' | 'hour';
  n: number;
  avg: number | null;
  p50: number | null;
  p90: number | null;
  p95: number | null;
}

/**
 * Waiting and handling segments from the visit event log. For each event
 * the immediately preceding event of the same ticket decides: 'called'
 * after 'ticketed' or 'transferred' closes a waiting segment; 'finished' or
 * 'transferred' after 'started' closes a handling segment (the same rule as
 * durations.ts). Segments are grouped overall, per service, per window (the
 * window that called / served) and per local hour of the segment's start.
 */
export async function durationStats(q: Queryable, stationId: string, from: Date, to: Date): Promise<DurationRow[]> {
  const r = await q.query<DurationRow>(
    `WITH e AS (
       SELECT ticket_id, kind, at, service_id, window_id,
              lag(kind) OVER w AS prev_kind, lag(at) OVER w AS prev_at
         FROM hall_ticket_events
        WHERE station_id = $1 AND at >= $2 AND at < $3
       WINDOW w AS (PARTITION BY ticket_id ORDER BY at, id)
     ), seg AS (
       SELECT CASE WHEN kind = 'called' AND prev_kind IN ('ticketed', 'transferred') THEN 'wait'
                   WHEN kind IN ('finished', 'transferred') AND prev_kind = 'started' THEN 'handle' END AS seg,
              service_id, window_id,
              extract(hour FROM prev_at AT TIME ZONE 'Asia/Shanghai')::int AS hour,
              extract(epoch FROM at - prev_at)::float8 AS secs
         FROM e
     )
     SELECT seg, service_id, window_id, hour,
            CASE WHEN grouping(service_id) = 0 THEN 'service' WHEN grouping(window_id) = 0 THEN 'window'
                 WHEN grouping(hour) = 0 THEN 'hour' ELSE 'all' END AS grp,
            count(*)::int AS n, avg(secs)::float8 AS avg,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY secs)::float8 AS p50,
            percentile_cont(0.9) WITHIN GROUP (ORDER BY secs)::float8 AS p90,
            percentile_cont(0.95) WITHIN GROUP (ORDER BY secs)::float8 AS p95
       FROM seg WHERE seg IS NOT NULL
      GROUP BY GROUPING SETS ((seg), (seg, service_id), (seg, window_id), (seg, hour))`,
    [stationId, from, to],
  );
  return r.rows;
}

export interface VisitCounts {
  grp: 'all' | 'service' | 'window' | 'hour';
  key: string | null;
  visits: number;
  finished: number;
  no_shows: number;
  appointments: number;
}

/** Visits (tickets) per service (final), per window (that finished them) and per hour of ticketing. */
export async function visitCounts(q: Queryable, stationId: string, from: Date, to: Date): Promise<VisitCounts[]> {
  const r = await q.query<VisitCounts>(
    `WITH t AS (
       SELECT service_id::text AS service_key, CASE WHEN status = 'finished' THEN window_id::text END AS window_key,
              extract(hour FROM ticketed_at AT TIME ZONE 'Asia/Shanghai')::int::text AS hour_key,
              status, kind
         FROM hall_tickets WHERE station_id = $1 AND ticketed_at >= $2 AND ticketed_at < $3
     )
     SELECT CASE WHEN grouping(service_key) = 0 THEN 'service' WHEN grouping(window_key) = 0 THEN 'window'
                 WHEN grouping(hour_key) = 0 THEN 'hour' ELSE 'all' END AS grp,
            coalesce(service_key, window_key, hour_key) AS key,
            count(*)::int AS visits,
            count(*) FILTER (WHERE status = 'finished')::int AS finished,
            count(*) FILTER (WHERE status = 'no_show')::int AS no_shows,
            count(*) FILTER (WHERE kind = 'appointment')::int AS appointments
       FROM t GROUP BY GROUPING SETS ((), (service_key), (window_key), (hour_key))`,
    [stationId, from, to],
  );
  return r.rows;
}

export async function dailyStats(
  q: Queryable,
  stationId: string,
  from: Date,
  to: Date,
): Promise<{ day: string; visits: number; wait_avg: number | null; handle_avg: number | null }[]> {
  const r = await q.query<{ day: string; visits: number; wait_avg: number | null; handle_avg: number | null }>(
    `WITH e AS (
       SELECT ticket_id, kind, at, lag(kind) OVER w AS prev_kind, lag(at) OVER w AS prev_at
         FROM hall_ticket_events WHERE station_id = $1 AND at >= $2 AND at < $3
       WINDOW w AS (PARTITION BY ticket_id ORDER BY at, id)
     ), seg AS (
       SELECT (prev_at AT TIME ZONE 'Asia/Shanghai')::date AS day,
              CASE WHEN kind = 'called' AND prev_kind IN ('ticketed', 'transferred') THEN extract(epoch FROM at - prev_at) END AS w,
              CASE WHEN kind IN ('finished', 'transferred') AND prev_kind = 'started' THEN extract(epoch FROM at - prev_at) END AS h
         FROM e WHERE prev_at IS NOT NULL
     ), v AS (
       SELECT day, count(*)::int AS visits FROM hall_tickets WHERE station_id = $1 AND ticketed_at >= $2 AND ticketed_at < $3
        GROUP BY day
     )
     SELECT v.day::text AS day, v.visits, (avg(seg.w) / 60)::float8 AS wait_avg, (avg(seg.h) / 60)::float8 AS handle_avg
       FROM v LEFT JOIN seg ON seg.day = v.day GROUP BY v.day, v.visits ORDER BY v.day`,
    [stationId, from, to],
  );
  return r.rows;
}

/** Applications submitted and decided in a period (for on-time rates; working days are counted in code). */
export async function applicationFacts(
  q: Queryable,
  stationId: string,
  from: Date,
  to: Date,
): Promise<{
  submitted: number;
  decided: { submitted_day: string; decided_day: string; due_day: string }[];
}> {
  const [s, d] = await Promise.all([
    q.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM hall_applications WHERE station_id = $1 AND submitted_at >= $2 AND submitted_at < $3',
      [stationId, from, to],
    ),
    q.query<{ submitted_day: string; decided_day: string; due_day: string }>(
      `SELECT (last_submitted_at AT TIME ZONE 'Asia/Shanghai')::date::text AS submitted_day,
              (decided_at AT TIME ZONE 'Asia/Shanghai')::date::text AS decided_day, due_day::text AS due_day
         FROM hall_applications
        WHERE station_id = $1 AND decided_at >= $2 AND decided_at < $3 AND status IN ('approved', 'rejected')`,
      [stationId, from, to],
    ),
  ]);
  return { submitted: s.rows[0]?.n ?? 0, decided: d.rows };
}

/** Mean handling minutes per service over a recent period (queue estimates). */
export async function recentHandleMinutes(
  q: Queryable,
  stationId: string,
  since: Date,
): Promise<{ service_id: string; minutes: number }[]> {
  const r = await q.query<{ service_id: string; minutes: number }>(
    `SELECT service_id, (avg(extract(epoch FROM finished_at - started_at)) / 60)::float8 AS minutes
       FROM hall_tickets WHERE station_id = $1 AND status = 'finished' AND started_at IS NOT NULL AND ticketed_at >= $2
      GROUP BY service_id`,
    [stationId, since],
  );
  return r.rows;
}
