import type { DashboardView, FigureRecordsView, FigureView } from '@fengqiao/contracts';
import { addDays, chinaDay, chinaMidnight, DASHBOARD_FIGURES, lastYearRange } from '@fengqiao/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineUnavailable, loginAs, startTestApp, type TestApp } from '../../../test/harness';
import type { Queryable } from '../../platform/db/db';
import { caller } from '../traffic/traffic.test-helper';
import {
  accidentCase,
  cameraWithWorker,
  decideViolation,
  fogBank,
  handOff,
  patrolViolation,
  reviewCameraEvent,
} from './camera-traffic.test-helper';
import { dailyCounts, ROLLED_UP, totals, totalsBy } from './figures.repository';

/**
 * Every dashboard figure must equal a count written directly over the
 * records it summarises, on the demo town; and every figure's drill-down
 * must list exactly that many records. The direct counts below are
 * written independently of the modules' record sets on purpose.
 */
describe.skipIf(engineUnavailable)('leadership dashboard figures equal direct counts over the records', () => {
  let t: TestApp;
  let cookie: string;
  let stationId: string;
  let from: string;
  let to: string;
  let dash: DashboardView;
  const get = async <T>(url: string): Promise<T> => {
    const res = await t.app.inject({ method: 'GET', url, headers: { cookie } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<T>();
  };
  const one = async (sql: string, params: unknown[]): Promise<Record<string, number | null>> => {
    const r = await t.db.query<Record<string, string | number | null>>(sql, params);
    const row = r.rows[0] ?? {};
    return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null ? null : Number(v)]));
  };
  const fig = (key: string): FigureView => {
    const f = dash.figures.find((x) => x.key === key);
    if (!f) throw new Error(`no figure ${key}`);
    return f;
  };

  beforeAll(async () => {
    // Long sessions: the quick-handling cases below move the clock on by minutes.
    t = await startTestApp({ config: { sessionIdleMs: 30 * 86_400_000, sessionAbsoluteMs: 30 * 86_400_000 } });
    cookie = await loginAs(t, 'station_leader');
    stationId = (await t.db.query<{ id: string }>('SELECT id FROM stations ORDER BY code LIMIT 1')).rows[0]?.id ?? '';
    // A whole year up to today: every module's demo history falls in it.
    to = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    from = addDays(to, -364);
    dash = await get<DashboardView>(`/api/leadership/dashboard?from=${from}&to=${to}`);
  }, 240_000);
  afterAll(async () => t?.close());

  const span = () => [stationId, chinaMidnight(from), chinaMidnight(addDays(to, 1))];

  it('counts incidents, early warnings and business-district theft (with last year) as the tables hold them', async () => {
    const inc = await one(
      `SELECT count(*) AS n FROM incidents WHERE station_id = $1 AND reported_at >= $2 AND reported_at < $3 AND duplicate_of IS NULL`,
      span(),
    );
    expect(fig('incidents_received').value).toBe(inc.n);
    expect(inc.n).toBeGreaterThan(100);
    const warn = await one(
      `SELECT count(*) AS n FROM command_alerts WHERE station_id = $1 AND kind = 'early_warning' AND created_at >= $2 AND created_at < $3`,
      span(),
    );
    expect(fig('early_warnings').value).toBe(warn.n);
    const theftSql = `SELECT count(*) AS n FROM incidents i
      WHERE i.station_id = $1 AND i.reported_at >= $2 AND i.reported_at < $3 AND i.duplicate_of IS NULL
        AND i.category_code IN ('criminal.theft', 'criminal.burglary')
        AND EXISTS (SELECT 1 FROM places p WHERE p.kind = 'business_district' AND p.grid_id = i.grid_id)`;
    const theft = await one(theftSql, span());
    expect(fig('business_theft').value).toBe(theft.n);
    const ly = lastYearRange(from, addDays(to, 1));
    const prior = await one(theftSql, [stationId, chinaMidnight(ly.from), chinaMidnight(ly.to)]);
    expect(fig('business_theft').compare?.value).toBe(prior.n);
    // The demo town's merchants' joint defence cut business-district theft year on year.
    expect(theft.n ?? 0).toBeLessThan(prior.n ?? 0);
  });

  it('rates orders on time and disputes by outcome and level as the tables hold them', async () => {
    const o = await one(
      `SELECT count(*) AS n, count(*) FILTER (WHERE resolve_due_at IS NULL OR resolved_at <= resolve_due_at) AS ok
       FROM dispatch_orders WHERE station_id = $1 AND resolved_at >= $2 AND resolved_at < $3`,
      span(),
    );
    expect(fig('orders_on_time_rate').value).toBeCloseTo((o.ok ?? 0) / (o.n ?? 1), 10);
    expect(fig('orders_on_time_rate').n).toBe(o.n);
    const d = await one(
      `SELECT count(*) AS n, count(*) FILTER (WHERE outcome = 'success') AS ok,
         count(*) FILTER (WHERE outcome = 'success' AND track = 'standard' AND level <= 2) AS grass
       FROM disputes WHERE station_id = $1 AND outcome IN ('success', 'partial', 'failed') AND resolved_at >= $2 AND resolved_at < $3`,
      span(),
    );
    expect(d.n).toBeGreaterThan(10);
    expect(fig('disputes_decided').value).toBe(d.n);
    expect(fig('disputes_success_rate').value).toBeCloseTo((d.ok ?? 0) / (d.n ?? 1), 10);
    expect(fig('grassroots_share').value).toBeCloseTo((d.grass ?? 0) / (d.n ?? 1), 10);
    for (const l of dash.successByLevel) {
      const r = await one(
        `SELECT count(*) AS n, count(*) FILTER (WHERE outcome = 'success') AS ok FROM disputes
         WHERE station_id = $1 AND outcome IN ('success', 'partial', 'failed') AND resolved_at >= $2 AND resolved_at < $3 AND level = $4`,
        [...span(), l.level],
      );
      expect(l.decided).toBe(r.n);
      if (r.n) expect(l.rate).toBeCloseTo((r.ok ?? 0) / r.n, 10);
    }
  });

  it('sums volunteer patrol hours and counts hazards as the tables hold them', async () => {
    const h = await one(
      `SELECT coalesce(sum(counted_seconds), 0) / 3600.0 AS hours FROM patrol_duties
       WHERE station_id = $1 AND status = 'checked_out' AND verification IN ('auto', 'approved')
         AND check_out_at >= $2 AND check_out_at < $3`,
      span(),
    );
    expect(fig('patrol_hours').value).toBeCloseTo(Math.round((h.hours ?? 0) * 10) / 10, 5);
    const rep = await one(
      'SELECT count(*) AS n FROM hazards WHERE station_id = $1 AND reported_at >= $2 AND reported_at < $3',
      span(),
    );
    expect(fig('hazards_reported').value).toBe(rep.n);
    const closed = await one(
      `SELECT count(*) AS n FROM hazards WHERE station_id = $1 AND status = 'closed' AND closed_at >= $2 AND closed_at < $3`,
      span(),
    );
    expect(fig('hazards_closed').value).toBe(closed.n);
  });

  it('counts the service hall, enterprise work and suggestions as the tables hold them', async () => {
    const tk = await one(
      `SELECT count(*) AS n, avg(extract(epoch FROM coalesce(called_at, started_at, finished_at) - queued_at) / 60.0) AS wait
       FROM hall_tickets WHERE station_id = $1 AND status = 'finished' AND finished_at >= $2 AND finished_at < $3`,
      span(),
    );
    expect(tk.n).toBeGreaterThan(10);
    expect(fig('hall_handled').value).toBe(tk.n);
    expect(fig('hall_wait_minutes').value).toBeCloseTo(tk.wait ?? 0, 6);
    const days = [stationId, from, addDays(to, 1)];
    const ev = await one(
      'SELECT count(*) AS n FROM hall_enterprise_visits WHERE station_id = $1 AND visited_on >= $2 AND visited_on < $3',
      days,
    );
    expect(fig('enterprise_visits').value).toBe(ev.n);
    const tr = await one(
      'SELECT count(*) AS n FROM hall_enterprise_trainings WHERE station_id = $1 AND held_on >= $2 AND held_on < $3',
      days,
    );
    expect(fig('trainings_held').value).toBe(tr.n);
    const sg = await one(
      `SELECT count(*) AS n, count(*) FILTER (WHERE status IN ('accepted', 'in_progress', 'done')) AS acted
       FROM hall_suggestions WHERE station_id = $1 AND created_at >= $2 AND created_at < $3`,
      span(),
    );
    expect(fig('suggestions_collected').value).toBe(sg.n);
    expect(fig('suggestions_acted').value).toBe(sg.acted);
  });

  it('lists exactly the records each figure counts, for the station and for one grid', async () => {
    expect(dash.figures.map((x) => x.key)).toEqual(DASHBOARD_FIGURES.map((x) => x.key));
    expect(dash.figures.every((x) => x.available)).toBe(true);
    const grid = [...dash.grids].sort((a, b) => b.incidents - a.incidents)[0];
    for (const f of dash.figures.filter((x) => x.available)) {
      const all = await get<FigureRecordsView>(
        `/api/leadership/records?measure=${f.key}&from=${from}&to=${to}&limit=1`,
      );
      expect(all.total, f.key).toBe(f.n);
    }
    const g = await get<DashboardView>(`/api/leadership/dashboard?from=${from}&to=${to}&gridId=${grid?.gridId}`);
    const inGrid = g.figures.find((x) => x.key === 'incidents_received');
    expect(inGrid?.value).toBe(grid?.incidents);
    const rows = await get<FigureRecordsView>(
      `/api/leadership/records?measure=incidents_received&from=${from}&to=${to}&gridId=${grid?.gridId}&limit=200`,
    );
    expect(rows.total).toBe(grid?.incidents);
    expect(rows.rows.every((r) => r.gridId === grid?.gridId)).toBe(true);
    expect(dash.daily.reduce((s, d) => s + d.incidents, 0)).toBe(fig('incidents_received').value);
  }, 180_000);

  it('refuses a period that ends before it starts, with a field error', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/leadership/dashboard?from=${to}&to=${from}`,
      headers: { cookie },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ fields: { path: string; code: string }[] }>().fields[0]).toMatchObject({
      path: 'to',
      code: 'before_from',
    });
  });

  // Records made from here on change other figures too (camera events and fog warnings raise incidents), so the
  // tests above, which compare the dashboard read in beforeAll, run first.
  it('counts the cameras’ and traffic figures as their tables hold them, a handed-off camera violation once', async () => {
    const leader = caller(t, cookie);
    const patrol = caller(t, await loginAs(t, 'patrol_officer'));
    const operator = caller(t, await loginAs(t, 'command_operator'));
    // Direct counts over the tables, written independently of the record sets. A camera violation's decision is
    // the traffic queue's when it was handed over and decided there, else the cameras' own review.
    const direct = async (sp: unknown[]) => ({
      ...(await one(
        'SELECT count(*) AS events FROM camera_events WHERE station_id = $1 AND occurred_at >= $2 AND occurred_at < $3',
        sp,
      )),
      ...(await one(
        `SELECT count(*) FILTER (WHERE decision = 'confirmed') AS cam_confirmed,
                count(*) FILTER (WHERE decision = 'rejected') AS cam_rejected
         FROM (SELECT CASE WHEN v.status IN ('confirmed', 'rejected') THEN v.status ELSE e.review_status END AS decision
               FROM camera_events e
               LEFT JOIN traffic_violations v ON v.source = 'camera' AND v.source_ref = 'camera-event:' || e.id::text
               WHERE e.station_id = $1 AND e.violation AND e.occurred_at >= $2 AND e.occurred_at < $3) x`,
        sp,
      )),
      ...(await one(
        `SELECT count(*) FILTER (WHERE status = 'confirmed') AS tv_confirmed, count(*) AS tv_reviewed,
                count(*) FILTER (WHERE reviewed_at <= due_at) AS tv_on_time
         FROM traffic_violations WHERE station_id = $1 AND reviewed_at >= $2 AND reviewed_at < $3`,
        sp,
      )),
      ...(await one(
        'SELECT count(*) AS accidents FROM traffic_accident_cases WHERE station_id = $1 AND created_at >= $2 AND created_at < $3',
        sp,
      )),
      ...(await one(
        `SELECT count(*) AS documented,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM document_at - created_at)) / 60.0 AS median
         FROM traffic_accident_cases WHERE station_id = $1 AND document_at >= $2 AND document_at < $3`,
        sp,
      )),
      ...(await one(
        'SELECT count(*) AS fog FROM fog_warnings WHERE station_id = $1 AND issued_at >= $2 AND issued_at < $3',
        sp,
      )),
    });
    // The demo town may hold camera and traffic records of its own: what is made here is counted on top.
    const before = await direct([stationId, chinaMidnight(from), chinaMidnight(addDays(chinaDay(t.clock.now()), 1))]);

    const now = t.clock.now();
    const post = await cameraWithWorker(t, leader, 'LD-K1');
    const [confirmed, rejected, handed, pending] = [
      await post(new Date(now.getTime() - 50 * 60_000)),
      await post(new Date(now.getTime() - 40 * 60_000)),
      await post(new Date(now.getTime() - 30 * 60_000)),
      await post(new Date(now.getTime() - 20 * 60_000)),
    ];
    await reviewCameraEvent(patrol, confirmed, 'confirmed');
    await reviewCameraEvent(patrol, rejected, 'rejected');
    // Confirmed in the cameras' queue, then handed to traffic and rejected there: traffic's decision stands.
    await reviewCameraEvent(patrol, handed, 'confirmed');
    const handedViolation = await handOff(t, stationId, handed, new Date(now.getTime() - 30 * 60_000));
    await decideViolation(operator, handedViolation, 'reject');
    await decideViolation(operator, await patrolViolation(t, patrol), 'confirm');
    await patrolViolation(t, patrol);
    await accidentCase(t, 1, null);
    await accidentCase(t, 2, { minutes: 7 });
    await accidentCase(t, 3, { minutes: 19 });
    await accidentCase(t, 4, { minutes: 12 });
    await fogBank(t, leader);

    // The clock moved on (signatures minutes apart): the period ends on its day now.
    const end = chinaDay(t.clock.now());
    const after = await direct([stationId, chinaMidnight(from), chinaMidnight(addDays(end, 1))]);
    const made = (k: keyof typeof after) => (after[k] ?? 0) - (before[k] ?? 0);
    expect({
      events: made('events'),
      cam_confirmed: made('cam_confirmed'),
      cam_rejected: made('cam_rejected'),
      tv_confirmed: made('tv_confirmed'),
      tv_reviewed: made('tv_reviewed'),
      accidents: made('accidents'),
      documented: made('documented'),
    }).toEqual({
      events: 4,
      cam_confirmed: 1,
      cam_rejected: 2,
      tv_confirmed: 1,
      tv_reviewed: 2,
      accidents: 4,
      documented: 3,
    });
    expect(made('fog')).toBeGreaterThan(0);
    expect(pending).toBeTruthy();

    const d = await get<DashboardView>(`/api/leadership/dashboard?from=${from}&to=${end}`);
    const f = (key: string) => d.figures.find((x) => x.key === key) as FigureView;
    expect(f('camera_alerts').value).toBe(after.events);
    expect(f('camera_violations').value).toBe(after.cam_confirmed);
    expect(f('camera_false_alarm_rate').value).toBeCloseTo(
      (after.cam_rejected ?? 0) / ((after.cam_confirmed ?? 0) + (after.cam_rejected ?? 0)),
      10,
    );
    expect(f('traffic_violations').value).toBe(after.tv_confirmed);
    expect(f('traffic_review_on_time').value).toBeCloseTo((after.tv_on_time ?? 0) / (after.tv_reviewed ?? 1), 10);
    expect(f('traffic_accidents').value).toBe(after.accidents);
    expect(f('accident_document_minutes').value).toBeCloseTo(after.median ?? 0, 6);
    expect(f('fog_warnings').value).toBe(after.fog);

    // Each figure's drill-down lists exactly its records, and reading them is audited.
    for (const key of d.figures.filter((x) => x.module === 'cameras' || x.module === 'traffic').map((x) => x.key)) {
      const r = await get<FigureRecordsView>(`/api/leadership/records?measure=${key}&from=${from}&to=${end}&limit=50`);
      expect(r.total, key).toBe(f(key).n);
      expect(r.rows.length, key).toBe(Math.min(50, f(key).n));
    }
    const rows = await get<FigureRecordsView>(
      `/api/leadership/records?measure=camera_violations&from=${from}&to=${end}&limit=200`,
    );
    const ids = rows.rows.map((r) => r.id);
    expect(ids).toContain(confirmed);
    expect(ids).not.toContain(handed);
    expect(ids).not.toContain(rejected);
    const audited = await one(
      `SELECT count(*) AS n FROM audit_log WHERE action = 'leadership.records.view' AND resource_id = 'camera_violations'`,
      [],
    );
    expect(audited.n).toBeGreaterThanOrEqual(2);
  }, 120_000);

  it('keeps the per-day rollups equal to the records in the writing transaction', async () => {
    const end = chinaDay(t.clock.now());
    const s = { stationIds: [stationId], from: chinaMidnight(addDays(end, -400)), to: chinaMidnight(addDays(end, 1)) };
    const check = async (q: Queryable) => {
      for (const source of ROLLED_UP) {
        const [a, b] = await Promise.all([totals(q, source, s), totals(q, source, s, {}, { direct: true })]);
        expect(a.n, source).toBe(b.n);
        expect(a.sum, source).toBeCloseTo(b.sum, 6);
        expect(a.grids, source).toBe(b.grids);
        const [ga, gb] = await Promise.all([
          totalsBy(q, source, s, 'grid'),
          totalsBy(q, source, s, 'grid', {}, { direct: true }),
        ]);
        expect([...ga.keys()].sort(), source).toEqual([...gb.keys()].sort());
        for (const [k, v] of gb) expect(ga.get(k)?.n, `${source} ${k}`).toBe(v.n);
        expect(Object.fromEntries(await dailyCounts(q, source, s)), source).toEqual(
          Object.fromEntries(await dailyCounts(q, source, s, {}, { direct: true })),
        );
      }
    };
    await check(t.db);
    const rolledBack = new Error('roll back');
    await expect(
      t.db.tx(async (tx) => {
        // Writes of every kind the triggers follow, inside one transaction: the rollup moves with them.
        await tx.query(
          `UPDATE incidents SET grid_id = (SELECT id FROM grids WHERE id <> incidents.grid_id ORDER BY code LIMIT 1)
           WHERE id IN (SELECT incident_id FROM dispatch_orders WHERE resolved_at IS NOT NULL ORDER BY resolved_at DESC LIMIT 5)`,
        );
        await tx.query(
          `UPDATE incidents SET duplicate_of = (SELECT id FROM incidents ORDER BY reported_at LIMIT 1)
           WHERE id IN (SELECT id FROM incidents WHERE duplicate_of IS NULL ORDER BY reported_at DESC OFFSET 1 LIMIT 3)`,
        );
        await tx.query(
          `UPDATE dispatch_orders SET resolved_at = resolved_at - interval '3 days', resolve_due_at = resolved_at - interval '4 days'
           WHERE id IN (SELECT id FROM dispatch_orders WHERE resolved_at IS NOT NULL ORDER BY resolved_at DESC LIMIT 4)`,
        );
        await tx.query(
          `UPDATE hall_tickets SET called_at = called_at + interval '7 minutes', finished_at = finished_at + interval '1 day'
           WHERE id IN (SELECT id FROM hall_tickets WHERE status = 'finished' ORDER BY finished_at DESC LIMIT 6)`,
        );
        await tx.query(
          `UPDATE hall_tickets SET status = 'no_show' WHERE id IN
             (SELECT id FROM hall_tickets WHERE status = 'finished' ORDER BY finished_at LIMIT 2)`,
        );
        await tx.query(
          `UPDATE patrol_duties SET verification = 'rejected' WHERE id IN
             (SELECT id FROM patrol_duties WHERE status = 'checked_out' AND verification = 'auto' ORDER BY check_out_at DESC LIMIT 3)`,
        );
        await tx.query(
          `UPDATE patrol_routes SET grid_id = (SELECT id FROM grids WHERE id IS DISTINCT FROM patrol_routes.grid_id ORDER BY code LIMIT 1)
           WHERE id = (SELECT s.route_id FROM patrol_duties d JOIN patrol_shifts s ON s.id = d.shift_id
                       WHERE d.status = 'checked_out' ORDER BY d.check_out_at DESC LIMIT 1)`,
        );
        await tx.query(
          `UPDATE disputes SET grid_id = (SELECT id FROM grids WHERE id IS DISTINCT FROM disputes.grid_id ORDER BY code LIMIT 1),
             track = 'commercial', resolved_at = resolved_at - interval '2 days'
           WHERE id IN (SELECT id FROM disputes WHERE outcome = 'success' ORDER BY resolved_at DESC LIMIT 4)`,
        );
        await check(tx);
        throw rolledBack;
      }),
    ).rejects.toBe(rolledBack);
  }, 120_000);
});
