-- Dispute mediation: the dispute ledger (矛盾纠纷台账) with its three-level
-- workflow and commercial track, parties, timeline, the mediator pool
-- (民调入所) with availability and conflicts of interest, assignments,
-- sessions, consultation meetings, follow-up visits, agreements with
-- judicial confirmation and performance, saved views, notifications and
-- export progress.

-- Configuration: the people's-mediation statistical categories and the risk levels.
CREATE TABLE mediation_categories (
  code text PRIMARY KEY,
  name_zh text NOT NULL,
  name_en text NOT NULL,
  sort integer NOT NULL DEFAULT 0,
  active boolean NOT NULL DEFAULT true
);

INSERT INTO mediation_categories (code, name_zh, name_en, sort) VALUES
  ('marriage_family', '婚姻家庭纠纷', 'Marriage and family', 10),
  ('neighbour', '邻里纠纷', 'Neighbours', 20),
  ('housing_homestead', '房屋宅基地纠纷', 'Housing and homestead', 30),
  ('contract', '合同纠纷', 'Contract', 40),
  ('production_business', '生产经营纠纷', 'Production and business', 50),
  ('damages', '损害赔偿纠纷', 'Damages', 60),
  ('land_forest', '山林土地纠纷', 'Land and forest', 70),
  ('land_acquisition', '征地拆迁纠纷', 'Land acquisition and demolition', 80),
  ('environment', '环境污染纠纷', 'Environment', 90),
  ('labour', '劳动争议纠纷', 'Labour', 100),
  ('consumer', '消费纠纷', 'Consumer', 110),
  ('medical', '医疗纠纷', 'Medical', 120),
  ('road_traffic', '道路交通事故纠纷', 'Road traffic accident', 130),
  ('property_management', '物业纠纷', 'Property management', 140),
  ('other', '其他纠纷', 'Other', 150);

CREATE TABLE mediation_risk_levels (
  code text PRIMARY KEY CHECK (code IN ('red', 'orange', 'yellow')),
  name_zh text NOT NULL,
  meaning text NOT NULL,
  resolve_days integer NOT NULL CHECK (resolve_days BETWEEN 1 AND 365),
  remind_hours integer NOT NULL CHECK (remind_hours BETWEEN 0 AND 720),
  sort integer NOT NULL
);

INSERT INTO mediation_risk_levels (code, name_zh, meaning, resolve_days, remind_hours, sort) VALUES
  ('red', '红色（高风险）', '可能引发民转刑、群体性事件或个人极端行为，须当日介入、专人盯办', 3, 24, 1),
  ('orange', '橙色（较高风险）', '矛盾较为突出、反复发生或涉及人数较多，须限期化解并跟踪', 7, 48, 2),
  ('yellow', '黄色（一般风险）', '一般性矛盾纠纷，按常规程序调解', 15, 72, 3);

CREATE SEQUENCE dispute_number_seq;
CREATE SEQUENCE agreement_number_seq;

CREATE TABLE disputes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  station_id uuid NOT NULL REFERENCES stations(id),
  number text NOT NULL UNIQUE,
  category_code text NOT NULL REFERENCES mediation_categories(code),
  source text NOT NULL CHECK (source IN ('incident', 'walk_in', 'referral', 'online', 'screening')),
  source_ref text,
  incident_id uuid REFERENCES incidents(id),
  summary text NOT NULL,
  facts text NOT NULL DEFAULT '',
  claims text NOT NULL DEFAULT '',
  place text,
  lng double precision,
  lat double precision,
  grid_id uuid REFERENCES grids(id),
  responsible_person_id uuid REFERENCES persons(id),
  risk text NOT NULL CHECK (risk IN ('red', 'orange', 'yellow')),
  amount numeric(14, 2) CHECK (amount IS NULL OR amount >= 0),
  has_enterprise boolean NOT NULL DEFAULT false,
  party_names text NOT NULL DEFAULT '',
  initial_level smallint NOT NULL CHECK (initial_level BETWEEN 1 AND 3),
  level smallint NOT NULL CHECK (level BETWEEN 1 AND 3),
  max_level smallint NOT NULL CHECK (max_level BETWEEN 1 AND 3),
  track text NOT NULL DEFAULT 'standard' CHECK (track IN ('standard', 'commercial')),
  status text NOT NULL CHECK (status IN ('open', 'resolved', 'closed', 'failed', 'withdrawn')),
  outcome text CHECK (outcome IN ('success', 'partial', 'failed', 'withdrawn')),
  next_step text CHECK (next_step IN ('litigation', 'arbitration', 'administrative')),
  outcome_note text,
  registered_at timestamptz NOT NULL,
  due_at timestamptz,
  resolved_at timestamptz,
  closed_at timestamptz,
  reopened_count smallint NOT NULL DEFAULT 0,
  imported boolean NOT NULL DEFAULT false,
  created_by uuid,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1,
  CHECK (initial_level <= max_level AND level <= max_level),
  CHECK ((status = 'open') = (outcome IS NULL)),
  CHECK (next_step IS NULL OR outcome IN ('failed', 'partial'))
);
-- The ledger: one station's disputes newest first, narrowed by the common filters.
CREATE INDEX disputes_station_registered_idx ON disputes (station_id, registered_at DESC, id DESC);
-- Open disputes carry what their filters test, so counting them reads the index alone.
CREATE INDEX disputes_open_idx ON disputes (station_id, registered_at DESC)
  INCLUDE (risk, level, track, grid_id, responsible_person_id, category_code, due_at, reopened_count) WHERE status = 'open';
