-- Command room at a million incidents, continued (docs/perf-notes-command-room.md):
-- the heat map (reports per grid and China-local hour of day) over a long
-- period. `incident_hourly` keeps the category in its key and held 0.88 rows
-- per incident at a million, so a year's heat map summed ~500k rows. These
-- two rollups drop the category: whole China-local months are read from
-- the monthly one (grids × 24 rows a month), the days of the partial months
-- at the period's edges from the daily one. Kept by the writes in their
-- transaction (deferred triggers, applied at commit), like the other
-- rollups, and exact under every change that moves an incident between
-- cells: a new incident, another grid, another report time, another
-- station, a removed incident. Near-duplicates count (the heat map counts
-- every report, as `incident_hourly` always has). The heat map of one
-- category still reads `incident_hourly` (its category index), which these
-- triggers now keep exact under the same changes (and a new category).

CREATE TABLE incident_grid_hour_daily (
  station_id uuid NOT NULL,
  grid_id uuid,
  day date NOT NULL,
  hour smallint NOT NULL,
  n integer NOT NULL
);
-- The station's rows of a range of days, with everything the heat map sums (grid scope filters the grid column).
CREATE UNIQUE INDEX incident_grid_hour_daily_key_idx ON incident_grid_hour_daily
  (station_id, day, hour, coalesce(grid_id, '00000000-0000-0000-0000-000000000000'::uuid)) INCLUDE (grid_id, n);

CREATE TABLE incident_grid_hour_monthly (
  station_id uuid NOT NULL,
  grid_id uuid,
  -- The first day of the China-local month.
  month date NOT NULL,
  hour smallint NOT NULL,
  n integer NOT NULL
);
CREATE UNIQUE INDEX incident_grid_hour_monthly_key_idx ON incident_grid_hour_monthly
  (station_id, month, hour, coalesce(grid_id, '00000000-0000-0000-0000-000000000000'::uuid)) INCLUDE (grid_id, n);

-- One incident joins (delta 1) or leaves (delta -1) its cells: its day and
-- its month by grid and hour, and its `incident_hourly` row (which has the
-- category). Rows that reach zero are removed.
CREATE FUNCTION incident_heat_apply(p_station uuid, p_grid uuid, p_category text, p_at timestamptz, p_delta integer)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  at_local timestamp := p_at AT TIME ZONE 'Asia/Shanghai';
  d date := at_local::date;
  m date := date_trunc('month', at_local)::date;
  h smallint := extract(hour FROM at_local)::smallint;
  g uuid := coalesce(p_grid, '00000000-0000-0000-0000-000000000000'::uuid);
BEGIN
  INSERT INTO incident_grid_hour_daily AS r (station_id, grid_id, day, hour, n)
  VALUES (p_station, p_grid, d, h, p_delta)
  ON CONFLICT (station_id, day, hour, coalesce(grid_id, '00000000-0000-0000-0000-000000000000'::uuid))
  DO UPDATE SET n = r.n + excluded.n;
  INSERT INTO incident_grid_hour_monthly AS r (station_id, grid_id, month, hour, n)
  VALUES (p_station, p_grid, m, h, p_delta)
  ON CONFLICT (station_id, month, hour, coalesce(grid_id, '00000000-0000-0000-0000-000000000000'::uuid))
  DO UPDATE SET n = r.n + excluded.n;
  INSERT INTO incident_hourly AS r (station_id, grid_id, category_code, day, hour, n)
  VALUES (p_station, p_grid, p_category, d, h, p_delta)
  ON CONFLICT (station_id, day, hour, category_code, coalesce(grid_id, '00000000-0000-0000-0000-000000000000'::uuid))
  DO UPDATE SET n = r.n + excluded.n;
  IF p_delta < 0 THEN
    DELETE FROM incident_grid_hour_daily
     WHERE station_id = p_station AND day = d AND hour = h
       AND coalesce(grid_id, '00000000-0000-0000-0000-000000000000'::uuid) = g AND n <= 0;
    DELETE FROM incident_grid_hour_monthly
     WHERE station_id = p_station AND month = m AND hour = h
       AND coalesce(grid_id, '00000000-0000-0000-0000-000000000000'::uuid) = g AND n <= 0;
    DELETE FROM incident_hourly
     WHERE station_id = p_station AND day = d AND hour = h AND category_code = p_category
       AND coalesce(grid_id, '00000000-0000-0000-0000-000000000000'::uuid) = g AND n <= 0;
  END IF;
