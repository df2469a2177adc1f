-- Service hall (便民服务): the citizens' own identity (phone + one-time
-- code), the service catalogue, windows, appointment slots and bookings,
-- online applications with their materials, the queue with its event log,
-- the enterprise window (cases, visits, trainings), home visits, and
-- suggestions with the action taken on them.

-- Residents and enterprise contacts are not staff accounts. The phone is
-- stored encrypted with a blind index (exact lookup) and a masked form.
CREATE TABLE citizens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  phone_enc text NOT NULL,
  phone_bidx text NOT NULL UNIQUE,
  phone_masked text NOT NULL,
  name text,
  created_at timestamptz NOT NULL,
  last_sign_in_at timestamptz,
  demo_key text
);

-- One-time sign-in codes: only a keyed hash of the code is kept.
CREATE TABLE citizen_codes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  phone_bidx text NOT NULL,
  code_hash text NOT NULL,
  ip text,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  used_at timestamptz,
  burned_at timestamptz
);
CREATE INDEX citizen_codes_phone_idx ON citizen_codes (phone_bidx, created_at DESC);
CREATE INDEX citizen_codes_ip_idx ON citizen_codes (ip, created_at DESC);

-- Keyed by the SHA-256 of the cookie token, like staff sessions.
CREATE TABLE citizen_sessions (
  id text PRIMARY KEY,
  citizen_id uuid NOT NULL REFERENCES citizens(id),
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  ip text,
  user_agent text,
  ended_at timestamptz,
  end_reason text
);
CREATE INDEX citizen_sessions_citizen_idx ON citizen_sessions (citizen_id) WHERE ended_at IS NULL;

