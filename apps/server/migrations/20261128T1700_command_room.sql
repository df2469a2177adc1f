-- Command room: incidents from every source, dispatch orders with deadlines,
-- alerts, early-warning rules, uploaded files.

CREATE TABLE files (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  station_id uuid REFERENCES stations(id),
  sha256 text NOT NULL,
  content_type text NOT NULL,
  size_bytes integer NOT NULL,
  original_name text,
  data bytea NOT NULL,
  purpose text NOT NULL,
  created_by uuid,
  created_at timestamptz NOT NULL
);
CREATE INDEX files_sha_idx ON files (sha256);

CREATE TABLE incident_categories (
  code text PRIMARY KEY,
  parent_code text REFERENCES incident_categories(code),
  name_zh text NOT NULL,
  name_en text NOT NULL,
  team text NOT NULL CHECK (team IN ('community', 'case', 'patrol', 'command_room')),
  default_priority text NOT NULL CHECK (default_priority IN ('urgent', 'high', 'normal', 'low')),
  open311 boolean NOT NULL DEFAULT false,
  active boolean NOT NULL DEFAULT true,
  sort integer NOT NULL DEFAULT 0
);

CREATE TABLE priority_rules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  category_prefix text,
  keywords text[] NOT NULL DEFAULT '{}',
  sources text[] NOT NULL DEFAULT '{}',
  night_only boolean NOT NULL DEFAULT false,
  priority text NOT NULL CHECK (priority IN ('urgent', 'high', 'normal', 'low')),
  sort integer NOT NULL DEFAULT 100,
  active boolean NOT NULL DEFAULT true
);

CREATE SEQUENCE incident_number_seq;

