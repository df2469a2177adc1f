import type { AgendaView, LeadershipTask } from '@fengqiao/contracts';
import { addDays, chinaMidnight, isIsoDate, measureOf, weekStart } from '@fengqiao/domain';
import { conflict, fieldError, notFound } from '../../platform/errors';
import type { Ctx, Platform } from '../../platform/platform';
import type { LeadershipDeps } from './deps';
import { records, totals, totalsBy } from './figures.repository';
import type { FiguresService } from './figures.service';
import {
  ensureMeeting,
  getMeeting,
  getTask,
  insertTask,
  listTasks,
  setTaskStatus,
  type TaskRow,
  updateMeeting,
} from './work.repository';

/** The agenda's sections: a key, the measure behind it, and the span it reads relative to the week. */
const SECTIONS = [
  { key: 'orders_overdue', measure: 'orders_overdue', span: 'as_of' },
  { key: 'high_risk_disputes', measure: 'high_risk_disputes', span: 'as_of' },
  { key: 'hazards_overdue', measure: 'hazards_overdue', span: 'as_of' },
  { key: 'shifts_understaffed', measure: 'shifts_understaffed', span: 'week' },
  { key: 'early_warnings', measure: 'early_warnings', span: 'last_week' },
] as const;

const ITEMS_PER_SECTION = 15;

/**
 * Work the leadership assigns: tasks with owners and deadlines, by hand or
 * as decisions of the weekly dispatch meeting (周调度), whose agenda is
 * generated from the records: what is overdue or at risk now, who is short
 * of volunteers this week, last week's early warnings, and the grids whose
 * incident counts moved most against the week before.
 */
export class WorkService {
  constructor(
    private readonly p: Platform,
    private readonly deps: LeadershipDeps,
    private readonly figures: FiguresService,
  ) {}

  checkWeek(week: string): string {
    if (!isIsoDate(week)) throw fieldError('week', 'invalid_date', 'expected YYYY-MM-DD');
    if (weekStart(week) !== week) throw fieldError('week', 'not_monday', 'a week starts on Monday');
    return week;
  }

  thisWeek(): string {
    return weekStart(this.figures.today());
  }

  async agenda(ctx: Ctx, weekArg: string | undefined): Promise<AgendaView> {
    const stationId = this.figures.stationOf(ctx);
    const week = this.checkWeek(weekArg ?? this.thisWeek());
    const weekEnd = addDays(week, 7);
    const now = this.p.clock.now();
    // A past week's "as of" state is its end; the current week's is now.
    const asOf = new Date(Math.min(chinaMidnight(weekEnd).getTime(), now.getTime()));
    const grids = await this.deps.grids(stationId);
    const sections: AgendaView['sections'] = [];
    for (const sec of SECTIONS) {
      const def = measureOf(sec.measure);
      const source = def?.source;
      if (!source) continue;
      const span =
        sec.span === 'as_of'
          ? { stationIds: [stationId], from: chinaMidnight(addDays(week, -3650)), to: asOf }
          : sec.span === 'week'
            ? { stationIds: [stationId], from: chinaMidnight(week), to: chinaMidnight(weekEnd) }
            : { stationIds: [stationId], from: chinaMidnight(addDays(week, -7)), to: chinaMidnight(week) };
      const [t, rows] = await Promise.all([
        totals(this.p.db, source, span),
        records(this.p.db, source, span, {}, { offset: 0, limit: ITEMS_PER_SECTION }),
      ]);
      sections.push({ key: sec.key, measure: sec.measure, total: t.n, items: this.figures.rowViews(rows, grids) });
    }
    const last = { stationIds: [stationId], from: chinaMidnight(addDays(week, -7)), to: chinaMidnight(week) };
    const before = {
      stationIds: [stationId],
      from: chinaMidnight(addDays(week, -14)),
      to: chinaMidnight(addDays(week, -7)),
    };
    const [a, b] = await Promise.all([
      totalsBy(this.p.db, 'incidents.received', last, 'grid'),
      totalsBy(this.p.db, 'incidents.received', before, 'grid'),
    ]);
    const gridMoves = grids
      .map((g) => {
        const thisWeek = a.get(g.id)?.n ?? 0;
        const lastWeek = b.get(g.id)?.n ?? 0;
        return { gridId: g.id, code: g.code, name: g.name, thisWeek, lastWeek, change: thisWeek - lastWeek };
      })
      .filter((g) => g.change !== 0)
      .sort((x, y) => Math.abs(y.change) - Math.abs(x.change) || x.code.localeCompare(y.code))
      .slice(0, 8);
    const meeting = await getMeeting(this.p.db, stationId, week);
    const prior = await getMeeting(this.p.db, stationId, addDays(week, -7));
    return {
      week,
      weekEnd: addDays(week, 6),
      asOf: asOf.toISOString(),
      sections,
      gridMoves,
      meeting: meeting
        ? {
            id: meeting.id,
            notes: meeting.notes,
            heldAt: meeting.held_at?.toISOString() ?? null,
            version: meeting.version,
          }
        : null,
      decisions: meeting ? await this.taskViews(await listTasks(this.p.db, stationId, { meetingId: meeting.id })) : [],
      review: {
        week: addDays(week, -7),
        decisions: prior ? await this.taskViews(await listTasks(this.p.db, stationId, { meetingId: prior.id })) : [],
      },
    };
  }

