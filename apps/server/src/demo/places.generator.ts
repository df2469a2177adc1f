import type { Rng } from '@fengqiao/domain';
import { CREDIT_CODE_CHARS, makeCreditCode } from './credit-code';
import {
  distanceToRing,
  locateGrid,
  type Pair,
  pointInRing,
  randomPointInRing,
  toDemoPolygon,
  toLngLat,
} from './geo.util';
import type { CommunitySite, Geography, GridShape } from './geography.generator';
import { randomName } from './identity.generator';
import { ENTERPRISE_BRANDS, INDUSTRIES } from './names.data';
import type { DemoGrid, DemoPlace, DemoStation, GridKind, PlaceKind } from './town.types';

export const SCHOOL_COUNTS = { kindergarten: 5, primary: 6, middle: 3 } as const;
export const BUSINESS_DISTRICT_COUNT = 6;
export const ENTERPRISE_COUNT = 400;
export const POLICE_OFFICE_COUNT = 8;
export const STATION_REGION = '131081';

/** Where the sample enterprises sit: the industrial park first, then the villages around it. */
const ENTERPRISE_SHARE: readonly (readonly [GridKind, number])[] = [
  ['industrial', 55],
  ['suburban', 25],
  ['rural', 13],
  ['urban', 7],
];

const BUSINESS_DISTRICTS = [
  '清溪商业步行街商圈',
  '家具城商圈',
  '金桥商贸城商圈',
  '胜利街夜市商圈',
  '玻璃建材市场商圈',
  '新华商场商圈',
] as const;

interface Builder {
  rng: Rng;
  geo: Geography;
  grids: readonly DemoGrid[];
  places: DemoPlace[];
}

function gridShape(geo: Geography, code: string): GridShape {
  const g = geo.grids.find((x) => x.code === code);
  if (!g) throw new Error(`unknown grid ${code}`);
  return g;
}

/** A point `min`..`max` km from the anchor that stays inside the ring with a margin; falls back to anywhere in it. */
function pointNear(rng: Rng, ring: Pair[], anchor: Pair, min: number, max: number, margin: number): Pair {
  for (let tries = 0; tries < 200; tries++) {
    const a = rng.float(0, 2 * Math.PI);
    const r = rng.float(min, max);
    const p: Pair = [anchor[0] + r * Math.cos(a), anchor[1] + r * Math.sin(a)];
    if (pointInRing(p, ring) && distanceToRing(p, ring) >= margin) return p;
  }
  return randomPointInRing(rng, ring, margin, 0.3);
}

/** Adds a place, locating its grid from the point with point-in-polygon like any real record would be. */
function addPlace(
  b: Builder,
  kind: PlaceKind,
  key: string,
  name: string,
  point: Pair,
  attributes: DemoPlace['attributes'],
  expectedGrid: string,
  polygon?: Pair[],
): DemoPlace {
  const ll = toLngLat(point);
  const gridCode = locateGrid(ll, b.grids);
  if (gridCode !== expectedGrid) throw new Error(`${key} landed in ${gridCode ?? 'no grid'}, not ${expectedGrid}`);
  const place: DemoPlace = { key, kind, name, gridCode, point: ll, attributes };
  if (polygon) place.polygon = toDemoPolygon(polygon);
  b.places.push(place);
  return place;
}

function baseName(c: CommunitySite): string {
  return c.name.replace(/(村|社区)$/, '');
}

function communityOf(geo: Geography, gridCode: string): CommunitySite {
  const c = geo.communities.find((x) => x.gridCode === gridCode);
  if (!c) throw new Error(`grid ${gridCode} has no community`);
  return c;
}

function makeStation(b: Builder): DemoStation {
  const g01 = b.geo.grids[0];
  if (!g01) throw new Error('no grids');
  const point = pointNear(b.rng, g01.ring, communityOf(b.geo, g01.code).point, 0.15, 0.3, 0.08);
  const road = g01.name.replace(/第.+网格$/, '');
  const center = toLngLat(point);
  addPlace(
    b,
    'service_hall',
    'SH01',
    '清溪镇派出所户政服务大厅',
    point,
    { windows: 6, services: 10, openHours: '08:30-12:00,14:00-17:30', oneCertificate: true },
    g01.code,
  );
  return {
    code: '131081510000',
    name: '清溪镇派出所',
    nameEn: 'Qingxi Town Police Station',
    regionCode: STATION_REGION,
    center,
    address: `河北省霸州市清溪镇${road}${b.rng.int(1, 199)}号`,
  };
}

function makeMediationCentre(b: Builder): void {
  const urban = b.geo.grids.filter((g) => g.kind === 'urban').slice(1);
  const g = b.rng.pick(urban);
  addPlace(
    b,
    'mediation_centre',
    'MC01',
    '清溪镇矛盾纠纷多元化解中心',
    randomPointInRing(b.rng, g.ring, 0.1, 0.4),
    { floorAreaM2: 820, consultationRooms: 4, commercialStudio: '和畅商企调解工作室' },
    g.code,
  );
}

