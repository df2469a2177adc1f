import type { FieldError, FollowupView, SessionView } from '@fengqiao/contracts';
import type { Tx } from '../../platform/db/db';
import { badRequest, conflict, notFound } from '../../platform/errors';
import type { Ctx, Platform } from '../../platform/platform';
import {
  completeFollowup,
  getFollowup,
  getSession,
  insertSession,
  listFollowups,
  pendingFollowupCount,
  sessionsBetween,
  updateSession,
} from './casework.repository';
import { getDispute, insertEvent, ledgerWhere, listParties, updateDispute } from './disputes.repository';
import type { DisputesService } from './disputes.service';
import { listAssignments } from './mediators.repository';
import type { MediationLive } from './notify';
import { followupView, sessionView } from './views';

type Participant = {
  kind: 'mediator' | 'party' | 'staff' | 'other';
  personId?: string | undefined;
  partyId?: string | undefined;
  name: string;
  attended?: boolean | undefined;
};

/**
 * Mediation sessions (scheduled with a place or a video link, participants,
 * minutes) and follow-up visits (回访) after success: recording a visit's
 * result, reopening the dispute on a relapse, closing it when the last visit
 * finds it settled.
 */
export class CaseworkService {
  constructor(
    private readonly p: Platform,
    private readonly disputes: DisputesService,
    private readonly live: MediationLive,
  ) {}

  private async checkParticipants(tx: Tx, disputeId: string, participants: Participant[]): Promise<void> {
    const parties = new Set((await listParties(tx, [disputeId])).map((x) => x.id));
    const errors: FieldError[] = participants.flatMap((x, i) =>
      x.partyId && !parties.has(x.partyId)
        ? [{ path: `body.participants.${i}.partyId`, code: 'unknown_party', message: 'not a party of this dispute' }]
        : [],
    );
    if (errors.length > 0) throw badRequest('unknown participant', errors);
  }

  async createSession(
    ctx: Ctx,
    disputeId: string,
    b: {
      scheduledAt: string;
      durationMinutes: number;
      mode: 'in_person' | 'video';
      place?: string | undefined;
      videoLink?: string | undefined;
      participants: Participant[];
    },
  ): Promise<SessionView> {
    const id = await this.p.db.tx(async (tx) => {
      const d = await this.disputes.lockVisible(ctx, tx, disputeId);
      if (d.status !== 'open') throw conflict('sessions are held while the dispute is in mediation');
      await this.checkParticipants(tx, disputeId, b.participants);
      const now = this.p.clock.now();
      const id = await insertSession(tx, {
        disputeId,
        scheduledAt: new Date(b.scheduledAt),
        durationMinutes: b.durationMinutes,
        mode: b.mode,
        place: b.place ?? null,
        videoLink: b.videoLink ?? null,
        participants: b.participants,
        by: ctx.actor.userId,
        now,
      });
      const version = await updateDispute(tx, disputeId, now, {});
      await insertEvent(tx, {
        disputeId,
        at: now,
        actorId: ctx.actor.userId,
        actorName: ctx.actor.displayName,
        kind: 'session.scheduled',
        details: { sessionId: id, scheduledAt: b.scheduledAt, mode: b.mode, place: b.place ?? null },
        version,
      });
      await this.p.audit.record(
        ctx.audit,
        { action: 'session.create', resourceType: 'dispute', resourceId: disputeId, details: { sessionId: id } },
        tx,
      );
      const people = new Set([
        ...(await listAssignments(tx, [disputeId], true)).map((a) => a.mediator_id),
        ...b.participants.flatMap((x) => (x.personId ? [x.personId] : [])),
      ]);
      if (ctx.actor.personId) people.delete(ctx.actor.personId);
      for (const personId of people)
        await this.live.notify(tx, {
          stationId: d.station_id,
          personId,
          kind: 'session.scheduled',
          title: `纠纷 ${d.number} 调解会 ${b.scheduledAt.slice(0, 16).replace('T', ' ')}`,
          body: b.mode === 'video' ? (b.videoLink ?? '') : (b.place ?? ''),
          disputeId,
        });
      await this.live.dispute(tx, { ...d, version }, 'session');
      return id;
    });
    const s = await getSession(this.p.db, id);
    if (!s) throw notFound('session');
    return sessionView(s);
  }

