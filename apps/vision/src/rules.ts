import type { Rule, RuleKind, Shape } from '@fengqiao/contracts';
import { anchorOf, type Box, inPolygon, inTimeWindow, iou, type Point, sideOf } from './geometry';
import type { Track } from './tracker';

export interface RuleEvent {
  ruleId: string;
  kind: RuleKind;
  /** When the rule's condition was met (ms). */
  t: number;
  trackId: number | null;
  cls: Track['cls'] | null;
  score: number;
  box: Box | null;
  count: number | null;
  speedKmh: number | null;
  dwellSeconds: number | null;
}

export interface RuleEngineOptions {
  /** Leaving a zone for less than this is jitter, not leaving (hysteresis). */
  exitGraceMs: number;
  /** Below this centre speed (frames per second) an object counts as stopped. */
  stationarySpeed: number;
  /** Half-width of the band around a line in which the side is undecided (hysteresis). */
  lineBand: number;
}

/** How long an ended track may be continued by a new one. */
const RELINK_MS = 3000;

const DEFAULTS: RuleEngineOptions = { exitGraceMs: 1500, stationarySpeed: 0.03, lineBand: 0.004 };

interface ZoneState {
  since: number | null;
  stillSince: number | null;
  lastInside: number;
  fired: boolean;
}

interface TrackMemo {
  /** The track's last box and when it was seen. */
  box: Box;
  seen: number;
  first: Point;
  heading: Point | null;
  /** Last definite side of each line (+1 right, -1 left) with the anchor and time it was seen. */
  sides: Map<string, { side: number; dist: number; t: number }>;
  /** Crossings per line: time and direction. */
  crossings: Map<string, { t: number; dir: 'left_to_right' | 'right_to_left' }[]>;
  zones: Map<string, ZoneState>;
  fired: Set<string>;
  reversedAt: number | null;
}

/**
 * Evaluates rules over tracks, frame after frame. Objects are placed by the
 * bottom centre of their box. Each condition has hysteresis: zones have an
 * exit grace period, lines a dead band, every rule fires at most once per
 * track, and a zone rule does not fire again for an object at the same spot
 * (IoU > 0.3) within its cooldown — a parked car that the tracker loses and
 * finds again is still the same parked car.
 */
export class RuleEngine {
  private readonly o: RuleEngineOptions;
  private readonly shapes: Map<string, Shape>;
  private readonly masks: Point[][];
  private memos = new Map<number, TrackMemo>();
  /** Tracks that just ended, so a track born next to one continues it (the detector blinked). */
  private ended: { box: Box; t: number; memo: TrackMemo }[] = [];
  /** Tracks whose memory a newer track took over. */
  private retired = new Set<number>();
  private recent = new Map<string, { box: Box; t: number }[]>();
  private crowd = new Map<string, { since: number | null; fired: boolean; lastFired: number }>();

  constructor(
    private readonly rules: readonly Rule[],
    shapes: readonly Shape[],
    options: Partial<RuleEngineOptions> = {},
  ) {
    this.o = { ...DEFAULTS, ...options };
    this.shapes = new Map(shapes.map((s) => [s.id, s]));
    this.masks = shapes.filter((s) => s.kind === 'mask').map((s) => s.points as Point[]);
  }

  /** Whether a point lies in a masked area (detections there are ignored). */
  masked(p: Point): boolean {
    return this.masks.some((m) => inPolygon(p, m));
  }

  step(t: number, tracks: readonly Track[]): RuleEvent[] {
    const live = tracks.filter((tr) => tr.confirmed && !this.masked(anchorOf(tr.box)));
    const ids = new Set(live.map((tr) => tr.id));
    for (const [id, memo] of this.memos)
      if (!ids.has(id)) {
        this.memos.delete(id);
        this.ended.push({ box: memo.box, t: memo.seen, memo });
      }
    this.ended = this.ended.filter((e) => t - e.t <= RELINK_MS);
    // Tracks seen in this frame first, so that a new track can take over one that is only coasting.
    for (const tr of [...live].sort((a, b) => b.lastSeen - a.lastSeen)) this.observe(tr, t);
    const out: RuleEvent[] = [];
    for (const rule of this.rules) {
      if (!rule.enabled || !inTimeWindow(t, rule.spec.timeWindow)) continue;
      const eligible = live.filter((tr) => rule.spec.classes.includes(tr.cls) && tr.score >= rule.spec.minConfidence);
      if (rule.spec.kind === 'crowd') {
        const e = this.crowdStep(rule, eligible, t);
        if (e) out.push(e);
        continue;
      }
      for (const tr of eligible) {
        const e = this.trackStep(rule, tr, t);
        if (e) out.push(e);
      }
    }
    return out;
  }

