import { DEMO_PASSWORD, nextTotpCode } from './accounts';
import { e2e } from './browser';

/**
 * A signed-in HTTP session against the e2e server, for test setup and
 * checks that need no browser (changing configuration as a leader, asking
 * the API what the page should show). Holds the session cookie itself.
 */
export interface ApiSession {
  get<T>(path: string): Promise<T>;
  send<T>(method: 'POST' | 'PUT' | 'PATCH', path: string, body: unknown, headers?: Record<string, string>): Promise<T>;
  /** The raw response, for asserting on a status. */
  raw(method: string, path: string, body?: unknown): Promise<Response>;
}

export async function apiSession(username: string, password = DEMO_PASSWORD): Promise<ApiSession> {
  let cookie = '';
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${e2e.baseUrl}${path}`, {
      method,
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(cookie ? { cookie } : {}),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const set = res.headers.getSetCookie().find((c) => c.startsWith('fq_session='));
    if (set) cookie = set.split(';')[0] ?? '';
    return res;
  };
  const json = async <T>(res: Response, what: string): Promise<T> => {
    const text = await res.text();
    if (!res.ok) throw new Error(`${what}: HTTP ${res.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  };
  const login = await call('POST', '/api/auth/login', { username, password });
  const state = await json<{ state: string }>(login, `login ${username}`);
  if (state.state === 'mfa_required') {
    await json(await call('POST', '/api/auth/mfa/verify', { code: await nextTotpCode(username) }), `mfa ${username}`);
  }
  return {
    get: async <T>(path: string) => json<T>(await call('GET', path), `GET ${path}`),
    send: async <T>(
      method: 'POST' | 'PUT' | 'PATCH',
      path: string,
      body: unknown,
      headers: Record<string, string> = {},
    ) => json<T>(await call(method, path, body, headers), `${method} ${path}`),
    raw: (method, path, body) => call(method, path, body),
  };
}