CREATE INDEX disputes_due_idx ON disputes (station_id, due_at) WHERE status = 'open';
CREATE INDEX disputes_grid_idx ON disputes (grid_id, registered_at DESC) INCLUDE (station_id, status, category_code, risk, level);
CREATE INDEX disputes_category_idx ON disputes (station_id, category_code, registered_at DESC);
CREATE INDEX disputes_level_idx ON disputes (station_id, level, registered_at DESC);
CREATE INDEX disputes_risk_idx ON disputes (station_id, risk, registered_at DESC);
CREATE INDEX disputes_commercial_idx ON disputes (station_id, registered_at DESC) WHERE track = 'commercial';
-- Jurisdiction and "my disputes": the grid's disputes or those in one's charge, combined by bitmap OR.
CREATE INDEX disputes_responsible_idx ON disputes (responsible_person_id, registered_at DESC);
CREATE INDEX disputes_created_by_idx ON disputes (created_by, registered_at DESC) WHERE created_by IS NOT NULL;
CREATE INDEX disputes_incident_idx ON disputes (incident_id) WHERE incident_id IS NOT NULL;
-- Indicators: decided disputes of a period, with what they are counted by.
CREATE INDEX disputes_indicators_idx ON disputes (station_id, resolved_at)
  INCLUDE (grid_id, category_code, outcome, initial_level, max_level, level, track, registered_at)
  WHERE resolved_at IS NOT NULL;

CREATE TABLE dispute_parties (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  dispute_id uuid NOT NULL REFERENCES disputes(id),
  seq smallint NOT NULL,
  kind text NOT NULL CHECK (kind IN ('person', 'enterprise')),
  role text NOT NULL CHECK (role IN ('applicant', 'respondent', 'third_party')),
  name text NOT NULL,
  gender text CHECK (gender IN ('M', 'F')),
  id_number_enc text,
  id_number_bidx text,
  id_number_masked text,
  phone_enc text,
  phone_bidx text,
  phone_masked text,
  credit_code text,
  legal_representative text,
  address text,
  UNIQUE (dispute_id, seq),
  CHECK (kind = 'enterprise' OR credit_code IS NULL)
);
CREATE INDEX dispute_parties_name_idx ON dispute_parties (name text_pattern_ops);
CREATE INDEX dispute_parties_id_bidx_idx ON dispute_parties (id_number_bidx) WHERE id_number_bidx IS NOT NULL;
CREATE INDEX dispute_parties_phone_bidx_idx ON dispute_parties (phone_bidx) WHERE phone_bidx IS NOT NULL;
CREATE INDEX dispute_parties_credit_idx ON dispute_parties (credit_code) WHERE credit_code IS NOT NULL;

-- The timeline: one row per change, naming the state before and after.
CREATE TABLE dispute_events (
  id bigserial PRIMARY KEY,
  dispute_id uuid NOT NULL REFERENCES disputes(id),
  at timestamptz NOT NULL,
  actor_id uuid,
  actor_name text,
  kind text NOT NULL,
  from_status text,
  to_status text,
  from_level smallint,
  to_level smallint,
  from_track text,
  to_track text,
  reason text,
  details jsonb NOT NULL DEFAULT '{}',
  version integer
);
CREATE INDEX dispute_events_dispute_idx ON dispute_events (dispute_id, id);

