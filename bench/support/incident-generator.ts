/**
 * Bulk generation of a large incident history directly in PostgreSQL
 * (INSERT … SELECT over generate_series, seeded with setseed), on top of a
 * migrated database with the demo town loaded. A million incidents, their
 * dispatch orders, timeline events and alerts take a few minutes, not hours:
 * the secondary indexes are dropped during the load and rebuilt after it, and
 * foreign-key triggers are off for the session (the data is consistent by
 * construction).
 *
 * Shape: two years ending today, growing over time; 39 grids with Zipf-like
 * skew (a few hot grids); the category mix of a town station; hour of day
 * with an evening peak; a quarter of reports at a few repeat places per grid,
 * half at a pool of ordinary addresses, the rest unique; 110 callers from a
 * pool with a few hundred repeat callers; ~3% still open (recent ones), with
 * dispatch orders, deadlines and breaches; the rollups (`incident_hourly`,
 * `incident_daily`, …) and the incidents' nearest open deadlines rebuilt
 * from the records so they agree with them exactly.
 */
import { addressKey, createRng } from '@fengqiao/domain';
import type pg from 'pg';
import { rebuildRollups, setNextDeadlines } from '../../apps/server/src/modules/incidents';
import type { PersonalData } from '../../apps/server/src/platform/crypto/personal-data';
import type { Queryable } from '../../apps/server/src/platform/db/db';
import { CATEGORY_WEIGHTS, HOUR_WEIGHTS, SOURCE_WEIGHTS, weightTable, zipfWeights } from './incident-mix';

export interface GenerateOptions {
  stationId: string;
  count: number;
  days: number;
  /** Seals the callers' phone numbers exactly as intake does (encrypted, blind index, masked). */
  pii: PersonalData;
  /** Progress lines. */
  log: (line: string) => void;
  seed?: number;
}

export interface GenerateResult {
  incidents: number;
  open: number;
  orders: number;
  openOrders: number;
  events: number;
  alerts: number;
  hourlyRows: number;
  seconds: Record<string, number>;
}

/** Marks generated rows; the detail view shows it, which is fine in a benchmark database. */
export const BENCH_MARK = '[bench]';

const TABLES = ['incidents', 'dispatch_orders', 'incident_events', 'command_alerts', 'incident_hourly'];
/** Written by the rollup rebuild after the load; analysed with the rest. */
const ROLLUPS = [
  'incident_category_daily',
  'incident_grid_daily',
  'incident_daily',
  'order_daily',
  'incident_repeat_keys',
  'incident_repeat_monthly',
];