  /** Records the meeting's notes; `held` stamps it with the agenda's counts as they stand. */
  async updateMeeting(ctx: Ctx, weekArg: string, b: { notes: string; held: boolean }) {
    const stationId = this.figures.stationOf(ctx);
    const week = this.checkWeek(weekArg);
    const counts = b.held
      ? Object.fromEntries((await this.agenda(ctx, week)).sections.map((s) => [s.key, s.total]))
      : null;
    await this.p.db.tx(async (tx) => {
      const m = await ensureMeeting(tx, stationId, week, ctx.actor.userId, this.p.clock.now());
      await updateMeeting(tx, m.id, b.notes, b.held ? (m.held_at ?? this.p.clock.now()) : null, counts);
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'leadership.meeting.update',
          resourceType: 'leadership_meeting',
          resourceId: m.id,
          details: { week },
        },
        tx,
      );
    });
    return this.agenda(ctx, week);
  }

  private async checkOwner(stationId: string, personId: string) {
    const staff = await this.deps.staff(stationId);
    if (!staff.some((s) => s.id === personId))
      throw fieldError('ownerPersonId', 'unknown_owner', 'the owner must be an officer of the station');
  }

  private checkDue(dueOn: string) {
    if (!isIsoDate(dueOn)) throw fieldError('dueOn', 'invalid_date', 'not a calendar day');
    if (dueOn < this.figures.today()) throw fieldError('dueOn', 'in_past', 'the deadline has passed already');
  }

  async createTask(
    ctx: Ctx,
    b: {
      title: string;
      detail: string;
      dutyKey: string | null;
      agendaRef: string | null;
      ownerPersonId: string;
      dueOn: string;
    },
    week: string | null,
  ): Promise<LeadershipTask> {
    const stationId = this.figures.stationOf(ctx);
    if (week !== null) this.checkWeek(week);
    this.checkDue(b.dueOn);
    await this.checkOwner(stationId, b.ownerPersonId);
    const id = await this.p.db.tx(async (tx) => {
      const now = this.p.clock.now();
      const meeting = week === null ? null : await ensureMeeting(tx, stationId, week, ctx.actor.userId, now);
      const newId = await insertTask(tx, {
        stationId,
        meetingId: meeting?.id ?? null,
        agendaRef: b.agendaRef,
        dutyKey: b.dutyKey,
        title: b.title,
        detail: b.detail,
        ownerPersonId: b.ownerPersonId,
        dueOn: b.dueOn,
        by: ctx.actor.userId,
        now,
      });
      await this.p.audit.record(
        ctx.audit,
        {
          action: meeting ? 'leadership.decision.create' : 'leadership.task.create',
          resourceType: 'leadership_task',
          resourceId: newId,
          details: { owner: b.ownerPersonId, dueOn: b.dueOn, week },
        },
        tx,
      );
      return newId;
    });
    return this.task(ctx, id);
  }

  async task(ctx: Ctx, id: string): Promise<LeadershipTask> {
    const t = await getTask(this.p.db, id);
    if (!t || !this.mayRead(ctx, t)) throw notFound('task');
    const [v] = await this.taskViews([t]);
    if (!v) throw notFound('task');
    return v;
  }

  private mayRead(ctx: Ctx, t: TaskRow): boolean {
    if (t.station_id !== ctx.actor.stationId) return false;
    return ctx.actor.permissions.has('leadership.manage') || t.owner_person_id === ctx.actor.personId;
  }

  /** Tasks: all of the station's for leaders; one's own for everyone else. */
  async tasks(
    ctx: Ctx,
    q: { status?: 'open' | 'done' | 'cancelled' | undefined; mine?: 'true' | 'false' | undefined },
  ) {
    const stationId = ctx.actor.stationId;
    if (!stationId) return { items: [] };
    const all = ctx.actor.permissions.has('leadership.manage') && q.mine !== 'true';
    if (!all && !ctx.actor.personId) return { items: [] };
    const rows = await listTasks(this.p.db, stationId, {
      status: q.status,
      ownerPersonId: all ? undefined : (ctx.actor.personId ?? undefined),
    });
    return { items: await this.taskViews(rows) };
  }

  /** Owners mark their tasks done; leaders may also cancel or reopen. */
  async updateTask(
    ctx: Ctx,
    id: string,
    b: { status: 'open' | 'done' | 'cancelled'; outcomeNote: string; version: number },
  ) {
    const t = await getTask(this.p.db, id);
    if (!t || !this.mayRead(ctx, t)) throw notFound('task');
    const leader = ctx.actor.permissions.has('leadership.manage');
    if (!leader && b.status !== 'done')
      throw fieldError('status', 'owner_may_only_complete', 'only a leader cancels or reopens a task');
    if (b.status === 'done' && b.outcomeNote.length < 2)
      throw fieldError('outcomeNote', 'required', 'say what was done');
    await this.p.db.tx(async (tx) => {
      if (!(await setTaskStatus(tx, id, b.status, b.outcomeNote, b.version, this.p.clock.now())))
        throw conflict('the task was changed meanwhile; reload it', 'stale_version');
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'leadership.task.update',
          resourceType: 'leadership_task',
          resourceId: id,
          details: { status: b.status },
        },
        tx,
      );
    });
    return this.task(ctx, id);
  }

  async staffOptions(ctx: Ctx) {
    const stationId = this.figures.stationOf(ctx);
    return (await this.deps.staff(stationId)).map((s) => ({ id: s.id, name: s.name, team: s.team }));
  }

  private async taskViews(rows: TaskRow[]): Promise<LeadershipTask[]> {
    const refs = await this.deps.refs(rows.map((r) => r.owner_person_id));
    const today = this.figures.today();
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      detail: r.detail,
      dutyKey: r.duty_key,
      agendaRef: r.agenda_ref,
      meetingId: r.meeting_id,
      meetingWeek: r.meeting_week,
      owner: { id: r.owner_person_id, name: refs.get(r.owner_person_id)?.name ?? '' },
      dueOn: r.due_on,
      overdue: r.status === 'open' && r.due_on < today,
      status: r.status,
      doneAt: r.done_at?.toISOString() ?? null,
      outcomeNote: r.outcome_note,
      createdAt: r.created_at.toISOString(),
      version: r.version,
    }));
  }
}