  /** Updates what every rule needs about a track: its heading and which side of each line it is on. */
  private observe(tr: Track, t: number) {
    const p = anchorOf(tr.box);
    if (this.retired.has(tr.id)) return;
    let m = this.memos.get(tr.id);
    if (!m) m = this.relink(tr, t);
    if (!m) {
      m = {
        box: tr.box,
        seen: t,
        first: p,
        heading: null,
        sides: new Map(),
        crossings: new Map(),
        zones: new Map(),
        fired: new Set(),
        reversedAt: null,
      };
      this.memos.set(tr.id, m);
    }
    if (tr.lastSeen === t) {
      m.box = tr.box;
      m.seen = t;
    }
    const dx = p[0] - m.first[0];
    const dy = p[1] - m.first[1];
    const travelled = Math.hypot(dx, dy);
    if (!m.heading && travelled > 0.05) m.heading = [dx / travelled, dy / travelled];
    const speed = Math.hypot(tr.velocity[0], tr.velocity[1]);
    if (m.heading && m.reversedAt === null && speed > this.o.stationarySpeed * 2) {
      const dot = (tr.velocity[0] * m.heading[0] + tr.velocity[1] * m.heading[1]) / speed;
      if (dot < -0.5) m.reversedAt = t;
    }
    for (const s of this.shapes.values()) {
      if (s.kind !== 'line') continue;
      const a = s.points[0];
      const b = s.points[1];
      if (!a || !b) continue;
      const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
      if (len === 0) continue;
      const dist = sideOf(p, a, b) / len;
      // Outside the line's extent a change of side is not a crossing.
      const along = ((p[0] - a[0]) * (b[0] - a[0]) + (p[1] - a[1]) * (b[1] - a[1])) / (len * len);
      if (Math.abs(dist) < this.o.lineBand) continue;
      const side = Math.sign(dist);
      const prev = m.sides.get(s.id);
      m.sides.set(s.id, { side, dist, t });
      if (!prev || prev.side === side || along < -0.05 || along > 1.05) continue;
      // The moment of crossing, interpolated between the two sightings by distance to the line.
      const frac = Math.abs(prev.dist) / (Math.abs(prev.dist) + Math.abs(dist));
      const at = prev.t + (t - prev.t) * frac;
      const list = m.crossings.get(s.id) ?? [];
      list.push({ t: at, dir: side > 0 ? 'left_to_right' : 'right_to_left' });
      m.crossings.set(s.id, list);
    }
  }

  /** A new track right where one ended moments ago is the same object: it keeps what that one already fired. */
  private relink(tr: Track, t: number): TrackMemo | undefined {
    const [x, y, w, h] = tr.box;
    const near = (b: Box) =>
      Math.hypot(b[0] + b[2] / 2 - (x + w / 2), b[1] + b[3] / 2 - (y + h / 2)) < 1.5 * Math.max(b[2], b[3], w, h);
    const i = this.ended.findIndex((e) => near(e.box));
    if (i >= 0) {
      const [e] = this.ended.splice(i, 1);
      if (e) {
        this.memos.set(tr.id, e.memo);
        return e.memo;
      }
    }
    // A track that missed this frame while a new one appeared beside it: the tracker split one object in two.
    for (const [id, m] of this.memos)
      if (id !== tr.id && m.seen < t && t - m.seen <= RELINK_MS && near(m.box)) {
        this.memos.delete(id);
        this.retired.add(id);
        this.memos.set(tr.id, m);
        return m;
      }
    return undefined;
  }

  private event(rule: Rule, tr: Track, t: number, extra: Partial<RuleEvent> = {}): RuleEvent {
    return {
      ruleId: rule.id,
      kind: rule.spec.kind,
      t,
      trackId: tr.id,
      cls: tr.cls,
      score: tr.score,
      box: tr.box,
      count: null,
      speedKmh: null,
      dwellSeconds: null,
      ...extra,
    };
  }

  private suppressed(rule: Rule, box: Box, t: number): boolean {
    const cooldown = rule.spec.cooldownSeconds * 1000;
    const list = (this.recent.get(rule.id) ?? []).filter((r) => t - r.t < cooldown);
    this.recent.set(rule.id, list);
    return list.some((r) => iou(r.box, box) > 0.3);
  }

  private remember(rule: Rule, box: Box, t: number) {
    this.recent.get(rule.id)?.push({ box, t }) ?? this.recent.set(rule.id, [{ box, t }]);
  }

