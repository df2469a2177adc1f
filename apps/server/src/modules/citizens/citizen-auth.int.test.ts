import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineUnavailable, loginAs, startTestApp, type TestApp } from '../../../test/harness';
import { createLogger } from '../../platform/logger';
import { FileOtpSender, LogOtpSender, MemoryOtpSender } from './otp-sender';

const PHONE = '19912345678';

describe.skipIf(engineUnavailable)('citizen sign-in by phone and one-time code', () => {
  let t: TestApp;
  const outbox = new MemoryOtpSender();
  beforeAll(async () => {
    t = await startTestApp();
    t.modules.citizens.api.useSender(outbox);
  });
  afterAll(async () => t?.close());

  // Each call from its own address by default: the HTTP rate limit (10 a minute per address) runs on real time.
  let n = 0;
  const nextIp = () => {
    n += 1;
    return `10.0.${n}.1`;
  };
  const ask = (phone: string, ip = nextIp()) =>
    t.app.inject({ method: 'POST', url: '/api/citizen/auth/code', payload: { phone }, remoteAddress: ip });
  const verify = (phone: string, code: string, name?: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/citizen/auth/verify',
      payload: { phone, code, ...(name ? { name } : {}) },
    });

  it('sends a code, signs in with it once, and keeps the phone sealed', async () => {
    const sent = await ask(PHONE);
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json()).toEqual({ sent: true, phone: '199****5678', expiresInSeconds: 300, resendAfterSeconds: 60 });
    const code = outbox.lastCode(PHONE);
    expect(code).toMatch(/^\d{6}$/);
    const res = await verify(PHONE, code ?? '', '赵六');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().citizen).toMatchObject({ phone: '199****5678', name: '赵六', bookingSuspendedUntil: null });
    const cookie = res.cookies.find((c) => c.name === 'fq_citizen');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    const me = await t.app.inject({ url: '/api/citizen/me', headers: { cookie: `fq_citizen=${cookie?.value}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json().phone).toBe('199****5678');
    // The same code does not work twice.
    expect((await verify(PHONE, code ?? '')).json().fields[0].code).toBe('code_missing');
    const raw = await t.db.query<{ phone_enc: string; phone_masked: string }>(
      'SELECT phone_enc, phone_masked FROM citizens WHERE phone_masked = $1',
      ['199****5678'],
    );
    expect(raw.rows).toHaveLength(1);
    expect(raw.rows[0]?.phone_enc).not.toContain(PHONE);
    const codes = await t.db.query<{ code_hash: string }>('SELECT code_hash FROM citizen_codes');
    for (const r of codes.rows) expect(r.code_hash).not.toBe(code);
  });

  it('burns a code after five wrong tries, even for the right code afterwards', async () => {
    const phone = '19912345679';
    await ask(phone);
    const code = outbox.lastCode(phone) ?? '';
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 1; i <= 4; i++) {
      const r = await verify(phone, wrong);
      expect(r.statusCode).toBe(400);
      expect(r.json().fields[0]).toMatchObject({ path: 'body.code', code: 'code_wrong' });
    }
    expect((await verify(phone, wrong)).json().fields[0].code).toBe('code_burned');
    expect((await verify(phone, code)).json().fields[0].code).toBe('code_missing');
  });

  it('expires a code after five minutes', async () => {
    const phone = '19912345680';
    await ask(phone);
    t.clock.advance(5 * 60_000 + 1000);
    expect((await verify(phone, outbox.lastCode(phone) ?? '')).json().fields[0].code).toBe('code_expired');
  });

  it('limits codes per phone and per network', async () => {
    const phone = '19912345681';
    expect((await ask(phone)).statusCode).toBe(200);
    const again = await ask(phone);
    expect(again.statusCode).toBe(429);
    expect(again.json().reason).toBe('resend_too_soon');
    for (let i = 0; i < 4; i++) {
      t.clock.advance(61_000);
      expect((await ask(phone)).statusCode).toBe(200);
    }
    t.clock.advance(61_000);
    const sixth = await ask(phone);
    expect(sixth.statusCode).toBe(429);
    expect(sixth.json().reason).toBe('phone_hourly_limit');
    t.clock.advance(3_600_000);
    const config = t.modules.citizens.config;
    const saved = config.perIpHourly;
    config.perIpHourly = 3;
    try {
      for (let i = 0; i < 3; i++) expect((await ask(`1991111000${i}`, '10.9.9.9')).statusCode).toBe(200);
      const blocked = await ask('19911110009', '10.9.9.9');
      expect(blocked.statusCode).toBe(429);
      expect(blocked.json().reason).toBe('ip_hourly_limit');
      expect((await ask('19911110009', '10.9.9.10')).statusCode).toBe(200);
    } finally {
      config.perIpHourly = saved;
    }
  });

  it('refuses landlines and malformed numbers with a field error', async () => {
    expect((await ask('0316-7654321')).json().fields[0]).toMatchObject({
      path: 'body.phone',
      code: 'phone_not_mobile',
    });
    expect((await ask('12345')).json().fields[0]).toMatchObject({ path: 'body.phone', code: 'phone_format' });
  });

  it('keeps staff and citizen sessions apart', async () => {
    const staff = await loginAs(t, 'hall_clerk');
    expect((await t.app.inject({ url: '/api/citizen/me', headers: { cookie: staff } })).statusCode).toBe(401);
    const { token } = await t.modules.citizens.api.openSession('19912345690');
    const citizen = `fq_citizen=${token}`;
    expect((await t.app.inject({ url: '/api/hall/windows', headers: { cookie: citizen } })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie: citizen } })).statusCode).toBe(401);
    // Both cookies at once: each route sees its own identity.
    const both = `${staff}; ${citizen}`;
    expect((await t.app.inject({ url: '/api/citizen/me', headers: { cookie: both } })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/hall/windows', headers: { cookie: both } })).statusCode).toBe(200);
    const out = await t.app.inject({ method: 'POST', url: '/api/citizen/auth/logout', headers: { cookie: citizen } });
    expect(out.statusCode).toBe(200);
    const after = await t.app.inject({ url: '/api/citizen/me', headers: { cookie: citizen } });
    expect(after.statusCode).toBe(401);
    expect(after.json().reason).toBe('citizen_required');
  });

  it("tells the residents' pages who is signed in, a guest being no error", async () => {
    const guest = await t.app.inject({ url: '/api/citizen/session' });
    expect(guest.statusCode).toBe(200);
    expect(guest.json()).toEqual({ citizen: null });
    const { token } = await t.modules.citizens.api.openSession('19912345692', '访客');
    const signed = await t.app.inject({ url: '/api/citizen/session', headers: { cookie: `fq_citizen=${token}` } });
    expect(signed.json().citizen).toMatchObject({ phone: '199****5692', name: '访客' });
  });

  it('ends an idle session after the idle period', async () => {
    const { token } = await t.modules.citizens.api.openSession('19912345691');
    const cookie = `fq_citizen=${token}`;
    expect((await t.app.inject({ url: '/api/citizen/me', headers: { cookie } })).statusCode).toBe(200);
    t.clock.advance(t.modules.citizens.config.sessionIdleMs + 1000);
    expect((await t.app.inject({ url: '/api/citizen/me', headers: { cookie } })).statusCode).toBe(401);
  });
});

describe('code senders', () => {
  it('logs the code with the phone masked', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    await new LogOtpSender(createLogger('info', sink)).send({
      phone: PHONE,
      masked: '199****5678',
      code: '424242',
      expiresAt: new Date(),
      text: 'x',
    });
    const out = lines.join('');
    expect(out).toContain('424242');
    expect(out).toContain('199****5678');
    expect(out).not.toContain(PHONE);
  });

  it('writes the outbox file with the phone masked', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fq-outbox-'));
    const sender = new FileOtpSender(dir);
    await sender.send({
      phone: PHONE,
      masked: '199****5678',
      code: '135790',
      expiresAt: new Date(),
      text: '验证码135790',
    });
    const content = fs.readFileSync(sender.file, 'utf8');
    expect(JSON.parse(content.trim())).toMatchObject({ to: '199****5678', code: '135790' });
    expect(content).not.toContain(PHONE);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
