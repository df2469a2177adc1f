import type { CameraAssignment } from '@fengqiao/contracts';
import { type ServerClient, ServerError } from './client';
import type { Detector } from './detector';
import { eventId } from './event-id';
import { EvidenceBuilder, PLATED } from './evidence';
import { encodeJpeg, FrameSource } from './ffmpeg';
import { inTimeWindow } from './geometry';
import { CameraPipeline, type PipelineOptions, type ReadyEvent } from './pipeline';
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

const KIND_ZH: Record<string, string> = {
  presence: '目标出现',
  dwell: '违法停留',
  line_cross: '越线',
  wrong_way: '逆行',
  u_turn: '违法掉头',
  speed: '超速',
  intrusion: '闯入',
  crowd: '聚集',
  loiter: '徘徊',
};

/** Waits, or less when the signal aborts; leaves no listener behind. */
const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });

function chinaTime(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().replace('T', ' ').slice(0, 19);
}

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
        let ready: ReadyEvent[];
        try {
          ready = (await pipeline.step(frame)).events;
        } catch (e) {
          // A corrupt frame or a model error costs that frame, not the worker.
          this.w.o.log.error({ camera: this.camera.code, frame: frame.index, err: String(e) }, 'frame skipped');
          continue;
        }
        for (const r of ready) this.w.send(this.camera, r);
      }
      for (const r of pipeline.flush()) this.w.send(this.camera, r);
    } finally {
      clearInterval(guard);
    }
    if (stalled.signal.aborted && !signal.aborted) throw new Error('stream stalled');
  }
}

/**
 * The worker process: claims camera leases from the server, watches each
 * camera, renews the leases with heartbeats that report stream health, and
 * posts events (retrying failed posts: event ids are stable, so a retry is
 * never a duplicate). Losing a lease stops that camera; changed rules
 * restart it with the new configuration.
 */
export class VisionWorker {
  readonly o: WorkerOptions;
  private watchers = new Map<string, CameraWatcher>();
  private readonly stopping = new AbortController();
  private loops: Promise<void>[] = [];
  private outbox = new Set<Promise<void>>();
  /** Events accepted by the server (tests and the benchmark read it). */
  readonly posted: {
    eventId: string;
    kind: string;
    incidentId: string | null;
    latencyMs: number;
    plate: string | null;
    plateStatus: string;
    evidence: string[];
  }[] = [];
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

  /**
   * Builds the evidence and posts the event, retrying transient failures.
   * Runs beside the frame loops (plate reading and clip encoding take a
   * second or so), which it never blocks.
   */
  send(camera: CameraAssignment, r: ReadyEvent): void {
    const p = this.post(camera, r)
      .catch((err) => this.o.log.error({ camera: camera.code, err: String(err) }, 'event not sent'))
      .finally(() => this.outbox.delete(p));
    this.outbox.add(p);
  }

  private async post(camera: CameraAssignment, r: ReadyEvent) {
    const e = r.event;
    const rule = camera.rules.find((x) => x.id === e.ruleId);
    const text = `${chinaTime(e.t)} ${camera.name} ${camera.code} ${rule?.name ?? ''} ${KIND_ZH[e.kind] ?? e.kind}`;
    // Evidence is best effort: an event without its pictures is still an event.
    const { evidence, plate, plateStatus } = await this.evidence.build(camera, r, text).catch((err: unknown) => {
      this.o.log.error({ camera: camera.code, err: String(err) }, 'evidence not built');
      const plated = e.cls !== null && PLATED.includes(e.cls);
      return { evidence: [], plate: null, plateStatus: plated ? ('unreadable' as const) : ('not_applicable' as const) };
    });
    const body = {
      eventId: eventId(camera.id, e.ruleId, e.trackId, e.t),
      cameraId: camera.id,
      ruleId: e.ruleId,
      kind: e.kind,
      occurredAt: new Date(e.t).toISOString(),
      trackId: e.trackId,
      objectClass: e.cls,
      confidence: Math.min(1, Math.max(0, e.score)),
      bbox: e.box ? (e.box.map((v) => Math.min(1, Math.max(0, v))) as [number, number, number, number]) : null,
      count: e.count,
      speedKmh: e.speedKmh,
      dwellSeconds: e.dwellSeconds,
      plate,
      plateStatus,
      evidence,
    };
    for (let attempt = 0; attempt < 8; attempt++) {
      try {
        const res = await this.client.event(body);
        this.posted.push({
          eventId: res.eventId,
          kind: e.kind,
          incidentId: res.incidentId,
          latencyMs: Date.now() - e.t,
          plate,
          plateStatus,
          evidence: evidence.map((v) => v.role),
        });
        this.o.log.info({ camera: camera.code, kind: e.kind, incident: res.incidentNumber }, 'event posted');
        return;
      } catch (err) {
        if (err instanceof ServerError && err.permanent) {
          this.o.log.error({ camera: camera.code, err: err.message }, 'event refused');
          return;
        }
        await sleep(Math.min(30_000, 500 * 2 ** attempt), this.stopping.signal);
        if (this.stopping.signal.aborted) return;
      }
    }
    this.o.log.error({ camera: camera.code, kind: e.kind }, 'event could not be posted');
  }

  /** Waits for events in flight (tests, shutdown). */
  async drain(): Promise<void> {
    while (this.outbox.size > 0) await Promise.allSettled([...this.outbox]);
  }

  async stop(): Promise<void> {
    const ids = [...this.watchers.keys()];
    await Promise.all(ids.map((id) => this.stopWatcher(id)));
    await this.drain();
    this.stopping.abort();
    await Promise.all(this.loops);
    if (ids.length > 0) await this.client.release(ids).catch(() => undefined);
  }
}
