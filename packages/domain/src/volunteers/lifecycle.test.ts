import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  approvalBlockers,
  canMoveHazard,
  canMoveVolunteer,
  HAZARD_STATUSES,
  type HazardStatus,
  isHazardOpen,
  nextVolunteerStatuses,
  VOLUNTEER_STATUSES,
  type VolunteerStatus,
} from './lifecycle';

describe('volunteer lifecycle', () => {
  it('approves only after identity and record check passed (latest result counts)', () => {
    expect(approvalBlockers([])).toEqual(['identity', 'record_check']);
    expect(
      approvalBlockers([
        { check: 'identity', result: 'pass', at: 1 },
        { check: 'record_check', result: 'fail', at: 2 },
      ]),
    ).toEqual(['record_check']);
    expect(
      approvalBlockers([
        { check: 'record_check', result: 'pass', at: 3 },
        { check: 'identity', result: 'pass', at: 1 },
        { check: 'record_check', result: 'fail', at: 2 },
      ]),
    ).toEqual([]);
    // Same time: the one recorded later counts.
    const same = [
      { check: 'identity' as const, result: 'pass' as const, at: 1 },
      { check: 'record_check' as const, result: 'fail' as const, at: 5 },
      { check: 'record_check' as const, result: 'pass' as const, at: 5 },
    ];
    expect(approvalBlockers(same)).toEqual([]);
    expect(approvalBlockers([same[0], same[2], same[1]] as typeof same)).toEqual(['record_check']);
  });

  it('never leaves exited or rejected, and reaches every status from an application', () => {
    for (const s of ['exited', 'rejected'] as const) expect(nextVolunteerStatuses(s)).toEqual([]);
    const reached = new Set<VolunteerStatus>(['applied']);
    for (let i = 0; i < 5; i++) for (const s of [...reached]) for (const n of nextVolunteerStatuses(s)) reached.add(n);
    expect([...reached].sort()).toEqual([...VOLUNTEER_STATUSES].sort());
  });

  it('random walks only take allowed steps and end in a known status', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...VOLUNTEER_STATUSES), { maxLength: 30 }), (wanted) => {
        let s: VolunteerStatus = 'applied';
        for (const w of wanted) if (canMoveVolunteer(s, w)) s = w;
        expect(VOLUNTEER_STATUSES).toContain(s);
      }),
    );
  });
});

describe('hazard workflow', () => {
  it('closes only a rectified hazard and never reopens a closed or dismissed one', () => {
    expect(canMoveHazard('assigned', 'closed')).toBe(false);
    expect(canMoveHazard('rectified', 'closed')).toBe(true);
    expect(canMoveHazard('rectified', 'assigned')).toBe(true);
    fc.assert(
      fc.property(fc.constantFrom(...HAZARD_STATUSES), (to: HazardStatus) => {
        expect(canMoveHazard('closed', to)).toBe(false);
        expect(canMoveHazard('dismissed', to)).toBe(false);
      }),
    );
    expect(HAZARD_STATUSES.filter(isHazardOpen)).toEqual(['reported', 'assigned', 'rectified']);
  });
});