-- The catalogue. Time limits are in working days (0: finished on the spot).
CREATE TABLE hall_services (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE,
  category text NOT NULL CHECK (category IN ('household', 'id_card', 'residence_permit', 'certificate', 'enterprise')),
  name_zh text NOT NULL,
  name_en text NOT NULL,
  description_zh text NOT NULL DEFAULT '',
  rules_zh text NOT NULL DEFAULT '',
  fee_zh text NOT NULL DEFAULT '',
  materials jsonb NOT NULL DEFAULT '[]',
  time_limit_days integer NOT NULL CHECK (time_limit_days BETWEEN 0 AND 60),
  previous_limit_days integer CHECK (previous_limit_days BETWEEN 0 AND 120),
  online boolean NOT NULL DEFAULT false,
  appointment boolean NOT NULL DEFAULT true,
  one_certificate boolean NOT NULL DEFAULT false,
  home_visit boolean NOT NULL DEFAULT false,
  enterprise boolean NOT NULL DEFAULT false,
  queue_prefix text NOT NULL DEFAULT 'A' CHECK (queue_prefix ~ '^[A-X]$'),
  active boolean NOT NULL DEFAULT true,
  sort integer NOT NULL DEFAULT 100,
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO hall_services (code, category, name_zh, name_en, description_zh, rules_zh, fee_zh, materials, time_limit_days,
  previous_limit_days, online, appointment, one_certificate, home_visit, enterprise, queue_prefix, sort) VALUES
  ('hukou.move_in', 'household', '户口迁入登记', 'Household registration: moving in',
   '投靠亲属、婚姻迁入、购房落户等户口迁入登记。', '跨省迁入可申请“跨省通办”，无需回迁出地开具准迁证。', '免费',
   '[{"code":"hukou_booklet","nameZh":"居民户口簿","nameEn":"Household register booklet","required":true},
     {"code":"id_card","nameZh":"居民身份证","nameEn":"Resident ID card","required":true},
     {"code":"basis_proof","nameZh":"落户依据材料（房产证明、结婚证或亲属关系证明）","nameEn":"Basis for settling (property deed, marriage certificate or kinship proof)","required":true},
     {"code":"photo","nameZh":"近期免冠照片","nameEn":"Recent photo","required":false}]',
   3, 7, true, true, false, false, false, 'A', 10),
  ('hukou.move_out', 'household', '户口迁出登记', 'Household registration: moving out',
   '迁往外地的户口迁出登记，省内迁移由迁入地直接办理。', '凭居民身份证即可办理。', '免费',
   '[{"code":"id_card","nameZh":"居民身份证","nameEn":"Resident ID card","required":true}]',
   0, 3, true, true, true, false, false, 'A', 20),
  ('hukou.birth', 'household', '出生登记', 'Birth registration',
   '新生儿出生后申报户口。', '出生一个月内申报；父母一方到场。', '免费',
   '[{"code":"birth_certificate","nameZh":"出生医学证明","nameEn":"Medical birth certificate","required":true},
     {"code":"hukou_booklet","nameZh":"父母一方的居民户口簿","nameEn":"A parent''s household register booklet","required":true},
     {"code":"id_card","nameZh":"父母双方居民身份证","nameEn":"Both parents'' ID cards","required":true},
     {"code":"marriage_certificate","nameZh":"结婚证","nameEn":"Marriage certificate","required":false}]',
   0, 5, true, true, false, false, false, 'A', 30),
  ('hukou.death', 'household', '死亡注销户口', 'Deregistration after death',
   '公民死亡后注销户口。', '凭死亡医学证明办理，由家属代办。', '免费',
   '[{"code":"death_certificate","nameZh":"死亡医学证明或火化证明","nameEn":"Medical death or cremation certificate","required":true}]',
   0, NULL, false, true, true, false, false, 'A', 40),
  ('hukou.change', 'household', '户籍信息变更更正', 'Change or correction of registered details',
   '姓名变更、出生日期或民族等户籍项目的变更与更正。', '需调查核实，办结后通知申请人。', '免费',
   '[{"code":"hukou_booklet","nameZh":"居民户口簿","nameEn":"Household register booklet","required":true},
     {"code":"id_card","nameZh":"居民身份证","nameEn":"Resident ID card","required":true},
     {"code":"evidence","nameZh":"变更更正依据（档案、出生医学证明等）","nameEn":"Evidence for the change (records, birth certificate)","required":true}]',
   10, 20, true, true, false, false, false, 'A', 50),
  ('hukou.split', 'household', '分户登记', 'Splitting a household',
   '同一住址内分立户口。', '需提供房屋产权或居住证明。', '免费',
   '[{"code":"hukou_booklet","nameZh":"居民户口簿","nameEn":"Household register booklet","required":true},
     {"code":"property_proof","nameZh":"房屋产权证明","nameEn":"Proof of property","required":true}]',
   3, NULL, true, true, false, false, false, 'A', 60),
  ('hukou.booklet_replace', 'household', '户口簿补领换领', 'Replacing a household register booklet',
   '户口簿遗失、损坏的补领与换领。', '户主凭居民身份证办理。', '免费',
   '[{"code":"id_card","nameZh":"户主居民身份证","nameEn":"Householder''s ID card","required":true}]',
   0, NULL, true, true, true, false, false, 'A', 70),
  ('hukou.certificate', 'certificate', '户籍证明', 'Household registration certificate',
   '户籍证明、亲属关系证明、注销户口证明等。', '凭居民身份证即可开具，部分证明可线上申请。', '免费',
   '[{"code":"id_card","nameZh":"居民身份证","nameEn":"Resident ID card","required":true}]',
   0, 3, true, true, true, false, false, 'C', 80),
  ('id.first', 'id_card', '居民身份证首次申领', 'First ID card',
   '年满16周岁（或自愿申领的未成年人）首次申领居民身份证。', '现场采集人像和指纹；行动不便者可预约上门服务。', '工本费20元',
   '[{"code":"hukou_booklet","nameZh":"居民户口簿","nameEn":"Household register booklet","required":true},
     {"code":"guardian_id","nameZh":"监护人居民身份证（未成年人）","nameEn":"Guardian''s ID card (minors)","required":false}]',
   15, 30, false, true, false, true, false, 'B', 90),
  ('id.renew', 'id_card', '居民身份证换领', 'ID card renewal',
   '有效期满或证件损坏的换领。', '凭原居民身份证办理；可异地办理；行动不便者可预约上门服务。', '工本费20元',
   '[{"code":"id_card","nameZh":"原居民身份证","nameEn":"Current ID card","required":true}]',
   15, 30, false, true, true, true, false, 'B', 100),
  ('id.replace', 'id_card', '居民身份证补领', 'ID card replacement (lost)',
   '居民身份证遗失后的补领。', '凭居民户口簿办理，可同时申领临时居民身份证。', '工本费20元',
   '[{"code":"hukou_booklet","nameZh":"居民户口簿","nameEn":"Household register booklet","required":true}]',
   15, 30, false, true, true, true, false, 'B', 110),
  ('id.temporary', 'id_card', '临时居民身份证', 'Temporary ID card',
   '申领、换领、补领居民身份证期间急需使用的临时证件。', '当场制发，有效期三个月。', '工本费10元',
   '[{"code":"hukou_booklet","nameZh":"居民户口簿","nameEn":"Household register booklet","required":true}]',
   0, NULL, false, true, true, false, false, 'B', 120),
  ('residence.permit', 'residence_permit', '居住证申领', 'Residence permit',
   '离开常住户口所在地、居住半年以上的居民申领居住证。', '需提供合法稳定就业、稳定住所或连续就读证明之一。', '首次申领免费',
   '[{"code":"id_card","nameZh":"居民身份证","nameEn":"Resident ID card","required":true},
     {"code":"residence_proof","nameZh":"居住证明（租赁合同或房产证明）","nameEn":"Proof of residence (lease or deed)","required":true},
     {"code":"employment_proof","nameZh":"就业或就读证明","nameEn":"Proof of employment or study","required":true},
     {"code":"photo","nameZh":"近期免冠照片","nameEn":"Recent photo","required":false}]',
   10, 20, true, true, false, false, false, 'C', 130),
  ('residence.endorse', 'residence_permit', '居住证签注', 'Residence permit endorsement',
   '居住证每年签注一次。', '凭居住证即可办理，可线上申请。', '免费',
   '[{"code":"residence_permit","nameZh":"居住证","nameEn":"Residence permit","required":true}]',
   0, NULL, true, true, true, false, false, 'C', 140),
  ('certificate.no_record', 'certificate', '无犯罪记录证明', 'Certificate of no criminal record',
   '因就业、出国、入学等需要开具的无犯罪记录证明。', '凭居民身份证办理，可线上申请、电子证明。', '免费',
   '[{"code":"id_card","nameZh":"居民身份证","nameEn":"Resident ID card","required":true},
     {"code":"purpose_letter","nameZh":"用途说明（单位出具的需要开具证明的函）","nameEn":"Letter stating the purpose","required":false}]',
   3, 7, true, true, true, false, false, 'C', 150),
  ('hukou.collective', 'enterprise', '企业集体户口落户', 'Enterprise collective household registration',
   '企业设立集体户、员工落入企业集体户。', '企业服务专窗受理，3个工作日内办结。', '免费',
   '[{"code":"business_licence","nameZh":"营业执照","nameEn":"Business licence","required":true},
     {"code":"application_form","nameZh":"集体户口落户申请表（加盖公章）","nameEn":"Application form with company seal","required":true},
     {"code":"employee_ids","nameZh":"员工居民身份证及户口迁移材料","nameEn":"Employees'' ID cards and migration papers","required":true},
     {"code":"labour_contracts","nameZh":"劳动合同","nameEn":"Labour contracts","required":true}]',
   3, 10, true, true, false, false, true, 'E', 160),
  ('enterprise.seal', 'enterprise', '印章刻制备案', 'Company seal registration',
   '新设立企业刻制公章的备案。', '凭营业执照办理。', '免费',
   '[{"code":"business_licence","nameZh":"营业执照","nameEn":"Business licence","required":true}]',
   1, 3, true, true, true, false, true, 'E', 170);

