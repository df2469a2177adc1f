import type { CountyOverview, DashboardView } from '@fengqiao/contracts';
import { hasPermission, type Permission, ROLE_SCOPE, ROLES, type Role } from '@fengqiao/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onboardStation } from '../src/cli/station-onboarding';
import { DEMO_ACCOUNT, engineUnavailable, loginAs, startTestApp, type TestApp } from './harness';
import { addCountyUser, addStation, type StationFixture, signIn } from './support/second-station';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
/** Every role of a station: its business roles and its three administrators. */
const STATION_ROLES = ROLES.filter((r) => r !== 'county_leader') as Role[];

/**
 * Multi-station tenancy: one deployment, the demo town's station (A), a
 * second station of the same county (B) and a station of another county (C).
 * Station users see only their own station on every list route and cannot
 * open another station's records; a county user sees the county's stations
 * in aggregate and one by one, and nothing of another county.
 */
describe.skipIf(engineUnavailable)('multi-station tenancy', () => {
  let t: TestApp;
  let stationA: string;
  let countyA: string;
  let b: StationFixture;
  let c: StationFixture;
  /** Every id of a row that belongs to station A (all tables with a station_id). */
  const aIds = new Set<string>();
  /** One id per table of station A, for probing routes with a path parameter. */
  const aSamples: { table: string; id: string }[] = [];
  const cookieA = new Map<Role, string>();
  const cookieB = new Map<Role, string>();
  let county = '';

  const permitted = (policy: string, role: Role) =>
    policy === 'authenticated' || hasPermission([role], policy as Permission);
  const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });
  const leaked = (body: string) => (body.match(UUID) ?? []).filter((id) => aIds.has(id));

  beforeAll(async () => {
    t = await startTestApp();
    const st = await t.db.query<{ id: string; county_id: string }>('SELECT id, county_id FROM stations');
    stationA = st.rows[0]?.id ?? '';
    countyA = st.rows[0]?.county_id ?? '';
    b = await addStation(t, { code: 'TB', name: '白沙派出所', countyId: countyA, offsetLng: 0.5 });
    c = await addStation(t, { code: 'TC', name: '远山派出所', offsetLng: -0.5 });
    await addCountyUser(t, countyA, 'county.a');
    await addCountyUser(t, c.countyId, 'county.c');

    const tables = await t.db.query<{ table_name: string }>(
      `SELECT c1.table_name FROM information_schema.columns c1
         JOIN information_schema.columns c2 ON c2.table_schema = c1.table_schema AND c2.table_name = c1.table_name
        WHERE c1.table_schema = 'public' AND c1.column_name = 'station_id'
          AND c2.column_name = 'id' AND c2.data_type = 'uuid'
        ORDER BY 1`,
    );
    for (const { table_name } of tables.rows) {
      const r = await t.db.query<{ id: string }>(`SELECT id::text AS id FROM ${table_name} WHERE station_id = $1`, [
        stationA,
      ]);
      for (const row of r.rows) aIds.add(row.id);
      const first = r.rows[0];
      if (first) aSamples.push({ table: table_name, id: first.id });
    }
    aIds.add(stationA);
    for (const role of STATION_ROLES) {
      cookieA.set(role, await loginAs(t, role));
      const username = b.usernames[role];
      if (username) cookieB.set(role, await signIn(t, username));
    }
    county = await loginAs(t, 'county_leader');
  }, 300_000);
  afterAll(async () => t?.close());

  const listRoutes = () =>
    t.routes.filter(
      (r) =>
        r.method === 'GET' &&
        !r.websocket &&
        !r.url.includes(':') &&
        !['public', 'citizen', 'login'].includes(r.policy) &&
        !r.url.startsWith('/api/openapi'),
    );

  it('the fixture is real: station A has records and B users are signed in for every role', () => {
    expect(aIds.size).toBeGreaterThan(10_000);
    expect(aSamples.length).toBeGreaterThan(20);
    expect([...cookieB.keys()].sort()).toEqual([...STATION_ROLES].sort());
  });

  it('a station user sees none of another station’s records on any list route', async () => {
    const seenByA = new Set<string>();
    const failures: string[] = [];
    for (const r of listRoutes()) {
      for (const role of STATION_ROLES) {
        const asB = await get(r.url, cookieB.get(role) ?? '');
        expect(asB.statusCode, `${r.url} as B ${role}: ${asB.body.slice(0, 200)}`).toBeLessThan(500);
        const ids = leaked(asB.body);
        if (ids.length) failures.push(`${r.url} as B ${role} shows A's ${ids.slice(0, 3).join(', ')}`);
        if (!seenByA.has(r.url) && permitted(r.policy, role)) {
          const asA = await get(r.url, cookieA.get(role) ?? '');
          if (leaked(asA.body).length) seenByA.add(r.url);
        }
      }
    }
    expect(failures).toEqual([]);
    // The probe can fail: the same routes show station A's records to A's own users.
    expect(seenByA.size).toBeGreaterThan(15);
  }, 600_000);

  it('a station user cannot open another station’s record by id', async () => {
    const routes = t.routes.filter(
      (r) =>
        r.method === 'GET' && !r.websocket && /:[a-zA-Z]*[iI]d\b/.test(r.url) && (r.url.match(/:/g) ?? []).length === 1,
    );
    const opened: string[] = [];
    const refused: string[] = [];
    for (const r of routes) {
      // Which of A's ids does this route open for A's leader (or the role that holds its permission)?
      for (const s of aSamples) {
        const url = r.url.replace(/:[a-zA-Z]+/, s.id);
        let ownerRole: Role | null = null;
        // Roles the route's policy admits, station-wide ones first (they reach every grid).
        const admitted = STATION_ROLES.filter((role) => permitted(r.policy, role)).sort(
          (x, y) => Number(ROLE_SCOPE[x] !== 'station') - Number(ROLE_SCOPE[y] !== 'station'),
        );
        for (const role of admitted.slice(0, 2)) {
          const res = await get(url, cookieA.get(role) ?? '');
          if (res.statusCode >= 200 && res.statusCode < 300) {
            ownerRole = role;
            break;
          }
        }
        if (!ownerRole) continue;
        opened.push(`${r.url} ${s.table}`);
        // Roles the policy refuses are stopped before any record is read (the permission matrix proves it).
        for (const role of admitted) {
          const res = await get(url, cookieB.get(role) ?? '');
          if (res.statusCode < 300) refused.push(`${r.url} (${s.table}) opened by B ${role}: ${res.statusCode}`);
        }
      }
    }
    expect(refused).toEqual([]);
    expect(opened.length).toBeGreaterThan(10);
  }, 600_000);

  it('an incident reported in station B stays in B: routed to B’s grid, invisible to A, counted for B', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/incidents',
      headers: { cookie: cookieB.get('command_operator') ?? '' },
      payload: {
        source: 'call_110',
        categoryCode: 'dispute.neighbour',
        summary: '白沙村邻里纠纷',
        address: '白沙村3号',
        location: b.point,
        dispatch: 'auto',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json<{ incident: { id: string; gridId: string | null } }>().incident;
    const id = created.id;
    expect(created.gridId).toBe(b.gridId);
    expect((await get(`/api/incidents/${id}`, cookieB.get('command_operator') ?? '')).statusCode).toBe(200);
    expect([403, 404]).toContain((await get(`/api/incidents/${id}`, cookieA.get('command_operator') ?? '')).statusCode);
    const listA = await get('/api/incidents?pageSize=200', cookieA.get('command_operator') ?? '');
    expect(listA.body).not.toContain(id);
    // Nor may A's operator act on it.
    const ack = await t.app.inject({
      method: 'POST',
      url: `/api/incidents/${id}/notes`,
      headers: { cookie: cookieA.get('command_operator') ?? '' },
      payload: { note: '越权备注' },
    });
    expect([403, 404]).toContain(ack.statusCode);
  });

  it('a county user sees the county as a whole and each station, recomputed from the records', async () => {
    const today = new Date(t.clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    const from = `${today.slice(0, 7)}-01`;
    const res = await get(`/api/county/overview?from=${from}&to=${today}`, county);
    expect(res.statusCode, res.body).toBe(200);
    const o = res.json<CountyOverview>();
    expect(o.stations.map((s) => s.id).sort()).toEqual([stationA, b.stationId].sort());
    expect(o.stations.map((s) => s.id)).not.toContain(c.stationId);
    const fig = (figs: CountyOverview['total'], key: string) => figs.find((f) => f.key === key);
    for (const key of ['incidents_received', 'hall_handled', 'patrol_hours']) {
      const sum = o.stations.reduce((n, s) => n + (fig(s.figures, key)?.value ?? 0), 0);
      expect(fig(o.total, key)?.value, key).toBeCloseTo(sum, 6);
    }
    const received = (o.stations.find((s) => s.id === b.stationId)?.figures ?? []).find(
      (f) => f.key === 'incidents_received',
    );
    expect(received?.value).toBeGreaterThanOrEqual(1);
    // A rate is recomputed from the pooled records: it lies between the stations' rates, not their plain mean.
    const rates = o.stations.map((s) => fig(s.figures, 'orders_on_time_rate')?.value).filter((v) => v != null);
    const total = fig(o.total, 'orders_on_time_rate')?.value;
    if (rates.length > 1 && total != null) {
      expect(total).toBeGreaterThanOrEqual(Math.min(...(rates as number[])) - 1e-9);
      expect(total).toBeLessThanOrEqual(Math.max(...(rates as number[])) + 1e-9);
    }

    // One station at a time: the same figures its own leader sees.
    const q = `from=${from}&to=${today}`;
    const byCounty = await get(`/api/leadership/dashboard?${q}&station=${b.stationId}`, county);
    const byLeader = await get(`/api/leadership/dashboard?${q}`, cookieB.get('station_leader') ?? '');
    expect(byCounty.statusCode, byCounty.body).toBe(200);
    const pick = (v: DashboardView) => v.figures.map((f) => [f.key, f.value, f.n]);
    expect(pick(byCounty.json<DashboardView>())).toEqual(pick(byLeader.json<DashboardView>()));
    // The county's whole dashboard counts both stations.
    const whole = (await get(`/api/leadership/dashboard?${q}`, county)).json<DashboardView>();
    const aOnly = (
      await get(`/api/leadership/dashboard?${q}`, cookieA.get('station_leader') ?? '')
    ).json<DashboardView>();
    const n = (v: DashboardView) => v.figures.find((f) => f.key === 'incidents_received')?.n ?? 0;
    expect(n(whole)).toBe(n(aOnly) + n(byLeader.json<DashboardView>()));
    expect(whole.grids.length).toBe(aOnly.grids.length + 1);
    const wall = await get(`/api/leadership/wall?station=${b.stationId}`, county);
    expect(wall.statusCode, wall.body).toBe(200);
  });

  it('refuses a county user another county, a station user another station, and a county user station work', async () => {
    expect((await get(`/api/leadership/dashboard?station=${c.stationId}`, county)).statusCode).toBe(403);
    expect((await get(`/api/leadership/wall?station=${c.stationId}`, county)).statusCode).toBe(403);
    const other = await signIn(t, 'county.c');
    const oc = (await get('/api/county/overview', other)).json<CountyOverview>();
    expect(oc.stations.map((s) => s.id)).toEqual([c.stationId]);
    expect((await get(`/api/leadership/dashboard?station=${stationA}`, other)).statusCode).toBe(403);
    const leaderB = cookieB.get('station_leader') ?? '';
    expect((await get(`/api/leadership/dashboard?station=${stationA}`, leaderB)).statusCode).toBe(403);
    expect((await get('/api/county/overview', leaderB)).statusCode).toBe(403);
    // Station work needs a station role: the county account reads figures only.
    for (const url of [
      '/api/incidents',
      '/api/mediation/disputes',
      '/api/map',
      '/api/persons',
      '/api/hall/applications',
    ]) {
      expect((await get(url, county)).statusCode, url).toBe(403);
    }
  });

  it('will not give a county role to an account without a county, nor mix it with station roles', async () => {
    const admin = await loginAs(t, 'security_admin');
    const users = await t.db.query<{ id: string; username: string }>(
      `SELECT id, username FROM app_users WHERE username = ANY($1)`,
      [[DEMO_ACCOUNT.hall_clerk, c.usernames.hall_clerk]],
    );
    const clerkA = users.rows.find((u) => u.username === DEMO_ACCOUNT.hall_clerk)?.id ?? '';
    const mixed = await t.app.inject({
      method: 'PUT',
      url: `/api/users/${clerkA}/roles`,
      headers: { cookie: admin },
      payload: { roles: ['county_leader', 'hall_clerk'] },
    });
    expect(mixed.statusCode).toBe(400);
    expect(mixed.body).toContain('roles_county_combined');
    await t.db.query('UPDATE stations SET county_id = NULL WHERE id = $1', [c.stationId]);
    const clerkC = users.rows.find((u) => u.username === c.usernames.hall_clerk)?.id ?? '';
    // Station A's administrator does not even find station C's account.
    const foreign = await t.app.inject({
      method: 'PUT',
      url: `/api/users/${clerkC}/roles`,
      headers: { cookie: admin },
      payload: { roles: ['hall_clerk', 'mediator'] },
    });
    expect(foreign.statusCode, foreign.body).toBe(404);
    const adminC = await signIn(t, c.usernames.security_admin ?? '');
    const noCounty = await t.app.inject({
      method: 'PUT',
      url: `/api/users/${clerkC}/roles`,
      headers: { cookie: adminC },
      payload: { roles: ['county_leader'] },
    });
    expect(noCounty.statusCode, noCounty.body).toBe(400);
    expect(noCounty.body).toContain('roles_no_county');
  });

  it('onboards one more station into the county with its administrators, refusing a taken code', async () => {
    const r = await onboardStation(t.platform, {
      county: {
        code:
          (await t.db.query<{ code: string }>('SELECT code FROM counties WHERE id = $1', [countyA])).rows[0]?.code ??
          '',
      },
      station: { code: 'TD', name: '东岭派出所', center: [120.1, 29.6] },
    });
    expect(r.countyId).toBe(countyA);
    expect(r.countyCreated).toBe(false);
    expect(r.accounts.map((a) => [a.username, a.role])).toEqual([
      ['td.sysadmin', 'system_admin'],
      ['td.secadmin', 'security_admin'],
    ]);
    // The administrator signs in with the one-time password and must first enrol 2FA.
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'td.sysadmin', password: r.accounts[0]?.password },
    });
    expect(login.statusCode, login.body).toBe(200);
    expect(login.json<{ state: string }>().state).toBe('mfa_enrolment_required');
    // The county sees the new station at once.
    const stations = await get('/api/county/stations', county);
    expect(stations.json<{ stations: { id: string }[] }>().stations.map((s) => s.id)).toContain(r.stationId);
    await expect(
      onboardStation(t.platform, {
        county: { code: 'nowhere' },
        station: { code: 'TE', name: '无县所', center: [120, 30] },
      }),
    ).rejects.toThrow(/no county nowhere/);
    await expect(
      onboardStation(t.platform, {
        county: { code: 'x', name: 'x' },
        station: { code: 'TD', name: '重复', center: [120, 30] },
      }),
    ).rejects.toThrow(/already taken: station TD/);
    const audit = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'station.onboard' AND resource_id = $1`,
      [r.stationId],
    );
    expect(audit.rows[0]?.n).toBe(1);
  });
});
