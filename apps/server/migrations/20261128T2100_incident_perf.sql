-- Command room at a million incidents: indexes shaped like the board's and
-- the lists' queries, trigram search, and daily rollups kept current by the
-- writes themselves (deferred triggers: same transaction, applied at
-- commit, so the rollup rows are locked only while the transaction commits
-- and concurrent ingest does not queue on them). Nothing here is a cache.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- ---------------------------------------------------------------- board
-- The nearest open deadline of an incident's orders: the least of each open
-- order's unmet milestones (acknowledge, arrive, resolve). Kept by the
-- dispatch service in the transaction that issues or moves an order, so the
-- board can order by it in an index.
ALTER TABLE incidents ADD COLUMN next_deadline_at timestamptz;
UPDATE incidents i SET next_deadline_at = d.at
  FROM (SELECT incident_id,
               min(least(CASE WHEN acknowledged_at IS NULL THEN ack_due_at END,
                         CASE WHEN on_scene_at IS NULL THEN arrive_due_at END,
                         CASE WHEN resolved_at IS NULL THEN resolve_due_at END)) AS at
          FROM dispatch_orders WHERE status IN ('issued', 'acknowledged', 'en_route', 'on_scene')
         GROUP BY incident_id) d
 WHERE d.incident_id = i.id AND d.at IS NOT NULL;

-- One queue (a single status) in board order: priority, nearest deadline,
-- newest first. LIMIT reads the first rows of the index and stops.
CREATE INDEX incidents_board_idx ON incidents (station_id, status,
  (CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END),
  next_deadline_at, created_at DESC)
  WHERE status NOT IN ('closed', 'transferred');
-- The board index serves every open-status list the old one did.
DROP INDEX incidents_open_idx;
-- The same for staff scoped to grids: their grids' queues.
CREATE INDEX incidents_grid_board_idx ON incidents (grid_id, status,
  (CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END),
  next_deadline_at, created_at DESC)
  WHERE status NOT IN ('closed', 'transferred');
-- Staff scoped to grids also see incidents they were sent to elsewhere. An
-- order keeps its incident's grid (which never changes), so those are read
-- from the person's orders in the index alone, without visiting incidents.
ALTER TABLE dispatch_orders ADD COLUMN grid_id uuid;
UPDATE dispatch_orders o SET grid_id = i.grid_id FROM incidents i WHERE i.id = o.incident_id AND i.grid_id IS NOT NULL;
DROP INDEX dispatch_orders_person_idx;
CREATE INDEX dispatch_orders_person_idx ON dispatch_orders (assignee_person_id, status) INCLUDE (incident_id, grid_id);

-- ---------------------------------------------------------------- lists
-- A category (or a top-level category and its children) over the station.
CREATE INDEX incidents_category_idx ON incidents (station_id, category_code, created_at DESC);

-- Text search in summary and address (LIKE '%…%' with three or more
-- characters; Chinese text makes trigrams of characters). fastupdate off:
-- each insert updates the index itself, so no unlucky insert pays for
-- flushing a pending list.
CREATE INDEX incidents_summary_trgm_idx ON incidents USING gin (summary gin_trgm_ops) WITH (fastupdate = off);
CREATE INDEX incidents_address_trgm_idx ON incidents USING gin (address gin_trgm_ops) WITH (fastupdate = off);

-- ---------------------------------------------------------------- analysis
-- Repeats: one address's or caller's reports in a period, counted and
-- their categories mixed from the index alone (the newest few are fetched).
CREATE INDEX incidents_repeat_address_idx ON incidents (station_id, address_key, reported_at) INCLUDE (category_code)
  WHERE duplicate_of IS NULL AND address_key IS NOT NULL;
CREATE INDEX incidents_repeat_caller_idx ON incidents (station_id, caller_phone_bidx, reported_at) INCLUDE (category_code)
  WHERE duplicate_of IS NULL AND caller_phone_bidx IS NOT NULL;

-- Heat map of one category (or a top-level one and its children): its rows of the hourly rollup only.
CREATE INDEX incident_hourly_category_idx ON incident_hourly (station_id, category_code, day) INCLUDE (grid_id, hour, n);

-- Summary by status: every incident not closed (open or transferred) by
-- report time; the closed ones are the rollup's total less these.
CREATE INDEX incidents_unclosed_idx ON incidents (station_id, reported_at) INCLUDE (status, grid_id)
  WHERE status <> 'closed';
-- The rollups below answer what this index was for.
DROP INDEX incidents_analysis_idx;

