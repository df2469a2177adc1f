import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { engineUnavailable, loginAs, startTestApp, type TestApp } from '../../../test/harness';
import type { LiveEvent } from '../../platform/realtime/event-bus';
import { type Call, caller, cast, uuid } from './volunteers.test-helper';

describe.skipIf(engineUnavailable)('merchant alarms and indicators', () => {
  let t: TestApp;
  let volunteer: Call;
  let leader: Call;
  let operator: Call;
  let officer: Call;
  let group: { id: string; name: string };
  const events: LiveEvent[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    const c = await cast(t);
    volunteer = c.volunteer;
    leader = c.leader;
    operator = caller(t, await loginAs(t, 'command_operator'));
    officer = caller(t, await loginAs(t, 'community_officer'));
    const g = c.me.teams.find((x) => x.kind === 'merchant_group');
    if (!g) throw new Error('the demo volunteer is in no merchant group');
    group = g;
    t.platform.bus.subscribe((e) => events.push(e));
  });
  afterAll(async () => t?.close());

  it('one tap: the group is notified live and the command room gets an urgent incident, once however often it is sent', async () => {
    const clientId = uuid();
    const body = { clientId, teamId: group.id, note: '有人撬卷帘门' };
    const r = await volunteer('POST', '/api/me/volunteer/alarms', body);
    expect(r.status, r.raw).toBe(201);
    expect(r.body.incidentId).toBeTruthy();
    expect(r.body.incidentNumber).toMatch(/^JQ/);
    expect(r.body.notified).toBeGreaterThan(0);
    const incident = await operator('GET', `/api/incidents/${r.body.incidentId}`);
    expect(incident.status, incident.raw).toBe(200);
    expect(incident.body).toMatchObject({ source: 'volunteer', priority: 'urgent' });
    expect(incident.body.summary).toContain(group.name);
    const live = events.filter((e) => e.topic === 'volunteers.alarm');
    expect(live.length).toBeGreaterThan(0);
    expect((live[0]?.payload as { teamId: string } | undefined)?.teamId).toBe(group.id);
    const members = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM volunteer_notifications WHERE kind = 'group_alarm' AND ref_id = $1`,
      [r.body.id],
    );
    expect(members.rows[0]?.n).toBe(r.body.notified);
    // The queue sends the tap again: the same alarm and the same incident.
    const replay = await volunteer('POST', '/api/me/volunteer/alarms', body);
    expect(replay.status).toBe(200);
    expect(replay.body.id).toBe(r.body.id);
    expect(replay.body.incidentId).toBe(r.body.incidentId);
    const n = await t.db.query<{ alarms: number; incidents: number }>(
      `SELECT (SELECT count(*)::int FROM group_alarms WHERE client_id = $1) AS alarms,
              (SELECT count(*)::int FROM incidents WHERE source_ref = 'group_alarm:' || $2) AS incidents`,
      [clientId, r.body.id],
    );
    expect(n.rows[0]).toEqual({ alarms: 1, incidents: 1 });
    const list = (await leader('GET', '/api/volunteers/alarms')).body as unknown as {
      id: string;
      incidentNumber: string;
    }[];
    expect(list.find((a) => a.id === r.body.id)?.incidentNumber).toBe(r.body.incidentNumber);
  });

  it('notifies the group even when the command room cannot take the incident, and the replay creates it then', async () => {
    const spy = vi.spyOn(t.modules.incidents.intake, 'create').mockRejectedValueOnce(new Error('intake down'));
    const body = { clientId: uuid(), teamId: group.id, note: '可疑人员' };
    const first = await volunteer('POST', '/api/me/volunteer/alarms', body);
    expect(first.status, first.raw).toBe(201);
    expect(first.body.incidentId).toBeNull();
    expect(first.body.notified).toBeGreaterThan(0);
    spy.mockRestore();
    const replay = await volunteer('POST', '/api/me/volunteer/alarms', body);
    expect(replay.status).toBe(200);
    expect(replay.body.id).toBe(first.body.id);
    expect(replay.body.incidentId).toBeTruthy();
    const notes = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM volunteer_notifications WHERE kind = 'group_alarm' AND ref_id = $1`,
      [first.body.id],
    );
    expect(notes.rows[0]?.n).toBe(first.body.notified);
  });

  it('refuses an alarm for a group the volunteer is not in', async () => {
    const other = await t.db.query<{ id: string }>(
      `SELECT x.id FROM volunteer_teams x WHERE x.kind = 'merchant_group' AND x.id <> $1 AND NOT EXISTS (
         SELECT 1 FROM volunteer_team_members m JOIN app_users u ON u.person_id = m.person_id
          WHERE m.team_id = x.id AND u.username = 'volunteer') LIMIT 1`,
      [group.id],
    );
    const r = await volunteer('POST', '/api/me/volunteer/alarms', { clientId: uuid(), teamId: other.rows[0]?.id });
    expect(r.status).toBe(404);
  });

  it('computes the year’s indicators from the records: 8 h+ a day on patrol, ~190 hazards, 120,000 served, theft down', async () => {
    const r = await leader('GET', '/api/volunteers/indicators');
    expect(r.status, r.raw).toBe(200);
    const i = r.body as unknown as {
      days: number;
      patrol: {
        coveredHoursPerDay: number;
        personHours: number;
        byDay: unknown[];
        byTeam: unknown[];
        missedCheckpointShare: number;
      };
      hazards: { found: number; closed: number; closedShare: number; byCategory: Record<string, number> };
      trainings: { sessions: number; certificatesIssued: number; byTopic: Record<string, number> };
      schoolPosts: { served: number; duties: number; posts: number };
      alarms: { raised: number; withIncident: number };
      theft: { grid: { current: number; previous: number; changePct: number | null }; jointDefenceGroups: number }[];
    };
    expect(i.days).toBe(365);
    expect(i.patrol.coveredHoursPerDay).toBeGreaterThan(8);
    expect(i.patrol.byDay.length).toBeGreaterThan(300);
    expect(i.patrol.missedCheckpointShare).toBeGreaterThan(0);
    expect(i.hazards.found).toBeGreaterThanOrEqual(180);
    expect(i.hazards.found).toBeLessThanOrEqual(200);
    expect(i.hazards.closedShare).toBeGreaterThan(0.8);
    expect(Object.keys(i.hazards.byCategory).length).toBe(6);
    expect(i.trainings.sessions).toBeGreaterThanOrEqual(20);
    expect(Object.keys(i.trainings.byTopic).sort()).toEqual(['emergency', 'first_aid', 'law', 'safety']);
    expect(i.schoolPosts.served).toBeGreaterThan(120_000);
    expect(i.alarms.raised).toBeGreaterThanOrEqual(20);
    expect(i.alarms.withIncident).toBe(i.alarms.raised);
    const now = i.theft.reduce((s, x) => s + x.grid.current, 0);
    const before = i.theft.reduce((s, x) => s + x.grid.previous, 0);
    expect(i.theft.length).toBeGreaterThan(0);
    expect(now).toBeLessThan(before * 0.8);
    expect(i.theft.every((x) => x.jointDefenceGroups > 0)).toBe(true);
  });

  it('gives daily hours per volunteer and per team, and grid officers their grids only', async () => {
    const byTeam = (await leader('GET', '/api/volunteers/indicators/hours?by=team')).body as unknown as {
      rows: { day: string; id: string; hours: number }[];
    };
    expect(byTeam.rows.length).toBeGreaterThan(30);
    expect(byTeam.rows.every((x) => x.hours >= 0 && x.hours <= 3 * 24)).toBe(true);
    const byVolunteer = (await leader('GET', '/api/volunteers/indicators/hours?by=volunteer')).body as unknown as {
      rows: { hours: number }[];
    };
    expect(byVolunteer.rows.every((x) => x.hours <= 12)).toBe(true);
    const station = (await leader('GET', '/api/volunteers/indicators')).body as unknown as {
      patrol: { personHours: number };
    };
    const grid = (await officer('GET', '/api/volunteers/indicators')).body as unknown as {
      patrol: { personHours: number };
    };
    expect(grid.patrol.personHours).toBeLessThan(station.patrol.personHours);
    const bad = await leader('GET', '/api/volunteers/indicators?from=2026-05-01&to=2026-04-01');
    expect((bad.body.fields as { code: string }[])[0]?.code).toBe('after_to');
  });
});
