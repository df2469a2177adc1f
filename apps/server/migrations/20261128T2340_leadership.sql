-- Station leadership (所领导): the five core duties and their weights as
-- configuration, tasks assigned by hand or decided at the weekly dispatch
-- meeting (周调度), the meetings themselves, and the leader's adjustments to
-- monthly scorecards (月考评). The figures themselves are never stored
-- here: they are computed from the other modules' records on every read,
-- so a dashboard number and its drill-down can never disagree.

-- Configuration per station: duties, the measures tied to each, weights.
CREATE TABLE leadership_settings (
  station_id uuid PRIMARY KEY REFERENCES stations(id),
  duties jsonb NOT NULL,
  updated_by uuid,
  updated_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1
);

-- A weekly dispatch meeting, keyed by the Monday of its week (China time).
CREATE TABLE leadership_meetings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  station_id uuid NOT NULL REFERENCES stations(id),
  week_start date NOT NULL,
  notes text NOT NULL DEFAULT '',
  -- The agenda's counts as they stood when the meeting was held (the live agenda moves on).
  agenda_counts jsonb NOT NULL DEFAULT '{}',
  held_at timestamptz,
  created_by uuid,
  created_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1,
  UNIQUE (station_id, week_start)
);

-- Work with an owner and a deadline: assigned by hand or decided at a meeting.
CREATE TABLE leadership_tasks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  station_id uuid NOT NULL REFERENCES stations(id),
  meeting_id uuid REFERENCES leadership_meetings(id),
  -- The agenda item the decision was taken on ('orders.overdue', a record id …), for the review.
  agenda_ref text,
  duty_key text,
  title text NOT NULL,
  detail text NOT NULL DEFAULT '',
  owner_person_id uuid NOT NULL REFERENCES persons(id),
  due_on date NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'done', 'cancelled')),
  done_at timestamptz,
  outcome_note text,
  created_by uuid,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1,
  CHECK ((status = 'open') = (done_at IS NULL))
);
CREATE INDEX leadership_tasks_station_idx ON leadership_tasks (station_id, status, due_on);
CREATE INDEX leadership_tasks_owner_idx ON leadership_tasks (owner_person_id, status);
CREATE INDEX leadership_tasks_meeting_idx ON leadership_tasks (meeting_id);

-- A leader's adjustment of one scorecard for one month, with its reason (never edited, only added).
CREATE TABLE leadership_adjustments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  station_id uuid NOT NULL REFERENCES stations(id),
  month text NOT NULL CHECK (month ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  subject_kind text NOT NULL CHECK (subject_kind IN ('officer', 'team', 'grid')),
  subject_id text NOT NULL,
  delta numeric(5, 1) NOT NULL CHECK (delta BETWEEN -20 AND 20),
  reason text NOT NULL CHECK (length(reason) BETWEEN 4 AND 500),
  annotation text NOT NULL DEFAULT '',
  created_by uuid,
  created_by_name text,
  created_at timestamptz NOT NULL
);
CREATE INDEX leadership_adjustments_idx ON leadership_adjustments (station_id, month, subject_kind, subject_id);

-- Indexes the dashboard panels read by period (see docs/leadership.md).
CREATE INDEX command_alerts_kind_created_idx ON command_alerts (station_id, kind, created_at);
CREATE INDEX dispatch_orders_resolved_idx ON dispatch_orders (station_id, resolved_at) WHERE resolved_at IS NOT NULL;
CREATE INDEX dispatch_orders_open_due_idx ON dispatch_orders (station_id, resolve_due_at)
  WHERE status IN ('issued', 'acknowledged', 'en_route', 'on_scene');
CREATE INDEX disputes_resolved_idx ON disputes (station_id, resolved_at) WHERE resolved_at IS NOT NULL;
CREATE INDEX followup_visits_done_idx ON followup_visits (done_at) WHERE status = 'done';
CREATE INDEX hall_tickets_finished_idx ON hall_tickets (station_id, finished_at) WHERE status = 'finished';
CREATE INDEX hall_home_visits_done_idx ON hall_home_visits (station_id, done_at) WHERE status = 'done';
CREATE INDEX hall_suggestions_created_idx ON hall_suggestions (station_id, created_at);
CREATE INDEX hall_applications_decided_idx ON hall_applications (station_id, decided_at) WHERE decided_at IS NOT NULL;
CREATE INDEX patrol_duties_checkout_idx ON patrol_duties (station_id, check_out_at) WHERE status = 'checked_out';
CREATE INDEX hazards_closed_idx ON hazards (station_id, closed_at) WHERE closed_at IS NOT NULL;
