import {
  createRng,
  type DisputeCommand,
  type DisputeLevel,
  type DisputeState,
  initialState,
  transition,
} from '@fengqiao/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineUnavailable, loginAs, startTestApp, type TestApp } from '../../../test/harness';
import { type Call, caller, creditCode, disputeBody, idNumber, type Me, me } from './mediation.test-helper';

interface Detail {
  id: string;
  version: number;
  status: DisputeState['status'];
  level: DisputeLevel;
  maxLevel: DisputeLevel;
  track: DisputeState['track'];
  outcome: DisputeState['outcome'];
  events: {
    kind: string;
    version: number | null;
    from: { status: string | null; level: number | null; track: string | null };
  }[];
}

const COMMANDS = ['escalate', 'deescalate', 'refer_commercial', 'return_standard'] as const;

/**
 * Concurrent HTTP commands against one dispute: the row lock serialises
 * them, so the final state is what applying the accepted commands one after
 * another, in commit order, gives — nothing skipped, nothing lost.
 */
describe.skipIf(engineUnavailable)('mediation under concurrent requests', () => {
  let t: TestApp;
  let leader: Call;
  let officerMe: Me;
  beforeAll(async () => {
    t = await startTestApp();
    const cookie = await loginAs(t, 'station_leader');
    leader = caller(t, cookie);
    officerMe = await me(t, await loginAs(t, 'community_officer'));
  });
  afterAll(async () => t?.close());

  const newDispute = async () => {
    const res = await leader('POST', '/api/mediation/disputes', {
      ...disputeBody(officerMe.gridIds[0] ?? '', { categoryCode: 'contract' }),
      parties: [
        { kind: 'person', role: 'applicant', name: '杜海涛', idNumber: idNumber('1975-07-07') },
        { kind: 'enterprise', role: 'respondent', name: '清溪镇金桥钢材有限公司', creditCode: creditCode('MA0F2222') },
      ],
    });
    expect(res.status, res.raw).toBe(201);
    return res.body as unknown as Detail;
  };

  it('ends in the state of one serial order of the accepted commands', async () => {
    const d = await newDispute();
    const rng = createRng('mediation-concurrency');
    let accepted = 0;
    for (let round = 0; round < 6; round++) {
      const commands = Array.from({ length: 12 }, () => rng.pick(COMMANDS));
      const results = await Promise.all(
        commands.map((command) =>
          leader('POST', `/api/mediation/disputes/${d.id}/transitions`, {
            command,
            reason: `第${round + 1}轮并发测试`,
          }),
        ),
      );
      for (const r of results) expect([200, 409], r.raw).toContain(r.status);
      accepted += results.filter((r) => r.status === 200).length;
    }
    const final = (await leader('GET', `/api/mediation/disputes/${d.id}`)).body as unknown as Detail;
    const steps = final.events.filter((e) => (COMMANDS as readonly string[]).includes(e.kind));
    expect(steps).toHaveLength(accepted);
    // Replay in commit order: every accepted command is legal from the state the previous one left.
    const facts = { hasEnterpriseParty: true, hasAgreement: false, pendingFollowups: 0 };
    let s = initialState(1);
    for (const e of steps) {
      expect(e.from).toEqual({ status: s.status, level: s.level, track: s.track });
      const r = transition(s, { kind: e.kind, reason: 'replay' } as DisputeCommand, facts);
      expect(r.ok, e.kind).toBe(true);
      if (r.ok) s = r.state;
    }
    expect({
      status: final.status,
      level: final.level,
      track: final.track,
      maxLevel: final.maxLevel,
      outcome: final.outcome,
    }).toEqual(s);
    // One version per event, no gaps.
    const versions = final.events.map((e) => e.version);
    expect(versions).toEqual(Array.from({ length: versions.length }, (_, i) => i + 1));
    expect(final.version).toBe(final.events.length);
  });

  it('accepts exactly one of several commands made against the same version', async () => {
    const d = await newDispute();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        leader('POST', `/api/mediation/disputes/${d.id}/transitions`, {
          command: i % 2 === 0 ? 'escalate' : 'refer_commercial',
          reason: '同一版本并发提交',
          version: d.version,
        }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(7);
  });

  it('never lets two coordinators fill a mediator’s last free slot', async () => {
    const [a, b] = [await newDispute(), await newDispute()];
    const pool = (await leader('GET', '/api/mediation/mediators?kind=lawyer&active=true')).body as unknown as {
      id: string;
      load: number;
      kind: string;
      specialties: string[];
      levels: number[];
      commercial: boolean;
      gridIds: string[];
      villages: string[];
      weekdays: number[];
    }[];
    const m = pool[0];
    expect(m).toBeDefined();
    if (!m) return;
    // One free slot left.
    const put = await leader('PUT', `/api/mediation/mediators/${m.id}`, {
      kind: m.kind,
      specialties: m.specialties,
      levels: m.levels,
      commercial: m.commercial,
      gridIds: m.gridIds,
      villages: m.villages,
      maxLoad: m.load + 1,
      weekdays: m.weekdays,
      active: true,
    });
    expect(put.status, put.raw).toBe(200);
    const results = await Promise.all(
      [a, b].map((d) => leader('POST', `/api/mediation/disputes/${d?.id}/assignments`, { mediatorIds: [m.id] })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const refused = results.find((r) => r.status === 409);
    expect(((refused?.body.fields ?? []) as { code: string }[]).map((f) => f.code)).toContain('load_cap');
    const after = (await leader('GET', `/api/mediation/mediators/${m.id}`)).body as { load: number; maxLoad: number };
    expect(after.load).toBe(after.maxLoad);
  });
});
