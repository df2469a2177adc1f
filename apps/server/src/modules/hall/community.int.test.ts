import { addWorkingDays } from '@fengqiao/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineUnavailable, loginAs, startTestApp, type TestApp } from '../../../test/harness';
import { ManualClock } from '../../platform/clock';
import { at, citizenCookie, serviceId, testPhone, upcomingWorkingDay, workingDayAfter } from './hall.test-helper';

interface Enterprise {
  id: string;
  name: string;
  gridId: string | null;
}

describe.skipIf(engineUnavailable)('enterprise window, home visits and suggestions', () => {
  let t: TestApp;
  let clerk: string;
  let officers: { id: string; name: string }[];
  const day0 = upcomingWorkingDay();
  const clock = new ManualClock(at(day0, '10:00'));

  beforeAll(async () => {
    t = await startTestApp({ clock });
    clerk = await loginAs(t, 'hall_clerk');
    officers = (await t.app.inject({ url: '/api/hall/home-visits/officers', headers: { cookie: clerk } })).json();
  });
  afterAll(async () => t?.close());

  const post = (url: string, payload: unknown, cookie = clerk) =>
    t.app.inject({ method: 'POST', url, headers: { cookie }, payload: payload as Record<string, unknown> });

  it('tracks an enterprise case against its 3-working-day limit and counts visits and trainings', async () => {
    const enterprises: Enterprise[] = (
      await t.app.inject({ url: '/api/hall/enterprises', headers: { cookie: clerk } })
    ).json();
    expect(enterprises.length).toBeGreaterThan(100);
    const e = enterprises[0] as Enterprise;
    const created = await post('/api/hall/enterprise/cases', {
      enterpriseId: e.id,
      contactName: '周经理',
      contactPhone: '13912345678',
      persons: 12,
      note: '新入职员工集体户落户',
    });
    expect(created.statusCode, created.body).toBe(201);
    const c = created.json();
    expect(c).toMatchObject({
      limitDays: 3,
      dueDay: addWorkingDays(day0, 3),
      status: 'open',
      contactPhone: '139****5678',
    });
    expect(c.service.code).toBe('hukou.collective');
    const bad = await post('/api/hall/enterprise/cases', {
      enterpriseId: e.id,
      serviceId: await serviceId(t, 'id.renew'),
      contactName: 'x',
    });
    expect(bad.json().fields[0].code).toBe('service_not_enterprise');
    clock.set(at(workingDayAfter(day0, 2), '15:00'));
    clerk = await loginAs(t, 'hall_clerk');
    const closed = await post(`/api/hall/enterprise/cases/${c.id}/close`, { outcome: 'done', note: '已落户12人' });
    expect(closed.json()).toMatchObject({ status: 'done', onTime: true, workingDaysUsed: 2 });

    const visit = await post('/api/hall/enterprise/visits', {
      enterpriseId: e.id,
      visitedOn: day0,
      officerPersonIds: [officers[0]?.id],
      purpose: '警企恳谈，了解安保需求',
      issuesFound: '消防通道堆放货物',
      issueCount: 1,
      followUp: '一周后复查消防通道',
      followUpDue: workingDayAfter(day0, 5),
    });
    expect(visit.statusCode, visit.body).toBe(201);
    expect(visit.json()).toMatchObject({ followUpStatus: 'open', officers: [{ id: officers[0]?.id }] });
    const fu = await post(`/api/hall/enterprise/visits/${visit.json().id}/follow-up`, { note: '已清理' });
    expect(fu.json().followUpStatus).toBe('done');
    const future = await post('/api/hall/enterprise/visits', {
      enterpriseId: e.id,
      visitedOn: workingDayAfter(day0, 20),
      officerPersonIds: [officers[0]?.id],
      purpose: 'x',
    });
    expect(future.json().fields[0].code).toBe('in_future');
    const training = await post('/api/hall/enterprise/trainings', {
      heldOn: day0,
      topic: '企业内部安全防范培训',
      attendees: 86,
      enterpriseIds: [e.id, (enterprises[1] as Enterprise).id],
    });
    expect(training.statusCode, training.body).toBe(201);
    const summary = (
      await t.app.inject({ url: `/api/hall/enterprise/summary?from=${day0}&to=${day0}`, headers: { cookie: clerk } })
    ).json();
    expect(summary).toMatchObject({
      visits: 1,
      issuesFound: 1,
      followUpsDone: 1,
      trainings: 1,
      attendees: 86,
      enterprisesTrained: 2,
    });
    expect(summary.cases).toMatchObject({ total: 1, done: 1, doneOnTime: 1, onTimeRate: 1 });
  });

  it('limits a community officer to the enterprises of their grids', async () => {
    const officer = await loginAs(t, 'community_officer');
    const me = (await t.app.inject({ url: '/api/auth/me', headers: { cookie: officer } })).json();
    const mine: Enterprise[] = (
      await t.app.inject({ url: '/api/hall/enterprises', headers: { cookie: officer } })
    ).json();
    for (const e of mine) expect(me.gridIds).toContain(e.gridId);
    const all: Enterprise[] = (await t.app.inject({ url: '/api/hall/enterprises', headers: { cookie: clerk } })).json();
    const outside = all.find((e) => !me.gridIds.includes(e.gridId)) as Enterprise;
    const refused = await post(
      '/api/hall/enterprise/cases',
      { enterpriseId: outside.id, contactName: '某人' },
      officer,
    );
    expect(refused.json().fields[0].code).toBe('enterprise_outside_grids');
  });

  it('takes a home-visit request, schedules it to an officer, routes the day and records it done', async () => {
    clock.set(at(day0, '10:00'));
    clerk = await loginAs(t, 'hall_clerk');
    const idRenew = await serviceId(t, 'id.renew');
    const citizen = await citizenCookie(t, testPhone(800), '吴九');
    const req = await t.app.inject({
      method: 'POST',
      url: '/api/citizen/home-visits',
      headers: { cookie: citizen },
      payload: {
        serviceId: idRenew,
        personName: '吴老太',
        reason: 'elderly',
        reasonNote: '92岁，卧床',
        address: '清溪镇某村3组',
        location: { lng: 116.62, lat: 39.05 },
        preferredDay: workingDayAfter(day0, 1),
      },
    });
    expect(req.statusCode, req.body).toBe(201);
    expect(req.json()).toMatchObject({ status: 'requested', phone: '199****0800', source: 'online' });
    const notHome = await t.app.inject({
      method: 'POST',
      url: '/api/citizen/home-visits',
      headers: { cookie: citizen },
      payload: { serviceId: await serviceId(t, 'hukou.certificate'), personName: 'x', reason: 'other', address: 'y' },
    });
    expect(notHome.json().fields[0].code).toBe('service_not_home_visit');
    const byPhone = await post('/api/hall/home-visits', {
      serviceId: idRenew,
      personName: '郑师傅',
      reason: 'disabled',
      phone: '13712345678',
      address: '清溪镇另一村',
      location: { lng: 116.7, lat: 39.1 },
    });
    expect(byPhone.statusCode, byPhone.body).toBe(201);
    const near = await post('/api/hall/home-visits', {
      serviceId: idRenew,
      personName: '王奶奶',
      reason: 'ill',
      phone: '13712345679',
      address: '无坐标地址',
    });
    const officer = officers[0]?.id;
    const day = workingDayAfter(day0, 1);
    for (const v of [req.json(), byPhone.json(), near.json()]) {
      const s = await post(`/api/hall/home-visits/${v.id}/schedule`, { officerPersonId: officer, day });
      expect(s.statusCode, s.body).toBe(200);
    }
    const route = (
      await t.app.inject({
        url: `/api/hall/home-visits/route?officerPersonId=${officer}&day=${day}`,
        headers: { cookie: clerk },
      })
    ).json();
    expect(route.stops).toHaveLength(2);
    expect(route.unlocated).toHaveLength(1);
    const [s1, s2] = route.stops;
    expect(s1.order).toBe(1);
    // Nearest first from the station.
    const dist = (p: [number, number]) => Math.hypot(p[0] - route.start.location[0], p[1] - route.start.location[1]);
    expect(dist(s1.visit.location)).toBeLessThanOrEqual(dist(s2.visit.location));
    expect(route.totalMeters).toBe(s1.legMeters + s2.legMeters);
    const done = await post(`/api/hall/home-visits/${req.json().id}/done`, { note: '已采集人像和指纹' });
    expect(done.json().status).toBe('done');
    const mine = (await t.app.inject({ url: '/api/citizen/home-visits', headers: { cookie: citizen } })).json();
    expect(mine[0]).toMatchObject({ status: 'done', officer: { id: officer } });
  });

  it('answers suggestions, tracks accepted ones to done, and publishes the counts', async () => {
    const before = (await t.app.inject({ url: '/api/hall/public/suggestions/summary' })).json();
    const event = await post('/api/hall/suggestion-events', {
      kind: 'meeting',
      title: '第四季度警民恳谈会',
      heldOn: day0,
      location: '派出所会议室',
      attendees: 40,
    });
    expect(event.statusCode, event.body).toBe(201);
    const s1 = (
      await post('/api/hall/suggestions', {
        eventId: event.json().id,
        channel: 'meeting',
        submitterName: '村民代表',
        category: 'security',
        content: '村口路灯不亮，夜间不安全',
      })
    ).json();
    const s2 = (
      await post('/api/hall/suggestions', {
        eventId: event.json().id,
        channel: 'meeting',
        category: 'other',
        content: '希望增加停车位',
      })
    ).json();
    const citizen = await citizenCookie(t, testPhone(801));
    const online = await t.app.inject({
      method: 'POST',
      url: '/api/citizen/suggestions',
      headers: { cookie: citizen },
      payload: { category: 'service', content: '希望周六也能办理身份证' },
    });
    expect(online.json()).toMatchObject({ channel: 'online', status: 'received' });
    const needsAction = await post(`/api/hall/suggestions/${s1.id}/answer`, { answer: '采纳', accepted: true });
    expect(needsAction.json().fields[0]).toMatchObject({ path: 'body.action' });
    expect(
      (
        await post(`/api/hall/suggestions/${s1.id}/answer`, {
          answer: '已采纳，联系镇政府维修',
          accepted: true,
          action: '协调镇政府更换路灯',
        })
      ).json().status,
    ).toBe('accepted');
    expect(
      (
        await post(`/api/hall/suggestions/${s2.id}/answer`, { answer: '场地有限，暂不具备条件', accepted: false })
      ).json().status,
    ).toBe('declined');
    expect(
      (await post(`/api/hall/suggestions/${s1.id}/progress`, { progress: 50, note: '已报修' })).json().status,
    ).toBe('in_progress');
    expect(
      (await post(`/api/hall/suggestions/${s1.id}/progress`, { progress: 20, note: '回退' })).json().fields[0].code,
    ).toBe('progress_backwards');
    const done = (await post(`/api/hall/suggestions/${s1.id}/progress`, { progress: 100, note: '路灯已更换' })).json();
    expect(done).toMatchObject({ status: 'done', progress: 100 });
    expect(done.progressLog).toHaveLength(2);
    const after = (await t.app.inject({ url: '/api/hall/public/suggestions/summary' })).json();
    expect(after.collected - before.collected).toBe(3);
    expect(after.actedOn - before.actedOn).toBe(1);
    expect(after.declined - before.declined).toBe(1);
    const events = (await t.app.inject({ url: '/api/hall/suggestion-events', headers: { cookie: clerk } })).json();
    expect(events.find((e: { id: string }) => e.id === event.json().id)).toMatchObject({ suggestions: 2, actedOn: 1 });
  });
});
