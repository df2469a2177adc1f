import type { MeetingView } from '@fengqiao/contracts';
import { badRequest, conflict, notFound } from '../../platform/errors';
import type { Ctx, Platform } from '../../platform/platform';
import type { MediationDeps } from './deps';
import { getDispute, insertEvent, updateDispute } from './disputes.repository';
import type { DisputesService } from './disputes.service';
import { canSeeDispute } from './mediation.policy';
import { listAssignments } from './mediators.repository';
import {
  addItem,
  decideItem,
  getMeeting,
  insertMeeting,
  itemsOf,
  listMeetings,
  type MeetingRow,
  nextInSeries,
  rebuildAgenda,
  updateMeeting,
} from './meetings.repository';
import type { MediationLive } from './notify';

const STEP_DAYS = { weekly: 7, biweekly: 14 } as const;

function nextOccurrence(at: Date, recurrence: MeetingRow['recurrence']): Date | null {
  if (recurrence === 'none') return null;
  if (recurrence === 'monthly') {
    const d = new Date(at);
    d.setUTCMonth(d.getUTCMonth() + 1);
    return d;
  }
  return new Date(at.getTime() + STEP_DAYS[recurrence] * 86_400_000);
}

/**
 * Regular consultation (定期会商): recurring meetings of the coordinators and
 * mediators over the hard cases. The agenda is generated from the open
 * level-3 and red-risk disputes (overdue ones first); attendance is taken;
 * each decision is written on the dispute's own timeline. Holding a
 * recurring meeting schedules the next one with a fresh agenda.
 */
export class MeetingsService {
  constructor(
    private readonly p: Platform,
    private readonly deps: MediationDeps,
    private readonly disputes: DisputesService,
    private readonly live: MediationLive,
  ) {}

  private async meeting(ctx: Ctx, id: string): Promise<MeetingRow> {
    const m = await getMeeting(this.p.db, id);
    if (!m || m.station_id !== ctx.actor.stationId) throw notFound('meeting');
    return m;
  }

  async view(ctx: Ctx, m: MeetingRow): Promise<MeetingView> {
    const items = await itemsOf(this.p.db, m.id);
    const rows = (await Promise.all(items.map((i) => getDispute(this.p.db, i.dispute_id)))).flatMap((r) =>
      r ? [r] : [],
    );
    const assignments = await listAssignments(
      this.p.db,
      rows.map((r) => r.id),
      true,
    );
    // The agenda shows each caller only the disputes they reach (a mediator sees their own cases).
    const reachable = rows.filter((r) =>
      canSeeDispute(
        ctx.actor,
        r,
        assignments.filter((a) => a.dispute_id === r.id).map((a) => a.mediator_id),
      ),
    );
    const summaries = new Map((await this.disputes.summaries(m.station_id, reachable)).map((s) => [s.id, s]));
    return {
      id: m.id,
      seriesId: m.series_id,
      title: m.title,
      scheduledAt: m.scheduled_at.toISOString(),
      place: m.place,
      videoLink: m.video_link,
      recurrence: m.recurrence,
      status: m.status,
      attendees: m.attendees,
      minutes: m.minutes,
      agenda: items.flatMap((i) => {
        const dispute = summaries.get(i.dispute_id);
        return dispute
          ? [
              {
                seq: i.seq,
                dispute,
                reasons: i.reasons,
                decision: i.decision,
                decidedAt: i.decided_at?.toISOString() ?? null,
              },
            ]
          : [];
      }),
      nextMeetingId: m.recurrence === 'none' ? null : await nextInSeries(this.p.db, m.series_id, m.scheduled_at),
      version: m.version,
    };
  }

  private async attendees(ctx: Ctx, ids: string[]) {
    const refs = await this.deps.personnel.refs(ids);
    const kinds = await Promise.all(ids.map((id) => this.deps.personnel.kindOf(id)));
    const errors = ids.flatMap((id, i) =>
      refs.has(id) && kinds[i]?.station_id === ctx.actor.stationId
        ? []
        : [{ path: `body.attendeeIds.${i}`, code: 'unknown_person', message: 'no such person in your station' }],
    );
    if (errors.length > 0) throw badRequest('unknown attendee', errors);
    return ids.map((id) => ({ personId: id, name: refs.get(id)?.name ?? '', present: null }));
  }

