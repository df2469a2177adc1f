-- Station leadership: per-day rollups of the heaviest record sets, kept by
-- triggers in the same transaction as the writes, and the indexes the
-- cameras' and traffic record sets read by period (docs/leadership.md).
--
-- leadership_daily holds, per record set, station, grid and China day, the
-- records and Σ value of exactly the rows the record set (the drill-down)
-- selects. Every write to a row that feeds one subtracts the row's old
-- contribution and adds its new one, so a figure read from here equals the
-- count over the records at any moment a transaction can see.
CREATE TABLE leadership_daily (
  source text NOT NULL,
  station_id uuid NOT NULL,
  grid_id uuid,
  day date NOT NULL,
  n integer NOT NULL,
  -- numeric, so subtracting a contribution cancels it exactly.
  total numeric NOT NULL
);
CREATE UNIQUE INDEX leadership_daily_key_idx ON leadership_daily
  (source, station_id, day, (coalesce(grid_id, '00000000-0000-0000-0000-000000000000'::uuid)));

CREATE FUNCTION leadership_daily_add(p_source text, p_station uuid, p_grid uuid, p_at timestamptz, p_n integer, p_total numeric)
RETURNS void LANGUAGE sql AS $$
  INSERT INTO leadership_daily AS d (source, station_id, grid_id, day, n, total)
  VALUES (p_source, p_station, p_grid, (p_at AT TIME ZONE 'Asia/Shanghai')::date, p_n, p_total)
  ON CONFLICT (source, station_id, day, (coalesce(grid_id, '00000000-0000-0000-0000-000000000000'::uuid)))
  DO UPDATE SET n = d.n + excluded.n, total = d.total + excluded.total;
$$;

-- ------------------------------------------------ incidents.received
-- Rows: incidents not marked a duplicate of another; at = reported_at.
CREATE FUNCTION leadership_incidents_ins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO leadership_daily AS d (source, station_id, grid_id, day, n, total)
  SELECT 'incidents.received', station_id, grid_id, (reported_at AT TIME ZONE 'Asia/Shanghai')::date, count(*), count(*)
    FROM new_rows WHERE duplicate_of IS NULL GROUP BY 2, 3, 4
  ON CONFLICT (source, station_id, day, (coalesce(grid_id, '00000000-0000-0000-0000-000000000000'::uuid)))
  DO UPDATE SET n = d.n + excluded.n, total = d.total + excluded.total;
  RETURN NULL;
END $$;

CREATE FUNCTION leadership_incidents_upd() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE o record;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.duplicate_of IS NULL THEN
    PERFORM leadership_daily_add('incidents.received', OLD.station_id, OLD.grid_id, OLD.reported_at, -1, -1);
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.duplicate_of IS NULL THEN
    PERFORM leadership_daily_add('incidents.received', NEW.station_id, NEW.grid_id, NEW.reported_at, 1, 1);
  END IF;
  -- Resolved orders count in their incident's grid: moving the incident moves them.
  IF TG_OP = 'UPDATE' AND OLD.grid_id IS DISTINCT FROM NEW.grid_id THEN
    FOR o IN SELECT station_id, resolved_at, resolve_due_at FROM dispatch_orders
             WHERE incident_id = NEW.id AND resolved_at IS NOT NULL LOOP
      PERFORM leadership_daily_add('orders.resolved', o.station_id, OLD.grid_id, o.resolved_at, -1,
        -(CASE WHEN o.resolve_due_at IS NULL OR o.resolved_at <= o.resolve_due_at THEN 1 ELSE 0 END));
      PERFORM leadership_daily_add('orders.resolved', o.station_id, NEW.grid_id, o.resolved_at, 1,
        CASE WHEN o.resolve_due_at IS NULL OR o.resolved_at <= o.resolve_due_at THEN 1 ELSE 0 END);
    END LOOP;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER leadership_incidents_ins AFTER INSERT ON incidents
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION leadership_incidents_ins();
CREATE TRIGGER leadership_incidents_upd AFTER UPDATE ON incidents FOR EACH ROW
  WHEN (OLD.station_id IS DISTINCT FROM NEW.station_id OR OLD.grid_id IS DISTINCT FROM NEW.grid_id
        OR OLD.reported_at IS DISTINCT FROM NEW.reported_at OR OLD.duplicate_of IS DISTINCT FROM NEW.duplicate_of)
  EXECUTE FUNCTION leadership_incidents_upd();
