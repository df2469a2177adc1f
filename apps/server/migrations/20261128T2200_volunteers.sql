-- Volunteer police and joint defence (义警): the roster with vetting,
-- teams (community patrol teams, merchants' ten-household joint-defence
-- groups, school guard posts), training and certificates, patrol routes with
-- checkpoints, shifts and duties with proof of presence (check-in/out, GPS
-- track, checkpoint passes, photos) and hours computed from that evidence,
-- merchant one-tap alarms, hazards through to rectification, recognition
-- points, notifications, and idempotency keys for the phones' offline queue.

-- ---------------------------------------------------------------- roster
-- One row per volunteer (a person of kind 'volunteer').
CREATE TABLE volunteer_profiles (
  person_id uuid PRIMARY KEY REFERENCES persons(id),
  station_id uuid NOT NULL REFERENCES stations(id),
  status text NOT NULL CHECK (status IN ('applied', 'vetting', 'approved', 'suspended', 'exited', 'rejected')),
  skills text[] NOT NULL DEFAULT '{}',
  -- Weekly availability: [{ weekday 1-7, from 'HH:MM', to 'HH:MM' }].
  availability jsonb NOT NULL DEFAULT '[]',
  party_member boolean NOT NULL DEFAULT false,
  party_branch text,
  applied_at timestamptz NOT NULL,
  approved_at timestamptz,
  status_changed_at timestamptz NOT NULL,
  status_reason text,
  created_by uuid,
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX volunteer_profiles_station_idx ON volunteer_profiles (station_id, status);

-- Vetting records: identity check, criminal-record check (result recorded, not the record), interview.
CREATE TABLE volunteer_vetting (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Recording order (two checks may carry the same time).
  seq bigserial NOT NULL,
  person_id uuid NOT NULL REFERENCES volunteer_profiles(person_id),
  check_kind text NOT NULL CHECK (check_kind IN ('identity', 'record_check', 'interview')),
  result text NOT NULL CHECK (result IN ('pass', 'fail')),
  note text NOT NULL DEFAULT '',
  checked_by uuid,
  checked_by_name text,
  checked_at timestamptz NOT NULL
);
CREATE INDEX volunteer_vetting_person_idx ON volunteer_vetting (person_id, seq);

-- Every status change, with its reason (the roster's history).
CREATE TABLE volunteer_status_events (
  id bigserial PRIMARY KEY,
  person_id uuid NOT NULL REFERENCES volunteer_profiles(person_id),
  from_status text,
  to_status text NOT NULL,
  reason text,
  actor_id uuid,
  actor_name text,
  at timestamptz NOT NULL
);
CREATE INDEX volunteer_status_events_person_idx ON volunteer_status_events (person_id, at);

-- ---------------------------------------------------------------- teams
CREATE TABLE volunteer_teams (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  station_id uuid NOT NULL REFERENCES stations(id),
  kind text NOT NULL CHECK (kind IN ('patrol', 'merchant_group', 'school_post')),
  name text NOT NULL,
  grid_id uuid REFERENCES grids(id),
  -- The business district of a merchant group, the school of a guard post.
  place_id uuid REFERENCES places(id),
  leader_person_id uuid REFERENCES persons(id),
  -- School posts: { gateName, windows: [{from, to}] }; merchant groups: { nightWindow: {from, to} }.
  settings jsonb NOT NULL DEFAULT '{}',
  active boolean NOT NULL DEFAULT true,
  demo_key text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1,
  CHECK (kind = 'patrol' OR place_id IS NOT NULL)
);
CREATE INDEX volunteer_teams_station_idx ON volunteer_teams (station_id, kind);
CREATE INDEX volunteer_teams_grid_idx ON volunteer_teams (grid_id);
CREATE INDEX volunteer_teams_leader_idx ON volunteer_teams (leader_person_id);

CREATE TABLE volunteer_team_members (
  team_id uuid NOT NULL REFERENCES volunteer_teams(id),
  person_id uuid NOT NULL REFERENCES volunteer_profiles(person_id),
  joined_at timestamptz NOT NULL,
  left_at timestamptz,
  PRIMARY KEY (team_id, person_id)
);
CREATE INDEX volunteer_team_members_person_idx ON volunteer_team_members (person_id) WHERE left_at IS NULL;

-- The ten households of a merchants' joint-defence group, with their shops.
CREATE TABLE joint_defence_shops (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  team_id uuid NOT NULL REFERENCES volunteer_teams(id),
  seq smallint NOT NULL CHECK (seq BETWEEN 1 AND 10),
  name text NOT NULL,
  owner_name text NOT NULL,
  owner_person_id uuid REFERENCES persons(id),
  address text NOT NULL DEFAULT '',
  lng double precision,
  lat double precision,
  UNIQUE (team_id, seq)
);

-- ---------------------------------------------------------------- training
CREATE TABLE training_courses (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  station_id uuid NOT NULL REFERENCES stations(id),
  code text NOT NULL,
  topic text NOT NULL CHECK (topic IN ('law', 'safety', 'emergency', 'first_aid')),
  name text NOT NULL,
  hours numeric(5, 1) NOT NULL CHECK (hours > 0),
  -- Months a certificate of this course stays valid; null: the course gives no certificate.
  certificate_months integer CHECK (certificate_months IS NULL OR certificate_months BETWEEN 1 AND 120),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL,
  UNIQUE (station_id, code)
);

CREATE TABLE training_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  station_id uuid NOT NULL REFERENCES stations(id),
  course_id uuid NOT NULL REFERENCES training_courses(id),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  place text NOT NULL DEFAULT '',
  trainer text NOT NULL DEFAULT '',
  capacity integer NOT NULL CHECK (capacity BETWEEN 1 AND 1000),
  status text NOT NULL CHECK (status IN ('scheduled', 'held', 'cancelled')),
  created_by uuid,
  created_at timestamptz NOT NULL,
  CHECK (ends_at > starts_at)
);
CREATE INDEX training_sessions_station_idx ON training_sessions (station_id, starts_at);

CREATE TABLE training_attendance (
  session_id uuid NOT NULL REFERENCES training_sessions(id),
  person_id uuid NOT NULL REFERENCES volunteer_profiles(person_id),
  attended boolean NOT NULL,
  passed boolean,
  recorded_at timestamptz NOT NULL,
  recorded_by uuid,
  PRIMARY KEY (session_id, person_id)
);
CREATE INDEX training_attendance_person_idx ON training_attendance (person_id);

CREATE SEQUENCE certificate_number_seq;
CREATE TABLE volunteer_certificates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  station_id uuid NOT NULL REFERENCES stations(id),
  number text NOT NULL UNIQUE,
  person_id uuid NOT NULL REFERENCES volunteer_profiles(person_id),
  course_id uuid NOT NULL REFERENCES training_courses(id),
  session_id uuid REFERENCES training_sessions(id),
  issued_on date NOT NULL,
  expires_on date,
  revoked_at timestamptz,
  revoked_reason text,
  created_at timestamptz NOT NULL,
  CHECK (expires_on IS NULL OR expires_on > issued_on)
);
CREATE INDEX volunteer_certificates_person_idx ON volunteer_certificates (person_id, course_id);
CREATE UNIQUE INDEX volunteer_certificates_session_idx ON volunteer_certificates (session_id, person_id)
  WHERE session_id IS NOT NULL;

