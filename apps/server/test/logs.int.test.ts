import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/platform/logger';
import { DEMO_PASSWORD, engineUnavailable, loginAs, startTestApp, type TestApp } from './harness';

describe.skipIf(engineUnavailable)('logs never carry identifiers or passwords', () => {
  let t: TestApp;
  const lines: string[] = [];
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _e, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    t = await startTestApp({ log: createLogger('debug', sink) });
  });
  afterAll(async () => t?.close());

  it('after logins, searches by phone and ID number, reveals and bad input', async () => {
    const cookie = await loginAs(t, 'command_operator');
    const list = await t.app.inject({ url: '/api/persons?kind=officer&pageSize=1', headers: { cookie } });
    const person = list.json().items[0];
    const idNumber = (
      await t.app.inject({
        method: 'POST',
        url: `/api/persons/${person.id}/reveal`,
        headers: { cookie },
        payload: { field: 'idNumber', reason: 'log test' },
      })
    ).json().value as string;
    const phone = (
      await t.app.inject({
        method: 'POST',
        url: `/api/persons/${person.id}/reveal`,
        headers: { cookie },
        payload: { field: 'phone', reason: 'log test' },
      })
    ).json().value as string;
    await t.app.inject({ url: `/api/persons?q=${phone}`, headers: { cookie } });
    await t.app.inject({ url: `/api/persons?q=${idNumber}`, headers: { cookie } });
    await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'operator', password: `${DEMO_PASSWORD}x` },
    });
    await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: idNumber, password: DEMO_PASSWORD },
    });
    const out = lines.join('');
    expect(out.length).toBeGreaterThan(1000);
    expect(out).not.toContain(idNumber);
    expect(out).not.toContain(phone);
    expect(out).not.toContain(DEMO_PASSWORD);
  });
});
