/**
 * The shape of a realistic stream of incidents for a town of 39 grids: a few
 * hot grids take most of the load, public order, traffic and disputes
 * dominate, some places and callers come back again and again. Shared by the
 * ingest benchmark (as API payloads) and the query benchmark's generator (as
 * weights for SQL).
 */
import { bboxOf, createRng, GridIndex, type PolygonGeometry, type Rng } from '@fengqiao/domain';

/** Leaf categories with their share of all incidents (per cent; normalised when used). */
export const CATEGORY_WEIGHTS: readonly (readonly [string, number])[] = [
  ['criminal.theft', 7],
  ['criminal.fraud', 4],
  ['criminal.burglary', 1.5],
  ['criminal.robbery', 0.3],
  ['criminal.assault', 0.7],
  ['public_order.fight', 4],
  ['public_order.noise', 8],
  ['public_order.gambling', 1],
  ['public_order.harassment', 2],
  ['traffic.accident', 9],
  ['traffic.congestion', 4],
  ['traffic.violation', 3],
  ['traffic.parking', 6],
  ['fire_disaster.fire', 0.6],
  ['fire_disaster.flood', 0.3],
  ['mass_incident', 0.1],
  ['dispute.neighbour', 8],
  ['dispute.family', 6],
  ['dispute.labour', 5],
  ['dispute.consumer', 4],
  ['dispute.property', 3],
  ['help.missing_person', 1],
  ['help.lost_property', 5],
  ['help.locked_out', 3],
  ['complaint', 3],
  ['invalid.prank', 2],
  ['invalid.misdial', 3.5],
];

export const SOURCE_WEIGHTS: readonly (readonly [string, number])[] = [
  ['call_110', 70],
  ['walk_in', 10],
  ['online', 6],
  ['volunteer', 4],
  ['camera', 2],
  ['patrol', 8],
];

/** Share of incidents per hour of the local day: quiet small hours, a day plateau and an evening peak. */
export const HOUR_WEIGHTS: readonly number[] = [
  2.2, 1.5, 1.0, 0.8, 0.7, 0.9, 1.6, 2.8, 4.0, 4.6, 4.8, 5.0, 5.0, 4.8, 4.8, 5.0, 5.2, 5.6, 6.4, 7.2, 7.6, 6.8, 5.0,
  3.4,
];

/** Zipf-like weights: grid k (0-based, in the order given) gets 1/(k+1)^s. */
export function zipfWeights(n: number, s = 0.9): number[] {
  return Array.from({ length: n }, (_, k) => 1 / (k + 1) ** s);
}

/** Expands weights into a lookup table of `size` slots, so SQL can pick by `table[1 + floor(random() * size)]`. */
export function weightTable<T>(items: readonly (readonly [T, number])[], size: number): T[] {
  const total = items.reduce((s, [, w]) => s + w, 0);
  const out: T[] = [];
  let acc = 0;
  for (const [item, w] of items) {
    acc += w;
    const upto = Math.round((acc / total) * size);
    while (out.length < upto) out.push(item);
  }
  const last = items[items.length - 1];
  while (last && out.length < size) out.push(last[0]);
  return out;
}

export interface MixGrid {
  id: string;
  code: string;
  name: string;
  centroid: [number, number];
  geometry: PolygonGeometry;
}

export interface IncidentPayload {
  source: string;
  categoryCode: string;
  summary: string;
  description: string;
  address: string;
  location: { lng: number; lat: number; crs: 'WGS84' };
  callerName?: string;
  callerPhone?: string;
  dispatch: 'auto' | 'none';
}

const SUMMARY_ZH: Record<string, string> = {
  criminal: '报警称财物被盗或被骗',
  public_order: '报警称现场有治安问题',
  traffic: '报警称道路交通出现情况',
  fire_disaster: '报警称发生火情或险情',
  mass_incident: '报警称有人员聚集',
  dispute: '报警称双方发生纠纷',
  help: '群众求助',
  complaint: '群众投诉',
  invalid: '无效来电',
};

/** Generates API payloads for POST /api/incidents with the mix above. */
export class IncidentMix {
  private readonly rng: Rng;
  private readonly grids: MixGrid[];
  private readonly gridTable: number[];
  private readonly categoryTable: string[];
  private readonly sourceTable: string[];
  private readonly index: GridIndex<number>;
  private readonly hotCallers: string[];

  constructor(
    grids: MixGrid[],
    categories: readonly string[],
    private readonly autoDispatchShare = 0.7,
    seed = 'ingest-mix',
  ) {
    this.rng = createRng(seed);
    // Hot grids: the order is shuffled by the seed, so "hot" is not simply the first codes.
    this.grids = this.rng.shuffle(grids);
    const known = new Set(categories);
    const cats = CATEGORY_WEIGHTS.filter(([c]) => known.has(c));
    if (cats.length === 0) throw new Error('none of the mix categories exist on the server');
    this.categoryTable = weightTable(cats, 1000);
    this.sourceTable = weightTable(SOURCE_WEIGHTS, 100);
    this.gridTable = weightTable(
      zipfWeights(this.grids.length).map((w, i) => [i, w] as const),
      1000,
    );
    this.index = new GridIndex(this.grids.map((g, key) => ({ key, geometry: g.geometry })));
    this.hotCallers = Array.from({ length: 60 }, () => `139${String(this.rng.int(0, 99_999_999)).padStart(8, '0')}`);
  }

  private pointIn(gi: number): [number, number] {
    const g = this.grids[gi] as MixGrid;
    const [minX, minY, maxX, maxY] = bboxOf(g.geometry);
    for (let tries = 0; tries < 50; tries++) {
      const lng = this.rng.float(minX, maxX);
      const lat = this.rng.float(minY, maxY);
      if (this.index.lookup(lng, lat) === gi) return [lng, lat];
    }
    return g.centroid;
  }

  next(): IncidentPayload {
    const r = this.rng;
    const gi = r.pick(this.gridTable);
    const g = this.grids[gi] as MixGrid;
    const categoryCode = r.pick(this.categoryTable);
    const source = r.pick(this.sourceTable);
    // A quarter of reports come from a few hundred repeat places per grid.
    const address = r.chance(0.25) ? `${g.name}${r.int(1, 12)}号楼` : `${g.name}${r.int(1, 400)}巷${r.int(1, 200)}号`;
    const [lng, lat] = this.pointIn(gi);
    const top = categoryCode.split('.')[0] ?? categoryCode;
    const p: IncidentPayload = {
      source,
      categoryCode,
      summary: `${SUMMARY_ZH[top] ?? '报警'}（${g.code}）`,
      description: `来电人称在${address}附近发生情况，请尽快处置。编号${r.int(1000, 9999)}`,
      address,
      location: { lng, lat, crs: 'WGS84' },
      dispatch: source !== 'volunteer' && r.chance(this.autoDispatchShare) ? 'auto' : 'none',
    };
    if (source === 'call_110') {
      p.callerName = r.pick(['张先生', '李女士', '王先生', '刘女士', '陈先生']);
      p.callerPhone = r.chance(0.05)
        ? r.pick(this.hotCallers)
        : `1${r.pick(['38', '39', '58', '86', '37'])}${String(r.int(0, 99_999_999)).padStart(8, '0')}`;
    }
    return p;
  }
}
