import { permissionsOf, type Role } from '@fengqiao/domain';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../auth/actor';
import { mayReceive } from './live.routes';

function actor(roles: Role[], scope: Actor['scope'], gridIds: string[] = []): Actor {
  return {
    userId: 'u1',
    username: 'x',
    displayName: 'x',
    roles,
    permissions: permissionsOf(roles),
    stationId: 's1',
    stationName: null,
    stationNameEn: null,
    countyId: null,
    countyName: null,
    countyNameEn: null,
    stationIds: scope === 'none' || scope === 'county' ? [] : ['s1'],
    personId: 'p1',
    scope,
    gridIds,
    sessionId: 's',
    mfaPassed: true,
    mfaEnabled: false,
    mfaRequired: false,
    mustChangePassword: false,
    sessionExpiresAt: new Date(),
  };
}

describe('live event scoping', () => {
  const operator = actor(['command_operator'], 'station');
  const officerA = actor(['community_officer'], 'grids', ['gA']);
  const admin = actor(['system_admin'], 'none');
  it('delivers grid events only within jurisdiction', () => {
    const e = { stationId: 's1', gridIds: ['gB'] };
    expect(mayReceive(operator, e)).toBe(true);
    expect(mayReceive(officerA, e)).toBe(false);
    expect(mayReceive(officerA, { stationId: 's1', gridIds: ['gA'] })).toBe(true);
  });
  it('reaches an assignee outside the grid, but no other grid-scoped user', () => {
    const e = { stationId: 's1', gridIds: ['gB'], personIds: ['p1'] };
    expect(mayReceive(officerA, e)).toBe(true);
    expect(mayReceive({ ...officerA, personId: 'p9' }, e)).toBe(false);
    expect(mayReceive({ ...officerA, personId: 'p9' }, { stationId: 's1', personIds: ['p1'] })).toBe(false);
  });
  it('never crosses stations and never reaches administrators', () => {
    expect(mayReceive(operator, { stationId: 's2' })).toBe(false);
    expect(mayReceive(admin, { stationId: 's1' })).toBe(false);
  });
  it('gives a county user no station’s live stream, only events addressed to the user', () => {
    const county = { ...actor(['county_leader'], 'county'), stationId: null, stationIds: ['s1', 's2'] };
    expect(mayReceive(county, { stationId: 's1' }, 'incidents.changed')).toBe(false);
    expect(mayReceive(county, { stationId: null }, 'incidents.changed')).toBe(false);
    expect(mayReceive(county, { stationId: null, userIds: ['u1'] }, 'session.ended')).toBe(true);
  });
  it('delivers personal events only to their users', () => {
    expect(mayReceive(officerA, { stationId: 's1', userIds: ['u2'] })).toBe(false);
    expect(mayReceive(officerA, { stationId: 's1', userIds: ['u1'] })).toBe(true);
  });
  it('sends personal events (notification topics or `personal`) only to the people they name', () => {
    const mediationScope = { stationId: 's1', gridIds: [], personIds: ['p7'] };
    expect(mayReceive(operator, mediationScope, 'mediation.notification')).toBe(false);
    expect(mayReceive(officerA, mediationScope, 'mediation.notification')).toBe(false);
    expect(mayReceive({ ...officerA, personId: 'p7' }, mediationScope, 'mediation.notification')).toBe(true);
    expect(mayReceive({ ...operator, personId: 'p7' }, mediationScope, 'mediation.notification')).toBe(true);
    expect(mayReceive(operator, { stationId: 's1', personIds: ['p2'], personal: true }, 'orders.changed')).toBe(false);
    expect(mayReceive({ ...operator, personId: null }, mediationScope, 'volunteers.notification')).toBe(false);
    // The same scope on a change feed still reaches station-wide staff: "no grid" is not "nobody else".
    expect(mayReceive(operator, mediationScope, 'disputes.changed')).toBe(true);
    expect(mayReceive(operator, { stationId: 's1' }, 'incidents.changed')).toBe(true);
  });
});
