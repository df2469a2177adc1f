import { hasPermission, type Permission, ROLES, type Role } from '@fengqiao/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineUnavailable, loginAs, startTestApp, type TestApp } from './harness';

const ANY_ID = '00000000-0000-4000-8000-000000000000';
// Routes that end or reshape the caller's own session are exercised elsewhere.
const SESSION_CHANGING = new Set([
  'POST /api/auth/logout',
  'POST /api/auth/mfa/enrol',
  'POST /api/auth/mfa/enrol/confirm',
  'POST /api/citizen/auth/logout',
]);

/**
 * Walks every declared route for every role and checks the response against
 * the permission table: 403 exactly when the role lacks the route's
 * permission. A route without a policy cannot even be registered.
 */
describe.skipIf(engineUnavailable)('permission matrix: every route × every role', () => {
  let t: TestApp;
  const cookies = new Map<Role, string>();
  let citizenCookie = '';
  beforeAll(async () => {
    t = await startTestApp();
    for (const role of ROLES) cookies.set(role, await loginAs(t, role));
    const { token } = await t.modules.citizens.api.openSession('19900000001', '矩阵');
    citizenCookie = `fq_citizen=${token}`;
  });
  afterAll(async () => t?.close());

  it('registers a policy for every /api route', () => {
    expect(t.routes.length).toBeGreaterThan(20);
    for (const r of t.routes) expect(r.policy, `${r.method} ${r.url}`).toBeTruthy();
  });

  it('refuses a route without a policy at startup', async () => {
    const Fastify = (await import('fastify')).default;
    const { registerAuthHook } = await import('../src/platform/http/auth-hook');
    const app = Fastify();
    registerAuthHook(app, { sessions: t.platform.sessions, audit: t.platform.audit });
    expect(() => app.get('/api/unguarded', async () => ({}))).toThrow(/declares no policy/);
    await app.close();
  });

  it('answers 401 to anonymous callers of every non-public route', async () => {
    for (const r of t.routes.filter((x) => x.policy !== 'public' && !x.websocket)) {
      const res = await t.app.inject({ method: r.method as 'GET', url: r.url.replace(/:[a-zA-Z]+/g, ANY_ID) });
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
    }
  });

  it('grants or refuses each route by role exactly as the permission table says', async () => {
    const rows: string[] = [];
    for (const r of t.routes.filter((x) => x.policy !== 'public' && !x.websocket)) {
      if (SESSION_CHANGING.has(`${r.method} ${r.url}`)) continue;
      for (const role of ROLES) {
        const res = await t.app.inject({
          method: r.method as 'GET',
          url: r.url.replace(/:[a-zA-Z]+/g, ANY_ID),
          headers: { cookie: cookies.get(role) ?? '' },
          ...(r.method === 'GET' ? {} : { payload: {} }),
        });
        rows.push(`${r.method} ${r.url} ${role} ${res.statusCode}`);
        if (r.policy === 'citizen') {
          // A staff session is not a citizen identity.
          expect(res.statusCode, `${r.method} ${r.url} as ${role}`).toBe(401);
          continue;
        }
        const permission = ['login', 'authenticated'].includes(r.policy) ? null : (r.policy as Permission);
        const allowed = permission === null || hasPermission([role], permission);
        if (allowed) {
          expect([401, 403], `${r.method} ${r.url} as ${role}: ${res.body}`).not.toContain(res.statusCode);
        } else {
          expect(res.statusCode, `${r.method} ${r.url} as ${role}`).toBe(403);
        }
        expect(res.statusCode, `${r.method} ${r.url} as ${role}: ${res.body}`).toBeLessThan(500);
      }
    }
    expect(rows.length).toBeGreaterThan(200);
    // Every route for every role: thousands of requests, each audited.
  }, 300_000);

  it('lets a citizen session through citizen routes only', async () => {
    const citizenRoutes = t.routes.filter((x) => x.policy === 'citizen' && !x.websocket);
    expect(citizenRoutes.length).toBeGreaterThan(10);
    for (const r of t.routes.filter((x) => x.policy !== 'public' && !x.websocket)) {
      if (SESSION_CHANGING.has(`${r.method} ${r.url}`)) continue;
      const res = await t.app.inject({
        method: r.method as 'GET',
        url: r.url.replace(/:[a-zA-Z]+/g, ANY_ID),
        headers: { cookie: citizenCookie },
        ...(r.method === 'GET' ? {} : { payload: {} }),
      });
      if (r.policy === 'citizen') {
        expect([401, 403], `${r.method} ${r.url} as citizen: ${res.body}`).not.toContain(res.statusCode);
        expect(res.statusCode, `${r.method} ${r.url} as citizen: ${res.body}`).toBeLessThan(500);
      } else {
        expect(res.statusCode, `${r.method} ${r.url} as citizen`).toBe(401);
      }
    }
    // Anonymous callers of citizen routes were refused above; an ended citizen session is refused too.
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/citizen/auth/logout',
      headers: { cookie: citizenCookie },
    });
    expect(out.statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/citizen/me', headers: { cookie: citizenCookie } })).statusCode).toBe(401);
  });

  it('keeps the three administrators out of each other’s work and out of business data', () => {
    const admin = (role: Role) => ROLES.filter((r) => r === role);
    expect(hasPermission(admin('system_admin'), 'audit.read')).toBe(false);
    expect(hasPermission(admin('system_admin'), 'users.grant')).toBe(false);
    expect(hasPermission(admin('security_admin'), 'users.manage')).toBe(false);
    expect(hasPermission(admin('security_admin'), 'audit.read')).toBe(false);
    expect(hasPermission(admin('auditor'), 'users.manage')).toBe(false);
    for (const role of ['system_admin', 'security_admin', 'auditor'] as const) {
      for (const p of ['map.view', 'personnel.read', 'pii.reveal', 'grids.edit'] as const) {
        expect(hasPermission([role], p), `${role} ${p}`).toBe(false);
      }
    }
  });
});