-- The mediator pool: people of kind 'mediator' taken into the pool.
CREATE TABLE mediators (
  person_id uuid PRIMARY KEY REFERENCES persons(id),
  station_id uuid NOT NULL REFERENCES stations(id),
  name text NOT NULL,
  title text,
  kind text NOT NULL CHECK (kind IN ('government', 'judge', 'lawyer', 'village_cadre', 'volunteer', 'chamber_of_commerce', 'trade_association')),
  specialties text[] NOT NULL DEFAULT '{}',
  levels smallint[] NOT NULL DEFAULT '{}',
  commercial boolean NOT NULL DEFAULT false,
  grid_ids uuid[] NOT NULL DEFAULT '{}',
  villages text[] NOT NULL DEFAULT '{}',
  max_load integer NOT NULL DEFAULT 6 CHECK (max_load BETWEEN 0 AND 100),
  weekdays smallint[] NOT NULL DEFAULT '{1,2,3,4,5}',
  active boolean NOT NULL DEFAULT true,
  note text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX mediators_station_idx ON mediators (station_id, kind);

CREATE TABLE mediator_unavailability (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  mediator_id uuid NOT NULL REFERENCES mediators(person_id),
  from_date date NOT NULL,
  to_date date NOT NULL,
  reason text,
  created_at timestamptz NOT NULL,
  created_by uuid,
  CHECK (from_date <= to_date)
);
CREATE INDEX mediator_unavailability_idx ON mediator_unavailability (mediator_id, to_date);

-- Relationships that create a conflict of interest: matched by ID-number blind index, credit code, or name.
CREATE TABLE mediator_conflicts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  mediator_id uuid NOT NULL REFERENCES mediators(person_id),
  subject_kind text NOT NULL CHECK (subject_kind IN ('person', 'enterprise')),
  subject_name text NOT NULL,
  id_number_bidx text,
  id_number_masked text,
  credit_code text,
  relation text NOT NULL,
  note text,
  created_at timestamptz NOT NULL,
  created_by uuid
);
CREATE INDEX mediator_conflicts_idx ON mediator_conflicts (mediator_id);

CREATE TABLE dispute_assignments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  dispute_id uuid NOT NULL REFERENCES disputes(id),
  mediator_id uuid NOT NULL REFERENCES mediators(person_id),
  mediator_name text NOT NULL,
  role text NOT NULL CHECK (role IN ('lead', 'member')),
  level smallint NOT NULL,
  track text NOT NULL,
  score numeric(5, 1),
  factors jsonb NOT NULL DEFAULT '[]',
  assigned_at timestamptz NOT NULL,
  assigned_by uuid,
  released_at timestamptz,
  release_reason text
);
CREATE UNIQUE INDEX dispute_assignments_active_idx ON dispute_assignments (dispute_id, mediator_id) WHERE released_at IS NULL;
CREATE INDEX dispute_assignments_mediator_idx ON dispute_assignments (mediator_id, dispute_id) WHERE released_at IS NULL;

CREATE TABLE mediation_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  dispute_id uuid NOT NULL REFERENCES disputes(id),
  scheduled_at timestamptz NOT NULL,
  duration_minutes integer NOT NULL DEFAULT 60 CHECK (duration_minutes BETWEEN 10 AND 600),
  mode text NOT NULL CHECK (mode IN ('in_person', 'video')),
  place text,
  video_link text,
  participants jsonb NOT NULL DEFAULT '[]',
  status text NOT NULL CHECK (status IN ('scheduled', 'held', 'cancelled')),
  minutes text,
  held_at timestamptz,
  created_by uuid,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1,
  CHECK (mode = 'video' OR place IS NOT NULL),
  CHECK (mode = 'in_person' OR video_link IS NOT NULL)
);
CREATE INDEX mediation_sessions_dispute_idx ON mediation_sessions (dispute_id, scheduled_at);
CREATE INDEX mediation_sessions_time_idx ON mediation_sessions (scheduled_at) WHERE status = 'scheduled';

-- Regular consultation (定期会商): recurring meetings reviewing the hard cases.
CREATE TABLE consultation_meetings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  station_id uuid NOT NULL REFERENCES stations(id),
  series_id uuid NOT NULL,
  title text NOT NULL,
  scheduled_at timestamptz NOT NULL,
  place text,
  video_link text,
  recurrence text NOT NULL CHECK (recurrence IN ('none', 'weekly', 'biweekly', 'monthly')),
  status text NOT NULL CHECK (status IN ('scheduled', 'held', 'cancelled')),
  attendees jsonb NOT NULL DEFAULT '[]',
  minutes text,
  held_at timestamptz,
  created_by uuid,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX consultation_meetings_station_idx ON consultation_meetings (station_id, scheduled_at DESC);

