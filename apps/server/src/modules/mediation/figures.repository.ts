/**
 * Record sets the station leadership counts (see incidents/figures.repository.ts
 * for the shape: id, at, grid_id, person_ids, label, value, dim; $1 the stations (uuid[]),
 * $2 from, $3 to).
 */
export const MEDIATION_FIGURE_SOURCES = {
  /** Disputes decided in the period (success, partial, failed; withdrawn apart); value 1 on success; dim = level reached. */
  'disputes.decided': `SELECT d.id::text AS id, d.resolved_at AS at, d.grid_id,
      CASE WHEN d.responsible_person_id IS NULL THEN '{}'::uuid[] ELSE ARRAY[d.responsible_person_id] END AS person_ids,
      d.number || ' ' || d.summary AS label, CASE WHEN d.outcome = 'success' THEN 1 ELSE 0 END::float8 AS value,
      d.level::text AS dim
    FROM disputes d
    WHERE d.station_id = ANY($1::uuid[]) AND d.outcome IN ('success', 'partial', 'failed')
      AND d.resolved_at >= $2::timestamptz AND d.resolved_at < $3::timestamptz`,
  /** The same disputes; value 1 when resolved successfully at the grassroots (levels 1–2, standard track). */
  'disputes.grassroots': `SELECT d.id::text AS id, d.resolved_at AS at, d.grid_id,
      CASE WHEN d.responsible_person_id IS NULL THEN '{}'::uuid[] ELSE ARRAY[d.responsible_person_id] END AS person_ids,
      d.number || ' ' || d.summary AS label,
      CASE WHEN d.outcome = 'success' AND d.track = 'standard' AND d.level <= 2 THEN 1 ELSE 0 END::float8 AS value,
      d.level::text AS dim
    FROM disputes d
    WHERE d.station_id = ANY($1::uuid[]) AND d.outcome IN ('success', 'partial', 'failed')
      AND d.resolved_at >= $2::timestamptz AND d.resolved_at < $3::timestamptz`,
  /** Follow-up visits done in the period; value 1 when the parties were found stable. */
  'disputes.followups': `SELECT f.id::text AS id, f.done_at AS at, d.grid_id,
      CASE WHEN d.responsible_person_id IS NULL THEN '{}'::uuid[] ELSE ARRAY[d.responsible_person_id] END AS person_ids,
      d.number || ' 回访#' || f.seq || ' ' || d.summary AS label,
      CASE WHEN f.result = 'stable' THEN 1 ELSE 0 END::float8 AS value, f.result AS dim
    FROM followup_visits f JOIN disputes d ON d.id = f.dispute_id
    WHERE d.station_id = ANY($1::uuid[]) AND f.status = 'done' AND f.done_at >= $2::timestamptz AND f.done_at < $3::timestamptz`,
  /** Open disputes at red risk or at level 3, registered by $3. */
  'disputes.high_risk_open': `SELECT d.id::text AS id, d.registered_at AS at, d.grid_id,
      CASE WHEN d.responsible_person_id IS NULL THEN '{}'::uuid[] ELSE ARRAY[d.responsible_person_id] END AS person_ids,
      d.number || ' ' || d.summary AS label, d.level::float8 AS value, d.risk AS dim
    FROM disputes d
    WHERE d.station_id = ANY($1::uuid[]) AND d.status = 'open' AND (d.risk = 'red' OR d.level = 3)
      AND d.registered_at < $3::timestamptz AND d.registered_at >= $2::timestamptz - interval '10 years'`,
} as const;