CREATE TABLE incidents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  station_id uuid NOT NULL REFERENCES stations(id),
  number text NOT NULL UNIQUE,
  source text NOT NULL CHECK (source IN ('call_110', 'walk_in', 'online', 'volunteer', 'camera', 'patrol')),
  source_ref text,
  idempotency_key text,
  category_code text NOT NULL REFERENCES incident_categories(code),
  priority text NOT NULL CHECK (priority IN ('urgent', 'high', 'normal', 'low')),
  priority_reason text,
  status text NOT NULL CHECK (status IN ('new', 'dispatched', 'in_progress', 'resolved', 'closed', 'transferred')),
  summary text NOT NULL,
  description text NOT NULL DEFAULT '',
  address text,
  address_key text,
  lng double precision,
  lat double precision,
  grid_id uuid REFERENCES grids(id),
  outside_jurisdiction boolean NOT NULL DEFAULT false,
  team text CHECK (team IN ('community', 'case', 'patrol', 'command_room')),
  responsible_person_id uuid REFERENCES persons(id),
  unit_id uuid REFERENCES response_units(id),
  caller_name text,
  caller_phone_enc text,
  caller_phone_bidx text,
  caller_phone_masked text,
  persons jsonb NOT NULL DEFAULT '[]',
  vehicles jsonb NOT NULL DEFAULT '[]',
  duplicate_of uuid REFERENCES incidents(id),
  public_token text,
  created_by uuid,
  reported_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  closed_at timestamptz,
  result_code text,
  result_note text,
  version integer NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX incidents_idempotency_idx ON incidents (station_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE UNIQUE INDEX incidents_source_ref_idx ON incidents (station_id, source, source_ref) WHERE source_ref IS NOT NULL;
CREATE INDEX incidents_station_created_idx ON incidents (station_id, created_at DESC);
CREATE INDEX incidents_open_idx ON incidents (station_id, status, priority, created_at DESC) WHERE status NOT IN ('closed', 'transferred');
CREATE INDEX incidents_grid_cat_idx ON incidents (grid_id, category_code, created_at DESC);
CREATE INDEX incidents_address_idx ON incidents (station_id, address_key, created_at DESC) WHERE address_key IS NOT NULL;
CREATE INDEX incidents_caller_idx ON incidents (caller_phone_bidx, created_at DESC) WHERE caller_phone_bidx IS NOT NULL;
CREATE INDEX incidents_public_token_idx ON incidents (public_token) WHERE public_token IS NOT NULL;
CREATE INDEX incidents_duplicate_idx ON incidents (duplicate_of) WHERE duplicate_of IS NOT NULL;

-- Analysis rollup kept current by the same transactions that write incidents:
-- one row per station, grid, category, day and hour of day.
CREATE TABLE incident_hourly (
  station_id uuid NOT NULL,
  grid_id uuid,
  category_code text NOT NULL,
  day date NOT NULL,
  hour smallint NOT NULL,
  n integer NOT NULL
);
CREATE UNIQUE INDEX incident_hourly_key_idx ON incident_hourly (station_id, day, hour, category_code, coalesce(grid_id, '00000000-0000-0000-0000-000000000000'::uuid));

CREATE TABLE incident_events (
  id bigserial PRIMARY KEY,
  incident_id uuid NOT NULL REFERENCES incidents(id),
  order_id uuid,
  at timestamptz NOT NULL,
  actor_id uuid,
  actor_name text,
  kind text NOT NULL,
  note text,
  details jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX incident_events_incident_idx ON incident_events (incident_id, id);

CREATE TABLE incident_attachments (
  incident_id uuid NOT NULL REFERENCES incidents(id),
  file_id uuid NOT NULL REFERENCES files(id),
  added_by uuid,
  added_at timestamptz NOT NULL,
  PRIMARY KEY (incident_id, file_id)
);

CREATE TABLE dispatch_orders (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  station_id uuid NOT NULL REFERENCES stations(id),
  incident_id uuid NOT NULL REFERENCES incidents(id),
  assignee_kind text NOT NULL CHECK (assignee_kind IN ('person', 'unit', 'team', 'agency')),
  assignee_person_id uuid REFERENCES persons(id),
  assignee_unit_id uuid REFERENCES response_units(id),
  assignee_team text CHECK (assignee_team IN ('community', 'case', 'patrol', 'command_room')),
  agency text,
  status text NOT NULL CHECK (status IN ('issued', 'acknowledged', 'en_route', 'on_scene', 'resolved', 'closed', 'cancelled', 'transferred')),
  priority text NOT NULL,
  urban boolean NOT NULL DEFAULT true,
  issued_by uuid,
  issued_at timestamptz NOT NULL,
  acknowledged_at timestamptz,
  acknowledged_by uuid,
  en_route_at timestamptz,
  on_scene_at timestamptz,
  resolved_at timestamptz,
  closed_at timestamptz,
  stopped_at timestamptz,
  ack_due_at timestamptz,
  arrive_due_at timestamptz,
  resolve_due_at timestamptz,
  breaches text[] NOT NULL DEFAULT '{}',
  escalation_level integer NOT NULL DEFAULT 0,
  result_code text,
  note text,
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX dispatch_orders_incident_idx ON dispatch_orders (incident_id);
CREATE INDEX dispatch_orders_open_idx ON dispatch_orders (station_id, status, issued_at DESC) WHERE status IN ('issued', 'acknowledged', 'en_route', 'on_scene');
CREATE INDEX dispatch_orders_person_idx ON dispatch_orders (assignee_person_id, status);
CREATE INDEX dispatch_orders_unit_idx ON dispatch_orders (assignee_unit_id, status);
CREATE INDEX dispatch_orders_issued_idx ON dispatch_orders (station_id, issued_at DESC);

CREATE TABLE command_alerts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  station_id uuid NOT NULL REFERENCES stations(id),
  kind text NOT NULL CHECK (kind IN ('deadline_breach', 'early_warning', 'outside_jurisdiction', 'escalation')),
  severity text NOT NULL CHECK (severity IN ('critical', 'warning', 'info')),
  title text NOT NULL,
  explanation jsonb NOT NULL DEFAULT '{}',
  incident_id uuid REFERENCES incidents(id),
  order_id uuid REFERENCES dispatch_orders(id),
  grid_id uuid REFERENCES grids(id),
  target_person_id uuid REFERENCES persons(id),
  rule_id uuid,
  dedupe_key text UNIQUE,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'closed')),
  created_at timestamptz NOT NULL,
  acknowledged_at timestamptz,
  acknowledged_by uuid
);
CREATE INDEX command_alerts_open_idx ON command_alerts (station_id, status, created_at DESC);
CREATE INDEX command_alerts_target_idx ON command_alerts (target_person_id, status);

CREATE TABLE warning_rules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  station_id uuid REFERENCES stations(id),
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('repeat_address', 'repeat_caller', 'grid_surge')),
  category_prefixes text[] NOT NULL DEFAULT '{}',
  threshold integer NOT NULL CHECK (threshold >= 2),
  window_days integer NOT NULL CHECK (window_days BETWEEN 1 AND 365),
  target text NOT NULL DEFAULT 'community_officer' CHECK (target IN ('community_officer', 'command_room')),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE incident_links (
  incident_id uuid NOT NULL REFERENCES incidents(id),
  kind text NOT NULL CHECK (kind IN ('dispute', 'case')),
  target_id uuid NOT NULL,
  created_at timestamptz NOT NULL,
  created_by uuid,
  PRIMARY KEY (incident_id, kind, target_id)
);

