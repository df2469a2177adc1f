import type { CameraAssignment, EventRequest, ObjectClass, RedactionRegion } from '@fengqiao/contracts';
import { encodeClip, encodeJpeg, grabFrame } from './ffmpeg';
import type { Frame } from './frame';
import type { Box } from './geometry';
import { clampBox } from './image';
import type { EvidenceFrame, FiredEvent, ReadyEvent, SeenFrame, SeenObject } from './pipeline';
import { closeUpOf, type PlateRead, type PlateReader, plateSearchRegion } from './plate-reader';
import type { Log } from './worker';

/** Classes that carry a plate. */
export const PLATED: readonly ObjectClass[] = ['car', 'bus', 'truck', 'motorcycle'];
const VEHICLES: readonly ObjectClass[] = [...PLATED, 'bicycle'];

type EvidenceInput = NonNullable<EventRequest['evidence']>[number];
type Tuple = [number, number, number, number];

/**
 * The most bytes one evidence item may have: the server refuses a whole
 * event with a file over 4 MB (the contract's 6 MB of base64 is looser), so
 * a larger item is left out rather than losing the event.
 */
const MAX_ITEM_BYTES = 4 * 1024 * 1024;

export interface EvidenceOptions {
  /** Frames a second of the clip (the pipeline's clipFps). */
  clipFps: number;
}

export interface BuiltEvidence {
  evidence: EvidenceInput[];
  plate: string | null;
  plateStatus: 'read' | 'unreadable' | 'not_applicable';
}

/** What goes with the event the moment its rule fires: the frames in hand; a vehicle's plate is still to be read. */
export interface FirstEvidence {
  evidence: EvidenceInput[];
  plate: null;
  plateStatus: 'pending' | 'not_applicable';
  /** The frames as encoded (main-stream versions where there are), for the plate reading later. */
  frames: EvidenceFrame[];
}

/** What exports must blur in a frame: people (and their heads), vehicles, the plate where one was found. */
export function regionsOf(objects: readonly SeenObject[], plate: Box | null = null): RedactionRegion[] {
  const out: RedactionRegion[] = [];
  for (const o of objects) {
    const box = clampBox(o.box) as Tuple;
    if (o.cls === 'person') {
      out.push({ kind: 'person', box });
      // The head is about the top fifth of a standing person's box.
      out.push({ kind: 'face', box: [box[0], box[1], box[2], box[3] * 0.2] });
    } else if (VEHICLES.includes(o.cls)) out.push({ kind: 'vehicle', box });
  }
  if (plate) out.unshift({ kind: 'plate', box: clampBox(plate) as Tuple });
  return out.slice(0, 64);
}

/**
 * Turns a ready event into what the server stores: before/during/after
 * frames (from the main stream where the camera has one) with the overlay
 * of time, place, device and rule burnt in; for vehicles the plate
 * close-up and the plate reading; a short H.264 clip around the event.
 * Every step that fails is logged and left out: the event itself is always
 * sent.
 */
export class EvidenceBuilder {
  constructor(
    private readonly plates: PlateReader | null,
    private readonly log: Log,
    private readonly o: EvidenceOptions,
  ) {}

  /** Everything at once (an event posted with its evidence complete): first() and rest() together. */
  async build(camera: CameraAssignment, r: ReadyEvent, text: string): Promise<BuiltEvidence> {
    const sent = r.frames.filter((f) => f.role !== 'after');
    const first = await this.first(camera, { event: r.event, frames: sent }, text);
    const rest = await this.rest(camera, r, text, first.frames);
    return { ...rest, evidence: [...first.evidence, ...rest.evidence] };
  }

  /**
   * The evidence of an event that has just fired: its before and during
   * frames with the overlay and redaction regions. No plate reading here
   * (≈0.7 s on a loaded CPU): the plate is `pending` and comes with rest().
   */
  async first(camera: CameraAssignment, fired: FiredEvent, text: string): Promise<FirstEvidence> {
    const e = fired.event;
    const frames = await this.mainFrames(camera, fired.frames);
    const plated = e.cls !== null && PLATED.includes(e.cls);
    const evidence: EvidenceInput[] = [];
    // Encoded side by side: the alert waits for these.
    const items = await Promise.all(frames.map((f) => this.frameItem(camera, e, f, text, null)));
    for (const item of items) if (item) this.push(evidence, item);
    return { evidence, plate: null, plateStatus: plated ? 'pending' : 'not_applicable', frames };
  }

