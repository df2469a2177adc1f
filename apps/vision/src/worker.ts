import type { CameraAssignment } from '@fengqiao/contracts';
import { sleep } from './abortable-sleep';
import type { ServerClient } from './client';
import type { Detector } from './detector';
import { EvidenceBuilder } from './evidence';
import { encodeJpeg, FrameSource } from './ffmpeg';
import { inTimeWindow } from './geometry';
import { type AppendedEvidence, EventOutbox, type PostedEvent } from './outbox';
import { CameraPipeline, type PipelineOptions, type StepResult } from './pipeline';
import type { PlateReader } from './plate-reader';

export interface Log {
  info(o: object, msg: string): void;
  warn(o: object, msg: string): void;
  error(o: object, msg: string): void;
}

export interface WorkerOptions {
  maxCameras: number;
  /** Decode size of the detect stream. */
  width: number;
  height: number;
  /** Read file:// sources at their own pace (off for fast replays in tests). */
  realtime: boolean;
  claimEveryMs: number;
  /** A stream that delivers no frame for this long is restarted. */
  stallMs: number;
  backoffMinMs: number;
  backoffMaxMs: number;
  pipeline: Partial<PipelineOptions>;
  /** Reads plates for vehicle events; null: plates are marked unreadable (and the close-up still sent). */
  plateReader: PlateReader | null;
  log: Log;
}

const DEFAULTS: Omit<WorkerOptions, 'log'> = {
  maxCameras: 8,
  width: 640,
  height: 360,
  realtime: true,
  claimEveryMs: 5000,
  stallMs: 15_000,
  backoffMinMs: 1000,
  backoffMaxMs: 60_000,
  pipeline: {},
  plateReader: null,
};

/** Watches one camera: decode → pipeline → events, restarting a failed or stalled stream with backoff. */
class CameraWatcher {
  readonly abort = new AbortController();
  status: 'online' | 'offline' = 'offline';
  reason: string | null = 'starting';
  private failures = 0;
  done: Promise<void>;

  constructor(
    readonly camera: CameraAssignment,
    private readonly w: VisionWorker,
  ) {
    this.done = this.run();
  }

  private async run() {
    const signal = this.abort.signal;
    while (!signal.aborted) {
      if (!inTimeWindow(Date.now(), this.camera.enabledHours)) {
        this.status = 'offline';
        this.reason = 'outside_hours';
        await sleep(30_000, signal);
        continue;
      }
      try {
        await this.watch(signal);
        // A file replay ended: start again (a demo camera loops); a live stream ending is a fault.
        if (!this.camera.streamUrl.startsWith('file://')) throw new Error('stream ended');
        this.failures = 0;
        await sleep(this.w.o.backoffMinMs, signal);
      } catch (e) {
        if (signal.aborted) break;
        this.failures++;
        this.status = 'offline';
        this.reason = (e as Error).message.slice(0, 280);
        const delay = Math.min(this.w.o.backoffMaxMs, this.w.o.backoffMinMs * 2 ** (this.failures - 1));
        this.w.o.log.warn({ camera: this.camera.code, err: this.reason, retryInMs: delay }, 'stream failed');
        await sleep(delay, signal);
      }
    }
  }

  private async watch(signal: AbortSignal) {
    const source = new FrameSource({
      url: this.camera.streamUrl,
      fps: this.camera.detectFps,
      width: this.w.o.width,
      height: this.w.o.height,
      realtime: this.w.o.realtime,
    });
    const pipeline = new CameraPipeline(this.camera, this.w.detector, this.w.o.pipeline);
    // A stall (no frame for stallMs) kills the decoder, which ends the loop below with an error.
    let last = Date.now();
    const stalled = new AbortController();
    const guard = setInterval(() => {
      if (Date.now() - last > this.w.o.stallMs) stalled.abort();
    }, 1000);
    const both = AbortSignal.any([signal, stalled.signal]);
    let first = true;
    try {
      for await (const frame of source.frames(both)) {
        last = Date.now();
        this.status = 'online';
        this.reason = null;
        this.failures = 0;
        if (first && !this.camera.hasSnapshot) {
          first = false;
          encodeJpeg(frame)
            .then((jpeg) => this.w.client.snapshot(this.camera.id, jpeg))
            .then(() => {
              // Once is enough: a restarted stream does not replace the picture officers drew on.
              this.camera.hasSnapshot = true;
            })
            .catch((e) => this.w.o.log.warn({ camera: this.camera.code, err: String(e) }, 'snapshot not sent'));
        }
        first = false;
        let step: StepResult;
        try {
          step = await pipeline.step(frame);
        } catch (e) {
          // A corrupt frame or a model error costs that frame, not the worker.
          this.w.o.log.error({ camera: this.camera.code, frame: frame.index, err: String(e) }, 'frame skipped');
          continue;
        }
        // The alert goes the frame its rule fires; the after-frame and clip follow as an append.
        for (const f of step.fired) this.w.outbox.fire(this.camera, f);
        for (const r of step.completed) this.w.outbox.complete(this.camera, r);
      }
    } finally {
      clearInterval(guard);
      // A stream that ends, stalls or is stopped completes its events' evidence with what it has.
      for (const r of pipeline.flush()) this.w.outbox.complete(this.camera, r);
    }
    if (stalled.signal.aborted && !signal.aborted) throw new Error('stream stalled');
  }
}

