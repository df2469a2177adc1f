import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { RedactionRegion, RuleSpecInput, RuleTemplate, ShapeInput } from '@fengqiao/contracts';
import { RuleSpec, ShapeInput as ShapeSchema } from '@fengqiao/contracts';
import { CAMERA_RULE_TEMPLATES, cameraDemo } from '../modules/cameras';
import type { Tx } from '../platform/db/db';
import { storeFile } from '../platform/files/files.service';
import type { Platform } from '../platform/platform';
import { pointInPolygon } from './geo.util';
import type { DemoTown, Position } from './town.types';

/**
 * The demo town's camera network: expressway sections, town crossroads, a
 * school gate and a market street, each with the shapes and rules its
 * template asks for, and a month of violation events. Without a worker the
 * cameras honestly show 'unknown' (never reached); a camera points at a
 * replay file only when FENGQIAO_DEMO_CAMERA_DIR holds `<code>.mp4`.
 *
 * Events go through the cameras module's own records: violations with a
 * read plate are stored 'pending' hand-off and reach the traffic review
 * queue through the module's sweep job on the first start, exactly as live
 * ones; those without a plate are reviewed on the cameras side, some
 * decided already. Frames are drawn placeholders (a grey road, a boxed
 * vehicle), never pictures of real people or plates.
 */

const DAY = 86_400_000;

/** A deterministic generator, so the demo town is the same on every load. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1_664_525 + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

const along = (line: Position[], f: number): Position => {
  const i = Math.min(line.length - 2, Math.max(0, Math.floor(f * (line.length - 1))));
  const a = line[i] ?? [0, 0];
  const b = line[i + 1] ?? a;
  const r = f * (line.length - 1) - i;
  return [a[0] + (b[0] - a[0]) * r, a[1] + (b[1] - a[1]) * r];
};

type Scene = 'expressway' | 'crossroads' | 'school' | 'market';
interface DemoCamera {
  code: string;
  name: string;
  point: Position;
  scene: Scene;
  templates: RuleTemplate[];
  /** Violation events in the last 30 days. */
  events: number;
}

/** Shapes per scene, in normalised image coordinates (a road seen from a pole, traffic going away). */
const SHAPES: Record<Scene, ShapeInput[]> = {
  expressway: [
    {
      kind: 'zone',
      name: '应急车道',
      points: [
        [0.72, 0.45],
        [0.86, 0.45],
        [1, 1],
        [0.8, 1],
      ],
      direction: 'any',
    },
    {
      kind: 'zone',
      name: '行车道',
      points: [
        [0.35, 0.45],
        [0.72, 0.45],
        [0.8, 1],
        [0.1, 1],
      ],
      direction: 'any',
    },
    {
      kind: 'line',
      name: '测速线一',
      points: [
        [0.2, 0.85],
        [0.85, 0.85],
      ],
      direction: 'right_to_left',
    },
    {
      kind: 'line',
      name: '测速线二',
      points: [
        [0.3, 0.55],
        [0.78, 0.55],
      ],
      direction: 'right_to_left',
    },
    {
      kind: 'mask',
      name: '时间水印',
      points: [
        [0, 0],
        [0.4, 0],
        [0.4, 0.06],
        [0, 0.06],
      ],
      direction: 'any',
    },
  ],
  crossroads: [
    {
      kind: 'zone',
      name: '禁停区',
      points: [
        [0.05, 0.6],
        [0.3, 0.6],
        [0.35, 1],
        [0, 1],
      ],
      direction: 'any',
    },
    {
      kind: 'line',
      name: '中心双黄线',
      points: [
        [0.5, 0.4],
        [0.5, 1],
      ],
      direction: 'any',
    },
    {
      kind: 'line',
      name: '停止线',
      points: [
        [0.1, 0.7],
        [0.9, 0.7],
      ],
      direction: 'right_to_left',
    },
  ],
  school: [
    {
      kind: 'zone',
      name: '校门口',
      points: [
        [0.2, 0.5],
        [0.8, 0.5],
        [0.9, 1],
        [0.1, 1],
      ],
      direction: 'any',
    },
    {
      kind: 'zone',
      name: '接送禁停区',
      points: [
        [0.6, 0.55],
        [0.95, 0.55],
        [1, 1],
        [0.7, 1],
      ],
      direction: 'any',
    },
  ],
  market: [
    {
      kind: 'zone',
      name: '市场街',
      points: [
        [0.1, 0.35],
        [0.9, 0.35],
        [1, 1],
        [0, 1],
      ],
      direction: 'any',
    },
    {
      kind: 'zone',
      name: '消防通道',
      points: [
        [0.75, 0.5],
        [0.95, 0.5],
        [1, 1],
        [0.8, 1],
      ],
      direction: 'any',
    },
  ],
};

