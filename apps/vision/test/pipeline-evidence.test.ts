import { describe, expect, it } from 'vitest';
import type { Detector } from '../src/detector';
import type { Frame } from '../src/frame';
import { CameraPipeline } from '../src/pipeline';
import { ROAD } from '../src/scene-video';
import { sceneCamera } from './scenes';

/** A detector that always sees one car standing in the emergency lane, and a person on the verge. */
const fixed: Detector = {
  name: 'fixed',
  detect: async () => [
    { cls: 'car', score: 0.9, box: [0.6, ROAD.emergencyLane.top + 0.02, 0.2, 0.15] },
    { cls: 'person', score: 0.8, box: [0.1, 0.05, 0.05, 0.15] },
  ],
  close: async () => undefined,
};

const T0 = 1_700_000_000_000;
const frameAt = (i: number, fps: number): Frame => ({
  width: 64,
  height: 36,
  data: new Uint8Array(64 * 36 * 3),
  t: T0 + (i * 1000) / fps,
  index: i,
  pts: i / fps,
});

describe('pipeline evidence frames', () => {
  it('holds an event until its clip is complete: 3 s before to 1.5 s after at 5 fps, with the objects of each frame', async () => {
    const fps = 10;
    const p = new CameraPipeline(sceneCamera('file:///x.mp4'), fixed, { motionGating: false });
    const ready = [];
    let conditionAt = 0;
    for (let i = 0; i < 12 * fps; i++) {
      const r = await p.step(frameAt(i, fps));
      ready.push(...r.events.map((e) => ({ ...e, at: frameAt(i, fps).t })));
      if (r.events.length > 0) conditionAt = r.events[0]?.event.t ?? 0;
    }
    const dwell = ready.filter((r) => r.event.kind === 'dwell');
    expect(dwell).toHaveLength(1);
    const e = dwell[0] as (typeof dwell)[number];
    expect(conditionAt).toBe(e.event.t);
    // Sent once the clip's last frame has arrived, not before.
    expect(e.at - e.event.t).toBeGreaterThanOrEqual(1500);
    expect(e.at - e.event.t).toBeLessThan(1500 + 1000 / fps + 1);
    expect(e.frames.map((f) => f.role)).toEqual(['before', 'during', 'after']);
    const [before, during, after] = e.frames.map((f) => f.frame.t - e.event.t);
    expect(before).toBeCloseTo(-2000, -2);
    expect(during).toBe(0);
    expect(after).toBeGreaterThanOrEqual(400);
    // The clip: about 5 fps from 3 s before to 1.5 s after, in time order.
    const times = e.clip.map((c) => c.frame.t - e.event.t);
    expect(times[0]).toBeGreaterThanOrEqual(-3000);
    expect(times[0]).toBeLessThanOrEqual(-2800);
    expect(times[times.length - 1]).toBeGreaterThanOrEqual(1400);
    expect(times.every((t, i) => i === 0 || t - (times[i - 1] as number) >= 199)).toBe(true);
    expect(e.clip.length).toBeGreaterThanOrEqual(22);
    expect(e.clip.length).toBeLessThanOrEqual(24);
    // Each frame knows the tracked objects in it (redaction regions, the plate's vehicle box).
    const during0 = e.frames[1];
    expect(during0?.objects.map((o) => o.cls).sort()).toEqual(['car', 'person']);
    expect(during0?.objects.find((o) => o.cls === 'car')?.trackId).toBe(e.event.trackId);
  });

  it('with clips off, an event leaves after its "after" frame and carries no clip', async () => {
    const fps = 10;
    const p = new CameraPipeline(sceneCamera('file:///x.mp4'), fixed, { motionGating: false, clipAfterMs: 0 });
    for (let i = 0; i < 10 * fps; i++) {
      const r = await p.step(frameAt(i, fps));
      const dwell = r.events.find((x) => x.event.kind === 'dwell');
      if (!dwell) continue;
      expect(frameAt(i, fps).t - dwell.event.t).toBe(400);
      expect(dwell.clip).toEqual([]);
      return;
    }
    throw new Error('no dwell event');
  });
});
