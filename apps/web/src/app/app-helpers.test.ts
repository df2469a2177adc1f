import { permissionsOf, ROLES } from '@fengqiao/domain';
import { describe, expect, it } from 'vitest';
import { formatCountdown, idlePhase, warnSecondsFor } from './layout/idle';
import { homePath, pageFor, visiblePages } from './nav';

const pagesOf = (role: (typeof ROLES)[number]) => visiblePages([...permissionsOf([role])], [role]).map((p) => p.id);
const MEDIATION = [
  'mediationWorkbench',
  'mediationLedger',
  'mediationMeetings',
  'mediationMediators',
  'mediationIndicators',
] as const;

describe('navigation by permission', () => {
  it('shows each role only the pages its permissions allow', () => {
    for (const role of ROLES) {
      const perms = [...permissionsOf([role])];
      for (const page of visiblePages(perms, [role]))
        expect(perms, `${role} sees ${page.id}`).toContain(page.permission);
    }
    const leader = pagesOf('station_leader');
    for (const id of ['leadershipDashboard', 'command', ...MEDIATION, 'hallStats', 'volunteersHazards', 'cameras'])
      expect(leader).toContain(id);
    expect(leader).toContain('commandConfig');
    expect(leader).not.toContain('users');
    expect(leader).not.toContain('audit');
    expect(pagesOf('command_operator')).toEqual(expect.arrayContaining(['command', 'intake', 'orders', 'analysis']));
    expect(pagesOf('command_operator')).not.toContain('commandConfig');
    expect(pagesOf('community_officer')).toEqual(expect.arrayContaining([...MEDIATION, 'orders', 'volunteersHazards']));
    // The mediator portal: their own disputes, meetings and indicators; not the station's pool.
    expect(pagesOf('mediator')).toEqual([
      'mediationWorkbench',
      'mediationLedger',
      'mediationMeetings',
      'mediationIndicators',
      'map',
    ]);
    expect(pagesOf('patrol_officer')).toEqual(expect.arrayContaining(['orders', 'trafficViolations', 'cameraReview']));
    expect(pagesOf('patrol_officer')).not.toContain('mediationLedger');
    expect(pagesOf('hall_clerk')).not.toContain('command');
    expect(pagesOf('hall_clerk')).toEqual(expect.arrayContaining(['hallWindow', 'hallApplications', 'hallStats']));
    expect(pagesOf('volunteer')).toEqual(['intake', 'volunteerMe', 'map']);
    expect(pagesOf('system_admin')).toEqual(['users', 'retention']);
    expect(pagesOf('security_admin')).toEqual(['users', 'retention']);
    expect(pagesOf('auditor')).toEqual(['audit', 'users', 'retention']);
  });

  it('lands every role somewhere it may be', () => {
    for (const role of ROLES) {
      const perms = [...permissionsOf([role])];
      const home = homePath(perms, [role]);
      const page = visiblePages(perms, [role]).find((p) => p.path === home);
      expect(page !== undefined || home === '/profile', role).toBe(true);
    }
    expect(homePath([])).toBe('/profile');
  });

  it('sends dispatchers to the board and field officers to their orders', () => {
    const home = (role: (typeof ROLES)[number]) => homePath([...permissionsOf([role])], [role]);
    expect(home('command_operator')).toBe('/command');
    expect(home('station_leader')).toBe('/command');
    expect(home('community_officer')).toBe('/orders');
    expect(home('patrol_officer')).toBe('/orders');
    expect(home('auxiliary_officer')).toBe('/orders');
    expect(home('hall_clerk')).toBe('/hall/window');
    expect(home('volunteer')).toBe('/volunteer');
    expect(home('auditor')).toBe('/audit');
    expect(home('mediator')).toBe('/mediation/workbench');
    expect(homePath([...permissionsOf(['mediator', 'community_officer'])], ['mediator', 'community_officer'])).toBe(
      '/orders',
    );
  });

  it('finds the page of a path by its longest prefix', () => {
    expect(pageFor('/command')?.id).toBe('command');
    expect(pageFor('/command/new')?.id).toBe('intake');
    expect(pageFor('/command/config')?.id).toBe('commandConfig');
    expect(pageFor('/commander')).toBeUndefined();
    expect(pageFor('/map')?.fullBleed).toBe(true);
    expect(pageFor('/mediation/3f1c0b8e-1111-4222-8333-944455556666')?.id).toBe('mediationLedger');
    expect(pageFor('/mediation/meetings/abc')?.id).toBe('mediationMeetings');
    expect(pageFor('/mediation/new')?.id).toBe('mediationLedger');
  });
});

describe('idle timing', () => {
  it('warns before the idle limit and expires at it', () => {
    const idle = 1800;
    expect(warnSecondsFor(idle)).toBe(120);
    expect(idlePhase(0, 0, idle)).toEqual({ phase: 'active' });
    expect(idlePhase((idle - 121) * 1000, 0, idle)).toEqual({ phase: 'active' });
    expect(idlePhase((idle - 120) * 1000, 0, idle)).toEqual({ phase: 'warning', secondsLeft: 120 });
    expect(idlePhase((idle - 0.5) * 1000, 0, idle)).toEqual({ phase: 'warning', secondsLeft: 1 });
    expect(idlePhase(idle * 1000, 0, idle)).toEqual({ phase: 'expired' });
  });

  it('keeps a sensible warning for short limits', () => {
    expect(warnSecondsFor(60)).toBe(15);
    expect(warnSecondsFor(20)).toBe(10);
  });

  it('formats the countdown', () => {
    expect(formatCountdown(95)).toBe('1:35');
    expect(formatCountdown(5)).toBe('0:05');
    expect(formatCountdown(-3)).toBe('0:00');
  });
});
