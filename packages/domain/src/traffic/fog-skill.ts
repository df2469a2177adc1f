import { createRng } from '../random';
import { LN_CLEAR, type NowcastGrid, type NowcastStation, nowcast, sampleGrid } from './nowcast';

/**
 * Generated fog episodes with known truth, and the skill of the nowcast
 * against persistence and plain interpolation at hold-out stations.
 */

export interface FogBank {
  /** Centre at t = 0 (km) and drift (km per minute). */
  x0: number;
  y0: number;
  vx: number;
  vy: number;
  /** Radius (km) at t = 0 and its growth (km per minute; negative: shrinking). */
  r0: number;
  dr: number;
  /** Core visibility (m) at t = 0 and its rate of change in ln units per minute (negative: thickening). */
  core0: number;
  dcore: number;
}

export interface FogEpisode {
  grid: NowcastGrid;
  banks: FogBank[];
  /** Station positions (km). */
  stations: { x: number; y: number }[];
  /** Wind the banks drift with (m/s), as stations report it. */
  windU: number;
  windV: number;
  seed: string;
}

/** True ln-visibility at (x, y) km, t minutes after the analysis time. */
export function truthLn(e: FogEpisode, x: number, y: number, t: number): number {
  let ln = LN_CLEAR;
  for (const b of e.banks) {
    const cx = b.x0 + b.vx * t;
    const cy = b.y0 + b.vy * t;
    const r = Math.max(2, b.r0 + b.dr * t);
    const d2 = ((x - cx) ** 2 + (y - cy) ** 2) / (r * r);
    const f = Math.exp(-d2 * d2);
    const core = Math.log(b.core0) + b.dcore * t;
    const val = LN_CLEAR + f * (Math.max(core, Math.log(15)) - LN_CLEAR);
    if (val < ln) ln = val;
  }
  return ln;
}

/** One episode: drifting, growing and thickening (or clearing) banks over a network of stations. */
export function generateEpisode(seed: string, o: { widthKm?: number; heightKm?: number; stations?: number } = {}) {
  const rng = createRng(seed);
  const nx = o.widthKm ?? 160;
  const ny = o.heightKm ?? 120;
  const count = o.stations ?? 320;
  // The banks drift with one synoptic wind: 3–9 m/s from a random direction.
  const speed = rng.float(3, 9);
  const dir = rng.float(0, Math.PI * 2);
  const windU = speed * Math.cos(dir);
  const windV = speed * Math.sin(dir);
  const banks: FogBank[] = [];
  const nBanks = rng.int(2, 4);
  for (let b = 0; b < nBanks; b++) {
    banks.push({
      x0: rng.float(0.15, 0.85) * nx,
      y0: rng.float(0.15, 0.85) * ny,
      vx: windU * 0.06,
      vy: windV * 0.06,
      r0: rng.float(12, 30),
      dr: rng.float(-0.03, 0.08),
      core0: rng.float(40, 600),
      dcore: rng.float(-0.012, 0.006),
    });
  }
  // Stations on a jittered lattice, as road weather stations along a network would roughly be.
  const cols = Math.round(Math.sqrt((count * nx) / ny));
  const rows = Math.ceil(count / cols);
  const stations: { x: number; y: number }[] = [];
  for (let r = 0; r < rows && stations.length < count; r++)
    for (let c = 0; c < cols && stations.length < count; c++)
      stations.push({
        x: ((c + 0.5 + rng.float(-0.35, 0.35)) * nx) / cols,
        y: ((r + 0.5 + rng.float(-0.35, 0.35)) * ny) / rows,
      });
  return { grid: { nx, ny, cellKm: 1 }, banks, stations, windU, windV, seed } satisfies FogEpisode;
}

export interface SkillScores {
  /** RMSE of visibility (m) with both sides capped at 1,000 m (the range that matters for fog). */
  rmseM: number;
  /** RMSE of ln(visibility). */
  rmseLn: number;
  /** Of the cases under 200 m, the share forecast under 200 m. */
  hitRate: number;
  /** Of the forecasts under 200 m, the share that were not. */
  falseAlarmRate: number;
  /** Critical success index for < 200 m. */
  csi: number;
  n: number;
}

