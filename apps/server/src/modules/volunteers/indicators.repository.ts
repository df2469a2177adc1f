import type { Queryable } from '../../platform/db/db';

/**
 * Aggregates for the indicators: everything is counted from the records at
 * request time. A duty counts on the China-local day its shift starts, with
 * the hours computed from its evidence (rejected duties count nothing).
 */
const LOCAL_DAY = `(s.starts_at AT TIME ZONE 'Asia/Shanghai')::date`;
const COUNTED = `d.status = 'checked_out' AND d.counted_seconds IS NOT NULL AND coalesce(d.verification, 'auto') <> 'rejected'`;

export interface Scope {
  stationId: string;
  from: Date;
  to: Date;
  withinGrids: string[] | null;
  teamId?: string | null;
}

export async function dutyIntervals(q: Queryable, s: Scope) {
  const r = await q.query<{
    day: string;
    kind: string;
    team_id: string;
    seconds: number;
    started_at: string | null;
    ended_at: string | null;
    served: number | null;
    cps_total: number;
    cps_passed: number;
  }>(
    `SELECT ${LOCAL_DAY}::text AS day, s.kind, s.team_id, d.counted_seconds AS seconds,
            d.hours_detail->>'startedAt' AS started_at, d.hours_detail->>'endedAt' AS ended_at, d.served_count AS served,
            (SELECT count(*) FROM patrol_checkpoints k WHERE k.route_id = s.route_id)::int AS cps_total,
            (SELECT count(*) FROM checkpoint_passes x WHERE x.duty_id = d.id)::int AS cps_passed
       FROM patrol_duties d JOIN patrol_shifts s ON s.id = d.shift_id JOIN volunteer_teams t ON t.id = s.team_id
      WHERE d.station_id = $1 AND s.starts_at >= $2 AND s.starts_at < $3 AND ${COUNTED}
        AND ($4::uuid[] IS NULL OR t.grid_id = ANY($4::uuid[])) AND ($5::uuid IS NULL OR s.team_id = $5)`,
    [s.stationId, s.from, s.to, s.withinGrids, s.teamId ?? null],
  );
  return r.rows;
}

export async function hoursByDay(q: Queryable, s: Scope, by: 'volunteer' | 'team') {
  const key = by === 'volunteer' ? 'd.person_id' : 's.team_id';
  const name = by === 'volunteer' ? 'p.name' : 't.name';
  const r = await q.query<{ day: string; id: string; name: string; seconds: number; duties: number }>(
    `SELECT ${LOCAL_DAY}::text AS day, ${key} AS id, ${name} AS name, sum(d.counted_seconds)::int AS seconds,
            count(*)::int AS duties
       FROM patrol_duties d JOIN patrol_shifts s ON s.id = d.shift_id JOIN volunteer_teams t ON t.id = s.team_id
       JOIN persons p ON p.id = d.person_id
      WHERE d.station_id = $1 AND s.starts_at >= $2 AND s.starts_at < $3 AND ${COUNTED}
        AND ($4::uuid[] IS NULL OR t.grid_id = ANY($4::uuid[])) AND ($5::uuid IS NULL OR s.team_id = $5)
      GROUP BY 1, 2, 3 ORDER BY 1, 3 LIMIT 20000`,
    [s.stationId, s.from, s.to, s.withinGrids, s.teamId ?? null],
  );
  return r.rows;
}

export async function hazardCounts(q: Queryable, s: Scope, today: string) {
  const r = await q.query<{
    found: number;
    closed: number;
    open: number;
    overdue: number;
    dismissed: number;
    avg_days: number | null;
  }>(
    `SELECT
       count(*) FILTER (WHERE reported_at >= $2 AND reported_at < $3)::int AS found,
       count(*) FILTER (WHERE closed_at >= $2 AND closed_at < $3 AND status = 'closed')::int AS closed,
       count(*) FILTER (WHERE status IN ('reported', 'assigned', 'rectified'))::int AS open,
       count(*) FILTER (WHERE status = 'assigned' AND due_on < $5::date)::int AS overdue,
       count(*) FILTER (WHERE status = 'dismissed' AND reported_at >= $2 AND reported_at < $3)::int AS dismissed,
       (avg(extract(epoch FROM closed_at - reported_at) / 86400)
          FILTER (WHERE closed_at >= $2 AND closed_at < $3 AND status = 'closed'))::float8 AS avg_days
     FROM hazards WHERE station_id = $1 AND ($4::uuid[] IS NULL OR grid_id = ANY($4::uuid[]))`,
    [s.stationId, s.from, s.to, s.withinGrids, today],
  );
  const byCategory = await q.query<{ category: string; n: number }>(
    `SELECT category, count(*)::int AS n FROM hazards
      WHERE station_id = $1 AND reported_at >= $2 AND reported_at < $3 AND ($4::uuid[] IS NULL OR grid_id = ANY($4::uuid[]))
      GROUP BY category`,
    [s.stationId, s.from, s.to, s.withinGrids],
  );
  return {
    ...(r.rows[0] ?? { found: 0, closed: 0, open: 0, overdue: 0, dismissed: 0, avg_days: null }),
    byCategory: byCategory.rows,
  };
}

