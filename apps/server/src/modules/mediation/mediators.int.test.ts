import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineUnavailable, loginAs, startTestApp, type TestApp } from '../../../test/harness';
import { type Call, caller, disputeBody, idNumber, type Me, me } from './mediation.test-helper';

interface Mediator {
  id: string;
  name: string;
  kind: string;
  specialties: string[];
  levels: number[];
  commercial: boolean;
  gridIds: string[];
  villages: string[];
  maxLoad: number;
  load: number;
  weekdays: number[];
  conflicts: { id: string; idNumber: string | null }[];
  unavailable: { id: string; from: string; to: string }[];
}

describe.skipIf(engineUnavailable)('mediator pool: registration, availability, conflicts of interest', () => {
  let t: TestApp;
  let leader: Call;
  let officer: Call;
  let auxiliary: Call;
  let officerMe: Me;
  let pool: Mediator[];
  beforeAll(async () => {
    t = await startTestApp();
    leader = caller(t, await loginAs(t, 'station_leader'));
    const officerCookie = await loginAs(t, 'community_officer');
    officer = caller(t, officerCookie);
    auxiliary = caller(t, await loginAs(t, 'auxiliary_officer'));
    officerMe = await me(t, officerCookie);
    pool = (await leader('GET', '/api/mediation/mediators')).body as unknown as Mediator[];
  });
  afterAll(async () => t?.close());

  it('lists the demo pool: every kind, with loads within their caps', () => {
    expect(pool).toHaveLength(60);
    expect(new Set(pool.map((m) => m.kind))).toEqual(
      new Set([
        'government',
        'judge',
        'lawyer',
        'village_cadre',
        'volunteer',
        'chamber_of_commerce',
        'trade_association',
      ]),
    );
    for (const m of pool) expect(m.load).toBeLessThanOrEqual(m.maxLoad);
    expect(pool.filter((m) => m.commercial).map((m) => m.kind)).toEqual(
      expect.arrayContaining(['chamber_of_commerce', 'trade_association', 'lawyer']),
    );
  });

  it('takes only people registered as mediators, with known categories and grids', async () => {
    const officerPerson = officerMe.personId ?? '';
    const notMediator = await leader('PUT', `/api/mediation/mediators/${officerPerson}`, { kind: 'government' });
    expect(notMediator.status).toBe(400);
    expect((notMediator.body.fields as { code: string }[])[0]?.code).toBe('not_a_mediator');
    const m = pool[0] as Mediator;
    const bad = await leader('PUT', `/api/mediation/mediators/${m.id}`, { kind: m.kind, specialties: ['astrology'] });
    expect(bad.status).toBe(400);
    expect((bad.body.fields as { path: string }[])[0]?.path).toBe('body.specialties.0');
    expect((await officer('PUT', `/api/mediation/mediators/${m.id}`, { kind: m.kind })).status).toBe(403);
    const ok = await leader('PUT', `/api/mediation/mediators/${m.id}`, {
      kind: m.kind,
      specialties: [...m.specialties, 'other'],
      levels: m.levels,
      commercial: m.commercial,
      gridIds: m.gridIds,
      villages: m.villages,
      maxLoad: 9,
      weekdays: [1, 2, 3, 4, 5],
      note: '擅长调解家庭矛盾',
    });
    expect(ok.status, ok.raw).toBe(200);
    expect(ok.body).toMatchObject({ maxLoad: 9, note: '擅长调解家庭矛盾' });
  });

  it('excludes a mediator related to a party (by ID number) and explains availability', async () => {
    const relative = idNumber('1961-10-10');
    const cadre =
      pool.find((m) => m.kind === 'village_cadre' && m.gridIds.includes(officerMe.gridIds[0] ?? '')) ??
      (pool[0] as Mediator);
    const c = await leader('POST', `/api/mediation/mediators/${cadre.id}/conflicts`, {
      subjectKind: 'person',
      name: '某亲属',
      idNumber: relative,
      relation: '近亲属',
    });
    expect(c.status, c.raw).toBe(200);
    expect((c.body as unknown as Mediator).conflicts[0]?.idNumber).toMatch(/^\d{6}\*{8}/);
    expect(JSON.stringify(c.body)).not.toContain(relative);
    // An invalid ID number is refused and nothing is stored.
    const bad = await leader('POST', `/api/mediation/mediators/${cadre.id}/conflicts`, {
      subjectKind: 'person',
      name: '某人',
      idNumber: '131081196110101234',
      relation: '朋友',
    });
    expect(bad.status).toBe(400);
    expect(
      ((await leader('GET', `/api/mediation/mediators/${cadre.id}`)).body as unknown as Mediator).conflicts,
    ).toHaveLength(1);
    // Read-only roles do not see the relationships.
    expect(
      ((await auxiliary('GET', `/api/mediation/mediators/${cadre.id}`)).body as unknown as Mediator).conflicts,
    ).toEqual([]);

    const today = new Date(t.clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    const leave = await leader('POST', `/api/mediation/mediators/${cadre.id}/unavailability`, {
      from: today,
      to: today,
      reason: '外出培训',
    });
    expect(leave.status, leave.raw).toBe(200);
    expect(
      (await leader('POST', `/api/mediation/mediators/${cadre.id}/unavailability`, { from: today, to: '2000-01-01' }))
        .status,
    ).toBe(400);

    const d = await officer('POST', '/api/mediation/disputes', {
      ...disputeBody(officerMe.gridIds[0] ?? ''),
      parties: [
        { kind: 'person', role: 'applicant', name: '与调解员有亲属关系者', idNumber: relative },
        { kind: 'person', role: 'respondent', name: '邻居', idNumber: idNumber() },
      ],
    });
    expect(d.status, d.raw).toBe(201);
    const s = await officer('GET', `/api/mediation/disputes/${d.body.id}/suggestions?limit=50`);
    const suggested = (s.body.suggestions as { mediator: { id: string } }[]).map((x) => x.mediator.id);
    expect(suggested).not.toContain(cadre.id);
    expect(
      (s.body.excluded as { mediator: { id: string }; reasons: string[] }[]).find((x) => x.mediator.id === cadre.id)
        ?.reasons,
    ).toContain('conflict_of_interest');
    const refused = await officer('POST', `/api/mediation/disputes/${d.body.id}/assignments`, {
      mediatorIds: [cadre.id],
    });
    expect(refused.status).toBe(409);
    // Without the conflict the cadre is suggested again, but marked unavailable today.
    const conflictId = ((await leader('GET', `/api/mediation/mediators/${cadre.id}`)).body as unknown as Mediator)
      .conflicts[0]?.id;
    expect((await leader('DELETE', `/api/mediation/mediators/${cadre.id}/conflicts/${conflictId}`)).status).toBe(200);
    const s2 = await officer('GET', `/api/mediation/disputes/${d.body.id}/suggestions?limit=50`);
    const hit = (
      s2.body.suggestions as { mediator: { id: string }; factors: { factor: string; points: number; note: string }[] }[]
    ).find((x) => x.mediator.id === cadre.id);
    expect(hit?.factors.find((f) => f.factor === 'availability')?.points).toBeLessThan(10);
    expect(hit?.factors.find((f) => f.factor === 'locality')?.points).toBe(15);
  });
});