/** Which shape each template's rule uses, by name, per scene. */
function ruleFor(
  t: RuleTemplate,
  scene: Scene,
  ids: Map<string, string>,
): { spec: RuleSpecInput; name: string } | null {
  const tpl = CAMERA_RULE_TEMPLATES.find((x) => x.id === t);
  if (!tpl) return null;
  const zone = (n: string) => ids.get(n) ?? null;
  const base = { ...tpl.defaults };
  const name = cameraDemo.TEMPLATE_NAMES[t];
  switch (t) {
    case 'emergency_lane_stop':
      return { name, spec: { ...base, zoneId: zone('应急车道') } };
    case 'pedestrian_on_carriageway':
      return { name, spec: { ...base, zoneId: zone('行车道') } };
    case 'wrong_way':
      return { name, spec: { ...base, lineId: zone(scene === 'expressway' ? '测速线一' : '停止线') } };
    case 'speeding':
      return {
        name,
        spec: { ...base, lineId: zone('测速线一'), secondLineId: zone('测速线二'), distanceM: 50, speedLimitKmh: 120 },
      };
    case 'illegal_u_turn':
      return { name, spec: { ...base, lineId: zone('中心双黄线') } };
    case 'no_stopping_zone':
      return {
        name,
        spec: {
          ...base,
          zoneId: zone(scene === 'crossroads' ? '禁停区' : scene === 'school' ? '接送禁停区' : '消防通道'),
        },
      };
    case 'crowd_gathering':
      return { name, spec: { ...base, zoneId: zone(scene === 'school' ? '校门口' : '市场街') } };
    case 'loitering':
      return { name, spec: { ...base, zoneId: zone(scene === 'school' ? '校门口' : '市场街') } };
    case 'night_intrusion':
      return { name, spec: { ...base, zoneId: zone('市场街') } };
  }
}

const PROVINCE_PLATES = ['冀R', '冀R', '冀R', '冀J', '京A', '津C', '鲁A', '冀B'];
const PLATE_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';

/** Drawn placeholder evidence: a grey road with lane marks and a boxed car; a blue plate blank; a 2-second clip. */
function placeholderMedia(): { frame: Buffer; plate: Buffer; clip: Buffer | null } | null {
  const ff = (args: string[]) =>
    execFileSync(process.env.FENGQIAO_FFMPEG ?? 'ffmpeg', ['-hide_banner', '-loglevel', 'error', ...args], {
      timeout: 20_000,
      maxBuffer: 8 * 1024 * 1024,
    });
  const road =
    'drawbox=x=0:y=0:w=iw:h=ih*0.42:color=0x8fa9c4@1:t=fill,drawbox=x=iw*0.48:y=ih*0.45:w=4:h=ih*0.55:color=white@1:t=fill,' +
    'drawbox=x=iw*0.72:y=ih*0.45:w=4:h=ih*0.55:color=0xf0c020@1:t=fill';
  try {
    const frame = ff([
      ...['-f', 'lavfi', '-i', 'color=c=0x4a4f57:s=640x360', '-frames:v', '1'],
      ...[
        '-vf',
        `${road},drawbox=x=iw*0.4:y=ih*0.5:w=iw*0.22:h=ih*0.28:color=0xb8322a@1:t=fill,drawbox=x=iw*0.47:y=ih*0.7:w=iw*0.08:h=ih*0.05:color=0x1456b8@1:t=fill`,
      ],
      ...['-q:v', '4', '-f', 'image2pipe', '-c:v', 'mjpeg', 'pipe:1'],
    ]);
    const plate = ff([
      ...['-f', 'lavfi', '-i', 'color=c=0x1456b8:s=220x70', '-frames:v', '1'],
      ...['-vf', 'drawbox=x=4:y=4:w=iw-8:h=ih-8:color=white@1:t=3'],
      ...['-q:v', '4', '-f', 'image2pipe', '-c:v', 'mjpeg', 'pipe:1'],
    ]);
    let clip: Buffer | null = null;
    try {
      const tmp = `${fs.mkdtempSync('/tmp/fq-demo-clip-')}/clip.mp4`;
      ff([
        ...['-f', 'lavfi', '-i', 'color=c=0x4a4f57:s=320x180:r=5:d=2'],
        ...['-vf', `${road},drawbox=x='iw*(0.1+0.15*t)':y=ih*0.5:w=iw*0.22:h=ih*0.28:color=0xb8322a@1:t=fill`],
        ...['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', '-y', tmp],
      ]);
      clip = fs.readFileSync(tmp);
      fs.rmSync(tmp.replace(/\/clip\.mp4$/, ''), { recursive: true, force: true });
    } catch {
      clip = null;
    }
    return { frame, plate, clip };
  } catch {
    // No ffmpeg here: the demo events carry no frames (the pages say so).
    return null;
  }
}

