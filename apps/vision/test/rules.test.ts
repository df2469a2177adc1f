import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inTimeWindow } from '../src/geometry';
import { line, path, rule, run, zone } from './synthetic';

const LANE = zone('应急车道', [
  [0.7, 0.3],
  [0.95, 0.3],
  [0.95, 1],
  [0.7, 1],
]);
const china = (h: number, m = 0) => Date.UTC(2026, 10, 28, (h + 24 - 8) % 24, m);

describe('rule engine on synthetic tracks', () => {
  it('dwell: a car that stops in the emergency lane alerts once after N seconds, and never again while parked', () => {
    const r = rule({ kind: 'dwell', classes: ['car'], zoneId: LANE.id, dwellSeconds: 10, cooldownSeconds: 600 });
    // Drives in along the road, swerves into the lane at 4 s, stands from 6 s for five minutes.
    const car = {
      cls: 'car' as const,
      at: path([
        { t: 0, x: 0.3, y: 0.6 },
        { t: 4000, x: 0.6, y: 0.7 },
        { t: 6000, x: 0.82, y: 0.75 },
      ]),
    };
    const { events } = run([car], [r], [LANE], { durationMs: 300_000 });
    expect(events).toHaveLength(1);
    const e = events[0];
    expect(e?.kind).toBe('dwell');
    // Stopped at 6 s (the filter needs a moment to see it still), alert 10 s later.
    expect((e?.t ?? 0) - Date.UTC(2026, 10, 28, 4)).toBeGreaterThanOrEqual(16_000);
    expect((e?.t ?? 0) - Date.UTC(2026, 10, 28, 4)).toBeLessThan(19_000);
    expect(e?.dwellSeconds).toBeGreaterThanOrEqual(10);
  });

  it('dwell: a car driving along the lane without stopping never alerts', () => {
    const r = rule({ kind: 'dwell', classes: ['car'], zoneId: LANE.id, dwellSeconds: 10 });
    const car = {
      cls: 'car' as const,
      at: path([
        { t: 0, x: 0.82, y: 0.35 },
        { t: 8000, x: 0.82, y: 0.99 },
      ]),
    };
    expect(run([car], [r], [LANE], { durationMs: 8000 }).events).toHaveLength(0);
  });

  it('dwell hysteresis: the parked car lost for 2 s and found again under a new track id does not alert again', () => {
    const r = rule({ kind: 'dwell', classes: ['car'], zoneId: LANE.id, dwellSeconds: 5, cooldownSeconds: 600 });
    const car = { cls: 'car' as const, at: path([{ t: 0, x: 0.82, y: 0.7 }]) };
    const { events, idsOf } = run([car], [r], [LANE], {
      durationMs: 120_000,
      miss: (i) => (i >= 100 && i < 120) || (i >= 400 && i < 420),
    });
    expect(idsOf[0]?.size).toBeGreaterThan(1);
    expect(events).toHaveLength(1);
  });

  it('presence: a pedestrian on the carriageway is reported; a car is not', () => {
    const road = zone('行车道', [
      [0, 0.4],
      [0.7, 0.4],
      [0.7, 1],
      [0, 1],
    ]);
    const r = rule({ kind: 'presence', classes: ['person'], zoneId: road.id, dwellSeconds: 2 });
    const walker = {
      cls: 'person' as const,
      at: path(
        [
          { t: 0, x: 0.3, y: 0.3 },
          { t: 10_000, x: 0.3, y: 0.95 },
        ],
        [0.03, 0.08],
      ),
    };
    const car = {
      cls: 'car' as const,
      at: path([
        { t: 0, x: 0.05, y: 0.6 },
        { t: 10_000, x: 0.65, y: 0.6 },
      ]),
    };
    const { events } = run([walker, car], [r], [road], { durationMs: 10_000 });
    expect(events.map((e) => e.cls)).toEqual(['person']);
  });

  it('property: line crossing fires once per crossing and wrong way only against the forbidden direction', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.3, max: 0.7, noNaN: true }),
        fc.double({ min: 0.2, max: 0.8, noNaN: true }),
        fc.boolean(),
        (ly, x, downward) => {
          const stop = line('停止线', [0.05, ly], [0.95, ly]);
          const any = rule({ kind: 'line_cross', classes: ['car'], lineId: stop.id, direction: 'any' });
          // A→B points right, so moving down the screen goes from its left to its right.
          const wrong = rule({ kind: 'wrong_way', classes: ['car'], lineId: stop.id, direction: 'right_to_left' });
          const [y0, y1] = downward ? [0.1, 0.98] : [0.98, 0.1];
          const car = {
            cls: 'car' as const,
            at: path([
              { t: 0, x, y: y0 },
              { t: 8000, x, y: y1 },
            ]),
          };
          const { events } = run([car], [any, wrong], [stop], { durationMs: 9000 });
          expect(events.filter((e) => e.ruleId === any.id)).toHaveLength(1);
          expect(events.filter((e) => e.ruleId === wrong.id)).toHaveLength(downward ? 0 : 1);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('line crossing outside the drawn segment does not count', () => {
    const short = line('短线', [0.1, 0.5], [0.3, 0.5]);
    const r = rule({ kind: 'line_cross', classes: ['car'], lineId: short.id });
    const car = {
      cls: 'car' as const,
      at: path([
        { t: 0, x: 0.8, y: 0.1 },
        { t: 8000, x: 0.8, y: 0.95 },
      ]),
    };
    expect(run([car], [r], [short], { durationMs: 8000 }).events).toHaveLength(0);
  });

  it('U-turn: a car that crosses the centre line and turns back is caught; a lane change is not', () => {
    const centre = line('中心线', [0.5, 0.05], [0.5, 0.95]);
    const r = rule({ kind: 'u_turn', classes: ['car'], lineId: centre.id, dwellSeconds: 30 });
    const uTurn = {
      cls: 'car' as const,
      at: path([
        { t: 0, x: 0.4, y: 0.95 },
        { t: 4000, x: 0.4, y: 0.5 },
        { t: 6000, x: 0.6, y: 0.4 },
        { t: 10_000, x: 0.6, y: 0.95 },
      ]),
    };
    const lane = {
      cls: 'car' as const,
      at: path([
        { t: 0, x: 0.4, y: 0.95 },
        { t: 4000, x: 0.45, y: 0.5 },
        { t: 8000, x: 0.6, y: 0.05 },
      ]),
    };
    expect(run([uTurn], [r], [centre], { durationMs: 12_000 }).events).toHaveLength(1);
    expect(run([lane], [r], [centre], { durationMs: 12_000 }).events).toHaveLength(0);
  });

  it('property: speed between two lines is measured within 5 % and alerts exactly above the limit', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.06, max: 0.4, noNaN: true }), (vy) => {
        const a = line('测速线1', [0.05, 0.3], [0.95, 0.3]);
        const b = line('测速线2', [0.05, 0.7], [0.95, 0.7]);
        const r = rule({
          kind: 'speed',
          classes: ['car'],
          lineId: a.id,
          secondLineId: b.id,
          distanceM: 40,
          speedLimitKmh: 60,
        });
        const durationMs = (0.9 / vy) * 1000;
        const car = {
          cls: 'car' as const,
          at: path([
            { t: 0, x: 0.5, y: 0.05 },
            { t: durationMs, x: 0.5, y: 0.95 },
          ]),
        };
        const truth = (40 / (0.4 / vy)) * 3.6;
        const { events } = run([car], [r], [a, b], { durationMs: durationMs + 500, fps: 10 });
        if (Math.abs(truth - 60) < 4) return;
        expect(events).toHaveLength(truth > 60 ? 1 : 0);
        if (truth > 60) expect(Math.abs((events[0]?.speedKmh ?? 0) - truth) / truth).toBeLessThan(0.05);
      }),
      { numRuns: 40 },
    );
  });

  it('intrusion: a person in the closed yard at night alerts, in daytime does not', () => {
    const yard = zone('仓库', [
      [0.1, 0.1],
      [0.6, 0.1],
      [0.6, 0.9],
      [0.1, 0.9],
    ]);
    const r = rule({
      kind: 'intrusion',
      classes: ['person'],
      zoneId: yard.id,
      dwellSeconds: 3,
      timeWindow: { from: '22:00', to: '06:00' },
    });
    const p = {
      cls: 'person' as const,
      at: path(
        [
          { t: 0, x: 0.8, y: 0.5 },
          { t: 6000, x: 0.3, y: 0.5 },
        ],
        [0.03, 0.1],
      ),
    };
    expect(run([p], [r], [yard], { durationMs: 15_000, start: china(23, 30) }).events).toHaveLength(1);
    expect(run([p], [r], [yard], { durationMs: 15_000, start: china(12) }).events).toHaveLength(0);
    expect(inTimeWindow(china(5, 59), { from: '22:00', to: '06:00' })).toBe(true);
    expect(inTimeWindow(china(6, 0), { from: '22:00', to: '06:00' })).toBe(false);
  });

  it('crowd: alerts when N people stay together, re-arms only after the crowd has clearly thinned', () => {
    const square = zone('广场', [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
    ]);
    const r = rule({
      kind: 'crowd',
      classes: ['person'],
      zoneId: square.id,
      minCount: 10,
      dwellSeconds: 5,
      cooldownSeconds: 60,
    });
    const people = Array.from({ length: 12 }, (_, k) => ({
      cls: 'person' as const,
      // Everyone present 0-30 s; two leave at 30 s and come back at 40 s; seven leave 60-70 s; all back from 70 s.
      at: (t: number) => {
        if (k >= 10 && t > 30_000 && t < 40_000) return null;
        if (k >= 5 && t > 60_000 && t < 70_000) return null;
        return path([{ t: 0, x: 0.05 + (k % 6) * 0.15, y: 0.3 + Math.floor(k / 6) * 0.3 }], [0.04, 0.12])(t);
      },
    }));
    const { events } = run(people, [r], [square], { durationMs: 100_000 });
    expect(events.map((e) => e.count)).toEqual([12, 12]);
    const t0 = Date.UTC(2026, 10, 28, 4);
    expect((events[1]?.t ?? 0) - t0).toBeGreaterThan(70_000);
  });

  it('loitering: minutes in the zone alert, passing through does not', () => {
    const gate = zone('校门', [
      [0.2, 0.2],
      [0.8, 0.2],
      [0.8, 0.8],
      [0.2, 0.8],
    ]);
    const r = rule({ kind: 'loiter', classes: ['person'], zoneId: gate.id, dwellSeconds: 120 });
    const pts = Array.from({ length: 20 }, (_, i) => ({ t: i * 10_000, x: i % 2 ? 0.3 : 0.7, y: 0.5 + (i % 3) * 0.1 }));
    const loiterer = { cls: 'person' as const, at: path(pts, [0.03, 0.08]) };
    const passer = {
      cls: 'person' as const,
      at: path(
        [
          { t: 0, x: 0.05, y: 0.5 },
          { t: 20_000, x: 0.95, y: 0.5 },
        ],
        [0.03, 0.08],
      ),
    };
    expect(run([loiterer], [r], [gate], { durationMs: 190_000 }).events).toHaveLength(1);
    expect(run([passer], [r], [gate], { durationMs: 25_000 }).events).toHaveLength(0);
  });

  it('ignores classes and confidences the rule does not ask for', () => {
    const r = rule({ kind: 'presence', classes: ['truck'], zoneId: LANE.id, minConfidence: 0.6 });
    const car = { cls: 'car' as const, at: path([{ t: 0, x: 0.82, y: 0.7 }]) };
    const truck = { cls: 'truck' as const, at: path([{ t: 0, x: 0.82, y: 0.7 }]) };
    expect(run([car], [r], [LANE], { durationMs: 5000 }).events).toHaveLength(0);
    expect(run([truck], [r], [LANE], { durationMs: 5000, score: 0.5 }).events).toHaveLength(0);
    expect(run([truck], [r], [LANE], { durationMs: 5000, score: 0.7 }).events).toHaveLength(1);
  });
});
