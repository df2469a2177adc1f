import type { TestApp } from '../../../test/harness';

/** The token the camera tests' workers present (set before the app is built). */
export const VISION_TOKEN = 'test-vision-token-0123456789abcdef';
process.env.FENGQIAO_VISION_TOKEN = VISION_TOKEN;

/** The smallest bytes the file store accepts as a JPEG (it sniffs the signature only). */
export const TINY_JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 1)]);

export interface Res {
  status: number;
  // Tests read the fields they check; the contracts type them where it matters.
  body: Record<string, unknown> & { [k: string]: unknown };
}

export function staff(t: TestApp, cookie: string) {
  return async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown): Promise<Res> => {
    const res = await t.app.inject({
      method,
      url,
      headers: { cookie },
      ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
    });
    let body: Res['body'] = {};
    try {
      body = res.json();
    } catch {
      body = { raw: res.body };
    }
    return { status: res.statusCode, body };
  };
}

export function worker(t: TestApp, token = VISION_TOKEN) {
  return async (url: string, payload: unknown): Promise<Res> => {
    const res = await t.app.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${token}` },
      payload: payload as Record<string, unknown>,
    });
    let body: Res['body'] = {};
    try {
      body = res.json();
    } catch {
      body = { raw: res.body };
    }
    return { status: res.statusCode, body };
  };
}

/** A point inside one of the demo town's grids. */
export async function gridPoint(t: TestApp): Promise<{ lng: number; lat: number; gridId: string }> {
  const r = await t.db.query<{ id: string; centroid_lng: number; centroid_lat: number }>(
    'SELECT id, centroid_lng, centroid_lat FROM grids ORDER BY code LIMIT 1',
  );
  const g = r.rows[0];
  if (!g) throw new Error('no grid in the demo town');
  return { lng: g.centroid_lng, lat: g.centroid_lat, gridId: g.id };
}