export async function generateIncidents(c: pg.Client, o: GenerateOptions): Promise<GenerateResult> {
  const seconds: Record<string, number> = {};
  const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const r = await fn();
    seconds[name] = Math.round((performance.now() - t0) / 100) / 10;
    o.log(`  ${name}: ${seconds[name]} s`);
    return r;
  };
  const rng = createRng(o.seed ?? 20261128);

  await c.query(`SET session_replication_role = replica`);
  await c.query(`SET maintenance_work_mem = '512MB'`);
  await c.query(`SET work_mem = '256MB'`);
  await c.query(`SET synchronous_commit = off`);
  await c.query('SELECT setseed($1)', [0.4242]);

  // ---- lookup tables: grids (in hot-first order), categories, callers
  const grids = (
    await c.query<{
      id: string;
      code: string;
      name: string;
      officer: string | null;
      clng: number;
      clat: number;
      dx: number;
      dy: number;
      unit: string | null;
      patrol_unit: string | null;
    }>(
      `SELECT g.id, g.code, g.name, g.officer_person_id AS officer, g.centroid_lng AS clng, g.centroid_lat AS clat,
              (g.max_lng - g.min_lng) AS dx, (g.max_lat - g.min_lat) AS dy,
              (SELECT u.id FROM response_units u WHERE u.grid_id = g.id ORDER BY (u.leader_person_id = g.officer_person_id) DESC, u.code LIMIT 1) AS unit,
              (SELECT u.id FROM response_units u WHERE u.grid_id = g.id AND u.leader_person_id IS DISTINCT FROM g.officer_person_id ORDER BY u.code LIMIT 1) AS patrol_unit
         FROM grids g WHERE g.station_id = $1 ORDER BY g.code`,
      [o.stationId],
    )
  ).rows;
  if (grids.length === 0) throw new Error('no grids: load the demo town first');
  const hot = rng.shuffle(grids);
  await c.query(`CREATE TEMP TABLE bench_grid (idx int PRIMARY KEY, id uuid, code text, name text, key_prefix text,
    officer uuid, unit uuid, patrol_unit uuid, clng float8, clat float8, dx float8, dy float8)`);
  await c.query(
    `INSERT INTO bench_grid SELECT * FROM unnest($1::int[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::uuid[],
       $7::uuid[], $8::uuid[], $9::float8[], $10::float8[], $11::float8[], $12::float8[])`,
    [
      hot.map((_, i) => i),
      hot.map((g) => g.id),
      hot.map((g) => g.code),
      hot.map((g) => g.name),
      hot.map((g) => addressKey(g.name)),
      hot.map((g) => g.officer),
      hot.map((g) => g.unit),
      hot.map((g) => g.patrol_unit ?? g.unit),
      hot.map((g) => g.clng),
      hot.map((g) => g.clat),
      hot.map((g) => g.dx),
      hot.map((g) => g.dy),
    ],
  );
  const gridTable = weightTable(
    zipfWeights(hot.length).map((w, i) => [i, w] as const),
    1000,
  );

  const cats = (
    await c.query<{ code: string; team: string; default_priority: string; name_zh: string }>(
      'SELECT code, team, default_priority, name_zh FROM incident_categories WHERE active',
    )
  ).rows;
  const known = new Map(cats.map((x) => [x.code, x]));
  const mix = CATEGORY_WEIGHTS.filter(([code]) => known.has(code));
  await c.query(
    `CREATE TEMP TABLE bench_cat (idx int PRIMARY KEY, code text, team text, priority text, name_zh text, top text)`,
  );
  await c.query(
    `INSERT INTO bench_cat SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])`,
    [
      mix.map((_, i) => i),
      mix.map(([code]) => code),
      mix.map(([code]) => known.get(code)?.team ?? 'command_room'),
      mix.map(([code]) => known.get(code)?.default_priority ?? 'normal'),
      mix.map(([code]) => known.get(code)?.name_zh ?? code),
      mix.map(([code]) => code.split('.')[0] ?? code),
    ],
  );
  const catTable = weightTable(
    mix.map(([, w], i) => [i, w] as const),
    1000,
  );
  const sourceTable = weightTable(SOURCE_WEIGHTS, 100);
  const hourTable = weightTable(
    HOUR_WEIGHTS.map((w, h) => [h, w] as const),
    1000,
  );

  // 200 repeat callers (5% of 110 calls), 30,000 occasional ones.
  const phones = await step('seal caller phones', async () => {
    const n = 30_200;
    const enc: string[] = [];
    const bidx: string[] = [];
    const masked: string[] = [];
    for (let i = 0; i < n; i++) {
      const s = o.pii.sealPhone(
        `1${rng.pick(['38', '39', '58', '86', '37', '35'])}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`,
      );
      enc.push(s.enc);
      bidx.push(s.bidx);
      masked.push(s.masked);
    }
    await c.query('CREATE TEMP TABLE bench_phone (idx int PRIMARY KEY, enc text, bidx text, masked text)');
    await c.query('INSERT INTO bench_phone SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[])', [
      enc.map((_, i) => i),
      enc,
      bidx,
      masked,
    ]);
    return n;
  });
  await c.query('ANALYZE bench_grid; ANALYZE bench_cat; ANALYZE bench_phone');

  const operator = (
    await c.query<{ id: string }>(`SELECT id FROM app_users WHERE username = 'operator' AND station_id = $1`, [
      o.stationId,
    ])
  ).rows[0]?.id;

  // ---- secondary indexes off during the load (constraint indexes stay: they are the schema's keys)
  const indexes = (
    await c.query<{ name: string; def: string }>(
      `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
        WHERE i.schemaname = 'public' AND i.tablename = ANY($1::text[])
          AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname)`,
      [TABLES],
    )
  ).rows;
  await step('drop secondary indexes', async () => {
    for (const ix of indexes) await c.query(`DROP INDEX ${ix.name}`);
  });

  // ---- incidents: generated in chunks into an unlogged staging table, then stored in time order, as a live
  // system appends them (the open ones end up together at the end of the heap, not scattered over it).
  await c.query('CREATE UNLOGGED TABLE bench_stage (LIKE incidents INCLUDING DEFAULTS)');
  const chunk = 100_000;
  await step(`generate ${o.count.toLocaleString('en-US')} incidents`, async () => {
    for (let done = 0; done < o.count; done += chunk) {
      const n = Math.min(chunk, o.count - done);
      await c.query(INSERT_INCIDENTS, [
        n,
        gridTable,
        catTable,
        sourceTable,
        hourTable,
        o.days,
        o.stationId,
        operator ?? null,
        phones,
        done,
      ]);
      o.log(`    ${(done + n).toLocaleString('en-US')} incidents`);
    }
  });
  await step('store incidents in time order', async () => {
    await c.query('INSERT INTO incidents SELECT * FROM bench_stage ORDER BY created_at');
    await c.query('DROP TABLE bench_stage');
  });

  const orders = await step(
    'insert dispatch orders',
    async () => (await c.query(INSERT_ORDERS, [BENCH_MARK])).rowCount ?? 0,
  );
  const events = await step('insert timeline events', async () => {
    let n = 0;
    for (const sql of INSERT_EVENTS) n += (await c.query(sql, [BENCH_MARK])).rowCount ?? 0;
    return n;
  });
  const alerts = await step('insert alerts', async () => {
    let n = 0;
    for (const sql of INSERT_ALERTS) n += (await c.query(sql, [BENCH_MARK, o.stationId])).rowCount ?? 0;
    return n;
  });
  // The rollup triggers are off with the replication role: rebuild the rollups and the stored nearest deadlines
  // exactly as the server keeps them (its own functions, over this client).
  const q: Queryable = {
    engine: 'postgres',
    query: async <T>(text: string, params?: readonly unknown[]) => {
      const r = await c.query(text, params as unknown[] | undefined);
      return { rows: r.rows as T[], rowCount: r.rowCount ?? 0 };
    },
    exec: async (text: string) => {
      await c.query(text);
    },
  };
  const hourlyRows = await step('rebuild rollups', async () => {
    await rebuildRollups(q, o.stationId);
    return (await c.query<{ n: number }>('SELECT count(*)::int AS n FROM incident_hourly')).rows[0]?.n ?? 0;
  });
  await step('rebuild secondary indexes', async () => {
    for (const ix of indexes) await c.query(ix.def);
  });
  // After the indexes: each incident's open orders are found by dispatch_orders_incident_idx.
  await step('set nearest open deadlines', async () => {
    const open = await c.query<{ id: string }>(
      `SELECT DISTINCT incident_id AS id FROM dispatch_orders WHERE status IN ('issued', 'acknowledged', 'en_route', 'on_scene')`,
    );
    await setNextDeadlines(
      q,
      open.rows.map((r) => r.id),
    );
  });
  await c.query('SET session_replication_role = origin');
  await step('vacuum analyze', async () => {
    for (const t of [...TABLES, ...ROLLUPS]) await c.query(`VACUUM ANALYZE ${t}`);
  });
  const counts = (
    await c.query<{ incidents: number; open: number; open_orders: number }>(
      `SELECT (SELECT count(*) FROM incidents)::int AS incidents,
              (SELECT count(*) FROM incidents WHERE status NOT IN ('closed', 'transferred'))::int AS open,
              (SELECT count(*) FROM dispatch_orders WHERE status IN ('issued', 'acknowledged', 'en_route', 'on_scene'))::int AS open_orders`,
    )
  ).rows[0];
  return {
    incidents: counts?.incidents ?? 0,
    open: counts?.open ?? 0,
    orders,
    openOrders: counts?.open_orders ?? 0,
    events,
    alerts,
    hourlyRows,
    seconds,
  };
}

