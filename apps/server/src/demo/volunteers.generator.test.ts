import { chinaDay, isSchoolDay } from '@fengqiao/domain';
import { describe, expect, it } from 'vitest';
import { generateTown } from './town.generator';
import { generateVolunteerHistory, schoolBreaks } from './volunteers.generator';

const anchor = new Date('2026-11-28T04:00:00Z');
const town = generateTown();
const h = generateVolunteerHistory(town, anchor);

describe('the demo volunteer year', () => {
  it('is the same for the same town and anchor', () => {
    const again = generateVolunteerHistory(town, anchor);
    expect(again.duties.length).toBe(h.duties.length);
    expect(JSON.stringify(again.duties.slice(0, 200))).toBe(JSON.stringify(h.duties.slice(0, 200)));
    expect(JSON.stringify(again.hazards)).toBe(JSON.stringify(h.hazards));
  });

  it('puts volunteers only on their own teams’ shifts, never on two at once', () => {
    const shifts = new Map(h.shifts.map((s) => [s.key, s]));
    const teams = new Map(h.teams.map((t) => [t.key, t]));
    const byPerson = new Map<string, [number, number][]>();
    for (const d of h.duties) {
      const s = shifts.get(d.shiftKey);
      expect(s).toBeDefined();
      if (!s) continue;
      expect(teams.get(s.teamKey)?.members).toContain(d.personKey);
      byPerson.set(d.personKey, [...(byPerson.get(d.personKey) ?? []), [s.startsAt.getTime(), s.endsAt.getTime()]]);
    }
    for (const spans of byPerson.values()) {
      spans.sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < spans.length; i++) expect(spans[i]?.[0] ?? 0).toBeGreaterThanOrEqual(spans[i - 1]?.[1] ?? 0);
    }
  });

  it('keeps school posts to school days and gives every certificate-bound duty a holder', () => {
    const shifts = new Map(h.shifts.map((s) => [s.key, s]));
    for (const s of h.shifts.filter((x) => x.kind === 'school_post')) {
      const day = chinaDay(s.startsAt);
      expect(isSchoolDay(day, schoolBreaks(Number(day.slice(0, 4)))), day).toBe(true);
    }
    for (const d of h.duties) {
      const s = shifts.get(d.shiftKey);
      if (!s?.requiredCourse) continue;
      const day = chinaDay(s.startsAt);
      const held = h.certificates.some(
        (c) =>
          c.personKey === d.personKey && c.courseCode === s.requiredCourse && c.issuedOn <= day && c.expiresOn >= day,
      );
      expect(held, `${d.personKey} ${s.requiredCourse} ${day}`).toBe(true);
    }
  });

  it('finds about 190 hazards in the year, most of them closed, and only approved volunteers on duty', () => {
    expect(h.hazards.length).toBeGreaterThanOrEqual(185);
    expect(h.hazards.filter((x) => x.status === 'closed').length / h.hazards.length).toBeGreaterThan(0.8);
    const status = new Map(h.profiles.map((p) => [p.personKey, p.status]));
    const future = h.duties.filter((d) => d.status === 'claimed' && d.checkIn === null);
    for (const d of future) expect(['approved', 'suspended', 'exited']).toContain(status.get(d.personKey));
    expect(h.profiles.filter((p) => p.status === 'approved').length).toBeGreaterThan(280);
  });
});