-- The 110 top level and its sub-categories (configuration; leaders may edit).
INSERT INTO incident_categories (code, parent_code, name_zh, name_en, team, default_priority, open311, sort) VALUES
  ('criminal', NULL, '刑事警情', 'Criminal', 'case', 'high', false, 10),
  ('criminal.theft', 'criminal', '盗窃', 'Theft', 'case', 'high', true, 11),
  ('criminal.robbery', 'criminal', '抢劫抢夺', 'Robbery', 'case', 'urgent', false, 12),
  ('criminal.fraud', 'criminal', '诈骗', 'Fraud', 'case', 'high', true, 13),
  ('criminal.assault', 'criminal', '故意伤害', 'Assault', 'case', 'urgent', false, 14),
  ('criminal.burglary', 'criminal', '入室盗窃', 'Burglary', 'case', 'high', false, 15),
  ('public_order', NULL, '治安警情', 'Public order', 'patrol', 'normal', false, 20),
  ('public_order.fight', 'public_order', '打架斗殴', 'Fight', 'patrol', 'urgent', false, 21),
  ('public_order.noise', 'public_order', '噪音扰民', 'Noise', 'patrol', 'low', true, 22),
  ('public_order.gambling', 'public_order', '赌博', 'Gambling', 'patrol', 'normal', true, 23),
  ('public_order.harassment', 'public_order', '寻衅滋事', 'Harassment', 'patrol', 'high', false, 24),
  ('traffic', NULL, '交通警情', 'Traffic', 'patrol', 'normal', false, 30),
  ('traffic.accident', 'traffic', '交通事故', 'Traffic accident', 'patrol', 'high', false, 31),
  ('traffic.congestion', 'traffic', '交通堵塞', 'Congestion', 'patrol', 'normal', true, 32),
  ('traffic.violation', 'traffic', '交通违法', 'Traffic violation', 'patrol', 'normal', true, 33),
  ('traffic.parking', 'traffic', '违法停车', 'Illegal parking', 'patrol', 'low', true, 34),
  ('fire_disaster', NULL, '火灾事故及灾害', 'Fire and disaster', 'patrol', 'urgent', false, 40),
  ('fire_disaster.fire', 'fire_disaster', '火灾', 'Fire', 'patrol', 'urgent', false, 41),
  ('fire_disaster.flood', 'fire_disaster', '水灾内涝', 'Flood', 'patrol', 'urgent', false, 42),
  ('mass_incident', NULL, '群体性事件', 'Mass incident', 'command_room', 'urgent', false, 50),
  ('dispute', NULL, '纠纷', 'Dispute', 'community', 'normal', false, 60),
  ('dispute.neighbour', 'dispute', '邻里纠纷', 'Neighbour dispute', 'community', 'normal', true, 61),
  ('dispute.family', 'dispute', '家庭纠纷', 'Family dispute', 'community', 'normal', false, 62),
  ('dispute.labour', 'dispute', '劳资纠纷', 'Labour dispute', 'community', 'normal', true, 63),
  ('dispute.consumer', 'dispute', '消费纠纷', 'Consumer dispute', 'community', 'low', true, 64),
  ('dispute.property', 'dispute', '物业纠纷', 'Property dispute', 'community', 'low', true, 65),
  ('help', NULL, '求助', 'Request for help', 'community', 'normal', false, 70),
  ('help.missing_person', 'help', '人员走失', 'Missing person', 'patrol', 'urgent', false, 71),
  ('help.lost_property', 'help', '物品遗失', 'Lost property', 'community', 'low', true, 72),
  ('help.locked_out', 'help', '开锁求助', 'Locked out', 'community', 'low', true, 73),
  ('complaint', NULL, '投诉', 'Complaint', 'command_room', 'low', true, 80),
  ('invalid', NULL, '无效警情', 'Invalid', 'command_room', 'low', false, 90),
  ('invalid.prank', 'invalid', '骚扰/恶意报警', 'Prank call', 'command_room', 'low', false, 91),
  ('invalid.misdial', 'invalid', '误拨', 'Misdial', 'command_room', 'low', false, 92);

INSERT INTO priority_rules (name, category_prefix, keywords, sources, night_only, priority, sort) VALUES
  ('Weapons or injuries mentioned', NULL, ARRAY['刀', '枪', '受伤', '流血', '持械', 'knife', 'gun', 'injured', 'bleeding'], '{}', false, 'urgent', 10),
  ('Child or elderly person missing', 'help.missing_person', '{}', '{}', false, 'urgent', 20),
  ('Crime in progress', 'criminal', ARRAY['正在', '刚刚', '还在', 'in progress'], '{}', false, 'urgent', 30),
  ('Night-time disturbance', 'public_order', '{}', '{}', true, 'high', 40),
  ('Camera early warning', NULL, '{}', ARRAY['camera'], false, 'high', 50);

INSERT INTO warning_rules (name, kind, category_prefixes, threshold, window_days, target) VALUES
  ('Three disputes at one address within 30 days', 'repeat_address', ARRAY['dispute'], 3, 30, 'community_officer'),
  ('Five calls from one number within 7 days', 'repeat_caller', '{}', 5, 7, 'command_room'),
  ('Three thefts in one grid within 7 days', 'grid_surge', ARRAY['criminal.theft', 'criminal.burglary'], 3, 7, 'community_officer');