-- ---------------------------------------------------------------- patrols
CREATE TABLE patrol_routes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  station_id uuid NOT NULL REFERENCES stations(id),
  team_id uuid REFERENCES volunteer_teams(id),
  grid_id uuid REFERENCES grids(id),
  name text NOT NULL,
  -- The patrol line as [[lng, lat], ...] (WGS-84); empty for a fixed post.
  path jsonb NOT NULL DEFAULT '[]',
  corridor_m integer NOT NULL CHECK (corridor_m BETWEEN 20 AND 2000),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX patrol_routes_station_idx ON patrol_routes (station_id);
CREATE INDEX patrol_routes_team_idx ON patrol_routes (team_id);

CREATE TABLE patrol_checkpoints (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  route_id uuid NOT NULL REFERENCES patrol_routes(id),
  seq smallint NOT NULL,
  name text NOT NULL,
  lng double precision NOT NULL,
  lat double precision NOT NULL,
  radius_m integer NOT NULL CHECK (radius_m BETWEEN 10 AND 500),
  -- The token printed as a QR code at the checkpoint; scanning it proves presence.
  qr_token text UNIQUE,
  place_id uuid REFERENCES places(id),
  UNIQUE (route_id, seq)
);
CREATE INDEX patrol_checkpoints_place_idx ON patrol_checkpoints (place_id) WHERE place_id IS NOT NULL;

