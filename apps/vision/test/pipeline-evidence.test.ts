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
  it('fires an event on the frame its rule fires (before and during frames) and completes it once the clip is complete', async () => {
    const fps = 10;
    const p = new CameraPipeline(sceneCamera('file:///x.mp4'), fixed, { motionGating: false });
    const fired = [];
    const completed = [];
    for (let i = 0; i < 12 * fps; i++) {
      const at = frameAt(i, fps).t;
      const r = await p.step(frameAt(i, fps));
      fired.push(...r.fired.map((e) => ({ ...e, at, completedYet: completed.length })));
      completed.push(...r.completed.map((e) => ({ ...e, at })));
    }
    const alert = fired.filter((r) => r.event.kind === 'dwell');
    expect(alert).toHaveLength(1);
    const f = alert[0] as (typeof alert)[number];
    // The alert leaves on the very frame that met the condition, before its clip is done.
    expect(f.at).toBe(f.event.t);
    expect(f.completedYet).toBe(0);
    expect(f.frames.map((x) => x.role)).toEqual(['before', 'during']);
    expect((f.frames[0]?.frame.t ?? 0) - f.event.t).toBeCloseTo(-2000, -2);
    expect(f.frames[1]?.frame.t).toBe(f.event.t);

    const dwell = completed.filter((r) => r.event.kind === 'dwell');
    expect(dwell).toHaveLength(1);
    const e = dwell[0] as (typeof dwell)[number];
    // The same event, completed later: once the clip's last frame has arrived, not before.
    expect(e.event).toBe(f.event);
    expect(e.at - e.event.t).toBeGreaterThanOrEqual(1500);
    expect(e.at - e.event.t).toBeLessThan(1500 + 1000 / fps + 1);
    expect(e.frames.map((x) => x.role)).toEqual(['before', 'during', 'after']);
    const [before, during, after] = e.frames.map((x) => x.frame.t - e.event.t);
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

  it('with clips off, the evidence completes with the "after" frame and carries no clip', async () => {
    const fps = 10;
    const p = new CameraPipeline(sceneCamera('file:///x.mp4'), fixed, { motionGating: false, clipAfterMs: 0 });
    let firedAt: number | null = null;
    for (let i = 0; i < 10 * fps; i++) {
      const r = await p.step(frameAt(i, fps));
      if (r.fired.some((x) => x.event.kind === 'dwell')) firedAt = frameAt(i, fps).t;
      const dwell = r.completed.find((x) => x.event.kind === 'dwell');
      if (!dwell) continue;
      expect(firedAt).toBe(dwell.event.t);
      expect(frameAt(i, fps).t - dwell.event.t).toBe(400);
      expect(dwell.clip).toEqual([]);
      return;
    }
    throw new Error('no dwell event');
  });

  it('a stream that ends right after an event fired completes its evidence with what there is', async () => {
    const fps = 10;
    const p = new CameraPipeline(sceneCamera('file:///x.mp4'), fixed, { motionGating: false });
    for (let i = 0; i < 10 * fps; i++) {
      const r = await p.step(frameAt(i, fps));
      if (!r.fired.some((x) => x.event.kind === 'dwell')) continue;
      const rest = p.flush();
      expect(rest.map((x) => x.event.kind)).toContain('dwell');
      const dwell = rest.find((x) => x.event.kind === 'dwell');
      // No after-frame yet; the clip ends at the event.
      expect(dwell?.frames.map((x) => x.role)).toEqual(['before', 'during']);
      expect(p.flush()).toEqual([]);
      return;
    }
    throw new Error('no dwell event');
  });
});
