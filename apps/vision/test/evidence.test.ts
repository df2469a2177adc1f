import { EventRequest } from '@fengqiao/contracts';
import { describe, expect, it } from 'vitest';
import { EvidenceBuilder, regionsOf } from '../src/evidence';
import type { Frame } from '../src/frame';
import type { EvidenceFrame, ReadyEvent, SeenObject } from '../src/pipeline';
import type { PaddleOcr } from '../src/plate-ocr';
import { PlateReader } from '../src/plate-reader';
import type { RuleEvent } from '../src/rules';
import { sceneCamera } from './scenes';

const T0 = Date.parse('2026-05-01T02:00:00Z');
const frame = (i: number, shade = 90): Frame => ({
  width: 320,
  height: 180,
  data: new Uint8Array(320 * 180 * 3).fill(shade + i),
  t: T0 + i * 200,
  index: i,
  pts: i / 5,
});
const car: SeenObject = { trackId: 4, cls: 'car', box: [0.5, 0.6, 0.3, 0.3], score: 0.8 };
const walker: SeenObject = { trackId: 5, cls: 'person', box: [0.1, 0.2, 0.1, 0.4], score: 0.7 };

function ready(cls: 'car' | 'person', clipFrames = 12): ReadyEvent {
  const subject = cls === 'car' ? car : walker;
  const objects = [car, walker];
  const event: RuleEvent = {
    ruleId: sceneCamera('file:///x.mp4').rules[0]?.id as string,
    kind: 'dwell',
    t: T0 + 2000,
    trackId: subject.trackId,
    cls,
    score: subject.score,
    box: subject.box,
    count: null,
    speedKmh: null,
    dwellSeconds: 3,
  };
  const roles: EvidenceFrame[] = [
    { role: 'before', frame: frame(0), objects },
    { role: 'during', frame: frame(10), objects },
    { role: 'after', frame: frame(12), objects },
  ];
  return {
    event,
    frames: roles,
    clip: Array.from({ length: clipFrames }, (_, i) => ({ frame: frame(i), objects })),
  };
}

const logs: string[] = [];
const log = {
  info: (_: object, m: string) => logs.push(m),
  warn: (_: object, m: string) => logs.push(m),
  error: (_: object, m: string) => logs.push(m),
};

/** What the worker would post, through the server's contract. */
const asRequest = (built: Awaited<ReturnType<EvidenceBuilder['build']>>) =>
  EventRequest.parse({
    eventId: '6f1c2b1e-0d4a-4e37-9b0a-2f1f1f1f1f1f',
    workerId: 'test-worker',
    cameraId: '6f1c2b1e-0d4a-4e37-9b0a-2f1f1f1f1f10',
    ruleId: '6f1c2b1e-0d4a-4e37-9b0a-2f1f1f1f1f11',
    kind: 'dwell',
    occurredAt: new Date(T0).toISOString(),
    trackId: 4,
    objectClass: 'car',
    confidence: 0.8,
    bbox: [0.5, 0.6, 0.3, 0.3],
    ...built,
  });

describe('evidence of an event', () => {
  it('a failing plate reader leaves the plate unreadable, and the event keeps its frames, close-up and clip', async () => {
    const broken = new PlateReader({
      detect: async () => {
        throw new Error('onnx session lost');
      },
    } as unknown as PaddleOcr);
    logs.length = 0;
    const built = await new EvidenceBuilder(broken, log, { clipFps: 5 }).build(
      sceneCamera('file:///x.mp4'),
      ready('car'),
      '2026-05-01 10:00:00 测试 SCENE 应急车道停车',
    );
    expect(built.plate).toBeNull();
    expect(built.plateStatus).toBe('unreadable');
    expect(built.evidence.map((v) => v.role)).toEqual(['before', 'during', 'after', 'plate', 'clip']);
    expect(logs).toContain('plate reading failed');
    expect(asRequest(built).evidence).toHaveLength(5);
  }, 30_000);

  it('without a reader a vehicle is unreadable, a person not applicable; no clip from a single frame', async () => {
    const builder = new EvidenceBuilder(null, log, { clipFps: 5 });
    const vehicle = await builder.build(sceneCamera('file:///x.mp4'), ready('car', 0), 'x');
    expect(vehicle.plateStatus).toBe('unreadable');
    expect(vehicle.evidence.map((v) => v.role)).toEqual(['before', 'during', 'after', 'plate']);
    const person = await builder.build(sceneCamera('file:///x.mp4'), ready('person', 1), 'x');
    expect(person.plateStatus).toBe('not_applicable');
    expect(person.evidence.map((v) => v.role)).toEqual(['before', 'during', 'after']);
  }, 30_000);

  it('marks every person (and head) and vehicle for redaction, the plate first', () => {
    const regions = regionsOf([car, walker], [0.55, 0.8, 0.08, 0.03]);
    expect(regions.map((r) => r.kind)).toEqual(['plate', 'vehicle', 'person', 'face']);
    expect(regions[3]?.box[3]).toBeCloseTo(0.08);
    // Boxes that spill over the frame edge are clipped into it (the contract wants [0, 1]).
    const clipped = regionsOf([{ ...car, box: [0.9, -0.1, 0.3, 0.5] }])[0]?.box ?? [];
    expect(clipped.map((v) => Number(v.toFixed(6)))).toEqual([0.9, 0, 0.1, 0.4]);
  });
});
