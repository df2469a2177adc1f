import type { DutyConfig } from './duties';
import { type MeasureDef, measureOf } from './measures';

/** One measure's raw figures for one subject: records counted, Σ value and (for medians) the middle value. */
export interface Raw {
  n: number;
  sum: number;
  median?: number | null;
}

/** The value a measure shows for raw figures (null when a rate or mean has nothing to divide). */
export function measureValue(def: Pick<MeasureDef, 'aggregate'>, raw: Raw, grids = 0): number | null {
  switch (def.aggregate) {
    case 'count':
      return raw.n;
    case 'sum':
      return Math.round(raw.sum * 10) / 10;
    case 'avg':
      return raw.n === 0 ? null : raw.sum / raw.n;
    case 'median':
      return raw.n === 0 ? null : (raw.median ?? null);
    case 'coverage':
      return grids === 0 ? null : raw.n / grids;
  }
}

/**
 * A measure's 0–100 score for one subject among its peers. Rates score as
 * themselves (0.9 → 90); counts and sums relative to the best peer; means
 * where lower is better (waiting minutes) relative to the lowest. Null
 * when the subject has no figure: it then drops out of the duty, whose
 * other measures carry its weight.
 */
export function measureScore(def: MeasureDef, value: number | null, peers: readonly (number | null)[]): number | null {
  if (value === null) return null;
  if (def.unit === 'percent') return clamp(def.better === 'higher' ? value * 100 : 100 - value * 100);
  const known = peers.filter((x): x is number => x !== null);
  if (def.better === 'higher') {
    const best = Math.max(0, ...known);
    return best === 0 ? null : clamp((value / best) * 100);
  }
  const best = Math.min(...known.filter((x) => x > 0), Number.POSITIVE_INFINITY);
  if (!Number.isFinite(best)) return 100;
  return value <= 0 ? 100 : clamp((best / value) * 100);
}

function clamp(x: number): number {
  return Math.round(Math.max(0, Math.min(100, x)) * 10) / 10;
}

/** Weighted mean of the scores that exist; null when none does. */
export function weighted(parts: readonly { score: number | null; weight: number }[]): number | null {
  let w = 0;
  let s = 0;
  for (const p of parts) {
    if (p.score === null || p.weight <= 0) continue;
    w += p.weight;
    s += p.score * p.weight;
  }
  return w === 0 ? null : Math.round((s / w) * 10) / 10;
}

export interface SubjectScores {
  duties: Record<string, number | null>;
  base: number | null;
}

/** Duty scores and the weighted base total from measure scores. */
export function scoreSubject(
  duties: readonly DutyConfig[],
  measureScores: Record<string, number | null>,
): SubjectScores {
  const out: Record<string, number | null> = {};
  for (const d of duties)
    out[d.key] = weighted(d.measures.map((x) => ({ score: measureScores[x.key] ?? null, weight: x.weight })));
  const base = weighted(duties.map((d) => ({ score: out[d.key] ?? null, weight: d.weight })));
  return { duties: out, base };
}

/** Base plus the leader's adjustments, kept within 0–100. */
export function finalScore(base: number | null, adjustment: number): number | null {
  return base === null ? null : clamp(base + adjustment);
}

/** Measures a duty configuration uses, once each. */
export function dutyMeasures(duties: readonly DutyConfig[]): MeasureDef[] {
  const keys = [...new Set(duties.flatMap((d) => d.measures.map((x) => x.key)))];
  return keys.map((k) => measureOf(k)).filter((x): x is MeasureDef => x?.available === true);
}
