import fs from 'node:fs';
import path from 'node:path';
import { ffmpeg } from './ffmpeg';

/**
 * Test videos with known ground truth: real vehicle and person sprites, cut
 * from the COCO sample images in ../shared/media, moved along given paths
 * over a drawn road (a carriageway with an emergency lane) by ffmpeg. The
 * repository never contains the videos; tests and the benchmark make them
 * in a temporary folder.
 */
export const SPRITES = {
  // An SUV seen from behind and a woman in a red jacket (crops of COCO val2017 images; one object each).
  car: { file: '000000001532.jpg', crop: [192, 118, 225, 361] as const, plateAt: [0.1, 0.655] as const },
  person: { file: '000000000785.jpg', crop: [214, 330, 278, 55] as const, plateAt: null },
} as const;

/** A Chinese plate drawn over a sprite's own plate: blue ordinary (white text) or green new-energy (black text). */
export interface PlateSpec {
  /** As printed, e.g. 粤B·12345 or 粤B·D12345. */
  text: string;
  style: 'blue' | 'green';
}

const CJK_FONT = [
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc',
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
].find((f) => fs.existsSync(f));

/**
 * ffmpeg filters drawing `plate` onto an image of w×h pixels with its plate's
 * top-left corner at `at` (normalised): a plate 24 % of the vehicle's width,
 * in the 440×140 mm (blue) or 480×140 mm (green) proportions of GA 36.
 */
export function plateFilters(plate: PlateSpec, w: number, h: number, at: readonly [number, number]): string[] {
  if (!CJK_FONT) throw new Error('no CJK font (fonts-noto-cjk) to draw plates with');
  const pw = Math.round(0.24 * w);
  const ph = Math.round(plate.style === 'blue' ? (pw * 140) / 440 : (pw * 140) / 480);
  const x = Math.round(at[0] * w);
  const y = Math.round(at[1] * h);
  const bg = plate.style === 'blue' ? '0x1646b8' : '0x8fe0a0';
  const fg = plate.style === 'blue' ? 'white' : 'black';
  const chars = [...plate.text].length;
  const size = Math.max(6, Math.min(Math.round(ph * 0.72), Math.round((pw * 0.92) / (chars * 0.62))));
  return [
    `drawbox=x=${x}:y=${y}:w=${pw}:h=${ph}:color=${bg}:t=fill`,
    `drawbox=x=${x + 1}:y=${y + 1}:w=${pw - 2}:h=${ph - 2}:color=${fg}:t=1`,
    `drawtext=fontfile=${CJK_FONT}:text='${plate.text}':fontcolor=${fg}:fontsize=${size}:x=${x}+(${pw}-text_w)/2:y=${y}+(${ph}-text_h)/2`,
  ];
}

export interface Keyframe {
  /** Seconds from the start. */
  t: number;
  /** Top-left corner of the sprite, pixels. */
  x: number;
  y: number;
}

export interface SpritePath {
  sprite: keyof typeof SPRITES;
  /** A plate to draw on the sprite (vehicles only). */
  plate?: PlateSpec;
  width: number;
  height: number;
  keys: Keyframe[];
  /** Seconds the sprite is on screen (default: the whole video). */
  from?: number;
  to?: number;
}

export interface SceneOptions {
  width: number;
  height: number;
  fps: number;
  durationS: number;
  /**
   * Draws the scene's geometry (sprite sizes and paths, given for scale 1)
   * this many times larger: a main stream of the same view as the
   * sub-stream rendered at scale 1.
   */
  scale?: number;
}

/** Normalised layout of the drawn road (the test draws its zones and lines from it). */
export const ROAD = {
  carriageway: { top: 0.25, bottom: 0.79 },
  emergencyLane: { top: 0.79, bottom: 1 },
  centreLine: 0.52,
} as const;

function piecewise(keys: Keyframe[], axis: 'x' | 'y'): string {
  const first = keys[0];
  if (!first) return '0';
  let expr = String(keys[keys.length - 1]?.[axis] ?? 0);
  for (let i = keys.length - 1; i >= 1; i--) {
    const a = keys[i - 1];
    const b = keys[i];
    if (!a || !b) continue;
    const seg = b.t === a.t ? `${b[axis]}` : `${a[axis]}+(${b[axis] - a[axis]})*(t-${a.t})/${b.t - a.t}`;
    expr = `if(lt(t\\,${b.t})\\,${seg}\\,${expr})`;
  }
  return `if(lt(t\\,${first.t})\\,${first[axis]}\\,${expr})`;
}