CREATE TABLE patrol_shifts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  station_id uuid NOT NULL REFERENCES stations(id),
  team_id uuid NOT NULL REFERENCES volunteer_teams(id),
  route_id uuid NOT NULL REFERENCES patrol_routes(id),
  kind text NOT NULL CHECK (kind IN ('patrol', 'night_patrol', 'school_post')),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  capacity integer NOT NULL CHECK (capacity BETWEEN 1 AND 50),
  required_course_id uuid REFERENCES training_courses(id),
  note text NOT NULL DEFAULT '',
  status text NOT NULL CHECK (status IN ('open', 'cancelled')),
  cancel_reason text,
  created_by uuid,
  created_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1,
  CHECK (ends_at > starts_at AND ends_at - starts_at <= interval '24 hours')
);
-- A rota generated twice does not double its shifts.
CREATE UNIQUE INDEX patrol_shifts_slot_idx ON patrol_shifts (team_id, route_id, starts_at) WHERE status = 'open';
CREATE INDEX patrol_shifts_station_idx ON patrol_shifts (station_id, starts_at);
CREATE INDEX patrol_shifts_team_idx ON patrol_shifts (team_id, starts_at);

-- A volunteer on a shift (a duty): claim, check-in and check-out with
-- positions, and the hours computed from the evidence.
CREATE TABLE patrol_duties (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  station_id uuid NOT NULL REFERENCES stations(id),
  shift_id uuid NOT NULL REFERENCES patrol_shifts(id),
  person_id uuid NOT NULL REFERENCES volunteer_profiles(person_id),
  status text NOT NULL CHECK (status IN ('claimed', 'checked_in', 'checked_out', 'released')),
  claimed_at timestamptz NOT NULL,
  released_at timestamptz,
  release_reason text,
  check_in_at timestamptz,
  check_in_received_at timestamptz,
  check_in_lng double precision,
  check_in_lat double precision,
  check_in_accuracy_m double precision,
  check_in_distance_m double precision,
  check_out_at timestamptz,
  check_out_received_at timestamptz,
  check_out_lng double precision,
  check_out_lat double precision,
  check_out_accuracy_m double precision,
  -- far_check_in: checked in beyond the route corridor (confirmed by the volunteer); no_checkout: closed by the timer.
  flags text[] NOT NULL DEFAULT '{}',
  served_count integer CHECK (served_count IS NULL OR served_count BETWEEN 0 AND 5000),
  counted_seconds integer,
  hours_detail jsonb,
  computed_at timestamptz,
  -- null: not checked out yet; auto: verified at check-out; pending: awaits an officer; approved / rejected by one.
  verification text CHECK (verification IN ('auto', 'pending', 'approved', 'rejected')),
  reviewed_by uuid,
  reviewed_at timestamptz,
  review_note text,
  version integer NOT NULL DEFAULT 1
);
-- One live duty per volunteer and shift (a released one may be claimed again).
CREATE UNIQUE INDEX patrol_duties_live_idx ON patrol_duties (shift_id, person_id) WHERE status <> 'released';
CREATE INDEX patrol_duties_shift_idx ON patrol_duties (shift_id) INCLUDE (status, person_id);
CREATE INDEX patrol_duties_person_idx ON patrol_duties (person_id, claimed_at DESC);
CREATE INDEX patrol_duties_review_idx ON patrol_duties (station_id) WHERE verification = 'pending';

