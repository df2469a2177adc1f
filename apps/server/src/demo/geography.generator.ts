import type { Rng } from '@fengqiao/domain';
import { Delaunay } from 'd3-delaunay';
import polygonClipping from 'polygon-clipping';
import {
  closeRing,
  distanceToPolyline,
  type Pair,
  pointInRing,
  randomPointInRing,
  rayToRing,
  ringBBox,
  ringCentroid,
  signedArea,
} from './geo.util';
import { CHINESE_ORDINALS, EXPRESSWAY, MAIN_ROADS, NATIONAL_ROAD, STREET_COMMUNITIES, VILLAGES } from './names.data';
import type { DemoRoad, GridKind } from './town.types';

/** Everything here is in the local kilometre plane; the orchestrator converts to WGS-84. */
export interface GridShape {
  code: string;
  name: string;
  kind: GridKind;
  /** Closed, counter-clockwise. */
  ring: Pair[];
  site: Pair;
  communityKeys: string[];
}

export interface CommunitySite {
  key: string;
  kind: 'village' | 'street';
  name: string;
  gridCode: string;
  point: Pair;
  population: number;
  households: number;
}

export interface RoadShape extends Omit<DemoRoad, 'line'> {
  line: Pair[];
}

export interface Geography {
  boundary: Pair[];
  /** Rotation of the town's long axis, radians; roads and the industrial park follow it. */
  tilt: number;
  grids: GridShape[];
  communities: CommunitySite[];
  roads: RoadShape[];
}

export const GRID_KIND_COUNTS: Readonly<Record<GridKind, number>> = {
  urban: 12,
  suburban: 10,
  industrial: 6,
  rural: 11,
};
// 39 grids each need a community, so the town has more than the article's
// ~8 + ~26: two central grids hold an urban village (城中村), and the three
// largest rural grids hold two villages.
export const STREET_COMMUNITY_COUNT = 10;
const EXTRA_RURAL_VILLAGES = 3;

/** Semi-axes of the town's ellipse: about 12 km × 9 km. */
const SEMI_MAJOR_KM = 6;
const SEMI_MINOR_KM = 4.5;
const LLOYD_ITERATIONS = 3;
/** Each Lloyd step moves a site only part of the way, so the urban centre stays denser. */
const LLOYD_STEP = 0.5;

function rotate([x, y]: Pair, angle: number): Pair {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  return [x * c - y * s, x * s + y * c];
}

function makeBoundary(rng: Rng, tilt: number): Pair[] {
  const n = rng.int(38, 42);
  const phases = [rng.float(0, 2 * Math.PI), rng.float(0, 2 * Math.PI), rng.float(0, 2 * Math.PI)] as const;
  const pts: Pair[] = [];
  for (let i = 0; i < n; i++) {
    const t = (2 * Math.PI * (i + rng.float(-0.3, 0.3))) / n;
    const ellipse =
      (SEMI_MAJOR_KM * SEMI_MINOR_KM) / Math.hypot(SEMI_MINOR_KM * Math.cos(t), SEMI_MAJOR_KM * Math.sin(t));
    // Smooth low harmonics plus a little per-vertex noise: irregular, but still star-shaped, so always simple.
    const wobble =
      1 +
      0.07 * Math.sin(2 * t + phases[0]) +
      0.05 * Math.sin(3 * t + phases[1]) +
      0.03 * Math.sin(5 * t + phases[2]) +
      rng.float(-0.035, 0.035);
    pts.push(rotate([ellipse * wobble * Math.cos(t), ellipse * wobble * Math.sin(t)], tilt));
  }
  return closeRing(pts);
}

/** A site at `fraction` of the way from the centre to the boundary along `angle`. */
function siteAt(boundary: Pair[], angle: number, fraction: number): Pair {
  const r = (rayToRing([0, 0], angle, boundary) ?? SEMI_MINOR_KM) * fraction;
  return [r * Math.cos(angle), r * Math.sin(angle)];
}

