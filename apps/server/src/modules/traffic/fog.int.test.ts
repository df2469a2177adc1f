import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineUnavailable, loginAs, startTestApp, type TestApp } from '../../../test/harness';
import { type Call, caller } from './traffic.test-helper';

const DAY = 86_400_000;
const TOKEN = 'fog-ingest-token-for-tests-0123456789';

/** Points along a polyline at fractions of its vertex count. */
function along(line: [number, number][], f: number): [number, number] {
  const x = f * (line.length - 1);
  const i = Math.min(line.length - 2, Math.floor(x));
  const a = line[i] as [number, number];
  const b = line[i + 1] as [number, number];
  const k = x - i;
  return [a[0] + (b[0] - a[0]) * k, a[1] + (b[1] - a[1]) * k];
}

describe.skipIf(engineUnavailable)('fog nowcast and warnings', () => {
  let t: TestApp;
  let leader: Call;
  let patrol: Call;
  let road: { id: string; name: string; line: [number, number][] };

  beforeAll(async () => {
    process.env.FENGQIAO_TRAFFIC_INGEST_TOKEN = TOKEN;
    t = await startTestApp({ config: { sessionIdleMs: 60 * DAY, sessionAbsoluteMs: 60 * DAY } });
    delete process.env.FENGQIAO_TRAFFIC_INGEST_TOKEN;
    leader = caller(t, await loginAs(t, 'station_leader'));
    patrol = caller(t, await loginAs(t, 'patrol_officer'));
    const r = await t.db.query<{ id: string; name: string; line: [number, number][] }>(
      `SELECT id, name, line FROM roads WHERE kind = 'expressway' LIMIT 1`,
    );
    road = r.rows[0] as typeof road;
  });
  afterAll(async () => t?.close());

  const iso = (minutesAgo: number) => new Date(t.clock.now().getTime() - minutesAgo * 60_000).toISOString();

  it('registers road weather stations and refuses a duplicate code', async () => {
    const stations: { code: string; point: [number, number] }[] = [];
    for (let i = 0; i < 6; i++) stations.push({ code: `RW-E${i}`, point: along(road.line, 0.1 + i * 0.16) });
    for (let i = 0; i < 4; i++) {
      const p = along(road.line, 0.15 + i * 0.25);
      stations.push({ code: `RW-N${i}`, point: [p[0], p[1] + 0.06] });
    }
    for (const s of stations) {
      const r = await leader('POST', '/api/traffic/fog/stations', {
        code: s.code,
        name: `能见度站 ${s.code}`,
        kind: 'road_weather',
        lng: s.point[0],
        lat: s.point[1],
      });
      expect(r.status, r.raw).toBe(201);
    }
    const dup = await leader('POST', '/api/traffic/fog/stations', {
      code: 'RW-E0',
      name: '重复',
      kind: 'road_weather',
      lng: 116,
      lat: 39,
    });
    expect(dup.status).toBe(409);
    expect(
      (
        await patrol('POST', '/api/traffic/fog/stations', {
          code: 'X1',
          name: '巡逻',
          kind: 'camera',
          lng: 116,
          lat: 39,
        })
      ).status,
    ).toBe(403);
  });

  it('rejects impossible values, unknown stations and stale or future times; flags jumps; needs the token', async () => {
    const noToken = await t.app.inject({
      method: 'POST',
      url: '/api/traffic/fog/observations',
      payload: { observations: [{ station: 'RW-E0', observedAt: iso(0), visibilityM: 100 }] },
    });
    expect(noToken.statusCode).toBe(401);
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/traffic/fog/observations',
      headers: { authorization: `Bearer ${TOKEN}` },
      payload: {
        observations: [
          { station: 'RW-E0', observedAt: iso(40), visibilityM: 20_000 },
          { station: 'NOPE', observedAt: iso(0), visibilityM: 300 },
          { station: 'RW-E0', observedAt: iso(0), visibilityM: -3 },
          { station: 'RW-E0', observedAt: iso(300), visibilityM: 300 },
          { station: 'RW-E0', observedAt: iso(-30), visibilityM: 300 },
          { station: 'RW-E0', observedAt: '2026-11-28 10:00', visibilityM: 300 },
          { station: 'RW-E0', observedAt: iso(1), visibilityM: 300, windU: 400, windV: 0 },
          // 20 km to 40 m in 5 minutes: kept, flagged, not used.
          { station: 'RW-E0', observedAt: iso(35), visibilityM: 40 },
        ],
      },
    });
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json() as {
      accepted: number;
      rejected: { index: number; reason: string }[];
      flagged: { index: number; reason: string }[];
    };
    expect(body.rejected.map((x) => [x.index, x.reason])).toEqual([
      [1, 'unknown_station'],
      [2, 'impossible_value'],
      [3, 'stale'],
      [4, 'future_time'],
      [5, 'bad_time'],
      [6, 'impossible_wind'],
    ]);
    expect(body.flagged).toEqual([expect.objectContaining({ index: 7, reason: 'implausible_jump' })]);
    expect(body.accepted).toBe(1);
  });

  it('turns a fog bank on the expressway into red warnings with CAP polygons and one command-room incident', async () => {
    const obs: Record<string, unknown>[] = [];
    for (let i = 0; i < 6; i++) {
      obs.push({ station: `RW-E${i}`, observedAt: iso(31), visibilityM: 90, windU: 0.5, windV: 0 });
      obs.push({ station: `RW-E${i}`, observedAt: iso(1), visibilityM: 30, windU: 0.5, windV: 0 });
    }
    for (let i = 0; i < 4; i++) {
      obs.push({ station: `RW-N${i}`, observedAt: iso(31), visibilityM: 6000, windU: 0.5, windV: 0 });
      obs.push({ station: `RW-N${i}`, observedAt: iso(1), visibilityM: 4000, windU: 0.5, windV: 0 });
    }
    const ing = await leader('POST', '/api/traffic/fog/observations/manual', { observations: obs });
    expect(ing.status, ing.raw).toBe(200);
    expect(ing.body.rejected).toEqual([]);

    const run = await leader('POST', '/api/traffic/fog/nowcast/run', {});
    expect(run.status, run.raw).toBe(200);
    expect(run.body.nowcastId).toBeTruthy();

    const latest = await patrol('GET', '/api/traffic/fog/nowcast');
    expect(latest.status).toBe(200);
    const n = latest.body as {
      frame: { nx: number; ny: number };
      leads: number[];
      fields: number[][];
      warnings: {
        id: string;
        grade: string;
        roadKind: string;
        maxSpeedKmh: number | null;
        incidentId: string | null;
        polygon: unknown[];
      }[];
    };
    expect(n.leads).toEqual([0, 20, 40, 60, 80, 100, 120]);
    expect(n.fields[0]).toHaveLength(n.frame.nx * n.frame.ny);
    const red = n.warnings.filter((w) => w.grade === 'red' && w.roadKind === 'expressway');
    expect(red.length).toBeGreaterThan(0);
    expect(red[0]?.maxSpeedKmh).toBe(20);
    expect(red[0]?.polygon.length).toBeGreaterThanOrEqual(5);
    expect(red.every((w) => w.incidentId)).toBe(true);
    const inc = await t.db.query<{ category_code: string; priority: string; summary: string }>(
      'SELECT category_code, priority, summary FROM incidents WHERE id = $1',
      [red[0]?.incidentId],
    );
    expect(inc.rows[0]).toMatchObject({ category_code: 'traffic.fog', priority: 'urgent' });
    expect(inc.rows[0]?.summary).toContain(road.name);

    const cap = await t.app.inject({ url: `/api/traffic/fog/warnings/${red[0]?.id}/cap.xml` });
    expect(cap.statusCode).toBe(200);
    expect(cap.headers['content-type']).toContain('application/cap+xml');
    expect(cap.body).toContain('<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">');
    expect(cap.body).toContain('<severity>Extreme</severity>');
    expect(cap.body).toMatch(/<polygon>(-?\d+\.\d+,-?\d+\.\d+ ){4,}-?\d+\.\d+,-?\d+\.\d+<\/polygon>/);

    // The next run keeps the incident: the command room is not flooded every 10 minutes.
    const before = await t.db.query<{ n: string }>(
      `SELECT count(*) AS n FROM incidents WHERE category_code = 'traffic.fog'`,
    );
    t.clock.advance(10 * 60_000);
    await leader('POST', '/api/traffic/fog/observations/manual', {
      observations: Array.from({ length: 6 }, (_, i) => ({
        station: `RW-E${i}`,
        observedAt: iso(0),
        visibilityM: 28,
        windU: 0.5,
        windV: 0,
      })),
    });
    await leader('POST', '/api/traffic/fog/nowcast/run', {});
    const after = await t.db.query<{ n: string }>(
      `SELECT count(*) AS n FROM incidents WHERE category_code = 'traffic.fog'`,
    );
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
    const warnings = await patrol('GET', '/api/traffic/fog/warnings');
    expect((warnings.body as unknown as { grade: string }[]).some((w) => w.grade === 'red')).toBe(true);
  });
});
