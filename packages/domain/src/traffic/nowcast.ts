/**
 * Visibility nowcast on a regular 1 km grid for the next 0–2 hours:
 * inverse-distance interpolation of log-visibility from the nearest
 * stations, a Lagrangian trend (how fast the fog thickens or clears while
 * it drifts), and semi-Lagrangian advection by the interpolated wind.
 * Method and skill: docs/traffic.md. Pure code: no I/O, no clock.
 */

/** Visibilities are clamped to this range (metres): below is instrument noise, above is clear air. */
export const VIS_MIN_M = 10;
export const VIS_MAX_M = 30_000;
/** Clear air in generated episodes (m, as ln). */
export const LN_CLEAR = Math.log(20_000);
const LN_MIN = Math.log(VIS_MIN_M);
const LN_MAX = Math.log(VIS_MAX_M);

/** A grid of square cells in a local plane; x grows east, y north, in km from the south-west corner. */
export interface NowcastGrid {
  nx: number;
  ny: number;
  cellKm: number;
}

export interface NowcastStation {
  /** Position in km from the grid's south-west corner. */
  x: number;
  y: number;
  /** Latest visibility (m) at the analysis time. */
  visibilityM: number;
  /** Visibility (m) `pastMinutes` earlier, or null when the station has no reading then. */
  pastVisibilityM: number | null;
  /** Wind towards east / north (m/s); NaN where the station measures no wind. */
  windU: number;
  windV: number;
}

export interface NowcastOptions {
  /** Minutes between the past and latest readings used for the trend (default 30). */
  pastMinutes?: number;
  /** Lead times in minutes (default 0, 30, 60, 90, 120). */
  leadsMin?: readonly number[];
  /** Nearest stations per cell (default 6). */
  neighbours?: number;
  /** Share of the trend carried forward (trends of fog do not last unchanged; default 0.8). */
  trendWeight?: number;
}

export interface NowcastResult {
  leadsMin: number[];
  /** Visibility (m) per lead, row-major from the south-west cell (index = j * nx + i). */
  fields: Float32Array[];
  /** The worst (lowest) visibility over every lead, per cell. */
  minField: Float32Array;
  /** The analysis without trend or advection: plain interpolation of the latest readings. */
  analysis: Float32Array;
  /** Interpolated wind, m/s. */
  windU: Float32Array;
  windV: Float32Array;
}

const clampLn = (v: number) => (v < LN_MIN ? LN_MIN : Math.min(v, LN_MAX));
export const lnVis = (m: number) => clampLn(Math.log(Math.max(m, VIS_MIN_M)));

/**
 * Stations bucketed on a coarse grid; each bucket keeps the candidate
 * stations of its neighbourhood so a cell looks only at a few dozen.
 */
class Buckets {
  readonly size: number;
  readonly bx: number;
  readonly by: number;
  readonly candidates: Int32Array[];

  constructor(xs: Float64Array, ys: Float64Array, widthKm: number, heightKm: number, k: number) {
    const n = xs.length;
    const area = Math.max(widthKm * heightKm, 1);
    // About two stations per bucket on average.
    this.size = Math.max(1, Math.sqrt(area / Math.max(n / 2, 1)));
    this.bx = Math.max(1, Math.ceil(widthKm / this.size));
    this.by = Math.max(1, Math.ceil(heightKm / this.size));
    const cells: number[][] = Array.from({ length: this.bx * this.by }, () => []);
    for (let s = 0; s < n; s++) {
      const i = Math.min(this.bx - 1, Math.max(0, Math.floor((xs[s] ?? 0) / this.size)));
      const j = Math.min(this.by - 1, Math.max(0, Math.floor((ys[s] ?? 0) / this.size)));
      cells[j * this.bx + i]?.push(s);
    }
    this.candidates = new Array(this.bx * this.by);
    const need = Math.min(n, k + 2);
    for (let j = 0; j < this.by; j++) {
      for (let i = 0; i < this.bx; i++) {
        let r = 2;
        let list: number[] = [];
        for (;;) {
          list = [];
          for (let jj = Math.max(0, j - r); jj <= Math.min(this.by - 1, j + r); jj++)
            for (let ii = Math.max(0, i - r); ii <= Math.min(this.bx - 1, i + r); ii++)
              for (const s of cells[jj * this.bx + ii] ?? []) list.push(s);
          if (list.length >= need || (r >= this.bx && r >= this.by)) break;
          r *= 2;
        }
        this.candidates[j * this.bx + i] = Int32Array.from(list);
      }
    }
  }

  at(x: number, y: number): Int32Array {
    const i = Math.min(this.bx - 1, Math.max(0, Math.floor(x / this.size)));
    const j = Math.min(this.by - 1, Math.max(0, Math.floor(y / this.size)));
    return this.candidates[j * this.bx + i] ?? new Int32Array(0);
  }
}

