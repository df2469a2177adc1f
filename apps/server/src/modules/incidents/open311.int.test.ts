import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineUnavailable, loginAs, startTestApp, type TestApp } from '../../../test/harness';

/** A 1×1 PNG. */
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
    '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
);

function multipart(fields: Record<string, string>, file?: { name: string; type: string; bytes: Buffer }) {
  const boundary = '----fq-test-boundary';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="media"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
    );
    parts.push(file.bytes, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe.skipIf(engineUnavailable)('Open311 GeoReport v2', () => {
  let t: TestApp;
  let centre: [number, number];
  beforeAll(async () => {
    t = await startTestApp();
    const op = await loginAs(t, 'command_operator');
    centre = (await t.app.inject({ url: '/api/map', headers: { cookie: op } })).json().grids[2].centroid;
  });
  afterAll(async () => t?.close());

  it('gives residents the jurisdiction’s outline without signing in: grids and names, nobody’s data, cached', async () => {
    const res = await t.app.inject({ url: '/api/report/jurisdiction' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    const body = res.json();
    const grids = await t.db.query<{ code: string; name: string }>('SELECT code, name FROM grids ORDER BY code');
    expect(body.grids.map((g: { code: string; name: string }) => ({ code: g.code, name: g.name }))).toEqual(grids.rows);
    expect(body.grids[0].geometry.type).toMatch(/Polygon$/);
    const [w, s, e, n] = body.bbox as number[];
    expect(w).toBeLessThan(centre[0]);
    expect(e).toBeGreaterThan(centre[0]);
    expect(s).toBeLessThan(centre[1]);
    expect(n).toBeGreaterThan(centre[1]);
    // Shapes and names only: no officers, people, phones or ids.
    expect(Object.keys(body.grids[0]).sort()).toEqual(['code', 'geometry', 'name']);
    expect(JSON.stringify(body)).not.toMatch(/officer|person|phone|"id"/i);
    const again = await t.app.inject({
      url: '/api/report/jurisdiction',
      headers: { 'if-none-match': String(res.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
    const code = body.stationCode as string;
    expect((await t.app.inject({ url: `/api/report/jurisdiction?jurisdiction_id=${code}` })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/report/jurisdiction?jurisdiction_id=NOPE' })).statusCode).toBe(404);
  });

  it('publishes discovery and the public services', async () => {
    const d = (await t.app.inject({ url: '/open311/v2/discovery.json' })).json();
    expect(d.endpoints[0]).toMatchObject({
      specification: 'http://wiki.open311.org/GeoReport_v2',
      formats: ['application/json'],
    });
    const services = (await t.app.inject({ url: '/open311/v2/services.json' })).json();
    expect(services.length).toBeGreaterThan(5);
    for (const s of services)
      expect(Object.keys(s).sort()).toEqual([
        'description',
        'group',
        'keywords',
        'metadata',
        'service_code',
        'service_name',
        'type',
      ]);
    expect(services.map((s: { service_code: string }) => s.service_code)).toContain('public_order.noise');
    expect(services.map((s: { service_code: string }) => s.service_code)).not.toContain('criminal.robbery');
    const en = (await t.app.inject({ url: '/open311/v2/services.json?locale=en' })).json();
    expect(en.find((s: { service_code: string }) => s.service_code === 'public_order.noise').service_name).toBe(
      'Noise',
    );
    expect((await t.app.inject({ url: '/open311/v2/services/public_order.noise.json' })).json()).toEqual({
      service_code: 'public_order.noise',
      attributes: [],
    });
  });

  it('accepts a form-encoded request, returns an unguessable id, and lets the resident follow its status', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        service_code: 'public_order.noise',
        lat: String(centre[1]),
        long: String(centre[0]),
        description: '楼下KTV每晚噪音到凌晨两点',
        phone: '13912345678',
        first_name: '明',
        last_name: '李',
      }).toString(),
    });
    expect(res.statusCode).toBe(201);
    const [created] = res.json();
    expect(created.service_request_id).toMatch(/^R[\w-]{10,}$/);
    const got = (await t.app.inject({ url: `/open311/v2/requests/${created.service_request_id}.json` })).json();
    expect(got[0]).toMatchObject({
      service_request_id: created.service_request_id,
      status: 'open',
      service_code: 'public_order.noise',
      status_notes: '已受理，等待派警',
    });
    expect(JSON.stringify(got)).not.toContain('13912345678');
    expect(JSON.stringify(got)).not.toContain('李');
    const list = (
      await t.app.inject({ url: `/open311/v2/requests.json?service_request_id=${created.service_request_id},Rnope` })
    ).json();
    expect(list).toHaveLength(1);
    const token = (await t.app.inject({ url: `/open311/v2/tokens/${created.token}.json` })).json();
    expect(token[0].service_request_id).toBe(created.service_request_id);

    // The command room sees it as an online report in the triage queue.
    const op = await loginAs(t, 'command_operator');
    const board = (await t.app.inject({ url: '/api/board', headers: { cookie: op } })).json();
    const queued = board.queues.new.find(
      (i: { summary: string; source: string }) => i.source === 'online' && i.summary.includes('KTV'),
    );
    expect(queued).toBeDefined();
  });

  it('takes a photo as multipart media and refuses a file that is not an image', async () => {
    const ok = multipart(
      {
        service_code: 'traffic.parking',
        lat: String(centre[1]),
        long: String(centre[0]),
        description: '消防通道被车堵住了',
      },
      { name: 'car.png', type: 'image/png', bytes: PNG },
    );
    const res = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', ...ok });
    expect(res.statusCode).toBe(201);
    const files = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM incident_attachments a JOIN incidents i ON i.id = a.incident_id WHERE i.public_token = $1`,
      [res.json()[0].token],
    );
    expect(files.rows[0]?.n).toBe(1);
    const bad = multipart(
      {
        service_code: 'traffic.parking',
        lat: String(centre[1]),
        long: String(centre[0]),
        description: '又被堵住了一次',
      },
      { name: 'x.png', type: 'image/png', bytes: Buffer.from('not really a png at all') },
    );
    const refused = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', ...bad });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()[0].description).toContain('media');
  });

  it('answers errors in the GeoReport error format', async () => {
    const cases: [Record<string, string>, number][] = [
      [{ lat: '39', long: '116', description: 'no service code here' }, 400],
      [{ service_code: 'criminal.robbery', lat: '39', long: '116', description: 'not a public service' }, 404],
      [{ service_code: 'public_order.noise', description: 'where is it?' }, 400],
      [{ service_code: 'public_order.noise', lat: '999', long: '116', description: 'bad latitude' }, 400],
    ];
    for (const [fields, status] of cases) {
      const res = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: fields });
      expect(res.statusCode, JSON.stringify(fields)).toBe(status);
      expect(res.json()[0]).toMatchObject({ code: status });
      expect(typeof res.json()[0].description).toBe('string');
    }
    expect((await t.app.inject({ url: '/open311/v2/requests.json' })).statusCode).toBe(400);
    expect((await t.app.inject({ url: '/open311/v2/requests/Rdoesnotexist.json' })).statusCode).toBe(404);
  });
});
