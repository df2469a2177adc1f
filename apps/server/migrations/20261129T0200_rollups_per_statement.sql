-- Intake stores reports in batches (one INSERT of many incidents, one of
-- many orders). The rollups of new incidents and new orders were deferred
-- row triggers: ~9 single-row upserts per incident in PL/pgSQL at commit,
-- about a third of PostgreSQL's CPU per report. They become statement-level
-- triggers over the statement's new rows: one grouped upsert per rollup
-- table per statement, same counts. Each upsert is ordered by its conflict
-- key, so concurrent writers lock rollup rows in one order (a deadlock is
-- still possible across tables and is retried by the writer, as before).
-- The triggers for updates and deletes stay deferred row triggers; they are
-- rare (no route moves an incident) and additive, so the order in which
-- insert and update triggers run does not change the result.

DROP TRIGGER incidents_rollups ON incidents;
DROP FUNCTION incident_rollups_insert();

CREATE FUNCTION incident_rollups_insert_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO incident_hourly AS h (station_id, grid_id, category_code, day, hour, n)
  SELECT station_id, grid_id, category_code, day, hour, count(*)
    FROM (SELECT station_id, grid_id, category_code, (reported_at AT TIME ZONE 'Asia/Shanghai')::date AS day,
                 extract(hour FROM reported_at AT TIME ZONE 'Asia/Shanghai')::smallint AS hour
            FROM new_rows) r
   GROUP BY station_id, day, hour, category_code, grid_id
   ORDER BY station_id, day, hour, category_code, grid_id
  ON CONFLICT (station_id, day, hour, category_code, coalesce(grid_id, '00000000-0000-0000-0000-000000000000'::uuid))
  DO UPDATE SET n = h.n + excluded.n;

  INSERT INTO incident_grid_hour_daily AS h (station_id, grid_id, day, hour, n)
  SELECT station_id, grid_id, day, hour, count(*)
    FROM (SELECT station_id, grid_id, (reported_at AT TIME ZONE 'Asia/Shanghai')::date AS day,
                 extract(hour FROM reported_at AT TIME ZONE 'Asia/Shanghai')::smallint AS hour
            FROM new_rows) r
   GROUP BY station_id, day, hour, grid_id
   ORDER BY station_id, day, hour, grid_id
  ON CONFLICT (station_id, day, hour, coalesce(grid_id, '00000000-0000-0000-0000-000000000000'::uuid))
  DO UPDATE SET n = h.n + excluded.n;

  INSERT INTO incident_grid_hour_monthly AS h (station_id, grid_id, month, hour, n)
  SELECT station_id, grid_id, month, hour, count(*)
    FROM (SELECT station_id, grid_id, date_trunc('month', reported_at AT TIME ZONE 'Asia/Shanghai')::date AS month,
                 extract(hour FROM reported_at AT TIME ZONE 'Asia/Shanghai')::smallint AS hour
            FROM new_rows) r
   GROUP BY station_id, month, hour, grid_id
   ORDER BY station_id, month, hour, grid_id
  ON CONFLICT (station_id, month, hour, coalesce(grid_id, '00000000-0000-0000-0000-000000000000'::uuid))
  DO UPDATE SET n = h.n + excluded.n;

  INSERT INTO incident_category_daily AS c (station_id, day, category_code, n)
  SELECT station_id, (reported_at AT TIME ZONE 'Asia/Shanghai')::date, category_code, count(*)
    FROM new_rows GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (station_id, day, category_code) DO UPDATE SET n = c.n + excluded.n;

  -- Repeat addresses and callers count reports that are not near-duplicates.
  INSERT INTO incident_repeat_keys AS k (station_id, kind, key, n, last_at)
  SELECT station_id, kind, key, count(*), max(reported_at)
    FROM (SELECT station_id, 'address' AS kind, address_key AS key, reported_at FROM new_rows
           WHERE duplicate_of IS NULL AND address_key IS NOT NULL
          UNION ALL
          SELECT station_id, 'caller', caller_phone_bidx, reported_at FROM new_rows
           WHERE duplicate_of IS NULL AND caller_phone_bidx IS NOT NULL) r
   GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (station_id, kind, key) DO UPDATE SET n = k.n + excluded.n, last_at = greatest(k.last_at, excluded.last_at);

  INSERT INTO incident_repeat_monthly AS m (station_id, kind, key, month, n, last_at)
  SELECT station_id, kind, key, date_trunc('month', reported_at AT TIME ZONE 'Asia/Shanghai')::date, count(*), max(reported_at)
    FROM (SELECT station_id, 'address' AS kind, address_key AS key, reported_at FROM new_rows
           WHERE duplicate_of IS NULL AND address_key IS NOT NULL
          UNION ALL
          SELECT station_id, 'caller', caller_phone_bidx, reported_at FROM new_rows
           WHERE duplicate_of IS NULL AND caller_phone_bidx IS NOT NULL) r
   GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT (station_id, kind, key, month) DO UPDATE SET n = m.n + excluded.n, last_at = greatest(m.last_at, excluded.last_at);

  INSERT INTO incident_grid_daily AS g (station_id, grid_id, day, category_code, n)
  SELECT station_id, grid_id, (reported_at AT TIME ZONE 'Asia/Shanghai')::date, category_code, count(*)
    FROM new_rows WHERE grid_id IS NOT NULL
   GROUP BY 1, 2, 3, 4 ORDER BY 2, 3, 4, 1
  ON CONFLICT (grid_id, day, category_code) DO UPDATE SET n = g.n + excluded.n;

  INSERT INTO incident_daily AS d (station_id, grid_id, day, n,
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
    FROM new_rows GROUP BY 1, 2, 3 ORDER BY 1, 3, 2
  ON CONFLICT (station_id, day, coalesce(grid_id, '00000000-0000-0000-0000-000000000000'::uuid))
  DO UPDATE SET n = d.n + excluded.n,
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

CREATE TRIGGER incidents_rollups AFTER INSERT ON incidents
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION incident_rollups_insert_rows();

-- New orders: counted when issued (agency transfers are not), with whatever
-- they already carry; later changes go through the deferred update trigger.
DROP TRIGGER dispatch_orders_daily_insert ON dispatch_orders;

CREATE FUNCTION order_daily_insert_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO order_daily AS o (station_id, grid_id, day, n, acknowledged, on_scene, ack_seconds, on_scene_seconds, breached)
  SELECT station_id, grid_id, (issued_at AT TIME ZONE 'Asia/Shanghai')::date, count(*),
         count(*) FILTER (WHERE acknowledged_at IS NOT NULL),
         count(*) FILTER (WHERE on_scene_at IS NOT NULL),
         coalesce(sum(extract(epoch FROM acknowledged_at - issued_at)), 0),
         coalesce(sum(extract(epoch FROM on_scene_at - issued_at)), 0),
         count(*) FILTER (WHERE cardinality(breaches) > 0)
    FROM new_rows WHERE assignee_kind <> 'agency'
   GROUP BY 1, 2, 3 ORDER BY 1, 3, 2
  ON CONFLICT (station_id, day, coalesce(grid_id, '00000000-0000-0000-0000-000000000000'::uuid))
  DO UPDATE SET n = o.n + excluded.n,
    acknowledged = o.acknowledged + excluded.acknowledged,
    on_scene = o.on_scene + excluded.on_scene,
    ack_seconds = o.ack_seconds + excluded.ack_seconds,
    on_scene_seconds = o.on_scene_seconds + excluded.on_scene_seconds,
    breached = o.breached + excluded.breached;
  RETURN NULL;
END $$;

CREATE TRIGGER dispatch_orders_daily_insert AFTER INSERT ON dispatch_orders
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION order_daily_insert_rows();
