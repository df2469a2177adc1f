import { describe, expect, it } from 'vitest';
import { visitDurations } from '../modules/hall/durations';
import { generateHallDemo, type HallDemo } from './hall.generator';
import { generateTown } from './town.generator';

const town = generateTown();
const now = new Date('2026-11-28T10:00:00+08:00');
const demo: HallDemo = generateHallDemo({ town, now });

function quarter(d: HallDemo, which: 'first' | 'last') {
  const days = [...new Set(d.tickets.map((t) => t.day))].sort();
  const q = Math.round(days.length / 4);
  const chosen = new Set(which === 'first' ? days.slice(0, q) : days.slice(-q));
  const spans = d.tickets.filter((t) => chosen.has(t.day)).map((t) => visitDurations(t.events));
  const mean = (xs: number[]) => xs.reduce((s, n) => s + n, 0) / xs.length / 60;
  return {
    wait: mean(spans.flatMap((s) => (s.waitSeconds === null ? [] : [s.waitSeconds]))),
    handle: mean(spans.flatMap((s) => (s.handleSeconds === null ? [] : [s.handleSeconds]))),
  };
}

describe('service hall demo year', () => {
  it('is deterministic', () => {
    const again = generateHallDemo({ town, now });
    expect(again.tickets.length).toBe(demo.tickets.length);
    expect(again.tickets.slice(0, 50)).toEqual(demo.tickets.slice(0, 50));
    expect(again.suggestions.map((s) => s.status)).toEqual(demo.suggestions.map((s) => s.status));
  });

  it('cuts waiting by roughly 70% and handling to about 7 minutes, as a result of the simulation', () => {
    const base = quarter(demo, 'first');
    const recent = quarter(demo, 'last');
    expect(base.handle).toBeGreaterThan(12);
    expect(recent.handle).toBeGreaterThan(6);
    expect(recent.handle).toBeLessThan(8);
    const cut = 1 - recent.wait / base.wait;
    expect(cut).toBeGreaterThan(0.6);
    expect(cut).toBeLessThan(0.8);
  });

  it('never has a window serve two residents at once, and every ticket’s events are in order', () => {
    const busy = new Map<string, [number, number][]>();
    for (const t of demo.tickets) {
      for (let i = 1; i < t.events.length; i++) {
        expect((t.events[i]?.at.getTime() ?? 0) >= (t.events[i - 1]?.at.getTime() ?? 0)).toBe(true);
      }
      const start = t.events.find((e) => e.kind === 'started');
      const end = t.events.find((e) => e.kind === 'finished' || e.kind === 'transferred');
      if (start && end && start.windowNumber !== null) {
        const k = `${t.day}:${start.windowNumber}`;
        busy.set(k, [...(busy.get(k) ?? []), [start.at.getTime(), end.at.getTime()]]);
      }
    }
    for (const spans of busy.values()) {
      spans.sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < spans.length; i++) expect((spans[i]?.[0] ?? 0) >= (spans[i - 1]?.[1] ?? 0)).toBe(true);
    }
  });

  it('books each resident at most once a day, and keeps history before today', () => {
    const seen = new Set<string>();
    for (const a of demo.appointments) {
      const k = `${a.citizenKey}:${a.day}`;
      expect(seen.has(k)).toBe(false);
      seen.add(k);
    }
    for (const t of demo.tickets) expect(t.day < '2026-11-28').toBe(true);
    expect(demo.appointments.filter((a) => a.status === 'booked').every((a) => a.day > '2026-11-28')).toBe(true);
  });

  it('lands near the article’s counts', () => {
    expect(demo.tickets.length).toBeGreaterThan(12_000);
    expect(demo.visits).toHaveLength(315);
    const trained = demo.trainings.reduce((s, t) => s + t.attendees, 0);
    expect(trained).toBeGreaterThan(5500);
    expect(trained).toBeLessThan(7000);
    expect(demo.homeVisits.filter((h) => h.status === 'done').length).toBeGreaterThan(200);
    expect(demo.suggestions.length).toBeGreaterThanOrEqual(150);
    const acted = demo.suggestions.filter((s) => s.status === 'done').length;
    expect(acted).toBeGreaterThan(120);
    expect(acted).toBeLessThan(140);
    const statuses = new Set(demo.applications.map((a) => a.status));
    for (const s of ['submitted', 'in_review', 'needs_correction', 'approved', 'rejected', 'withdrawn'])
      expect(statuses).toContain(s);
    const done = demo.cases.filter((c) => c.status === 'done');
    const onTime = done.filter((c) => (c.closedDay ?? '') <= c.dueDay).length / done.length;
    expect(onTime).toBeGreaterThan(0.85);
  });
});