  async create(
    ctx: Ctx,
    b: {
      title: string;
      scheduledAt: string;
      place?: string | undefined;
      videoLink?: string | undefined;
      recurrence: MeetingRow['recurrence'];
      attendeeIds: string[];
    },
  ): Promise<MeetingView> {
    const stationId = this.disputes.station(ctx);
    const attendees = await this.attendees(ctx, [...new Set(b.attendeeIds)]);
    const id = await this.p.db.tx(async (tx) => {
      const now = this.p.clock.now();
      const id = await insertMeeting(tx, {
        stationId,
        seriesId: null,
        title: b.title,
        scheduledAt: new Date(b.scheduledAt),
        place: b.place ?? null,
        videoLink: b.videoLink ?? null,
        recurrence: b.recurrence,
        attendees,
        by: ctx.actor.userId,
        now,
      });
      const items = await rebuildAgenda(tx, id, stationId, now);
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'meeting.create',
          resourceType: 'consultation_meeting',
          resourceId: id,
          details: { items, recurrence: b.recurrence },
        },
        tx,
      );
      for (const a of attendees)
        if (a.personId !== ctx.actor.personId)
          await this.live.notify(tx, {
            stationId,
            personId: a.personId,
            kind: 'meeting.scheduled',
            title: `会商：${b.title}`,
            body: `${b.scheduledAt.slice(0, 16).replace('T', ' ')} ${b.place ?? b.videoLink ?? ''}`,
            disputeId: null,
          });
      return id;
    });
    return this.get(ctx, id, false);
  }

  async list(ctx: Ctx): Promise<MeetingView[]> {
    const rows = await listMeetings(this.p.db, this.disputes.station(ctx), 20);
    return Promise.all(rows.map((m) => this.view(ctx, m)));
  }

  async get(ctx: Ctx, id: string, audit = true): Promise<MeetingView> {
    const m = await this.meeting(ctx, id);
    if (audit)
      await this.p.audit.record(ctx.audit, {
        action: 'meeting.read',
        resourceType: 'consultation_meeting',
        resourceId: id,
      });
    return this.view(ctx, m);
  }

  async refreshAgenda(ctx: Ctx, id: string): Promise<MeetingView> {
    await this.meeting(ctx, id);
    await this.p.db.tx(async (tx) => {
      const m = await getMeeting(tx, id, true);
      if (!m) throw notFound('meeting');
      if (m.status !== 'scheduled') throw conflict(`the meeting is ${m.status}`);
      const items = await rebuildAgenda(tx, id, m.station_id, this.p.clock.now());
      await updateMeeting(tx, id, this.p.clock.now(), {});
      await this.p.audit.record(
        ctx.audit,
        { action: 'meeting.agenda', resourceType: 'consultation_meeting', resourceId: id, details: { items } },
        tx,
      );
    });
    return this.get(ctx, id, false);
  }

  async attendance(ctx: Ctx, id: string, list: { personId: string; present: boolean }[]): Promise<MeetingView> {
    const m0 = await this.meeting(ctx, id);
    const known = new Set(m0.attendees.map((a) => a.personId));
    const added = await this.attendees(
      ctx,
      list.filter((x) => !known.has(x.personId)).map((x) => x.personId),
    );
    await this.p.db.tx(async (tx) => {
      const m = await getMeeting(tx, id, true);
      if (!m) throw notFound('meeting');
      if (m.status === 'cancelled') throw conflict('the meeting was cancelled');
      const present = new Map(list.map((x) => [x.personId, x.present]));
      const attendees = [...m.attendees, ...added].map((a) => ({
        ...a,
        present: present.has(a.personId) ? (present.get(a.personId) ?? null) : a.present,
      }));
      await updateMeeting(tx, id, this.p.clock.now(), { attendees });
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'meeting.attendance',
          resourceType: 'consultation_meeting',
          resourceId: id,
          details: { present: attendees.filter((a) => a.present).length, of: attendees.length },
        },
        tx,
      );
    });
    return this.get(ctx, id, false);
  }

  /** Records the meeting's decision on one dispute, on the agenda and on the dispute's timeline. */
  async decide(ctx: Ctx, id: string, b: { disputeId: string; decision: string }): Promise<MeetingView> {
    await this.meeting(ctx, id);
    await this.p.db.tx(async (tx) => {
      const m = await getMeeting(tx, id, true);
      if (!m) throw notFound('meeting');
      if (m.status === 'cancelled') throw conflict('the meeting was cancelled');
      const d = await this.disputes.lockVisible(ctx, tx, b.disputeId);
      const now = this.p.clock.now();
      await addItem(tx, id, d.id, []);
      await decideItem(tx, id, d.id, b.decision, ctx.actor.userId, now);
      const version = await updateDispute(tx, d.id, now, {});
      await insertEvent(tx, {
        disputeId: d.id,
        at: now,
        actorId: ctx.actor.userId,
        actorName: ctx.actor.displayName,
        kind: 'consultation.decision',
        reason: b.decision,
        details: { meetingId: id, title: m.title },
        version,
      });
      await this.p.audit.record(
        ctx.audit,
        { action: 'meeting.decision', resourceType: 'dispute', resourceId: d.id, details: { meetingId: id } },
        tx,
      );
      await this.live.dispute(tx, { ...d, version }, 'consultation');
    });
    return this.get(ctx, id, false);
  }

  /** Marks the meeting held (with minutes) and, for a recurring one, schedules the next with its agenda. */
  async close(ctx: Ctx, id: string, minutes: string | null): Promise<MeetingView> {
    await this.meeting(ctx, id);
    await this.p.db.tx(async (tx) => {
      const m = await getMeeting(tx, id, true);
      if (!m) throw notFound('meeting');
      if (m.status !== 'scheduled') throw conflict(`the meeting is already ${m.status}`);
      const now = this.p.clock.now();
      await updateMeeting(tx, id, now, { status: 'held', held_at: now, minutes });
      const next = nextOccurrence(m.scheduled_at, m.recurrence);
      let nextId: string | null = null;
      if (next && !(await nextInSeries(tx, m.series_id, m.scheduled_at))) {
        nextId = await insertMeeting(tx, {
          stationId: m.station_id,
          seriesId: m.series_id,
          title: m.title,
          scheduledAt: next,
          place: m.place,
          videoLink: m.video_link,
          recurrence: m.recurrence,
          attendees: m.attendees.map((a) => ({ ...a, present: null })),
          by: ctx.actor.userId,
          now,
        });
        await rebuildAgenda(tx, nextId, m.station_id, now);
      }
      await this.p.audit.record(
        ctx.audit,
        { action: 'meeting.held', resourceType: 'consultation_meeting', resourceId: id, details: { next: nextId } },
        tx,
      );
    });
    return this.get(ctx, id, false);
  }
}