/** Writes an MPEG-4 video of the scene to `out`. */
export async function renderScene(
  out: string,
  mediaDir: string,
  sprites: SpritePath[],
  o: SceneOptions,
): Promise<void> {
  const { width: W, height: H } = o;
  const k = o.scale ?? 1;
  const y = (f: number) => Math.round(f * H);
  const road = [
    // Verge, carriageway, emergency lane, and their markings.
    `color=c=0x5d7a45:s=${W}x${H}:r=${o.fps}:d=${o.durationS}`,
    `drawbox=x=0:y=${y(ROAD.carriageway.top)}:w=${W}:h=${H - y(ROAD.carriageway.top)}:color=0x5b5f66:t=fill`,
    `drawbox=x=0:y=${y(ROAD.emergencyLane.top)}:w=${W}:h=${H - y(ROAD.emergencyLane.top)}:color=0x6a6d72:t=fill`,
    `drawbox=x=0:y=${y(ROAD.emergencyLane.top) - 2}:w=${W}:h=4:color=white:t=fill`,
    `drawbox=x=0:y=${y(ROAD.carriageway.top)}:w=${W}:h=3:color=white:t=fill`,
    ...Array.from(
      { length: 8 },
      (_, i) =>
        `drawbox=x=${Math.round((i * 90 + 10) * k)}:y=${y(ROAD.centreLine) - 2}:w=${Math.round(50 * k)}:h=${Math.round(4 * k)}:color=0xf0d020:t=fill`,
    ),
  ].join(',');
  const inputs: string[] = ['-f', 'lavfi', '-i', road];
  const graph: string[] = [];
  let last = '0:v';
  sprites.forEach((s, i) => {
    const src = SPRITES[s.sprite];
    inputs.push('-loop', '1', '-framerate', String(o.fps), '-i', path.join(mediaDir, src.file));
    const [cw, ch, cx, cy] = src.crop;
    const sw = Math.round(s.width * k);
    const sh = Math.round(s.height * k);
    const plate = s.plate && src.plateAt ? plateFilters(s.plate, sw, sh, src.plateAt) : [];
    graph.push(`[${i + 1}:v]${[`crop=${cw}:${ch}:${cx}:${cy}`, `scale=${sw}:${sh}`, ...plate].join(',')}[s${i}]`);
    const enable = `between(t\\,${s.from ?? 0}\\,${s.to ?? o.durationS})`;
    const at = (axis: 'x' | 'y') =>
      piecewise(
        s.keys.map((key) => ({ ...key, x: key.x * k, y: key.y * k })),
        axis,
      );
    graph.push(`[${last}][s${i}]overlay=x='${at('x')}':y='${at('y')}':enable='${enable}':shortest=1[v${i}]`);
    last = `v${i}`;
  });
  await ffmpeg([
    '-y',
    ...inputs,
    '-filter_complex',
    graph.length ? graph.join(';') : '[0:v]null[v]',
    '-map',
    graph.length ? `[${last}]` : '[v]',
    '-t',
    String(o.durationS),
    '-r',
    String(o.fps),
    '-c:v',
    'mpeg4',
    '-q:v',
    '3',
    '-pix_fmt',
    'yuv420p',
    out,
  ]);
}

/** The scenes of the tests and the benchmark, with what should be detected in each. */
export function scenes(W = 640, H = 360) {
  const lane = (h: number) =>
    Math.round(ROAD.carriageway.top * H + 0.35 * (ROAD.carriageway.bottom - ROAD.carriageway.top) * H - h);
  const car = { width: 120, height: 74 };
  return {
    /** A car drives along, pulls into the emergency lane at 5 s and stands there. */
    emergencyStop: [
      {
        sprite: 'car' as const,
        ...car,
        keys: [
          { t: 0, x: -100, y: lane(0) },
          { t: 3, x: 200, y: lane(0) },
          { t: 5, x: 380, y: H - car.height - 6 },
        ],
      },
    ],
    /** A car drives straight through the view: nothing to report. */
    driveThrough: [
      {
        sprite: 'car' as const,
        ...car,
        keys: [
          { t: 0, x: -110, y: lane(0) },
          { t: 8, x: W + 10, y: lane(0) },
        ],
      },
    ],
    /** A car drives away up the road, crosses the centre line and comes back (a U-turn). */
    uTurn: [
      {
        sprite: 'car' as const,
        ...car,
        keys: [
          { t: 0, x: 80, y: Math.round(ROAD.centreLine * H) + 10 },
          { t: 3, x: 360, y: Math.round(ROAD.centreLine * H) + 10 },
          { t: 5, x: 460, y: Math.round(ROAD.centreLine * H) - car.height - 20 },
          { t: 9, x: 80, y: Math.round(ROAD.centreLine * H) - car.height - 20 },
        ],
      },
    ],
    /** A man walks across the carriageway. */
    pedestrian: [
      {
        sprite: 'person' as const,
        width: 64,
        height: 99,
        keys: [
          { t: 0, x: 300, y: Math.round(ROAD.carriageway.top * H) - 95 },
          { t: 8, x: 330, y: H - 105 },
        ],
      },
    ],
  };
}
