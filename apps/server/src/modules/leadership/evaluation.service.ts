import type { EvaluationView, ScoreRow } from '@fengqiao/contracts';
import {
  addMonths,
  chinaMidnight,
  type DutyConfig,
  dutyMeasures,
  finalScore,
  type MeasureDef,
  MONTH,
  measureScore,
  measureValue,
  monthRange,
  scoreSubject,
} from '@fengqiao/domain';
import { fieldError, notFound } from '../../platform/errors';
import type { Ctx, Platform } from '../../platform/platform';
import type { LeadershipDeps, LeadershipGrid, LeadershipStaff } from './deps';
import { type Span, totalsBy } from './figures.repository';
import type { FiguresService } from './figures.service';
import type { SettingsService } from './settings.service';
import { insertAdjustment, listAdjustments } from './work.repository';

export type SubjectKind = 'officer' | 'team' | 'grid';

interface Subject {
  id: string;
  name: string;
  detail: string | null;
  /** People whose records count for the subject (person-attributed measures). */
  persons: string[];
  /** Grids whose records count for the subject (grid-attributed measures). */
  grids: string[];
}

type Raw = { n: number; sum: number };
const ZERO: Raw = { n: 0, sum: 0 };

function add(map: Map<string, Raw>, keys: readonly string[]): Raw {
  let n = 0;
  let sum = 0;
  for (const k of keys) {
    const r = map.get(k) ?? ZERO;
    n += r.n;
    sum += r.sum;
  }
  return { n, sum };
}

const TEAMS = ['community', 'case', 'patrol', 'command_room'] as const;

/**
 * The monthly evaluation (月考评): a scorecard per officer, team or grid
 * from the duty measures of the month, weighted as the station configured,
 * plus the leader's adjustments with their reasons. Scores are computed
 * from the records on each read; adjustments are the only thing stored.
 * Station-wide measures (the hall's queue, suggestions) attribute to no
 * one and are left out of scorecards.
 */
export class EvaluationService {
  constructor(
    private readonly p: Platform,
    private readonly deps: LeadershipDeps,
    private readonly figures: FiguresService,
    private readonly settings: SettingsService,
  ) {}

  checkMonth(month: string): string {
    if (!MONTH.test(month)) throw fieldError('month', 'invalid_month', 'expected YYYY-MM');
    const current = this.figures.today().slice(0, 7);
    if (month > current) throw fieldError('month', 'future_month', 'that month has not begun');
    return month;
  }

  private subjects(kind: SubjectKind, staff: LeadershipStaff[], grids: LeadershipGrid[]): Subject[] {
    const gridsOf = (personIds: Set<string>) =>
      grids.filter((g) => g.officerPersonId && personIds.has(g.officerPersonId)).map((g) => g.id);
    if (kind === 'grid')
      return grids.map((g) => ({
        id: g.id,
        name: `${g.code} ${g.name}`,
        detail: staff.find((s) => s.id === g.officerPersonId)?.name ?? null,
        persons: g.officerPersonId ? [g.officerPersonId] : [],
        grids: [g.id],
      }));
    const evaluated = staff.filter((s) => s.team !== 'leadership');
    if (kind === 'officer')
      return evaluated.map((s) => ({
        id: s.id,
        name: s.name,
        detail: s.team,
        persons: [s.id],
        grids: gridsOf(new Set([s.id])),
      }));
    return TEAMS.map((team) => {
      const members = evaluated.filter((s) => s.team === team).map((s) => s.id);
      return { id: team, name: team, detail: `${members.length}`, persons: members, grids: gridsOf(new Set(members)) };
    }).filter((t) => t.persons.length > 0);
  }

