import { addCalendarDays, chinaDay, expandRota, isoWeekday, makeIdNumber } from '@fengqiao/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineUnavailable, loginAs, startTestApp, type TestApp } from '../../../test/harness';
import { type Call, caller, cast, iso, teamRoute } from './volunteers.test-helper';

const DAY = 86_400_000;

describe.skipIf(engineUnavailable)('volunteer roster, teams, training, recognition', () => {
  let t: TestApp;
  let leader: Call;
  let officer: Call & { cookie: string };
  let volunteer: Call;
  let g01: string;
  let patrolTeam: string;
  let applicant: string;
  let version: number;
  const idNumber = makeIdNumber('131081', '1990-03-12', 777);

  beforeAll(async () => {
    t = await startTestApp();
    const c = await cast(t);
    leader = c.leader;
    volunteer = c.volunteer;
    patrolTeam = c.team.id;
    officer = caller(t, await loginAs(t, 'community_officer'));
    const g = await t.db.query<{ id: string }>('SELECT grid_id AS id FROM volunteer_teams WHERE id = $1', [patrolTeam]);
    g01 = g.rows[0]?.id ?? '';
  });
  afterAll(async () => t?.close());

  it('registers an application with sealed identifiers, one per ID number', async () => {
    const r = await leader('POST', '/api/volunteers', {
      name: '韩志刚',
      gender: 'M',
      idNumber,
      phone: '13912345678',
      gridId: g01,
      skills: ['巡逻', '急救'],
      availability: [{ weekday: 6, from: '08:00', to: '12:00' }],
      partyMember: true,
      partyBranch: '清溪义警队党支部',
    });
    expect(r.status, r.raw).toBe(201);
    applicant = r.body.personId as string;
    expect(r.body).toMatchObject({
      status: 'applied',
      phone: '139****5678',
      approvalBlockers: ['identity', 'record_check'],
    });
    expect(r.raw).not.toContain(idNumber);
    expect(r.raw).not.toContain('13912345678');
    version = r.body.version as number;
    const dup = await leader('POST', '/api/volunteers', {
      name: '韩志刚',
      idNumber,
      phone: '13912345679',
      gridId: g01,
    });
    expect(dup.status).toBe(409);
    expect(dup.body.reason).toBe('already_registered');
    const bad = await leader('POST', '/api/volunteers', {
      name: '某人',
      idNumber: '123',
      phone: '13912345679',
      gridId: g01,
    });
    expect(bad.status).toBe(400);
    expect((bad.body.fields as { path: string }[])[0]?.path).toBe('body.idNumber');
  });

  it('approves only after a passed identity and record check', async () => {
    const early = await leader('POST', `/api/volunteers/${applicant}/status`, {
      to: 'approved',
      reason: '提前审批',
      version,
    });
    expect(early.status).toBe(400);
    expect((early.body.fields as { code: string }[])[0]?.code).toBe('vetting_incomplete');
    let r = await leader('POST', `/api/volunteers/${applicant}/vetting`, { check: 'identity', result: 'pass' });
    expect(r.body.status).toBe('vetting');
    r = await leader('POST', `/api/volunteers/${applicant}/vetting`, {
      check: 'record_check',
      result: 'fail',
      note: '待复核',
    });
    r = await leader('POST', `/api/volunteers/${applicant}/vetting`, {
      check: 'record_check',
      result: 'pass',
      note: '复核无记录',
    });
    expect(r.body.approvalBlockers).toEqual([]);
    version = r.body.version as number;
    const stale = await leader('POST', `/api/volunteers/${applicant}/status`, {
      to: 'approved',
      reason: '审核通过',
      version: version - 1,
    });
    expect(stale.body.reason).toBe('stale');
    const ok = await leader('POST', `/api/volunteers/${applicant}/status`, {
      to: 'approved',
      reason: '审核通过',
      version,
    });
    expect(ok.status, ok.raw).toBe(200);
    expect(ok.body.status).toBe('approved');
    expect((ok.body.history as { to: string }[]).map((h) => h.to)).toEqual(['applied', 'vetting', 'approved']);
  });

  it('puts the volunteer in a team (several teams allowed) and keeps a merchant group at ten households', async () => {
    const r = await leader('POST', `/api/volunteers/teams/${patrolTeam}/members`, { personId: applicant });
    expect(r.status, r.raw).toBe(200);
    expect((r.body.members as { id: string }[]).some((m) => m.id === applicant)).toBe(true);
    const groups = (await leader('GET', '/api/volunteers/teams?kind=merchant_group')).body as unknown as {
      id: string;
      memberCount: number;
    }[];
    const group = groups[0];
    expect(group).toBeDefined();
    const shops = Array.from({ length: 11 }, (_, i) => ({ name: `店${i}`, ownerName: `户主${i}` }));
    expect((await leader('PUT', `/api/volunteers/teams/${group?.id}/shops`, { shops })).status).toBe(400);
    const ten = await leader('PUT', `/api/volunteers/teams/${group?.id}/shops`, { shops: shops.slice(0, 10) });
    expect(ten.status, ten.raw).toBe(200);
    expect((ten.body.shops as unknown[]).length).toBe(10);
    const notes = await t.db.query<{ kind: string }>('SELECT kind FROM volunteer_notifications WHERE person_id = $1', [
      applicant,
    ]);
    expect(notes.rows.map((n) => n.kind)).toContain('team_joined');
  });

  it('issues a certificate to attendees who passed, with attendance and certificate points', async () => {
    const course = await leader('POST', '/api/volunteers/courses', {
      code: 'CPR-02',
      topic: 'first_aid',
      name: '心肺复苏与AED',
      hours: 3,
      certificateMonths: 12,
    });
    expect(course.status, course.raw).toBe(201);
    expect((await leader('POST', '/api/volunteers/courses', { ...course.body, certificateMonths: 12 })).status).toBe(
      409,
    );
    const now = t.clock.now().getTime();
    const session = await leader('POST', '/api/volunteers/trainings', {
      courseId: course.body.id,
      startsAt: iso(now - 3 * 3_600_000),
      endsAt: iso(now - 3_600_000),
      place: '派出所会议室',
      trainer: '镇卫生院王医生',
      capacity: 30,
    });
    expect(session.status, session.raw).toBe(201);
    const att = await leader('PUT', `/api/volunteers/trainings/${session.body.id}/attendance`, {
      records: [{ personId: applicant, attended: true, passed: true }],
    });
    expect(att.status, att.raw).toBe(200);
    expect(att.body).toMatchObject({ status: 'held', attended: 1, passed: 1 });
    // Recording again changes nothing twice: one certificate, one award each.
    await leader('PUT', `/api/volunteers/trainings/${session.body.id}/attendance`, {
      records: [{ personId: applicant, attended: true, passed: true }],
    });
    const detail = (await leader('GET', `/api/volunteers/${applicant}`)).body as unknown as {
      certificates: { courseCode: string; valid: boolean; expiresOn: string }[];
    };
    expect(detail.certificates).toHaveLength(1);
    expect(detail.certificates[0]).toMatchObject({ courseCode: 'CPR-02', valid: true });
    const ledger = (await leader('GET', `/api/volunteers/${applicant}/points`)).body as unknown as {
      total: number;
      entries: { source: string; sourceLabel: string }[];
    };
    expect(ledger.entries.map((e) => e.source).sort()).toEqual(['certificate_earned', 'training_attended']);
    expect(ledger.total).toBe(15);
    expect(ledger.entries.find((e) => e.source === 'training_attended')?.sourceLabel).toContain('心肺复苏与AED');
    // The expiry reminder is set a month before the end.
    const timer = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM jobs WHERE kind = 'volunteers.certificate_expiry' AND status = 'pending'
          AND payload->>'certificateId' = (SELECT id::text FROM volunteer_certificates WHERE person_id = $1)`,
      [applicant],
    );
    expect(timer.rows[0]?.n).toBe(1);
  });

  it('applies changed point rules to later awards and refuses inconsistent ones', async () => {
    const bad = await leader('PUT', '/api/volunteers/points/rules', {
      rules: [
        { source: 'hazard_closed', points: 10, per: 'hour', dailyCap: null, active: true },
        { source: 'hazard_closed', points: 10, per: 'item', dailyCap: null, active: true },
      ],
    });
    expect(bad.status).toBe(400);
    expect((bad.body.fields as { path: string; code: string }[]).map((f) => f.code)).toEqual([
      'must_be_item',
      'duplicate_source',
    ]);
    const ok = await leader('PUT', '/api/volunteers/points/rules', {
      rules: [{ source: 'training_attended', points: 8, per: 'item', dailyCap: null, active: true }],
    });
    expect(ok.status, ok.raw).toBe(200);
    expect(
      (ok.body as unknown as { source: string; points: number }[]).find((r) => r.source === 'training_attended')
        ?.points,
    ).toBe(8);
  });

  it('ranks a team by points over a period, every point traceable', async () => {
    const board = (await leader('GET', `/api/volunteers/points/leaderboard?teamId=${patrolTeam}`)).body as unknown as {
      rows: { rank: number; points: number; personId: string }[];
    };
    expect(board.rows.length).toBeGreaterThan(3);
    for (let i = 1; i < board.rows.length; i++)
      expect(board.rows[i - 1]?.points ?? 0).toBeGreaterThanOrEqual(board.rows[i]?.points ?? 0);
    const sums = await t.db.query<{ traced: number; all: number }>(
      `SELECT count(*) FILTER (WHERE (source = 'duty_hours' AND EXISTS (SELECT 1 FROM patrol_duties d WHERE d.id = source_id))
                               OR (source IN ('hazard_confirmed', 'hazard_closed') AND EXISTS (SELECT 1 FROM hazards h WHERE h.id = source_id))
                               OR (source = 'training_attended' AND EXISTS (SELECT 1 FROM training_sessions s WHERE s.id = source_id))
                               OR (source = 'certificate_earned' AND EXISTS (SELECT 1 FROM volunteer_certificates c WHERE c.id = source_id)))::int AS traced,
              count(*)::int AS all FROM volunteer_points`,
    );
    expect(sums.rows[0]?.traced).toBe(sums.rows[0]?.all);
  });

  it('limits grid officers to their grids and audits roster reads', async () => {
    const me = (await t.app.inject({ url: '/api/auth/me', headers: { cookie: officer.cookie } })).json<{
      gridIds: string[];
    }>();
    const list = (await officer('GET', '/api/volunteers?pageSize=200')).body as unknown as {
      items: { personId: string; gridIds: string[]; teams: { id: string }[] }[];
      total: number;
    };
    expect(list.total).toBeGreaterThan(0);
    const all = (await leader('GET', '/api/volunteers?pageSize=1')).body as unknown as { total: number };
    expect(list.total).toBeLessThan(all.total);
    const outside = await t.db.query<{ person_id: string }>(
      `SELECT v.person_id FROM volunteer_profiles v WHERE NOT EXISTS (
         SELECT 1 FROM person_grids pg WHERE pg.person_id = v.person_id AND pg.grid_id = ANY($1::uuid[]))
       AND NOT EXISTS (SELECT 1 FROM volunteer_team_members m JOIN volunteer_teams x ON x.id = m.team_id
         WHERE m.person_id = v.person_id AND x.grid_id = ANY($1::uuid[])) LIMIT 1`,
      [me.gridIds],
    );
    expect((await officer('GET', `/api/volunteers/${outside.rows[0]?.person_id}`)).status).toBe(404);
    const audit = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'volunteer.list'`,
    );
    expect(audit.rows[0]?.n).toBeGreaterThan(0);
  });

  it('generates a rota on working days only, once however often it is sent', async () => {
    const route = await teamRoute(leader, patrolTeam);
    let from = addCalendarDays(chinaDay(t.clock.now()), 8);
    while (isoWeekday(from) !== 1) from = addCalendarDays(from, 1);
    const to = addCalendarDays(from, 13);
    const windows = [
      { from: '07:20', to: '08:00' },
      { from: '21:00', to: '01:00' },
    ];
    const expected = expandRota(from, to, windows, { kind: 'working_days' });
    expect(expected.length).toBeLessThanOrEqual(20);
    const body = {
      teamId: patrolTeam,
      routeId: route.id,
      from,
      to,
      windows,
      days: { kind: 'working_days' },
      capacity: 2,
    };
    const r = await leader('POST', '/api/patrols/shifts/rota', body);
    expect(r.status, r.raw).toBe(200);
    expect(r.body).toMatchObject({ created: expected.length, existing: 0 });
    const again = await leader('POST', '/api/patrols/shifts/rota', body);
    expect(again.body).toMatchObject({ created: 0, existing: expected.length });
    const first = expected.find((x) => x.day === from && x.endsAt.getTime() - x.startsAt.getTime() === 4 * 3_600_000);
    const listed = (await leader('GET', `/api/patrols/shifts?teamId=${patrolTeam}&from=${from}&to=${from}`))
      .body as unknown as {
      startsAt: string;
      endsAt: string;
    }[];
    if (first) expect(listed.map((x) => x.endsAt)).toContain(first.endsAt.toISOString());
    const long = await leader('POST', '/api/patrols/shifts/rota', { ...body, to: addCalendarDays(from, 120) });
    expect((long.body.fields as { code: string }[])[0]?.code).toBe('range_too_long');
  });

  it('suspends a volunteer: future claims are released and new ones refused; exit ends memberships', async () => {
    const me = (await volunteer('GET', '/api/me/volunteer')).body as { personId: string };
    const route = await teamRoute(leader, patrolTeam);
    const start = t.clock.now().getTime() + 20 * DAY;
    const shift = await leader('POST', '/api/patrols/shifts', {
      teamId: patrolTeam,
      routeId: route.id,
      startsAt: iso(start),
      endsAt: iso(start + 3_600_000),
      capacity: 3,
    });
    const claim = await volunteer('POST', `/api/me/volunteer/shifts/${shift.body.id}/claim`, {});
    expect(claim.status, claim.raw).toBe(201);
    const detail = (await leader('GET', `/api/volunteers/${me.personId}`)).body as { version: number };
    const s = await leader('POST', `/api/volunteers/${me.personId}/status`, {
      to: 'suspended',
      reason: '外出务工三个月',
      version: detail.version,
    });
    expect(s.status, s.raw).toBe(200);
    const duty = await t.db.query<{ status: string }>('SELECT status FROM patrol_duties WHERE id = $1', [
      claim.body.id,
    ]);
    expect(duty.rows[0]?.status).toBe('released');
    const again = await volunteer('POST', `/api/me/volunteer/shifts/${shift.body.id}/claim`, {});
    expect(again.status).toBe(409);
    expect(again.body.reason).toBe('volunteer_not_active');
    const back = await leader('POST', `/api/volunteers/${me.personId}/status`, {
      to: 'approved',
      reason: '返回本镇',
      version: s.body.version,
    });
    expect(back.status, back.raw).toBe(200);
    const exit = await leader('POST', `/api/volunteers/${applicant}/status`, {
      to: 'exited',
      reason: '搬离本镇',
      version: (await leader('GET', `/api/volunteers/${applicant}`)).body.version,
    });
    expect(exit.body.teams).toEqual([]);
  });
});
