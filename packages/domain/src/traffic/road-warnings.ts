import { EXPRESSWAY_RULES, type FogGrade, fogGradeOf, fogGradeRank, ORDINARY_ROAD_ADVICE } from './fog-grades';
import { fromFrame, type GridFrame, sampleGrid, toFrame } from './nowcast';

export interface RoadLine {
  id: string;
  name: string;
  kind: string;
  /** [lng, lat] points. */
  line: [number, number][];
}

export interface RoadFogWarning {
  roadId: string;
  roadName: string;
  roadKind: string;
  grade: FogGrade;
  /** Lowest visibility (m) forecast along the stretch over the next two hours. */
  minVisibilityM: number;
  /** First lead (minutes) at which the stretch reaches the grade. */
  fromLeadMin: number;
  /** The stretch: [lng, lat] points along the road. */
  path: [number, number][];
  /** A closed corridor around the stretch, [lng, lat] (first point repeated last). */
  polygon: [number, number][];
  lengthKm: number;
  expressway: boolean;
  /** Speed limit and gap on an expressway; advice elsewhere. */
  maxSpeedKmh: number | null;
  minGapM: number | null;
  instructionZh: string;
  instructionEn: string;
}

const STEP_KM = 0.25;
const HALF_WIDTH_KM = 0.5;

/** Points every 250 m along a polyline in frame km. */
function densify(pts: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < pts.length - 1; i++) {
    const a = pts[i] as [number, number];
    const b = pts[i + 1] as [number, number];
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    const n = Math.max(1, Math.ceil(len / STEP_KM));
    for (let k = 0; k < n; k++) out.push([a[0] + ((b[0] - a[0]) * k) / n, a[1] + ((b[1] - a[1]) * k) / n]);
  }
  const last = pts[pts.length - 1];
  if (last) out.push(last);
  return out;
}

/** A corridor polygon around a path: offsets to the left going out, to the right coming back. */
function corridor(path: [number, number][]): [number, number][] {
  if (path.length === 1) {
    const [x, y] = path[0] as [number, number];
    const h = HALF_WIDTH_KM;
    return [
      [x - h, y - h],
      [x + h, y - h],
      [x + h, y + h],
      [x - h, y + h],
      [x - h, y - h],
    ];
  }
  const left: [number, number][] = [];
  const right: [number, number][] = [];
  for (let i = 0; i < path.length; i++) {
    const a = path[Math.max(0, i - 1)] as [number, number];
    const b = path[Math.min(path.length - 1, i + 1)] as [number, number];
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    const len = Math.hypot(dx, dy) || 1;
    const nx = (-dy / len) * HALF_WIDTH_KM;
    const ny = (dx / len) * HALF_WIDTH_KM;
    const p = path[i] as [number, number];
    left.push([p[0] + nx, p[1] + ny]);
    right.push([p[0] - nx, p[1] - ny]);
  }
  const ring = [...left, ...right.reverse()];
  ring.push(ring[0] as [number, number]);
  return ring;
}

const round6 = (p: [number, number]): [number, number] => [Math.round(p[0] * 1e6) / 1e6, Math.round(p[1] * 1e6) / 1e6];

/**
 * Fog warnings per road stretch: each road is sampled every 250 m on every
 * lead's field; consecutive samples of the same grade (their worst over the
 * leads) form one stretch, which carries its grade, lowest visibility, the
 * first lead reaching the grade, the expressway rule or ordinary advice,
 * and a corridor polygon 1 km wide for the CAP alert and the map.
 */
export function roadFogWarnings(
  frame: GridFrame,
  fields: readonly ArrayLike<number>[],
  leadsMin: readonly number[],
  roads: readonly RoadLine[],
): RoadFogWarning[] {
  const grid = { nx: frame.nx, ny: frame.ny, cellKm: frame.cellKm };
  const out: RoadFogWarning[] = [];
  for (const road of roads) {
    if (road.line.length < 2) continue;
    const pts = densify(road.line.map(([lng, lat]) => toFrame(frame, lng, lat)));
    const samples = pts.map((p) => {
      let min = Number.POSITIVE_INFINITY;
      let grade: FogGrade | null = null;
      let firstLead = 0;
      fields.forEach((f, li) => {
        const v = sampleGrid(grid, f, p[0], p[1]);
        if (v < min) min = v;
        const g = fogGradeOf(v);
        if (fogGradeRank(g) > fogGradeRank(grade)) {
          grade = g;
          firstLead = leadsMin[li] ?? 0;
        }
      });
      return { p, min, grade: grade as FogGrade | null, firstLead };
    });
    let i = 0;
    while (i < samples.length) {
      const s = samples[i] as (typeof samples)[number];
      if (!s.grade) {
        i++;
        continue;
      }
      let j = i;
      let min = s.min;
      let firstLead = s.firstLead;
      while (j + 1 < samples.length && (samples[j + 1] as (typeof samples)[number]).grade === s.grade) {
        j++;
        const n = samples[j] as (typeof samples)[number];
        min = Math.min(min, n.min);
        firstLead = Math.min(firstLead, n.firstLead);
      }
      const path = samples.slice(i, j + 1).map((x) => x.p);
      const expressway = road.kind === 'expressway';
      const rule = EXPRESSWAY_RULES[s.grade];
      const advice = ORDINARY_ROAD_ADVICE[s.grade];
      out.push({
        roadId: road.id,
        roadName: road.name,
        roadKind: road.kind,
        grade: s.grade,
        minVisibilityM: Math.round(min),
        fromLeadMin: firstLead,
        path: path.map((p) => round6(fromFrame(frame, p[0], p[1]))),
        polygon: corridor(path).map((p) => round6(fromFrame(frame, p[0], p[1]))),
        lengthKm: Math.round(Math.max(STEP_KM, (path.length - 1) * STEP_KM) * 10) / 10,
        expressway,
        maxSpeedKmh: expressway ? rule.maxSpeedKmh : null,
        minGapM: expressway ? rule.minGapM : null,
        instructionZh: expressway ? rule.zh : advice.zh,
        instructionEn: expressway ? rule.en : advice.en,
      });
      i = j + 1;
    }
  }
  return out;
}
