import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { engineUnavailable, loginAs, startTestApp, type TestApp } from '../../../test/harness';

/** A socket subscribed to `topics` that collects the topics and payloads it is sent. */
async function listen(url: string, cookie: string, topics: string[]) {
  const got: { topic: string; payload: { id: string } }[] = [];
  const ws = new WebSocket(url, { headers: { cookie } });
  await new Promise<void>((resolve, reject) => {
    ws.once('error', reject);
    ws.on('message', (raw) => {
      const m = JSON.parse(String(raw));
      if (m.type === 'subscribed') resolve();
      if (m.type === 'event') got.push({ topic: m.topic, payload: m.payload });
    });
    ws.once('open', () => ws.send(JSON.stringify({ type: 'subscribe', topics })));
  });
  return { got, ids: () => got.map((e) => e.payload.id), close: () => ws.close() };
}

describe.skipIf(engineUnavailable)('live delivery: personal events reach only their people', () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await startTestApp();
    base = (await t.app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws');
  });
  afterAll(async () => t?.close());

  it('sends a mediation notification to its addressee only, while station and grid events still reach the station', async () => {
    const operator = await loginAs(t, 'command_operator');
    const leader = await loginAs(t, 'station_leader');
    const officer = await loginAs(t, 'community_officer');
    const patrol = await loginAs(t, 'patrol_officer');
    const me = (cookie: string) => t.app.inject({ url: '/api/auth/me', headers: { cookie } }).then((r) => r.json());
    const [op, off, pat] = await Promise.all([me(operator), me(officer), me(patrol)]);
    const stationId: string = op.stationId;
    const topics = ['mediation.notification', 'volunteers.notification', 'disputes.changed'];
    const sockets = {
      operator: await listen(`${base}/api/live`, operator, topics),
      leader: await listen(`${base}/api/live`, leader, topics),
      officer: await listen(`${base}/api/live`, officer, topics),
      patrol: await listen(`${base}/api/live`, patrol, topics),
    };
    const at = new Date().toISOString();
    const publish = (topic: string, id: string, scope: Record<string, unknown>) =>
      t.platform.bus.publish({ topic, payload: { id }, scope: { stationId, ...scope }, at });

    // Exactly the scope the mediation module gives a notification: the person, and "no grid".
    await publish('mediation.notification', 'n-officer', { gridIds: [], personIds: [off.personId] });
    await publish('volunteers.notification', 'v-patrol', { personIds: [pat.personId] });
    // Any topic can be made personal explicitly.
    await publish('disputes.changed', 'explicit', { gridIds: [], personIds: [off.personId], personal: true });
    // A change without a grid still reaches station-wide staff and the people it names.
    await publish('disputes.changed', 'no-grid', { gridIds: [], personIds: [pat.personId] });
    // A grid's change reaches station-wide staff and that grid's officer.
    await publish('disputes.changed', 'in-grid', { gridIds: [off.gridIds[0]], personIds: [] });

    await expect.poll(() => sockets.officer.ids().length, { timeout: 3000 }).toBe(3);
    await expect.poll(() => sockets.operator.ids().length, { timeout: 3000 }).toBe(2);
    // Give a wrongly delivered push every chance to arrive before asserting it did not.
    await new Promise((r) => setTimeout(r, 300));
    expect(sockets.officer.ids().sort()).toEqual(['explicit', 'in-grid', 'n-officer']);
    // Patrol officers are station-wide: grid and ungridded changes reach them, others' notifications do not.
    expect(sockets.patrol.ids().sort()).toEqual(['in-grid', 'no-grid', 'v-patrol']);
    expect(sockets.operator.ids().sort()).toEqual(['in-grid', 'no-grid']);
    expect(sockets.leader.ids().sort()).toEqual(['in-grid', 'no-grid']);
    for (const s of Object.values(sockets)) s.close();
  });
});
