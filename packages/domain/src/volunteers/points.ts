/**
 * Recognition points (积分). Each award comes from one source record and is
 * computed by a configurable rule; the ledger keeps the rule it used, so
 * every point can be traced to its record and its rule.
 */
export const POINT_SOURCES = [
  'duty_hours',
  'hazard_confirmed',
  'hazard_closed',
  'training_attended',
  'certificate_earned',
] as const;
export type PointSource = (typeof POINT_SOURCES)[number];

export interface PointRule {
  source: PointSource;
  /** Points per unit: per verified hour for duty_hours, per record otherwise. */
  points: number;
  per: 'hour' | 'item';
  /** duty_hours only: at most this many hours of one local day earn points; null = no cap. */
  dailyCap: number | null;
  active: boolean;
}

export const DEFAULT_POINT_RULES: readonly PointRule[] = [
  { source: 'duty_hours', points: 10, per: 'hour', dailyCap: 12, active: true },
  { source: 'hazard_confirmed', points: 5, per: 'item', dailyCap: null, active: true },
  { source: 'hazard_closed', points: 10, per: 'item', dailyCap: null, active: true },
  { source: 'training_attended', points: 5, per: 'item', dailyCap: null, active: true },
  { source: 'certificate_earned', points: 10, per: 'item', dailyCap: null, active: true },
];

/** The rules in force: station overrides on top of the defaults, one per source. */
export function effectiveRules(overrides: readonly PointRule[]): PointRule[] {
  return POINT_SOURCES.map(
    (s) => overrides.find((r) => r.source === s) ?? (DEFAULT_POINT_RULES.find((r) => r.source === s) as PointRule),
  );
}

export interface PointAward {
  /** The quantity that earned points (hours to 0.01, or 1 item). */
  quantity: number;
  /** Points to 0.1. */
  points: number;
}

const round = (x: number, step: number) => Math.round(x / step) * step;

/**
 * Points for `quantity` units of a source (hours or items). `alreadyToday`
 * is the quantity of the same local day already awarded, for the daily cap.
 */
export function pointsFor(rule: PointRule, quantity: number, alreadyToday = 0): PointAward {
  if (!rule.active || !(quantity > 0) || !(rule.points > 0)) return { quantity: 0, points: 0 };
  const q = rule.per === 'item' ? 1 : quantity;
  const room = rule.dailyCap === null ? q : Math.max(0, Math.min(q, rule.dailyCap - Math.max(0, alreadyToday)));
  // Hours are cut (never rounded up) to the hundredth.
  const counted = Math.floor(room * 100 + 1e-9) / 100;
  return { quantity: counted, points: Number(round(counted * rule.points, 0.1).toFixed(1)) };
}

export interface RuleProblem {
  index: number;
  field: 'source' | 'points' | 'per' | 'dailyCap';
  code: string;
}

/** Checks a set of rules a station wants to save: known sources once each, 0–1000 points, the right unit. */
export function checkPointRules(rules: readonly PointRule[]): RuleProblem[] {
  const out: RuleProblem[] = [];
  const seen = new Set<string>();
  rules.forEach((r, index) => {
    if (!POINT_SOURCES.includes(r.source)) out.push({ index, field: 'source', code: 'unknown_source' });
    else if (seen.has(r.source)) out.push({ index, field: 'source', code: 'duplicate_source' });
    seen.add(r.source);
    if (!(r.points >= 0 && r.points <= 1000)) out.push({ index, field: 'points', code: 'out_of_range' });
    const unit = r.source === 'duty_hours' ? 'hour' : 'item';
    if (r.per !== unit) out.push({ index, field: 'per', code: `must_be_${unit}` });
    if (r.dailyCap !== null && (r.source !== 'duty_hours' || !(r.dailyCap > 0 && r.dailyCap <= 24)))
      out.push({ index, field: 'dailyCap', code: r.source === 'duty_hours' ? 'out_of_range' : 'not_applicable' });
  });
  return out;
}