-- Windows of a station and the services each serves.
CREATE TABLE hall_windows (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  station_id uuid NOT NULL REFERENCES stations(id),
  number integer NOT NULL CHECK (number BETWEEN 1 AND 99),
  name text NOT NULL,
  kind text NOT NULL DEFAULT 'general' CHECK (kind IN ('general', 'enterprise')),
  appointments boolean NOT NULL DEFAULT true,
  slot_capacity integer NOT NULL DEFAULT 2 CHECK (slot_capacity BETWEEN 0 AND 50),
  active boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (station_id, number)
);

CREATE TABLE hall_window_services (
  window_id uuid NOT NULL REFERENCES hall_windows(id),
  service_id uuid NOT NULL REFERENCES hall_services(id),
  PRIMARY KEY (window_id, service_id)
);
CREATE INDEX hall_window_services_service_idx ON hall_window_services (service_id);

-- Appointment slots: one per window and start time. The check constraint
-- backs up the conditional UPDATE that books a place: never overbooked.
CREATE TABLE hall_slots (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  station_id uuid NOT NULL REFERENCES stations(id),
  window_id uuid NOT NULL REFERENCES hall_windows(id),
  day date NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  capacity integer NOT NULL CHECK (capacity >= 0),
  booked integer NOT NULL DEFAULT 0,
  CHECK (booked >= 0 AND booked <= capacity),
  UNIQUE (window_id, starts_at)
);
CREATE INDEX hall_slots_day_idx ON hall_slots (station_id, day);