CREATE TABLE consultation_items (
  meeting_id uuid NOT NULL REFERENCES consultation_meetings(id),
  dispute_id uuid NOT NULL REFERENCES disputes(id),
  seq integer NOT NULL,
  reasons text[] NOT NULL,
  decision text,
  decided_at timestamptz,
  decided_by uuid,
  PRIMARY KEY (meeting_id, dispute_id)
);
CREATE INDEX consultation_items_dispute_idx ON consultation_items (dispute_id);

CREATE TABLE followup_visits (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  dispute_id uuid NOT NULL REFERENCES disputes(id),
  seq smallint NOT NULL,
  due_at timestamptz NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'done', 'cancelled')),
  done_at timestamptz,
  method text CHECK (method IN ('phone', 'visit', 'video')),
  result text CHECK (result IN ('stable', 'relapse', 'unreachable')),
  note text,
  visited_by uuid,
  visitor_name text,
  CHECK ((status = 'done') = (result IS NOT NULL))
);
CREATE INDEX followup_visits_dispute_idx ON followup_visits (dispute_id, seq);
CREATE INDEX followup_visits_due_idx ON followup_visits (due_at) WHERE status = 'pending';

CREATE TABLE mediation_agreements (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  dispute_id uuid NOT NULL REFERENCES disputes(id),
  number text NOT NULL UNIQUE,
  form text NOT NULL CHECK (form IN ('written', 'oral')),
  status text NOT NULL CHECK (status IN ('draft', 'signed', 'void')),
  facts text NOT NULL,
  issues text NOT NULL DEFAULT '',
  responsibilities jsonb NOT NULL DEFAULT '[]',
  performance_method text NOT NULL DEFAULT '',
  performance_deadline date,
  agreed_on date NOT NULL,
  signed_file_id uuid REFERENCES files(id),
  signed_at timestamptz,
  judicial_status text NOT NULL DEFAULT 'none' CHECK (judicial_status IN ('none', 'applied', 'confirmed', 'rejected', 'lapsed', 'not_applicable')),
  judicial_window_ends date,
  judicial_applied_on date,
  judicial_court text,
  judicial_decided_on date,
  judicial_case_no text,
  judicial_note text,
  performance_status text NOT NULL DEFAULT 'pending' CHECK (performance_status IN ('pending', 'in_progress', 'performed', 'breached')),
  created_by uuid,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX mediation_agreements_dispute_idx ON mediation_agreements (dispute_id);
CREATE INDEX mediation_agreements_judicial_idx ON mediation_agreements (judicial_window_ends) WHERE judicial_status IN ('none', 'applied');

CREATE TABLE agreement_terms (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agreement_id uuid NOT NULL REFERENCES mediation_agreements(id),
  seq smallint NOT NULL,
  text text NOT NULL,
  obligor text,
  due_on date,
  amount numeric(14, 2),
  status text NOT NULL CHECK (status IN ('pending', 'performed', 'breached', 'waived')),
  performed_on date,
  note text,
  UNIQUE (agreement_id, seq)
);

-- Saved ledger views, per user.
CREATE TABLE mediation_views (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES app_users(id),
  name text NOT NULL,
  filter jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  UNIQUE (user_id, name)
);

-- In-app notifications (assignment, follow-up due, deadline) for the person they concern.
CREATE TABLE mediation_notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  station_id uuid NOT NULL REFERENCES stations(id),
  person_id uuid NOT NULL REFERENCES persons(id),
  kind text NOT NULL,
  title text NOT NULL,
  body text NOT NULL DEFAULT '',
  dispute_id uuid REFERENCES disputes(id),
  created_at timestamptz NOT NULL,
  read_at timestamptz
);
CREATE INDEX mediation_notifications_person_idx ON mediation_notifications (person_id, created_at DESC);

-- Ledger exports: the filter, and progress while the workbook streams.
CREATE TABLE mediation_exports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  station_id uuid NOT NULL REFERENCES stations(id),
  user_id uuid NOT NULL,
  filter jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('ready', 'running', 'done', 'failed')),
  total integer NOT NULL,
  rows_written integer NOT NULL DEFAULT 0,
  error text,
  created_at timestamptz NOT NULL,
  started_at timestamptz,
  finished_at timestamptz
);