/**
 * Inverse-distance-squared interpolation of several station values at once
 * onto the grid from the k nearest stations (values NaN are skipped per
 * series). Returns one Float32Array per series.
 */
export function interpolate(
  grid: NowcastGrid,
  xs: Float64Array,
  ys: Float64Array,
  series: Float64Array[],
  k: number,
): Float32Array[] {
  const cells = grid.nx * grid.ny;
  const out = series.map(() => new Float32Array(cells));
  if (xs.length === 0) {
    for (const o of out) o.fill(Number.NaN);
    return out;
  }
  const buckets = new Buckets(xs, ys, grid.nx * grid.cellKm, grid.ny * grid.cellKm, k);
  const bestD = new Float64Array(k);
  const bestS = new Int32Array(k);
  const smooth = (grid.cellKm * 0.5) ** 2;
  const m = series.length;
  const sums = new Float64Array(m);
  const wsums = new Float64Array(m);
  for (let j = 0; j < grid.ny; j++) {
    const y = (j + 0.5) * grid.cellKm;
    for (let i = 0; i < grid.nx; i++) {
      const x = (i + 0.5) * grid.cellKm;
      const cand = buckets.at(x, y);
      let found = 0;
      for (let c = 0; c < cand.length; c++) {
        const s = cand[c] as number;
        const dx = (xs[s] as number) - x;
        const dy = (ys[s] as number) - y;
        const d = dx * dx + dy * dy;
        if (found < k) {
          let p = found++;
          while (p > 0 && (bestD[p - 1] as number) > d) {
            bestD[p] = bestD[p - 1] as number;
            bestS[p] = bestS[p - 1] as number;
            p--;
          }
          bestD[p] = d;
          bestS[p] = s;
        } else if (d < (bestD[k - 1] as number)) {
          let p = k - 1;
          while (p > 0 && (bestD[p - 1] as number) > d) {
            bestD[p] = bestD[p - 1] as number;
            bestS[p] = bestS[p - 1] as number;
            p--;
          }
          bestD[p] = d;
          bestS[p] = s;
        }
      }
      sums.fill(0);
      wsums.fill(0);
      for (let q = 0; q < found; q++) {
        const w = 1 / ((bestD[q] as number) + smooth);
        const s = bestS[q] as number;
        for (let v = 0; v < m; v++) {
          const val = (series[v] as Float64Array)[s] as number;
          if (Number.isNaN(val)) continue;
          sums[v] = (sums[v] as number) + w * val;
          wsums[v] = (wsums[v] as number) + w;
        }
      }
      const idx = j * grid.nx + i;
      for (let v = 0; v < m; v++) {
        const ws = wsums[v] as number;
        (out[v] as Float32Array)[idx] = ws > 0 ? (sums[v] as number) / ws : Number.NaN;
      }
    }
  }
  return out;
}

/** Bilinear sample of a grid field at (x, y) km, clamped to the grid's edge. */
export function sampleGrid(grid: NowcastGrid, field: ArrayLike<number>, x: number, y: number): number {
  let fx = x / grid.cellKm - 0.5;
  let fy = y / grid.cellKm - 0.5;
  const maxX = grid.nx - 1;
  const maxY = grid.ny - 1;
  fx = fx < 0 ? 0 : Math.min(fx, maxX);
  fy = fy < 0 ? 0 : Math.min(fy, maxY);
  const i0 = Math.floor(fx);
  const j0 = Math.floor(fy);
  const i1 = i0 < maxX ? i0 + 1 : i0;
  const j1 = j0 < maxY ? j0 + 1 : j0;
  const tx = fx - i0;
  const ty = fy - j0;
  const a = field[j0 * grid.nx + i0] as number;
  const b = field[j0 * grid.nx + i1] as number;
  const c = field[j1 * grid.nx + i0] as number;
  const d = field[j1 * grid.nx + i1] as number;
  return (a * (1 - tx) + b * tx) * (1 - ty) + (c * (1 - tx) + d * tx) * ty;
}

