-- Traffic safety: the violation code table and review queue, minor-accident
-- quick handling (快处快赔) with photos, documents and the insurers' outbox,
-- and the fog visibility nowcast (stations, observations, nowcasts, warnings).

-- ---------------------------------------------------------------- violations
CREATE TABLE traffic_violation_codes (
  code text PRIMARY KEY CHECK (code ~ '^[0-9]{4}$'),
  name_zh text NOT NULL,
  name_en text NOT NULL,
  points integer NOT NULL CHECK (points BETWEEN 0 AND 12),
  fine_min integer NOT NULL CHECK (fine_min >= 0),
  fine_max integer NOT NULL CHECK (fine_max >= fine_min),
  active boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE traffic_violations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  station_id uuid NOT NULL REFERENCES stations(id),
  number text NOT NULL UNIQUE,
  source text NOT NULL CHECK (source IN ('patrol', 'camera')),
  -- The camera event (or the officer's client id) it came from: one violation per source record.
  source_ref text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'rejected')),
  plate text NOT NULL,
  plate_colour text NOT NULL DEFAULT 'blue',
  vehicle_type text NOT NULL,
  appearance text NOT NULL,
  occurred_at timestamptz NOT NULL,
  place text NOT NULL,
  lng double precision,
  lat double precision,
  grid_id uuid REFERENCES grids(id),
  act text NOT NULL,
  suggested_code text,
  -- [{ fileId | ref, kind: 'photo' | 'video' | 'frame', caption }]
  evidence jsonb NOT NULL DEFAULT '[]',
  entered_by uuid REFERENCES app_users(id),
  entered_at timestamptz NOT NULL,
  due_at timestamptz NOT NULL,
  reviewed_by uuid REFERENCES app_users(id),
  reviewed_at timestamptz,
  code text REFERENCES traffic_violation_codes(code),
  checked_facts text[] NOT NULL DEFAULT '{}',
  reject_reason text,
  reject_note text,
  exported_at timestamptz,
  export_batch text,
  version integer NOT NULL DEFAULT 1,
  UNIQUE (source, source_ref)
);
CREATE INDEX traffic_violations_queue_idx ON traffic_violations (station_id, status, due_at);
CREATE INDEX traffic_violations_export_idx ON traffic_violations (station_id, reviewed_at) WHERE status = 'confirmed';

-- ---------------------------------------------------------- quick handling
CREATE TABLE traffic_accident_cases (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  station_id uuid NOT NULL REFERENCES stations(id),
  number text NOT NULL UNIQUE,
  -- Party A's phone sends the case once: a replay returns the same case.
  client_id uuid NOT NULL UNIQUE,
  status text NOT NULL CHECK (status IN ('referred', 'open', 'joined', 'agreed', 'review', 'documented')),
  eligibility jsonb NOT NULL,
  occurred_at timestamptz NOT NULL,
  lng double precision NOT NULL,
  lat double precision NOT NULL,
  address text NOT NULL,
  grid_id uuid REFERENCES grids(id),
  weather text NOT NULL,
  accident_type text NOT NULL,
  description text NOT NULL DEFAULT '',
  -- Party A opened the case; party B joins with the code.
  a_citizen_id uuid NOT NULL REFERENCES citizens(id),
  b_citizen_id uuid REFERENCES citizens(id),
  -- [{ role: 'a' | 'b', name, licence (sealed), licenceMasked, plate, vehicleType, insurer, policyNo }]
  parties jsonb NOT NULL,
  -- The code party B types: a hash to find the case, encrypted for party A's screen.
  join_code_hash text,
  join_code_enc text,
  join_code_expires_at timestamptz,
  join_failures integer NOT NULL DEFAULT 0,
  -- The liability each party states; equal statements are an agreement.
  a_liability text,
  b_liability text,
  b_confirmed_at timestamptz,
  a_signed_at timestamptz,
  b_signed_at timestamptz,
  a_signature text,
  b_signature text,
  review_requested_at timestamptz,
  reviewed_by uuid REFERENCES app_users(id),
  reviewer_name text,
  liability text,
  determination_text text,
  document_kind text CHECK (document_kind IN ('agreement', 'determination')),
  document_file_id uuid REFERENCES files(id),
  document_at timestamptz,
  incident_id uuid,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX traffic_accident_cases_station_idx ON traffic_accident_cases (station_id, status, created_at DESC);
CREATE INDEX traffic_accident_cases_a_idx ON traffic_accident_cases (a_citizen_id, created_at DESC);
CREATE INDEX traffic_accident_cases_b_idx ON traffic_accident_cases (b_citizen_id, created_at DESC);

CREATE TABLE traffic_accident_photos (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES traffic_accident_cases(id),
  kind text NOT NULL CHECK (kind IN ('front_side', 'rear_side', 'impact', 'surroundings', 'other')),
  file_id uuid NOT NULL REFERENCES files(id),
  party text NOT NULL CHECK (party IN ('a', 'b')),
  uploaded_at timestamptz NOT NULL
);
CREATE INDEX traffic_accident_photos_case_idx ON traffic_accident_photos (case_id);

-- The insurers' outbox: one row per case and insurer, delivered by a job.
CREATE TABLE traffic_insurer_deliveries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES traffic_accident_cases(id),
  insurer text NOT NULL,
  payload jsonb NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'exported', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  created_at timestamptz NOT NULL,
  delivered_at timestamptz,
  UNIQUE (case_id, insurer)
);

