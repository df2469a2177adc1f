import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { engineUnavailable, loginAs, startTestApp, type TestApp } from '../../../test/harness';

describe.skipIf(engineUnavailable)('audit trail: complete, append-only, hash-chained', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp();
  });
  afterEach(async () => t?.close());

  async function someActivity(): Promise<void> {
    const leader = await loginAs(t, 'station_leader');
    const map = await t.app.inject({ url: '/api/map', headers: { cookie: leader } });
    expect(map.statusCode).toBe(200);
    await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'operator', password: 'wrong-one-1' },
    });
    const patrol = await loginAs(t, 'patrol_officer');
    await t.app.inject({ url: '/api/users', headers: { cookie: patrol } });
  }

  it('records who, when, from where, what, on which record and the outcome', async () => {
    await someActivity();
    const rows = await t.db.query<{
      action: string;
      outcome: string;
      actor_name: string | null;
      ip: string | null;
      resource_type: string | null;
    }>(`SELECT action, outcome, actor_name, ip, resource_type FROM audit_log WHERE action <> 'demo.load' ORDER BY id`);
    const seen = rows.rows.map((r) => `${r.action}:${r.outcome}:${r.actor_name ?? '-'}`);
    expect(seen).toContain('auth.login:ok:leader');
    expect(seen).toContain('auth.mfa:ok:leader');
    expect(seen).toContain('map.read:ok:leader');
    expect(seen).toContain('auth.login:failed:operator');
    expect(seen).toContain('access.denied:denied:patrol');
    expect(rows.rows.every((r) => r.ip === '127.0.0.1')).toBe(true);
  });

  it('lets the auditor search the trail and verify the chain', async () => {
    await someActivity();
    const auditor = await loginAs(t, 'auditor');
    const search = await t.app.inject({ url: '/api/audit?actor=leader&action=auth.', headers: { cookie: auditor } });
    expect(search.statusCode).toBe(200);
    const items = search.json().items as { action: string; actorName: string }[];
    expect(items.length).toBeGreaterThanOrEqual(2);
    expect(items.every((i) => i.actorName.includes('leader') && i.action.startsWith('auth.'))).toBe(true);
    const verify = await t.app.inject({ method: 'POST', url: '/api/audit/verify', headers: { cookie: auditor } });
    expect(verify.json()).toMatchObject({ ok: true, unsealed: 0, problems: [] });
    expect(verify.json().checked).toBeGreaterThan(5);
  });

  it('refuses UPDATE and DELETE of audit rows', async () => {
    await someActivity();
    await t.platform.audit.seal();
    await expect(t.db.query(`UPDATE audit_log SET outcome = 'ok' WHERE outcome = 'failed'`)).rejects.toThrow(
      /cannot be changed/,
    );
    await expect(t.db.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
  });

  it('detects a changed row even when the triggers were bypassed', async () => {
    await someActivity();
    await t.platform.audit.seal();
    expect((await t.platform.audit.verify()).ok).toBe(true);
    await t.db.exec('ALTER TABLE audit_log DISABLE TRIGGER USER');
    await t.db.query(`UPDATE audit_log SET actor_name = 'someone-else' WHERE action = 'map.read'`);
    const result = await t.platform.audit.verify();
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => p.problem)).toContain('row content changed');
  });

  it('detects a deleted row in the middle and at the end of the chain', async () => {
    await someActivity();
    await t.platform.audit.seal();
    await t.db.exec('ALTER TABLE audit_log DISABLE TRIGGER USER');
    await t.db.query(`DELETE FROM audit_log WHERE action = 'map.read'`);
    const middle = await t.platform.audit.verify();
    expect(middle.ok).toBe(false);
    expect(middle.problems.some((p) => p.problem.includes('missing'))).toBe(true);

    const last = await t.db.query<{ id: number }>('SELECT max(id)::int AS id FROM audit_log');
    await t.db.query('DELETE FROM audit_log WHERE id = $1', [last.rows[0]?.id]);
    const tail = await t.platform.audit.verify();
    expect(tail.problems.some((p) => p.problem.includes('head'))).toBe(true);
  });
});