CREATE SEQUENCE hall_booking_seq;
CREATE SEQUENCE hall_application_seq;
CREATE SEQUENCE hall_case_seq;
CREATE SEQUENCE hall_home_visit_seq;
CREATE SEQUENCE hall_suggestion_seq;

CREATE TABLE hall_appointments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number text NOT NULL UNIQUE,
  station_id uuid NOT NULL REFERENCES stations(id),
  citizen_id uuid NOT NULL REFERENCES citizens(id),
  service_id uuid NOT NULL REFERENCES hall_services(id),
  window_id uuid NOT NULL REFERENCES hall_windows(id),
  slot_id uuid NOT NULL REFERENCES hall_slots(id),
  day date NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  name text NOT NULL,
  id_number_enc text,
  id_number_bidx text,
  id_number_masked text,
  status text NOT NULL CHECK (status IN ('booked', 'cancelled', 'checked_in', 'no_show', 'completed')),
  late boolean NOT NULL DEFAULT false,
  ticket_id uuid,
  created_at timestamptz NOT NULL,
  cancelled_at timestamptz,
  checked_in_at timestamptz,
  no_show_at timestamptz,
  version integer NOT NULL DEFAULT 1
);
-- One booking per person per day: per citizen account and, when given, per ID number.
CREATE UNIQUE INDEX hall_appointments_citizen_day_idx ON hall_appointments (citizen_id, day) WHERE status <> 'cancelled';
CREATE UNIQUE INDEX hall_appointments_person_day_idx ON hall_appointments (id_number_bidx, day)
  WHERE status <> 'cancelled' AND id_number_bidx IS NOT NULL;
CREATE INDEX hall_appointments_station_day_idx ON hall_appointments (station_id, day, starts_at);
CREATE INDEX hall_appointments_citizen_idx ON hall_appointments (citizen_id, created_at DESC);
CREATE INDEX hall_appointments_slot_idx ON hall_appointments (slot_id);
CREATE INDEX hall_appointments_no_show_idx ON hall_appointments (citizen_id, no_show_at) WHERE status = 'no_show';

CREATE TABLE hall_booking_suspensions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  citizen_id uuid NOT NULL REFERENCES citizens(id),
  until_day date NOT NULL,
  no_shows integer NOT NULL,
  created_at timestamptz NOT NULL,
  lifted_at timestamptz,
  lifted_by uuid
);
CREATE INDEX hall_booking_suspensions_citizen_idx ON hall_booking_suspensions (citizen_id, until_day);

