import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_PASSWORD,
  demoTotpSecret,
  engineUnavailable,
  loginAs,
  startTestApp,
  type TestApp,
} from '../../../test/harness';
import { totpAt, totpStep } from '../../platform/auth/totp';

describe.skipIf(engineUnavailable)('sign-in, 2FA, sessions and lockout', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  const login = (username: string, password: string) =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  const cookieOf = (res: Awaited<ReturnType<typeof login>>) =>
    `fq_session=${res.cookies.find((c) => c.name === 'fq_session')?.value}`;

  it('signs an operator in with a password alone and sets an httpOnly SameSite cookie', async () => {
    const res = await login('operator', DEMO_PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(res.json().state).toBe('authenticated');
    const c = res.cookies.find((x) => x.name === 'fq_session');
    expect(c?.httpOnly).toBe(true);
    expect(c?.sameSite).toBe('Strict');
    const me = await t.app.inject({ url: '/api/auth/me', headers: { cookie: cookieOf(res) } });
    expect(me.json().roles).toEqual(['command_operator']);
  });

  it('rejects a wrong password with the same message as an unknown user', async () => {
    const a = await login('operator', 'wrong-password-1');
    const b = await login('nobody-here', 'wrong-password-1');
    expect(a.statusCode).toBe(401);
    expect(b.statusCode).toBe(401);
    expect(a.json().message).toBe(b.json().message);
  });

  it('requires TOTP for the station leader, grants nothing before it, and refuses a replayed code', async () => {
    const res = await login('leader', DEMO_PASSWORD);
    expect(res.json().state).toBe('mfa_required');
    const cookie = cookieOf(res);
    const blocked = await t.app.inject({ url: '/api/map', headers: { cookie } });
    expect(blocked.statusCode).toBe(401);
    expect(blocked.json().error).toBe('mfa_required');
    const secret = (await demoTotpSecret('leader')) ?? '';
    t.clock.advance(60_000);
    const code = totpAt(secret, totpStep(t.clock.now()));
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/auth/mfa/verify',
      headers: { cookie },
      payload: { code },
    });
    expect(ok.statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/map', headers: { cookie } })).statusCode).toBe(200);
    // The same code again, on a new session, is a replay.
    const again = await login('leader', DEMO_PASSWORD);
    const replay = await t.app.inject({
      method: 'POST',
      url: '/api/auth/mfa/verify',
      headers: { cookie: cookieOf(again) },
      payload: { code },
    });
    expect(replay.statusCode).toBe(400);
    expect(replay.json().fields[0].code).toBe('totp_invalid');
  });

  it('ends a session after 30 idle minutes but not while it is used', async () => {
    const cookie = await loginAs(t, 'patrol_officer');
    for (let i = 0; i < 3; i++) {
      t.clock.advance(25 * 60_000);
      expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(200);
    }
    t.clock.advance(31 * 60_000);
    const res = await t.app.inject({ url: '/api/auth/me', headers: { cookie } });
    expect(res.statusCode).toBe(401);
  });

  it('ends a session 12 hours after sign-in however active it is', async () => {
    const cookie = await loginAs(t, 'patrol_officer');
    for (let i = 0; i < 30; i++) {
      t.clock.advance(25 * 60_000);
      const res = await t.app.inject({ url: '/api/auth/me', headers: { cookie } });
      if (i < 28) expect(res.statusCode, `after ${(i + 1) * 25} min`).toBe(200);
      else expect(res.statusCode, `after ${(i + 1) * 25} min`).toBe(401);
    }
  });

  it('logs out on the server: the old cookie no longer works', async () => {
    const cookie = await loginAs(t, 'case_officer');
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('locks an account after 5 failures in 15 minutes until a security admin unlocks it', async () => {
    for (let i = 0; i < 4; i++) expect((await login('auxiliary', `bad-guess-${i}`)).statusCode).toBe(401);
    const fifth = await login('auxiliary', 'bad-guess-5');
    expect(fifth.statusCode).toBe(423);
    // Even the right password is refused now.
    expect((await login('auxiliary', DEMO_PASSWORD)).statusCode).toBe(423);
    t.clock.advance(2 * 3600_000);
    expect((await login('auxiliary', DEMO_PASSWORD)).statusCode).toBe(423);

    const users = await t.app.inject({
      url: '/api/users?q=auxiliary',
      headers: { cookie: await loginAs(t, 'security_admin') },
    });
    const target = users.json().items.find((u: { username: string }) => u.username === 'auxiliary');
    expect(target.locked).toBe(true);
    const sysadmin = await loginAs(t, 'system_admin');
    expect(
      (await t.app.inject({ method: 'POST', url: `/api/users/${target.id}/unlock`, headers: { cookie: sysadmin } }))
        .statusCode,
    ).toBe(403);
    const secadmin = await loginAs(t, 'security_admin');
    const unlock = await t.app.inject({
      method: 'POST',
      url: `/api/users/${target.id}/unlock`,
      headers: { cookie: secadmin },
    });
    expect(unlock.statusCode).toBe(200);
    expect((await login('auxiliary', DEMO_PASSWORD)).statusCode).toBe(200);
  });

  it('spreads failures over more than 15 minutes without locking', async () => {
    for (let i = 0; i < 8; i++) {
      expect((await login('clerk', `slow-guess-${i}`)).statusCode).toBe(401);
      t.clock.advance(4 * 60_000);
    }
    expect((await login('clerk', DEMO_PASSWORD)).statusCode).toBe(200);
  });
});
