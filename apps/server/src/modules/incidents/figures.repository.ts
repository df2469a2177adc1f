/**
 * Record sets the station leadership's dashboards and scorecards count,
 * owned here because they read the command room's tables. Every set has
 * the same columns — id, at, grid_id, person_ids, label, value, dim — and
 * the parameters $1 the stations (uuid[]), $2 from, $3 to (timestamptz). Sets that are a
 * state "as of" $3 (open overdue orders) still reference $2 so both
 * engines can type it.
 */
export const INCIDENT_FIGURE_SOURCES = {
  /** Incidents reported in the period (duplicates of another incident left out). */
  'incidents.received': `SELECT i.id::text AS id, i.reported_at AS at, i.grid_id,
      CASE WHEN i.responsible_person_id IS NULL THEN '{}'::uuid[] ELSE ARRAY[i.responsible_person_id] END AS person_ids,
      i.number || ' ' || i.summary AS label, 1::float8 AS value, i.category_code AS dim
    FROM incidents i
    WHERE i.station_id = ANY($1::uuid[]) AND i.reported_at >= $2::timestamptz AND i.reported_at < $3::timestamptz AND i.duplicate_of IS NULL`,
  /** Theft and burglary reported in grids that hold a business district (商圈). */
  'incidents.theft_business': `SELECT i.id::text AS id, i.reported_at AS at, i.grid_id,
      '{}'::uuid[] AS person_ids, i.number || ' ' || i.summary AS label, 1::float8 AS value, i.category_code AS dim
    FROM incidents i
    WHERE i.station_id = ANY($1::uuid[]) AND i.reported_at >= $2::timestamptz AND i.reported_at < $3::timestamptz
      AND i.duplicate_of IS NULL AND i.category_code IN ('criminal.theft', 'criminal.burglary')
      AND i.grid_id IN (SELECT p.grid_id FROM places p WHERE p.station_id = ANY($1::uuid[]) AND p.kind = 'business_district' AND p.grid_id IS NOT NULL)`,
  /** Early-warning alerts raised in the period. */
  'alerts.early_warning': `SELECT a.id::text AS id, a.created_at AS at, a.grid_id, '{}'::uuid[] AS person_ids,
      a.title AS label, 1::float8 AS value, a.severity AS dim
    FROM command_alerts a
    WHERE a.station_id = ANY($1::uuid[]) AND a.kind = 'early_warning' AND a.created_at >= $2::timestamptz AND a.created_at < $3::timestamptz`,
  /** Command-room alerts still open at $3 (every kind), for the wall display. */
  'alerts.open': `SELECT a.id::text AS id, a.created_at AS at, a.grid_id, '{}'::uuid[] AS person_ids,
      a.title AS label, NULL::float8 AS value, a.severity AS dim
    FROM command_alerts a
    WHERE a.station_id = ANY($1::uuid[]) AND a.status = 'open' AND a.created_at < $3::timestamptz
      AND a.created_at >= $2::timestamptz - interval '10 years'`,
  /**
   * Dispatch orders resolved in the period; value 1 when resolved within the
   * resolve deadline (orders without one count as on time). Orders to a unit
   * count for its leader.
   */
  'orders.resolved': `SELECT o.id::text AS id, o.resolved_at AS at, i.grid_id,
      CASE WHEN o.assignee_person_id IS NOT NULL THEN ARRAY[o.assignee_person_id]
           WHEN u.leader_person_id IS NOT NULL THEN ARRAY[u.leader_person_id] ELSE '{}'::uuid[] END AS person_ids,
      i.number || ' ' || i.summary AS label,
      CASE WHEN o.resolve_due_at IS NULL OR o.resolved_at <= o.resolve_due_at THEN 1 ELSE 0 END::float8 AS value,
      o.priority AS dim
    FROM dispatch_orders o JOIN incidents i ON i.id = o.incident_id
    LEFT JOIN response_units u ON u.id = o.assignee_unit_id
    WHERE o.station_id = ANY($1::uuid[]) AND o.resolved_at >= $2::timestamptz AND o.resolved_at < $3::timestamptz`,
  /** Orders still open whose resolve deadline had passed at $3. */
  'orders.overdue_open': `SELECT o.id::text AS id, o.resolve_due_at AS at, i.grid_id,
      CASE WHEN o.assignee_person_id IS NOT NULL THEN ARRAY[o.assignee_person_id]
           WHEN u.leader_person_id IS NOT NULL THEN ARRAY[u.leader_person_id] ELSE '{}'::uuid[] END AS person_ids,
      i.number || ' ' || i.summary AS label,
      (extract(epoch FROM $3::timestamptz - o.resolve_due_at) / 3600.0)::float8 AS value, o.priority AS dim
    FROM dispatch_orders o JOIN incidents i ON i.id = o.incident_id
    LEFT JOIN response_units u ON u.id = o.assignee_unit_id
    WHERE o.station_id = ANY($1::uuid[]) AND o.status IN ('issued', 'acknowledged', 'en_route', 'on_scene')
      AND o.resolve_due_at < $3::timestamptz AND o.issued_at >= $2::timestamptz - interval '10 years'`,
} as const;
