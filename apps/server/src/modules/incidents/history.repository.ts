import type { Queryable } from '../../platform/db/db';
import { rebuildHeatRollups } from './analysis.repository';

/**
 * Bulk writes of historical incidents, orders and events (the demo town's
 * two years, benchmarks' millions). One INSERT … SELECT FROM unnest(...) per
 * chunk keeps loading fast on both engines. The rollups follow by their
 * triggers at commit, like live writes; the nearest open deadline of the
 * incidents is set with their orders.
 */
export interface HistoryIncident {
  id: string;
  stationId: string;
  number: string;
  source: string;
  categoryCode: string;
  priority: string;
  status: string;
  summary: string;
  address: string | null;
  addressKey: string | null;
  lng: number | null;
  lat: number | null;
  gridId: string | null;
  team: string;
  responsiblePersonId: string | null;
  unitId: string | null;
  callerName: string | null;
  callerPhoneEnc: string | null;
  callerPhoneBidx: string | null;
  callerPhoneMasked: string | null;
  reportedAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  resultCode: string | null;
}

export interface HistoryOrder {
  id: string;
  stationId: string;
  incidentId: string;
  assigneeKind: string;
  assigneePersonId: string | null;
  assigneeUnitId: string | null;
  assigneeTeam: string | null;
  status: string;
  priority: string;
  urban: boolean;
  issuedAt: Date;
  acknowledgedAt: Date | null;
  enRouteAt: Date | null;
  onSceneAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  ackDueAt: Date | null;
  arriveDueAt: Date | null;
  resolveDueAt: Date | null;
  breaches: string[];
}

export interface HistoryEvent {
  incidentId: string;
  orderId: string | null;
  at: Date;
  actorName: string | null;
  kind: string;
}

