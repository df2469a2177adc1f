import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineUnavailable, loginAs, startTestApp, type TestApp } from '../../../test/harness';

/** The demo town's year of the hall, read back through the API: the article's indicators, computed. */
describe.skipIf(engineUnavailable)('service hall demo year through the statistics API', () => {
  let t: TestApp;
  let clerk: string;
  beforeAll(async () => {
    t = await startTestApp();
    clerk = await loginAs(t, 'hall_clerk');
  });
  afterAll(async () => t?.close());

  const get = async (url: string, cookie: string | null = clerk) => {
    const r = await t.app.inject({ url, headers: cookie ? { cookie } : {} });
    expect(r.statusCode, r.body).toBe(200);
    return r.json();
  };

  it('compares the baseline quarter with the recent one: waiting down about 70%, handling about 7 minutes', async () => {
    const started = performance.now();
    const c = await get('/api/hall/stats/compare');
    expect(performance.now() - started).toBeLessThan(5000);
    expect(c.baseline.visits).toBeGreaterThan(2000);
    expect(c.recent.visits).toBeGreaterThan(2000);
    expect(c.change.waitAvgPct).toBeLessThan(-60);
    expect(c.change.waitAvgPct).toBeGreaterThan(-80);
    expect(c.recent.handle.avgMinutes).toBeGreaterThan(6);
    expect(c.recent.handle.avgMinutes).toBeLessThan(8);
    expect(c.baseline.handle.avgMinutes).toBeGreaterThan(12);
    expect(c.recent.wait.p90Minutes).toBeGreaterThan(c.recent.wait.p50Minutes);
  });

  it('breaks the last 30 days down by service, window and hour', async () => {
    const s = await get('/api/hall/stats');
    expect(s.visits).toBeGreaterThan(500);
    expect(s.byService.length).toBeGreaterThan(10);
    expect(s.byWindow.some((w: { handle: { n: number } }) => w.handle.n > 0)).toBe(true);
    expect(s.byHour.map((h: { hour: number }) => h.hour)).toEqual(expect.arrayContaining([9, 10, 14, 15]));
    expect(s.appointmentShare).toBeGreaterThan(0.2);
    expect(s.applications.decided).toBeGreaterThan(20);
    expect(s.applications.onTimeRate).toBeGreaterThan(0.85);
    const daily = await get('/api/hall/stats/daily');
    expect(daily.length).toBeGreaterThan(50);
  });

  it('counts enterprise work, home visits and suggestions near the article’s figures', async () => {
    const e = await get('/api/hall/enterprise/summary');
    expect(e.visits).toBeGreaterThanOrEqual(300);
    expect(e.attendees).toBeGreaterThan(5500);
    expect(e.cases.onTimeRate).toBeGreaterThan(0.85);
    const s = await get('/api/hall/public/suggestions/summary', null);
    expect(s.collected).toBeGreaterThanOrEqual(150);
    expect(s.actedOn).toBeGreaterThan(120);
    expect(s.actedOn).toBeLessThan(140);
    expect(s.events).toBe(15);
    const hv = await get('/api/hall/home-visits?status=done&pageSize=1');
    expect(hv.total).toBeGreaterThan(200);
    const apps = await get('/api/hall/applications?pageSize=1');
    expect(apps.total).toBeGreaterThan(400);
    const display = await get('/api/hall/display', null);
    expect(display.windows).toHaveLength(7);
  });
});
