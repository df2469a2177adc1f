import { CreateIncidentResponse } from '@fengqiao/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeOpenDemoIncidents, engineUnavailable, loginAs, startTestApp, type TestApp } from '../../../test/harness';
import { REPEAT_BOUNDS_FROM_DAYS, repeatGroups } from './analysis.repository';
import { listIncidents } from './incidents.repository';

interface MapGrid {
  id: string;
  code: string;
  centroid: [number, number];
  officer: { id: string; name: string } | null;
}

/** The China-local day and hour of a stored instant, in SQL (fixed +8, as the analysis tests count). */
const LOCAL = (col: string) => `((${col} AT TIME ZONE 'UTC') + interval '8 hours')`;

/** The per-month repeats rollup, and the same counted from the incidents. */
const REPEAT_MONTHLY_ROLLUP = 'SELECT station_id, kind, key, month, n, last_at FROM incident_repeat_monthly';
const REPEAT_MONTHLY_DIRECT = `
  SELECT station_id, 'address', address_key, date_trunc('month', ${LOCAL('reported_at')})::date, count(*)::int,
         max(reported_at) FROM incidents
   WHERE duplicate_of IS NULL AND address_key IS NOT NULL GROUP BY 1, 3, 4
  UNION ALL
  SELECT station_id, 'caller', caller_phone_bidx, date_trunc('month', ${LOCAL('reported_at')})::date, count(*)::int,
         max(reported_at) FROM incidents
   WHERE duplicate_of IS NULL AND caller_phone_bidx IS NOT NULL GROUP BY 1, 3, 4`;
const REPEAT_KEYS_ROLLUP = 'SELECT station_id, kind, key, n, last_at FROM incident_repeat_keys';
const REPEAT_KEYS_DIRECT = `
  SELECT station_id, 'address', address_key, count(*)::int, max(reported_at) FROM incidents
   WHERE duplicate_of IS NULL AND address_key IS NOT NULL GROUP BY 1, 3
  UNION ALL
  SELECT station_id, 'caller', caller_phone_bidx, count(*)::int, max(reported_at) FROM incidents
   WHERE duplicate_of IS NULL AND caller_phone_bidx IS NOT NULL GROUP BY 1, 3`;

/**
 * What the fast paths must keep equal to reading the records: the reply to
 * POST /api/incidents (built from what intake wrote) against reading the
 * incident back; the rollups and the stored nearest deadline (kept by the
 * writes) against counting incidents and orders directly, after intake,
 * dispatch, order steps, breaches, transfers and closing; the board's SQL
 * order against its rule.
 */
