import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineUnavailable, loginAs, startTestApp, type TestApp } from '../../../test/harness';
import { gcoord } from './gcoord.test-helper';

type Json = Record<string, unknown>;

function square(code: string, name: string, lng: number, lat: number, size = 0.01): Json {
  return {
    type: 'Feature',
    properties: { code, name },
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [lng, lat],
          [lng + size, lat],
          [lng + size, lat + size],
          [lng, lat + size],
          [lng, lat],
        ],
      ],
    },
  };
}

describe.skipIf(engineUnavailable)('grids, units, lookup and GeoJSON import', () => {
  let t: TestApp;
  let leader: string;
  beforeAll(async () => {
    t = await startTestApp();
    leader = await loginAs(t, 'station_leader');
  });
  afterAll(async () => t?.close());

  it('draws the demo town: 39 grids each with an officer, and 63 response units', async () => {
    const res = await t.app.inject({ url: '/api/map', headers: { cookie: await loginAs(t, 'command_operator') } });
    expect(res.statusCode).toBe(200);
    const map = res.json();
    expect(map.grids).toHaveLength(39);
    expect(map.units).toHaveLength(63);
    expect(map.grids.every((g: { officer: unknown }) => g.officer !== null)).toBe(true);
    expect(new Set(map.grids.map((g: { code: string }) => g.code)).size).toBe(39);
    expect(
      map.units.every((u: { leader: unknown; members: unknown[] }) => u.leader !== null && u.members.length >= 1),
    ).toBe(true);
  });

  it('looks a point up to its grid, officer and units, in WGS-84 and in GCJ-02', async () => {
    const cookie = await loginAs(t, 'command_operator');
    const map = (await t.app.inject({ url: '/api/map', headers: { cookie } })).json();
    const g = map.grids[5];
    const [lng, lat] = g.centroid;
    const hit = (await t.app.inject({ url: `/api/geo/lookup?lng=${lng}&lat=${lat}`, headers: { cookie } })).json();
    expect(hit.inside).toBe(true);
    expect(hit.grid.code).toBe(g.code);
    expect(hit.officer.name).toBe(g.officer.name);
    expect(hit.units.length).toBe(g.unitCount);
    const [glng, glat] = gcoord(lng, lat);
    const viaGcj = (
      await t.app.inject({ url: `/api/geo/lookup?lng=${glng}&lat=${glat}&crs=GCJ02`, headers: { cookie } })
    ).json();
    expect(viaGcj.grid.code).toBe(g.code);
    const outside = (await t.app.inject({ url: '/api/geo/lookup?lng=100&lat=30', headers: { cookie } })).json();
    expect(outside).toMatchObject({ inside: false, grid: null });
    const bad = await t.app.inject({ url: '/api/geo/lookup?lng=999&lat=30', headers: { cookie } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields[0].path).toBe('querystring.lng');
  });

  it('refuses an invalid GeoJSON file with every problem named, and changes nothing', async () => {
    const before = (
      await t.db.query<{ n: number; v: number }>('SELECT count(*)::int AS n, sum(version)::int AS v FROM grids')
    ).rows[0];
    const file = {
      type: 'FeatureCollection',
      features: [
        square('N1', '新网格一', 117.5, 39.5),
        { type: 'Feature', properties: { code: 'N2' }, geometry: { type: 'Point', coordinates: [117, 39] } },
        {
          type: 'Feature',
          properties: { code: 'N3', name: '未闭合' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [117.6, 39.6],
                [117.61, 39.6],
                [117.61, 39.61],
                [117.6, 39.61],
              ],
            ],
          },
        },
        square('N1', '重复编码', 117.7, 39.7),
        square('N4', '与新网格一重叠', 117.505, 39.505),
      ],
    };
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/grids/import',
      headers: { cookie: leader },
      payload: file,
    });
    expect(res.statusCode).toBe(400);
    const codes = res.json().fields.map((f: { code: string }) => f.code);
    expect(codes).toEqual(expect.arrayContaining(['not_polygon', 'unclosed_ring', 'duplicate_code', 'overlap']));
    const after = (
      await t.db.query<{ n: number; v: number }>('SELECT count(*)::int AS n, sum(version)::int AS v FROM grids')
    ).rows[0];
    expect(after).toEqual(before);
  });

  it('refuses a new grid that overlaps an existing one', async () => {
    const map = (await t.app.inject({ url: '/api/map', headers: { cookie: leader } })).json();
    const [lng, lat] = map.grids[0].centroid;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/grids/import',
      headers: { cookie: leader },
      payload: { type: 'FeatureCollection', features: [square('X1', '越界网格', lng - 0.002, lat - 0.002, 0.004)] },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().fields[0].code).toBe('overlap');
  });

  it('round-trips export → import as unchanged, and imports a reshaped grid on confirmation only', async () => {
    const exported = await t.app.inject({ url: '/api/grids/export', headers: { cookie: leader } });
    expect(exported.statusCode).toBe(200);
    const fc = JSON.parse(exported.body);
    expect(fc.features).toHaveLength(39);
    const dry = await t.app.inject({
      method: 'POST',
      url: '/api/grids/import?dryRun=true',
      headers: { cookie: leader },
      payload: fc,
    });
    expect(dry.json()).toMatchObject({ ok: true, dryRun: true, created: 0, updated: 0, unchanged: 39 });
    fc.features[0].properties.name = '改名后的网格';
    const dry2 = await t.app.inject({
      method: 'POST',
      url: '/api/grids/import?dryRun=true',
      headers: { cookie: leader },
      payload: fc,
    });
    expect(dry2.json()).toMatchObject({ updated: 1, unchanged: 38 });
    const unchangedName = await t.db.query<{ name: string }>('SELECT name FROM grids WHERE code = $1', [
      fc.features[0].properties.code,
    ]);
    expect(unchangedName.rows[0]?.name).not.toBe('改名后的网格');
    const real = await t.app.inject({
      method: 'POST',
      url: '/api/grids/import',
      headers: { cookie: leader },
      payload: fc,
    });
    expect(real.json()).toMatchObject({ ok: true, dryRun: false, updated: 1 });
    const renamed = await t.db.query<{ name: string; version: number }>(
      'SELECT name, version FROM grids WHERE code = $1',
      [fc.features[0].properties.code],
    );
    expect(renamed.rows[0]).toEqual({ name: '改名后的网格', version: 2 });
  });

  it('lets only the leader reassign a grid officer, and moves the officer’s jurisdiction with it', async () => {
    const officerCookie = await loginAs(t, 'community_officer');
    const me = (await t.app.inject({ url: '/api/auth/me', headers: { cookie: officerCookie } })).json();
    const map = (await t.app.inject({ url: '/api/map', headers: { cookie: leader } })).json();
    const target = map.grids.find((g: { id: string }) => !me.gridIds.includes(g.id));
    const body = { officerPersonId: me.personId, reason: '人员调整' };
    const denied = await t.app.inject({
      method: 'PATCH',
      url: `/api/grids/${target.id}/officer`,
      headers: { cookie: officerCookie },
      payload: body,
    });
    expect(denied.statusCode).toBe(403);
    const ok = await t.app.inject({
      method: 'PATCH',
      url: `/api/grids/${target.id}/officer`,
      headers: { cookie: leader },
      payload: body,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().officer.id).toBe(me.personId);
    const after = (await t.app.inject({ url: '/api/auth/me', headers: { cookie: officerCookie } })).json();
    expect(after.gridIds).toContain(target.id);
    const notOfficer = map.units[0].members[0].personId;
    const refused = await t.app.inject({
      method: 'PATCH',
      url: `/api/grids/${target.id}/officer`,
      headers: { cookie: leader },
      payload: { officerPersonId: notOfficer, reason: '测试' },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().fields[0].code).toBe('not_an_officer');
  });
});