/**
 * $1 rows, $2 grid table, $3 category table, $4 source table, $5 hour table, $6 days of history,
 * $7 station, $8 operator user, $9 caller pool size, $10 rows already generated (unique addresses).
 * Random draws happen once per row in the MATERIALIZED CTE; open incidents are the recent ones
 * (P(open) = 0.75·e^(−age/25 days), ~3% overall).
 */
const INSERT_INCIDENTS = `
WITH r AS MATERIALIZED (
  SELECT g + $10::int AS n,
         ($2::int[])[1 + floor(random() * 1000)::int] AS gi,
         ($3::int[])[1 + floor(random() * 1000)::int] AS ci,
         ($4::text[])[1 + floor(random() * 100)::int] AS source,
         ($5::int[])[1 + floor(random() * 1000)::int] AS hr,
         CASE WHEN random() < 0.7 THEN floor(random() * $6::int)
              ELSE greatest(0, ($6::int - 1) - floor($6::int * sqrt(random()))) END::int AS age,
         random() AS r_sec, random() AS r_addr, random() AS r_addr2, random() AS r_open, random() AS r_status,
         random() AS r_pri, random() AS r_phone, random() AS r_phone2, random() AS r_lng, random() AS r_lat,
         random() AS r_close, random() AS r_rep
    FROM generate_series(1, $1::int) g
), t AS (
  SELECT r.*, bg.id AS grid_id, bg.code AS grid_code, bg.name AS grid_name, bg.key_prefix, bg.officer, bg.unit,
         bg.patrol_unit, bg.clng, bg.clat, bg.dx, bg.dy, bc.code AS category_code, bc.team, bc.priority AS default_priority,
         bc.name_zh, x.created_at
    FROM r
    JOIN bench_grid bg ON bg.idx = r.gi
    JOIN bench_cat bc ON bc.idx = r.ci
    CROSS JOIN LATERAL (
      SELECT CASE WHEN c > now() - interval '2 minutes' THEN c - interval '1 day' ELSE c END AS created_at
        FROM (SELECT (((now() AT TIME ZONE 'Asia/Shanghai')::date - r.age) + make_interval(hours => r.hr, secs => floor(r.r_sec * 3600)))
                     AT TIME ZONE 'Asia/Shanghai' AS c) y
    ) x
), s AS (
  SELECT t.*,
         CASE WHEN t.r_open < 0.75 * exp(-extract(epoch FROM now() - t.created_at) / 86400.0 / 25.0)
              THEN CASE WHEN t.r_status < 0.10 THEN 'new' WHEN t.r_status < 0.45 THEN 'dispatched'
                        WHEN t.r_status < 0.90 THEN 'in_progress' ELSE 'resolved' END
              ELSE CASE WHEN t.r_status < 0.01 THEN 'transferred' ELSE 'closed' END END AS status,
         CASE WHEN t.r_addr < 0.25 THEN t.key_prefix || '幸福里' || (1 + floor(t.r_addr2 * 30))::int || '号楼'
              WHEN t.r_addr < 0.75 THEN t.key_prefix || '建设路' || (1 + floor(t.r_addr2 * 500))::int || '号'
              ELSE t.key_prefix || '工业街' || t.n || '号' END AS address
    FROM t
)
INSERT INTO bench_stage (id, station_id, number, source, category_code, priority, priority_reason, status, summary,
  description, address, address_key, lng, lat, grid_id, outside_jurisdiction, team, responsible_person_id, unit_id,
  caller_name, caller_phone_enc, caller_phone_bidx, caller_phone_masked, created_by, reported_at, created_at, updated_at,
  closed_at, result_code, version)
SELECT gen_random_uuid(), $7::uuid,
       'JQ' || to_char(s.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || lpad(nextval('incident_number_seq')::text, 7, '0'),
       s.source, s.category_code,
       CASE WHEN s.r_pri < 0.04 THEN 'urgent' ELSE s.default_priority END,
       'category default', s.status,
       s.name_zh || '（' || s.grid_code || '）',
       '${BENCH_MARK} ' || s.name_zh || '，地点' || s.address,
       s.address, s.address,
       s.clng + (s.r_lng - 0.5) * s.dx * 0.5, s.clat + (s.r_lat - 0.5) * s.dy * 0.5,
       s.grid_id, false, s.team, s.officer,
       CASE WHEN s.team = 'patrol' THEN s.patrol_unit ELSE s.unit END,
       CASE WHEN s.source = 'call_110' THEN '报警人' END,
       p.enc, p.bidx, p.masked,
       CASE WHEN s.source IN ('call_110', 'walk_in') THEN $8::uuid END,
       s.created_at - make_interval(secs => floor(s.r_sec * 120)),
       s.created_at,
       CASE WHEN s.status IN ('closed', 'transferred') THEN s.created_at + make_interval(mins => 20 + floor(s.r_close * 2880)::int)
            ELSE s.created_at + interval '5 minutes' END,
       CASE WHEN s.status IN ('closed', 'transferred') THEN s.created_at + make_interval(mins => 20 + floor(s.r_close * 2880)::int) END,
       CASE WHEN s.status = 'closed' THEN 'resolved' WHEN s.status = 'transferred' THEN 'transferred' END,
       3
  FROM s
  LEFT JOIN bench_phone p ON s.source = 'call_110'
       AND p.idx = CASE WHEN s.r_phone < 0.05 THEN floor(s.r_phone2 * 200)::int
                        ELSE 200 + floor(s.r_phone2 * ($9::int - 200))::int END`;

