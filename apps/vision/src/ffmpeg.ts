import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Frame } from './frame';

export const FFMPEG = process.env.FENGQIAO_FFMPEG ?? 'ffmpeg';

export interface DecodeOptions {
  url: string;
  fps: number;
  width: number;
  height: number;
  /** Read a file at its own pace (as a live camera would deliver it) rather than as fast as possible. */
  realtime: boolean;
}

/** ffmpeg input arguments for a stream URL: RTSP over TCP, files by path. */
export function inputArgs(url: string, realtime: boolean): string[] {
  const args: string[] = [];
  if (url.startsWith('rtsp')) args.push('-rtsp_transport', 'tcp', '-timeout', '10000000');
  if (url.startsWith('file://') && realtime) args.push('-re');
  args.push('-i', url.startsWith('file://') ? decodeURIComponent(new URL(url).pathname) : url);
  return args;
}

/**
 * Decodes a stream into RGB frames at a fixed rate and size through an
 * ffmpeg child writing rawvideo to a pipe. Frame times are the wall clock
 * for live streams, and the stream's own timeline for fast file replays.
 */
export class FrameSource {
  private child: ChildProcess | null = null;
  private stderr = '';

  constructor(private readonly o: DecodeOptions) {}

  async *frames(signal?: AbortSignal): AsyncGenerator<Frame> {
    const { width, height, fps } = this.o;
    const size = width * height * 3;
    const child = spawn(
      FFMPEG,
      [
        '-hide_banner',
        '-loglevel',
        'error',
        '-nostdin',
        ...inputArgs(this.o.url, this.o.realtime),
        '-an',
        '-vf',
        `fps=${fps},scale=${width}:${height}`,
        '-f',
        'rawvideo',
        '-pix_fmt',
        'rgb24',
        'pipe:1',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    child.stderr?.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-2000);
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const stop = () => child.kill('SIGKILL');
    signal?.addEventListener('abort', stop, { once: true });
    const start = Date.now();
    let pending: Buffer = Buffer.alloc(0);
    let index = 0;
    try {
      for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
        pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
        while (pending.length >= size) {
          const data = new Uint8Array(pending.subarray(0, size));
          pending = pending.subarray(size);
          const t = this.o.realtime ? Date.now() : start + (index * 1000) / fps;
          yield { width, height, data, t, index, pts: index / fps };
          index++;
        }
      }
      const code = await exited;
      if (code !== 0 && !signal?.aborted)
        throw new Error(`ffmpeg exited with ${code}: ${this.stderr.trim() || 'no output'}`);
      if (index === 0 && !signal?.aborted)
        throw new Error(`no frames decoded: ${this.stderr.trim() || 'empty stream'}`);
    } finally {
      signal?.removeEventListener('abort', stop);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }

  stop(): void {
    this.child?.kill('SIGKILL');
  }
}

function run(args: string[], input?: Buffer | Buffer[], timeoutMs = 60_000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(FFMPEG, ['-hide_banner', '-loglevel', 'error', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    // A live camera that never answers must not hold an event forever.
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', () => clearTimeout(timer));
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(Buffer.concat(out)) : reject(new Error(`ffmpeg: ${err.trim()}`)),
    );
    child.stdin.on('error', () => undefined);
    if (Array.isArray(input)) {
      // Frames one by one, respecting back-pressure (a clip is tens of megabytes raw).
      void (async () => {
        for (const chunk of input)
          if (!child.stdin.write(chunk)) await new Promise((r) => child.stdin.once('drain', r));
        child.stdin.end();
      })();
    } else child.stdin.end(input);
  });
}

const FONT = [
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
].find((f) => fs.existsSync(f));

