import type { DisputeLevel, DisputeTrack } from './catalogue';

/**
 * Classified dispatch (分类派单): ranks the mediator pool for one dispute
 * with an explainable score out of 100, after excluding whoever must not
 * take it. Hard exclusions: a conflict of interest with any party, the
 * mediator's load cap reached, inactive, already on the case, and — on the
 * commercial track — anyone who does not serve the commercial studio.
 */
export interface MatchParty {
  name: string;
  /** Blind index of the person's ID number, when given. */
  idBidx?: string | null;
  /** Enterprises: the unified social credit code. */
  creditCode?: string | null;
}

export interface MatchDispute {
  categoryCode: string;
  level: DisputeLevel;
  track: DisputeTrack;
  gridId: string | null;
  /** Place text (address), to recognise villages a mediator knows. */
  place: string | null;
  /** The day the mediation is to happen, ISO date (YYYY-MM-DD). */
  on: string;
  parties: MatchParty[];
}

export interface MatchConflict {
  name?: string | null;
  idBidx?: string | null;
  creditCode?: string | null;
  relation: string;
}

export interface MatchCandidate {
  id: string;
  name: string;
  kind: string;
  specialties: readonly string[];
  levels: readonly number[];
  commercial: boolean;
  gridIds: readonly string[];
  villages: readonly string[];
  maxLoad: number;
  load: number;
  active: boolean;
  /** ISO weekdays (1 = Monday … 7 = Sunday) the mediator usually serves. */
  weekdays: readonly number[];
  /** Leave and other unavailable periods, inclusive ISO dates. */
  unavailable: readonly { from: string; to: string }[];
  decided: number;
  succeeded: number;
  conflicts: readonly MatchConflict[];
  alreadyAssigned?: boolean;
}

export const MATCH_WEIGHTS = {
  specialty: 30,
  level: 20,
  locality: 15,
  load: 15,
  availability: 10,
  track_record: 10,
} as const;
export type MatchFactorName = keyof typeof MATCH_WEIGHTS;

export interface MatchFactor {
  factor: MatchFactorName;
  points: number;
  max: number;
  note: string;
}

export interface Suggestion {
  mediatorId: string;
  score: number;
  factors: MatchFactor[];
}

export type ExclusionReason = 'conflict_of_interest' | 'load_cap' | 'inactive' | 'not_commercial' | 'already_assigned';