/** Urban sites crowd the centre, the industrial park sits on the long axis's east end, the rest ring around. */
function makeSites(rng: Rng, boundary: Pair[], tilt: number): { site: Pair; kind: GridKind }[] {
  const sites: { site: Pair; kind: GridKind }[] = [];
  const j = (d: number) => rng.float(-d, d);
  sites.push({ kind: 'urban', site: siteAt(boundary, rng.float(0, 2 * Math.PI), 0.02) });
  for (let k = 0; k < 4; k++) {
    sites.push({
      kind: 'urban',
      site: siteAt(boundary, tilt + Math.PI / 4 + (k * Math.PI) / 2 + j(0.2), 0.14 + j(0.02)),
    });
  }
  for (let k = 0; k < 7; k++) {
    sites.push({ kind: 'urban', site: siteAt(boundary, tilt + 0.2 + (2 * Math.PI * k) / 7 + j(0.15), 0.27 + j(0.02)) });
  }
  for (const f of [0.56, 0.8]) {
    for (const a of [-0.32, 0, 0.32])
      sites.push({ kind: 'industrial', site: siteAt(boundary, tilt + a + j(0.06), f + j(0.03)) });
  }
  const sector = (count: number, k: number, gap: number) => tilt + gap + ((2 * Math.PI - 2 * gap) * (k + 0.5)) / count;
  for (let k = 0; k < GRID_KIND_COUNTS.suburban; k++) {
    sites.push({
      kind: 'suburban',
      site: siteAt(boundary, sector(GRID_KIND_COUNTS.suburban, k, 0.6) + j(0.1), 0.5 + j(0.04)),
    });
  }
  for (let k = 0; k < GRID_KIND_COUNTS.rural; k++) {
    sites.push({
      kind: 'rural',
      site: siteAt(boundary, sector(GRID_KIND_COUNTS.rural, k, 0.55) + j(0.1), 0.8 + j(0.03)),
    });
  }
  return sites;
}

type PcPolygon = Pair[][];

function polygonArea(p: PcPolygon): number {
  const [outer, ...holes] = p;
  if (!outer) return 0;
  return Math.abs(signedArea(outer)) - holes.reduce((s, h) => s + Math.abs(signedArea(h)), 0);
}

/** Voronoi cells of the sites clipped to the boundary; each entry may have several parts. */
function clippedCells(sites: Pair[], boundary: Pair[]): PcPolygon[][] {
  const [minX, minY, maxX, maxY] = ringBBox(boundary);
  const voronoi = Delaunay.from(sites).voronoi([minX - 1, minY - 1, maxX + 1, maxY + 1]);
  return sites.map((_, i) => {
    const cell = voronoi.cellPolygon(i);
    if (!cell) throw new Error(`site ${i} has no Voronoi cell`);
    return polygonClipping.intersection([cell.map(([x, y]): Pair => [x, y])], [boundary]);
  });
}

function largestPart(parts: PcPolygon[]): PcPolygon {
  const sorted = [...parts].sort((a, b) => polygonArea(b) - polygonArea(a));
  const first = sorted[0];
  if (!first) throw new Error('empty cell');
  return first;
}

function relax(sites: Pair[], boundary: Pair[]): Pair[] {
  let current = sites;
  for (let it = 0; it < LLOYD_ITERATIONS; it++) {
    const cells = clippedCells(current, boundary);
    current = current.map((s, i) => {
      const outer = largestPart(cells[i] ?? [])[0];
      if (!outer) return s;
      const [cx, cy] = ringCentroid(outer);
      return [s[0] + (cx - s[0]) * LLOYD_STEP, s[1] + (cy - s[1]) * LLOYD_STEP];
    });
  }
  return current;
}

/**
 * Final tiling: one simple polygon per site. A cell cut in two by a bay of the
 * boundary keeps its largest part; the stray parts join a neighbour they
 * touch, so the union of all cells is still exactly the boundary.
 */
export function tileBoundary(sites: Pair[], boundary: Pair[]): Pair[][] {
  const cells = clippedCells(sites, boundary);
  const mains: PcPolygon[] = cells.map((parts) => largestPart(parts));
  const strays: PcPolygon[] = cells.flatMap((parts, i) => parts.filter((p) => p !== mains[i]));
  for (const stray of strays) {
    const c = ringCentroid(stray[0] ?? []);
    const order = sites.map((s, i) => ({ i, d: Math.hypot(s[0] - c[0], s[1] - c[1]) })).sort((a, b) => a.d - b.d);
    const host = order.find(({ i }) => {
      const merged = polygonClipping.union(mains[i] ?? [], stray);
      if (merged.length !== 1 || merged[0]?.length !== 1) return false;
      mains[i] = merged[0];
      return true;
    });
    if (!host) throw new Error('a stray grid fragment touches no neighbour');
  }
  return mains.map((p) => {
    const outer = p[0];
    if (!outer || p.length !== 1) throw new Error('a grid ended up with a hole');
    return signedArea(outer) < 0 ? [...outer].reverse() : outer;
  });
}

/** Compass bearing of a point seen from the centre: 0 at north, growing clockwise. */
function bearing([x, y]: Pair): number {
  const a = Math.atan2(x, y);
  return a < 0 ? a + 2 * Math.PI : a;
}

const KIND_ORDER: readonly GridKind[] = ['urban', 'suburban', 'industrial', 'rural'];