/** Trainings are station-wide (volunteers of every grid attend them). */
export async function trainingCounts(q: Queryable, s: Scope) {
  const r = await q.query<{ sessions: number; attendances: number; trainees: number }>(
    `SELECT count(DISTINCT x.id)::int AS sessions,
            count(a.person_id) FILTER (WHERE a.attended)::int AS attendances,
            count(DISTINCT a.person_id) FILTER (WHERE a.attended)::int AS trainees
       FROM training_sessions x LEFT JOIN training_attendance a ON a.session_id = x.id
      WHERE x.station_id = $1 AND x.status = 'held' AND x.starts_at >= $2 AND x.starts_at < $3`,
    [s.stationId, s.from, s.to],
  );
  const byTopic = await q.query<{ topic: string; n: number }>(
    `SELECT c.topic, count(*)::int AS n FROM training_sessions x JOIN training_courses c ON c.id = x.course_id
      WHERE x.station_id = $1 AND x.status = 'held' AND x.starts_at >= $2 AND x.starts_at < $3 GROUP BY c.topic`,
    [s.stationId, s.from, s.to],
  );
  const certs = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM volunteer_certificates
      WHERE station_id = $1 AND issued_on >= ($2::timestamptz AT TIME ZONE 'Asia/Shanghai')::date
        AND issued_on < ($3::timestamptz AT TIME ZONE 'Asia/Shanghai')::date`,
    [s.stationId, s.from, s.to],
  );
  return {
    ...(r.rows[0] ?? { sessions: 0, attendances: 0, trainees: 0 }),
    certificates: certs.rows[0]?.n ?? 0,
    byTopic: byTopic.rows,
  };
}

export async function alarmCounts(q: Queryable, s: Scope) {
  const r = await q.query<{ raised: number; with_incident: number }>(
    `SELECT count(*)::int AS raised, count(a.incident_id)::int AS with_incident
       FROM group_alarms a JOIN volunteer_teams t ON t.id = a.team_id
      WHERE a.station_id = $1 AND a.raised_at >= $2 AND a.raised_at < $3 AND ($4::uuid[] IS NULL OR t.grid_id = ANY($4::uuid[]))`,
    [s.stationId, s.from, s.to, s.withinGrids],
  );
  return r.rows[0] ?? { raised: 0, with_incident: 0 };
}

export async function activeVolunteers(q: Queryable, s: Scope): Promise<number> {
  const r = await q.query<{ n: number }>(
    `SELECT count(DISTINCT d.person_id)::int AS n FROM patrol_duties d JOIN patrol_shifts s ON s.id = d.shift_id
       JOIN volunteer_teams t ON t.id = s.team_id
      WHERE d.station_id = $1 AND s.starts_at >= $2 AND s.starts_at < $3 AND ${COUNTED}
        AND ($4::uuid[] IS NULL OR t.grid_id = ANY($4::uuid[]))`,
    [s.stationId, s.from, s.to, s.withinGrids],
  );
  return r.rows[0]?.n ?? 0;
}

export async function merchantGroupsOfPlaces(q: Queryable, stationId: string): Promise<Map<string, number>> {
  const r = await q.query<{ place_id: string; n: number }>(
    `SELECT place_id, count(*)::int AS n FROM volunteer_teams
      WHERE station_id = $1 AND kind = 'merchant_group' AND active AND place_id IS NOT NULL GROUP BY place_id`,
    [stationId],
  );
  return new Map(r.rows.map((x) => [x.place_id, x.n]));
}

/** Computed duty hours of one volunteer over [from, to) (by shift start). */
export async function secondsOfPerson(q: Queryable, personId: string, from: Date, to: Date): Promise<number> {
  const r = await q.query<{ s: number }>(
    `SELECT coalesce(sum(d.counted_seconds), 0)::int AS s FROM patrol_duties d JOIN patrol_shifts s ON s.id = d.shift_id
      WHERE d.person_id = $1 AND s.starts_at >= $2 AND s.starts_at < $3 AND ${COUNTED}`,
    [personId, from, to],
  );
  return r.rows[0]?.s ?? 0;
}
