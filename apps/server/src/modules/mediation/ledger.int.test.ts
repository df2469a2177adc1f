import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { engineUnavailable, loginAs, startTestApp, type TestApp } from '../../../test/harness';
import { type Call, caller, count, creditCode, disputeBody, idNumber, type Me, me } from './mediation.test-helper';

const ID_LIKE = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/;
const PHONE_LIKE = /(?<!\d)1[3-9]\d{9}(?!\d)/;

interface Detail {
  id: string;
  number: string;
  version: number;
  status: string;
  level: number;
  gridId: string | null;
  parties: { id: string; idNumber: string | null; phone: string | null; creditCode: string | null; kind: string }[];
  events: { kind: string }[];
  incidentId: string | null;
  actions: string[];
  dueAt: string | null;
}

describe.skipIf(engineUnavailable)('dispute ledger: registration, views, jurisdiction, personal data', () => {
  let t: TestApp;
  let officer: Call;
  let leader: Call;
  let operator: Call;
  let mediator: Call;
  let auxiliary: Call;
  let officerMe: Me;
  let leaderCookie: string;
  let otherGrid: string;
  beforeAll(async () => {
    t = await startTestApp();
    const officerCookie = await loginAs(t, 'community_officer');
    leaderCookie = await loginAs(t, 'station_leader');
    officer = caller(t, officerCookie);
    leader = caller(t, leaderCookie);
    operator = caller(t, await loginAs(t, 'command_operator'));
    mediator = caller(t, await loginAs(t, 'mediator'));
    auxiliary = caller(t, await loginAs(t, 'auxiliary_officer'));
    officerMe = await me(t, officerCookie);
    const grids = await t.db.query<{ id: string }>(
      'SELECT id FROM grids WHERE NOT (id = ANY($1::uuid[])) ORDER BY code',
      [officerMe.gridIds],
    );
    otherGrid = grids.rows[0]?.id ?? '';
  });
  afterAll(async () => t?.close());

  it('registers a dispute in the officer’s grid with sealed, masked identifiers and a deadline', async () => {
    const res = await officer('POST', '/api/mediation/disputes', disputeBody(officerMe.gridIds[0] ?? ''));
    expect(res.status, res.raw).toBe(201);
    const d = res.body as unknown as Detail;
    expect(d.number).toMatch(/^TJ\d{8}\d{6}$/);
    expect(d.status).toBe('open');
    expect(d.level).toBe(1);
    expect(d.events.map((e) => e.kind)).toEqual(['registered']);
    expect(d.parties[0]?.idNumber).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    expect(d.parties[0]?.phone).toBe('138****5678');
    expect(res.raw).not.toMatch(ID_LIKE);
    expect(res.raw).not.toMatch(PHONE_LIKE);
    expect(d.actions).toEqual(expect.arrayContaining(['escalate', 'record_outcome']));
    expect(d.actions).not.toContain('deescalate');
    // The 15-day yellow deadline, with its timers.
    expect(new Date(d.dueAt ?? '').getTime() - t.clock.now().getTime()).toBe(15 * 86_400_000);
    expect(
      await count(t, 'jobs', `kind = 'mediation.deadline' AND payload->>'disputeId' = $1 AND status = 'pending'`, [
        d.id,
      ]),
    ).toBe(2);
    // Nothing readable at rest.
    const raw = await t.db.query<{ v: string }>(
      'SELECT row_to_json(p)::text AS v FROM dispute_parties p WHERE dispute_id = $1',
      [d.id],
    );
    for (const r of raw.rows) {
      expect(r.v).not.toMatch(ID_LIKE);
      expect(r.v).not.toMatch(PHONE_LIKE);
    }
  });

  it('refuses an invalid ID number, phone or credit code with the field at fault, and writes nothing', async () => {
    const before = await count(t, 'disputes');
    const events = await count(t, 'dispute_events');
    const body = disputeBody(officerMe.gridIds[0] ?? '');
    body.parties = [
      {
        kind: 'person',
        role: 'applicant',
        name: '孙立新',
        gender: 'M',
        idNumber: '131081198406151235',
        phone: '12345',
      },
      {
        kind: 'enterprise',
        role: 'respondent',
        name: '清溪镇某家具有限公司',
        creditCode: '91131081MA0C12345Y',
      } as never,
    ];
    const res = await officer('POST', '/api/mediation/disputes', body);
    expect(res.status).toBe(400);
    const fields = (res.body.fields as { path: string; code: string }[]).map((f) => `${f.path}:${f.code}`);
    expect(fields).toEqual(
      expect.arrayContaining([
        'body.parties.0.idNumber:id_number_checksum',
        'body.parties.0.phone:phone_format',
        expect.stringMatching(/^body\.parties\.1\.creditCode:credit_code_/),
      ]),
    );
    expect(await count(t, 'disputes')).toBe(before);
    expect(await count(t, 'dispute_events')).toBe(events);
  });

  it('keeps grid staff to their own grids', async () => {
    const res = await officer('POST', '/api/mediation/disputes', disputeBody(otherGrid));
    expect(res.status).toBe(400);
    expect((res.body.fields as { code: string }[])[0]?.code).toBe('outside_jurisdiction');
    // The leader may register anywhere; the officer then cannot see it.
    const other = await leader('POST', '/api/mediation/disputes', disputeBody(otherGrid));
    expect(other.status).toBe(201);
    const id = (other.body as unknown as Detail).id;
    expect((await officer('GET', `/api/mediation/disputes/${id}`)).status).toBe(404);
    expect((await officer('POST', `/api/mediation/disputes/${id}/notes`, { note: '试图留言' })).status).toBe(404);
    const list = await officer('GET', `/api/mediation/disputes?pageSize=200&gridId=${otherGrid}`);
    expect(list.body.total).toBe(0);
    // Registering above level 1 is for coordinators: the auxiliary may not.
    const aux = await auxiliary('POST', '/api/mediation/disputes', { ...disputeBody(otherGrid), level: 2 });
    expect(aux.status).toBe(403);
  });

  it('links a dispute taken over from a dispute incident, both ways, once', async () => {
    const grid = await t.db.query<{ lng: number; lat: number }>(
      'SELECT centroid_lng AS lng, centroid_lat AS lat FROM grids WHERE id = $1',
      [officerMe.gridIds[0]],
    );
    const inc = await operator('POST', '/api/incidents', {
      source: 'call_110',
      categoryCode: 'dispute.neighbour',
      summary: '邻居因占道发生争吵',
      address: '东王庄村8号',
      location: { lng: grid.rows[0]?.lng, lat: grid.rows[0]?.lat },
    });
    expect(inc.status, inc.raw).toBe(201);
    const incidentId = (inc.body.incident as { id: string }).id;
    const body = { ...disputeBody(''), source: 'incident', incidentId } as Record<string, unknown>;
    delete body.gridId;
    delete body.place;
    const res = await officer('POST', '/api/mediation/disputes', body);
    expect(res.status, res.raw).toBe(201);
    const d = res.body as unknown as Detail & { place: string; sourceRef: string };
    expect(d.incidentId).toBe(incidentId);
    expect(d.gridId).toBe(officerMe.gridIds[0]);
    expect(d.place).toBe('东王庄村8号');
    const detail = await operator('GET', `/api/incidents/${incidentId}`);
    expect(detail.body.links).toEqual([{ kind: 'dispute', targetId: d.id }]);
    const again = await officer('POST', '/api/mediation/disputes', body);
    expect(again.status).toBe(409);
  });

  it('filters the ledger, searches by number, name and ID number, and lists overdue and at-risk disputes', async () => {
    const idn = idNumber('1970-01-20');
    const created = await officer('POST', '/api/mediation/disputes', {
      ...disputeBody(officerMe.gridIds[0] ?? ''),
      risk: 'red',
      parties: [
        { kind: 'person', role: 'applicant', name: '欧阳明远', idNumber: idn },
        { kind: 'enterprise', role: 'respondent', name: '清溪镇恒达家具有限公司', creditCode: creditCode('MA0D5678') },
      ],
    });
    expect(created.status, created.raw).toBe(201);
    const d = created.body as unknown as Detail;
    const ids = async (url: string) => ((await leader('GET', url)).body.items as { id: string }[]).map((x) => x.id);
    expect(await ids(`/api/mediation/disputes?q=${d.number}`)).toEqual([d.id]);
    expect(await ids(`/api/mediation/disputes?q=${encodeURIComponent('欧阳')}`)).toEqual([d.id]);
    expect(await ids(`/api/mediation/disputes?q=${idn}`)).toEqual([d.id]);
    expect(await ids(`/api/mediation/disputes?q=${creditCode('MA0D5678')}`)).toEqual([d.id]);
    expect(await ids('/api/mediation/disputes?view=at_risk&pageSize=200')).toContain(d.id);
    expect(await ids('/api/mediation/disputes?view=overdue&pageSize=200')).not.toContain(d.id);
    expect(await ids('/api/mediation/disputes?risk=red&status=open&level=1&pageSize=200')).toContain(d.id);
    expect(await ids('/api/mediation/disputes?risk=yellow&pageSize=200')).not.toContain(d.id);
    // Registered four days ago as red (three days to resolve): overdue now.
    const late = await officer('POST', '/api/mediation/disputes', {
      ...disputeBody(officerMe.gridIds[0] ?? ''),
      risk: 'red',
      registeredAt: new Date(t.clock.now().getTime() - 4 * 86_400_000).toISOString(),
    });
    expect(late.status, late.raw).toBe(201);
    expect(await ids('/api/mediation/disputes?view=overdue&pageSize=200')).toContain(
      (late.body as unknown as Detail).id,
    );
    expect(await ids('/api/mediation/disputes?view=overdue&sort=due_asc&pageSize=200')).toContain(
      (late.body as unknown as Detail).id,
    );
    const mine = await officer('GET', '/api/mediation/disputes?view=mine&pageSize=200');
    expect((mine.body.items as { id: string }[]).map((x) => x.id)).toContain(d.id);
    // The search term never reaches the audit trail.
    const audit = await t.db.query<{ details: string }>(
      `SELECT details::text FROM audit_log WHERE action = 'dispute.list' ORDER BY id DESC LIMIT 5`,
    );
    for (const a of audit.rows) expect(a.details).not.toContain(idn);
  });

  it('saves ledger views per user', async () => {
    const saved = await officer('POST', '/api/mediation/views', {
      name: '红色预警',
      filter: { risk: 'red', status: 'open' },
    });
    expect(saved.status).toBe(200);
    expect((await officer('GET', '/api/mediation/views')).body).toEqual([
      expect.objectContaining({ name: '红色预警', filter: { risk: 'red', status: 'open' } }),
    ]);
    expect((await leader('GET', '/api/mediation/views')).body).toEqual([]);
    expect((await leader('DELETE', `/api/mediation/views/${saved.body.id}`)).status).toBe(404);
    expect((await officer('DELETE', `/api/mediation/views/${saved.body.id}`)).status).toBe(200);
  });

  it('shows a mediator only the disputes they are assigned to', async () => {
    const list = await mediator(
      'GET',
      '/api/mediation/disputes?pageSize=200&status=open,resolved,closed,failed,withdrawn',
    );
    expect(list.status).toBe(200);
    const mediatorMe = await t.db.query<{ person_id: string }>(
      `SELECT person_id FROM app_users WHERE username = 'mediator'`,
    );
    const mine = await t.db.query<{ n: number }>(
      `SELECT count(DISTINCT dispute_id)::int AS n FROM dispute_assignments WHERE mediator_id = $1 AND released_at IS NULL`,
      [mediatorMe.rows[0]?.person_id],
    );
    expect(list.body.total).toBe(Math.min(mine.rows[0]?.n ?? 0, 10001));
    const notMine = await t.db.query<{ id: string }>(
      `SELECT id FROM disputes d WHERE NOT EXISTS (SELECT 1 FROM dispute_assignments a WHERE a.dispute_id = d.id AND a.mediator_id = $1) LIMIT 1`,
      [mediatorMe.rows[0]?.person_id],
    );
    expect((await mediator('GET', `/api/mediation/disputes/${notMine.rows[0]?.id}`)).status).toBe(404);
    // Mediators do not register disputes themselves, and do not see conflicts of interest in the pool.
    expect((await mediator('POST', '/api/mediation/disputes', disputeBody(officerMe.gridIds[0] ?? ''))).status).toBe(
      403,
    );
  });

  it('reveals a party’s ID number to pii.reveal holders with an audited reason', async () => {
    const idn = idNumber('1966-09-09');
    const created = await officer('POST', '/api/mediation/disputes', {
      ...disputeBody(officerMe.gridIds[0] ?? ''),
      parties: [{ kind: 'person', role: 'applicant', name: '周文华', idNumber: idn }],
    });
    const d = created.body as unknown as Detail;
    const res = await officer('POST', `/api/mediation/disputes/${d.id}/reveal`, {
      partyId: d.parties[0]?.id,
      field: 'idNumber',
      reason: '制作调解协议书核对身份',
    });
    expect(res.body).toEqual({ value: idn });
    const a = await t.db.query<{ purpose: string }>(
      `SELECT purpose FROM audit_log WHERE action = 'dispute.party_reveal' AND resource_id = $1`,
      [d.id],
    );
    expect(a.rows[0]?.purpose).toBe('制作调解协议书核对身份');
    expect(
      (
        await auxiliary('POST', `/api/mediation/disputes/${d.id}/reveal`, {
          partyId: d.parties[0]?.id,
          field: 'idNumber',
          reason: '想看看',
        })
      ).status,
    ).toBe(403);
  });

  it('serves the configuration and lets the leader change a risk level’s deadline', async () => {
    const cfg = await officer('GET', '/api/mediation/config');
    expect((cfg.body.categories as unknown[]).length).toBe(15);
    expect(
      (cfg.body.riskLevels as { code: string; resolveDays: number }[]).find((r) => r.code === 'red')?.resolveDays,
    ).toBe(3);
    const put = await leader('PUT', '/api/mediation/config/risk-levels/red', {
      nameZh: '红色（高风险）',
      meaning: '可能民转刑，须当日介入',
      resolveDays: 2,
      remindHours: 12,
    });
    expect(put.status, put.raw).toBe(200);
    expect(
      (put.body.riskLevels as { code: string; resolveDays: number }[]).find((r) => r.code === 'red')?.resolveDays,
    ).toBe(2);
    expect((await officer('PUT', '/api/mediation/config/settings', { followupDays: [3] })).status).toBe(403);
    const bad = await leader('PUT', '/api/mediation/config/settings', { followupDays: [] });
    expect(bad.status).toBe(400);
  });

  it('reloads an expired configuration inside a workflow transaction', async () => {
    const d = (await officer('POST', '/api/mediation/disputes', disputeBody(officerMe.gridIds[0] ?? '')))
      .body as unknown as Detail;
    // The configuration is cached for 15 s; past that, the escalation's transaction reloads it (once a 500).
    const realNow = Date.now.bind(Date);
    const later = vi.spyOn(Date, 'now').mockImplementation(() => realNow() + 60_000);
    try {
      const res = await officer('POST', `/api/mediation/disputes/${d.id}/transitions`, {
        command: 'escalate',
        reason: '现场调解未果，移交社区警务队',
        version: d.version,
      });
      expect(res.status, res.raw).toBe(200);
      expect((res.body as unknown as Detail).level).toBe(2);
    } finally {
      later.mockRestore();
    }
  });
});