describe.skipIf(engineUnavailable)('command room: write-maintained rollups and fast replies', () => {
  let t: TestApp;
  let operator: string;
  let officer: string;
  let grids: MapGrid[];
  let officerGrid: MapGrid;

  const post = (body: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: '/api/incidents', headers: { cookie: operator }, payload: body });
  const get = (url: string, cookie = operator) => t.app.inject({ url, headers: { cookie } });
  const at = (g: MapGrid, dx = 0) => ({ lng: g.centroid[0] + dx, lat: g.centroid[1] });
  const move = (orderId: string, status: string) =>
    t.app.inject({
      method: 'PATCH',
      url: `/api/orders/${orderId}`,
      headers: { cookie: officer },
      payload: { status },
    });
  const rows = async <T>(sql: string) => (await t.db.query<T>(sql)).rows;

  beforeAll(async () => {
    t = await startTestApp();
    await closeOpenDemoIncidents(t);
    operator = await loginAs(t, 'command_operator');
    officer = await loginAs(t, 'community_officer');
    const me = (await get('/api/auth/me', officer)).json();
    grids = (await get('/api/map')).json().grids;
    officerGrid = grids.find((g) => g.officer?.id === me.personId) as MapGrid;
  });
  afterAll(async () => t?.close());

  it('replies to a new incident exactly as reading it back shows it', async () => {
    const bodies: Record<string, unknown>[] = [
      // To the grid's officer, with a caller and people involved.
      {
        source: 'call_110',
        categoryCode: 'dispute.family',
        summary: '夫妻争吵摔东西',
        description: '邻居报警称听到争吵',
        address: '幸福里3号楼',
        location: at(officerGrid),
        callerName: '李女士',
        callerPhone: '13912345678',
        persons: [{ role: 'involved', name: '张某', idNumber: '11010519491231002X', phone: '13700001111' }],
        vehicles: [{ plate: '京A12345', colour: '白' }],
        dispatch: 'auto',
      },
      // To the patrol unit or team, to the case team, not dispatched, outside every grid.
      {
        source: 'patrol',
        categoryCode: 'public_order.fight',
        summary: '路口有人打架',
        location: at(grids[12] as MapGrid),
        dispatch: 'auto',
      },
      {
        source: 'online',
        categoryCode: 'criminal.fraud',
        summary: '网购被骗',
        location: at(grids[7] as MapGrid),
        dispatch: 'auto',
      },
      { source: 'walk_in', categoryCode: 'help.lost_property', summary: '丢失钱包', address: '建设路8号' },
      {
        source: 'call_110',
        categoryCode: 'traffic.accident',
        summary: '高速追尾',
        location: { lng: 116.2, lat: 39.9 },
        dispatch: 'auto',
      },
    ];
    // And a near-duplicate of the second: linked, not dispatched.
    bodies.push({
      ...bodies[1],
      source: 'call_110',
      summary: '又有人报打架',
      location: at(grids[12] as MapGrid, 0.0003),
    });
    for (const body of bodies) {
      const res = await post(body);
      expect(res.statusCode, res.body).toBe(201);
      // Nothing strips the reply's fields at run time (trusted-reply.ts): it must be exactly what the contract allows.
      expect(CreateIncidentResponse.parse(res.json())).toEqual(res.json());
      const reply = res.json().incident;
      const read = (await get(`/api/incidents/${reply.id}`)).json();
      expect(reply, JSON.stringify(body)).toEqual(read);
    }
  });

  it('keeps the rollups and the nearest deadline equal to counting the records', async () => {
    const g = officerGrid;
    const made: { id: string; orders: { id: string }[] }[] = [];
    for (const [i, c] of ['dispute.neighbour', 'dispute.labour', 'dispute.property', 'criminal.theft'].entries()) {
      const res = await post({
        source: i % 2 ? 'online' : 'call_110',
        categoryCode: c,
        priority: i === 0 ? 'urgent' : undefined,
        summary: `测试警情${i}`,
        location: at(g, 0.002 * i),
        address: `测试路${i}号`,
        dispatch: 'auto',
      });
      expect(res.statusCode, res.body).toBe(201);
      made.push(res.json().incident);
    }
    const [a, b, c, d] = made;
    // Steps of an order, a breach, a second order, a transfer, closing.
    for (const s of ['acknowledged', 'en_route', 'on_scene'])
      expect((await move(a?.orders[0]?.id ?? '', s)).statusCode).toBe(200);
    t.clock.advance(20 * 60_000);
    await t.platform.jobs.runDue();
    expect((await move(b?.orders[0]?.id ?? '', 'acknowledged')).statusCode).toBe(200);
    const units = (await get('/api/map')).json().units as { id: string }[];
    const extra = await t.app.inject({
      method: 'POST',
      url: `/api/incidents/${c?.id}/orders`,
      headers: { cookie: operator },
      payload: { assignee: { kind: 'unit', unitId: units[0]?.id } },
    });
    expect(extra.statusCode, extra.body).toBe(200);
    const transfer = await t.app.inject({
      method: 'POST',
      url: `/api/incidents/${d?.id}/orders`,
      headers: { cookie: operator },
      payload: { assignee: { kind: 'agency', agency: '镇综合执法队' } },
    });
    expect(transfer.statusCode, transfer.body).toBe(200);
    expect((await move(a?.orders[0]?.id ?? '', 'resolved')).statusCode).toBe(200);
    await t.app.inject({
      method: 'POST',
      url: `/api/incidents/${a?.id}/close`,
      headers: { cookie: operator },
      payload: { resultCode: 'mediated' },
    });

    // The nearest open deadline stored on each incident is the one its orders give.
    const wrong = await rows<{ id: string }>(
      `SELECT i.id FROM incidents i
        WHERE i.next_deadline_at IS DISTINCT FROM
              (SELECT min(least(CASE WHEN o.acknowledged_at IS NULL THEN o.ack_due_at END,
                                CASE WHEN o.on_scene_at IS NULL THEN o.arrive_due_at END,
                                CASE WHEN o.resolved_at IS NULL THEN o.resolve_due_at END))
                 FROM dispatch_orders o WHERE o.incident_id = i.id AND o.status IN ('issued', 'acknowledged', 'en_route', 'on_scene'))`,
    );
    expect(wrong).toEqual([]);
    expect(
      (await rows<{ n: number }>('SELECT count(*)::int AS n FROM incidents WHERE next_deadline_at IS NOT NULL'))[0]?.n,
    ).toBeGreaterThan(0);

    // An order keeps its incident's grid.
    expect(
      await rows(
        'SELECT o.id FROM dispatch_orders o JOIN incidents i ON i.id = o.incident_id WHERE o.grid_id IS DISTINCT FROM i.grid_id',
      ),
    ).toEqual([]);

    // Every rollup row equals a count over the records (the demo town's history included).
    const diff = async (rollup: string, direct: string) =>
      rows(`((${rollup}) EXCEPT ALL (${direct})) UNION ALL ((${direct}) EXCEPT ALL (${rollup}))`);
    expect(
      await diff(
        'SELECT station_id, grid_id, category_code, day, hour::int, n FROM incident_hourly WHERE n <> 0',
        `SELECT station_id, grid_id, category_code, ${LOCAL('reported_at')}::date, extract(hour FROM ${LOCAL('reported_at')})::int, count(*)::int
           FROM incidents GROUP BY 1, 2, 3, 4, 5`,
      ),
    ).toEqual([]);
    expect(
      await diff(
        'SELECT station_id, day, category_code, n FROM incident_category_daily WHERE n <> 0',
        `SELECT station_id, ${LOCAL('reported_at')}::date, category_code, count(*)::int FROM incidents GROUP BY 1, 2, 3`,
      ),
    ).toEqual([]);
    expect(
      await diff(
        'SELECT station_id, grid_id, day, category_code, n FROM incident_grid_daily WHERE n <> 0',
        `SELECT station_id, grid_id, ${LOCAL('reported_at')}::date, category_code, count(*)::int FROM incidents
          WHERE grid_id IS NOT NULL GROUP BY 1, 2, 3, 4`,
      ),
    ).toEqual([]);
    expect(
      await diff(
        'SELECT station_id, kind, key, n, last_at FROM incident_repeat_keys',
        `SELECT station_id, 'address', address_key, count(*)::int, max(reported_at) FROM incidents
          WHERE duplicate_of IS NULL AND address_key IS NOT NULL GROUP BY 1, 3
         UNION ALL
         SELECT station_id, 'caller', caller_phone_bidx, count(*)::int, max(reported_at) FROM incidents
          WHERE duplicate_of IS NULL AND caller_phone_bidx IS NOT NULL GROUP BY 1, 3`,
      ),
    ).toEqual([]);
    expect(await diff(REPEAT_MONTHLY_ROLLUP, REPEAT_MONTHLY_DIRECT)).toEqual([]);
    const counted = (v: string, col: string) => `count(*) FILTER (WHERE ${col} = '${v}')::int`;
    expect(
      await diff(
        `SELECT station_id, grid_id, day, n, source_call_110, source_walk_in, source_online, source_volunteer, source_camera,
                source_patrol, priority_urgent, priority_high, priority_normal, priority_low, team_community, team_case,
                team_patrol, team_command_room FROM incident_daily`,
        `SELECT station_id, grid_id, ${LOCAL('reported_at')}::date, count(*)::int,
                ${['call_110', 'walk_in', 'online', 'volunteer', 'camera', 'patrol'].map((v) => counted(v, 'source')).join(', ')},
                ${['urgent', 'high', 'normal', 'low'].map((v) => counted(v, 'priority')).join(', ')},
                ${['community', 'case', 'patrol', 'command_room'].map((v) => counted(v, 'team')).join(', ')}
           FROM incidents GROUP BY 1, 2, 3`,
      ),
    ).toEqual([]);
    expect(
      await diff(
        `SELECT station_id, grid_id, day, n, acknowledged, on_scene, round(ack_seconds, 3), round(on_scene_seconds, 3), breached
           FROM order_daily WHERE n <> 0`,
        `SELECT o.station_id, i.grid_id, ${LOCAL('o.issued_at')}::date, count(*)::int, count(o.acknowledged_at)::int,
                count(o.on_scene_at)::int,
                round(coalesce(sum(extract(epoch FROM o.acknowledged_at - o.issued_at)), 0), 3),
                round(coalesce(sum(extract(epoch FROM o.on_scene_at - o.issued_at)), 0), 3),
                (count(*) FILTER (WHERE cardinality(o.breaches) > 0))::int
           FROM dispatch_orders o JOIN incidents i ON i.id = o.incident_id
          WHERE o.assignee_kind <> 'agency' GROUP BY 1, 2, 3`,
      ),
    ).toEqual([]);
    // The breach above was counted (the rollups did move, not only agree).
    expect((await rows<{ n: number }>('SELECT sum(breached)::int AS n FROM order_daily'))[0]?.n).toBeGreaterThan(0);
  });

  it('finds the same repeats over a long period through the counts ever as by counting every report', async () => {
    const stationId = (await get('/api/auth/me')).json().stationId as string;
    let groups = 0;
    for (const days of [120, 365]) {
      const since = new Date(t.clock.now().getTime() - days * 86_400_000);
      for (const kind of ['address', 'caller'] as const)
        for (const [min, limit] of days === 365
          ? ([
              [2, 5],
              [3, 50],
              [2, 200],
            ] as const)
          : ([[3, 50]] as const)) {
          // The same period, once counted from every report (the short-period way) and once through the bounds.
          const counted = await repeatGroups(t.db, kind, { stationId, gridIds: null }, since, min, limit, 1);
          const bounded = await repeatGroups(t.db, kind, { stationId, gridIds: null }, since, min, limit, days);
          expect(days).toBeGreaterThanOrEqual(REPEAT_BOUNDS_FROM_DAYS);
          expect(bounded, `${kind} ${days} days, min ${min}, limit ${limit}`).toEqual(counted);
          groups += counted.length;
        }
    }
    expect(groups).toBeGreaterThan(0);
  });

  it('keeps the repeats rollups exact when incidents are marked duplicates, re-addressed, re-timed or removed', async () => {
    const g = officerGrid;
    const made: string[] = [];
    // Three reports at one address from one caller, a fourth from another caller at another address.
    for (const [i, address] of ['复查路1号', '复查路1号', '复查路1号', '复查路2号'].entries()) {
      const res = await post({
        source: 'call_110',
        categoryCode: i % 2 ? 'dispute.neighbour' : 'help.lost_property',
        summary: `复查${i}`,
        address,
        location: at(g, 0.004 * (i + 1)),
        callerPhone: i < 3 ? '13911112222' : '13933334444',
      });
      expect(res.statusCode, res.body).toBe(201);
      made.push(res.json().incident.id);
    }
    const [a, b, c, d] = made;
    const diff = async (rollup: string, direct: string) =>
      rows(`((${rollup}) EXCEPT ALL (${direct})) UNION ALL ((${direct}) EXCEPT ALL (${rollup}))`);
    // The groups these reports are in (a new address key is added below): compared in full after each write.
    const keys = (
      await rows<{ a: string; c: string }>(
        `SELECT address_key AS a, caller_phone_bidx AS c FROM incidents WHERE id IN ('${made.join("','")}')`,
      )
    ).flatMap((r) => [r.a, r.c]);
    keys.push('复查路9号');
    const only = (sql: string, columns: string) =>
      `SELECT * FROM (${sql}) x(${columns}) WHERE x.key = ANY(ARRAY['${[...new Set(keys)].join("','")}'])`;
    const monthly = 'station_id, kind, key, month, n, last_at';
    const ever = 'station_id, kind, key, n, last_at';
    const exact = async (step: string) => {
      expect(await diff(only(REPEAT_MONTHLY_ROLLUP, monthly), only(REPEAT_MONTHLY_DIRECT, monthly)), step).toEqual([]);
      expect(await diff(only(REPEAT_KEYS_ROLLUP, ever), only(REPEAT_KEYS_DIRECT, ever)), step).toEqual([]);
    };
    await exact('after intake');
    const before = await rows<{ n: number }>(
      `SELECT n FROM incident_repeat_monthly WHERE kind = 'address' AND key = (SELECT address_key FROM incidents WHERE id = '${a}')`,
    );
    expect(before.map((r) => r.n)).toEqual([3]);
    // Writes no route makes today, straight in SQL: the triggers must follow any of them.
    await t.db.tx(async (tx) => {
      await tx.query('UPDATE incidents SET duplicate_of = $1 WHERE id = $2', [a, b]);
      await tx.query('UPDATE incidents SET address_key = $1, address = $2 WHERE id = $3', [
        '复查路9号',
        '复查路9号',
        c,
      ]);
      await tx.query(`UPDATE incidents SET reported_at = reported_at - interval '40 days' WHERE id = $1`, [a]);
    });
    await exact('after marking a duplicate, re-addressing and moving a report forty days back');
    const lone = (await rows<{ c: string }>(`SELECT caller_phone_bidx AS c FROM incidents WHERE id = '${d}'`))[0]?.c;
    await t.db.tx(async (tx) => {
      await tx.query('UPDATE incidents SET duplicate_of = NULL WHERE id = $1', [b]);
      for (const table of ['incident_events', 'command_alerts'])
        await tx.query(`DELETE FROM ${table} WHERE incident_id = $1`, [d]);
      await tx.query('DELETE FROM incidents WHERE id = $1', [d]);
    });
    await exact('after un-marking the duplicate and removing a report');
    expect(
      await rows(
        `SELECT 1 FROM incident_repeat_monthly WHERE kind = 'address' AND key = (SELECT address_key FROM incidents WHERE id = '${c}')`,
      ),
      'the re-addressed report moved',
    ).toHaveLength(1);
    expect(
      await rows(`SELECT 1 FROM incident_repeat_monthly WHERE kind = 'caller' AND key = '${lone}'`),
      'the caller who lost their only report is gone',
    ).toEqual([]);

    // The long-period path (rollup months + the first month's remainder) equals counting every report, for
    // periods starting inside a month, exactly at a China-local month start, and a minute before one.
    const stationId = (await get('/api/auth/me')).json().stationId as string;
    const ago = (days: number) => new Date(t.clock.now().getTime() - days * 86_400_000);
    const monthStart = new Date(
      `${new Date(ago(210).getTime() + 8 * 3_600_000).toISOString().slice(0, 7)}-01T00:00:00+08:00`,
    );
    for (const since of [ago(200), monthStart, new Date(monthStart.getTime() - 60_000)])
      for (const kind of ['address', 'caller'] as const) {
        const counted = await repeatGroups(t.db, kind, { stationId, gridIds: null }, since, 3, 20, 1);
        const bounded = await repeatGroups(t.db, kind, { stationId, gridIds: null }, since, 3, 20, 365);
        expect(bounded, `${kind} since ${since.toISOString()}`).toEqual(counted);
        expect(counted.length, 'there are repeats to compare').toBeGreaterThan(0);
      }
  });

  it('reads each board queue in board order, so its limit keeps the most pressing incidents', async () => {
    const stationId = (await get('/api/auth/me')).json().stationId as string;
    for (const status of ['new', 'dispatched', 'in_progress']) {
      const all = (
        await listIncidents(t.db, { stationId, statuses: [status], limit: 1000, offset: 0, orderBy: 'urgency' })
      ).rows;
      const rank = { urgent: 0, high: 1, normal: 2, low: 3 };
      const rule = [...all].sort(
        (x, y) =>
          rank[x.priority] - rank[y.priority] ||
          (x.next_deadline?.getTime() ?? Number.MAX_SAFE_INTEGER) -
            (y.next_deadline?.getTime() ?? Number.MAX_SAFE_INTEGER) ||
          y.created_at.getTime() - x.created_at.getTime(),
      );
      expect(all.map((r) => r.id)).toEqual(rule.map((r) => r.id));
      // A short page is the head of that order.
      const two = (
        await listIncidents(t.db, { stationId, statuses: [status], limit: 2, offset: 0, orderBy: 'urgency' })
      ).rows;
      expect(two.map((r) => r.id)).toEqual(rule.slice(0, 2).map((r) => r.id));
    }
  });
});