export interface SkillReport {
  leadsMin: number[];
  nowcast: SkillScores;
  persistence: SkillScores;
  interpolation: SkillScores;
}

class Tally {
  private se = 0;
  private seLn = 0;
  private hits = 0;
  private misses = 0;
  private falseAlarms = 0;
  private n = 0;
  add(truthM: number, forecastM: number): void {
    const a = Math.min(truthM, 1000);
    const b = Math.min(forecastM, 1000);
    this.se += (a - b) ** 2;
    this.seLn += (Math.log(truthM) - Math.log(forecastM)) ** 2;
    const event = truthM < 200;
    const warned = forecastM < 200;
    if (event && warned) this.hits++;
    else if (event) this.misses++;
    else if (warned) this.falseAlarms++;
    this.n++;
  }
  scores(): SkillScores {
    const hr = this.hits + this.misses > 0 ? this.hits / (this.hits + this.misses) : 0;
    const far = this.hits + this.falseAlarms > 0 ? this.falseAlarms / (this.hits + this.falseAlarms) : 0;
    const denom = this.hits + this.misses + this.falseAlarms;
    return {
      rmseM: Math.sqrt(this.se / Math.max(this.n, 1)),
      rmseLn: Math.sqrt(this.seLn / Math.max(this.n, 1)),
      hitRate: hr,
      falseAlarmRate: far,
      csi: denom > 0 ? this.hits / denom : 0,
      n: this.n,
    };
  }
}

/**
 * Skill over episodes: every fifth station is held out; the nowcast runs on
 * the others (readings with multiplicative noise, 30 minutes apart); at each
 * hold-out station and lead the forecast is compared with the truth.
 * Persistence keeps the hold-out station's own latest reading; plain
 * interpolation keeps the analysis of the latest readings.
 */
export function evaluateSkill(
  episodes: readonly FogEpisode[],
  o: { leadsMin?: number[]; noiseLn?: number; holdoutEvery?: number } = {},
): SkillReport {
  const leads = o.leadsMin ?? [30, 60, 90, 120];
  const noise = o.noiseLn ?? 0.15;
  const every = o.holdoutEvery ?? 5;
  const t = { nowcast: new Tally(), persistence: new Tally(), interpolation: new Tally() };
  for (const e of episodes) {
    const rng = createRng(`${e.seed}:noise`);
    const observed = (x: number, y: number, tm: number) =>
      Math.exp(Math.min(truthLn(e, x, y, tm) + rng.normal(0, noise), LN_CLEAR));
    const train: NowcastStation[] = [];
    const held: { x: number; y: number; now: number }[] = [];
    e.stations.forEach((s, i) => {
      const now = observed(s.x, s.y, 0);
      if (i % every === 0) {
        held.push({ x: s.x, y: s.y, now });
        return;
      }
      train.push({
        x: s.x,
        y: s.y,
        visibilityM: now,
        pastVisibilityM: observed(s.x, s.y, -30),
        windU: e.windU + rng.normal(0, 0.5),
        windV: e.windV + rng.normal(0, 0.5),
      });
    });
    const r = nowcast(e.grid, train, { leadsMin: leads });
    for (const h of held) {
      const plain = sampleGrid(e.grid, r.analysis, h.x, h.y);
      leads.forEach((lead, li) => {
        const truth = Math.exp(truthLn(e, h.x, h.y, lead));
        t.nowcast.add(truth, sampleGrid(e.grid, r.fields[li] as Float32Array, h.x, h.y));
        t.persistence.add(truth, h.now);
        t.interpolation.add(truth, plain);
      });
    }
  }
  return {
    leadsMin: leads,
    nowcast: t.nowcast.scores(),
    persistence: t.persistence.scores(),
    interpolation: t.interpolation.scores(),
  };
}