const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/:/g, '\\:').replace(/'/g, '\u2019').replace(/%/g, '\\%');

/**
 * JPEG of a frame, optionally with the object's box and an overlay line
 * (time, place, device, rule) burnt in, as evidence frames carry them.
 */
export async function encodeJpeg(
  f: Frame,
  overlay?: { box?: readonly [number, number, number, number] | null; text?: string },
): Promise<Buffer> {
  const filters: string[] = [];
  if (overlay?.box) {
    const [x, y, w, h] = overlay.box;
    filters.push(
      `drawbox=x=${Math.round(x * f.width)}:y=${Math.round(y * f.height)}:w=${Math.round(w * f.width)}:h=${Math.round(h * f.height)}:color=red@0.9:t=3`,
    );
  }
  if (overlay?.text && FONT)
    filters.push(
      `drawtext=fontfile=${FONT}:text='${esc(overlay.text)}':x=8:y=8:fontsize=${Math.max(12, Math.round(f.height / 28))}:fontcolor=white:box=1:boxcolor=black@0.55:boxborderw=4`,
    );
  return run(
    [
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      '-s',
      `${f.width}x${f.height}`,
      '-i',
      'pipe:0',
      ...(filters.length ? ['-vf', filters.join(',')] : []),
      '-frames:v',
      '1',
      '-q:v',
      '4',
      '-f',
      'mjpeg',
      'pipe:1',
    ],
    Buffer.from(f.data.buffer, f.data.byteOffset, f.data.byteLength),
  );
}

/** Decodes one image file (JPEG, PNG) into an RGB frame, scaled when a size is given. */
export async function readImage(file: string, size?: { width: number; height: number }): Promise<Frame> {
  const probe = size ?? (await imageSize(file));
  const data = await run([
    '-i',
    file,
    '-vf',
    `scale=${probe.width}:${probe.height}`,
    '-frames:v',
    '1',
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgb24',
    'pipe:1',
  ]);
  return { width: probe.width, height: probe.height, data: new Uint8Array(data), t: Date.now(), index: 0 };
}

/** Frame sizes of main streams, probed once each. */
const sizes = new Map<string, Promise<{ width: number; height: number }>>();

/**
 * One frame of a stream as RGB: a file is sought to `atS` seconds, a live
 * stream gives its next decodable frame. Frames wider than `maxWidth` are
 * scaled down (a 4K main stream is more than a plate needs).
 */
export async function grabFrame(url: string, atS: number | null, maxWidth = 1920): Promise<Frame> {
  const file = url.startsWith('file://') ? decodeURIComponent(new URL(url).pathname) : null;
  let size = sizes.get(url);
  if (!size) {
    size = imageSize(file ?? url, url.startsWith('rtsp') ? ['-rtsp_transport', 'tcp', '-timeout', '10000000'] : []);
    sizes.set(url, size);
    size.catch(() => sizes.delete(url));
  }
  const probed = await size;
  const width = Math.min(maxWidth, probed.width) & ~1;
  const height = Math.round((probed.height * width) / probed.width) & ~1;
  const started = Date.now();
  const data = await run(
    [
      ...(file && atS !== null ? ['-ss', atS.toFixed(3)] : []),
      ...inputArgs(url, false),
      '-an',
      '-vf',
      `scale=${width}:${height}`,
      '-frames:v',
      '1',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      'pipe:1',
    ],
    undefined,
    20_000,
  );
  if (data.length < width * height * 3) throw new Error(`no frame from ${file ? 'file' : 'stream'} at ${atS ?? 'now'}`);
  return {
    width,
    height,
    data: new Uint8Array(data.subarray(0, width * height * 3)),
    t: file ? started : Date.now(),
    index: 0,
    pts: atS ?? undefined,
  };
}

/**
 * A short H.264 MP4 of frames (all of one size, about `fps` apart) with the
 * evidence overlay: the event line and each frame's own time (China time),
 * and the given box per frame. Written through a temporary file so that the
 * index sits at the front (browsers play it while it loads).
 */
export async function encodeClip(
  frames: readonly Frame[],
  fps: number,
  overlay: { text: string; boxes?: readonly (readonly [number, number, number, number] | null)[] },
): Promise<Buffer> {
  const first = frames[0];
  if (!first) throw new Error('no frames for a clip');
  const { width, height } = first;
  const chunks = frames.map((f, i) => {
    const box = overlay.boxes?.[i];
    const data = box ? drawBox(f, box) : f.data;
    return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  });
  const epoch = Math.floor(first.t / 1000) + 8 * 3600;
  const size = Math.max(12, Math.round(height / 28));
  const filters = FONT
    ? [
        `drawtext=fontfile=${FONT}:text='${esc(overlay.text)}':x=8:y=8:fontsize=${size}:fontcolor=white:box=1:boxcolor=black@0.55:boxborderw=4`,
        `drawtext=fontfile=${FONT}:text='%{pts\\:gmtime\\:${epoch}\\:%Y-%m-%d %H\\\\\\:%M\\\\\\:%S}':x=8:y=${16 + size * 2}:fontsize=${size}:fontcolor=white:box=1:boxcolor=black@0.55:boxborderw=4`,
      ]
    : [];
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'fq-clip-'));
  const out = path.join(dir, 'clip.mp4');
  try {
    await run(
      [
        '-f',
        'rawvideo',
        '-pix_fmt',
        'rgb24',
        '-s',
        `${width}x${height}`,
        '-framerate',
        String(fps),
        '-i',
        'pipe:0',
        ...(filters.length ? ['-vf', filters.join(',')] : []),
        '-c:v',
        'libx264',
        '-preset',
        'veryfast',
        '-crf',
        '28',
        '-pix_fmt',
        'yuv420p',
        '-movflags',
        '+faststart',
        '-y',
        out,
      ],
      chunks,
    );
    return await fs.promises.readFile(out);
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}

