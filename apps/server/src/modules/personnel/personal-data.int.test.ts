import { parseIdNumber } from '@fengqiao/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineUnavailable, loginAs, startTestApp, type TestApp } from '../../../test/harness';

const ID_LIKE = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/;
const ID_LIKE_ALL = new RegExp(ID_LIKE.source, 'g');
/** A valid GB 11643 number anywhere in the text (enterprise credit codes share the shape, not the checksum and date). */
const containsIdNumber = (v: string) => [...v.matchAll(ID_LIKE_ALL)].some((m) => parseIdNumber(m[0]).ok);
// Alphanumeric boundaries: digit runs inside UUIDs and hex digests are not phone numbers.
const PHONE_LIKE = /(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])/;

describe.skipIf(engineUnavailable)('personal data: encrypted at rest, masked in responses, audited reveals', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it('lists people with masked ID numbers and phones', async () => {
    const cookie = await loginAs(t, 'command_operator');
    const res = await t.app.inject({ url: '/api/persons?kind=officer&pageSize=200', headers: { cookie } });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ items: { idNumber: string; phone: string }[]; total: number }>();
    expect(body.total).toBe(71);
    for (const p of body.items) {
      expect(p.idNumber).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
      expect(p.phone).toMatch(/^1\d{2}\*{4}\d{4}$/);
    }
    expect(res.body).not.toMatch(ID_LIKE);
    expect(res.body).not.toMatch(PHONE_LIKE);
  });

  it('reveals a full ID number only with a stated reason, and audits the purpose', async () => {
    const cookie = await loginAs(t, 'command_operator');
    const list = await t.app.inject({ url: '/api/persons?kind=volunteer&pageSize=1', headers: { cookie } });
    const person = list.json().items[0];
    const noReason = await t.app.inject({
      method: 'POST',
      url: `/api/persons/${person.id}/reveal`,
      headers: { cookie },
      payload: { field: 'idNumber' },
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().fields[0].path).toBe('body.reason');
    const ok = await t.app.inject({
      method: 'POST',
      url: `/api/persons/${person.id}/reveal`,
      headers: { cookie },
      payload: { field: 'idNumber', reason: '核实志愿者身份 verification' },
    });
    expect(ok.statusCode).toBe(200);
    const value = ok.json().value as string;
    expect(parseIdNumber(value).ok).toBe(true);
    expect(value.slice(0, 6)).toBe(person.idNumber.slice(0, 6));
    const audit = await t.db.query<{ purpose: string; actor_name: string }>(
      `SELECT purpose, actor_name FROM audit_log WHERE action = 'person.reveal' AND resource_id = $1 AND outcome = 'ok'`,
      [person.id],
    );
    expect(audit.rows).toEqual([{ purpose: '核实志愿者身份 verification', actor_name: 'operator' }]);
  });

  it('refuses reveals to roles without pii.reveal and hides people outside a grid officer’s jurisdiction', async () => {
    const operator = await loginAs(t, 'command_operator');
    const all = await t.app.inject({
      url: '/api/persons?kind=grid_worker&pageSize=200',
      headers: { cookie: operator },
    });
    const workers = all.json().items as { id: string; gridIds: string[] }[];
    const patrol = await loginAs(t, 'patrol_officer');
    const denied = await t.app.inject({
      method: 'POST',
      url: `/api/persons/${workers[0]?.id}/reveal`,
      headers: { cookie: patrol },
      payload: { field: 'phone', reason: 'checking a phone' },
    });
    expect(denied.statusCode).toBe(403);

    const officer = await loginAs(t, 'community_officer');
    const me = (await t.app.inject({ url: '/api/auth/me', headers: { cookie: officer } })).json<{
      gridIds: string[];
    }>();
    expect(me.gridIds.length).toBeGreaterThan(0);
    const mine = await t.app.inject({
      url: '/api/persons?kind=grid_worker&pageSize=200',
      headers: { cookie: officer },
    });
    const visible = mine.json().items as { id: string; gridIds: string[] }[];
    expect(visible.length).toBeGreaterThan(0);
    for (const p of visible) expect(p.gridIds.some((g) => me.gridIds.includes(g))).toBe(true);
    const outsider = workers.find((w) => !w.gridIds.some((g) => me.gridIds.includes(g)));
    expect(outsider).toBeDefined();
    const hidden = await t.app.inject({ url: `/api/persons/${outsider?.id}`, headers: { cookie: officer } });
    expect(hidden.statusCode).toBe(404);
  });

  it('finds a person by exact phone through the blind index', async () => {
    const cookie = await loginAs(t, 'command_operator');
    const list = await t.app.inject({ url: '/api/persons?kind=mediator&pageSize=1', headers: { cookie } });
    const person = list.json().items[0];
    const phone = (
      await t.app.inject({
        method: 'POST',
        url: `/api/persons/${person.id}/reveal`,
        headers: { cookie },
        payload: { field: 'phone', reason: 'lookup test' },
      })
    ).json().value as string;
    const found = await t.app.inject({ url: `/api/persons?q=${phone}`, headers: { cookie } });
    expect(found.json().items.map((p: { id: string }) => p.id)).toEqual([person.id]);
  });

  it('stores no ID number or phone in clear anywhere in the database', async () => {
    const columns = await t.db.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns
        WHERE table_schema = 'public' AND data_type IN ('text', 'jsonb', 'json', 'character varying', 'ARRAY')`,
    );
    expect(columns.rows.length).toBeGreaterThan(20);
    // The database narrows each column to candidate values; JavaScript then applies the exact checks.
    const candidate = '(^|[^0-9A-Za-z])(1[3-9][0-9]{9}|[0-9]{17}[0-9Xx])($|[^0-9A-Za-z])';
    let scanned = 0;
    for (const { table_name, column_name } of columns.rows) {
      const total = await t.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM "${table_name}" WHERE "${column_name}" IS NOT NULL`,
      );
      scanned += total.rows[0]?.n ?? 0;
      const rows = await t.db.query<{ v: string }>(
        `SELECT "${column_name}"::text AS v FROM "${table_name}" WHERE "${column_name}"::text ~ $1 LIMIT 1000`,
        [candidate],
      );
      for (const { v } of rows.rows) {
        expect(containsIdNumber(v), `${table_name}.${column_name}: ${v.slice(0, 60)}`).toBe(false);
        expect(PHONE_LIKE.test(v), `${table_name}.${column_name}: ${v.slice(0, 60)}`).toBe(false);
      }
    }
    expect(scanned).toBeGreaterThan(1000);
  });
});
