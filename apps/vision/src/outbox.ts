import type { CameraAssignment, EventRequest } from '@fengqiao/contracts';
import { sleep } from './abortable-sleep';
import { type ServerClient, ServerError } from './client';
import { eventId } from './event-id';
import { type EvidenceBuilder, type FirstEvidence, PLATED } from './evidence';
import type { FiredEvent, ReadyEvent } from './pipeline';
import type { Log } from './worker';

/** An event the server acknowledged (tests and the benchmark read these). */
export interface PostedEvent {
  eventId: string;
  kind: string;
  incidentId: string | null;
  /** From the frame that fired the rule to the server's answer. */
  latencyMs: number;
  plate: string | null;
  plateStatus: string;
  evidence: string[];
}

/** Evidence appended to an acknowledged event. */
export interface AppendedEvidence {
  eventId: string;
  kind: string;
  /** From the frame that fired the rule to the server's answer to the append (the evidence is complete then). */
  latencyMs: number;
  stored: string[];
  duplicates: string[];
  plate: string | null;
  plateStatus: string;
}

export interface OutboxOptions {
  log: Log;
  /** Stops retry waits (the worker is stopping: drain first, then abort). */
  signal: AbortSignal;
  /** Attempts per request for transient failures (network, 5xx, 408, 429). */
  attempts: number;
  /** An event whose evidence never completes (the pipeline was dropped) is closed with what it has after this long. */
  completeTimeoutMs: number;
  /** Wall clock (the benchmark and tests may pass their own). */
  now: () => number;
}

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

function chinaTime(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().replace('T', ' ').slice(0, 19);
}

interface Delivery {
  completion: Promise<ReadyEvent | null>;
  complete: (r: ReadyEvent | null) => void;
}

/**
 * The worker's outbox: each event is posted the moment its rule fires, with
 * the before and during frames (the alert), and its after-frame, clip and
 * plate reading are appended once the pipeline completes them (the
 * evidence). Both requests are retried on transient failures with the same
 * ids — the event id is derived from camera, rule, track and time, and the
 * server keeps one evidence item per event and role — so a retry, or a
 * restarted worker that sees the same replay again, never duplicates. The
 * append goes only after the server acknowledged the event; an event the
 * server refuses takes its evidence with it.
 */
export class EventOutbox {
  readonly posted: PostedEvent[] = [];
  readonly appended: AppendedEvidence[] = [];
  private readonly o: OutboxOptions;
  private deliveries = new Map<string, Delivery>();
  private inFlight = new Set<Promise<void>>();

  constructor(
    private readonly client: ServerClient,
    private readonly evidence: EvidenceBuilder,
    options: Partial<OutboxOptions> & { log: Log; signal: AbortSignal },
  ) {
    this.o = { attempts: 8, completeTimeoutMs: 60_000, now: Date.now, ...options };
  }

  /** Events posted or being posted whose evidence is not yet appended. */
  get size(): number {
    return this.inFlight.size;
  }

  /** A rule fired: post the event now (beside the frame loop, which this never blocks). */
  fire(camera: CameraAssignment, fired: FiredEvent): void {
    const id = this.idOf(camera, fired.event);
    if (this.deliveries.has(id)) return;
    let complete: (r: ReadyEvent | null) => void = () => undefined;
    const completion = new Promise<ReadyEvent | null>((resolve) => {
      complete = resolve;
    });
    const d: Delivery = { completion, complete };
    this.deliveries.set(id, d);
    const p = this.deliver(camera, fired, id, d)
      .catch((err) => this.o.log.error({ camera: camera.code, err: String(err) }, 'event not sent'))
      .finally(() => {
        this.deliveries.delete(id);
        this.inFlight.delete(p);
      });
    this.inFlight.add(p);
  }

  /** The event's after-frame and clip are complete: append them once the event is acknowledged. */
  complete(camera: CameraAssignment, ready: ReadyEvent): void {
    this.deliveries.get(this.idOf(camera, ready.event))?.complete(ready);
  }

