import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Tracker } from '../src/tracker';
import { path, run } from './synthetic';

describe('SORT tracker', () => {
  it('keeps one id per car through missed detections and estimates its velocity', () => {
    const car = {
      cls: 'car' as const,
      at: path([
        { t: 0, x: 0.1, y: 0.5 },
        { t: 8000, x: 0.9, y: 0.5 },
      ]),
    };
    const { idsOf, tracker } = run([car], [], [], { durationMs: 8000, miss: (i) => i % 4 === 2 });
    expect(idsOf[0]?.size).toBe(1);
    const [tr] = tracker.live();
    expect(tr?.velocity[0]).toBeCloseTo(0.1, 2);
    expect(Math.abs(tr?.velocity[1] ?? 1)).toBeLessThan(0.01);
  });

  it('drops a track after maxAge and never reuses an id', () => {
    const t = new Tracker({ maxAgeMs: 1000 });
    const box = [0.4, 0.4, 0.1, 0.1] as const;
    t.update([{ cls: 'car', score: 0.9, box }], 0);
    t.update([], 900);
    expect(t.size).toBe(1);
    t.update([], 2000);
    expect(t.size).toBe(0);
    const [again] = t.update([{ cls: 'car', score: 0.9, box }], 2200);
    expect(again?.id).toBe(2);
  });

  it('property: objects in separate lanes keep their own stable ids under jitter and misses', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.double({ min: 0.03, max: 0.15, noNaN: true }), { minLength: 4, maxLength: 4 }),
        fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (n, speeds, leftward, seed) => {
          const actors = Array.from({ length: n }, (_, k) => {
            const y = 0.2 + k * 0.2;
            const v = speeds[k] ?? 0.1;
            const [x0, x1] = leftward[k] ? [0.9, 0.9 - v * 6] : [0.1, 0.1 + v * 6];
            return {
              cls: 'car' as const,
              at: path([
                { t: 0, x: x0, y },
                { t: 6000, x: x1, y },
              ]),
            };
          });
          // A deterministic pseudo-random stream for jitter and misses.
          let s = seed;
          const rnd = () => {
            s = (s * 1103515245 + 12345) % 2147483648;
            return s / 2147483648;
          };
          const { idsOf } = run(actors, [], [], {
            durationMs: 6000,
            miss: () => rnd() < 0.15,
            jitter: () => [(rnd() - 0.5) * 0.006, (rnd() - 0.5) * 0.006],
          });
          const all = idsOf.flatMap((ids) => [...ids]);
          for (const ids of idsOf) expect(ids.size).toBe(1);
          expect(new Set(all).size).toBe(all.length);
        },
      ),
      { numRuns: 60 },
    );
  });
});