  /** Computes every subject's scorecard of a kind for a month. */
  async compute(stationId: string, month: string, kind: SubjectKind): Promise<EvaluationView> {
    const { duties } = await this.settings.duties(stationId);
    const [staff, grids] = await Promise.all([this.deps.staff(stationId), this.deps.grids(stationId)]);
    const subjects = this.subjects(kind, staff, grids);
    const range = monthRange(month);
    const span: Span = { stationIds: [stationId], from: chinaMidnight(range.from), to: chinaMidnight(range.to) };
    const values = new Map<string, Map<string, number | null>>();
    const defs = dutyMeasures(duties);
    for (const def of defs) values.set(def.key, await this.measureBySubject(def, span, subjects));
    const adjustments = await listAdjustments(this.p.db, stationId, month, kind);
    const rows: ScoreRow[] = subjects.map((s) => {
      const measures: ScoreRow['measures'] = {};
      const scores: Record<string, number | null> = {};
      for (const def of defs) {
        const byS = values.get(def.key) ?? new Map();
        const value = byS.get(s.id) ?? null;
        const score = measureScore(def, value, [...byS.values()]);
        measures[def.key] = { value: value === null ? null : Math.round(value * 1000) / 1000, score };
        scores[def.key] = score;
      }
      const sc = scoreSubject(duties, scores);
      const mine = adjustments.filter((a) => a.subject_id === s.id);
      const adjustment = Math.round(mine.reduce((x, a) => x + Number(a.delta), 0) * 10) / 10;
      return {
        subjectId: s.id,
        name: s.name,
        detail: s.detail,
        measures,
        duties: sc.duties,
        base: sc.base,
        adjustment,
        total: finalScore(sc.base, adjustment),
        rank: null,
        adjustments: mine.map((a) => ({
          id: a.id,
          delta: Number(a.delta),
          reason: a.reason,
          annotation: a.annotation,
          by: a.created_by_name,
          at: a.created_at.toISOString(),
        })),
      };
    });
    const ranked = rows.filter((r) => r.total !== null).sort((a, b) => (b.total ?? 0) - (a.total ?? 0));
    ranked.forEach((r, i) => {
      const prev = ranked[i - 1];
      r.rank = prev && prev.total === r.total ? prev.rank : i + 1;
    });
    rows.sort((a, b) => (a.rank ?? 9999) - (b.rank ?? 9999) || a.name.localeCompare(b.name, 'zh-CN'));
    return { month, kind, duties: duties as DutyConfig[], rows };
  }

  private async measureBySubject(
    def: MeasureDef,
    span: Span,
    subjects: Subject[],
  ): Promise<Map<string, number | null>> {
    const out = new Map<string, number | null>();
    if (!def.source || def.attribution === 'station') {
      for (const s of subjects) out.set(s.id, null);
      return out;
    }
    const s2 = this.figures.spanFor(def.source, span);
    const by = await totalsBy(this.p.db, def.source, s2, def.attribution === 'person' ? 'person' : 'grid');
    for (const s of subjects) {
      const keys = def.attribution === 'person' ? s.persons : s.grids;
      if (keys.length === 0) {
        out.set(s.id, null);
        continue;
      }
      if (def.aggregate === 'coverage') {
        const covered = keys.filter((k) => (by.get(k)?.n ?? 0) > 0).length;
        out.set(s.id, measureValue(def, { n: covered, sum: 0 }, keys.length));
      } else out.set(s.id, measureValue(def, add(by, keys)));
    }
    return out;
  }

  async evaluation(ctx: Ctx, month: string, kind: SubjectKind) {
    const stationId = this.figures.stationOf(ctx);
    return this.compute(stationId, this.checkMonth(month), kind);
  }

  /** An officer's own scorecard among their peers, with the last six months' totals. */
  async mine(ctx: Ctx, month: string) {
    const m = this.checkMonth(month);
    const stationId = ctx.actor.stationId;
    const personId = ctx.actor.personId;
    const empty = { month: m, duties: [] as DutyConfig[], row: null, peers: 0, history: [] };
    if (!stationId || !personId) return empty;
    const view = await this.compute(stationId, m, 'officer');
    const row = view.rows.find((r) => r.subjectId === personId) ?? null;
    const history: { month: string; total: number | null; rank: number | null }[] = [];
    for (let i = 5; i >= 1; i--) {
      const hm = addMonths(m, -i);
      const v = await this.compute(stationId, hm, 'officer');
      const r = v.rows.find((x) => x.subjectId === personId);
      history.push({ month: hm, total: r?.total ?? null, rank: r?.rank ?? null });
    }
    history.push({ month: m, total: row?.total ?? null, rank: row?.rank ?? null });
    return { month: m, duties: view.duties, row, peers: view.rows.length, history };
  }

  async adjust(
    ctx: Ctx,
    month: string,
    b: { subjectKind: SubjectKind; subjectId: string; delta: number; reason: string; annotation: string },
  ) {
    const stationId = this.figures.stationOf(ctx);
    const m = this.checkMonth(month);
    const [staff, grids] = await Promise.all([this.deps.staff(stationId), this.deps.grids(stationId)]);
    if (!this.subjects(b.subjectKind, staff, grids).some((s) => s.id === b.subjectId)) throw notFound('subject');
    await this.p.db.tx(async (tx) => {
      const id = await insertAdjustment(tx, {
        stationId,
        month: m,
        subjectKind: b.subjectKind,
        subjectId: b.subjectId,
        delta: b.delta,
        reason: b.reason,
        annotation: b.annotation,
        by: ctx.actor.userId,
        byName: ctx.actor.displayName,
        now: this.p.clock.now(),
      });
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'leadership.evaluation.adjust',
          resourceType: 'leadership_adjustment',
          resourceId: id,
          details: { month: m, subjectKind: b.subjectKind, subjectId: b.subjectId, delta: b.delta },
        },
        tx,
      );
    });
    return this.compute(stationId, m, b.subjectKind);
  }
}
