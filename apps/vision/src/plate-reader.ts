import { type PlateKind, parsePlate } from '@fengqiao/domain';
import type { Frame } from './frame';
import type { Box } from './geometry';
import { boxWithin, clampBox, cropFrame, pixelRect } from './image';
import type { PaddleOcr, TextBox, TextLine } from './plate-ocr';

export interface PlateRead {
  status: 'read' | 'unreadable';
  /** The GA 36 plate (canonical, e.g. 粤B12345) when read; never a partial or corrected guess. */
  plate: string | null;
  kind: PlateKind | null;
  /** Mean character probability of the accepted reading. */
  confidence: number;
  /** The plate, normalised to the frame read, when one was localised. */
  box: Box | null;
  /** The close-up for the evidence: the plate, or the lower part of the vehicle when no plate was read. */
  closeUp: Frame;
  /** Why nothing was read (logs, tests). */
  reason: string | null;
}

export interface PlateReaderOptions {
  /** Text lines the detector hands to the recogniser, best first. */
  maxLines: number;
  /** A reading is accepted only with every character at least this probable ... */
  minCharProb: number;
  /** ... and the characters on average at least this probable. */
  minMeanProb: number;
  /** Readings waiting beyond this are refused (unreadable): a burst of events must not pile up frames. */
  maxQueued: number;
}

const DEFAULTS: PlateReaderOptions = { maxLines: 6, minCharProb: 0.5, minMeanProb: 0.8, maxQueued: 16 };

/** The part of a vehicle box a plate is on: the lower part, a little wider (boxes are loose). */
export function plateSearchRegion(vehicle: Box): Box {
  const [x, y, w, h] = vehicle;
  return clampBox([x - 0.05 * w, y + 0.3 * h, 1.1 * w, 0.78 * h]);
}

/**
 * Reads a licence plate off a vehicle: the lower part of its box is searched
 * for text lines (PP-OCR detection), each line and each pair of neighbouring
 * lines on one row (a plate's dot often splits it) is recognised, and only a
 * reading that validates against GA 36 with confident characters is taken.
 * Calls are queued: one plate at a time, whatever the number of cameras.
 */
export class PlateReader {
  private readonly o: PlateReaderOptions;
  private queue: Promise<unknown> = Promise.resolve();
  private queued = 0;

  constructor(
    private readonly ocr: PaddleOcr,
    options: Partial<PlateReaderOptions> = {},
  ) {
    this.o = { ...DEFAULTS, ...options };
  }

  read(frame: Frame, vehicle: Box): Promise<PlateRead> {
    if (this.queued >= this.o.maxQueued) return Promise.reject(new Error('plate reader busy'));
    this.queued++;
    const run = this.queue.then(() => this.readNow(frame, vehicle)).finally(() => this.queued--);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async readNow(frame: Frame, vehicle: Box): Promise<PlateRead> {
    const region = plateSearchRegion(vehicle);
    const crop = cropFrame(frame, region);
    const fallback = closeUpOf(frame, region);
    const none = (reason: string): PlateRead => ({
      status: 'unreadable',
      plate: null,
      kind: null,
      confidence: 0,
      box: null,
      closeUp: fallback,
      reason,
    });
    if (crop.width < 24 || crop.height < 12) return none('vehicle too small');
    const boxes = (await this.ocr.detect(crop))
      .filter((b) => (b.box[2] * crop.width) / Math.max(1, b.box[3] * crop.height) >= 1.2)
      .slice(0, this.o.maxLines);
    if (boxes.length === 0) return none('no text found');
    // A plate's border hugging the first or last character is read as I or 1 (or eats it): each line
    // is read a second time trimmed a little at both ends, and the more confident valid reading wins.
    const candidates: ReturnType<typeof combine> = [];
    for (const trim of [0, 0.04]) {
      const trimmed = boxes.map((b) => ({
        ...b,
        box: [b.box[0] + b.box[2] * trim, b.box[1], b.box[2] * (1 - 2 * trim), b.box[3]] as Box,
      }));
      const lines: TextLine[] = [];
      for (const b of trimmed) lines.push(await this.ocr.recognise(crop, b.box));
      candidates.push(...combine(trimmed, lines));
    }
    let best: { value: string; kind: PlateKind; mean: number; box: Box } | null = null;
    const seen: string[] = [];
    for (const c of candidates) {
      seen.push(c.text);
      const parsed = parsePlate(c.text);
      if (!parsed.ok || c.probs.length === 0) continue;
      const mean = c.probs.reduce((a, b) => a + b, 0) / c.probs.length;
      if (Math.min(...c.probs) < this.o.minCharProb || mean < this.o.minMeanProb) continue;
      if (!best || mean > best.mean) best = { value: parsed.value, kind: parsed.kind, mean, box: c.box };
    }
    if (!best) return none(`no valid plate in ${JSON.stringify(seen)}`);
    const box = boxWithin(region, best.box);
    return {
      status: 'read',
      plate: best.value,
      kind: best.kind,
      confidence: best.mean,
      box,
      closeUp: closeUpOf(frame, clampBox([box[0] - box[2] * 0.2, box[1] - box[3] * 0.35, box[2] * 1.4, box[3] * 1.7])),
      reason: null,
    };
  }
}

/** Each line, and neighbouring lines on one row joined left to right (up to three). */
function combine(boxes: TextBox[], lines: TextLine[]): { text: string; probs: number[]; box: Box }[] {
  const items = boxes.map((b, i) => ({ box: b.box, line: lines[i] as TextLine })).sort((a, b) => a.box[0] - b.box[0]);
  const out = items.map((it) => ({ text: it.line.text, probs: it.line.probs, box: it.box }));
  const sameRow = (a: Box, b: Box) => {
    const overlap = Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1], b[1]);
    return overlap > 0.5 * Math.min(a[3], b[3]);
  };
  for (let i = 0; i < items.length; i++) {
    let text = items[i]?.line.text ?? '';
    let probs = [...(items[i]?.line.probs ?? [])];
    let box = items[i]?.box as Box;
    for (let j = i + 1; j < Math.min(items.length, i + 3); j++) {
      const next = items[j];
      if (!next || !sameRow(box, next.box) || next.box[0] < box[0] + box[2] * 0.8) break;
      text += next.line.text;
      probs = [...probs, ...next.line.probs];
      const x0 = Math.min(box[0], next.box[0]);
      const y0 = Math.min(box[1], next.box[1]);
      const x1 = Math.max(box[0] + box[2], next.box[0] + next.box[2]);
      const y1 = Math.max(box[1] + box[3], next.box[1] + next.box[3]);
      box = [x0, y0, x1 - x0, y1 - y0];
      out.push({ text, probs, box });
    }
  }
  return out;
}

/** A crop for people to look at: at least 320 pixels wide (small plates are upscaled), at most 640. */
export function closeUpOf(frame: Frame, box: Box): Frame {
  const r = pixelRect(frame, box);
  const width = Math.max(320, Math.min(640, r.w)) & ~1;
  const height = Math.max(2, Math.round((r.h * width) / r.w)) & ~1;
  return cropFrame(frame, box, { width, height });
}