  /**
   * What follows once the event's after-frame and clip are complete: the
   * after-frame, for vehicles the plate reading (on the best of all the
   * frames) and its close-up, and the clip. `sent` are the frames first()
   * encoded (main-stream versions), so they are not grabbed again. A plate
   * read on a frame already sent is marked on the close-up; that frame's
   * vehicle region covers it in exports (the lower part of a vehicle without
   * a marked plate is blurred).
   */
  async rest(camera: CameraAssignment, r: ReadyEvent, text: string, sent: EvidenceFrame[]): Promise<BuiltEvidence> {
    const e = r.event;
    const sentRoles = new Set(sent.map((f) => f.role));
    const later = await this.mainFrames(
      camera,
      r.frames.filter((f) => !sentRoles.has(f.role)),
    );
    const frames = [...sent, ...later].sort((a, b) => a.frame.t - b.frame.t);
    const plated = e.cls !== null && PLATED.includes(e.cls);
    const plate = plated ? await this.readPlate(camera, r, frames) : null;
    const evidence: EvidenceInput[] = [];
    for (const f of later) {
      const item = await this.frameItem(camera, e, f, text, plate?.frame === f.frame ? plate.read.box : null);
      if (item) this.push(evidence, item);
    }
    if (plate) {
      const jpeg = await encodeJpeg(plate.read.closeUp).catch(() => null);
      if (jpeg)
        this.push(evidence, {
          role: 'plate',
          capturedAt: new Date(plate.frame.t).toISOString(),
          data: jpeg.toString('base64'),
          regions: [{ kind: plate.read.box ? 'plate' : 'vehicle', box: [0, 0, 1, 1] }],
        });
    }
    const clip = await this.clip(camera, r, text);
    if (clip) this.push(evidence, clip);
    return {
      evidence,
      plate: plate?.read.plate ?? null,
      plateStatus: !plated ? 'not_applicable' : plate?.read.status === 'read' ? 'read' : 'unreadable',
    };
  }

  /** One evidence frame as a JPEG: the event's object boxed, the overlay line, the redaction regions. */
  private async frameItem(
    camera: CameraAssignment,
    e: ReadyEvent['event'],
    f: EvidenceFrame,
    text: string,
    plateBox: Box | null,
  ): Promise<EvidenceInput | null> {
    const track = e.trackId === null ? null : (f.objects.find((o) => o.trackId === e.trackId)?.box ?? null);
    const box = track ?? (f.role === 'during' ? e.box : null);
    const jpeg = await encodeJpeg(f.frame, { box, text }).catch((err: unknown) => {
      this.log.warn({ camera: camera.code, role: f.role, err: String(err) }, 'evidence frame not encoded');
      return null;
    });
    if (!jpeg) return null;
    return {
      role: f.role,
      capturedAt: new Date(f.frame.t).toISOString(),
      data: jpeg.toString('base64'),
      regions: regionsOf(f.objects, plateBox),
    };
  }

  private push(list: EvidenceInput[], item: EvidenceInput) {
    if (Math.floor((item.data.length * 3) / 4) > MAX_ITEM_BYTES) {
      this.log.warn({ role: item.role, bytes: item.data.length }, 'evidence item too large, left out');
      return;
    }
    list.push(item);
  }

  /**
   * The evidence frames from the main stream. A file replay is sought to
   * each frame's own time; a live main stream can only give the present, so
   * it replaces the "after" frame (taken last) and the earlier ones stay
   * from the sub-stream. The objects' boxes are normalised and hold for
   * both streams (they show the same view).
   */
  private async mainFrames(camera: CameraAssignment, frames: EvidenceFrame[]): Promise<EvidenceFrame[]> {
    const main = camera.mainStreamUrl;
    if (!main) return frames;
    const file = main.startsWith('file://');
    return Promise.all(
      frames.map(async (f) => {
        if (file ? f.frame.pts === undefined : f.role !== 'after') return f;
        try {
          const grabbed = await grabFrame(main, file ? (f.frame.pts as number) : null);
          // A replay keeps the sub-stream's clock so that the frames line up with the event time.
          return { ...f, frame: { ...grabbed, t: file ? f.frame.t : grabbed.t } };
        } catch (err) {
          this.log.warn({ camera: camera.code, role: f.role, err: String(err) }, 'main-stream frame not grabbed');
          return f;
        }
      }),
    );
  }

