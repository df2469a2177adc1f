import {
  checkPointRules,
  chinaDay,
  effectiveRules,
  type PointRule,
  type PointSource,
  pointsFor,
} from '@fengqiao/domain';
import type { Queryable, Tx } from '../../platform/db/db';
import { badRequest, notFound } from '../../platform/errors';
import type { Ctx, Platform } from '../../platform/platform';
import {
  awardedOnDay,
  insertAwards,
  leaderboard,
  ledgerOf,
  ruleOverrides,
  sourceLabels,
  totalsOf,
  upsertRules,
} from './points.repository';
import { getProfile, getVolunteer, volunteerInGrids } from './roster.repository';
import { memberIds } from './teams.repository';
import { reachOf } from './volunteers.policy';

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * Recognition points: awards from verified duty hours, confirmed and closed
 * hazards, attended trainings and certificates, each by the station's rule
 * for its source. The ledger is append-only and keyed by (person, source,
 * record), so an award is never made twice and every point names its record.
 */
export class PointsService {
  constructor(private readonly p: Platform) {}

  async rules(q: Queryable, stationId: string): Promise<PointRule[]> {
    return effectiveRules(await ruleOverrides(q, stationId));
  }

  /** Awards `quantity` of a source to a volunteer (people without a volunteer profile earn nothing). */
  async award(
    tx: Tx,
    a: { stationId: string; personId: string; source: PointSource; sourceId: string; day: string; quantity: number },
  ): Promise<number> {
    if (!(await getProfile(tx, a.personId))) return 0;
    const rule = (await this.rules(tx, a.stationId)).find((r) => r.source === a.source);
    if (!rule) return 0;
    const already = rule.dailyCap === null ? 0 : await awardedOnDay(tx, a.personId, a.source, a.day);
    const won = pointsFor(rule, a.quantity, already);
    if (won.quantity <= 0) return 0;
    await insertAwards(tx, [
      {
        stationId: a.stationId,
        personId: a.personId,
        source: a.source,
        sourceId: a.sourceId,
        day: a.day,
        quantity: won.quantity,
        points: won.points,
        rule,
        at: this.p.clock.now(),
      },
    ]);
    return won.points;
  }

  async awardDuty(tx: Tx, d: { station_id: string; person_id: string; id: string; starts_at: Date }, seconds: number) {
    return this.award(tx, {
      stationId: d.station_id,
      personId: d.person_id,
      source: 'duty_hours',
      sourceId: d.id,
      day: chinaDay(d.starts_at),
      quantity: seconds / 3600,
    });
  }

  async getRules(ctx: Ctx): Promise<PointRule[]> {
    return this.rules(this.p.db, reachOf(ctx.actor).stationId);
  }

  async setRules(ctx: Ctx, rules: PointRule[]): Promise<PointRule[]> {
    const stationId = reachOf(ctx.actor).stationId;
    const problems = checkPointRules(rules);
    if (problems.length > 0)
      throw badRequest(
        'invalid point rules',
        problems.map((x) => ({ path: `body.rules.${x.index}.${x.field}`, code: x.code, message: x.code })),
      );
    return this.p.db.tx(async (tx) => {
      const before = await this.rules(tx, stationId);
      await upsertRules(tx, stationId, rules, ctx.actor.userId, this.p.clock.now());
      const after = await this.rules(tx, stationId);
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'volunteer_points.rules',
          resourceType: 'station',
          resourceId: stationId,
          details: { before, after },
        },
        tx,
      );
      return after;
    });
  }

  /** A volunteer's ledger with the record behind every entry. */
  async ledger(ctx: Ctx, personId: string, own = false) {
    const reach = reachOf(ctx.actor);
    const v = await getVolunteer(this.p.db, personId);
    if (!v || v.station_id !== reach.stationId) throw notFound('volunteer');
    if (!own && reach.kind === 'grids' && !(await volunteerInGrids(this.p.db, personId, reach.gridIds)))
      throw notFound('volunteer');
    const [rows, totals] = await Promise.all([ledgerOf(this.p.db, personId), totalsOf(this.p.db, personId)]);
    const labels = await sourceLabels(this.p.db, rows);
    return {
      personId,
      name: v.name,
      total: totals.total,
      bySource: totals.bySource,
      entries: rows.map((r) => ({
        id: r.id,
        source: r.source,
        sourceId: r.source_id,
        sourceLabel: labels.get(`${r.source}:${r.source_id}`) ?? r.source_id,
        day: r.day,
        quantity: r.quantity,
        points: r.points,
        rule: r.rule,
        awardedAt: r.awarded_at.toISOString(),
      })),
    };
  }

  /** Points per person over a period (a team's members, or everyone the caller reaches). */
  async board(stationId: string, teamId: string | null, from: string, to: string) {
    const personIds = teamId ? await memberIds(this.p.db, teamId) : null;
    const rows = await leaderboard(this.p.db, { stationId, personIds, from, to, limit: 200 });
    return {
      teamId,
      from,
      to,
      rows: rows.map((r, i) => ({
        rank: i + 1,
        personId: r.person_id,
        name: r.name,
        points: round1(r.points),
        hours: Math.round(r.hours * 100) / 100,
        entries: r.entries,
      })),
    };
  }

  async total(personId: string): Promise<number> {
    return (await totalsOf(this.p.db, personId)).total;
  }
}