-- The GPS track of a duty: device time, position; a replayed batch inserts nothing twice.
CREATE TABLE patrol_points (
  duty_id uuid NOT NULL REFERENCES patrol_duties(id),
  recorded_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  lng double precision NOT NULL,
  lat double precision NOT NULL,
  accuracy_m double precision,
  PRIMARY KEY (duty_id, recorded_at)
);

CREATE TABLE checkpoint_passes (
  duty_id uuid NOT NULL REFERENCES patrol_duties(id),
  checkpoint_id uuid NOT NULL REFERENCES patrol_checkpoints(id),
  passed_at timestamptz NOT NULL,
  method text NOT NULL CHECK (method IN ('proximity', 'qr')),
  lng double precision,
  lat double precision,
  distance_m double precision,
  PRIMARY KEY (duty_id, checkpoint_id)
);
CREATE INDEX checkpoint_passes_checkpoint_idx ON checkpoint_passes (checkpoint_id, passed_at DESC);

CREATE TABLE duty_photos (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  duty_id uuid NOT NULL REFERENCES patrol_duties(id),
  checkpoint_id uuid REFERENCES patrol_checkpoints(id),
  file_id uuid NOT NULL REFERENCES files(id),
  taken_at timestamptz,
  created_at timestamptz NOT NULL
);
CREATE INDEX duty_photos_duty_idx ON duty_photos (duty_id);

