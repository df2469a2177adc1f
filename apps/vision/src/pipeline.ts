import type { CameraAssignment, ObjectClass } from '@fengqiao/contracts';
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
  /** The evidence clip starts this long before the event ... */
  clipBeforeMs: number;
  /** ... and ends this long after it (the evidence completes then; the event itself leaves at once); 0 sends no clip. */
  clipAfterMs: number;
  /** Frames a second kept for the clip (at most the detect rate). */
  clipFps: number;
}

const DEFAULTS: PipelineOptions = {
  motionGating: true,
  stationaryEveryMs: 1000,
  fullFrameShare: 0.45,
  afterMs: 400,
  beforeMs: 2000,
  clipBeforeMs: 3000,
  clipAfterMs: 1500,
  clipFps: 5,
};

/** A tracked object as it stood in one frame (evidence redaction regions, the plate's vehicle box). */
export interface SeenObject {
  trackId: number;
  cls: ObjectClass;
  box: Box;
  score: number;
}

/** A decoded frame with the objects the tracker held in it. */
export interface SeenFrame {
  frame: Frame;
  objects: SeenObject[];
}

export interface EvidenceFrame extends SeenFrame {
  role: 'before' | 'during' | 'after';
}

/**
 * An event the moment its rule fires, with the frames already in hand
 * (before, during): the worker posts it at once, so the alert never waits
 * for the evidence that lies in the future.
 */
export interface FiredEvent {
  event: RuleEvent;
  frames: EvidenceFrame[];
}

/**
 * The same event once its evidence is complete: before, during and after
 * frames and the clip (3 s before to 1.5 s after). The worker appends what
 * the first post did not carry (after-frame, clip, plate).
 */
export interface ReadyEvent {
  event: RuleEvent;
  frames: EvidenceFrame[];
  /** Frames around the event, oldest first, at about clipFps (empty when clips are off). */
  clip: SeenFrame[];
}

interface Pending {
  event: RuleEvent;
  before: SeenFrame | null;
  during: SeenFrame;
  after: SeenFrame | null;
  clip: SeenFrame[];
}

export interface StepResult {
  /** Whether the detector ran on this frame. */
  detected: boolean;
  detections: number;
  /** Events whose rule fired on this frame (post them now). */
  fired: FiredEvent[];
  /** Earlier events whose after-frame and clip are complete with this frame (append their evidence). */
  completed: ReadyEvent[];
}

/**
 * One camera's processing: motion gate → detector (on the moving region or
 * the whole frame) → tracker → rules, with a small ring of past frames. An
 * event is reported the frame its rule fires (with the before and during
 * frames) and again once its after-frame and clip are complete.
 */
export class CameraPipeline {
  private readonly motion: MotionDetector;
  private readonly tracker = new Tracker();
  private readonly rules: RuleEngine;
  private readonly o: PipelineOptions;
  private ring: SeenFrame[] = [];
  private pending: Pending[] = [];
  /** The tracker's objects as of the last detection (frames the motion gate skipped keep them). */
  private objects: SeenObject[] = [];
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
      this.objects = tracks
        .filter((t) => t.confirmed)
        .map((t) => ({ trackId: t.id, cls: t.cls, box: t.box, score: t.score }));
    }
    const seen: SeenFrame = { frame, objects: this.objects };
    const fired: FiredEvent[] = [];
    for (const e of events) {
      const clip = this.ring.filter((r) => r.frame.t >= e.t - this.o.clipBeforeMs && r.frame.t < frame.t);
      const before = this.frameNear(e.t - this.o.beforeMs);
      this.pending.push({ event: e, before, during: seen, after: null, clip });
      fired.push({
        event: e,
        frames: [...(before ? [{ role: 'before' as const, ...before }] : []), { role: 'during' as const, ...seen }],
      });
    }
    const completed: ReadyEvent[] = [];
    this.pending = this.pending.filter((p) => {
      if (this.clipStep(p.clip, frame)) p.clip.push(seen);
      if (!p.after && frame.t >= p.event.t + this.o.afterMs) p.after = seen;
      if (frame.t < p.event.t + Math.max(this.o.afterMs, this.o.clipAfterMs)) return true;
      completed.push(this.ready(p));
      return false;
    });
    this.remember(seen);
    return { detected: run, detections, fired, completed };
  }

  /** Events still waiting for their "after" frame or the end of their clip when a stream ends complete as they are. */
  flush(): ReadyEvent[] {
    const out = this.pending.map((p) => this.ready(p));
    this.pending = [];
    return out;
  }

  private ready(p: Pending): ReadyEvent {
    return {
      event: p.event,
      frames: [
        ...(p.before ? [{ role: 'before' as const, ...p.before }] : []),
        { role: 'during' as const, ...p.during },
        ...(p.after ? [{ role: 'after' as const, ...p.after }] : []),
      ],
      clip: this.o.clipAfterMs > 0 ? p.clip : [],
    };
  }

  /** Whether a frame is due in a clip (or the ring) at clipFps. */
  private clipStep(list: readonly SeenFrame[], f: Frame): boolean {
    const last = list[list.length - 1];
    return !last || f.t - last.frame.t >= 1000 / this.o.clipFps - 1;
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

  /**
   * Keeps the last few seconds at clipFps (raw frames are large: a 640×360
   * frame is 0.7 MB, so 3.5 s at 5 fps hold about 12 MB a camera).
   */
  private remember(s: SeenFrame) {
    if (!this.clipStep(this.ring, s.frame)) return;
    this.ring.push(s);
    const keep = Math.max(this.o.beforeMs + 500, this.o.clipAfterMs > 0 ? this.o.clipBeforeMs : 0);
    while (this.ring.length > 0 && s.frame.t - (this.ring[0]?.frame.t ?? s.frame.t) > keep) this.ring.shift();
  }

  private frameNear(t: number): SeenFrame | null {
    let best: SeenFrame | null = null;
    for (const s of this.ring) if (!best || Math.abs(s.frame.t - t) < Math.abs(best.frame.t - t)) best = s;
    return best;
  }
}
