-- Retention: personal data past its purpose is anonymised on schedule
-- (docs/privacy-retention.md). Each anonymised record carries the time it
-- was anonymised, so a sweep never touches it twice; statistics columns stay.

CREATE TABLE retention_state (
  policy_id text PRIMARY KEY,
  last_run_at timestamptz NOT NULL,
  last_cutoff timestamptz NOT NULL,
  last_rows integer NOT NULL DEFAULT 0,
  last_files integer NOT NULL DEFAULT 0,
  total_rows bigint NOT NULL DEFAULT 0,
  total_files bigint NOT NULL DEFAULT 0,
  last_change_at timestamptz
);

ALTER TABLE incidents ADD COLUMN anonymised_at timestamptz;
CREATE INDEX incidents_retention_idx ON incidents (closed_at) WHERE anonymised_at IS NULL AND closed_at IS NOT NULL;

ALTER TABLE disputes ADD COLUMN anonymised_at timestamptz;
CREATE INDEX disputes_retention_idx ON disputes (coalesce(closed_at, resolved_at))
  WHERE anonymised_at IS NULL AND status <> 'open';

ALTER TABLE hall_appointments ADD COLUMN anonymised_at timestamptz;
CREATE INDEX hall_appointments_retention_idx ON hall_appointments (ends_at) WHERE anonymised_at IS NULL;
ALTER TABLE hall_tickets ADD COLUMN anonymised_at timestamptz;
CREATE INDEX hall_tickets_retention_idx ON hall_tickets (ticketed_at) WHERE anonymised_at IS NULL;
ALTER TABLE hall_applications ADD COLUMN anonymised_at timestamptz;
-- An anonymised application keeps no identifier at all, not even ciphertext.
ALTER TABLE hall_applications ALTER COLUMN id_number_enc DROP NOT NULL;
ALTER TABLE hall_applications ALTER COLUMN id_number_bidx DROP NOT NULL;
CREATE INDEX hall_applications_retention_idx ON hall_applications (coalesce(decided_at, updated_at)) WHERE anonymised_at IS NULL;
ALTER TABLE hall_home_visits ADD COLUMN anonymised_at timestamptz;
ALTER TABLE hall_home_visits ALTER COLUMN phone_enc DROP NOT NULL;
ALTER TABLE hall_home_visits ALTER COLUMN phone_bidx DROP NOT NULL;
ALTER TABLE hall_suggestions ADD COLUMN anonymised_at timestamptz;

ALTER TABLE citizens ADD COLUMN anonymised_at timestamptz;
ALTER TABLE citizens ALTER COLUMN phone_enc DROP NOT NULL;
CREATE INDEX citizens_retention_idx ON citizens (coalesce(last_sign_in_at, created_at)) WHERE anonymised_at IS NULL;

ALTER TABLE patrol_duties ADD COLUMN track_removed_at timestamptz;
CREATE INDEX patrol_duties_retention_idx ON patrol_duties (claimed_at) WHERE track_removed_at IS NULL;
ALTER TABLE volunteer_profiles ADD COLUMN anonymised_at timestamptz;

ALTER TABLE traffic_accident_cases ADD COLUMN anonymised_at timestamptz;
CREATE INDEX traffic_accident_cases_retention_idx ON traffic_accident_cases (coalesce(document_at, updated_at)) WHERE anonymised_at IS NULL;