-- ---------------------------------------------------------------- alarms
-- A merchant group's one-tap alarm: notifies the group live and creates a command-room incident.
CREATE TABLE group_alarms (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  station_id uuid NOT NULL REFERENCES stations(id),
  team_id uuid NOT NULL REFERENCES volunteer_teams(id),
  person_id uuid NOT NULL REFERENCES persons(id),
  user_id uuid,
  client_id text NOT NULL,
  raised_at timestamptz NOT NULL,
  lng double precision,
  lat double precision,
  note text NOT NULL DEFAULT '',
  incident_id uuid REFERENCES incidents(id),
  created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX group_alarms_client_idx ON group_alarms (person_id, client_id);
CREATE INDEX group_alarms_station_idx ON group_alarms (station_id, raised_at DESC);

-- ---------------------------------------------------------------- hazards
CREATE SEQUENCE hazard_number_seq;
CREATE TABLE hazards (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  station_id uuid NOT NULL REFERENCES stations(id),
  number text NOT NULL UNIQUE,
  category text NOT NULL CHECK (category IN ('fire', 'electrical', 'traffic', 'public_order', 'building', 'other')),
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  address text,
  lng double precision NOT NULL,
  lat double precision NOT NULL,
  grid_id uuid REFERENCES grids(id),
  place_id uuid REFERENCES places(id),
  duty_id uuid REFERENCES patrol_duties(id),
  reporter_person_id uuid REFERENCES persons(id),
  reporter_user_id uuid,
  reporter_name text,
  client_id text,
  reported_at timestamptz NOT NULL,
  status text NOT NULL CHECK (status IN ('reported', 'assigned', 'rectified', 'closed', 'dismissed')),
  responsible_kind text CHECK (responsible_kind IN ('enterprise', 'place', 'owner', 'department')),
  responsible_name text,
  responsible_place_id uuid REFERENCES places(id),
  due_on date,
  assigned_at timestamptz,
  rectified_at timestamptz,
  closed_at timestamptz,
  closed_by uuid,
  overdue_since timestamptz,
  reminders integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1,
  CHECK (status IN ('reported', 'dismissed') OR responsible_kind IS NOT NULL)
);
CREATE UNIQUE INDEX hazards_client_idx ON hazards (reporter_user_id, client_id) WHERE client_id IS NOT NULL;
CREATE INDEX hazards_station_idx ON hazards (station_id, reported_at DESC);
CREATE INDEX hazards_grid_idx ON hazards (grid_id, reported_at DESC);
CREATE INDEX hazards_reporter_idx ON hazards (reporter_person_id, reported_at DESC);
CREATE INDEX hazards_open_idx ON hazards (station_id, due_on) WHERE status IN ('reported', 'assigned', 'rectified');

CREATE TABLE hazard_events (
  id bigserial PRIMARY KEY,
  hazard_id uuid NOT NULL REFERENCES hazards(id),
  at timestamptz NOT NULL,
  kind text NOT NULL,
  actor_name text,
  note text NOT NULL DEFAULT '',
  details jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX hazard_events_hazard_idx ON hazard_events (hazard_id, at);

CREATE TABLE hazard_photos (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  hazard_id uuid NOT NULL REFERENCES hazards(id),
  stage text NOT NULL CHECK (stage IN ('report', 'rectification', 'verification')),
  file_id uuid NOT NULL REFERENCES files(id),
  uploaded_by uuid,
  created_at timestamptz NOT NULL
);
CREATE INDEX hazard_photos_hazard_idx ON hazard_photos (hazard_id);

-- ---------------------------------------------------------------- recognition
-- Station overrides of the default point rules (packages/domain/src/volunteers/points.ts).
CREATE TABLE volunteer_point_rules (
  station_id uuid NOT NULL REFERENCES stations(id),
  source text NOT NULL,
  points numeric(8, 2) NOT NULL CHECK (points >= 0),
  per text NOT NULL CHECK (per IN ('hour', 'item')),
  daily_cap numeric(5, 2),
  active boolean NOT NULL,
  updated_at timestamptz NOT NULL,
  updated_by uuid,
  PRIMARY KEY (station_id, source)
);

-- Append-only: every entry names the record it came from and the rule it used.
CREATE TABLE volunteer_points (
  id bigserial PRIMARY KEY,
  station_id uuid NOT NULL REFERENCES stations(id),
  person_id uuid NOT NULL REFERENCES volunteer_profiles(person_id),
  source text NOT NULL,
  -- duty id, hazard id, 'session id', certificate id.
  source_id uuid NOT NULL,
  -- The China-local day the record belongs to (daily caps, leaderboards by period).
  day date NOT NULL,
  quantity numeric(8, 2) NOT NULL,
  points numeric(8, 1) NOT NULL,
  rule jsonb NOT NULL,
  awarded_at timestamptz NOT NULL,
  UNIQUE (person_id, source, source_id)
);
CREATE INDEX volunteer_points_station_idx ON volunteer_points (station_id, day);

-- ---------------------------------------------------------------- notifications
CREATE TABLE volunteer_notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  station_id uuid NOT NULL REFERENCES stations(id),
  person_id uuid NOT NULL REFERENCES persons(id),
  kind text NOT NULL,
  title text NOT NULL,
  body text NOT NULL DEFAULT '',
  ref_type text,
  ref_id uuid,
  created_at timestamptz NOT NULL,
  read_at timestamptz
);
CREATE INDEX volunteer_notifications_person_idx ON volunteer_notifications (person_id, created_at DESC);

-- ---------------------------------------------------------------- offline queue
-- Client-generated ids (body clientId or Idempotency-Key) of the volunteers'
-- writes: a replayed request returns the stored answer and changes nothing.
CREATE TABLE volunteer_requests (
  user_id uuid NOT NULL,
  client_id text NOT NULL,
  operation text NOT NULL,
  target text NOT NULL,
  status_code integer,
  response jsonb,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (user_id, client_id)
);
CREATE INDEX volunteer_requests_created_idx ON volunteer_requests (created_at);