-- Incidents reported per station, grid and local day, by source, priority
-- and team (which never change after intake).
CREATE TABLE incident_daily (
  station_id uuid NOT NULL,
  grid_id uuid,
  day date NOT NULL,
  n integer NOT NULL DEFAULT 0,
  source_call_110 integer NOT NULL DEFAULT 0,
  source_walk_in integer NOT NULL DEFAULT 0,
  source_online integer NOT NULL DEFAULT 0,
  source_volunteer integer NOT NULL DEFAULT 0,
  source_camera integer NOT NULL DEFAULT 0,
  source_patrol integer NOT NULL DEFAULT 0,
  priority_urgent integer NOT NULL DEFAULT 0,
  priority_high integer NOT NULL DEFAULT 0,
  priority_normal integer NOT NULL DEFAULT 0,
  priority_low integer NOT NULL DEFAULT 0,
  team_community integer NOT NULL DEFAULT 0,
  team_case integer NOT NULL DEFAULT 0,
  team_patrol integer NOT NULL DEFAULT 0,
  team_command_room integer NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX incident_daily_key_idx ON incident_daily (station_id, day, coalesce(grid_id, '00000000-0000-0000-0000-000000000000'::uuid));

-- Incidents reported per station, local day and category (station-wide
-- trends: a year is a few thousand rows) and the same per grid (trends of
-- a grid or of a grid officer's grids).
CREATE TABLE incident_category_daily (
  station_id uuid NOT NULL,
  day date NOT NULL,
  category_code text NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (station_id, day, category_code)
);
CREATE TABLE incident_grid_daily (
  station_id uuid NOT NULL,
  grid_id uuid NOT NULL,
  day date NOT NULL,
  category_code text NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (grid_id, day, category_code)
);

-- Every address and caller of a station's reports (near-duplicates left
-- out): how many reports ever and the latest. A key's count over any period
-- is at most its count ever, so the repeats over a long period need exact
-- counts only for the keys whose count ever reaches the busiest ones'.
CREATE TABLE incident_repeat_keys (
  station_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('address', 'caller')),
  key text NOT NULL,
  n integer NOT NULL,
  last_at timestamptz NOT NULL,
  PRIMARY KEY (station_id, kind, key)
);
CREATE INDEX incident_repeat_keys_busy_idx ON incident_repeat_keys (station_id, kind, n DESC);