-- The queue. A ticket's life is its event log (ticketed, called, recalled,
-- started, transferred, no_show, finished); waiting and handling times are
-- computed from the events, never stored.
CREATE TABLE hall_tickets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  station_id uuid NOT NULL REFERENCES stations(id),
  day date NOT NULL,
  number text NOT NULL,
  service_id uuid NOT NULL REFERENCES hall_services(id),
  kind text NOT NULL CHECK (kind IN ('walk_in', 'appointment')),
  priority boolean NOT NULL DEFAULT false,
  source text NOT NULL CHECK (source IN ('kiosk', 'check_in', 'counter')),
  appointment_id uuid REFERENCES hall_appointments(id),
  -- Appointment tickets: the slot start; they jump the queue from its on-time window on.
  appointment_starts_at timestamptz,
  citizen_id uuid REFERENCES citizens(id),
  -- Follows a live ticket on the resident's phone; history rows have none.
  public_token text UNIQUE,
  status text NOT NULL CHECK (status IN ('waiting', 'called', 'serving', 'finished', 'no_show', 'cancelled')),
  window_id uuid REFERENCES hall_windows(id),
  target_window_id uuid REFERENCES hall_windows(id),
  ticketed_at timestamptz NOT NULL,
  queued_at timestamptz NOT NULL,
  called_at timestamptz,
  started_at timestamptz,
  finished_at timestamptz,
  call_count integer NOT NULL DEFAULT 0,
  outcome text CHECK (outcome IN ('done', 'accepted', 'materials_missing', 'referred', 'other')),
  outcome_note text,
  clerk_user_id uuid,
  version integer NOT NULL DEFAULT 1,
  UNIQUE (station_id, day, number)
);
CREATE INDEX hall_tickets_waiting_idx ON hall_tickets (station_id, queued_at) WHERE status = 'waiting';
CREATE INDEX hall_tickets_window_idx ON hall_tickets (window_id) WHERE status IN ('called', 'serving');
CREATE INDEX hall_tickets_station_ticketed_idx ON hall_tickets (station_id, ticketed_at);

CREATE TABLE hall_ticket_counters (
  station_id uuid NOT NULL,
  day date NOT NULL,
  prefix text NOT NULL,
  last integer NOT NULL,
  PRIMARY KEY (station_id, day, prefix)
);

CREATE TABLE hall_ticket_events (
  id bigserial PRIMARY KEY,
  ticket_id uuid NOT NULL REFERENCES hall_tickets(id),
  station_id uuid NOT NULL,
  at timestamptz NOT NULL,
  kind text NOT NULL CHECK (kind IN ('ticketed', 'called', 'recalled', 'started', 'transferred', 'no_show', 'finished', 'cancelled')),
  service_id uuid NOT NULL,
  window_id uuid,
  actor_user_id uuid,
  details jsonb
);
CREATE INDEX hall_ticket_events_ticket_idx ON hall_ticket_events (ticket_id, at, id);
CREATE INDEX hall_ticket_events_station_at_idx ON hall_ticket_events (station_id, at);

-- Online applications with their materials (files checked by type and size on upload).
CREATE TABLE hall_applications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number text NOT NULL UNIQUE,
  station_id uuid NOT NULL REFERENCES stations(id),
  citizen_id uuid NOT NULL REFERENCES citizens(id),
  service_id uuid NOT NULL REFERENCES hall_services(id),
  applicant_name text NOT NULL,
  id_number_enc text NOT NULL,
  id_number_bidx text NOT NULL,
  id_number_masked text NOT NULL,
  phone_masked text NOT NULL,
  details jsonb NOT NULL DEFAULT '{}',
  status text NOT NULL CHECK (status IN ('submitted', 'in_review', 'needs_correction', 'approved', 'rejected', 'withdrawn')),
  round integer NOT NULL DEFAULT 1,
  submitted_at timestamptz NOT NULL,
  last_submitted_at timestamptz NOT NULL,
  due_day date NOT NULL,
  decided_at timestamptz,
  decision_reason text,
  reviewer_user_id uuid,
  correction_reason text,
  correction_materials text[] NOT NULL DEFAULT '{}',
  reminded_at timestamptz,
  overdue_at timestamptz,
  updated_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX hall_applications_station_idx ON hall_applications (station_id, status, due_day);
