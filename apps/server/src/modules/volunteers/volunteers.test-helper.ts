import { randomUUID } from 'node:crypto';
import { DEMO_PASSWORD, loginAs, type TestApp } from '../../../test/harness';

/** Shared helpers of the volunteer integration tests. */
export interface Res {
  status: number;
  body: Record<string, unknown> & { [k: string]: unknown };
  headers: Record<string, unknown>;
  raw: string;
}

export type Call = (
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  payload?: unknown,
  headers?: Record<string, string>,
) => Promise<Res>;

export function caller(t: TestApp, cookie: string): Call & { cookie: string } {
  const fn: Call = async (method, url, payload, headers = {}) => {
    const res = await t.app.inject({
      method,
      url,
      headers: { cookie, ...headers },
      ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
    });
    let body: Record<string, unknown> = {};
    try {
      body = res.json();
    } catch {
      body = {};
    }
    return { status: res.statusCode, body, headers: res.headers as Record<string, unknown>, raw: res.body };
  };
  return Object.assign(fn, { cookie });
}

/** The demo volunteer, an officer session, and another volunteer account of the demo volunteer's patrol team. */
export async function cast(t: TestApp) {
  const volunteer = caller(t, await loginAs(t, 'volunteer'));
  const leader = caller(t, await loginAs(t, 'station_leader'));
  const me = (await volunteer('GET', '/api/me/volunteer')).body as unknown as {
    personId: string;
    teams: { id: string; kind: string; name: string; leader: { id: string } | null }[];
  };
  const team = me.teams.find((x) => x.kind === 'patrol');
  if (!team) throw new Error('the demo volunteer has no patrol team');
  const mate = await t.db.query<{ username: string; person_id: string }>(
    `SELECT u.username, u.person_id FROM app_users u JOIN volunteer_team_members m ON m.person_id = u.person_id
      WHERE m.team_id = $1 AND m.left_at IS NULL AND u.username <> 'volunteer' AND 'volunteer' = ANY(u.roles) LIMIT 1`,
    [team.id],
  );
  const other = mate.rows[0];
  if (!other) throw new Error('no second volunteer account in the team');
  const colleague = caller(t, await t.login(other.username, DEMO_PASSWORD));
  return { volunteer, leader, colleague, colleagueId: other.person_id, me, team };
}

export interface RouteShape {
  id: string;
  path: [number, number][];
  corridorM: number;
  checkpoints: { id: string; name: string; point: [number, number]; radiusM: number; qrToken: string | null }[];
}

export async function teamRoute(leader: Call, teamId: string): Promise<RouteShape> {
  const team = (await leader('GET', `/api/volunteers/teams/${teamId}`)).body as unknown as { routes: RouteShape[] };
  const r = team.routes[0];
  if (!r) throw new Error('the team has no route');
  return r;
}

/** A point on the route's path, t in [0, 1] over its first segment. */
export function onRoute(r: RouteShape, t = 0): [number, number] {
  const a = r.path[0] ?? r.checkpoints[0]?.point ?? [0, 0];
  const b = r.path[1] ?? a;
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
}

export const iso = (ms: number) => new Date(ms).toISOString();
export const uuid = () => randomUUID();
/** A 1×1 PNG. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** A multipart body with one file field "photo". */
export function multipart(bytes: Buffer, filename = 'photo.png', type = 'image/png') {
  const boundary = `----fq${randomUUID().replaceAll('-', '')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, bytes, tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}

export async function upload(
  t: TestApp,
  cookieCall: { cookie: string },
  url: string,
  bytes: Buffer,
  headers: Record<string, string> = {},
) {
  const m = multipart(bytes);
  const res = await t.app.inject({
    method: 'POST',
    url,
    headers: { cookie: cookieCall.cookie, 'content-type': m.contentType, ...headers },
    payload: m.payload,
  });
  return { status: res.statusCode, body: res.json() as Record<string, unknown>, headers: res.headers };
}
