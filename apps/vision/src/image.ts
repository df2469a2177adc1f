import type { Frame } from './frame';
import type { Box } from './geometry';

/** Pixel rectangle of a normalised box in a frame, clamped to it (at least 1×1). */
export function pixelRect(f: { width: number; height: number }, box: Box) {
  const x = Math.min(f.width - 1, Math.max(0, Math.floor(box[0] * f.width)));
  const y = Math.min(f.height - 1, Math.max(0, Math.floor(box[1] * f.height)));
  const w = Math.max(1, Math.min(f.width - x, Math.ceil(box[2] * f.width)));
  const h = Math.max(1, Math.min(f.height - y, Math.ceil(box[3] * f.height)));
  return { x, y, w, h };
}

/** A new frame holding the normalised region `box` of `f`, resized (bilinear) to `size` when given. */
export function cropFrame(f: Frame, box: Box, size?: { width: number; height: number }): Frame {
  const r = pixelRect(f, box);
  const W = size?.width ?? r.w;
  const H = size?.height ?? r.h;
  const out = new Uint8Array(W * H * 3);
  const sx = r.w / W;
  const sy = r.h / H;
  for (let j = 0; j < H; j++) {
    const fy = Math.min(r.h - 1, Math.max(0, (j + 0.5) * sy - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(r.h - 1, y0 + 1);
    const wy = fy - y0;
    for (let i = 0; i < W; i++) {
      const fx = Math.min(r.w - 1, Math.max(0, (i + 0.5) * sx - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(r.w - 1, x0 + 1);
      const wx = fx - x0;
      const a = ((r.y + y0) * f.width + r.x + x0) * 3;
      const b = ((r.y + y0) * f.width + r.x + x1) * 3;
      const c = ((r.y + y1) * f.width + r.x + x0) * 3;
      const d = ((r.y + y1) * f.width + r.x + x1) * 3;
      const o = (j * W + i) * 3;
      for (let k = 0; k < 3; k++) {
        const top = (f.data[a + k] as number) * (1 - wx) + (f.data[b + k] as number) * wx;
        const bottom = (f.data[c + k] as number) * (1 - wx) + (f.data[d + k] as number) * wx;
        out[o + k] = Math.round(top * (1 - wy) + bottom * wy);
      }
    }
  }
  return { width: W, height: H, data: out, t: f.t, index: f.index };
}

/** Clamps a normalised box into the unit square. */
export function clampBox(b: Box): Box {
  const x = Math.min(1, Math.max(0, b[0]));
  const y = Math.min(1, Math.max(0, b[1]));
  return [x, y, Math.max(0, Math.min(1 - x, b[2] - (x - b[0]))), Math.max(0, Math.min(1 - y, b[3] - (y - b[1])))];
}

/** Maps a box normalised inside `outer` to the frame `outer` is normalised in. */
export function boxWithin(outer: Box, inner: Box): Box {
  return [outer[0] + inner[0] * outer[2], outer[1] + inner[1] * outer[3], inner[2] * outer[2], inner[3] * outer[3]];
}