/**
 * The worker process: claims camera leases from the server, watches each
 * camera, renews the leases with heartbeats that report stream health, and
 * posts events through its outbox (at once, then their evidence; retries
 * keep the same ids, so a retry is never a duplicate). Losing a lease stops
 * that camera; changed rules restart it with the new configuration.
 */
export class VisionWorker {
  readonly o: WorkerOptions;
  private watchers = new Map<string, CameraWatcher>();
  private readonly stopping = new AbortController();
  /** Set first thing in stop(): no new camera starts while the outbox drains. */
  private closing = false;
  private loops: Promise<void>[] = [];
  /** Posts events the moment their rules fire and appends their evidence once complete. */
  readonly outbox: EventOutbox;
  private readonly evidence: EvidenceBuilder;

  constructor(
    readonly client: ServerClient,
    readonly detector: Detector,
    options: Partial<WorkerOptions> & { log: Log },
  ) {
    this.o = { ...DEFAULTS, ...options };
    this.evidence = new EvidenceBuilder(this.o.plateReader, this.o.log, {
      clipFps: this.o.pipeline.clipFps ?? 5,
    });
    this.outbox = new EventOutbox(client, this.evidence, { log: this.o.log, signal: this.stopping.signal });
  }

  /** Events the server acknowledged (tests and the benchmark read it). */
  get posted(): PostedEvent[] {
    return this.outbox.posted;
  }

  /** Evidence appended to acknowledged events. */
  get appended(): AppendedEvidence[] {
    return this.outbox.appended;
  }

  start(): void {
    if (!this.o.plateReader)
      this.o.log.warn({}, 'plate reading disabled (no OCR models): vehicle plates are marked unreadable');
    this.loops.push(this.claimLoop(), this.heartbeatLoop());
  }

  get cameras(): string[] {
    return [...this.watchers.keys()];
  }

  private async claimLoop() {
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      try {
        if (this.watchers.size < this.o.maxCameras) {
          const got = await this.client.claim(this.o.maxCameras);
          for (const cam of got.cameras) {
            // Stopping: a claim answered late starts nothing (its leases lapse).
            if (this.closing) break;
            const running = this.watchers.get(cam.id);
            if (running && running.camera.version === cam.version) continue;
            if (running) await this.stopWatcher(cam.id);
            this.watchers.set(cam.id, new CameraWatcher(cam, this));
            this.o.log.info({ camera: cam.code, rules: cam.rules.length }, 'watching camera');
          }
        }
      } catch (e) {
        this.o.log.warn({ err: String(e) }, 'claim failed');
      }
      await sleep(this.o.claimEveryMs, signal);
    }
  }

  private async heartbeatLoop() {
    const signal = this.stopping.signal;
    let every = 10_000;
    while (!signal.aborted) {
      await sleep(every, signal);
      if (signal.aborted || this.watchers.size === 0) continue;
      try {
        const hb = await this.client.heartbeat(
          [...this.watchers.values()].map((w) => ({
            id: w.camera.id,
            status: w.status,
            reason: w.reason,
            version: w.camera.version,
          })),
        );
        every = Math.max(1000, (hb.leaseSeconds * 1000) / 3);
        for (const id of hb.lost) {
          this.o.log.warn({ camera: id }, 'lease lost');
          await this.stopWatcher(id);
        }
        // Stopping a changed camera lets the next claim hand it back with the new rules.
        for (const id of hb.changed) await this.stopWatcher(id);
      } catch (e) {
        this.o.log.warn({ err: String(e) }, 'heartbeat failed');
      }
    }
  }

  private async stopWatcher(id: string) {
    const w = this.watchers.get(id);
    if (!w) return;
    this.watchers.delete(id);
    w.abort.abort();
    await w.done;
  }

  /** Waits for events and evidence in flight (tests, shutdown). */
  async drain(): Promise<void> {
    await this.outbox.drain();
  }

  async stop(): Promise<void> {
    this.closing = true;
    const ids = [...this.watchers.keys()];
    await Promise.all(ids.map((id) => this.stopWatcher(id)));
    await this.drain();
    this.stopping.abort();
    await Promise.all(this.loops);
    if (ids.length > 0) await this.client.release(ids).catch(() => undefined);
  }
}
