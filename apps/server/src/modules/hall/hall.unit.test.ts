import { buildCalendar, CN_CALENDAR } from '@fengqiao/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bookableDays,
  bookingWindow,
  canCancel,
  checkInDecision,
  DEFAULT_RULES,
  slotProblem,
  slotTimes,
} from './booking-rules';
import { visitDurations } from './durations';
import { buildIcs, foldLine, icsText } from './ics';
import { localDay } from './local-time';
import { haversineMeters, nearestNeighbourRoute } from './route-plan';

const at = (s: string) => new Date(s);

describe('booking rules', () => {
  it('opens the next day up to 7 working days ahead, skipping the National Day holiday', () => {
    // Monday 28 Sep 2026: 29, 30 Sep, then 8, 9, 10 (Saturday, worked), 12, 13 Oct.
    const now = at('2026-09-28T10:00:00+08:00');
    expect(bookingWindow(now, DEFAULT_RULES, CN_CALENDAR)).toEqual({ from: '2026-09-29', to: '2026-10-13' });
    expect(bookableDays(now, DEFAULT_RULES, CN_CALENDAR)).toEqual([
      '2026-09-29',
      '2026-09-30',
      '2026-10-08',
      '2026-10-09',
      '2026-10-10',
      '2026-10-12',
      '2026-10-13',
    ]);
  });

  it('refuses past, same-day and too-distant slots', () => {
    const now = at('2026-12-01T10:00:00+08:00');
    const slot = (day: string, hhmm = '09:00') => ({ day, startsAt: at(`${day}T${hhmm}:00+08:00`) });
    expect(slotProblem(now, slot('2026-11-30'), DEFAULT_RULES, CN_CALENDAR)).toBe('slot_past');
    expect(slotProblem(now, slot('2026-12-01', '15:00'), DEFAULT_RULES, CN_CALENDAR)).toBe('slot_out_of_window');
    expect(slotProblem(now, slot('2026-12-02'), DEFAULT_RULES, CN_CALENDAR)).toBeNull();
    expect(slotProblem(now, slot('2026-12-10'), DEFAULT_RULES, CN_CALENDAR)).toBeNull();
    expect(slotProblem(now, slot('2026-12-11'), DEFAULT_RULES, CN_CALENDAR)).toBe('slot_out_of_window');
    expect(slotProblem(now, slot('2026-12-05'), DEFAULT_RULES, CN_CALENDAR)).toBe('slot_out_of_window');
  });

  it('every bookable day is a working day inside the window, for any moment', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2026, 11, 20) }), (t) => {
        const now = new Date(t);
        const days = bookableDays(now, DEFAULT_RULES, CN_CALENDAR);
        expect(days).toHaveLength(7);
        for (const d of days) {
          expect(d > localDay(now)).toBe(true);
          expect(
            slotProblem(now, { day: d, startsAt: at(`${d}T09:00:00+08:00`) }, DEFAULT_RULES, CN_CALENDAR),
          ).toBeNull();
        }
      }),
    );
  });

  it('lets a booking be cancelled until the day before', () => {
    expect(canCancel(at('2026-12-01T23:59:00+08:00'), '2026-12-02', DEFAULT_RULES)).toBe(true);
    expect(canCancel(at('2026-12-02T00:01:00+08:00'), '2026-12-02', DEFAULT_RULES)).toBe(false);
  });

  it('cuts the sessions into slots', () => {
    const s = slotTimes('2026-12-02', DEFAULT_RULES);
    expect(s).toHaveLength(13);
    expect(s[0]?.startsAt.toISOString()).toBe('2026-12-02T01:00:00.000Z');
    expect(s[6]?.startsAt.toISOString()).toBe('2026-12-02T05:30:00.000Z');
  });

  it('decides check-in: too early, on time (±15 min), late, too late', () => {
    const a = { day: '2026-12-02', startsAt: at('2026-12-02T10:00:00+08:00'), endsAt: at('2026-12-02T10:30:00+08:00') };
    const c = (hhmm: string, day = '2026-12-02') => checkInDecision(at(`${day}T${hhmm}:00+08:00`), a, DEFAULT_RULES);
    expect(c('08:30')).toEqual({ ok: false, reason: 'check_in_too_early' });
    expect(c('09:30')).toEqual({ ok: true, onTime: true });
    expect(c('10:15')).toEqual({ ok: true, onTime: true });
    expect(c('10:16')).toEqual({ ok: true, onTime: false });
    expect(c('11:01')).toEqual({ ok: false, reason: 'check_in_too_late' });
    expect(c('10:00', '2026-12-01')).toEqual({ ok: false, reason: 'check_in_not_today' });
  });

  it('treats an unconfigured year as plain weekdays', () => {
    const now = at('2027-09-30T10:00:00+08:00');
    expect(bookableDays(now, DEFAULT_RULES, buildCalendar([]))[0]).toBe('2027-10-01');
  });
});