CREATE TRIGGER leadership_incidents_del AFTER DELETE ON incidents FOR EACH ROW
  EXECUTE FUNCTION leadership_incidents_upd();

-- ------------------------------------------------ orders.resolved
-- Rows: orders with resolved_at; grid = the incident's; total = 1 when on time.
CREATE FUNCTION leadership_orders_ins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO leadership_daily AS d (source, station_id, grid_id, day, n, total)
  SELECT 'orders.resolved', o.station_id, i.grid_id, (o.resolved_at AT TIME ZONE 'Asia/Shanghai')::date, count(*),
         count(*) FILTER (WHERE o.resolve_due_at IS NULL OR o.resolved_at <= o.resolve_due_at)
    FROM new_rows o JOIN incidents i ON i.id = o.incident_id WHERE o.resolved_at IS NOT NULL GROUP BY 2, 3, 4
  ON CONFLICT (source, station_id, day, (coalesce(grid_id, '00000000-0000-0000-0000-000000000000'::uuid)))
  DO UPDATE SET n = d.n + excluded.n, total = d.total + excluded.total;
  RETURN NULL;
END $$;

CREATE FUNCTION leadership_orders_upd() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.resolved_at IS NOT NULL THEN
    PERFORM leadership_daily_add('orders.resolved', OLD.station_id, (SELECT grid_id FROM incidents WHERE id = OLD.incident_id),
      OLD.resolved_at, -1, -(CASE WHEN OLD.resolve_due_at IS NULL OR OLD.resolved_at <= OLD.resolve_due_at THEN 1 ELSE 0 END));
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.resolved_at IS NOT NULL THEN
    PERFORM leadership_daily_add('orders.resolved', NEW.station_id, (SELECT grid_id FROM incidents WHERE id = NEW.incident_id),
      NEW.resolved_at, 1, CASE WHEN NEW.resolve_due_at IS NULL OR NEW.resolved_at <= NEW.resolve_due_at THEN 1 ELSE 0 END);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER leadership_orders_ins AFTER INSERT ON dispatch_orders
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION leadership_orders_ins();
CREATE TRIGGER leadership_orders_upd AFTER UPDATE ON dispatch_orders FOR EACH ROW
  WHEN (OLD.station_id IS DISTINCT FROM NEW.station_id OR OLD.incident_id IS DISTINCT FROM NEW.incident_id
        OR OLD.resolved_at IS DISTINCT FROM NEW.resolved_at OR OLD.resolve_due_at IS DISTINCT FROM NEW.resolve_due_at)
  EXECUTE FUNCTION leadership_orders_upd();
CREATE TRIGGER leadership_orders_del AFTER DELETE ON dispatch_orders FOR EACH ROW
  EXECUTE FUNCTION leadership_orders_upd();

-- ------------------------------------------------ hall.tickets
-- Rows: finished tickets; at = finished_at; total = minutes waited to the first call.
CREATE FUNCTION leadership_hall_wait(t hall_tickets) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$
  SELECT extract(epoch FROM coalesce(t.called_at, t.started_at, t.finished_at) - t.queued_at) / 60.0
$$;

CREATE FUNCTION leadership_hall_ins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO leadership_daily AS d (source, station_id, grid_id, day, n, total)
  SELECT 'hall.tickets', t.station_id, NULL::uuid, (t.finished_at AT TIME ZONE 'Asia/Shanghai')::date, count(*),
         sum(leadership_hall_wait(t))
    FROM new_rows t WHERE t.status = 'finished' AND t.finished_at IS NOT NULL GROUP BY 2, 3, 4
  ON CONFLICT (source, station_id, day, (coalesce(grid_id, '00000000-0000-0000-0000-000000000000'::uuid)))
  DO UPDATE SET n = d.n + excluded.n, total = d.total + excluded.total;
  RETURN NULL;
END $$;