  private trackStep(rule: Rule, tr: Track, t: number): RuleEvent | null {
    const m = this.memos.get(tr.id);
    if (!m || m.fired.has(rule.id)) return null;
    const spec = rule.spec;
    const fire = (e: RuleEvent) => {
      m.fired.add(rule.id);
      return e;
    };
    switch (spec.kind) {
      case 'presence':
      case 'dwell':
      case 'intrusion':
      case 'loiter': {
        const zone = spec.zoneId ? this.shapes.get(spec.zoneId) : undefined;
        if (!zone) return null;
        const inside = inPolygon(anchorOf(tr.box), zone.points as Point[]);
        let z = m.zones.get(rule.id);
        if (!z) {
          z = { since: null, stillSince: null, lastInside: t, fired: false };
          m.zones.set(rule.id, z);
        }
        const still = Math.hypot(tr.velocity[0], tr.velocity[1]) < this.o.stationarySpeed;
        if (inside) {
          z.since ??= t;
          z.lastInside = t;
          if (still) z.stillSince ??= t;
          else z.stillSince = null;
        } else if (z.since !== null && t - z.lastInside > this.o.exitGraceMs) {
          z.since = null;
          z.stillSince = null;
        }
        if (!inside) return null;
        const start = spec.kind === 'dwell' ? z.stillSince : z.since;
        if (start === null || t - start < spec.dwellSeconds * 1000) return null;
        if (this.suppressed(rule, tr.box, t)) {
          m.fired.add(rule.id);
          return null;
        }
        this.remember(rule, tr.box, t);
        return fire(this.event(rule, tr, t, { dwellSeconds: (t - start) / 1000 }));
      }
      case 'line_cross':
      case 'wrong_way': {
        const c = spec.lineId ? m.crossings.get(spec.lineId) : undefined;
        const hit = c?.find((x) => spec.direction === 'any' || x.dir === spec.direction);
        return hit ? fire(this.event(rule, tr, t)) : null;
      }
      case 'u_turn': {
        const c = spec.lineId ? m.crossings.get(spec.lineId) : undefined;
        const window = Math.max(spec.dwellSeconds, 5) * 1000;
        if (!c?.length || m.reversedAt === null) return null;
        const near = c.some((x) => Math.abs(x.t - (m.reversedAt ?? 0)) <= window);
        return near ? fire(this.event(rule, tr, t)) : null;
      }
      case 'speed': {
        const a = spec.lineId ? m.crossings.get(spec.lineId)?.[0] : undefined;
        const b = spec.secondLineId ? m.crossings.get(spec.secondLineId)?.[0] : undefined;
        if (!a || !b || spec.distanceM === null || spec.speedLimitKmh === null) return null;
        const dt = Math.abs(b.t - a.t) / 1000;
        if (dt <= 0) return null;
        const kmh = (spec.distanceM / dt) * 3.6;
        m.fired.add(rule.id);
        return kmh > spec.speedLimitKmh ? this.event(rule, tr, t, { speedKmh: Math.round(kmh * 10) / 10 }) : null;
      }
      default:
        return null;
    }
  }

  private crowdStep(rule: Rule, tracks: readonly Track[], t: number): RuleEvent | null {
    const zone = rule.spec.zoneId ? this.shapes.get(rule.spec.zoneId) : undefined;
    if (!zone) return null;
    const inside = tracks.filter((tr) => inPolygon(anchorOf(tr.box), zone.points as Point[]));
    const s = this.crowd.get(rule.id) ?? { since: null, fired: false, lastFired: -Infinity };
    this.crowd.set(rule.id, s);
    const n = inside.length;
    // Re-arm only when the crowd has clearly thinned (80 % of the threshold), not on one missed detection.
    if (n < Math.max(1, Math.floor(rule.spec.minCount * 0.8))) {
      s.since = null;
      s.fired = false;
      return null;
    }
    if (n < rule.spec.minCount) return null;
    s.since ??= t;
    if (s.fired || t - s.since < rule.spec.dwellSeconds * 1000) return null;
    if (t - s.lastFired < rule.spec.cooldownSeconds * 1000) return null;
    s.fired = true;
    s.lastFired = t;
    const xs = inside.map((tr) => tr.box);
    const x0 = Math.min(...xs.map((b) => b[0]));
    const y0 = Math.min(...xs.map((b) => b[1]));
    const x1 = Math.max(...xs.map((b) => b[0] + b[2]));
    const y1 = Math.max(...xs.map((b) => b[1] + b[3]));
    return {
      ruleId: rule.id,
      kind: 'crowd',
      t,
      trackId: null,
      cls: 'person',
      score: Math.min(...inside.map((tr) => tr.score)),
      box: [x0, y0, x1 - x0, y1 - y0],
      count: n,
      speedKmh: null,
      dwellSeconds: (t - s.since) / 1000,
    };
  }
}
