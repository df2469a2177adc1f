import { isNearRoute, type RouteShape } from './geometry';

/** A GPS fix from the phone: device time (ms since epoch), WGS-84 position, reported accuracy. */
export interface Fix {
  at: number;
  lng: number;
  lat: number;
  accuracyM?: number | null;
}

/** The parameters of the hours rule (docs/volunteers.md, "Hours from evidence"). */
export interface HoursRule {
  /** A stretch between two consecutive fixes longer than this is a gap and counts nothing. */
  maxGapMs: number;
  /** Fixes reporting a worse accuracy than this are ignored. */
  maxAccuracyM: number;
}

export const DEFAULT_HOURS_RULE: HoursRule = { maxGapMs: 15 * 60_000, maxAccuracyM: 100 };

export interface DutyEvidence {
  shiftStart: number;
  shiftEnd: number;
  /** Device time of the check-out; null when the duty was closed without one (then the last fix ends it). */
  checkOutAt: number | null;
  /** Every fix of the duty: check-in and check-out positions and the track. */
  fixes: readonly Fix[];
  route: RouteShape;
}

export interface DutyHours {
  /** Counted time in whole seconds. */
  seconds: number;
  /** Where counting started: the first valid fix near the route at or after the shift start. */
  startedAt: number | null;
  /** Where counting ended: the check-out (or last fix), capped by the shift end. */
  endedAt: number | null;
  /** Seconds between start and end not counted because no fix came for longer than the gap limit. */
  gapSeconds: number;
  /** Seconds between start and end not counted because both ends of the stretch were off the route. */
  offRouteSeconds: number;
  /** Valid fixes used, and fixes ignored (inaccurate, not finite, duplicate instants, outside the window). */
  fixesUsed: number;
  fixesIgnored: number;
}

const ZERO: DutyHours = {
  seconds: 0,
  startedAt: null,
  endedAt: null,
  gapSeconds: 0,
  offRouteSeconds: 0,
  fixesUsed: 0,
  fixesIgnored: 0,
};

/**
 * Hours of a duty, computed from the evidence only — never typed in.
 *
 * 1. Fixes that are not finite or report an accuracy worse than
 *    `maxAccuracyM` are ignored; of several fixes at one instant the first counts.
 * 2. The end is the check-out time, or the last valid fix when the duty was
 *    closed without a check-out, capped by the shift end.
 * 3. The start is the first valid fix near the route at or after the shift
 *    start (and not after the end). No such fix: nothing counts.
 * 4. The fixes between start and end, with the end appended (taking the
 *    state of the last fix before it), cut the time into stretches. A
 *    stretch longer than `maxGapMs` is a gap and counts nothing; a stretch
 *    whose two ends are both off the route counts nothing; every other
 *    stretch counts in full.
 * Counted + gap + off-route always equals end − start, which never exceeds the shift.
 */
export function dutyHours(e: DutyEvidence, rule: HoursRule = DEFAULT_HOURS_RULE): DutyHours {
  const seen = new Set<number>();
  const valid: (Fix & { near: boolean })[] = [];
  const sorted = [...e.fixes].sort((a, b) => a.at - b.at);
  for (const f of sorted) {
    const ok =
      Number.isFinite(f.at) &&
      Number.isFinite(f.lng) &&
      Number.isFinite(f.lat) &&
      (f.accuracyM === null || f.accuracyM === undefined || f.accuracyM <= rule.maxAccuracyM) &&
      !seen.has(f.at);
    if (!ok) continue;
    seen.add(f.at);
    valid.push({ ...f, near: isNearRoute([f.lng, f.lat], e.route) });
  }
  const last = valid[valid.length - 1];
  if (!last || !(e.shiftEnd > e.shiftStart)) return { ...ZERO, fixesIgnored: e.fixes.length };
  const end = Math.min(e.checkOutAt ?? last.at, e.shiftEnd);
  const first = valid.find((f) => f.at >= e.shiftStart && f.at <= end && f.near);
  if (!first) return { ...ZERO, fixesIgnored: e.fixes.length };
  const start = first.at;
  const inside = valid.filter((f) => f.at >= start && f.at <= end);
  const timeline: { at: number; near: boolean }[] = inside.map((f) => ({ at: f.at, near: f.near }));
  const tail = timeline[timeline.length - 1];
  if (tail && tail.at < end) timeline.push({ at: end, near: tail.near });
  let counted = 0;
  let gap = 0;
  let off = 0;
  for (let i = 1; i < timeline.length; i++) {
    const a = timeline[i - 1] as { at: number; near: boolean };
    const b = timeline[i] as { at: number; near: boolean };
    const d = b.at - a.at;
    if (d > rule.maxGapMs) gap += d;
    else if (!a.near && !b.near) off += d;
    else counted += d;
  }
  return {
    seconds: Math.round(counted / 1000),
    startedAt: start,
    endedAt: end,
    gapSeconds: Math.round(gap / 1000),
    offRouteSeconds: Math.round(off / 1000),
    fixesUsed: inside.length,
    fixesIgnored: e.fixes.length - inside.length,
  };
}

/**
 * Union length (ms) of time intervals: the time during which at least one
 * volunteer was on duty ("the force patrolled N hours that day").
 */
export function coveredMs(intervals: readonly (readonly [number, number])[]): number {
  const sorted = intervals.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  let total = 0;
  let curStart = Number.NEGATIVE_INFINITY;
  let curEnd = Number.NEGATIVE_INFINITY;
  for (const [a, b] of sorted) {
    if (a > curEnd) {
      if (curEnd > curStart) total += curEnd - curStart;
      curStart = a;
      curEnd = b;
    } else if (b > curEnd) curEnd = b;
  }
  if (curEnd > curStart) total += curEnd - curStart;
  return total;
}