/**
 * One order per dispatched incident: every open incident past 'new', and 70% of closed ones
 * (the rest were settled on the phone). Open orders carry the breaches their deadlines have
 * passed; closed ones breached now and then.
 */
const INSERT_ORDERS = `
WITH i AS MATERIALIZED (
  SELECT i.*, random() AS r1, random() AS r2,
         i.created_at + make_interval(secs => 30 + floor(random() * 120)::int) AS issued
    FROM incidents i
   WHERE i.description LIKE $1 || '%'
     AND (i.status IN ('dispatched', 'in_progress', 'resolved') OR (i.status = 'closed' AND random() < 0.7))
), o AS (
  SELECT i.*,
         CASE i.status WHEN 'dispatched' THEN 'issued' WHEN 'resolved' THEN 'resolved' WHEN 'closed' THEN 'closed'
                       ELSE (ARRAY['acknowledged', 'en_route', 'on_scene'])[1 + floor(i.r1 * 3)::int] END AS ostatus,
         i.issued + CASE i.priority WHEN 'urgent' THEN interval '1 minute' WHEN 'high' THEN interval '3 minutes'
                                    WHEN 'normal' THEN interval '5 minutes' ELSE interval '10 minutes' END AS ack_due,
         i.issued + CASE i.priority WHEN 'urgent' THEN interval '5 minutes' WHEN 'high' THEN interval '15 minutes'
                                    ELSE interval '30 minutes' END AS arrive_due,
         i.issued + interval '24 hours' AS resolve_due,
         i.issued + make_interval(secs => 20 + floor(i.r2 * 300)::int) AS ack_at
    FROM i
)
INSERT INTO dispatch_orders (id, station_id, incident_id, grid_id, assignee_kind, assignee_person_id, assignee_unit_id,
  assignee_team, status, priority, urban, issued_at, acknowledged_at, en_route_at, on_scene_at, resolved_at, closed_at,
  ack_due_at, arrive_due_at, resolve_due_at, breaches, result_code, version)
SELECT gen_random_uuid(), o.station_id, o.id, o.grid_id,
       CASE o.team WHEN 'community' THEN 'person' WHEN 'patrol' THEN 'unit' ELSE 'team' END,
       CASE WHEN o.team = 'community' THEN o.responsible_person_id END,
       CASE WHEN o.team = 'patrol' THEN o.unit_id END,
       CASE WHEN o.team NOT IN ('community', 'patrol') THEN o.team END,
       o.ostatus, o.priority, true, o.issued,
       CASE WHEN o.ostatus <> 'issued' THEN o.ack_at END,
       CASE WHEN o.ostatus NOT IN ('issued', 'acknowledged') THEN o.ack_at + interval '1 minute' END,
       CASE WHEN o.ostatus IN ('on_scene', 'resolved', 'closed') THEN o.ack_at + make_interval(mins => 4 + floor(o.r1 * 20)::int) END,
       CASE WHEN o.ostatus IN ('resolved', 'closed') THEN coalesce(o.closed_at, o.ack_at + interval '1 hour') - interval '5 minutes' END,
       CASE WHEN o.ostatus = 'closed' THEN o.closed_at END,
       o.ack_due, o.arrive_due, o.resolve_due,
       CASE WHEN o.ostatus IN ('issued') AND o.ack_due < now() THEN ARRAY['ack']
            WHEN o.ostatus IN ('acknowledged', 'en_route') AND o.arrive_due < now() THEN ARRAY['arrive']
            WHEN o.ostatus = 'on_scene' AND o.resolve_due < now() THEN ARRAY['resolve']
            WHEN o.ostatus IN ('resolved', 'closed') AND o.r2 < 0.04 THEN ARRAY['ack']
            ELSE '{}'::text[] END,
       CASE WHEN o.ostatus = 'closed' THEN 'resolved' END,
       CASE WHEN o.ostatus = 'issued' THEN 1 ELSE 4 END
  FROM o ORDER BY o.issued`;

