-- Command room at a million incidents, continued (docs/perf-notes-command-room.md).

-- ---------------------------------------------------------------- board
-- Who is busy: the open orders per person and unit, counted from the index
-- alone, in group order (the board read ~27k order rows from the heap).
CREATE INDEX dispatch_orders_open_load_idx ON dispatch_orders (station_id, assignee_person_id, assignee_unit_id)
  INCLUDE (status) WHERE status IN ('issued', 'acknowledged', 'en_route', 'on_scene');

-- ---------------------------------------------------------------- repeats
-- Reports per station, address or caller and China-local month (near-
-- duplicates left out), and the latest of them. The repeats over a long
-- period count the busiest keys exactly; a busy address has hundreds of
-- reports a year but twelve rows here, so a key's count is a short index
-- range. (A per-day rollup was measured first: at this density an address
-- is reported about once on a day it is reported at all, so it held 0.9
-- rows per report and saved nothing.) Kept by the writes in their
-- transaction, like the other rollups; a period that starts inside a month
-- counts that first month from the incidents.
CREATE TABLE incident_repeat_monthly (
  station_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('address', 'caller')),
  key text NOT NULL,
  month date NOT NULL,
  n integer NOT NULL,
  last_at timestamptz NOT NULL,
  PRIMARY KEY (station_id, kind, key, month) INCLUDE (n, last_at)
);

-- One incident joins (delta 1) or leaves (delta -1) its address's or
-- caller's month and the counts ever (incident_repeat_keys). Leaving reads the
-- latest remaining report from the incidents (the row has already changed
-- or gone when this runs), and drops rows that reach zero.
CREATE FUNCTION incident_repeat_apply(p_station uuid, p_kind text, p_key text, p_at timestamptz, p_delta integer)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  m date := date_trunc('month', p_at AT TIME ZONE 'Asia/Shanghai')::date;
  m_start timestamptz := m::timestamp AT TIME ZONE 'Asia/Shanghai';
  m_end timestamptz := (m + interval '1 month')::timestamp AT TIME ZONE 'Asia/Shanghai';
  latest timestamptz;
BEGIN
  IF p_key IS NULL THEN RETURN; END IF;
  IF p_delta > 0 THEN
    INSERT INTO incident_repeat_monthly AS r (station_id, kind, key, month, n, last_at)
    VALUES (p_station, p_kind, p_key, m, 1, p_at)
    ON CONFLICT (station_id, kind, key, month) DO UPDATE SET n = r.n + 1, last_at = greatest(r.last_at, excluded.last_at);
    RETURN;
  END IF;
  IF p_kind = 'address' THEN
    SELECT max(reported_at) INTO latest FROM incidents
     WHERE station_id = p_station AND address_key = p_key AND duplicate_of IS NULL
       AND reported_at >= m_start AND reported_at < m_end;
  ELSE
    SELECT max(reported_at) INTO latest FROM incidents
     WHERE station_id = p_station AND caller_phone_bidx = p_key AND duplicate_of IS NULL
       AND reported_at >= m_start AND reported_at < m_end;
  END IF;
  UPDATE incident_repeat_monthly SET n = n - 1, last_at = coalesce(latest, last_at)
   WHERE station_id = p_station AND kind = p_kind AND key = p_key AND month = m;
  DELETE FROM incident_repeat_monthly WHERE station_id = p_station AND kind = p_kind AND key = p_key AND month = m AND n <= 0;
  IF p_kind = 'address' THEN
    SELECT max(reported_at) INTO latest FROM incidents
     WHERE station_id = p_station AND address_key = p_key AND duplicate_of IS NULL;
  ELSE
    SELECT max(reported_at) INTO latest FROM incidents
     WHERE station_id = p_station AND caller_phone_bidx = p_key AND duplicate_of IS NULL;
  END IF;
  UPDATE incident_repeat_keys SET n = n - 1, last_at = coalesce(latest, last_at)
   WHERE station_id = p_station AND kind = p_kind AND key = p_key;
  DELETE FROM incident_repeat_keys WHERE station_id = p_station AND kind = p_kind AND key = p_key AND n <= 0;