function makeRoads(rng: Rng, boundary: Pair[], tilt: number): RoadShape[] {
  const j = (d: number) => rng.float(-d, d);
  const rot = (line: Pair[]) => line.map((p) => rotate(p, tilt));
  const roads: RoadShape[] = [];
  const expressway: Pair[] = [];
  for (let x = -9; x <= 9; x += 3) expressway.push([x, 2.3 + 0.22 * x + j(0.15)]);
  roads.push({
    key: 'R01',
    name: EXPRESSWAY.name,
    kind: 'expressway',
    routeCode: EXPRESSWAY.routeCode,
    line: rot(expressway),
    lanesPerDirection: 3,
    speedLimitKmh: 120,
    hasEmergencyLane: true,
  });
  const national: Pair[] = [];
  for (let y = -7; y <= 7; y += 2) national.push([-2.6 + 0.12 * y + j(0.12), y]);
  roads.push({
    key: 'R02',
    name: NATIONAL_ROAD.name,
    kind: 'national',
    routeCode: NATIONAL_ROAD.routeCode,
    line: rot(national),
    lanesPerDirection: 2,
    speedLimitKmh: 80,
    hasEmergencyLane: false,
  });
  // The industrial avenue runs to the park at the east end of the long axis.
  const parkEnd = siteAt(boundary, tilt, 0.85);
  const parkEndLocal = rotate(parkEnd, -tilt);
  const mainLines: Pair[][] = [
    [
      [-2.1, 0.05],
      [-0.7, 0],
      [0.8, 0.02],
      [2.3, -0.05],
    ],
    [
      [-1.9, 0.85],
      [0, 0.8],
      [1.9, 0.82],
    ],
    [
      [-1.9, -0.8],
      [0, -0.78],
      [1.8, -0.84],
    ],
    [
      [0.05, -1.6],
      [0, 0],
      [-0.05, 1.6],
    ],
    [
      [1.1, -1.4],
      [1.05, 0],
      [1.12, 1.4],
    ],
    [[2.3, -0.05], [(2.3 + parkEndLocal[0]) / 2, 0.1], parkEndLocal],
  ];
  mainLines.forEach((line, i) => {
    roads.push({
      key: `R${String(roads.length + 1).padStart(2, '0')}`,
      name: MAIN_ROADS[i] ?? `主干道${i + 1}`,
      kind: 'main',
      // Only inner vertices wander, so 胜利街 still meets 工业大道 and the avenue still reaches the park.
      line: rot(
        line.map(([x, y], k): Pair => (k === 0 || k === line.length - 1 ? [x, y] : [x + j(0.05), y + j(0.05)])),
      ),
      lanesPerDirection: 2,
      speedLimitKmh: 50,
    });
  });
  return roads;
}

/** Local roads link the centre to the farthest villages. */
function makeLocalRoads(rng: Rng, boundary: Pair[], communities: CommunitySite[], first: number): RoadShape[] {
  const far = communities
    .filter((c) => c.kind === 'village')
    .map((c) => ({ c, d: Math.hypot(c.point[0], c.point[1]) }))
    .sort((a, b) => b.d - a.d)
    .slice(0, 8);
  return far.map(({ c }, i) => {
    const angle = Math.atan2(c.point[1], c.point[0]);
    const start = siteAt(boundary, angle, 0.3);
    const mx = (start[0] + c.point[0]) / 2;
    const my = (start[1] + c.point[1]) / 2;
    const bend = rng.float(-0.3, 0.3);
    const mid: Pair = [mx - Math.sin(angle) * bend, my + Math.cos(angle) * bend];
    return {
      key: `R${String(first + i).padStart(2, '0')}`,
      name: `${c.name.replace(/村$/, '')}路`,
      kind: 'local' as const,
      line: [start, mid, c.point],
      lanesPerDirection: 1,
      speedLimitKmh: 40,
    };
  });
}

