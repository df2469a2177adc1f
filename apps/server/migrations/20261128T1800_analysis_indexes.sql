-- Analysis over a million incidents without caches. Every analysis query
-- reads one station's (or a few grids') rows for a period through an index
-- led by (station or grid, time) that carries the columns it counts by, so
-- the period is scanned from the index alone once history is vacuumed.

-- Summary: incidents reported in a period by source, status, priority, team.
CREATE INDEX incidents_analysis_idx ON incidents (station_id, reported_at)
  INCLUDE (source, status, priority, team);

-- The same for staff scoped to grids; the incident id serves the semi-join
-- from their grids' incidents to dispatch orders.
CREATE INDEX incidents_grid_analysis_idx ON incidents (grid_id, reported_at)
  INCLUDE (id, station_id, source, status, priority, team);

-- Repeat addresses and callers (near-duplicates repeat one event: left out).
CREATE INDEX incidents_repeats_idx ON incidents (station_id, reported_at)
  INCLUDE (grid_id, address_key, caller_phone_bidx) WHERE duplicate_of IS NULL;

-- Response times and breaches of the orders issued in a period.
CREATE INDEX dispatch_orders_analysis_idx ON dispatch_orders (station_id, issued_at)
  INCLUDE (incident_id, assignee_kind, acknowledged_at, on_scene_at, breaches);

-- Heat map and trends: the hourly rollup by station and day.
CREATE INDEX incident_hourly_analysis_idx ON incident_hourly (station_id, day)
  INCLUDE (grid_id, category_code, hour, n);