CREATE FUNCTION leadership_hall_upd() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'finished' AND OLD.finished_at IS NOT NULL THEN
    PERFORM leadership_daily_add('hall.tickets', OLD.station_id, NULL, OLD.finished_at, -1, -leadership_hall_wait(OLD));
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.status = 'finished' AND NEW.finished_at IS NOT NULL THEN
    PERFORM leadership_daily_add('hall.tickets', NEW.station_id, NULL, NEW.finished_at, 1, leadership_hall_wait(NEW));
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER leadership_hall_ins AFTER INSERT ON hall_tickets
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION leadership_hall_ins();
CREATE TRIGGER leadership_hall_upd AFTER UPDATE ON hall_tickets FOR EACH ROW
  WHEN (OLD.station_id IS DISTINCT FROM NEW.station_id OR OLD.status IS DISTINCT FROM NEW.status
        OR OLD.finished_at IS DISTINCT FROM NEW.finished_at OR OLD.queued_at IS DISTINCT FROM NEW.queued_at
        OR OLD.called_at IS DISTINCT FROM NEW.called_at OR OLD.started_at IS DISTINCT FROM NEW.started_at)
  EXECUTE FUNCTION leadership_hall_upd();
CREATE TRIGGER leadership_hall_del AFTER DELETE ON hall_tickets FOR EACH ROW
  EXECUTE FUNCTION leadership_hall_upd();

-- ------------------------------------------------ volunteers.patrol_hours
-- Rows: checked-out duties with verified hours (auto or approved); grid = the
-- route's (through the shift); at = check_out_at; total = hours.
CREATE FUNCTION leadership_duty_grid(p_shift uuid) RETURNS uuid LANGUAGE sql STABLE AS $$
  SELECT r.grid_id FROM patrol_shifts s JOIN patrol_routes r ON r.id = s.route_id WHERE s.id = p_shift
$$;

CREATE FUNCTION leadership_duties_ins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO leadership_daily AS d (source, station_id, grid_id, day, n, total)
  SELECT 'volunteers.patrol_hours', x.station_id, r.grid_id, (x.check_out_at AT TIME ZONE 'Asia/Shanghai')::date, count(*),
         sum(coalesce(x.counted_seconds, 0) / 3600.0)
    FROM new_rows x JOIN patrol_shifts s ON s.id = x.shift_id JOIN patrol_routes r ON r.id = s.route_id
   WHERE x.status = 'checked_out' AND x.verification IN ('auto', 'approved') AND x.check_out_at IS NOT NULL
   GROUP BY 2, 3, 4
  ON CONFLICT (source, station_id, day, (coalesce(grid_id, '00000000-0000-0000-0000-000000000000'::uuid)))
  DO UPDATE SET n = d.n + excluded.n, total = d.total + excluded.total;
  RETURN NULL;
END $$;

CREATE FUNCTION leadership_duties_upd() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'checked_out' AND OLD.verification IN ('auto', 'approved')
     AND OLD.check_out_at IS NOT NULL THEN
    PERFORM leadership_daily_add('volunteers.patrol_hours', OLD.station_id, leadership_duty_grid(OLD.shift_id),
      OLD.check_out_at, -1, -(coalesce(OLD.counted_seconds, 0) / 3600.0));
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.status = 'checked_out' AND NEW.verification IN ('auto', 'approved')
     AND NEW.check_out_at IS NOT NULL THEN
    PERFORM leadership_daily_add('volunteers.patrol_hours', NEW.station_id, leadership_duty_grid(NEW.shift_id),
      NEW.check_out_at, 1, coalesce(NEW.counted_seconds, 0) / 3600.0);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER leadership_duties_ins AFTER INSERT ON patrol_duties
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION leadership_duties_ins();
CREATE TRIGGER leadership_duties_upd AFTER UPDATE ON patrol_duties FOR EACH ROW
  WHEN (OLD.station_id IS DISTINCT FROM NEW.station_id OR OLD.shift_id IS DISTINCT FROM NEW.shift_id
        OR OLD.status IS DISTINCT FROM NEW.status OR OLD.verification IS DISTINCT FROM NEW.verification
        OR OLD.check_out_at IS DISTINCT FROM NEW.check_out_at OR OLD.counted_seconds IS DISTINCT FROM NEW.counted_seconds)
  EXECUTE FUNCTION leadership_duties_upd();
