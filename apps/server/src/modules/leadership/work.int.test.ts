import type { AgendaView, EvaluationView, LeadershipTask } from '@fengqiao/contracts';
import { addDays, weekStart } from '@fengqiao/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineUnavailable, loginAs, startTestApp, type TestApp } from '../../../test/harness';

interface FieldErrors {
  fields: { code: string }[];
}
type Call = <T = FieldErrors>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH',
  url: string,
  body?: unknown,
) => Promise<{ status: number; body: T }>;

/** The weekly dispatch meeting, tasks with owners, and the monthly evaluation with adjustments, on the demo town. */
describe.skipIf(engineUnavailable)('leadership: weekly dispatch, tasks and the monthly evaluation', () => {
  let t: TestApp;
  let leader: Call;
  let officer: Call;
  let officerPersonId: string;
  let stationId: string;
  const call =
    (cookie: string): Call =>
    async <T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, body?: unknown) => {
      const res = await t.app.inject({
        method,
        url,
        headers: { cookie },
        ...(body === undefined ? {} : { payload: body as object }),
      });
      return { status: res.statusCode, body: (res.body ? res.json() : null) as T };
    };
  const today = () => new Date(t.clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

  beforeAll(async () => {
    t = await startTestApp();
    leader = call(await loginAs(t, 'station_leader'));
    const oc = await loginAs(t, 'community_officer');
    officer = call(oc);
    officerPersonId = (await officer<{ personId: string }>('GET', '/api/auth/me')).body.personId;
    stationId = (await t.db.query<{ id: string }>('SELECT id FROM stations LIMIT 1')).rows[0]?.id ?? '';
  }, 120_000);
  afterAll(async () => t?.close());

  it('generates the agenda from the records: its counts equal direct counts of open, overdue and red items', async () => {
    const res = await leader<AgendaView>('GET', '/api/leadership/agenda');
    expect(res.status).toBe(200);
    const a = res.body as AgendaView;
    expect(a.week).toBe(weekStart(today()));
    const total = (k: string) => a.sections.find((s) => s.key === k)?.total;
    const red = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM disputes WHERE station_id = $1 AND status = 'open' AND (risk = 'red' OR level = 3)`,
      [stationId],
    );
    expect(total('high_risk_disputes')).toBe(red.rows[0]?.n);
    const overdue = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM dispatch_orders WHERE station_id = $1
         AND status IN ('issued', 'acknowledged', 'en_route', 'on_scene') AND resolve_due_at < $2`,
      [stationId, t.clock.now()],
    );
    expect(total('orders_overdue')).toBe(overdue.rows[0]?.n);
    for (const s of a.sections) expect(s.items.length).toBe(Math.min(15, s.total));
    expect(a.sections.map((s) => s.key)).toEqual([
      'orders_overdue',
      'high_risk_disputes',
      'hazards_overdue',
      'shifts_understaffed',
      'early_warnings',
    ]);
  });

  it('records a decision as a task; the owner sees and completes it, and next week reviews it', async () => {
    const week = weekStart(today());
    const bad = await leader('POST', `/api/leadership/meetings/${addDays(week, 1)}/decisions`, {
      title: '走访红色风险纠纷当事人',
      ownerPersonId: officerPersonId,
      dueOn: addDays(today(), 3),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.fields[0]?.code).toBe('not_monday');
    const past = await leader('POST', `/api/leadership/meetings/${week}/decisions`, {
      title: '走访红色风险纠纷当事人',
      ownerPersonId: officerPersonId,
      dueOn: addDays(today(), -1),
    });
    expect(past.body.fields[0]?.code).toBe('in_past');
    const made = await leader<LeadershipTask & FieldErrors>('POST', `/api/leadership/meetings/${week}/decisions`, {
      title: '走访红色风险纠纷当事人',
      detail: '三日内逐户走访，稳控情绪',
      ownerPersonId: officerPersonId,
      dueOn: addDays(today(), 3),
      agendaRef: 'high_risk_disputes',
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const task = made.body as LeadershipTask;
    expect(task.meetingWeek).toBe(week);
    expect(task.status).toBe('open');

    const mine = await officer<{ items: LeadershipTask[] }>('GET', '/api/leadership/tasks?mine=true');
    expect((mine.body.items as LeadershipTask[]).map((x) => x.id)).toContain(task.id);
    // The owner may complete it but not cancel it; completing needs a word on what was done.
    expect(
      (await officer('PATCH', `/api/leadership/tasks/${task.id}`, { status: 'cancelled', version: task.version })).body
        .fields[0]?.code,
    ).toBe('owner_may_only_complete');
    expect(
      (await officer('PATCH', `/api/leadership/tasks/${task.id}`, { status: 'done', version: task.version })).status,
    ).toBe(400);
    const done = await officer<LeadershipTask>('PATCH', `/api/leadership/tasks/${task.id}`, {
      status: 'done',
      outcomeNote: '已走访三户，情绪稳定',
      version: task.version,
    });
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('done');
    // A stale version is refused.
    const stale = await leader('PATCH', `/api/leadership/tasks/${task.id}`, { status: 'open', version: task.version });
    expect(stale.status).toBe(409);

    // The meeting is held; the next week's agenda reviews its decisions.
    const held = await leader<AgendaView>('PUT', `/api/leadership/meetings/${week}`, {
      notes: '研判红色风险纠纷',
      held: true,
    });
    expect(held.status).toBe(200);
    expect((held.body as AgendaView).meeting?.heldAt).not.toBeNull();
    expect((held.body as AgendaView).decisions.map((d) => d.id)).toContain(task.id);
    const next = (await leader<AgendaView>('GET', `/api/leadership/agenda?week=${addDays(week, 7)}`)).body;
    expect(next.review.week).toBe(week);
    expect(next.review.decisions.find((d) => d.id === task.id)?.status).toBe('done');
  });

  it('scores officers from the records, adds an adjustment with its reason, and shows officers their own', async () => {
    const month = today().slice(0, 7);
    const ev = (await leader<EvaluationView>('GET', `/api/leadership/evaluations/${month}?kind=officer`)).body;
    expect(ev.rows.length).toBeGreaterThan(10);
    expect(ev.duties.map((d) => d.key)).toEqual([
      'know_people',
      'keep_order',
      'resolve_disputes',
      'serve_people',
      'mobilise',
    ]);
    const row = ev.rows.find((r) => r.subjectId === officerPersonId);
    if (!row) throw new Error('the grid officer has no scorecard');
    // Home visits on the scorecard equal the done visits the officer made this month.
    const hv = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM hall_home_visits WHERE officer_person_id = $1 AND status = 'done'
         AND done_at >= $2 AND done_at < $3`,
      [officerPersonId, new Date(Date.parse(`${month}-01T00:00:00+08:00`)), t.clock.now()],
    );
    expect(row.measures.home_visits?.value ?? 0).toBe(hv.rows[0]?.n);
    const noReason = await leader('POST', `/api/leadership/evaluations/${month}/adjustments`, {
      subjectKind: 'officer',
      subjectId: officerPersonId,
      delta: 2,
      reason: '',
    });
    expect(noReason.status).toBe(400);
    const adj = await leader<EvaluationView>('POST', `/api/leadership/evaluations/${month}/adjustments`, {
      subjectKind: 'officer',
      subjectId: officerPersonId,
      delta: 2.5,
      reason: '国庆安保连续执勤',
      annotation: '所务会议定',
    });
    expect(adj.status).toBe(201);
    const after = (adj.body as EvaluationView).rows.find((r) => r.subjectId === officerPersonId);
    expect(after?.adjustment).toBe(2.5);
    expect(after?.total).toBe(Math.min(100, Math.round(((row.base ?? 0) + 2.5) * 10) / 10));
    expect(after?.adjustments[0]?.reason).toBe('国庆安保连续执勤');

    const mine = await officer<{ row: { subjectId: string; total: number | null }; history: unknown[] }>(
      'GET',
      `/api/leadership/evaluations/${month}/mine`,
    );
    expect(mine.status).toBe(200);
    expect(mine.body.row.subjectId).toBe(officerPersonId);
    expect(mine.body.row.total).toBe(after?.total);
    expect(mine.body.history).toHaveLength(6);
    // Officers see their own, not everyone's.
    expect((await officer('GET', `/api/leadership/evaluations/${month}?kind=officer`)).status).toBe(403);
    expect((await leader('GET', '/api/leadership/evaluations/2099-01?kind=officer')).body.fields[0]?.code).toBe(
      'future_month',
    );

    const xlsx = await t.app.inject({
      method: 'GET',
      url: `/api/leadership/evaluations/${month}/export?kind=team&format=xlsx`,
      headers: { cookie: await loginAs(t, 'station_leader') },
    });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  }, 120_000);
});
