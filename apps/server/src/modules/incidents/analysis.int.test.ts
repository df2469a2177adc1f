import { addressKey } from '@fengqiao/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineUnavailable, loginAs, startTestApp, type TestApp } from '../../../test/harness';
import { ManualClock } from '../../platform/clock';

interface MapGrid {
  id: string;
  code: string;
  centroid: [number, number];
}

/** The China-local day and hour of a stored instant, in SQL, for the direct counts. */
const LOCAL = `((reported_at AT TIME ZONE 'UTC') + interval '8 hours')`;
const PHONE = '13912345678';

/**
 * Every analysis figure is compared with a direct count over the incidents
 * and dispatch orders tables (which also hold the demo town's history), and
 * the incidents created here are checked to be among them. Last year's
 * reports are taken on the manual clock a year before this year's.
 */
describe.skipIf(engineUnavailable)('command room analysis', () => {
  let t: TestApp;
  let operator: string;
  let stationId: string;
  let grids: MapGrid[];
  let gridA: MapGrid;
  let gridB: MapGrid;

  const get = (cookie: string, url: string) => t.app.inject({ url, headers: { cookie } });
  const n = async (sql: string, params: unknown[] = []) =>
    (await t.db.query<{ n: number }>(sql, params)).rows[0]?.n ?? 0;
  const report = async (body: Record<string, unknown>, cookie = operator) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/incidents', headers: { cookie }, payload: body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().incident as { id: string; number: string; orders: { id: string }[]; duplicateOf: string | null };
  };
  const at = (g: MapGrid, dx = 0) => ({ lng: g.centroid[0] + dx, lat: g.centroid[1] });
  /** Moves the clock (to an instant, or ahead by ms) and signs in again: sessions end after 30 idle minutes. */
  const jump = async (to: string | number) => {
    if (typeof to === 'number') t.clock.advance(to);
    else t.clock.set(to);
    operator = await loginAs(t, 'command_operator');
  };

  beforeAll(async () => {
    // Monday 10 November 2025, 09:00 in China; this year's reports follow 52 weeks later.
    t = await startTestApp({ clock: new ManualClock('2025-11-10T09:00:00+08:00') });
    operator = await loginAs(t, 'command_operator');
    stationId = (await get(operator, '/api/auth/me')).json().stationId;
    grids = (await get(operator, '/api/map')).json().grids;
    gridA = grids[5] as MapGrid;
    gridB = grids[17] as MapGrid;

    // Last year: three traffic reports in grid A on Monday and one on Wednesday.
    await report({ source: 'call_110', categoryCode: 'traffic.accident', summary: '两车剐蹭', location: at(gridA) });
    await report({
      source: 'call_110',
      categoryCode: 'traffic.parking',
      summary: '违停堵门',
      location: at(gridA),
    });
    await jump(2 * 3600_000);
    await report({ source: 'patrol', categoryCode: 'traffic.congestion', summary: '路口拥堵', location: at(gridA) });
    await jump('2025-11-12T21:00:00+08:00');
    await report({ source: 'online', categoryCode: 'traffic.violation', summary: '逆行', location: at(gridA) });

    // This year, 52 weeks later (Monday 9 November 2026).
    await jump('2026-11-09T02:10:00+08:00');
    await report({ source: 'call_110', categoryCode: 'traffic.accident', summary: '夜间追尾', location: at(gridA) });
    await jump('2026-11-09T14:00:00+08:00');
    for (const c of ['traffic.accident', 'traffic.parking', 'traffic.violation', 'traffic.congestion'])
      await report({ source: 'walk_in', categoryCode: c, summary: '交通类警情', location: at(gridA) });
  });
  afterAll(async () => t?.close());

  it('heat map: per grid and local hour, exactly the incidents reported in the period', async () => {
    const res = await get(operator, '/api/analysis/heatmap?from=2026-11-09&to=2026-11-09&category=traffic');
    expect(res.statusCode, res.body).toBe(200);
    const heat = res.json();
    expect(heat.hours).toHaveLength(24);
    const direct = await t.db.query<{ grid_id: string | null; h: number; n: number }>(
      `SELECT grid_id, extract(hour FROM ${LOCAL})::int AS h, count(*)::int AS n FROM incidents
        WHERE station_id = $1 AND ${LOCAL}::date = '2026-11-09' AND (category_code = 'traffic' OR category_code LIKE 'traffic.%')
        GROUP BY 1, 2`,
      [stationId],
    );
    const expected = new Map(direct.rows.map((r) => [`${r.grid_id}:${r.h}`, r.n]));
    let total = 0;
    for (const g of heat.grids as { gridId: string | null; hours: number[]; total: number }[]) {
      g.hours.forEach((v, h) => {
        expect(v, `${g.gridId} ${h}`).toBe(expected.get(`${g.gridId}:${h}`) ?? 0);
      });
      expect(g.total).toBe(g.hours.reduce((a, b) => a + b, 0));
      total += g.total;
    }
    expect(heat.total).toBe(total);
    expect(heat.total).toBe(direct.rows.reduce((a, r) => a + r.n, 0));
    // Ours are among them: one at 02:00 and four at 14:00 in grid A.
    const a = heat.grids.find((g: { gridId: string }) => g.gridId === gridA.id);
    expect(a.gridCode).toBe(gridA.code);
    expect(a.hours[2]).toBeGreaterThanOrEqual(1);
    expect(a.hours[14]).toBeGreaterThanOrEqual(4);
    // Every grid of the station is listed, quiet ones with zeros.
    expect(heat.grids.filter((g: { gridId: string | null }) => g.gridId !== null)).toHaveLength(grids.length);
    // Per-hour totals are the column sums.
    for (let h = 0; h < 24; h++)
      expect(heat.hours[h]).toBe(heat.grids.reduce((s: number, g: { hours: number[] }) => s + (g.hours[h] ?? 0), 0));
  });

  it('trends: per top-level category and bucket, with the same buckets a year earlier', async () => {
    const dayCount = (top: string, from: string, to: string, gridId: string) =>
      n(
        `SELECT count(*)::int AS n FROM incidents WHERE station_id = $1 AND split_part(category_code, '.', 1) = $2
           AND ${LOCAL}::date BETWEEN $3::date AND $4::date AND grid_id = $5`,
        [stationId, top, from, to, gridId],
      );
    for (const granularity of ['day', 'week', 'month'] as const) {
      const res = await get(
        operator,
        `/api/analysis/trends?from=2026-11-01&to=2026-11-15&granularity=${granularity}&gridId=${gridA.id}`,
      );
      expect(res.statusCode, res.body).toBe(200);
      const tr = res.json();
      expect(tr.previousFrom).toBe(granularity === 'week' ? '2025-11-02' : '2025-11-01');
      const expectedBuckets = { day: 15, week: 3, month: 1 }[granularity];
      expect(tr.buckets).toHaveLength(expectedBuckets);
      expect(tr.buckets[0].start).toBe('2026-11-01');
      expect(tr.buckets.at(-1).end).toBe('2026-11-15');
      if (granularity === 'week') expect(tr.buckets[1]).toMatchObject({ start: '2026-11-02', end: '2026-11-08' });
      const traffic = tr.series.find((s: { category: string }) => s.category === 'traffic');
      expect(traffic.nameEn).toBe('Traffic');
      for (const [i, b] of (
        tr.buckets as { start: string; end: string; previousStart: string; previousEnd: string }[]
      ).entries()) {
        const p = traffic.points[i];
        expect(p.start).toBe(b.start);
        expect(p.count, `${granularity} ${b.start}`).toBe(await dayCount('traffic', b.start, b.end, gridA.id));
        expect(p.previous, `${granularity} ${b.previousStart}`).toBe(
          await dayCount('traffic', b.previousStart, b.previousEnd, gridA.id),
        );
        expect(p.changePct).toBe(
          p.previous === 0 ? null : Math.round(((p.count - p.previous) / p.previous) * 100 * 10) / 10,
        );
      }
      expect(traffic.total).toBe(await dayCount('traffic', '2026-11-01', '2026-11-15', gridA.id));
      // The totals series sums every category's series.
      const sum = (tr.series as { total: number }[]).reduce((a, s) => a + s.total, 0);
      expect(tr.totals.total).toBe(sum);
      expect(tr.totals.previousTotal).toBe(
        (tr.series as { previousTotal: number }[]).reduce((a, s) => a + s.previousTotal, 0),
      );
    }
    // Monday 9 November 2026 against Monday 10 November 2025 (52 weeks): ours are on both sides.
    const week = (
      await get(operator, `/api/analysis/trends?from=2026-11-09&to=2026-11-15&granularity=week&gridId=${gridA.id}`)
    ).json();
    expect(week.buckets[0]).toMatchObject({ previousStart: '2025-11-10', previousEnd: '2025-11-16' });
    const tw = week.series.find((s: { category: string }) => s.category === 'traffic');
    expect(tw.points[0].count).toBeGreaterThanOrEqual(5);
    expect(tw.points[0].previous).toBeGreaterThanOrEqual(4);
    // A sub-category asked for is its own single series.
    const sub = (
      await get(
        operator,
        `/api/analysis/trends?from=2026-11-09&to=2026-11-09&category=traffic.accident&gridId=${gridA.id}`,
      )
    ).json();
    expect(sub.series.map((s: { category: string }) => s.category)).toEqual(['traffic.accident']);
    expect(sub.series[0].total).toBe(
      await n(
        `SELECT count(*)::int AS n FROM incidents WHERE grid_id = $1 AND category_code = 'traffic.accident' AND ${LOCAL}::date = '2026-11-09'`,
        [gridA.id],
      ),
    );
  });

  it('summary: counts by source, status, priority and team, and order response times, as counted directly', async () => {
    // Two dispatched reports whose orders are acknowledged after 2 and 4 minutes; one reaches the scene after 10.
    await jump('2026-11-10T10:00:00+08:00');
    const a = await report({
      source: 'call_110',
      categoryCode: 'dispute.family',
      summary: '家庭争吵',
      location: at(gridB),
      dispatch: 'auto',
    });
    const b = await report({
      source: 'call_110',
      categoryCode: 'criminal.theft',
      summary: '电动车被盗',
      location: at(gridB, 0.01),
      dispatch: 'auto',
    });
    const move = (id: string, status: string) =>
      t.app.inject({ method: 'PATCH', url: `/api/orders/${id}`, headers: { cookie: operator }, payload: { status } });
    t.clock.advance(2 * 60_000);
    expect((await move(a.orders[0]?.id ?? '', 'acknowledged')).statusCode).toBe(200);
    t.clock.advance(2 * 60_000);
    expect((await move(b.orders[0]?.id ?? '', 'acknowledged')).statusCode).toBe(200);
    expect((await move(a.orders[0]?.id ?? '', 'en_route')).statusCode).toBe(200);
    t.clock.advance(6 * 60_000);
    expect((await move(a.orders[0]?.id ?? '', 'on_scene')).statusCode).toBe(200);

    const res = await get(operator, '/api/analysis/summary?from=2026-11-09&to=2026-11-10');
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json();
    const since = '2026-11-09T00:00:00+08:00';
    const until = '2026-11-11T00:00:00+08:00';
    const groups = async (column: string) =>
      Object.fromEntries(
        (
          await t.db.query<{ k: string; n: number }>(
            `SELECT ${column} AS k, count(*)::int AS n FROM incidents
              WHERE station_id = $1 AND reported_at >= $2 AND reported_at < $3 GROUP BY 1`,
            [stationId, since, until],
          )
        ).rows.map((r) => [r.k, r.n]),
      );
    const nonZero = (rec: Record<string, number>) => Object.fromEntries(Object.entries(rec).filter(([, v]) => v > 0));
    expect(nonZero(s.bySource)).toEqual(await groups('source'));
    expect(nonZero(s.byStatus)).toEqual(await groups('status'));
    expect(nonZero(s.byPriority)).toEqual(await groups('priority'));
    expect(nonZero(s.byTeam)).toEqual(await groups('team'));
    expect(s.total).toBe(
      await n(
        'SELECT count(*)::int AS n FROM incidents WHERE station_id = $1 AND reported_at >= $2 AND reported_at < $3',
        [stationId, since, until],
      ),
    );
    expect(s.bySource.walk_in).toBeGreaterThanOrEqual(4);
    // The same period on the heat map counts the same reports.
    const heat = (await get(operator, '/api/analysis/heatmap?from=2026-11-09&to=2026-11-10')).json();
    expect(heat.total).toBe(s.total);

    const o = (
      await t.db.query<{ total: number; ack: number; scene: number; a: number | null; sc: number | null; br: number }>(
        `SELECT count(*)::int AS total, count(acknowledged_at)::int AS ack, count(on_scene_at)::int AS scene,
                avg(extract(epoch FROM acknowledged_at - issued_at))::float8 / 60 AS a,
                avg(extract(epoch FROM on_scene_at - issued_at))::float8 / 60 AS sc,
                (count(*) FILTER (WHERE cardinality(breaches) > 0))::int AS br
           FROM dispatch_orders WHERE station_id = $1 AND issued_at >= $2 AND issued_at < $3 AND assignee_kind <> 'agency'`,
        [stationId, since, until],
      )
    ).rows[0];
    expect(o).toBeDefined();
    expect(s.orders.total).toBe(o?.total);
    expect(s.orders.total).toBeGreaterThanOrEqual(2);
    expect(s.orders.acknowledged).toBe(o?.ack);
    expect(s.orders.onScene).toBe(o?.scene);
    expect(s.orders.avgAckMinutes).toBe(o?.a === null ? null : Math.round((o?.a ?? 0) * 10) / 10);
    expect(s.orders.avgOnSceneMinutes).toBe(o?.sc === null ? null : Math.round((o?.sc ?? 0) * 10) / 10);
    expect(s.orders.breached).toBe(o?.br);
    expect(s.orders.breachedShare).toBe(Math.round(((o?.br ?? 0) / (o?.total ?? 1)) * 1000) / 1000);
  });

  it('repeats: addresses and callers, near-duplicates left out, masked phone only, and the read audited', async () => {
    await jump('2026-11-11T08:00:00+08:00');
    const spellings = ['清溪镇测试街88号', '清溪镇测试街 88 号', '清溪镇测试街八八号'];
    const categories = ['dispute.neighbour', 'dispute.family', 'dispute.property'];
    const first = await report({
      source: 'call_110',
      categoryCode: categories[0],
      summary: '邻里争吵',
      address: spellings[0],
      location: at(gridB),
      callerPhone: PHONE,
    });
    // A second report of that event minutes later is linked to it, not a repeat.
    t.clock.advance(5 * 60_000);
    const dup = await report({
      source: 'online',
      categoryCode: categories[0],
      summary: '楼上吵架',
      address: spellings[0],
      location: at(gridB),
    });
    expect(dup.duplicateOf).toBe(first.id);
    for (let i = 1; i < 3; i++) {
      await jump(3600_000);
      await report({
        source: 'call_110',
        categoryCode: categories[i],
        summary: '又来报警',
        address: spellings[i],
        location: at(gridB),
        callerPhone: PHONE,
      });
    }
    await jump('2026-11-11T12:00:00+08:00');
    // The same caller about something else elsewhere.
    await report({
      source: 'call_110',
      categoryCode: 'help.locked_out',
      summary: '钥匙锁在屋里',
      location: at(gridA),
      callerPhone: PHONE,
    });

    const res = await get(operator, '/api/analysis/repeats?days=1&min=3&limit=200');
    expect(res.statusCode, res.body).toBe(200);
    const rep = res.json();
    const key = addressKey(spellings[0] as string);
    const addr = rep.addresses.find((x: { addressKey: string }) => x.addressKey === key);
    const since = new Date(t.clock.now().getTime() - 86_400_000);
    expect(addr.count).toBe(
      await n(
        `SELECT count(*)::int AS n FROM incidents WHERE station_id = $1 AND address_key = $2 AND reported_at >= $3 AND duplicate_of IS NULL`,
        [stationId, key, since],
      ),
    );
    expect(addr.count).toBeGreaterThanOrEqual(3);
    expect(addr.address).toBe(spellings[2]);
    expect(addr.gridCode).toBe(gridB.code);
    expect(addr.categories.map((c: { code: string }) => c.code)).toEqual(expect.arrayContaining(categories));
    expect(addr.latest.map((l: { number: string }) => l.number)).toContain(first.number);
    expect(addr.latest.map((l: { id: string }) => l.id)).not.toContain(dup.id);

    const caller = rep.callers.find((x: { phone: string }) => x.phone === '139****5678');
    const bidx = t.platform.pii.phoneIndex(PHONE);
    expect(caller.count).toBe(
      await n(
        `SELECT count(*)::int AS n FROM incidents WHERE station_id = $1 AND caller_phone_bidx = $2 AND reported_at >= $3 AND duplicate_of IS NULL`,
        [stationId, bidx, since],
      ),
    );
    expect(caller.count).toBeGreaterThanOrEqual(4);
    expect(caller.categories.map((c: { code: string }) => c.code)).toContain('help.locked_out');
    // Groups are at least `min` and busiest first.
    for (const list of [rep.addresses, rep.callers] as { count: number }[][]) {
      for (const g of list) expect(g.count).toBeGreaterThanOrEqual(3);
      expect(list.map((g) => g.count)).toEqual([...list.map((g) => g.count)].sort((x, y) => y - x));
    }
    // Neither the number nor its blind index leaves the server.
    expect(res.body).not.toContain(PHONE);
    expect(res.body).not.toContain(bidx ?? 'no-bidx');
    expect(
      await n(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'analysis.repeats' AND actor_name = 'operator'`),
    ).toBe(1);
    // A higher threshold drops them.
    const strict = (await get(operator, `/api/analysis/repeats?days=1&min=${caller.count + 1}&limit=200`)).json();
    expect(strict.callers.some((x: { phone: string }) => x.phone === '139****5678')).toBe(false);
  });

  it('scopes every view to a grid officer’s grids', async () => {
    const officer = await loginAs(t, 'community_officer');
    const me = (await get(officer, '/api/auth/me')).json();
    const mine: string[] = me.gridIds;
    expect(me.scope).toBe('grids');
    expect(mine.length).toBeGreaterThan(0);
    const heat = (await get(officer, '/api/analysis/heatmap?from=2026-11-01&to=2026-11-11')).json();
    expect(heat.grids.map((g: { gridId: string }) => g.gridId).sort()).toEqual([...mine].sort());
    expect(heat.total).toBe(
      await n(
        `SELECT count(*)::int AS n FROM incidents WHERE grid_id = ANY($1::uuid[]) AND ${LOCAL}::date BETWEEN '2026-11-01' AND '2026-11-11'`,
        [mine],
      ),
    );
    const sum = (await get(officer, '/api/analysis/summary?from=2026-11-01&to=2026-11-11')).json();
    expect(sum.total).toBe(heat.total);
    const mineOrders = await n(
      `SELECT count(*)::int AS n FROM dispatch_orders o JOIN incidents i ON i.id = o.incident_id
        WHERE i.grid_id = ANY($1::uuid[]) AND o.issued_at >= '2026-11-01T00:00:00+08:00' AND o.issued_at < '2026-11-12T00:00:00+08:00'
          AND o.assignee_kind <> 'agency'`,
      [mine],
    );
    expect(sum.orders.total).toBe(mineOrders);
    const rep = (await get(officer, '/api/analysis/repeats?days=30&min=2')).json();
    for (const a of rep.addresses) expect(mine).toContain(a.gridId);
    const outside = grids.find((g) => !mine.includes(g.id)) as MapGrid;
    expect((await get(officer, `/api/analysis/trends?gridId=${outside.id}`)).statusCode).toBe(403);
    const own = await get(officer, `/api/analysis/trends?gridId=${mine[0]}&granularity=week`);
    expect(own.statusCode).toBe(200);
    const all = (await get(officer, '/api/analysis/trends?from=2026-11-01&to=2026-11-11')).json();
    expect(all.totals.total).toBe(heat.total);
  });

  it('refuses bad queries with the fields at fault, and callers without analysis.read', async () => {
    const cases: [string, string][] = [
      ['/api/analysis/heatmap?from=2026-11-10&to=2026-11-01', 'querystring.from'],
      ['/api/analysis/heatmap?from=2024-01-01&to=2026-11-01', 'querystring.to'],
      ['/api/analysis/heatmap?from=2026-13-01', 'querystring.from'],
      ['/api/analysis/heatmap?category=Traffic;DROP', 'querystring.category'],
      ['/api/analysis/trends?granularity=year', 'querystring.granularity'],
      ['/api/analysis/trends?gridId=abc', 'querystring.gridId'],
      ['/api/analysis/repeats?days=0', 'querystring.days'],
      ['/api/analysis/repeats?min=1', 'querystring.min'],
      ['/api/analysis/summary?to=yesterday', 'querystring.to'],
    ];
    for (const [url, path] of cases) {
      const res = await get(operator, url);
      expect(res.statusCode, url).toBe(400);
      expect(
        res.json().fields.map((f: { path: string }) => f.path),
        url,
      ).toContain(path);
    }
    const patrol = await loginAs(t, 'patrol_officer');
    expect((await get(patrol, '/api/analysis/summary')).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/analysis/heatmap' })).statusCode).toBe(401);
  });
});