/** Community police offices (警务室) in the most populous communities: the first level of mediation. */
function makePoliceOffices(b: Builder): void {
  const byPopulation = [...b.geo.communities].sort((x, y) => y.population - x.population);
  const chosen = [
    ...byPopulation.filter((c) => c.kind === 'street').slice(0, 3),
    ...byPopulation.filter((c) => c.kind === 'village').slice(0, POLICE_OFFICE_COUNT - 3),
  ].sort((x, y) => x.key.localeCompare(y.key));
  chosen.forEach((c, i) => {
    const ring = gridShape(b.geo, c.gridCode).ring;
    addPlace(
      b,
      'community_police_office',
      `PO${String(i + 1).padStart(2, '0')}`,
      `${c.name}警务室`,
      pointNear(b.rng, ring, c.point, 0.05, 0.15, 0.03),
      { communityKey: c.key, hasMediationRoom: true, openHours: '08:00-20:00' },
      c.gridCode,
    );
  });
}

interface SchoolSpec {
  level: 'kindergarten' | 'primary' | 'middle';
  kind: GridKind;
  name?: string;
}

const SCHOOLS: readonly SchoolSpec[] = [
  { level: 'middle', kind: 'urban', name: '清溪镇第一中学' },
  { level: 'middle', kind: 'urban', name: '清溪镇第二中学' },
  { level: 'middle', kind: 'urban', name: '清溪镇实验中学' },
  { level: 'primary', kind: 'urban', name: '清溪镇中心小学' },
  { level: 'primary', kind: 'urban', name: '清溪镇第二小学' },
  { level: 'primary', kind: 'suburban' },
  { level: 'primary', kind: 'suburban' },
  { level: 'primary', kind: 'rural' },
  { level: 'primary', kind: 'rural' },
  { level: 'kindergarten', kind: 'urban', name: '清溪镇中心幼儿园' },
  { level: 'kindergarten', kind: 'urban', name: '清溪镇第二幼儿园' },
  { level: 'kindergarten', kind: 'suburban' },
  { level: 'kindergarten', kind: 'rural' },
  { level: 'kindergarten', kind: 'industrial', name: '清溪工业园幼儿园' },
];

const SCHOOL_SIZE = {
  kindergarten: { students: [120, 420], perTeacher: 11 },
  primary: { students: [480, 1900], perTeacher: 17 },
  middle: { students: [1100, 2600], perTeacher: 13 },
} as const;

function makeSchools(b: Builder): void {
  const { rng, geo } = b;
  // Each school in its own grid, so school guard posts spread over the town.
  const pools = new Map<GridKind, GridShape[]>();
  for (const kind of ['urban', 'suburban', 'rural', 'industrial'] as const) {
    pools.set(kind, rng.shuffle(geo.grids.filter((g) => g.kind === kind)));
  }
  SCHOOLS.forEach((s, i) => {
    const g = pools.get(s.kind)?.shift();
    if (!g) throw new Error(`no ${s.kind} grid left for a school`);
    const c = communityOf(geo, g.code);
    const village = c.kind === 'village' && s.kind !== 'urban';
    const point = village
      ? pointNear(rng, g.ring, c.point, 0.15, 0.3, 0.12)
      : randomPointInRing(rng, g.ring, 0.12, 0.3);
    const suffix = s.level === 'kindergarten' ? '幼儿园' : s.level === 'primary' ? '小学' : '中学';
    const name = s.name ?? `清溪镇${baseName(c)}${suffix}`;
    const size = SCHOOL_SIZE[s.level];
    const students = rng.int(size.students[0], size.students[1]);
    // The gate faces the road a few dozen metres from the buildings; guard posts stand there.
    const gate = toLngLat(pointNear(rng, g.ring, point, 0.04, 0.07, 0.02));
    addPlace(
      b,
      'school',
      `SC${String(i + 1).padStart(2, '0')}`,
      name,
      point,
      {
        level: s.level,
        students,
        teachers: Math.round(students / (size.perTeacher + rng.float(-2, 2))),
        gateLng: gate[0],
        gateLat: gate[1],
      },
      g.code,
    );
  });
}

function rectangle(center: Pair, w: number, h: number, angle: number): Pair[] {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const corners: Pair[] = [
    [-w / 2, -h / 2],
    [w / 2, -h / 2],
    [w / 2, h / 2],
    [-w / 2, h / 2],
  ];
  return corners.map(([x, y]): Pair => [center[0] + x * c - y * s, center[1] + x * s + y * c]);
}