function chunks<T>(rows: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

export async function insertIncidentHistory(q: Queryable, rows: HistoryIncident[]): Promise<void> {
  for (const c of chunks(rows, 2000)) {
    const col = <K extends keyof HistoryIncident>(k: K) => c.map((r) => r[k]);
    await q.query(
      `INSERT INTO incidents (id, station_id, number, source, category_code, priority, status, summary, address, address_key,
         lng, lat, grid_id, team, responsible_person_id, unit_id, caller_name, caller_phone_enc, caller_phone_bidx,
         caller_phone_masked, reported_at, created_at, updated_at, closed_at, result_code, priority_reason)
       SELECT id, station_id, number, source, category_code, priority, status, summary, address, address_key, lng, lat, grid_id,
         team, responsible_person_id, unit_id, caller_name, caller_phone_enc, caller_phone_bidx, caller_phone_masked,
         reported_at, reported_at, updated_at, closed_at, result_code, 'history'
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
         $10::text[], $11::float8[], $12::float8[], $13::uuid[], $14::text[], $15::uuid[], $16::uuid[], $17::text[], $18::text[],
         $19::text[], $20::text[], $21::timestamptz[], $22::timestamptz[], $23::timestamptz[], $24::text[])
         AS x(id, station_id, number, source, category_code, priority, status, summary, address, address_key, lng, lat, grid_id,
              team, responsible_person_id, unit_id, caller_name, caller_phone_enc, caller_phone_bidx, caller_phone_masked,
              reported_at, updated_at, closed_at, result_code)`,
      [
        col('id'),
        col('stationId'),
        col('number'),
        col('source'),
        col('categoryCode'),
        col('priority'),
        col('status'),
        col('summary'),
        col('address'),
        col('addressKey'),
        col('lng'),
        col('lat'),
        col('gridId'),
        col('team'),
        col('responsiblePersonId'),
        col('unitId'),
        col('callerName'),
        col('callerPhoneEnc'),
        col('callerPhoneBidx'),
        col('callerPhoneMasked'),
        col('reportedAt'),
        col('updatedAt'),
        col('closedAt'),
        col('resultCode'),
      ],
    );
  }
}

export async function insertOrderHistory(q: Queryable, rows: HistoryOrder[]): Promise<void> {
  for (const c of chunks(rows, 2000)) {
    const col = <K extends keyof HistoryOrder>(k: K) => c.map((r) => r[k]);
    await q.query(
      `INSERT INTO dispatch_orders (id, station_id, incident_id, grid_id, assignee_kind, assignee_person_id, assignee_unit_id,
         assignee_team, status, priority, urban, issued_at, acknowledged_at, en_route_at, on_scene_at, resolved_at, closed_at,
         ack_due_at, arrive_due_at, resolve_due_at, breaches, escalation_level)
       SELECT id, station_id, incident_id, (SELECT i.grid_id FROM incidents i WHERE i.id = x.incident_id), assignee_kind,
         assignee_person_id, assignee_unit_id, assignee_team, status, priority, urban,
         issued_at, acknowledged_at, en_route_at, on_scene_at, resolved_at, closed_at, ack_due_at, arrive_due_at, resolve_due_at,
         CASE WHEN breaches = '' THEN '{}'::text[] ELSE string_to_array(breaches, ',') END,
         CASE WHEN breaches = '' THEN 0 ELSE cardinality(string_to_array(breaches, ',')) END
       FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::uuid[], $6::uuid[], $7::text[], $8::text[], $9::text[],
         $10::bool[], $11::timestamptz[], $12::timestamptz[], $13::timestamptz[], $14::timestamptz[], $15::timestamptz[],
         $16::timestamptz[], $17::timestamptz[], $18::timestamptz[], $19::timestamptz[], $20::text[])
         AS x(id, station_id, incident_id, assignee_kind, assignee_person_id, assignee_unit_id, assignee_team, status, priority, urban,
              issued_at, acknowledged_at, en_route_at, on_scene_at, resolved_at, closed_at, ack_due_at, arrive_due_at, resolve_due_at, breaches)`,
      [
        col('id'),
        col('stationId'),
        col('incidentId'),
        col('assigneeKind'),
        col('assigneePersonId'),
        col('assigneeUnitId'),
        col('assigneeTeam'),
        col('status'),
        col('priority'),
        col('urban'),
        col('issuedAt'),
        col('acknowledgedAt'),
        col('enRouteAt'),
        col('onSceneAt'),
        col('resolvedAt'),
        col('closedAt'),
        col('ackDueAt'),
        col('arriveDueAt'),
        col('resolveDueAt'),
        c.map((r) => r.breaches.join(',')),
      ],
    );
    await setNextDeadlines(q, [...new Set(c.filter((r) => OPEN.has(r.status)).map((r) => r.incidentId))]);
  }
}

const OPEN = new Set(['issued', 'acknowledged', 'en_route', 'on_scene']);

/** Recomputes the stored nearest open deadline of these incidents from their orders. */
export async function setNextDeadlines(q: Queryable, incidentIds: string[]): Promise<void> {
  if (incidentIds.length === 0) return;
  await q.query(
    `UPDATE incidents i SET next_deadline_at =
       (SELECT min(least(CASE WHEN o.acknowledged_at IS NULL THEN o.ack_due_at END,
                         CASE WHEN o.on_scene_at IS NULL THEN o.arrive_due_at END,
                         CASE WHEN o.resolved_at IS NULL THEN o.resolve_due_at END))
          FROM dispatch_orders o WHERE o.incident_id = i.id AND o.status IN ('issued', 'acknowledged', 'en_route', 'on_scene'))
      WHERE i.id = ANY($1::uuid[])`,
    [incidentIds],
  );
}

export async function insertEventHistory(q: Queryable, rows: HistoryEvent[]): Promise<void> {
  for (const c of chunks(rows, 5000)) {
    await q.query(
      `INSERT INTO incident_events (incident_id, order_id, at, actor_name, kind)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::text[], $5::text[])`,
      [
        c.map((r) => r.incidentId),
        c.map((r) => r.orderId),
        c.map((r) => r.at),
        c.map((r) => r.actorName),
        c.map((r) => r.kind),
      ],
    );
  }
}

/**
 * Recomputes a station's rollups from its incidents and orders, for a bulk
 * load that bypassed the triggers (a benchmark's generator). Live writes
 * and the loaders here never need it.
 */
export async function rebuildRollups(q: Queryable, stationId: string): Promise<void> {
  await q.query('DELETE FROM incident_hourly WHERE station_id = $1', [stationId]);
  await q.query(
    `INSERT INTO incident_hourly (station_id, grid_id, category_code, day, hour, n)
     SELECT station_id, grid_id, category_code, (reported_at AT TIME ZONE 'Asia/Shanghai')::date,
            extract(hour FROM reported_at AT TIME ZONE 'Asia/Shanghai')::smallint, count(*)::int
       FROM incidents WHERE station_id = $1 GROUP BY 1, 2, 3, 4, 5`,
    [stationId],
  );
  await q.query('DELETE FROM incident_category_daily WHERE station_id = $1', [stationId]);
  await q.query(
    `INSERT INTO incident_category_daily (station_id, day, category_code, n)
     SELECT station_id, (reported_at AT TIME ZONE 'Asia/Shanghai')::date, category_code, count(*)
       FROM incidents WHERE station_id = $1 GROUP BY 1, 2, 3`,
    [stationId],
  );
  await q.query('DELETE FROM incident_grid_daily WHERE station_id = $1', [stationId]);
  await q.query(
    `INSERT INTO incident_grid_daily (station_id, grid_id, day, category_code, n)
     SELECT station_id, grid_id, (reported_at AT TIME ZONE 'Asia/Shanghai')::date, category_code, count(*)
       FROM incidents WHERE station_id = $1 AND grid_id IS NOT NULL GROUP BY 1, 2, 3, 4`,
    [stationId],
  );
  await q.query('DELETE FROM incident_repeat_keys WHERE station_id = $1', [stationId]);
  await q.query(
    `INSERT INTO incident_repeat_keys (station_id, kind, key, n, last_at)
     SELECT station_id, 'address', address_key, count(*), max(reported_at) FROM incidents
      WHERE station_id = $1 AND duplicate_of IS NULL AND address_key IS NOT NULL GROUP BY 1, 3
     UNION ALL
     SELECT station_id, 'caller', caller_phone_bidx, count(*), max(reported_at) FROM incidents
      WHERE station_id = $1 AND duplicate_of IS NULL AND caller_phone_bidx IS NOT NULL GROUP BY 1, 3`,
    [stationId],
  );
  await q.query('DELETE FROM incident_repeat_monthly WHERE station_id = $1', [stationId]);
  await q.query(
    `INSERT INTO incident_repeat_monthly (station_id, kind, key, month, n, last_at)
     SELECT station_id, 'address', address_key, date_trunc('month', reported_at AT TIME ZONE 'Asia/Shanghai')::date,
            count(*), max(reported_at)
       FROM incidents WHERE station_id = $1 AND duplicate_of IS NULL AND address_key IS NOT NULL GROUP BY 1, 3, 4
     UNION ALL
     SELECT station_id, 'caller', caller_phone_bidx, date_trunc('month', reported_at AT TIME ZONE 'Asia/Shanghai')::date,
            count(*), max(reported_at)
       FROM incidents WHERE station_id = $1 AND duplicate_of IS NULL AND caller_phone_bidx IS NOT NULL GROUP BY 1, 3, 4`,
    [stationId],
  );
  await q.query('DELETE FROM incident_daily WHERE station_id = $1', [stationId]);
  await q.query(
    `INSERT INTO incident_daily (station_id, grid_id, day, n,
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
       FROM incidents WHERE station_id = $1 GROUP BY 1, 2, 3`,
    [stationId],
  );
  await q.query('DELETE FROM order_daily WHERE station_id = $1', [stationId]);
  await q.query(
    `INSERT INTO order_daily (station_id, grid_id, day, n, acknowledged, on_scene, ack_seconds, on_scene_seconds, breached)
     SELECT station_id, grid_id, (issued_at AT TIME ZONE 'Asia/Shanghai')::date, count(*),
       count(acknowledged_at), count(on_scene_at),
       coalesce(sum(extract(epoch FROM acknowledged_at - issued_at)), 0),
       coalesce(sum(extract(epoch FROM on_scene_at - issued_at)), 0),
       count(*) FILTER (WHERE cardinality(breaches) > 0)
       FROM dispatch_orders
      WHERE station_id = $1 AND assignee_kind <> 'agency'
      GROUP BY 1, 2, 3`,
    [stationId],
  );
  await rebuildHeatRollups(q, stationId);
}

/** Moves the number sequence past bulk-loaded numbers so live intake continues after them. */
export async function advanceNumberSequence(q: Queryable, atLeast: number): Promise<void> {
  await q.query(
    `SELECT setval('incident_number_seq', greatest($1::bigint, (SELECT last_value FROM incident_number_seq)))`,
    [atLeast],
  );
}