END $$;

-- An incident marked a duplicate (or no longer one), given another address
-- or caller, another report time, or removed: out of its old groups, into
-- its new ones, in the monthly rollup and the counts ever alike.
CREATE FUNCTION incident_repeat_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.duplicate_of IS NULL THEN
    PERFORM incident_repeat_apply(OLD.station_id, 'address', OLD.address_key, OLD.reported_at, -1);
    PERFORM incident_repeat_apply(OLD.station_id, 'caller', OLD.caller_phone_bidx, OLD.reported_at, -1);
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.duplicate_of IS NULL THEN
    PERFORM incident_repeat_apply(NEW.station_id, 'address', NEW.address_key, NEW.reported_at, 1);
    PERFORM incident_repeat_apply(NEW.station_id, 'caller', NEW.caller_phone_bidx, NEW.reported_at, 1);
    IF NEW.address_key IS NOT NULL THEN
      INSERT INTO incident_repeat_keys AS k (station_id, kind, key, n, last_at)
      VALUES (NEW.station_id, 'address', NEW.address_key, 1, NEW.reported_at)
      ON CONFLICT (station_id, kind, key) DO UPDATE SET n = k.n + 1, last_at = greatest(k.last_at, excluded.last_at);
    END IF;
    IF NEW.caller_phone_bidx IS NOT NULL THEN
      INSERT INTO incident_repeat_keys AS k (station_id, kind, key, n, last_at)
      VALUES (NEW.station_id, 'caller', NEW.caller_phone_bidx, 1, NEW.reported_at)
      ON CONFLICT (station_id, kind, key) DO UPDATE SET n = k.n + 1, last_at = greatest(k.last_at, excluded.last_at);
    END IF;
  END IF;
  RETURN NULL;
END $$;

-- A new incident joins its address's and caller's month in the intake
-- rollups' own trigger (20261128T2100; unchanged otherwise): one deferred
-- trigger call per insert, not two.
CREATE OR REPLACE FUNCTION incident_rollups_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  at_local timestamp := NEW.reported_at AT TIME ZONE 'Asia/Shanghai';
BEGIN
  INSERT INTO incident_hourly AS h (station_id, grid_id, category_code, day, hour, n)
  VALUES (NEW.station_id, NEW.grid_id, NEW.category_code, at_local::date, extract(hour FROM at_local)::smallint, 1)
  ON CONFLICT (station_id, day, hour, category_code, coalesce(grid_id, '00000000-0000-0000-0000-000000000000'::uuid))
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
CREATE CONSTRAINT TRIGGER incidents_repeat_update AFTER UPDATE ON incidents
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (OLD.station_id IS DISTINCT FROM NEW.station_id OR OLD.address_key IS DISTINCT FROM NEW.address_key
        OR OLD.caller_phone_bidx IS DISTINCT FROM NEW.caller_phone_bidx OR OLD.duplicate_of IS DISTINCT FROM NEW.duplicate_of
        OR OLD.reported_at IS DISTINCT FROM NEW.reported_at)
  EXECUTE FUNCTION incident_repeat_change();
CREATE CONSTRAINT TRIGGER incidents_repeat_delete AFTER DELETE ON incidents
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION incident_repeat_change();

-- The history already stored.
INSERT INTO incident_repeat_monthly (station_id, kind, key, month, n, last_at)
SELECT station_id, 'address', address_key, date_trunc('month', reported_at AT TIME ZONE 'Asia/Shanghai')::date,
       count(*), max(reported_at)
  FROM incidents WHERE duplicate_of IS NULL AND address_key IS NOT NULL GROUP BY 1, 3, 4
UNION ALL
SELECT station_id, 'caller', caller_phone_bidx, date_trunc('month', reported_at AT TIME ZONE 'Asia/Shanghai')::date,
       count(*), max(reported_at)
  FROM incidents WHERE duplicate_of IS NULL AND caller_phone_bidx IS NOT NULL GROUP BY 1, 3, 4;

ANALYZE incident_repeat_monthly;