END $$;

-- An incident given another grid, report time, category or station, or
-- removed: out of its old cells, into its new ones.
CREATE FUNCTION incident_heat_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM incident_heat_apply(OLD.station_id, OLD.grid_id, OLD.category_code, OLD.reported_at, -1);
  IF TG_OP = 'UPDATE' THEN
    PERFORM incident_heat_apply(NEW.station_id, NEW.grid_id, NEW.category_code, NEW.reported_at, 1);
  END IF;
  RETURN NULL;
END $$;

-- A new incident joins its day's and month's cells in the intake rollups'
-- own trigger (20261128T2345; unchanged otherwise): still one deferred
-- trigger call per insert.
CREATE OR REPLACE FUNCTION incident_rollups_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  at_local timestamp := NEW.reported_at AT TIME ZONE 'Asia/Shanghai';
BEGIN
  INSERT INTO incident_hourly AS h (station_id, grid_id, category_code, day, hour, n)
  VALUES (NEW.station_id, NEW.grid_id, NEW.category_code, at_local::date, extract(hour FROM at_local)::smallint, 1)
  ON CONFLICT (station_id, day, hour, category_code, coalesce(grid_id, '00000000-0000-0000-0000-000000000000'::uuid))
  DO UPDATE SET n = h.n + 1;
  INSERT INTO incident_grid_hour_daily AS h (station_id, grid_id, day, hour, n)
  VALUES (NEW.station_id, NEW.grid_id, at_local::date, extract(hour FROM at_local)::smallint, 1)
  ON CONFLICT (station_id, day, hour, coalesce(grid_id, '00000000-0000-0000-0000-000000000000'::uuid))
  DO UPDATE SET n = h.n + 1;
  INSERT INTO incident_grid_hour_monthly AS h (station_id, grid_id, month, hour, n)
  VALUES (NEW.station_id, NEW.grid_id, date_trunc('month', at_local)::date, extract(hour FROM at_local)::smallint, 1)
  ON CONFLICT (station_id, month, hour, coalesce(grid_id, '00000000-0000-0000-0000-000000000000'::uuid))
  DO UPDATE SET n = h.n + 1;
  INSERT INTO incident_category_daily AS c (station_id, day, category_code, n)
  VALUES (NEW.station_id, at_local::date, NEW.category_code, 1)
  ON CONFLICT (station_id, day, category_code) DO UPDATE SET n = c.n + 1;
  IF NEW.duplicate_of IS NULL AND NEW.address_key IS NOT NULL THEN
    INSERT INTO incident_repeat_keys AS k (station_id, kind, key, n, last_at)
    VALUES (NEW.station_id, 'address', NEW.address_key, 1, NEW.reported_at)
    ON CONFLICT (station_id, kind, key) DO UPDATE SET n = k.n + 1, last_at = greatest(k.last_at, excluded.last_at);
    INSERT INTO incident_repeat_monthly AS r (station_id, kind, key, month, n, last_at)
    VALUES (NEW.station_id, 'address', NEW.address_key, date_trunc('month', at_local)::date, 1, NEW.reported_at)
    ON CONFLICT (station_id, kind, key, month) DO UPDATE SET n = r.n + 1, last_at = greatest(r.last_at, excluded.last_at);
  END IF;
  IF NEW.duplicate_of IS NULL AND NEW.caller_phone_bidx IS NOT NULL THEN
    INSERT INTO incident_repeat_keys AS k (station_id, kind, key, n, last_at)
    VALUES (NEW.station_id, 'caller', NEW.caller_phone_bidx, 1, NEW.reported_at)
    ON CONFLICT (station_id, kind, key) DO UPDATE SET n = k.n + 1, last_at = greatest(k.last_at, excluded.last_at);
    INSERT INTO incident_repeat_monthly AS r (station_id, kind, key, month, n, last_at)
    VALUES (NEW.station_id, 'caller', NEW.caller_phone_bidx, date_trunc('month', at_local)::date, 1, NEW.reported_at)
    ON CONFLICT (station_id, kind, key, month) DO UPDATE SET n = r.n + 1, last_at = greatest(r.last_at, excluded.last_at);
  END IF;
  IF NEW.grid_id IS NOT NULL THEN
    INSERT INTO incident_grid_daily AS g (station_id, grid_id, day, category_code, n)
    VALUES (NEW.station_id, NEW.grid_id, at_local::date, NEW.category_code, 1)
    ON CONFLICT (grid_id, day, category_code) DO UPDATE SET n = g.n + 1;
  END IF;
  INSERT INTO incident_daily AS d (station_id, grid_id, day, n,
    source_call_110, source_walk_in, source_online, source_volunteer, source_camera, source_patrol,
    priority_urgent, priority_high, priority_normal, priority_low,
    team_community, team_case, team_patrol, team_command_room)
  VALUES (NEW.station_id, NEW.grid_id, at_local::date, 1,
    (NEW.source = 'call_110')::int, (NEW.source = 'walk_in')::int, (NEW.source = 'online')::int,
    (NEW.source = 'volunteer')::int, (NEW.source = 'camera')::int, (NEW.source = 'patrol')::int,
    (NEW.priority = 'urgent')::int, (NEW.priority = 'high')::int, (NEW.priority = 'normal')::int, (NEW.priority = 'low')::int,
    coalesce(NEW.team = 'community', false)::int, coalesce(NEW.team = 'case', false)::int,
    coalesce(NEW.team = 'patrol', false)::int, coalesce(NEW.team = 'command_room', false)::int)
  ON CONFLICT (station_id, day, coalesce(grid_id, '00000000-0000-0000-0000-000000000000'::uuid))
  DO UPDATE SET n = d.n + 1,
    source_call_110 = d.source_call_110 + excluded.source_call_110,
    source_walk_in = d.source_walk_in + excluded.source_walk_in,
    source_online = d.source_online + excluded.source_online,
    source_volunteer = d.source_volunteer + excluded.source_volunteer,
    source_camera = d.source_camera + excluded.source_camera,
    source_patrol = d.source_patrol + excluded.source_patrol,
    priority_urgent = d.priority_urgent + excluded.priority_urgent,
    priority_high = d.priority_high + excluded.priority_high,
    priority_normal = d.priority_normal + excluded.priority_normal,
    priority_low = d.priority_low + excluded.priority_low,
    team_community = d.team_community + excluded.team_community,
    team_case = d.team_case + excluded.team_case,
    team_patrol = d.team_patrol + excluded.team_patrol,
    team_command_room = d.team_command_room + excluded.team_command_room;
  RETURN NULL;
