import { addCalendarDays, chinaDay } from '@fengqiao/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, engineUnavailable, loginAs, startTestApp, type TestApp } from '../../../test/harness';
import { type Call, caller, cast, onRoute, PNG, teamRoute, upload, uuid } from './volunteers.test-helper';

const DAY = 86_400_000;

describe.skipIf(engineUnavailable)('hazards from report to rectification', () => {
  let t: TestApp;
  let volunteer: Call & { cookie: string };
  let leader: Call;
  let teamLeader: Call;
  let stranger: Call;
  let officer: Call & { cookie: string };
  let reporterId: string;
  let point: [number, number];
  let hazard: { id: string; number: string; gridId: string | null; version: number };

  beforeAll(async () => {
    t = await startTestApp({ config: { sessionIdleMs: 60 * DAY, sessionAbsoluteMs: 60 * DAY } });
    const c = await cast(t);
    volunteer = c.volunteer;
    leader = c.leader;
    reporterId = c.me.personId;
    point = onRoute(await teamRoute(leader, c.team.id), 0.5);
    const lead = await t.db.query<{ username: string }>(
      `SELECT u.username FROM app_users u JOIN volunteer_teams x ON x.leader_person_id = u.person_id WHERE x.id = $1`,
      [c.team.id],
    );
    teamLeader = caller(t, await t.login(lead.rows[0]?.username ?? '', DEMO_PASSWORD));
    // A volunteer who leads none of the reporter's teams.
    const other = await t.db.query<{ username: string }>(
      `SELECT u.username FROM app_users u WHERE 'volunteer' = ANY(u.roles) AND u.person_id <> $1 AND NOT EXISTS (
         SELECT 1 FROM volunteer_teams x JOIN volunteer_team_members m ON m.team_id = x.id AND m.person_id = $1
          WHERE x.leader_person_id = u.person_id) ORDER BY u.username LIMIT 1`,
      [reporterId],
    );
    stranger = caller(t, await t.login(other.rows[0]?.username ?? '', DEMO_PASSWORD));
    officer = caller(t, await loginAs(t, 'community_officer'));
  });
  afterAll(async () => t?.close());

  it('takes a report from the field once, located in its grid, and tells the grid officer', async () => {
    const clientId = uuid();
    const body = {
      clientId,
      category: 'electrical',
      title: '电动车楼道飞线充电',
      description: '三单元楼道内有电线从窗口拉出给电动车充电',
      lng: point[0],
      lat: point[1],
    };
    const r = await volunteer('POST', '/api/hazards', body);
    expect(r.status, r.raw).toBe(201);
    hazard = r.body as unknown as typeof hazard;
    expect(r.body).toMatchObject({ status: 'reported', reporter: { personId: reporterId } });
    expect(hazard.gridId).not.toBeNull();
    expect(hazard.number).toMatch(/^YH\d{8}\d{5}$/);
    const replay = await volunteer('POST', '/api/hazards', body);
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replay']).toBe('true');
    expect(replay.body.id).toBe(hazard.id);
    const n = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM hazards WHERE client_id = $1', [
      clientId,
    ]);
    expect(n.rows[0]?.n).toBe(1);
    const told = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM volunteer_notifications v JOIN grids g ON g.officer_person_id = v.person_id
        WHERE v.kind = 'hazard_reported' AND v.ref_id = $1 AND g.id = $2`,
      [hazard.id, hazard.gridId],
    );
    expect(told.rows[0]?.n).toBe(1);
  });

  it('takes the reporter’s photo, and keeps rectification evidence for officers', async () => {
    const key = uuid();
    const a = await upload(t, volunteer, `/api/hazards/${hazard.id}/photos?clientId=${key}`, PNG);
    expect(a.status).toBe(201);
    const b = await upload(t, volunteer, `/api/hazards/${hazard.id}/photos?clientId=${key}`, PNG);
    expect(b.body).toEqual(a.body);
    const evidence = await upload(t, volunteer, `/api/hazards/${hazard.id}/photos?stage=rectification`, PNG);
    expect(evidence.status).toBe(403);
    const detail = (await volunteer('GET', `/api/hazards/${hazard.id}`)).body as unknown as {
      photos: { url: string }[];
    };
    expect(detail.photos).toHaveLength(1);
    const img = await t.app.inject({ url: detail.photos[0]?.url ?? '', headers: { cookie: volunteer.cookie } });
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/png');
  });

  it('shows the report to its reporter and the team leader only', async () => {
    expect((await teamLeader('GET', `/api/hazards/${hazard.id}`)).status).toBe(200);
    const list = (await teamLeader('GET', '/api/hazards')).body as unknown as { items: { id: string }[] };
    expect(list.items.some((h) => h.id === hazard.id)).toBe(true);
    expect((await stranger('GET', `/api/hazards/${hazard.id}`)).status).toBe(404);
    const mine = (await volunteer('GET', '/api/hazards?mine=true')).body as unknown as { items: { id: string }[] };
    expect(mine.items[0]?.id).toBe(hazard.id);
    expect((await volunteer('POST', `/api/hazards/${hazard.id}/assign`, {})).status).toBe(403);
  });

  it('assigns it to the responsible party with a deadline; the reporter follows and earns the confirmation points', async () => {
    const today = chinaDay(t.clock.now());
    const past = await leader('POST', `/api/hazards/${hazard.id}/assign`, {
      responsibleKind: 'owner',
      responsibleName: '三单元业主委员会',
      dueOn: addCalendarDays(today, -1),
      version: hazard.version,
    });
    expect((past.body.fields as { code: string }[])[0]?.code).toBe('in_past');
    const r = await leader('POST', `/api/hazards/${hazard.id}/assign`, {
      responsibleKind: 'owner',
      responsibleName: '三单元业主委员会',
      dueOn: addCalendarDays(today, 3),
      note: '拆除飞线，安装集中充电桩',
      version: hazard.version,
    });
    expect(r.status, r.raw).toBe(200);
    expect(r.body).toMatchObject({ status: 'assigned', responsible: { kind: 'owner' } });
    hazard.version = r.body.version as number;
    const seen = (await volunteer('GET', `/api/hazards/${hazard.id}`)).body as unknown as {
      events: { kind: string }[];
    };
    expect(seen.events.map((e) => e.kind)).toEqual(['reported', 'photo_report', 'assigned']);
    const points = await t.db.query<{ source: string }>('SELECT source FROM volunteer_points WHERE source_id = $1', [
      hazard.id,
    ]);
    expect(points.rows.map((p) => p.source)).toEqual(['hazard_confirmed']);
  });

  it('reminds the grid officer and the reporter when the deadline passes, and again three days later', async () => {
    t.clock.advance(5 * DAY);
    await t.platform.jobs.runDue();
    let h = (await leader('GET', `/api/hazards/${hazard.id}`)).body as { overdue: boolean; reminders: number };
    expect(h).toMatchObject({ overdue: true, reminders: 1 });
    const overdue = (await leader('GET', '/api/hazards?overdue=true')).body as unknown as { items: { id: string }[] };
    expect(overdue.items.some((x) => x.id === hazard.id)).toBe(true);
    t.clock.advance(3 * DAY + 60_000);
    await t.platform.jobs.runDue();
    h = (await leader('GET', `/api/hazards/${hazard.id}`)).body as { overdue: boolean; reminders: number };
    expect(h.reminders).toBe(2);
    const notes = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM volunteer_notifications WHERE kind = 'hazard_overdue' AND ref_id = $1 AND person_id = $2`,
      [hazard.id, reporterId],
    );
    expect(notes.rows[0]?.n).toBe(2);
  });

  it('is sent back when the verification fails, and closed when it passes', async () => {
    // The reminders moved the version on.
    hazard.version = (await leader('GET', `/api/hazards/${hazard.id}`)).body.version as number;
    const rect = await leader('POST', `/api/hazards/${hazard.id}/rectification`, {
      note: '业主已拆除飞线',
      version: hazard.version,
    });
    expect(rect.status, rect.raw).toBe(200);
    let v = rect.body.version as number;
    const stale = await leader('POST', `/api/hazards/${hazard.id}/verify`, { result: 'pass', version: v - 1 });
    expect(stale.body.reason).toBe('stale');
    const noDue = await leader('POST', `/api/hazards/${hazard.id}/verify`, { result: 'fail', version: v });
    expect((noDue.body.fields as { code: string }[])[0]?.code).toBe('required');
    const fail = await leader('POST', `/api/hazards/${hazard.id}/verify`, {
      result: 'fail',
      note: '仍有一处飞线',
      dueOn: addCalendarDays(chinaDay(t.clock.now()), 2),
      version: v,
    });
    expect(fail.body).toMatchObject({ status: 'assigned', overdue: false });
    v = fail.body.version as number;
    v = (await leader('POST', `/api/hazards/${hazard.id}/rectification`, { note: '全部拆除', version: v })).body
      .version as number;
    const pass = await leader('POST', `/api/hazards/${hazard.id}/verify`, {
      result: 'pass',
      note: '复查合格',
      version: v,
    });
    expect(pass.status, pass.raw).toBe(200);
    expect(pass.body.status).toBe('closed');
    const seen = (await volunteer('GET', `/api/hazards/${hazard.id}`)).body as unknown as {
      status: string;
      events: { kind: string }[];
    };
    expect(seen.status).toBe('closed');
    expect(seen.events.map((e) => e.kind)).toContain('verification_failed');
    const points = await t.db.query<{ source: string }>(
      'SELECT source FROM volunteer_points WHERE source_id = $1 ORDER BY source',
      [hazard.id],
    );
    expect(points.rows.map((p) => p.source)).toEqual(['hazard_closed', 'hazard_confirmed']);
    const notes = await t.db.query<{ kind: string }>(
      'SELECT kind FROM volunteer_notifications WHERE ref_id = $1 AND person_id = $2 ORDER BY created_at',
      [hazard.id, reporterId],
    );
    expect(notes.rows.map((n) => n.kind)).toContain('hazard_closed');
  });

  it('dismisses a report that is no hazard; a dismissed report stays closed', async () => {
    const r = await volunteer('POST', '/api/hazards', {
      category: 'other',
      title: '疑似井盖缺失',
      lng: point[0],
      lat: point[1],
    });
    const id = r.body.id as string;
    const d = await leader('POST', `/api/hazards/${id}/dismiss`, { reason: '经核实井盖完好', version: r.body.version });
    expect(d.body.status).toBe('dismissed');
    const again = await leader('POST', `/api/hazards/${id}/assign`, {
      responsibleKind: 'department',
      responsibleName: '镇城建办',
      dueOn: addCalendarDays(chinaDay(t.clock.now()), 5),
      version: d.body.version,
    });
    expect(again.body.reason).toBe('invalid_transition');
  });

  it('lets grid officers handle only the hazards of their grids', async () => {
    const me = (await t.app.inject({ url: '/api/auth/me', headers: { cookie: officer.cookie } })).json<{
      gridIds: string[];
    }>();
    const list = (await officer('GET', '/api/hazards?pageSize=200')).body as unknown as {
      items: { gridId: string | null }[];
    };
    expect(list.items.length).toBeGreaterThan(0);
    for (const h of list.items) expect(me.gridIds).toContain(h.gridId);
    const elsewhere = await t.db.query<{ id: string }>(
      'SELECT id FROM hazards WHERE grid_id IS NOT NULL AND NOT (grid_id = ANY($1::uuid[])) LIMIT 1',
      [me.gridIds],
    );
    expect((await officer('GET', `/api/hazards/${elsewhere.rows[0]?.id}`)).status).toBe(404);
  });
});