function placeCommunities(rng: Rng, grids: GridShape[], roadsNamedAfter: Map<string, string>): CommunitySite[] {
  const urbanByCentrality = grids
    .filter((g) => g.kind === 'urban')
    .sort((a, b) => Math.hypot(...a.site) - Math.hypot(...b.site));
  const streetGrids = new Set(urbanByCentrality.slice(0, STREET_COMMUNITY_COUNT).map((g) => g.code));
  const largestRural = grids
    .filter((g) => g.kind === 'rural')
    .sort((a, b) => Math.abs(signedArea(b.ring)) - Math.abs(signedArea(a.ring)))
    .slice(0, EXTRA_RURAL_VILLAGES)
    .map((g) => g.code);
  const villageNames = rng.shuffle(VILLAGES);
  const streetNames = [...STREET_COMMUNITIES];
  const sites: CommunitySite[] = [];
  for (const g of grids) {
    const count = largestRural.includes(g.code) ? 2 : 1;
    const points: Pair[] = [];
    for (let n = 0; n < count; n++) {
      let p = randomPointInRing(rng, g.ring, 0.2, 0.3);
      // Two villages in one grid should be a walk apart, not next door.
      for (let tries = 0; tries < 50 && points.some((q) => Math.hypot(p[0] - q[0], p[1] - q[1]) < 0.8); tries++) {
        p = randomPointInRing(rng, g.ring, 0.2, 0.1);
      }
      points.push(p);
    }
    for (const point of points) {
      const street = streetGrids.has(g.code);
      let name: string | undefined;
      if (street) {
        // A street community takes the name of its grid's road when that name is still free.
        const road = roadsNamedAfter.get(g.code);
        const idx = Math.max(
          0,
          streetNames.findIndex((s) => road !== undefined && s.startsWith(road.replace(/(大街|街|路)$/, ''))),
        );
        name = streetNames.splice(idx, 1)[0];
      } else {
        name = villageNames.shift();
      }
      if (!name) throw new Error('ran out of community names');
      const population = street ? rng.int(3000, 9000) : rng.int(600, 3500);
      const key = `CM${String(sites.length + 1).padStart(2, '0')}`;
      sites.push({
        key,
        kind: street ? 'street' : 'village',
        name,
        gridCode: g.code,
        point,
        population,
        households: Math.round(population / rng.float(2.6, 3.2)),
      });
      g.communityKeys.push(key);
    }
  }
  return sites;
}

/** Names central grids after their nearest main road ('胜利街第一网格'), the others after their village or the park. */
function nameGrids(grids: GridShape[], roads: RoadShape[]): Map<string, string> {
  const cityRoads = roads.filter((r) => r.kind === 'main').slice(0, 5);
  const perRoad = new Map<string, number>();
  const roadOf = new Map<string, string>();
  let park = 0;
  for (const g of grids) {
    if (g.kind === 'urban') {
      const c = ringCentroid(g.ring);
      const nearest = [...cityRoads].sort((a, b) => distanceToPolyline(c, a.line) - distanceToPolyline(c, b.line))[0];
      const road = nearest?.name ?? MAIN_ROADS[0] ?? '胜利街';
      const n = (perRoad.get(road) ?? 0) + 1;
      perRoad.set(road, n);
      roadOf.set(g.code, road);
      g.name = `${road}第${CHINESE_ORDINALS[n - 1] ?? String(n)}网格`;
    } else if (g.kind === 'industrial') {
      park++;
      g.name = `清溪工业园第${CHINESE_ORDINALS[park - 1] ?? String(park)}网格`;
    }
  }
  // Suburban and rural grids are named after their villages once those are placed.
  return roadOf;
}

function nameVillageGrids(grids: GridShape[], communities: CommunitySite[]): void {
  for (const g of grids) {
    if (g.kind === 'urban' || g.kind === 'industrial') continue;
    const first = communities.find((c) => c.gridCode === g.code);
    g.name = `${first?.name ?? g.code}网格`;
  }
}

export function generateGeography(rng: Rng): Geography {
  const tilt = rng.float(-0.2, 0.2);
  const boundary = makeBoundary(rng.fork('boundary'), tilt);
  const seeded = makeSites(rng.fork('sites'), boundary, tilt);
  const relaxed = relax(
    seeded.map((s) => s.site),
    boundary,
  );
  const rings = tileBoundary(relaxed, boundary);
  const shapes = seeded.map(({ kind }, i) => ({
    kind,
    site: relaxed[i] ?? [0, 0],
    ring: rings[i] ?? [],
  }));
  const central = shapes
    .filter((s) => s.kind === 'urban')
    .sort((a, b) => Math.hypot(...a.site) - Math.hypot(...b.site))[0];
  shapes.sort((a, b) => {
    const k = KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind);
    if (k !== 0) return k;
    // G01 is the town centre; the rest go clockwise from north.
    if (a === central) return -1;
    if (b === central) return 1;
    return bearing(a.site) - bearing(b.site);
  });
  const grids: GridShape[] = shapes.map((s, i) => ({
    code: `G${String(i + 1).padStart(2, '0')}`,
    name: '',
    kind: s.kind,
    ring: s.ring,
    site: s.site,
    communityKeys: [],
  }));
  const roads = makeRoads(rng.fork('roads'), boundary, tilt);
  const roadOf = nameGrids(grids, roads);
  const communities = placeCommunities(rng.fork('communities'), grids, roadOf);
  nameVillageGrids(grids, communities);
  roads.push(...makeLocalRoads(rng.fork('local-roads'), boundary, communities, roads.length + 1));
  for (const c of communities) {
    const g = grids.find((x) => x.code === c.gridCode);
    if (!g || !pointInRing(c.point, g.ring)) throw new Error(`community ${c.key} is outside its grid`);
  }
  return { boundary, tilt, grids, communities, roads };
}
