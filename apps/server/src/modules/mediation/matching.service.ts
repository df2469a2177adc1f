import type { DisputeDetail, FieldError } from '@fengqiao/contracts';
import { exclusionsOf, type MatchDispute, rankMediators, scoreMediator } from '@fengqiao/domain';
import type { Queryable } from '../../platform/db/db';
import { AppError, badRequest, conflict, notFound } from '../../platform/errors';
import type { Ctx, Platform } from '../../platform/platform';
import type { DisputeRow } from './disputes.repository';
import { insertEvent, listParties, updateDispute } from './disputes.repository';
import type { DisputesService } from './disputes.service';
import {
  demoteLead,
  insertAssignment,
  listAssignments,
  listMediators,
  lockMediators,
  type MediatorRow,
  releaseAssignment,
} from './mediators.repository';
import type { MediatorsService } from './mediators.service';
import type { MediationLive } from './notify';
import { localDate } from './views';

const EXCLUSION_MESSAGES: Record<string, string> = {
  conflict_of_interest: 'has a conflict of interest with a party',
  load_cap: 'has reached their load cap',
  inactive: 'is not active in the pool',
  not_commercial: 'does not serve the commercial mediation studio',
  already_assigned: 'is already on this dispute',
};

/**
 * Classified dispatch (分类派单): ranks the pool for a dispute with the
 * explainable score from packages/domain, and assigns one mediator or a
 * panel. Assignment re-checks every exclusion inside the transaction with
 * the mediators' rows locked, so a conflicted mediator is never assigned and
 * two coordinators cannot both fill a mediator's last free slot.
 */
export class MatchingService {
  constructor(
    private readonly p: Platform,
    private readonly disputes: DisputesService,
    private readonly mediators: MediatorsService,
    private readonly live: MediationLive,
  ) {}

  private async matchDispute(q: Queryable, d: DisputeRow, on: string): Promise<MatchDispute> {
    const parties = await listParties(q, [d.id]);
    return {
      categoryCode: d.category_code,
      level: d.level,
      track: d.track,
      gridId: d.grid_id,
      place: d.place,
      on,
      parties: parties.map((x) => ({ name: x.name, idBidx: x.id_number_bidx, creditCode: x.credit_code })),
    };
  }

  async suggestions(ctx: Ctx, disputeId: string, limit: number, on?: string) {
    const d = await this.disputes.visible(ctx, disputeId);
    const day = on ?? localDate(this.p.clock.now());
    const pool = await listMediators(this.p.db, d.station_id);
    const active = new Set((await listAssignments(this.p.db, [disputeId], true)).map((a) => a.mediator_id));
    const candidates = (await this.mediators.candidates(this.p.db, pool, day)).map((c) => ({
      ...c,
      alreadyAssigned: active.has(c.id),
    }));
    const match = await this.matchDispute(this.p.db, d, day);
    const { suggestions, excluded } = rankMediators(match, candidates, limit);
    const byId = new Map(pool.map((m) => [m.person_id, m]));
    const who = (id: string) => {
      const m = byId.get(id) as MediatorRow;
      return { id, name: m.name, kind: m.kind as 'lawyer', title: m.title };
    };
    await this.p.audit.record(ctx.audit, {
      action: 'dispute.match',
      resourceType: 'dispute',
      resourceId: disputeId,
      details: { on: day, suggested: suggestions.length, excluded: excluded.length },
    });
    return {
      disputeId,
      on: day,
      suggestions: suggestions.map((s) => ({ mediator: who(s.mediatorId), score: s.score, factors: s.factors })),
      excluded: excluded.map((x) => ({ mediator: who(x.mediatorId), reasons: x.reasons, notes: x.notes })),
    };
  }