export async function loadCameraHistory(
  platform: Platform,
  tx: Tx,
  town: DemoTown,
  loaded: { stationId: string; gridIds: Map<string, string> },
): Promise<Record<string, number>> {
  const now = platform.clock.now();
  const rand = rng(town.seed + 7);
  const gridOf = (p: Position): string | null => {
    const g = town.grids.find((x) => pointInPolygon(p, x.geometry));
    return g ? (loaded.gridIds.get(g.code) ?? null) : null;
  };
  const expressway = town.roads.find((r) => r.kind === 'expressway');
  const main = town.roads.filter((r) => r.kind === 'main' || r.kind === 'national');
  const schools = town.places.filter((p) => p.kind === 'school');
  const markets = town.places.filter((p) => p.kind === 'business_district');
  const cams: DemoCamera[] = [];
  if (expressway) {
    const route = expressway.routeCode ?? '';
    // Sections inside the station's grids (the expressway also runs through open country), spread along it.
    const inside = Array.from({ length: 17 }, (_, i) => 0.1 + i * 0.05).filter((f) =>
      gridOf(along(expressway.line, f)),
    );
    const picks =
      inside.length >= 3 ? [0, Math.floor(inside.length / 2), inside.length - 1].map((i) => inside[i] ?? 0.5) : inside;
    picks.forEach((f, i) => {
      cams.push({
        code: `EXP-${route || 'G'}-${i + 1}`,
        name: `${expressway.name}${route ? `（${route}）` : ''} K${12 + i * 7} 断面`,
        point: along(expressway.line, f),
        scene: 'expressway',
        templates: ['emergency_lane_stop', 'wrong_way', 'speeding', 'pedestrian_on_carriageway'],
        events: 9 - i * 2,
      });
    });
  }
  for (const [i, r] of main.slice(0, 3).entries()) {
    const other = main[(i + 1) % main.length];
    cams.push({
      code: `XRD-${String(i + 1).padStart(2, '0')}`,
      name: other && other !== r ? `${r.name}与${other.name}交叉口` : `${r.name}路口`,
      point: along(r.line, 0.5),
      scene: 'crossroads',
      templates: ['illegal_u_turn', 'no_stopping_zone', 'wrong_way'],
      events: 5,
    });
  }
  for (const [i, s] of schools.slice(0, 2).entries())
    cams.push({
      code: `SCH-${String(i + 1).padStart(2, '0')}`,
      name: `${s.name}校门`,
      point: s.point,
      scene: 'school',
      templates: ['crowd_gathering', 'loitering', 'no_stopping_zone'],
      events: 3,
    });
  for (const [i, m] of markets.slice(0, 2).entries())
    cams.push({
      code: `MKT-${String(i + 1).padStart(2, '0')}`,
      name: `${m.name}市场街`,
      point: m.point,
      scene: 'market',
      templates: ['crowd_gathering', 'night_intrusion', 'no_stopping_zone'],
      events: 3,
    });

  const dir = process.env.FENGQIAO_DEMO_CAMERA_DIR;
  const media = placeholderMedia();
  let events = 0;
  let handoffs = 0;
  let reviewed = 0;
  for (const c of cams) {
    const replay = dir && fs.existsSync(`${dir}/${c.code}.mp4`) ? `file://${dir}/${c.code}.mp4` : null;
    const cameraId = await cameraDemo.insertCamera(
      tx,
      loaded.stationId,
      {
        code: c.code,
        name: c.name,
        lng: c.point[0],
        lat: c.point[1],
        placeId: null,
        // No replay file: a private-network address, and no worker watches it in the demo.
        streamUrl: replay ?? `rtsp://10.20.${cams.indexOf(c) + 1}.64:554/h264/ch1/sub/av_stream`,
        mainStreamUrl: replay ? null : `rtsp://10.20.${cams.indexOf(c) + 1}.64:554/h264/ch1/main/av_stream`,
        directionDeg: Math.floor(rand() * 360),
        enabledHours: null,
        detectFps: 5,
        enabled: true,
      },
      gridOf(c.point),
      now,
    );
    if (!cameraId) continue;
    await cameraDemo.replaceShapes(
      tx,
      cameraId,
      SHAPES[c.scene].map((s) => ShapeSchema.parse(s)),
    );
    const shapes = await tx.query<{ id: string; name: string }>(
      'SELECT id, name FROM camera_shapes WHERE camera_id = $1',
      [cameraId],
    );
    const ids = new Map(shapes.rows.map((s) => [s.name, s.id]));
    const rules: { id: string; template: RuleTemplate; violation: boolean }[] = [];
    for (const t of c.templates) {
      const r = ruleFor(t, c.scene, ids);
      const tpl = CAMERA_RULE_TEMPLATES.find((x) => x.id === t);
      if (!r || !tpl) continue;
      const id = await cameraDemo.insertRule(
        tx,
        cameraId,
        {
          name: r.name,
          template: t,
          spec: RuleSpec.parse(r.spec),
          categoryCode: tpl.categoryCode,
          raiseIncident: tpl.raiseIncident,
          violation: tpl.violation,
          enabled: true,
        },
        null,
        now,
      );
      rules.push({ id, template: t, violation: tpl.violation });
    }
    // Alerts raise command-room incidents through the intake, which the demo does not replay: only
    // review-only violations here (no incident expected), so every record is what the live path writes.
    const violations = rules.filter(
      (r) => r.violation && !CAMERA_RULE_TEMPLATES.find((x) => x.id === r.template)?.raiseIncident,
    );
    for (let k = 0; k < c.events && violations.length > 0; k++) {
      const rule = violations[Math.floor(rand() * violations.length)];
      if (!rule) continue;
      const tpl = CAMERA_RULE_TEMPLATES.find((x) => x.id === rule.template);
      const at = new Date(now.getTime() - Math.floor((1 + rand() * 29) * DAY) - Math.floor(rand() * DAY));
      const readable = rand() < 0.75;
      const plate = readable
        ? `${PROVINCE_PLATES[Math.floor(rand() * PROVINCE_PLATES.length)]}${Array.from(
            { length: 5 },
            () => PLATE_CHARS[Math.floor(rand() * PLATE_CHARS.length)],
          ).join('')}`
        : null;
      const cls = rand() < 0.8 ? 'car' : 'truck';
      const id = cameraDemo.eventId(c.code, rule.id, k);
      await cameraDemo.insertEvent(tx, {
        id,
        stationId: loaded.stationId,
        cameraId,
        ruleId: rule.id,
        kind: tpl?.kind ?? 'dwell',
        occurredAt: at,
        receivedAt: new Date(at.getTime() + 1500),
        workerId: 'demo-history',
        trackId: k + 1,
        objectClass: cls,
        confidence: Math.round((0.55 + rand() * 0.4) * 100) / 100,
        bbox: [0.4, 0.5, 0.22, 0.28],
        count: null,
        speedKmh: tpl?.kind === 'speed' ? Math.round(130 + rand() * 50) : null,
        dwellSeconds: tpl?.kind === 'dwell' ? Math.round((tpl.defaults.dwellSeconds ?? 10) + rand() * 120) : null,
        plate,
        plateStatus: readable ? 'read' : 'unreadable',
        violation: true,
        handoff: readable ? 'pending' : 'no_plate',
      });
      events += 1;
      if (readable) handoffs += 1;
      if (media) {
        const regions: RedactionRegion[] = [
          { kind: 'vehicle', box: [0.4, 0.5, 0.22, 0.28] },
          ...(readable
            ? [{ kind: 'plate' as const, box: [0.47, 0.7, 0.08, 0.05] as [number, number, number, number] }]
            : []),
        ];
        const items: [string, Buffer, number, RedactionRegion[]][] = [
          ['before', media.frame, -2000, regions],
          ['during', media.frame, 0, regions],
          ['after', media.frame, 400, regions],
          ...(readable
            ? ([['plate', media.plate, 0, [{ kind: 'plate', box: [0, 0, 1, 1] }]]] as [
                string,
                Buffer,
                number,
                RedactionRegion[],
              ][])
            : []),
          ...(media.clip
            ? ([['clip', media.clip, -2000, regions]] as [string, Buffer, number, RedactionRegion[]][])
            : []),
        ];
        let sort = 0;
        for (const [role, bytes, dt, reg] of items) {
          const f = await storeFile(tx, bytes, {
            stationId: loaded.stationId,
            purpose: 'camera_evidence',
            createdBy: null,
            allowed: role === 'clip' ? ['video/mp4'] : ['image/jpeg'],
            maxBytes: 4 * 1024 * 1024,
            field: 'evidence',
            now,
          });
          sort += 1;
          await cameraDemo.insertEvidence(tx, id, f.id, role, new Date(at.getTime() + dt), f.sha256, sort, reg);
        }
      }
      // Most unreadable-plate violations were reviewed on the cameras side already (the rules' false-alarm rates).
      if (!readable && rand() < 0.7) {
        const rejected = rand() < 0.4;
        await cameraDemo.reviewEvent(
          tx,
          id,
          rejected ? 'rejected' : 'confirmed',
          rejected ? '阴影误检，画面中无车辆停留' : '',
          { id: null, name: '值班民警（演示）' },
          new Date(at.getTime() + 3 * 3_600_000),
        );
        reviewed += 1;
      }
    }
  }
  return { cameras: cams.length, events, handoffs, reviewed };
}
