-- Multi-station tenancy: a county (县/区公安局) above its stations. Every
-- record already carries its station; a county user reads the stations of
-- their county and writes nothing there. Forward-only; runs on PostgreSQL 15+.

CREATE TABLE counties (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  name_en text,
  region_code text,
  created_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE stations ADD COLUMN county_id uuid REFERENCES counties(id);
CREATE INDEX stations_county_idx ON stations (county_id);

-- A county account belongs to the county, not to a station; a station
-- account's county is its station's.
ALTER TABLE app_users ADD COLUMN county_id uuid REFERENCES counties(id);
CREATE INDEX app_users_county_idx ON app_users (county_id) WHERE county_id IS NOT NULL;
