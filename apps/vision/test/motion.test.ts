import { describe, expect, it } from 'vitest';
import type { Frame } from '../src/frame';
import { MotionDetector } from '../src/motion';

function frame(t: number, block?: { x: number; y: number; size: number }): Frame {
  const width = 320;
  const height = 180;
  const data = new Uint8Array(width * height * 3).fill(90);
  if (block)
    for (let y = block.y; y < block.y + block.size; y++)
      for (let x = block.x; x < block.x + block.size; x++) data.fill(230, (y * width + x) * 3, (y * width + x) * 3 + 3);
  return { width, height, data, t, index: t };
}

describe('motion gating', () => {
  it('sees nothing in a still scene and the moving block where it is', () => {
    const m = new MotionDetector();
    expect(m.detect(frame(0))).toEqual([]);
    expect(m.detect(frame(1))).toEqual([]);
    const regions = m.detect(frame(2, { x: 200, y: 60, size: 40 }));
    expect(regions).toHaveLength(1);
    const [r] = regions;
    expect(r?.[0]).toBeLessThanOrEqual(200 / 320);
    expect((r?.[0] ?? 0) + (r?.[2] ?? 0)).toBeGreaterThanOrEqual(240 / 320);
    expect(r?.[1]).toBeLessThanOrEqual(60 / 180);
  });

  it('ignores motion inside a mask', () => {
    const m = new MotionDetector([
      [
        [0.5, 0],
        [1, 0],
        [1, 1],
        [0.5, 1],
      ],
    ]);
    m.detect(frame(0));
    expect(m.detect(frame(1, { x: 200, y: 60, size: 40 }))).toEqual([]);
    expect(m.detect(frame(2, { x: 40, y: 60, size: 40 }))).toHaveLength(1);
  });

  it('ignores small noise', () => {
    const m = new MotionDetector();
    m.detect(frame(0));
    expect(m.detect(frame(1, { x: 100, y: 100, size: 3 }))).toEqual([]);
  });
});