  /** Waits for events and appends in flight (tests, shutdown). */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private idOf(camera: CameraAssignment, e: FiredEvent['event']): string {
    return eventId(camera.id, e.ruleId, e.trackId, e.t);
  }

  private async deliver(camera: CameraAssignment, fired: FiredEvent, id: string, d: Delivery): Promise<void> {
    const e = fired.event;
    const rule = camera.rules.find((x) => x.id === e.ruleId);
    const text = `${chinaTime(e.t)} ${camera.name} ${camera.code} ${rule?.name ?? ''} ${KIND_ZH[e.kind] ?? e.kind}`;
    const plated = e.cls !== null && PLATED.includes(e.cls);
    // Evidence is best effort: an event without its pictures is still an event.
    const first: FirstEvidence = await this.evidence.first(camera, fired, text).catch((err: unknown) => {
      this.o.log.error({ camera: camera.code, err: String(err) }, 'evidence not built');
      return { evidence: [], plate: null, plateStatus: plated ? 'pending' : 'not_applicable', frames: fired.frames };
    });
    const body: Omit<EventRequest, 'workerId'> = {
      eventId: id,
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
      plate: first.plate,
      plateStatus: first.plateStatus,
      evidence: first.evidence,
      evidencePending: true,
    };
    const res = await this.retry(camera, 'event', () => this.client.event(body));
    if (!res) return;
    this.posted.push({
      eventId: res.eventId,
      kind: e.kind,
      incidentId: res.incidentId,
      latencyMs: this.o.now() - e.t,
      plate: first.plate,
      plateStatus: first.plateStatus,
      evidence: first.evidence.map((v) => v.role),
    });
    this.o.log.info({ camera: camera.code, kind: e.kind, incident: res.incidentNumber }, 'event posted');

    let timer: NodeJS.Timeout | undefined;
    const ready = await Promise.race([
      d.completion,
      new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), this.o.completeTimeoutMs);
      }),
    ]).finally(() => clearTimeout(timer));
    const rest = ready
      ? await this.evidence.rest(camera, ready, text, first.frames).catch((err: unknown) => {
          this.o.log.error({ camera: camera.code, err: String(err) }, 'evidence not built');
          return null;
        })
      : null;
    if (!ready) this.o.log.warn({ camera: camera.code, eventId: id }, 'evidence never completed; closing it');
    const append = {
      evidence: rest?.evidence ?? [],
      plate: rest?.plate ?? null,
      plateStatus: rest?.plateStatus ?? (plated ? ('unreadable' as const) : ('not_applicable' as const)),
      complete: true,
    };
    const added = await this.retry(camera, 'evidence', () => this.client.appendEvidence(id, append));
    if (!added) return;
    this.appended.push({
      eventId: id,
      kind: e.kind,
      latencyMs: this.o.now() - e.t,
      stored: added.stored,
      duplicates: added.duplicates,
      plate: added.plate,
      plateStatus: added.plateStatus,
    });
    this.o.log.info({ camera: camera.code, kind: e.kind, stored: added.stored }, 'evidence appended');
  }

  /** Retries transient failures with backoff; a refusal (4xx) or running out of attempts gives up (logged). */
  private async retry<T>(camera: CameraAssignment, what: string, send: () => Promise<T>): Promise<T | null> {
    for (let attempt = 0; attempt < this.o.attempts; attempt++) {
      try {
        return await send();
      } catch (err) {
        if (err instanceof ServerError && err.permanent) {
          this.o.log.error({ camera: camera.code, err: err.message }, `${what} refused`);
          return null;
        }
        if (this.o.signal.aborted) break;
        await sleep(Math.min(30_000, 500 * 2 ** attempt), this.o.signal);
      }
    }
    this.o.log.error({ camera: camera.code }, `${what} could not be posted`);
    return null;
  }
}