/** created (every incident), dispatched (every order), closed (every closed incident), stored in time order. */
const INSERT_EVENTS = [
  `INSERT INTO incident_events (incident_id, order_id, at, actor_name, kind, note, details)
   SELECT incident_id, order_id, at, actor_name, kind, note, details FROM (
     SELECT i.id AS incident_id, NULL::uuid AS order_id, i.created_at AS at, '接警员' AS actor_name, 'created' AS kind,
            NULL AS note, jsonb_build_object('source', i.source, 'priority', i.priority) AS details
       FROM incidents i WHERE i.description LIKE $1 || '%'
     UNION ALL
     SELECT o.incident_id, o.id, o.issued_at, '接警员', 'dispatched', NULL,
            jsonb_build_object('assignee', jsonb_build_object('kind', o.assignee_kind))
       FROM dispatch_orders o JOIN incidents i ON i.id = o.incident_id WHERE i.description LIKE $1 || '%'
     UNION ALL
     SELECT i.id, NULL, i.closed_at, '值班领导', 'closed', '处置完毕', jsonb_build_object('resultCode', i.result_code)
       FROM incidents i WHERE i.description LIKE $1 || '%' AND i.status = 'closed'
   ) e ORDER BY at`,
];

/** A breach alert per breached order (open while its incident is), and repeat-address early warnings. */
const INSERT_ALERTS = [
  `INSERT INTO command_alerts (station_id, kind, severity, title, explanation, incident_id, order_id, grid_id,
     target_person_id, dedupe_key, status, created_at, acknowledged_at)
   SELECT o.station_id, 'deadline_breach', 'critical', i.number || ' 超时：' || o.breaches[1],
          jsonb_build_object('milestone', o.breaches[1]), i.id, o.id, i.grid_id, o.assignee_person_id,
          'breach:' || o.id || ':' || o.breaches[1],
          CASE WHEN i.status IN ('closed', 'transferred') THEN 'closed' WHEN random() < 0.5 THEN 'acknowledged' ELSE 'open' END,
          CASE o.breaches[1] WHEN 'ack' THEN o.ack_due_at WHEN 'arrive' THEN o.arrive_due_at ELSE o.resolve_due_at END,
          CASE WHEN i.status NOT IN ('closed', 'transferred') THEN NULL ELSE i.closed_at END
     FROM dispatch_orders o JOIN incidents i ON i.id = o.incident_id
    WHERE i.description LIKE $1 || '%' AND cardinality(o.breaches) > 0 AND o.station_id = $2`,
  `INSERT INTO command_alerts (station_id, kind, severity, title, explanation, incident_id, grid_id, dedupe_key,
     status, created_at)
   SELECT DISTINCT ON (i.address_key, date_trunc('month', i.created_at))
          i.station_id, 'early_warning', 'warning', '同一地址 30 天内多起纠纷：' || i.address,
          jsonb_build_object('subject', i.address), i.id, i.grid_id,
          'ew:bench:' || i.address_key || ':' || to_char(i.created_at, 'YYYY-MM'),
          CASE WHEN i.created_at > now() - interval '30 days' THEN 'open' ELSE 'closed' END, i.created_at
     FROM incidents i
    WHERE i.description LIKE $1 || '%' AND i.station_id = $2 AND i.category_code LIKE 'dispute%' AND i.address LIKE '%幸福里%'
    ORDER BY i.address_key, date_trunc('month', i.created_at), i.created_at`,
];