  async assign(
    ctx: Ctx,
    disputeId: string,
    body: { mediatorIds: string[]; leadId?: string | undefined; note?: string | undefined },
  ): Promise<DisputeDetail> {
    await this.p.db.tx(async (tx) => {
      const d = await this.disputes.lockVisible(ctx, tx, disputeId);
      if (d.status !== 'open') throw conflict('only a dispute in mediation takes mediators');
      // Lock the mediators (in id order) before counting their load.
      const rows = await lockMediators(tx, body.mediatorIds);
      const unknown: FieldError[] = body.mediatorIds
        .map((id, i) => ({ id, i }))
        .filter(({ id }) => !rows.some((r) => r.person_id === id && r.station_id === d.station_id))
        .map(({ i }) => ({
          path: `body.mediatorIds.${i}`,
          code: 'unknown_mediator',
          message: 'not a mediator of your station’s pool',
        }));
      if (unknown.length > 0) throw badRequest('unknown mediator', unknown);
      const day = localDate(this.p.clock.now());
      const current = await listAssignments(tx, [disputeId], true);
      const candidates = (await this.mediators.candidates(tx, rows, day)).map((c) => ({
        ...c,
        alreadyAssigned: current.some((a) => a.mediator_id === c.id),
      }));
      const match = await this.matchDispute(tx, d, day);
      const refused: FieldError[] = [];
      const notes: string[] = [];
      body.mediatorIds.forEach((id, i) => {
        const c = candidates.find((x) => x.id === id);
        if (!c) return;
        const x = exclusionsOf(match, c);
        for (const reason of x.reasons)
          refused.push({
            path: `body.mediatorIds.${i}`,
            code: reason,
            message: `${c.name} ${EXCLUSION_MESSAGES[reason] ?? reason}`,
          });
        if (x.reasons.length > 0)
          notes.push(`${c.name} ${x.reasons.map((r) => EXCLUSION_MESSAGES[r] ?? r).join('; ')}`);
      });
      // Refused writes are audited by the HTTP layer (http.write_refused); nothing here is written.
      if (refused.length > 0) throw new AppError('conflict', `cannot assign: ${notes.join('; ')}`, refused);
      const now = this.p.clock.now();
      const hasLead = current.some((a) => a.role === 'lead');
      const lead = body.leadId ?? (hasLead ? null : (body.mediatorIds[0] ?? null));
      if (lead && hasLead) await demoteLead(tx, disputeId);
      const assigned: { id: string; name: string; role: string; score: number }[] = [];
      for (const id of body.mediatorIds) {
        const c = candidates.find((x) => x.id === id);
        if (!c) continue;
        const s = scoreMediator(match, c);
        const role = id === lead ? 'lead' : 'member';
        await insertAssignment(tx, {
          disputeId,
          mediatorId: id,
          name: c.name,
          role,
          level: d.level,
          track: d.track,
          score: s.score,
          factors: s.factors,
          by: ctx.actor.userId,
          now,
        });
        assigned.push({ id, name: c.name, role, score: s.score });
      }
      const version = await updateDispute(tx, disputeId, now, {});
      await insertEvent(tx, {
        disputeId,
        at: now,
        actorId: ctx.actor.userId,
        actorName: ctx.actor.displayName,
        kind: 'assigned',
        reason: body.note ?? null,
        details: { mediators: assigned },
        version,
      });
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'dispute.assign',
          resourceType: 'dispute',
          resourceId: disputeId,
          details: { mediators: assigned.map((a) => a.id), lead },
        },
        tx,
      );
      for (const a of assigned)
        await this.live.notify(tx, {
          stationId: d.station_id,
          personId: a.id,
          kind: 'dispute.assigned',
          title: `您被指派调解纠纷 ${d.number}${a.role === 'lead' ? '（主调）' : ''}`,
          body: d.summary,
          disputeId,
        });
      await this.live.dispute(tx, { ...d, version }, 'assigned');
    });
    return this.disputes.detail(ctx, disputeId, false);
  }

  async release(ctx: Ctx, disputeId: string, mediatorId: string, reason: string | null): Promise<DisputeDetail> {
    await this.p.db.tx(async (tx) => {
      const d = await this.disputes.lockVisible(ctx, tx, disputeId);
      const now = this.p.clock.now();
      if (!(await releaseAssignment(tx, disputeId, mediatorId, now, reason))) throw notFound('assignment');
      const version = await updateDispute(tx, disputeId, now, {});
      await insertEvent(tx, {
        disputeId,
        at: now,
        actorId: ctx.actor.userId,
        actorName: ctx.actor.displayName,
        kind: 'released',
        reason,
        details: { mediatorId },
        version,
      });
      await this.p.audit.record(
        ctx.audit,
        { action: 'dispute.release', resourceType: 'dispute', resourceId: disputeId, details: { mediatorId } },
        tx,
      );
      await this.live.dispute(tx, { ...d, version }, 'released');
    });
    return this.disputes.detail(ctx, disputeId, false);
  }
}