/** Runs the nowcast. Stations outside the grid still inform the cells near the edge. */
export function nowcast(grid: NowcastGrid, stations: readonly NowcastStation[], o: NowcastOptions = {}): NowcastResult {
  const pastMinutes = o.pastMinutes ?? 30;
  const leadsMin = [...(o.leadsMin ?? [0, 30, 60, 90, 120])];
  const k = o.neighbours ?? 6;
  const beta = o.trendWeight ?? 0.8;
  const n = stations.length;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  const now = new Float64Array(n);
  const past = new Float64Array(n);
  const u = new Float64Array(n);
  const v = new Float64Array(n);
  for (let s = 0; s < n; s++) {
    const st = stations[s] as NowcastStation;
    xs[s] = st.x;
    ys[s] = st.y;
    now[s] = lnVis(st.visibilityM);
    // A station without a past reading lends its latest one: no trend from it.
    past[s] = st.pastVisibilityM === null ? (now[s] as number) : lnVis(st.pastVisibilityM);
    u[s] = Number.isFinite(st.windU) ? st.windU : Number.NaN;
    v[s] = Number.isFinite(st.windV) ? st.windV : Number.NaN;
  }
  const cells = grid.nx * grid.ny;
  const [aNow, aPast, wU, wV] = interpolate(grid, xs, ys, [now, past, u, v], k) as [
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
  ];
  for (let c = 0; c < cells; c++) {
    if (Number.isNaN(wU[c] as number)) wU[c] = 0;
    if (Number.isNaN(wV[c] as number)) wV[c] = 0;
    if (Number.isNaN(aNow[c] as number)) aNow[c] = LN_MAX;
    if (Number.isNaN(aPast[c] as number)) aPast[c] = aNow[c] as number;
  }
  // Lagrangian trend per minute: the change along the path the air came by.
  const kmPerMin = 0.06; // 1 m/s = 0.06 km/min
  const trend = new Float32Array(cells);
  for (let j = 0; j < grid.ny; j++) {
    for (let i = 0; i < grid.nx; i++) {
      const c = j * grid.nx + i;
      const x = (i + 0.5) * grid.cellKm - (wU[c] as number) * kmPerMin * pastMinutes;
      const y = (j + 0.5) * grid.cellKm - (wV[c] as number) * kmPerMin * pastMinutes;
      const before = sampleGrid(grid, aPast, x, y);
      const t = ((aNow[c] as number) - before) / pastMinutes;
      // At most a factor e per 20 minutes either way: faster changes are noise, not trend.
      trend[c] = t > 0.05 ? 0.05 : Math.max(t, -0.05);
    }
  }
  const fields: Float32Array[] = [];
  const minField = new Float32Array(cells).fill(VIS_MAX_M);
  for (const lead of leadsMin) {
    const f = new Float32Array(cells);
    for (let j = 0; j < grid.ny; j++) {
      for (let i = 0; i < grid.nx; i++) {
        const c = j * grid.nx + i;
        const x = (i + 0.5) * grid.cellKm - (wU[c] as number) * kmPerMin * lead;
        const y = (j + 0.5) * grid.cellKm - (wV[c] as number) * kmPerMin * lead;
        const base = lead === 0 ? (aNow[c] as number) : sampleGrid(grid, aNow, x, y);
        const tr = lead === 0 ? 0 : sampleGrid(grid, trend, x, y);
        const vis = Math.exp(clampLn(base + beta * tr * lead));
        f[c] = vis;
        if (vis < (minField[c] as number)) minField[c] = vis;
      }
    }
    fields.push(f);
  }
  const analysis = new Float32Array(cells);
  for (let c = 0; c < cells; c++) analysis[c] = Math.exp(aNow[c] as number);
  return { leadsMin, fields, minField, analysis, windU: wU, windV: wV };
}

/**
 * A local plane around a reference point: km east and north of the grid's
 * south-west corner (equirectangular; error well under a cell over a province).
 */
export interface GridFrame {
  west: number;
  south: number;
  lat0: number;
  cellKm: number;
  nx: number;
  ny: number;
}

const KM_PER_DEG_LAT = 110.574;
const kmPerDegLng = (lat0: number) => 111.32 * Math.cos((lat0 * Math.PI) / 180);

/** The 1 km frame covering a bounding box [west, south, east, north] with a margin in km. */
export function frameFor(bbox: readonly [number, number, number, number], marginKm = 5, cellKm = 1): GridFrame {
  const [w, s, e, n] = bbox;
  const lat0 = (s + n) / 2;
  const west = w - marginKm / kmPerDegLng(lat0);
  const south = s - marginKm / KM_PER_DEG_LAT;
  const widthKm = (e - w) * kmPerDegLng(lat0) + 2 * marginKm;
  const heightKm = (n - s) * KM_PER_DEG_LAT + 2 * marginKm;
  return {
    west,
    south,
    lat0,
    cellKm,
    nx: Math.max(1, Math.ceil(widthKm / cellKm)),
    ny: Math.max(1, Math.ceil(heightKm / cellKm)),
  };
}

export function toFrame(f: GridFrame, lng: number, lat: number): [number, number] {
  return [(lng - f.west) * kmPerDegLng(f.lat0), (lat - f.south) * KM_PER_DEG_LAT];
}

export function fromFrame(f: GridFrame, x: number, y: number): [number, number] {
  return [f.west + x / kmPerDegLng(f.lat0), f.south + y / KM_PER_DEG_LAT];
}
