/**
 * Record sets of the camera network and traffic safety, in the shape every
 * record set has (see incidents/figures.repository.ts: id, at, grid_id,
 * person_ids, label, value, dim; $1 the stations (uuid[]), $2 from, $3 to). They live
 * here, read-only over those modules' tables, so leadership needs no change
 * in modules other engineers own; the indexes they read by period are in
 * leadership's migration 20261128T2355_leadership_rollups.sql.
 */

/**
 * A camera-detected violation's decision. A violation handed to the traffic
 * review queue (traffic_violations with source 'camera' and source_ref
 * 'camera-event:<event id>') is decided there, and that decision wins; one
 * reviewed only in the camera queue keeps its own. Either way the set has
 * one row per camera event, so a violation is counted once.
 */
const CAMERA_DECISION = `coalesce(nullif(v.status, 'pending'), e.review_status)`;
const CAMERA_VIOLATIONS = `FROM camera_events e JOIN cameras c ON c.id = e.camera_id JOIN camera_rules r ON r.id = e.rule_id
    LEFT JOIN traffic_violations v ON v.source = 'camera' AND v.source_ref = 'camera-event:' || e.id::text
    WHERE e.station_id = ANY($1::uuid[]) AND e.violation AND e.occurred_at >= $2::timestamptz AND e.occurred_at < $3::timestamptz`;
const CAMERA_LABEL = `c.code || ' ' || c.name || ' · ' || r.name`;

export const CAMERA_FIGURE_SOURCES = {
  /** Events the cameras raised in the period (every rule); value 1 when the rule marks a violation; dim = event kind. */
  'cameras.events': `SELECT e.id::text AS id, e.occurred_at AS at, c.grid_id, '{}'::uuid[] AS person_ids,
      ${CAMERA_LABEL} AS label, CASE WHEN e.violation THEN 1 ELSE 0 END::float8 AS value, e.kind AS dim
    FROM camera_events e JOIN cameras c ON c.id = e.camera_id JOIN camera_rules r ON r.id = e.rule_id
    WHERE e.station_id = ANY($1::uuid[]) AND e.occurred_at >= $2::timestamptz AND e.occurred_at < $3::timestamptz`,
  /** Violations detected in the period and confirmed on review (in either queue); dim = event kind. */
  'cameras.violations_confirmed': `SELECT e.id::text AS id, e.occurred_at AS at, c.grid_id, '{}'::uuid[] AS person_ids,
      ${CAMERA_LABEL} AS label, 1::float8 AS value, e.kind AS dim
    ${CAMERA_VIOLATIONS} AND ${CAMERA_DECISION} = 'confirmed'`,
  /** Violations detected in the period and decided; value 1 when rejected (a false alarm); dim = the decision. */
  'cameras.violations_reviewed': `SELECT e.id::text AS id, e.occurred_at AS at, c.grid_id, '{}'::uuid[] AS person_ids,
      ${CAMERA_LABEL} AS label, CASE WHEN ${CAMERA_DECISION} = 'rejected' THEN 1 ELSE 0 END::float8 AS value,
      ${CAMERA_DECISION} AS dim
    ${CAMERA_VIOLATIONS} AND ${CAMERA_DECISION} IN ('confirmed', 'rejected')`,
} as const;

export const TRAFFIC_FIGURE_SOURCES = {
  /** Violations confirmed on review in the period (patrol entries and camera detections); dim = where it came from. */
  'traffic.violations_confirmed': `SELECT v.id::text AS id, v.reviewed_at AS at, v.grid_id, '{}'::uuid[] AS person_ids,
      v.number || ' ' || v.act AS label, 1::float8 AS value, v.source AS dim
    FROM traffic_violations v
    WHERE v.station_id = ANY($1::uuid[]) AND v.status = 'confirmed' AND v.reviewed_at >= $2::timestamptz AND v.reviewed_at < $3::timestamptz`,
  /** Violations decided in the period; value 1 when decided by the review deadline (5 days); dim = the decision. */
  'traffic.violations_reviewed': `SELECT v.id::text AS id, v.reviewed_at AS at, v.grid_id, '{}'::uuid[] AS person_ids,
      v.number || ' ' || v.act AS label, CASE WHEN v.reviewed_at <= v.due_at THEN 1 ELSE 0 END::float8 AS value,
      v.status AS dim
    FROM traffic_violations v
    WHERE v.station_id = ANY($1::uuid[]) AND v.status IN ('confirmed', 'rejected')
      AND v.reviewed_at >= $2::timestamptz AND v.reviewed_at < $3::timestamptz`,
  /** Quick-handling (快处快赔) cases opened in the period; value 1 once documented; dim = status. */
  'traffic.accidents': `SELECT a.id::text AS id, a.created_at AS at, a.grid_id, '{}'::uuid[] AS person_ids,
      a.number || ' ' || a.address AS label, CASE WHEN a.document_at IS NULL THEN 0 ELSE 1 END::float8 AS value,
      a.status AS dim
    FROM traffic_accident_cases a
    WHERE a.station_id = ANY($1::uuid[]) AND a.created_at >= $2::timestamptz AND a.created_at < $3::timestamptz`,
  /** Cases whose agreement or determination was issued in the period; value = minutes from opening; dim = document kind. */
  'traffic.accidents_documented': `SELECT a.id::text AS id, a.document_at AS at, a.grid_id, '{}'::uuid[] AS person_ids,
      a.number || ' ' || a.address AS label,
      (extract(epoch FROM a.document_at - a.created_at) / 60.0)::float8 AS value, a.document_kind AS dim
    FROM traffic_accident_cases a
    WHERE a.station_id = ANY($1::uuid[]) AND a.document_at >= $2::timestamptz AND a.document_at < $3::timestamptz`,
  /** Fog warnings issued in the period; value = the lowest visibility (m); dim = grade. */
  'traffic.fog_warnings': `SELECT w.id::text AS id, w.issued_at AS at, NULL::uuid AS grid_id, '{}'::uuid[] AS person_ids,
      w.road_name AS label, w.min_visibility_m::float8 AS value, w.grade AS dim
    FROM fog_warnings w
    WHERE w.station_id = ANY($1::uuid[]) AND w.issued_at >= $2::timestamptz AND w.issued_at < $3::timestamptz`,
} as const;
