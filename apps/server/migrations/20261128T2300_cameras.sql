-- The AI camera network: the camera registry, shapes drawn on a snapshot
-- (zones, lines, masks), rules, worker leases (claimed with FOR UPDATE SKIP
-- LOCKED, renewed by heartbeats, taken over after expiry), events posted by
-- workers (idempotent by the worker's event id), their evidence frames
-- (stored in files with a content hash) and the violation review queue.

CREATE TABLE cameras (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  station_id uuid NOT NULL REFERENCES stations(id),
  code text NOT NULL,
  name text NOT NULL,
  lng double precision NOT NULL,
  lat double precision NOT NULL,
  grid_id uuid REFERENCES grids(id),
  place_id uuid REFERENCES places(id),
  -- The low-resolution sub-stream the detector reads, and the main stream evidence comes from.
  stream_url text NOT NULL,
  main_stream_url text,
  direction_deg integer CHECK (direction_deg BETWEEN 0 AND 359),
  -- { from: 'HH:MM', to: 'HH:MM' } China time; NULL = always.
  enabled_hours jsonb,
  detect_fps real NOT NULL DEFAULT 5 CHECK (detect_fps > 0 AND detect_fps <= 15),
  enabled boolean NOT NULL DEFAULT true,
  snapshot_file_id uuid REFERENCES files(id),
  status text NOT NULL DEFAULT 'unknown' CHECK (status IN ('unknown', 'online', 'offline')),
  status_reason text,
  status_at timestamptz,
  -- Bumped by every change of the camera, its shapes or rules; workers reload on change.
  config_version integer NOT NULL DEFAULT 1,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  UNIQUE (station_id, code)
);
CREATE INDEX cameras_station_idx ON cameras (station_id, enabled);

CREATE TABLE camera_shapes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  camera_id uuid NOT NULL REFERENCES cameras(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('zone', 'line', 'mask')),
  name text NOT NULL,
  -- [[x, y], ...] normalised to [0, 1] of the frame.
  points jsonb NOT NULL,
  direction text NOT NULL DEFAULT 'any' CHECK (direction IN ('any', 'left_to_right', 'right_to_left')),
  sort integer NOT NULL DEFAULT 0
);
CREATE INDEX camera_shapes_camera_idx ON camera_shapes (camera_id, sort);

CREATE TABLE camera_rules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  camera_id uuid NOT NULL REFERENCES cameras(id) ON DELETE CASCADE,
  name text NOT NULL,
  template text,
  -- The rule specification as validated by the contract (kind, classes, zone, line, dwell ...).
  spec jsonb NOT NULL,
  category_code text NOT NULL REFERENCES incident_categories(code),
  raise_incident boolean NOT NULL DEFAULT true,
  violation boolean NOT NULL DEFAULT false,
  enabled boolean NOT NULL DEFAULT true,
  created_by uuid,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX camera_rules_camera_idx ON camera_rules (camera_id);

-- One row per leased camera; a lease whose expires_at has passed may be taken by another worker.
CREATE TABLE camera_leases (
  camera_id uuid PRIMARY KEY REFERENCES cameras(id) ON DELETE CASCADE,
  worker_id text NOT NULL,
  claimed_at timestamptz NOT NULL,
  heartbeat_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX camera_leases_worker_idx ON camera_leases (worker_id);

CREATE TABLE camera_events (
  -- Chosen by the worker, so a replay after a restart is recognised.
  id uuid PRIMARY KEY,
  station_id uuid NOT NULL REFERENCES stations(id),
  camera_id uuid NOT NULL REFERENCES cameras(id),
  rule_id uuid NOT NULL REFERENCES camera_rules(id),
  kind text NOT NULL,
  occurred_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  worker_id text NOT NULL,
  track_id integer,
  object_class text,
  confidence real NOT NULL,
  bbox jsonb,
  object_count integer,
  speed_kmh real,
  dwell_seconds real,
  plate text,
  plate_status text NOT NULL DEFAULT 'not_applicable' CHECK (plate_status IN ('read', 'unreadable', 'not_applicable')),
  incident_id uuid REFERENCES incidents(id),
  violation boolean NOT NULL DEFAULT false,
  review_status text NOT NULL DEFAULT 'pending' CHECK (review_status IN ('pending', 'confirmed', 'rejected')),
  review_reason text,
  reviewed_by uuid,
  reviewed_by_name text,
  reviewed_at timestamptz
);
CREATE INDEX camera_events_camera_idx ON camera_events (camera_id, occurred_at DESC);
CREATE INDEX camera_events_station_idx ON camera_events (station_id, occurred_at DESC);
CREATE INDEX camera_events_review_idx ON camera_events (station_id, review_status, occurred_at) WHERE violation;
CREATE INDEX camera_events_rule_idx ON camera_events (rule_id);

CREATE TABLE camera_evidence (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  event_id uuid NOT NULL REFERENCES camera_events(id) ON DELETE CASCADE,
  file_id uuid NOT NULL REFERENCES files(id),
  role text NOT NULL CHECK (role IN ('before', 'during', 'after', 'plate', 'clip')),
  captured_at timestamptz NOT NULL,
  sha256 text NOT NULL,
  sort integer NOT NULL
);
CREATE INDEX camera_evidence_event_idx ON camera_evidence (event_id, sort);

-- Worker tokens issued by the system administrator (besides FENGQIAO_VISION_TOKEN): only the hash is kept.
CREATE TABLE vision_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  token_sha256 text NOT NULL UNIQUE,
  created_by uuid,
  created_at timestamptz NOT NULL,
  last_used_at timestamptz,
  revoked_at timestamptz
);