/** A copy of the frame's pixels with a red rectangle (3 px) around a normalised box. */
function drawBox(f: Frame, box: readonly [number, number, number, number]): Uint8Array {
  const out = new Uint8Array(f.data);
  const x0 = Math.max(0, Math.round(box[0] * f.width));
  const y0 = Math.max(0, Math.round(box[1] * f.height));
  const x1 = Math.min(f.width - 1, Math.round((box[0] + box[2]) * f.width));
  const y1 = Math.min(f.height - 1, Math.round((box[1] + box[3]) * f.height));
  const paint = (x: number, y: number) => {
    const o = (y * f.width + x) * 3;
    out[o] = 230;
    out[o + 1] = 20;
    out[o + 2] = 20;
  };
  for (let t = 0; t < 3; t++) {
    for (let x = x0; x <= x1; x++) {
      if (y0 + t <= y1) paint(x, y0 + t);
      if (y1 - t >= y0) paint(x, y1 - t);
    }
    for (let y = y0; y <= y1; y++) {
      if (x0 + t <= x1) paint(x0 + t, y);
      if (x1 - t >= x0) paint(x1 - t, y);
    }
  }
  return out;
}

async function imageSize(file: string, extra: string[] = []): Promise<{ width: number; height: number }> {
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn('ffprobe', [
      ...extra,
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-show_entries',
      'stream=width,height',
      '-of',
      'csv=p=0',
      file,
    ]);
    let s = '';
    child.stdout.on('data', (d: Buffer) => {
      s += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(s) : reject(new Error(`ffprobe failed on ${file}`))));
  });
  const [w, h] = out.trim().split(',').map(Number);
  if (!w || !h) throw new Error(`cannot read the size of ${file}`);
  return { width: w, height: h };
}

/** Runs ffmpeg with the given arguments (the test-video generator uses it). */
export const ffmpeg = (args: string[]) => run(args);

/** Writes the frame of a video at `seconds` to an image file (PNG or JPEG by extension). */
export async function ffmpegFrame(video: string, seconds: number, out: string): Promise<void> {
  await run(['-y', '-ss', String(seconds), '-i', video, '-frames:v', '1', out]);
}
