-- Platform foundation: stations, identity, sessions, audit, jobs, settings,
-- grids, units, places, roads, people. Forward-only; must run on PostgreSQL 15+.

CREATE TABLE stations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  name_en text,
  region_code text,
  address text,
  center_lng double precision,
  center_lat double precision,
  boundary jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- People the station works with: officers, auxiliaries, volunteers, grid
-- workers, mediators. Personal identifiers are encrypted (AES-256-GCM) with a
-- keyed blind index for exact lookup; the masked forms are kept for lists.
CREATE TABLE persons (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  station_id uuid NOT NULL REFERENCES stations(id),
  kind text NOT NULL CHECK (kind IN ('officer', 'auxiliary', 'volunteer', 'grid_worker', 'mediator')),
  name text NOT NULL,
  gender text CHECK (gender IN ('M', 'F')),
  birth_date date,
  team text CHECK (team IN ('leadership', 'command_room', 'community', 'case', 'patrol')),
  title text,
  badge_no text,
  id_number_enc text,
  id_number_bidx text,
  id_number_masked text,
  phone_enc text,
  phone_bidx text,
  phone_masked text,
  attributes jsonb NOT NULL DEFAULT '{}',
  demo_key text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX persons_station_kind_idx ON persons (station_id, kind);
CREATE INDEX persons_id_number_bidx_idx ON persons (id_number_bidx);
CREATE INDEX persons_phone_bidx_idx ON persons (phone_bidx);
CREATE UNIQUE INDEX persons_badge_idx ON persons (station_id, badge_no) WHERE badge_no IS NOT NULL;

CREATE TABLE app_users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  station_id uuid REFERENCES stations(id),
  person_id uuid REFERENCES persons(id),
  username text NOT NULL UNIQUE,
  display_name text NOT NULL,
  password_hash text NOT NULL,
  roles text[] NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  locked_at timestamptz,
  unlocked_at timestamptz,
  must_change_password boolean NOT NULL DEFAULT false,
  totp_secret_enc text,
  totp_pending_enc text,
  totp_enabled_at timestamptz,
  totp_last_step bigint,
  last_login_at timestamptz,
  password_changed_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX app_users_person_idx ON app_users (person_id);

CREATE TABLE login_attempts (
  id bigserial PRIMARY KEY,
  username text NOT NULL,
  user_id uuid REFERENCES app_users(id),
  ip text,
  at timestamptz NOT NULL,
  success boolean NOT NULL,
  reason text
);
CREATE INDEX login_attempts_user_at_idx ON login_attempts (user_id, at);

-- A session row is keyed by the SHA-256 of the cookie token, never the token.
CREATE TABLE sessions (
  id text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES app_users(id),
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  mfa_passed boolean NOT NULL DEFAULT false,
  ip text,
  user_agent text,
  ended_at timestamptz,
  end_reason text
);
CREATE INDEX sessions_user_idx ON sessions (user_id) WHERE ended_at IS NULL;

-- Append-only audit trail. Rows are sealed into a hash chain by the
-- audit.seal job (seal_seq order); triggers refuse deletes and any update
-- except the one-time sealing of an unsealed row.
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  station_id uuid,
  actor_id uuid,
  actor_name text,
  actor_roles text[] NOT NULL DEFAULT '{}',
  ip text,
  request_id text,
  action text NOT NULL,
  resource_type text,
  resource_id text,
  outcome text NOT NULL CHECK (outcome IN ('ok', 'denied', 'failed', 'error')),
  purpose text,
  details jsonb NOT NULL DEFAULT '{}',
  seal_seq bigint UNIQUE,
  prev_hash text,
  hash text
);
CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, at);
CREATE INDEX audit_log_resource_idx ON audit_log (resource_type, resource_id);
CREATE INDEX audit_log_action_idx ON audit_log (action, at);
CREATE INDEX audit_log_unsealed_idx ON audit_log (id) WHERE seal_seq IS NULL;

CREATE TABLE audit_seal_head (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  seq bigint NOT NULL,
  hash text NOT NULL,
  sealed_at timestamptz NOT NULL
);
INSERT INTO audit_seal_head (seq, hash, sealed_at) VALUES (0, 'genesis', now());

