import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineUnavailable, loginAs, startTestApp, type TestApp } from '../../../test/harness';

/** Parses `name{a="x",b="y"} value` lines into a lookup by name and label subset. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | null {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const ok = Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`));
    if (ok) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return null;
}

describe.skipIf(engineUnavailable)('GET /metrics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it('counts requests per route template with latency, and reports job queue depth and timer lag', async () => {
    const cookie = await loginAs(t, 'command_operator');
    for (let i = 0; i < 3; i++) await t.app.inject({ url: '/api/incidents?pageSize=5', headers: { cookie } });
    await t.app.inject({ url: '/api/incidents/00000000-0000-4000-8000-000000000000', headers: { cookie } });
    // A timer overdue by a minute: the lag gauge must show it.
    await t.db.query(
      `INSERT INTO jobs (kind, payload, run_at, max_attempts) VALUES ('audit.seal', '{}', now() - interval '60 seconds', 1)`,
    );

    const res = await t.app.inject({ url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const text = res.body;
    expect(sample(text, 'fengqiao_http_requests_total', { route: '/api/incidents', status: '200' })).toBe(3);
    // Ids never become labels: the unknown incident is counted under its template.
    expect(sample(text, 'fengqiao_http_requests_total', { route: '/api/incidents/:id', status: '404' })).toBe(1);
    expect(
      sample(text, 'fengqiao_http_request_duration_seconds_count', { route: '/api/incidents', method: 'GET' }),
    ).toBe(3);
    expect(sample(text, 'fengqiao_jobs_pending', { kind: 'audit.seal', state: 'due' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'fengqiao_timer_lag_seconds', { kind: 'audit.seal' })).toBeGreaterThanOrEqual(59);
    expect(sample(text, 'fengqiao_live_connections')).toBe(0);
    expect(sample(text, 'fengqiao_process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(text).not.toContain('00000000-0000-4000-8000-000000000000');
  });
});
