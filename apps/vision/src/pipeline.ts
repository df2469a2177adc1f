import type { CameraAssignment } from '@fengqiao/contracts';
import type { Detector } from './detector';
import type { Frame } from './frame';
import { anchorOf, type Box, type Point } from './geometry';
import { MotionDetector } from './motion';
import { RuleEngine, type RuleEvent } from './rules';
import { Tracker } from './tracker';

export interface PipelineOptions {
  /** Off: detect every frame (the benchmark's baseline). */
  motionGating: boolean;
  /** With tracks alive but nothing moving, re-detect the whole frame this often (stopped cars stay tracked). */
  stationaryEveryMs: number;
  /** A region covering more than this share of the frame is not worth cropping. */
  fullFrameShare: number;
  /** The "after" evidence frame is taken this long after the event. */
  afterMs: number;
  /** The "before" evidence frame is taken this long before the event. */
  beforeMs: number;
}

const DEFAULTS: PipelineOptions = {
  motionGating: true,
  stationaryEveryMs: 1000,
  fullFrameShare: 0.45,
  afterMs: 400,
  beforeMs: 2000,
};

export interface EvidenceFrame {
  role: 'before' | 'during' | 'after';
  frame: Frame;
}

export interface ReadyEvent {
  event: RuleEvent;
  frames: EvidenceFrame[];
}

export interface StepResult {
  /** Whether the detector ran on this frame. */
  detected: boolean;
  detections: number;
  events: ReadyEvent[];
}

/**
 * One camera's processing: motion gate → detector (on the moving region or
 * the whole frame) → tracker → rules, with a small ring of past frames so
 * each event leaves with before, during and after frames.
 */
export class CameraPipeline {
  private readonly motion: MotionDetector;
  private readonly tracker = new Tracker();
  private readonly rules: RuleEngine;
  private readonly o: PipelineOptions;
  private ring: Frame[] = [];
  private pending: { event: RuleEvent; before: Frame | null; during: Frame }[] = [];
  private lastFull = -Infinity;
  private frames = 0;

  constructor(
    readonly camera: CameraAssignment,
    private readonly detector: Detector,
    options: Partial<PipelineOptions> = {},
  ) {
    this.o = { ...DEFAULTS, ...options };
    const masks = camera.shapes.filter((s) => s.kind === 'mask').map((s) => s.points as Point[]);
    this.motion = new MotionDetector(masks);
    this.rules = new RuleEngine(camera.rules, camera.shapes);
  }

  async step(frame: Frame): Promise<StepResult> {
    this.frames++;
    const regions = this.motion.detect(frame);
    let region: Box | undefined;
    let run = true;
    if (this.o.motionGating && this.frames > 1) {
      const refresh = this.tracker.size > 0 && frame.t - this.lastFull >= this.o.stationaryEveryMs;
      if (refresh) region = undefined;
      else if (regions.length === 0) run = false;
      else region = this.cropOf(regions);
    }
    let detections = 0;
    let events: RuleEvent[] = [];
    if (run) {
      if (!region) this.lastFull = frame.t;
      const found = (await this.detector.detect(frame, region)).filter((d) => !this.rules.masked(anchorOf(d.box)));
      detections = found.length;
      const tracks = this.tracker.update(found, frame.t);
      events = this.rules.step(frame.t, tracks);
    }
    for (const e of events)
      this.pending.push({ event: e, before: this.frameNear(e.t - this.o.beforeMs), during: frame });
    this.remember(frame);
    const ready: ReadyEvent[] = [];
    this.pending = this.pending.filter((p) => {
      if (frame.t < p.event.t + this.o.afterMs) return true;
      ready.push({
        event: p.event,
        frames: [
          ...(p.before ? [{ role: 'before' as const, frame: p.before }] : []),
          { role: 'during' as const, frame: p.during },
          { role: 'after' as const, frame },
        ],
      });
      return false;
    });
    return { detected: run, detections, events: ready };
  }

  /** Events still waiting for their "after" frame when a stream ends are sent without it. */
  flush(): ReadyEvent[] {
    const out = this.pending.map((p) => ({
      event: p.event,
      frames: [
        ...(p.before ? [{ role: 'before' as const, frame: p.before }] : []),
        { role: 'during' as const, frame: p.during },
      ],
    }));
    this.pending = [];
    return out;
  }

  /** Union of the moving regions and the tracked boxes, padded; whole frame (undefined) when large. */
  private cropOf(regions: Box[]): Box | undefined {
    const boxes = [...regions, ...this.tracker.live().map((t) => t.box)];
    let x0 = Math.min(...boxes.map((b) => b[0]));
    let y0 = Math.min(...boxes.map((b) => b[1]));
    let x1 = Math.max(...boxes.map((b) => b[0] + b[2]));
    let y1 = Math.max(...boxes.map((b) => b[1] + b[3]));
    const padX = Math.max(0.05, (x1 - x0) * 0.15);
    const padY = Math.max(0.05, (y1 - y0) * 0.15);
    x0 = Math.max(0, x0 - padX);
    y0 = Math.max(0, y0 - padY);
    x1 = Math.min(1, x1 + padX);
    y1 = Math.min(1, y1 + padY);
    if ((x1 - x0) * (y1 - y0) > this.o.fullFrameShare) return undefined;
    return [x0, y0, x1 - x0, y1 - y0];
  }

  /** Keeps about one frame a 500 ms for the last few seconds (raw frames are large). */
  private remember(f: Frame) {
    const last = this.ring[this.ring.length - 1];
    if (last && f.t - last.t < 500) return;
    this.ring.push(f);
    const keep = this.o.beforeMs + 1500;
    while (this.ring.length > 0 && f.t - (this.ring[0]?.t ?? f.t) > keep) this.ring.shift();
  }

  private frameNear(t: number): Frame | null {
    let best: Frame | null = null;
    for (const f of this.ring) if (!best || Math.abs(f.t - t) < Math.abs(best.t - t)) best = f;
    return best;
  }
}