-- ------------------------------------------------------------------- fog
CREATE TABLE fog_stations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  station_id uuid NOT NULL REFERENCES stations(id),
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('road_weather', 'camera')),
  lng double precision NOT NULL,
  lat double precision NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL
);
CREATE INDEX fog_stations_station_idx ON fog_stations (station_id);

CREATE TABLE fog_observations (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  fog_station_id uuid NOT NULL REFERENCES fog_stations(id),
  observed_at timestamptz NOT NULL,
  visibility_m real NOT NULL,
  wind_u real,
  wind_v real,
  -- Why the reading is kept but not used: 'jump' (implausible change), 'camera_low_confidence'.
  flag text,
  received_at timestamptz NOT NULL,
  UNIQUE (fog_station_id, observed_at)
);
CREATE INDEX fog_observations_time_idx ON fog_observations (observed_at);

CREATE TABLE fog_nowcasts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  station_id uuid NOT NULL REFERENCES stations(id),
  issued_at timestamptz NOT NULL,
  -- { west, south, lat0, cellKm, nx, ny }
  frame jsonb NOT NULL,
  leads integer[] NOT NULL,
  -- Visibility (m, rounded) per lead, row-major from the south-west cell.
  fields jsonb NOT NULL,
  stations_used integer NOT NULL,
  took_ms integer NOT NULL
);
CREATE INDEX fog_nowcasts_station_idx ON fog_nowcasts (station_id, issued_at DESC);

CREATE TABLE fog_warnings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  station_id uuid NOT NULL REFERENCES stations(id),
  nowcast_id bigint NOT NULL REFERENCES fog_nowcasts(id),
  road_id uuid NOT NULL,
  road_name text NOT NULL,
  road_kind text NOT NULL,
  grade text NOT NULL CHECK (grade IN ('yellow', 'orange', 'red')),
  min_visibility_m integer NOT NULL,
  from_lead_min integer NOT NULL,
  length_km real NOT NULL,
  path jsonb NOT NULL,
  polygon jsonb NOT NULL,
  max_speed_kmh integer,
  min_gap_m integer,
  instruction_zh text NOT NULL,
  instruction_en text NOT NULL,
  issued_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'ended')),
  ended_at timestamptz,
  incident_id uuid
);
CREATE INDEX fog_warnings_active_idx ON fog_warnings (station_id, status, issued_at DESC);

INSERT INTO incident_categories (code, parent_code, name_zh, name_en, team, default_priority, open311, sort) VALUES
  ('traffic.fog', 'traffic', '团雾/大雾封路', 'Fog on an expressway', 'patrol', 'urgent', false, 35),
  ('traffic.minor_accident', 'traffic', '轻微交通事故（不符合快处条件）', 'Minor accident (not for quick handling)', 'patrol', 'high', false, 36);

INSERT INTO traffic_violation_codes (code, name_zh, name_en, points, fine_min, fine_max) VALUES
  ('1625', '驾驶机动车违反道路交通信号灯通行的', 'Running a red light', 6, 200, 200),
  ('1344', '机动车违反禁令标志指示的', 'Disobeying a prohibition sign', 3, 100, 200),
  ('1345', '机动车违反禁止标线指示的', 'Crossing a prohibitive road marking', 3, 100, 200),
  ('1301', '驾驶机动车逆向行驶的', 'Driving against the traffic', 3, 200, 200),
  ('1352', '驾驶机动车在城市道路以外的道路上行驶超过规定时速20%以上未达到50%的', 'Speeding 20–50% over the limit', 6, 200, 200),
  ('1636', '驾驶机动车在高速公路上行驶超过规定时速50%以上的', 'Speeding 50% or more over the limit on an expressway', 12, 1000, 2000),
  ('1223', '驾驶机动车有拨打、接听手持电话等妨碍安全驾驶的行为的', 'Using a hand-held phone while driving', 3, 50, 200),
  ('6011', '驾驶人未按规定使用安全带的', 'Driver not wearing a seat belt', 1, 50, 50),
  ('1019', '驾驶机动车在高速公路上倒车、逆行、穿越中央分隔带掉头的', 'Reversing, wrong-way driving or U-turn across the median on an expressway', 12, 200, 200),
  ('1053', '驾驶机动车在高速公路上违法占用应急车道行驶的', 'Driving in the emergency lane of an expressway', 6, 200, 200),
  ('1088', '机动车在高速公路上非紧急情况时在应急车道停车的', 'Stopping in the emergency lane without an emergency', 6, 200, 200),
  ('1046', '行人进入高速公路的', 'Pedestrian on an expressway', 0, 50, 50),
  ('1039', '机动车违反规定停放、临时停车，驾驶人不在现场，妨碍其他车辆、行人通行的', 'Illegal parking obstructing traffic, driver absent', 0, 200, 200),
  ('1042', '驾驶机动车违反规定掉头的', 'Illegal U-turn', 1, 100, 100),
  ('1357', '驾驶机动车不按规定避让行人的', 'Not yielding to pedestrians', 3, 200, 200),
  ('1208', '驾驶机动车违反规定使用专用车道的', 'Using a reserved lane', 3, 200, 200),
  ('1724', '驾驶载货汽车载物超过最大允许总质量30%以上的', 'Truck overloaded by 30% or more', 6, 500, 2000),
  ('1116', '驾驶机动车未按规定悬挂号牌的', 'No licence plate displayed', 12, 200, 2000);

-- Case and record numbers: KC / WF + China-local day + this counter.
CREATE SEQUENCE traffic_accident_seq;
CREATE SEQUENCE traffic_violation_seq;