CREATE TRIGGER leadership_duties_del AFTER DELETE ON patrol_duties FOR EACH ROW
  EXECUTE FUNCTION leadership_duties_upd();

-- A shift moved to another route, or a route to another grid, moves its counted duties.
CREATE FUNCTION leadership_duties_regrid(p_shifts uuid[], p_old uuid, p_new uuid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE x record;
BEGIN
  FOR x IN SELECT station_id, check_out_at, counted_seconds FROM patrol_duties
           WHERE shift_id = ANY(p_shifts) AND status = 'checked_out' AND verification IN ('auto', 'approved')
             AND check_out_at IS NOT NULL LOOP
    PERFORM leadership_daily_add('volunteers.patrol_hours', x.station_id, p_old, x.check_out_at, -1,
      -(coalesce(x.counted_seconds, 0) / 3600.0));
    PERFORM leadership_daily_add('volunteers.patrol_hours', x.station_id, p_new, x.check_out_at, 1,
      coalesce(x.counted_seconds, 0) / 3600.0);
  END LOOP;
END $$;

CREATE FUNCTION leadership_shifts_upd() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM leadership_duties_regrid(ARRAY[NEW.id],
    (SELECT grid_id FROM patrol_routes WHERE id = OLD.route_id), (SELECT grid_id FROM patrol_routes WHERE id = NEW.route_id));
  RETURN NULL;
END $$;
CREATE TRIGGER leadership_shifts_upd AFTER UPDATE ON patrol_shifts FOR EACH ROW
  WHEN (OLD.route_id IS DISTINCT FROM NEW.route_id) EXECUTE FUNCTION leadership_shifts_upd();

CREATE FUNCTION leadership_routes_upd() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM leadership_duties_regrid(ARRAY(SELECT id FROM patrol_shifts WHERE route_id = NEW.id), OLD.grid_id, NEW.grid_id);
  RETURN NULL;
END $$;
CREATE TRIGGER leadership_routes_upd AFTER UPDATE ON patrol_routes FOR EACH ROW
  WHEN (OLD.grid_id IS DISTINCT FROM NEW.grid_id) EXECUTE FUNCTION leadership_routes_upd();

-- ------------------------------------------------ what is there already
INSERT INTO leadership_daily (source, station_id, grid_id, day, n, total)
SELECT 'incidents.received', station_id, grid_id, (reported_at AT TIME ZONE 'Asia/Shanghai')::date, count(*), count(*)
  FROM incidents WHERE duplicate_of IS NULL GROUP BY 2, 3, 4
UNION ALL
SELECT 'orders.resolved', o.station_id, i.grid_id, (o.resolved_at AT TIME ZONE 'Asia/Shanghai')::date, count(*),
       count(*) FILTER (WHERE o.resolve_due_at IS NULL OR o.resolved_at <= o.resolve_due_at)
  FROM dispatch_orders o JOIN incidents i ON i.id = o.incident_id WHERE o.resolved_at IS NOT NULL GROUP BY 2, 3, 4
UNION ALL
SELECT 'hall.tickets', t.station_id, NULL::uuid, (t.finished_at AT TIME ZONE 'Asia/Shanghai')::date, count(*),
       sum(leadership_hall_wait(t))
  FROM hall_tickets t WHERE t.status = 'finished' AND t.finished_at IS NOT NULL GROUP BY 2, 3, 4
UNION ALL
SELECT 'volunteers.patrol_hours', x.station_id, r.grid_id, (x.check_out_at AT TIME ZONE 'Asia/Shanghai')::date, count(*),
       sum(coalesce(x.counted_seconds, 0) / 3600.0)
  FROM patrol_duties x JOIN patrol_shifts s ON s.id = x.shift_id JOIN patrol_routes r ON r.id = s.route_id
 WHERE x.status = 'checked_out' AND x.verification IN ('auto', 'approved') AND x.check_out_at IS NOT NULL
 GROUP BY 2, 3, 4;

-- ------------------------------------------------ disputes.decided, disputes.grassroots
-- Rows: disputes decided (success, partial, failed); at = resolved_at; grid = the dispute's.
-- decided: total = 1 on success; grassroots: total = 1 on success at levels 1–2 on the standard track.
CREATE FUNCTION leadership_disputes_ins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO leadership_daily AS d (source, station_id, grid_id, day, n, total)
  SELECT v.source, r.station_id, r.grid_id, (r.resolved_at AT TIME ZONE 'Asia/Shanghai')::date, count(*), sum(v.total)
    FROM new_rows r
    CROSS JOIN LATERAL (VALUES
      ('disputes.decided', (r.outcome = 'success')::int),
      ('disputes.grassroots', (r.outcome = 'success' AND r.track = 'standard' AND r.level <= 2)::int)) v(source, total)
   WHERE r.outcome IN ('success', 'partial', 'failed') AND r.resolved_at IS NOT NULL
   GROUP BY 1, 2, 3, 4
  ON CONFLICT (source, station_id, day, (coalesce(grid_id, '00000000-0000-0000-0000-000000000000'::uuid)))
  DO UPDATE SET n = d.n + excluded.n, total = d.total + excluded.total;
  RETURN NULL;
END $$;

CREATE FUNCTION leadership_disputes_upd() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.outcome IN ('success', 'partial', 'failed') AND OLD.resolved_at IS NOT NULL THEN
    PERFORM leadership_daily_add('disputes.decided', OLD.station_id, OLD.grid_id, OLD.resolved_at, -1,
      -((OLD.outcome = 'success')::int));
    PERFORM leadership_daily_add('disputes.grassroots', OLD.station_id, OLD.grid_id, OLD.resolved_at, -1,
      -((OLD.outcome = 'success' AND OLD.track = 'standard' AND OLD.level <= 2)::int));
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.outcome IN ('success', 'partial', 'failed') AND NEW.resolved_at IS NOT NULL THEN
    PERFORM leadership_daily_add('disputes.decided', NEW.station_id, NEW.grid_id, NEW.resolved_at, 1,
      (NEW.outcome = 'success')::int);
    PERFORM leadership_daily_add('disputes.grassroots', NEW.station_id, NEW.grid_id, NEW.resolved_at, 1,
      (NEW.outcome = 'success' AND NEW.track = 'standard' AND NEW.level <= 2)::int);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER leadership_disputes_ins AFTER INSERT ON disputes
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION leadership_disputes_ins();
CREATE TRIGGER leadership_disputes_upd AFTER UPDATE ON disputes FOR EACH ROW
  WHEN (OLD.station_id IS DISTINCT FROM NEW.station_id OR OLD.grid_id IS DISTINCT FROM NEW.grid_id
        OR OLD.outcome IS DISTINCT FROM NEW.outcome OR OLD.resolved_at IS DISTINCT FROM NEW.resolved_at
        OR OLD.track IS DISTINCT FROM NEW.track OR OLD.level IS DISTINCT FROM NEW.level)
  EXECUTE FUNCTION leadership_disputes_upd();
CREATE TRIGGER leadership_disputes_del AFTER DELETE ON disputes FOR EACH ROW
  EXECUTE FUNCTION leadership_disputes_upd();

INSERT INTO leadership_daily (source, station_id, grid_id, day, n, total)
SELECT v.source, r.station_id, r.grid_id, (r.resolved_at AT TIME ZONE 'Asia/Shanghai')::date, count(*), sum(v.total)
  FROM disputes r
  CROSS JOIN LATERAL (VALUES
    ('disputes.decided', (r.outcome = 'success')::int),
    ('disputes.grassroots', (r.outcome = 'success' AND r.track = 'standard' AND r.level <= 2)::int)) v(source, total)
 WHERE r.outcome IN ('success', 'partial', 'failed') AND r.resolved_at IS NOT NULL
 GROUP BY 1, 2, 3, 4;

-- ------------------------------------------------ cameras and traffic record sets, by period
CREATE INDEX traffic_violations_reviewed_idx ON traffic_violations (station_id, reviewed_at) WHERE reviewed_at IS NOT NULL;
CREATE INDEX traffic_accident_cases_created_idx ON traffic_accident_cases (station_id, created_at);
CREATE INDEX traffic_accident_cases_documented_idx ON traffic_accident_cases (station_id, document_at)
  WHERE document_at IS NOT NULL;
CREATE INDEX fog_warnings_issued_idx ON fog_warnings (station_id, issued_at);
