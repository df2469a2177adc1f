/**
 * Record sets the station leadership counts (see incidents/figures.repository.ts
 * for the shape: id, at, grid_id, person_ids, label, value, dim; $1 the stations (uuid[]),
 * $2 from, $3 to).
 */
export const VOLUNTEER_FIGURE_SOURCES = {
  /** Patrol duties checked out in the period with verified hours (auto or approved); value = hours; grid = the route's. */
  'volunteers.patrol_hours': `SELECT d.id::text AS id, d.check_out_at AS at, r.grid_id, ARRAY[d.person_id] AS person_ids,
      r.name || ' · ' || p.name AS label, (coalesce(d.counted_seconds, 0) / 3600.0)::float8 AS value, s.kind AS dim
    FROM patrol_duties d JOIN patrol_shifts s ON s.id = d.shift_id JOIN patrol_routes r ON r.id = s.route_id
    JOIN persons p ON p.id = d.person_id
    WHERE d.station_id = ANY($1::uuid[]) AND d.status = 'checked_out' AND d.verification IN ('auto', 'approved')
      AND d.check_out_at >= $2::timestamptz AND d.check_out_at < $3::timestamptz`,
  /** Hazards reported in the period; value 1 when rectified or closed since. */
  'volunteers.hazards_reported': `SELECT h.id::text AS id, h.reported_at AS at, h.grid_id,
      CASE WHEN h.reporter_person_id IS NULL THEN '{}'::uuid[] ELSE ARRAY[h.reporter_person_id] END AS person_ids,
      h.number || ' ' || h.title AS label, CASE WHEN h.status IN ('rectified', 'closed') THEN 1 ELSE 0 END::float8 AS value,
      h.category AS dim
    FROM hazards h
    WHERE h.station_id = ANY($1::uuid[]) AND h.reported_at >= $2::timestamptz AND h.reported_at < $3::timestamptz`,
  /** Hazards closed in the period. */
  'volunteers.hazards_closed': `SELECT h.id::text AS id, h.closed_at AS at, h.grid_id, '{}'::uuid[] AS person_ids,
      h.number || ' ' || h.title AS label, 1::float8 AS value, h.category AS dim
    FROM hazards h
    WHERE h.station_id = ANY($1::uuid[]) AND h.status = 'closed' AND h.closed_at >= $2::timestamptz AND h.closed_at < $3::timestamptz`,
  /** Hazards still not rectified whose due day had passed at $3. */
  'volunteers.hazards_overdue': `SELECT h.id::text AS id, h.reported_at AS at, h.grid_id, '{}'::uuid[] AS person_ids,
      h.number || ' ' || h.title AS label,
      (($3::timestamptz AT TIME ZONE 'Asia/Shanghai')::date - h.due_on)::float8 AS value, h.category AS dim
    FROM hazards h
    WHERE h.station_id = ANY($1::uuid[]) AND h.status IN ('reported', 'assigned') AND h.due_on < ($3::timestamptz AT TIME ZONE 'Asia/Shanghai')::date
      AND h.reported_at >= $2::timestamptz - interval '10 years'`,
  /** Open patrol shifts starting in the period with fewer volunteers than places; value = volunteers signed up. */
  'volunteers.shifts_understaffed': `SELECT s.id::text AS id, s.starts_at AS at, r.grid_id, '{}'::uuid[] AS person_ids,
      r.name || ' · ' || t.name AS label, count(d.id) FILTER (WHERE d.status <> 'released')::float8 AS value,
      s.capacity::text AS dim
    FROM patrol_shifts s JOIN patrol_routes r ON r.id = s.route_id JOIN volunteer_teams t ON t.id = s.team_id
    LEFT JOIN patrol_duties d ON d.shift_id = s.id
    WHERE s.station_id = ANY($1::uuid[]) AND s.status = 'open' AND s.starts_at >= $2::timestamptz AND s.starts_at < $3::timestamptz
    GROUP BY s.id, r.grid_id, r.name, t.name
    HAVING count(d.id) FILTER (WHERE d.status <> 'released') < s.capacity`,
} as const;
