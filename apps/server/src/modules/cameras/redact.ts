import { spawn } from 'node:child_process';
import type { RedactionRegion } from '@fengqiao/contracts';

/** Kinds a public or training export blurs. Vehicles are kept, but see `plateBands`. */
export const BLURRED_KINDS = ['face', 'person', 'plate'] as const;

type Box = [number, number, number, number];

const clamp = (v: number) => Math.min(1, Math.max(0, v));

function overlaps(a: Box, b: Box): boolean {
  return a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3];
}

/**
 * The boxes to blur in a frame: every face, person and plate, grown by a
 * margin (a box drawn tight on a moving object misses its edge), and, for a
 * vehicle whose plate the reader did not mark, the lower part of the vehicle
 * where a plate sits, so a plate the reader missed does not leave readable.
 */
export function blurBoxes(regions: RedactionRegion[]): Box[] {
  const out: Box[] = [];
  const plates = regions.filter((r) => r.kind === 'plate').map((r) => r.box as Box);
  for (const r of regions) {
    const [x, y, w, h] = r.box;
    if ((BLURRED_KINDS as readonly string[]).includes(r.kind)) {
      const mx = w * 0.15;
      const my = h * 0.15;
      out.push([
        clamp(x - mx),
        clamp(y - my),
        Math.min(1 - clamp(x - mx), w + 2 * mx),
        Math.min(1 - clamp(y - my), h + 2 * my),
      ]);
    } else if (r.kind === 'vehicle' && !plates.some((p) => overlaps(p, r.box as Box))) {
      out.push([x, clamp(y + h * 0.55), w, Math.min(1 - clamp(y + h * 0.55), h * 0.45)]);
    }
  }
  return out.filter((b) => b[2] > 0.002 && b[3] > 0.002);
}

const f = (v: number) => v.toFixed(5);

/** An ffmpeg filter graph: each box cropped, blurred hard (three box-blur passes) and laid back in place. */
export function blurFilter(boxes: Box[]): string {
  const n = boxes.length;
  const parts = [`[0:v]format=gbrp,split=${n + 1}[base]${boxes.map((_, i) => `[c${i}]`).join('')}`];
  boxes.forEach(([x, y, w, h], i) => {
    // Crop at least 8 px so the blur radius stays valid on tiny boxes.
    parts.push(
      `[c${i}]crop=w='max(8,trunc(iw*${f(w)}))':h='max(8,trunc(ih*${f(h)}))':x='trunc(iw*${f(x)})':y='trunc(ih*${f(y)})',` +
        `boxblur=luma_radius='max(1,min(w,h)/2-1)':luma_power=3:chroma_radius='max(1,min(cw,ch)/2-1)':chroma_power=3[b${i}]`,
    );
    parts.push(
      `[${i === 0 ? 'base' : `o${i - 1}`}][b${i}]overlay=x='trunc(main_w*${f(x)})':y='trunc(main_h*${f(y)})'[o${i}]`,
    );
  });
  return parts.join(';');
}

/** Blurs the boxes in a JPEG with ffmpeg (the worker's ffmpeg); a frame with nothing to blur is re-encoded as is. */
export function redactJpeg(jpeg: Buffer, regions: RedactionRegion[], timeoutMs = 20_000): Promise<Buffer> {
  const boxes = blurBoxes(regions);
  const args = ['-hide_banner', '-loglevel', 'error', '-f', 'image2pipe', '-c:v', 'mjpeg', '-i', 'pipe:0'];
  if (boxes.length > 0) args.push('-filter_complex', blurFilter(boxes), '-map', `[o${boxes.length - 1}]`);
  args.push('-frames:v', '1', '-q:v', '3', '-f', 'image2pipe', '-c:v', 'mjpeg', 'pipe:1');
  return new Promise((resolve, reject) => {
    const p = spawn(process.env.FENGQIAO_FFMPEG ?? 'ffmpeg', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    const timer = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.stdout.on('data', (d: Buffer) => out.push(d));
    p.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    p.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    p.on('close', (code) => {
      clearTimeout(timer);
      const bytes = Buffer.concat(out);
      if (code === 0 && bytes.length > 0) resolve(bytes);
      else reject(new Error(`ffmpeg redaction failed (${code}): ${err.trim().slice(0, 300)}`));
    });
    p.stdin.on('error', () => {});
    p.stdin.end(jpeg);
  });
}