  async updateSession(
    ctx: Ctx,
    sessionId: string,
    b: {
      status?: 'scheduled' | 'held' | 'cancelled' | undefined;
      scheduledAt?: string | undefined;
      minutes?: string | undefined;
      participants?: Participant[] | undefined;
      version?: number | undefined;
    },
  ): Promise<SessionView> {
    const found = await getSession(this.p.db, sessionId);
    if (!found) throw notFound('session');
    await this.disputes.visible(ctx, found.dispute_id);
    await this.p.db.tx(async (tx) => {
      const d = await this.disputes.lockVisible(ctx, tx, found.dispute_id);
      const s = await getSession(tx, sessionId, true);
      if (!s) throw notFound('session');
      if (b.version !== undefined && s.version !== b.version)
        throw conflict('the session changed meanwhile: reload and retry');
      if (s.status !== 'scheduled') throw conflict(`the session is already ${s.status}`);
      if (b.participants) await this.checkParticipants(tx, s.dispute_id, b.participants);
      const now = this.p.clock.now();
      await updateSession(tx, sessionId, now, {
        ...(b.status ? { status: b.status } : {}),
        ...(b.scheduledAt ? { scheduled_at: new Date(b.scheduledAt) } : {}),
        ...(b.minutes !== undefined ? { minutes: b.minutes } : {}),
        ...(b.participants ? { participants: b.participants } : {}),
        ...(b.status === 'held' ? { held_at: now } : {}),
      });
      const version = await updateDispute(tx, s.dispute_id, now, {});
      await insertEvent(tx, {
        disputeId: s.dispute_id,
        at: now,
        actorId: ctx.actor.userId,
        actorName: ctx.actor.displayName,
        kind: b.status === 'held' ? 'session.held' : b.status === 'cancelled' ? 'session.cancelled' : 'session.updated',
        details: { sessionId, ...(b.scheduledAt ? { scheduledAt: b.scheduledAt } : {}) },
        version,
      });
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'session.update',
          resourceType: 'dispute',
          resourceId: s.dispute_id,
          details: { sessionId, status: b.status ?? null },
        },
        tx,
      );
      await this.live.dispute(tx, { ...d, version }, 'session');
    });
    const s = await getSession(this.p.db, sessionId);
    if (!s) throw notFound('session');
    return sessionView(s);
  }

  /** The caller's calendar: sessions of the disputes they reach, in a window (default: the next 14 days). */
  async sessions(ctx: Ctx, from?: string, to?: string): Promise<SessionView[]> {
    const now = this.p.clock.now();
    const f = await this.disputes.ledgerFilter(ctx, {});
    const rows = await sessionsBetween(
      this.p.db,
      from ? new Date(from) : new Date(now.getTime() - 86_400_000),
      to ? new Date(to) : new Date(now.getTime() + 14 * 86_400_000),
      ledgerWhere(f),
    );
    return rows.map(sessionView);
  }

  // ---------------------------------------------------------------- follow-up visits

  async followups(ctx: Ctx, status: 'pending' | 'done'): Promise<FollowupView[]> {
    const f = await this.disputes.ledgerFilter(ctx, {});
    const rows = await listFollowups(this.p.db, status, ledgerWhere(f));
    const now = this.p.clock.now();
    return rows.map((r) => followupView(r, now));
  }

  async recordFollowup(
    ctx: Ctx,
    followupId: string,
    b: { method: 'phone' | 'visit' | 'video'; result: 'stable' | 'relapse' | 'unreachable'; note?: string | undefined },
  ): Promise<FollowupView> {
    const found = await getFollowup(this.p.db, followupId);
    if (!found) throw notFound('follow-up visit');
    await this.disputes.visible(ctx, found.dispute_id);
    await this.p.db.tx(async (tx) => {
      const d = await this.disputes.lockVisible(ctx, tx, found.dispute_id);
      const f = await getFollowup(tx, followupId, true);
      if (!f) throw notFound('follow-up visit');
      if (f.status !== 'pending')
        throw conflict(`this follow-up visit is ${f.status === 'done' ? 'already recorded' : 'cancelled'}`);
      const now = this.p.clock.now();
      await completeFollowup(tx, followupId, {
        method: b.method,
        result: b.result,
        note: b.note ?? null,
        by: ctx.actor.userId,
        name: ctx.actor.displayName,
        at: now,
      });
      const version = await updateDispute(tx, d.id, now, {});
      await insertEvent(tx, {
        disputeId: d.id,
        at: now,
        actorId: ctx.actor.userId,
        actorName: ctx.actor.displayName,
        kind: 'followup.done',
        reason: b.note ?? null,
        details: { followupId, seq: f.seq, method: b.method, result: b.result },
        version,
      });
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'followup.record',
          resourceType: 'dispute',
          resourceId: d.id,
          details: { followupId, result: b.result },
        },
        tx,
      );
      const fresh = await getDispute(tx, d.id, true);
      if (!fresh) throw notFound('dispute');
      if (b.result === 'relapse') {
        // A relapse reopens the dispute where it was resolved; the remaining visits are cancelled.
        await this.disputes.apply(
          ctx,
          tx,
          fresh,
          { kind: 'reopen', reason: b.note ?? '回访发现纠纷反复' },
          {
            reason: b.note ?? '回访发现纠纷反复',
            details: { followupId },
          },
        );
      } else if (fresh.status === 'resolved' && (await pendingFollowupCount(tx, d.id)) === 0) {
        await this.disputes.apply(
          ctx,
          tx,
          fresh,
          { kind: 'close' },
          { reason: '回访完毕，纠纷化解稳定', details: { followupId } },
        );
      } else {
        await this.live.dispute(tx, { ...fresh }, 'followup');
      }
    });
    const f = await getFollowup(this.p.db, followupId);
    if (!f) throw notFound('follow-up visit');
    return followupView(f, this.p.clock.now());
  }

  /** Timer: a follow-up visit falls due; its mediators and the responsible officer are reminded. */
  async onFollowupDue(tx: Tx, followupId: string): Promise<void> {
    const f = await getFollowup(tx, followupId, true);
    if (f?.status !== 'pending') return;
    const d = await getDispute(tx, f.dispute_id, true);
    if (!d) return;
    const now = this.p.clock.now();
    const version = await updateDispute(tx, d.id, now, {});
    await insertEvent(tx, {
      disputeId: d.id,
      at: now,
      actorId: null,
      actorName: '系统',
      kind: 'followup.due',
      details: { followupId, seq: f.seq },
      version,
    });
    const people = new Set(
      (await listAssignments(tx, [d.id], true)).filter((a) => a.role === 'lead').map((a) => a.mediator_id),
    );
    if (d.responsible_person_id) people.add(d.responsible_person_id);
    for (const personId of people)
      await this.live.notify(tx, {
        stationId: d.station_id,
        personId,
        kind: 'followup.due',
        title: `纠纷 ${d.number} 第${f.seq}次回访已到期`,
        body: d.summary,
        disputeId: d.id,
      });
  }
}
