import type { Queryable } from '../../platform/db/db';

/**
 * Bulk writes of historical incidents, orders and events (the demo town's
 * two years, benchmarks' millions). One INSERT … SELECT FROM unnest(...) per
 * chunk keeps loading fast on both engines.
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
      `INSERT INTO dispatch_orders (id, station_id, incident_id, assignee_kind, assignee_person_id, assignee_unit_id, assignee_team,
         status, priority, urban, issued_at, acknowledged_at, en_route_at, on_scene_at, resolved_at, closed_at, ack_due_at,
         arrive_due_at, resolve_due_at, breaches, escalation_level)
       SELECT id, station_id, incident_id, assignee_kind, assignee_person_id, assignee_unit_id, assignee_team, status, priority, urban,
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
  }
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

/** Recomputes the hourly rollup of a station from its incidents (after a bulk load). */
export async function rebuildHourly(q: Queryable, stationId: string): Promise<void> {
  await q.query('DELETE FROM incident_hourly WHERE station_id = $1', [stationId]);
  await q.query(
    `INSERT INTO incident_hourly (station_id, grid_id, category_code, day, hour, n)
     SELECT station_id, grid_id, category_code, (reported_at AT TIME ZONE 'Asia/Shanghai')::date,
            extract(hour FROM reported_at AT TIME ZONE 'Asia/Shanghai')::smallint, count(*)::int
       FROM incidents WHERE station_id = $1 GROUP BY 1, 2, 3, 4, 5`,
    [stationId],
  );
}

/** Moves the number sequence past bulk-loaded numbers so live intake continues after them. */
export async function advanceNumberSequence(q: Queryable, atLeast: number): Promise<void> {
  await q.query(
    `SELECT setval('incident_number_seq', greatest($1::bigint, (SELECT last_value FROM incident_number_seq)))`,
    [atLeast],
  );
}