CREATE FUNCTION audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'audit_log is append-only';
  END IF;
  IF OLD.seal_seq IS NOT NULL
     OR NEW.id IS DISTINCT FROM OLD.id OR NEW.at IS DISTINCT FROM OLD.at
     OR NEW.station_id IS DISTINCT FROM OLD.station_id
     OR NEW.actor_id IS DISTINCT FROM OLD.actor_id OR NEW.actor_name IS DISTINCT FROM OLD.actor_name
     OR NEW.actor_roles IS DISTINCT FROM OLD.actor_roles OR NEW.ip IS DISTINCT FROM OLD.ip
     OR NEW.request_id IS DISTINCT FROM OLD.request_id
     OR NEW.action IS DISTINCT FROM OLD.action OR NEW.resource_type IS DISTINCT FROM OLD.resource_type
     OR NEW.resource_id IS DISTINCT FROM OLD.resource_id OR NEW.outcome IS DISTINCT FROM OLD.outcome
     OR NEW.purpose IS DISTINCT FROM OLD.purpose OR NEW.details IS DISTINCT FROM OLD.details THEN
    RAISE EXCEPTION 'audit_log rows cannot be changed';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_guard();
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_guard();

-- Jobs and timers: a due row is claimed with FOR UPDATE SKIP LOCKED and
-- completed in the same transaction as its effects.
CREATE TABLE jobs (
  id bigserial PRIMARY KEY,
  kind text NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}',
  run_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed', 'cancelled')),
  attempts integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL DEFAULT 5,
  last_error text,
  dedupe_key text,
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX jobs_due_idx ON jobs (run_at) WHERE status = 'pending';
CREATE UNIQUE INDEX jobs_dedupe_idx ON jobs (dedupe_key) WHERE status = 'pending' AND dedupe_key IS NOT NULL;

CREATE TABLE settings (
  station_id uuid REFERENCES stations(id),
  key text NOT NULL,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid
);
CREATE UNIQUE INDEX settings_key_idx ON settings (coalesce(station_id, '00000000-0000-0000-0000-000000000000'::uuid), key);

-- Geography. Geometry is GeoJSON in WGS-84; bbox columns serve range filters
-- and the in-memory spatial index does point lookups.
CREATE TABLE grids (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  station_id uuid NOT NULL REFERENCES stations(id),
  code text NOT NULL,
  name text NOT NULL,
  kind text NOT NULL DEFAULT 'urban' CHECK (kind IN ('urban', 'suburban', 'rural', 'industrial')),
  officer_person_id uuid REFERENCES persons(id),
  geometry jsonb NOT NULL,
  min_lng double precision NOT NULL,
  min_lat double precision NOT NULL,
  max_lng double precision NOT NULL,
  max_lat double precision NOT NULL,
  centroid_lng double precision NOT NULL,
  centroid_lat double precision NOT NULL,
  area_m2 double precision NOT NULL,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (station_id, code)
);

-- Which grids a person serves (community officer, auxiliaries, grid workers, volunteers).
CREATE TABLE person_grids (
  person_id uuid NOT NULL REFERENCES persons(id),
  grid_id uuid NOT NULL REFERENCES grids(id),
  PRIMARY KEY (person_id, grid_id)
);
CREATE INDEX person_grids_grid_idx ON person_grids (grid_id);

CREATE TABLE response_units (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  station_id uuid NOT NULL REFERENCES stations(id),
  grid_id uuid NOT NULL REFERENCES grids(id),
  code text NOT NULL,
  name text NOT NULL,
  leader_person_id uuid REFERENCES persons(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (station_id, code)
);
CREATE INDEX response_units_grid_idx ON response_units (grid_id);

CREATE TABLE unit_members (
  unit_id uuid NOT NULL REFERENCES response_units(id),
  person_id uuid NOT NULL REFERENCES persons(id),
  role text NOT NULL CHECK (role IN ('auxiliary', 'volunteer', 'grid_worker')),
  PRIMARY KEY (unit_id, person_id)
);
CREATE INDEX unit_members_person_idx ON unit_members (person_id);

CREATE TABLE places (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  station_id uuid NOT NULL REFERENCES stations(id),
  kind text NOT NULL,
  name text NOT NULL,
  grid_id uuid REFERENCES grids(id),
  lng double precision NOT NULL,
  lat double precision NOT NULL,
  polygon jsonb,
  attributes jsonb NOT NULL DEFAULT '{}',
  demo_key text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX places_station_kind_idx ON places (station_id, kind);
CREATE INDEX places_grid_idx ON places (grid_id);

CREATE TABLE roads (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  station_id uuid NOT NULL REFERENCES stations(id),
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('expressway', 'national', 'main', 'local')),
  line jsonb NOT NULL,
  demo_key text
);
