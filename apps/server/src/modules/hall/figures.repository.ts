/**
 * Record sets the station leadership counts (see incidents/figures.repository.ts
 * for the shape: id, at, grid_id, person_ids, label, value, dim; $1 the stations (uuid[]),
 * $2 from, $3 to). Dates kept as days are compared as China days.
 */
const DAY_FROM = `($2::timestamptz AT TIME ZONE 'Asia/Shanghai')::date`;
const DAY_TO = `($3::timestamptz AT TIME ZONE 'Asia/Shanghai')::date`;

export const HALL_FIGURE_SOURCES = {
  /** Hall tickets served to the end in the period; value = minutes waited from queueing to the first call. */
  'hall.tickets': `SELECT t.id::text AS id, t.finished_at AS at, NULL::uuid AS grid_id, '{}'::uuid[] AS person_ids,
      t.number || ' ' || s.name_zh AS label,
      (extract(epoch FROM coalesce(t.called_at, t.started_at, t.finished_at) - t.queued_at) / 60.0)::float8 AS value,
      t.kind AS dim
    FROM hall_tickets t JOIN hall_services s ON s.id = t.service_id
    WHERE t.station_id = ANY($1::uuid[]) AND t.status = 'finished' AND t.finished_at >= $2::timestamptz AND t.finished_at < $3::timestamptz`,
  /** Online applications decided in the period; value 1 when decided by their due day. */
  'hall.applications': `SELECT a.id::text AS id, a.decided_at AS at, NULL::uuid AS grid_id, '{}'::uuid[] AS person_ids,
      a.number || ' ' || s.name_zh AS label,
      CASE WHEN (a.decided_at AT TIME ZONE 'Asia/Shanghai')::date <= a.due_day THEN 1 ELSE 0 END::float8 AS value,
      a.status AS dim
    FROM hall_applications a JOIN hall_services s ON s.id = a.service_id
    WHERE a.station_id = ANY($1::uuid[]) AND a.decided_at >= $2::timestamptz AND a.decided_at < $3::timestamptz`,
  /** Home visits (上门服务) done in the period. */
  'hall.home_visits': `SELECT h.id::text AS id, h.done_at AS at, h.grid_id,
      CASE WHEN h.officer_person_id IS NULL THEN '{}'::uuid[] ELSE ARRAY[h.officer_person_id] END AS person_ids,
      h.number || ' ' || h.address AS label, 1::float8 AS value, h.reason AS dim
    FROM hall_home_visits h
    WHERE h.station_id = ANY($1::uuid[]) AND h.status = 'done' AND h.done_at >= $2::timestamptz AND h.done_at < $3::timestamptz`,
  /** Enterprise visits on days of the period; value = issues found. */
  'hall.enterprise_visits': `SELECT v.id::text AS id, (v.visited_on::timestamp AT TIME ZONE 'Asia/Shanghai') AS at, v.grid_id,
      v.officer_person_ids AS person_ids, v.enterprise_name || ' · ' || v.purpose AS label,
      v.issue_count::float8 AS value, NULL::text AS dim
    FROM hall_enterprise_visits v
    WHERE v.station_id = ANY($1::uuid[]) AND v.visited_on >= ${DAY_FROM} AND v.visited_on < ${DAY_TO}`,
  /** Safety trainings for enterprises held on days of the period; value = attendees. */
  'hall.trainings': `SELECT t.id::text AS id, (t.held_on::timestamp AT TIME ZONE 'Asia/Shanghai') AS at, NULL::uuid AS grid_id,
      '{}'::uuid[] AS person_ids, t.topic AS label, t.attendees::float8 AS value, NULL::text AS dim
    FROM hall_enterprise_trainings t
    WHERE t.station_id = ANY($1::uuid[]) AND t.held_on >= ${DAY_FROM} AND t.held_on < ${DAY_TO}`,
  /** Suggestions collected in the period; value 1 when acted on (accepted, in progress or done). */
  'hall.suggestions': `SELECT s.id::text AS id, s.created_at AS at, NULL::uuid AS grid_id, '{}'::uuid[] AS person_ids,
      s.number || ' ' || left(s.content, 60) AS label,
      CASE WHEN s.status IN ('accepted', 'in_progress', 'done') THEN 1 ELSE 0 END::float8 AS value, s.channel AS dim
    FROM hall_suggestions s
    WHERE s.station_id = ANY($1::uuid[]) AND s.created_at >= $2::timestamptz AND s.created_at < $3::timestamptz`,
} as const;