export interface Exclusion {
  mediatorId: string;
  reasons: ExclusionReason[];
  notes: string[];
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** Which parties a mediator has a declared relationship with; empty when none. */
export function conflictsOf(c: Pick<MatchCandidate, 'conflicts'>, parties: readonly MatchParty[]): string[] {
  const out: string[] = [];
  for (const k of c.conflicts) {
    for (const p of parties) {
      const byId = k.idBidx != null && p.idBidx != null && k.idBidx === p.idBidx;
      const byCode = k.creditCode != null && p.creditCode != null && k.creditCode === p.creditCode;
      // A relationship declared by name alone is matched by exact name: better one mediator too few than one too many.
      const byName = k.idBidx == null && k.creditCode == null && k.name != null && k.name.trim() === p.name.trim();
      if (byId || byCode || byName) out.push(`${k.relation}: ${p.name}`);
    }
  }
  return out;
}

function isoWeekday(date: string): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

function addDays(date: string, n: number): string {
  return new Date(new Date(`${date}T00:00:00Z`).getTime() + n * 86_400_000).toISOString().slice(0, 10);
}

export function availableOn(c: Pick<MatchCandidate, 'weekdays' | 'unavailable'>, date: string): boolean {
  if (!c.weekdays.includes(isoWeekday(date))) return false;
  return !c.unavailable.some((u) => u.from <= date && date <= u.to);
}

/** The score and its explanation; the factors' points add up to the score. */
export function scoreMediator(d: MatchDispute, c: MatchCandidate): Suggestion {
  const factors: MatchFactor[] = [];
  const specialty = c.specialties.includes(d.categoryCode);
  factors.push({
    factor: 'specialty',
    points: specialty ? MATCH_WEIGHTS.specialty : 0,
    max: MATCH_WEIGHTS.specialty,
    note: specialty ? `specialises in ${d.categoryCode}` : `no ${d.categoryCode} specialty`,
  });

  let levelPoints = 0;
  let levelNote = '';
  if (d.track === 'commercial') {
    levelPoints = c.commercial ? MATCH_WEIGHTS.level : 0;
    levelNote = c.commercial ? 'serves the commercial mediation studio' : 'not a studio mediator';
  } else if (c.levels.includes(d.level)) {
    levelPoints = MATCH_WEIGHTS.level;
    levelNote = `serves level ${d.level}`;
  } else if (c.levels.some((l) => Math.abs(l - d.level) === 1)) {
    levelPoints = 8;
    levelNote = `serves the adjacent level (${c.levels.join(', ')})`;
  } else {
    levelNote = `serves levels ${c.levels.join(', ') || 'none'}, not ${d.level}`;
  }
  factors.push({ factor: 'level', points: levelPoints, max: MATCH_WEIGHTS.level, note: levelNote });

  const knowsGrid = d.gridId !== null && c.gridIds.includes(d.gridId);
  const village = d.place ? c.villages.find((v) => v.length > 0 && d.place?.includes(v)) : undefined;
  factors.push({
    factor: 'locality',
    points: knowsGrid || village ? MATCH_WEIGHTS.locality : 0,
    max: MATCH_WEIGHTS.locality,
    note: village ? `knows ${village}` : knowsGrid ? 'knows the grid' : 'not local',
  });

  const free = c.maxLoad > 0 ? Math.max(0, 1 - c.load / c.maxLoad) : 0;
  factors.push({
    factor: 'load',
    points: round1(MATCH_WEIGHTS.load * free),
    max: MATCH_WEIGHTS.load,
    note: `${c.load} of ${c.maxLoad} open cases`,
  });

  let availability = 0;
  let availabilityNote = `not available on ${d.on} or the next 3 days`;
  if (availableOn(c, d.on)) {
    availability = MATCH_WEIGHTS.availability;
    availabilityNote = `available on ${d.on}`;
  } else {
    for (let k = 1; k <= 3; k++) {
      const day = addDays(d.on, k);
      if (availableOn(c, day)) {
        availability = MATCH_WEIGHTS.availability / 2;
        availabilityNote = `available from ${day}`;
        break;
      }
    }
  }
  factors.push({
    factor: 'availability',
    points: availability,
    max: MATCH_WEIGHTS.availability,
    note: availabilityNote,
  });

  // Laplace-smoothed success rate, so a newcomer starts at half marks rather than zero or full.
  const rate = (c.succeeded + 1) / (c.decided + 2);
  factors.push({
    factor: 'track_record',
    points: round1(MATCH_WEIGHTS.track_record * rate),
    max: MATCH_WEIGHTS.track_record,
    note: `${c.succeeded} of ${c.decided} mediations successful`,
  });

  const score = round1(factors.reduce((s, f) => s + f.points, 0));
  return { mediatorId: c.id, score, factors };
}

/** Why a mediator must not take this dispute; empty when they may. */
export function exclusionsOf(d: MatchDispute, c: MatchCandidate): { reasons: ExclusionReason[]; notes: string[] } {
  const reasons: ExclusionReason[] = [];
  const notes: string[] = [];
  const conflicts = conflictsOf(c, d.parties);
  if (conflicts.length > 0) {
    reasons.push('conflict_of_interest');
    notes.push(...conflicts);
  }
  if (c.load >= c.maxLoad) {
    reasons.push('load_cap');
    notes.push(`${c.load} of ${c.maxLoad} open cases`);
  }
  if (!c.active) {
    reasons.push('inactive');
    notes.push('not active in the pool');
  }
  if (d.track === 'commercial' && !c.commercial) {
    reasons.push('not_commercial');
    notes.push('the commercial track takes studio mediators only');
  }
  if (c.alreadyAssigned) {
    reasons.push('already_assigned');
    notes.push('already on this dispute');
  }
  return { reasons, notes };
}

/** Ranks the pool: best first; ties go to the less loaded, then by id, so the order is stable. */
export function rankMediators(
  d: MatchDispute,
  pool: readonly MatchCandidate[],
  limit = 10,
): { suggestions: Suggestion[]; excluded: Exclusion[] } {
  const excluded: Exclusion[] = [];
  const scored: { s: Suggestion; load: number }[] = [];
  for (const c of pool) {
    const x = exclusionsOf(d, c);
    if (x.reasons.length > 0) excluded.push({ mediatorId: c.id, ...x });
    else scored.push({ s: scoreMediator(d, c), load: c.maxLoad > 0 ? c.load / c.maxLoad : 1 });
  }
  scored.sort((a, b) => b.s.score - a.s.score || a.load - b.load || a.s.mediatorId.localeCompare(b.s.mediatorId));
  return { suggestions: scored.slice(0, limit).map((x) => x.s), excluded };
}