-- Orders to a person, unit or team (not to another agency) per station,
-- incident grid and local day of issue: how many, acknowledged, on scene,
-- the seconds those took in total, and how many breached a deadline.
CREATE TABLE order_daily (
  station_id uuid NOT NULL,
  grid_id uuid,
  day date NOT NULL,
  n integer NOT NULL DEFAULT 0,
  acknowledged integer NOT NULL DEFAULT 0,
  on_scene integer NOT NULL DEFAULT 0,
  ack_seconds numeric NOT NULL DEFAULT 0,
  on_scene_seconds numeric NOT NULL DEFAULT 0,
  breached integer NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX order_daily_key_idx ON order_daily (station_id, day, coalesce(grid_id, '00000000-0000-0000-0000-000000000000'::uuid));

-- A new incident counts in the hourly and daily rollups and for its address
-- and caller (category, source, priority, team, grid, report time, address,
-- caller and near-duplicate link are fixed at intake).
CREATE FUNCTION incident_rollups_insert() RETURNS trigger LANGUAGE plpgsql AS $$
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
  END IF;
  IF NEW.duplicate_of IS NULL AND NEW.caller_phone_bidx IS NOT NULL THEN
    INSERT INTO incident_repeat_keys AS k (station_id, kind, key, n, last_at)
    VALUES (NEW.station_id, 'caller', NEW.caller_phone_bidx, 1, NEW.reported_at)
    ON CONFLICT (station_id, kind, key) DO UPDATE SET n = k.n + 1, last_at = greatest(k.last_at, excluded.last_at);
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

CREATE CONSTRAINT TRIGGER incidents_rollups AFTER INSERT ON incidents
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION incident_rollups_insert();

-- An order counts when issued; acknowledging, arriving and breaching move
-- its counts (station, issue time, incident and grid never change).
CREATE FUNCTION order_daily_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  counted boolean := NEW.assignee_kind <> 'agency';
  d_n integer := counted::int;
  d_ack integer := (counted AND NEW.acknowledged_at IS NOT NULL)::int;
  d_scene integer := (counted AND NEW.on_scene_at IS NOT NULL)::int;
  d_ack_s numeric := CASE WHEN counted AND NEW.acknowledged_at IS NOT NULL
                          THEN extract(epoch FROM NEW.acknowledged_at - NEW.issued_at) ELSE 0 END;
  d_scene_s numeric := CASE WHEN counted AND NEW.on_scene_at IS NOT NULL
                            THEN extract(epoch FROM NEW.on_scene_at - NEW.issued_at) ELSE 0 END;
  d_breached integer := (counted AND cardinality(NEW.breaches) > 0)::int;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF OLD.assignee_kind <> 'agency' THEN
      d_n := d_n - 1;
      d_ack := d_ack - (OLD.acknowledged_at IS NOT NULL)::int;
      d_scene := d_scene - (OLD.on_scene_at IS NOT NULL)::int;
      d_ack_s := d_ack_s - CASE WHEN OLD.acknowledged_at IS NOT NULL
                                THEN extract(epoch FROM OLD.acknowledged_at - OLD.issued_at) ELSE 0 END;
      d_scene_s := d_scene_s - CASE WHEN OLD.on_scene_at IS NOT NULL
                                    THEN extract(epoch FROM OLD.on_scene_at - OLD.issued_at) ELSE 0 END;
      d_breached := d_breached - (cardinality(OLD.breaches) > 0)::int;
    END IF;
  END IF;
  IF d_n = 0 AND d_ack = 0 AND d_scene = 0 AND d_ack_s = 0 AND d_scene_s = 0 AND d_breached = 0 THEN
    RETURN NULL;
  END IF;
  INSERT INTO order_daily AS o (station_id, grid_id, day, n, acknowledged, on_scene, ack_seconds, on_scene_seconds, breached)
  VALUES (NEW.station_id, NEW.grid_id, (NEW.issued_at AT TIME ZONE 'Asia/Shanghai')::date,
          d_n, d_ack, d_scene, d_ack_s, d_scene_s, d_breached)
  ON CONFLICT (station_id, day, coalesce(grid_id, '00000000-0000-0000-0000-000000000000'::uuid))
  DO UPDATE SET n = o.n + excluded.n,
    acknowledged = o.acknowledged + excluded.acknowledged,
    on_scene = o.on_scene + excluded.on_scene,
    ack_seconds = o.ack_seconds + excluded.ack_seconds,
    on_scene_seconds = o.on_scene_seconds + excluded.on_scene_seconds,
    breached = o.breached + excluded.breached;
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER dispatch_orders_daily_insert AFTER INSERT ON dispatch_orders
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION order_daily_apply();
CREATE CONSTRAINT TRIGGER dispatch_orders_daily_update AFTER UPDATE ON dispatch_orders
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (OLD.acknowledged_at IS DISTINCT FROM NEW.acknowledged_at
        OR OLD.on_scene_at IS DISTINCT FROM NEW.on_scene_at
        OR cardinality(OLD.breaches) <> cardinality(NEW.breaches)
        OR OLD.assignee_kind IS DISTINCT FROM NEW.assignee_kind)
  EXECUTE FUNCTION order_daily_apply();

-- The rollups of the history already stored.
INSERT INTO incident_daily (station_id, grid_id, day, n,
  source_call_110, source_walk_in, source_online, source_volunteer, source_camera, source_patrol,
  priority_urgent, priority_high, priority_normal, priority_low,
  team_community, team_case, team_patrol, team_command_room)
SELECT station_id, grid_id, (reported_at AT TIME ZONE 'Asia/Shanghai')::date, count(*),
  count(*) FILTER (WHERE source = 'call_110'), count(*) FILTER (WHERE source = 'walk_in'),
  count(*) FILTER (WHERE source = 'online'), count(*) FILTER (WHERE source = 'volunteer'),
  count(*) FILTER (WHERE source = 'camera'), count(*) FILTER (WHERE source = 'patrol'),
  count(*) FILTER (WHERE priority = 'urgent'), count(*) FILTER (WHERE priority = 'high'),
  count(*) FILTER (WHERE priority = 'normal'), count(*) FILTER (WHERE priority = 'low'),
  count(*) FILTER (WHERE team = 'community'), count(*) FILTER (WHERE team = 'case'),
  count(*) FILTER (WHERE team = 'patrol'), count(*) FILTER (WHERE team = 'command_room')
  FROM incidents GROUP BY 1, 2, 3;

INSERT INTO incident_category_daily (station_id, day, category_code, n)
SELECT station_id, (reported_at AT TIME ZONE 'Asia/Shanghai')::date, category_code, count(*)
  FROM incidents GROUP BY 1, 2, 3;

INSERT INTO incident_grid_daily (station_id, grid_id, day, category_code, n)
SELECT station_id, grid_id, (reported_at AT TIME ZONE 'Asia/Shanghai')::date, category_code, count(*)
  FROM incidents WHERE grid_id IS NOT NULL GROUP BY 1, 2, 3, 4;

INSERT INTO incident_repeat_keys (station_id, kind, key, n, last_at)
SELECT station_id, 'address', address_key, count(*), max(reported_at)
  FROM incidents WHERE duplicate_of IS NULL AND address_key IS NOT NULL GROUP BY 1, 3
UNION ALL
SELECT station_id, 'caller', caller_phone_bidx, count(*), max(reported_at)
  FROM incidents WHERE duplicate_of IS NULL AND caller_phone_bidx IS NOT NULL GROUP BY 1, 3;

INSERT INTO order_daily (station_id, grid_id, day, n, acknowledged, on_scene, ack_seconds, on_scene_seconds, breached)
SELECT station_id, grid_id, (issued_at AT TIME ZONE 'Asia/Shanghai')::date, count(*),
  count(acknowledged_at), count(on_scene_at),
  coalesce(sum(extract(epoch FROM acknowledged_at - issued_at)), 0),
  coalesce(sum(extract(epoch FROM on_scene_at - issued_at)), 0),
  count(*) FILTER (WHERE cardinality(breaches) > 0)
  FROM dispatch_orders
 WHERE assignee_kind <> 'agency'
 GROUP BY 1, 2, 3;