END $$;

-- Deferred like incidents_rollups: applied at commit, in the writing transaction.
CREATE CONSTRAINT TRIGGER incidents_heat_update AFTER UPDATE ON incidents
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (OLD.station_id IS DISTINCT FROM NEW.station_id OR OLD.grid_id IS DISTINCT FROM NEW.grid_id
        OR OLD.reported_at IS DISTINCT FROM NEW.reported_at OR OLD.category_code IS DISTINCT FROM NEW.category_code)
  EXECUTE FUNCTION incident_heat_change();
CREATE CONSTRAINT TRIGGER incidents_heat_delete AFTER DELETE ON incidents
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION incident_heat_change();

-- The history already stored, in key order (a period's rows then lie
-- together, as the live writes, which follow the clock, leave them).
INSERT INTO incident_grid_hour_daily (station_id, grid_id, day, hour, n)
SELECT station_id, grid_id, (reported_at AT TIME ZONE 'Asia/Shanghai')::date,
       extract(hour FROM reported_at AT TIME ZONE 'Asia/Shanghai')::smallint, count(*)
  FROM incidents GROUP BY 1, 2, 3, 4 ORDER BY 1, 3, 4;
INSERT INTO incident_grid_hour_monthly (station_id, grid_id, month, hour, n)
SELECT station_id, grid_id, date_trunc('month', day)::date, hour, sum(n)
  FROM incident_grid_hour_daily GROUP BY 1, 2, 3, 4 ORDER BY 1, 3, 4;

ANALYZE incident_grid_hour_daily;
ANALYZE incident_grid_hour_monthly;