function makeBusinessDistricts(b: Builder): void {
  const { rng, geo } = b;
  const grids = rng.shuffle(geo.grids.filter((g) => g.kind === 'urban')).slice(0, BUSINESS_DISTRICT_COUNT);
  grids.forEach((g, i) => {
    let rect: Pair[] = [];
    let center: Pair = [0, 0];
    for (let tries = 0; tries < 200; tries++) {
      const shrink = tries < 100 ? 1 : 0.5;
      center = randomPointInRing(rng, g.ring, 0.15, 0.4);
      rect = rectangle(
        center,
        rng.float(0.18, 0.32) * shrink,
        rng.float(0.12, 0.22) * shrink,
        geo.tilt + rng.float(-0.3, 0.3),
      );
      // Grid cells in the centre are convex, so corners inside means the whole block is inside.
      if (rect.every((p) => pointInRing(p, g.ring) && distanceToRing(p, g.ring) >= 0.02)) break;
    }
    const merchants = rng.int(80, 420);
    addPlace(
      b,
      'business_district',
      `BD${String(i + 1).padStart(2, '0')}`,
      BUSINESS_DISTRICTS[i] ?? `商圈${i + 1}`,
      center,
      // Ten-household joint defence: merchants organise in groups of about ten.
      { merchants, jointDefenceGroups: Math.ceil(merchants / 10), nightPatrol: true },
      g.code,
      rect,
    );
  });
}

function orgBody(rng: Rng): string {
  // Codes issued since 2015 carry 'MA' bodies; older firms keep their all-digit organisation code.
  const letters = CREDIT_CODE_CHARS;
  if (rng.chance(0.6)) {
    let s = 'MA0';
    for (let i = 0; i < 5; i++) s += letters.charAt(rng.int(0, letters.length - 1));
    return s;
  }
  return String(rng.int(10_000_000, 99_999_999));
}

function makeEnterprises(b: Builder): void {
  const { rng, geo } = b;
  const names = new Set<string>();
  const codes = new Set<string>();
  for (let i = 0; i < ENTERPRISE_COUNT; i++) {
    const kind = rng.weighted(ENTERPRISE_SHARE);
    const g = rng.pick(geo.grids.filter((x) => x.kind === kind));
    const industry = rng.weighted(INDUSTRIES.map((x) => [x, x.weight] as const));
    let name = '';
    do {
      const prefix = rng.weighted([
        ['清溪镇', 8],
        ['河北', 1],
        ['霸州市', 1],
      ] as const);
      name = `${prefix}${rng.pick(ENTERPRISE_BRANDS)}${rng.pick(industry.words)}有限公司`;
    } while (names.has(name));
    names.add(name);
    let creditCode = '';
    do creditCode = makeCreditCode(STATION_REGION, orgBody(rng));
    while (codes.has(creditCode));
    codes.add(creditCode);
    const [lo, hi] = industry.employees;
    // Most firms are small workshops; a few are large plants.
    const employees = rng.chance(0.04)
      ? Math.round(hi * rng.float(1.5, 4))
      : Math.round(lo + (hi - lo) * rng.next() ** 2);
    addPlace(
      b,
      'enterprise',
      `EN${String(i + 1).padStart(3, '0')}`,
      name,
      randomPointInRing(rng, g.ring, 0.03),
      {
        creditCode,
        employees,
        industry: industry.key,
        industryLabel: industry.label,
        legalRepresentative: randomName(rng, rng.chance(0.8) ? 'M' : 'F'),
        foundedYear: rng.int(1993, 2025),
      },
      g.code,
    );
  }
}

export interface PlacesResult {
  station: DemoStation;
  places: DemoPlace[];
}

/** The station and every non-community place; communities come from the geography. */
export function generatePlaces(rng: Rng, geo: Geography, grids: readonly DemoGrid[]): PlacesResult {
  const b: Builder = { rng, geo, grids, places: [] };
  const station = makeStation({ ...b, rng: rng.fork('station') });
  makeMediationCentre({ ...b, rng: rng.fork('mediation') });
  makePoliceOffices({ ...b, rng: rng.fork('police-offices') });
  makeSchools({ ...b, rng: rng.fork('schools') });
  makeBusinessDistricts({ ...b, rng: rng.fork('business-districts') });
  makeEnterprises({ ...b, rng: rng.fork('enterprises') });
  return { station, places: b.places };
}

/** Communities as places, for the orchestrator. */
export function communityPlaces(geo: Geography, grids: readonly DemoGrid[]): DemoPlace[] {
  return geo.communities.map((c) => {
    const point = toLngLat(c.point);
    const gridCode = locateGrid(point, grids);
    if (gridCode !== c.gridCode) throw new Error(`community ${c.key} landed in ${gridCode ?? 'no grid'}`);
    return {
      key: c.key,
      kind: c.kind,
      name: c.name,
      gridCode,
      point,
      attributes: { population: c.population, households: c.households },
    };
  });
}