describe('visit durations from the event log', () => {
  const ev = (kind: string, min: number) => ({ kind, at: new Date(Date.UTC(2026, 0, 1, 1, 0) + min * 60_000) });
  it('counts waiting until the first call and handling from start to finish', () => {
    expect(
      visitDurations([ev('ticketed', 0), ev('called', 12), ev('recalled', 14), ev('started', 15), ev('finished', 22)]),
    ).toEqual({ waitSeconds: 720, handleSeconds: 420 });
  });
  it('adds the second wait and the first handling across a transfer', () => {
    expect(
      visitDurations([
        ev('ticketed', 0),
        ev('called', 5),
        ev('started', 6),
        ev('transferred', 9),
        ev('called', 13),
        ev('started', 14),
        ev('finished', 20),
      ]),
    ).toEqual({ waitSeconds: 540, handleSeconds: 540 });
  });
  it('has no handling for a no-show', () => {
    expect(visitDurations([ev('ticketed', 0), ev('called', 3), ev('no_show', 5)])).toEqual({
      waitSeconds: 180,
      handleSeconds: null,
    });
  });
});

describe('iCalendar', () => {
  it('writes one VEVENT in UTC with escaped text and CRLF lines', () => {
    const ics = buildIcs({
      uid: 'a@fengqiao',
      start: at('2026-12-02T10:00:00+08:00'),
      end: at('2026-12-02T10:30:00+08:00'),
      stamp: at('2026-12-01T08:00:00Z'),
      summary: '预约办理：居住证申领, 3号窗口',
      location: '清溪派出所',
      description: '请携带：身份证;\n居住证明',
    });
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(ics).toContain('DTSTART:20261202T020000Z\r\n');
    expect(ics).toContain('DTEND:20261202T023000Z\r\n');
    expect(ics).toContain('SUMMARY:预约办理：居住证申领\\, 3号窗口');
    expect(ics).toContain('请携带：身份证\\;\\n居住证明');
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
  });
  it('folds long lines at 75 octets without splitting characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (s) => {
        const folded = foldLine(`DESCRIPTION:${icsText(s)}`);
        for (const line of folded.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
        expect(folded.replace(/\r\n /g, '')).toBe(`DESCRIPTION:${icsText(s)}`);
      }),
    );
  });
});

describe('nearest-neighbour day route', () => {
  it('visits every stop once, always going to the nearest remaining one', () => {
    const start: [number, number] = [116.5, 39.0];
    const stops = [
      { item: 'far', at: [116.6, 39.1] as [number, number] },
      { item: 'near', at: [116.501, 39.001] as [number, number] },
      { item: 'mid', at: [116.55, 39.05] as [number, number] },
    ];
    const r = nearestNeighbourRoute(start, stops);
    expect(r.map((s) => s.item)).toEqual(['near', 'mid', 'far']);
    expect(r[0]?.legMeters).toBeCloseTo(haversineMeters(start, [116.501, 39.001]), 6);
  });
  it('is a permutation of the stops for any input', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.double({ min: 116, max: 117, noNaN: true }), fc.double({ min: 38.5, max: 39.5, noNaN: true })),
          {
            maxLength: 25,
          },
        ),
        (pts) => {
          const r = nearestNeighbourRoute(
            [116.5, 39],
            pts.map((p, i) => ({ item: i, at: p })),
          );
          expect(r.map((s) => s.item).sort((a, b) => a - b)).toEqual(pts.map((_, i) => i));
        },
      ),
    );
  });
});