CREATE INDEX hall_applications_citizen_idx ON hall_applications (citizen_id, submitted_at DESC);
CREATE INDEX hall_applications_submitted_idx ON hall_applications (station_id, submitted_at);

-- A citizen's uploaded file, until it is attached to an application.
CREATE TABLE hall_uploads (
  file_id uuid PRIMARY KEY REFERENCES files(id),
  citizen_id uuid NOT NULL REFERENCES citizens(id),
  uploaded_at timestamptz NOT NULL,
  application_id uuid REFERENCES hall_applications(id)
);
CREATE INDEX hall_uploads_citizen_idx ON hall_uploads (citizen_id, uploaded_at);

CREATE TABLE hall_application_materials (
  application_id uuid NOT NULL REFERENCES hall_applications(id),
  material_code text NOT NULL,
  file_id uuid NOT NULL REFERENCES files(id),
  round integer NOT NULL,
  added_at timestamptz NOT NULL,
  PRIMARY KEY (application_id, material_code, file_id)
);

CREATE TABLE hall_application_events (
  id bigserial PRIMARY KEY,
  application_id uuid NOT NULL REFERENCES hall_applications(id),
  at timestamptz NOT NULL,
  kind text NOT NULL,
  actor_user_id uuid,
  actor_name text,
  note text,
  details jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX hall_application_events_app_idx ON hall_application_events (application_id, id);

-- Enterprise window: cases against a working-day limit, police–enterprise visits, trainings.
CREATE TABLE hall_enterprise_cases (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number text NOT NULL UNIQUE,
  station_id uuid NOT NULL REFERENCES stations(id),
  enterprise_place_id uuid NOT NULL REFERENCES places(id),
  enterprise_name text NOT NULL,
  grid_id uuid REFERENCES grids(id),
  service_id uuid NOT NULL REFERENCES hall_services(id),
  contact_name text NOT NULL,
  contact_phone_enc text,
  contact_phone_bidx text,
  contact_phone_masked text,
  persons integer NOT NULL DEFAULT 1 CHECK (persons BETWEEN 1 AND 10000),
  received_at timestamptz NOT NULL,
  received_day date NOT NULL,
  limit_days integer NOT NULL,
  due_day date NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'done', 'cancelled')),
  closed_at timestamptz,
  closed_day date,
  outcome_note text,
  note text NOT NULL DEFAULT '',
  created_by uuid,
  closed_by uuid,
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX hall_enterprise_cases_station_idx ON hall_enterprise_cases (station_id, status, due_day);
CREATE INDEX hall_enterprise_cases_received_idx ON hall_enterprise_cases (station_id, received_day);

CREATE TABLE hall_enterprise_visits (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  station_id uuid NOT NULL REFERENCES stations(id),
  enterprise_place_id uuid NOT NULL REFERENCES places(id),
  enterprise_name text NOT NULL,
  grid_id uuid REFERENCES grids(id),
  visited_on date NOT NULL,
  officer_person_ids uuid[] NOT NULL,
  purpose text NOT NULL,
  issues_found text NOT NULL DEFAULT '',
  issue_count integer NOT NULL DEFAULT 0 CHECK (issue_count BETWEEN 0 AND 100),
  follow_up text,
  follow_up_due date,
  follow_up_done_at timestamptz,
  follow_up_note text,
  created_by uuid,
  created_at timestamptz NOT NULL
);
CREATE INDEX hall_enterprise_visits_station_idx ON hall_enterprise_visits (station_id, visited_on);
CREATE INDEX hall_enterprise_visits_place_idx ON hall_enterprise_visits (enterprise_place_id);

CREATE TABLE hall_enterprise_trainings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  station_id uuid NOT NULL REFERENCES stations(id),
  held_on date NOT NULL,
  topic text NOT NULL,
  location text,
  trainer text,
  attendees integer NOT NULL CHECK (attendees BETWEEN 1 AND 5000),
  enterprise_place_ids uuid[] NOT NULL DEFAULT '{}',
  created_by uuid,
  created_at timestamptz NOT NULL
);
CREATE INDEX hall_enterprise_trainings_station_idx ON hall_enterprise_trainings (station_id, held_on);