  /**
   * Reads the plate on the frame where the vehicle is seen best (largest ×
   * most confident box), the main-stream frame first; with no reader or
   * no reading the close-up is the lower part of the vehicle, for people
   * to read, and the plate is "unreadable".
   */
  private async readPlate(
    camera: CameraAssignment,
    r: ReadyEvent,
    frames: EvidenceFrame[],
  ): Promise<{ read: PlateRead; frame: Frame } | null> {
    const e = r.event;
    const seen = frames
      .map((f) => ({ f, o: f.objects.find((o) => o.trackId === e.trackId) }))
      .filter((x): x is { f: EvidenceFrame; o: SeenObject } => x.o !== undefined)
      .sort((a, b) => b.o.box[2] * b.o.box[3] * b.o.score - a.o.box[2] * a.o.box[3] * a.o.score);
    const best = seen[0];
    const during = frames.find((f) => f.role === 'during');
    const frame = best?.f.frame ?? during?.frame;
    const vehicle = best?.o.box ?? e.box;
    if (!frame || !vehicle) return null;
    const unread = (reason: string): { read: PlateRead; frame: Frame } => ({
      frame,
      read: {
        status: 'unreadable',
        plate: null,
        kind: null,
        confidence: 0,
        box: null,
        closeUp: closeUpOf(frame, plateSearchRegion(vehicle)),
        reason,
      },
    });
    if (!this.plates) return unread('plate reading is off');
    // The same instant from the sub-stream, should the main-stream frame not be readable.
    const sub = r.frames.find((f) => f.role === best?.f.role)?.frame;
    let last = null as { read: PlateRead; frame: Frame } | null;
    for (const f of sub && sub !== frame ? [frame, sub] : [frame]) {
      try {
        const read = await this.plates.read(f, vehicle);
        last = last?.read.box ? last : { read, frame: f };
        if (read.status === 'read') return { read, frame: f };
      } catch (err) {
        this.log.warn({ camera: camera.code, err: String(err) }, 'plate reading failed');
      }
    }
    if (last) this.log.info({ camera: camera.code, reason: last.read.reason }, 'plate unreadable');
    return last ?? unread('plate reading failed');
  }

  /** The clip around the event from the detect stream, the event's object boxed, with per-track regions. */
  private async clip(camera: CameraAssignment, r: ReadyEvent, text: string): Promise<EvidenceInput | null> {
    const frames: SeenFrame[] = r.clip;
    const first = frames[0];
    if (!first || frames.length < 2) return null;
    try {
      const boxes = frames.map((f) => f.objects.find((o) => o.trackId === r.event.trackId)?.box ?? null);
      const mp4 = await encodeClip(
        frames.map((f) => f.frame),
        this.o.clipFps,
        { text, boxes },
      );
      // One region per object: the union of where it went during the clip.
      const union = new Map<number, SeenObject & { x1: number; y1: number }>();
      for (const f of frames)
        for (const o of f.objects) {
          const u = union.get(o.trackId);
          const x1 = o.box[0] + o.box[2];
          const y1 = o.box[1] + o.box[3];
          if (!u) union.set(o.trackId, { ...o, x1, y1 });
          else {
            const x0 = Math.min(u.box[0], o.box[0]);
            const y0 = Math.min(u.box[1], o.box[1]);
            u.x1 = Math.max(u.x1, x1);
            u.y1 = Math.max(u.y1, y1);
            u.box = [x0, y0, u.x1 - x0, u.y1 - y0];
          }
        }
      return {
        role: 'clip',
        capturedAt: new Date(first.frame.t).toISOString(),
        data: mp4.toString('base64'),
        regions: regionsOf([...union.values()]),
      };
    } catch (err) {
      this.log.warn({ camera: camera.code, err: String(err) }, 'evidence clip not encoded');
      return null;
    }
  }
}