-- Home visits (上门服务) for people who cannot come, and the mobile service station's day routes.
CREATE TABLE hall_home_visits (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number text NOT NULL UNIQUE,
  station_id uuid NOT NULL REFERENCES stations(id),
  citizen_id uuid REFERENCES citizens(id),
  service_id uuid NOT NULL REFERENCES hall_services(id),
  person_name text NOT NULL,
  reason text NOT NULL CHECK (reason IN ('elderly', 'disabled', 'ill', 'other')),
  reason_note text,
  phone_enc text NOT NULL,
  phone_bidx text NOT NULL,
  phone_masked text NOT NULL,
  id_number_enc text,
  id_number_bidx text,
  id_number_masked text,
  address text NOT NULL,
  lng double precision,
  lat double precision,
  grid_id uuid REFERENCES grids(id),
  source text NOT NULL CHECK (source IN ('online', 'phone', 'counter', 'grid_worker')),
  preferred_day date,
  requested_at timestamptz NOT NULL,
  status text NOT NULL CHECK (status IN ('requested', 'scheduled', 'done', 'cancelled')),
  officer_person_id uuid REFERENCES persons(id),
  scheduled_day date,
  done_at timestamptz,
  outcome_note text,
  cancel_reason text,
  created_by uuid,
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX hall_home_visits_station_idx ON hall_home_visits (station_id, status, requested_at);
CREATE INDEX hall_home_visits_officer_day_idx ON hall_home_visits (officer_person_id, scheduled_day);
CREATE INDEX hall_home_visits_citizen_idx ON hall_home_visits (citizen_id);

-- Suggestions from police–public meetings, open days and online, each answered and tracked to the action taken.
CREATE TABLE hall_suggestion_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  station_id uuid NOT NULL REFERENCES stations(id),
  kind text NOT NULL CHECK (kind IN ('meeting', 'open_day', 'other')),
  title text NOT NULL,
  held_on date NOT NULL,
  location text,
  attendees integer NOT NULL DEFAULT 0 CHECK (attendees BETWEEN 0 AND 100000),
  note text NOT NULL DEFAULT '',
  created_by uuid,
  created_at timestamptz NOT NULL
);
CREATE INDEX hall_suggestion_events_station_idx ON hall_suggestion_events (station_id, held_on);

CREATE TABLE hall_suggestions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number text NOT NULL UNIQUE,
  station_id uuid NOT NULL REFERENCES stations(id),
  event_id uuid REFERENCES hall_suggestion_events(id),
  channel text NOT NULL CHECK (channel IN ('meeting', 'open_day', 'online', 'hall', 'other')),
  citizen_id uuid REFERENCES citizens(id),
  submitter_name text,
  category text NOT NULL CHECK (category IN ('service', 'security', 'traffic', 'community', 'other')),
  content text NOT NULL,
  status text NOT NULL CHECK (status IN ('received', 'declined', 'accepted', 'in_progress', 'done')),
  answer text,
  answered_at timestamptz,
  answered_by uuid,
  action text,
  progress integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  done_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX hall_suggestions_station_idx ON hall_suggestions (station_id, status, created_at);
CREATE INDEX hall_suggestions_event_idx ON hall_suggestions (event_id);
CREATE INDEX hall_suggestions_citizen_idx ON hall_suggestions (citizen_id);

CREATE TABLE hall_suggestion_progress (
  id bigserial PRIMARY KEY,
  suggestion_id uuid NOT NULL REFERENCES hall_suggestions(id),
  at timestamptz NOT NULL,
  progress integer NOT NULL,
  note text NOT NULL,
  actor_user_id uuid,
  actor_name text
);
CREATE INDEX hall_suggestion_progress_idx ON hall_suggestion_progress (suggestion_id, id);
