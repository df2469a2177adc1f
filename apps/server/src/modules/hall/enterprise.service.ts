import { addCalendarDays, addWorkingDays, workingDaysBetween } from '@fengqiao/domain';
import { conflict, fieldError, notFound } from '../../platform/errors';
import type { Ctx, Platform } from '../../platform/platform';
import type { PersonnelService } from '../personnel';
import {
  type CaseRow,
  casesInPeriod,
  closeCase,
  completeFollowUp,
  getCase,
  getTraining,
  getVisit,
  insertCase,
  insertTraining,
  insertVisit,
  listCases,
  listVisits,
  type TrainingRow,
  trainingsInPeriod,
  type VisitRow,
  visitCountsByPlace,
  visitsInPeriod,
} from './enterprise.repository';
import { gridFilter, seesGrid } from './hall.policy';
import type { HallConfig } from './hall-config';
import { localDay } from './local-time';
import type { Stations } from './stations';
import { serviceRef } from './views';

export interface EnterprisePlace {
  id: string;
  name: string;
  grid_id: string | null;
  attributes: Record<string, string | number | boolean | null>;
}

const str = (v: unknown) => (typeof v === 'string' ? v : null);
const int = (v: unknown) => (typeof v === 'number' ? Math.round(v) : null);

/**
 * The enterprise window (企业服务专窗): enterprise cases such as collective
 * household registration against their working-day limit, police–enterprise
 * visits with follow-up, and trainings; all counted for the summary.
 */
export class EnterpriseService {
  constructor(
    private readonly p: Platform,
    private readonly config: HallConfig,
    private readonly stations: Stations,
    private readonly personnel: PersonnelService,
    private readonly enterprisesOf: (stationId: string) => Promise<EnterprisePlace[]>,
  ) {}

  private async enterprise(ctx: Ctx, id: string, field: string): Promise<EnterprisePlace> {
    const stationId = this.stations.staffStation(ctx);
    const e = (await this.enterprisesOf(stationId)).find((x) => x.id === id);
    if (!e) throw fieldError(field, 'enterprise_unknown', 'no such enterprise in this station');
    if (!seesGrid(ctx.actor, e.grid_id))
      throw fieldError(field, 'enterprise_outside_grids', 'the enterprise is outside your grids');
    return e;
  }

  async enterprises(ctx: Ctx, q: string | undefined) {
    const stationId = this.stations.staffStation(ctx);
    const [list, counts] = await Promise.all([this.enterprisesOf(stationId), visitCountsByPlace(this.p.db, stationId)]);
    const byPlace = new Map(counts.map((c) => [c.place_id, c]));
    return list
      .filter((e) => seesGrid(ctx.actor, e.grid_id) && (!q || e.name.includes(q) || str(e.attributes.creditCode) === q))
      .slice(0, 500)
      .map((e) => ({
        id: e.id,
        name: e.name,
        gridId: e.grid_id,
        creditCode: str(e.attributes.creditCode),
        industry: str(e.attributes.industryLabel) ?? str(e.attributes.industry),
        employees: int(e.attributes.employees),
        visits: byPlace.get(e.id)?.n ?? 0,
        lastVisitOn: byPlace.get(e.id)?.last ?? null,
      }));
  }

  // --------------------------------------------------------------- cases

  async caseView(c: CaseRow) {
    const [snap, cal] = await Promise.all([this.config.get(), this.config.calendar()]);
    const service = snap.services.get(c.service_id);
    if (!service) throw notFound('service');
    const today = localDay(this.p.clock.now());
    const end = c.closed_day ?? today;
    return {
      id: c.id,
      number: c.number,
      enterprise: { id: c.enterprise_place_id, name: c.enterprise_name },
      service: serviceRef(service),
      contactName: c.contact_name,
      contactPhone: c.contact_phone_masked,
      persons: c.persons,
      receivedAt: c.received_at.toISOString(),
      receivedDay: c.received_day,
      limitDays: c.limit_days,
      dueDay: c.due_day,
      status: c.status,
      closedDay: c.closed_day,
      workingDaysUsed: Math.max(0, workingDaysBetween(c.received_day, end, cal)),
      onTime: c.status === 'done' && c.closed_day ? c.closed_day <= c.due_day : null,
      overdue: c.status === 'open' && today > c.due_day,
      outcomeNote: c.outcome_note,
      note: c.note,
      version: c.version,
    };
  }

  async createCase(
    ctx: Ctx,
    b: {
      enterpriseId: string;
      serviceId?: string | undefined;
      contactName: string;
      contactPhone?: string | undefined;
      persons: number;
      receivedAt?: string | undefined;
      note: string;
    },
  ) {
    const stationId = this.stations.staffStation(ctx);
    const e = await this.enterprise(ctx, b.enterpriseId, 'body.enterpriseId');
    const snap = await this.config.get();
    const service = b.serviceId
      ? snap.services.get(b.serviceId)
      : [...snap.services.values()].find((s) => s.code === 'hukou.collective');
    if (!service?.active || !service.enterprise) {
      throw fieldError('body.serviceId', 'service_not_enterprise', 'choose an enterprise service');
    }
    const phone = b.contactPhone ? this.p.pii.sealPhone(b.contactPhone) : null;
    const now = this.p.clock.now();
    const receivedAt = b.receivedAt ? new Date(b.receivedAt) : now;
    if (receivedAt.getTime() > now.getTime() + 60_000)
      throw fieldError('body.receivedAt', 'in_future', 'not in the future');
    const receivedDay = localDay(receivedAt);
    const cal = await this.config.calendar();
    const id = await this.p.db.tx(async (tx) => {
      const newId = await insertCase(tx, {
        stationId,
        placeId: e.id,
        enterpriseName: e.name,
        gridId: e.grid_id,
        serviceId: service.id,
        contactName: b.contactName,
        contactPhone: phone,
        persons: b.persons,
        receivedAt,
        receivedDay,
        limitDays: service.time_limit_days,
        dueDay: addWorkingDays(receivedDay, service.time_limit_days, cal),
        note: b.note,
        createdBy: ctx.actor.userId,
      });
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'hall.enterprise_case.create',
          resourceType: 'hall_enterprise_case',
          resourceId: newId,
          details: { enterprise: e.id },
        },
        tx,
      );
      return newId;
    });
    const row = await getCase(this.p.db, id);
    if (!row) throw notFound('case');
    return this.caseView(row);
  }

  async cases(ctx: Ctx, q: { status?: string | undefined; page: number; pageSize: number }) {
    const stationId = this.stations.staffStation(ctx);
    const { rows, total } = await listCases(this.p.db, {
      stationId,
      grids: gridFilter(ctx.actor),
      ...(q.status ? { status: q.status } : {}),
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    await this.p.audit.record(ctx.audit, {
      action: 'hall.enterprise_case.list',
      resourceType: 'hall_enterprise_case',
      details: { count: rows.length },
    });
    return { items: await Promise.all(rows.map((r) => this.caseView(r))), total, page: q.page, pageSize: q.pageSize };
  }

  async closeCase(
    ctx: Ctx,
    id: string,
    b: { outcome: 'done' | 'cancelled'; note?: string | undefined; version?: number | undefined },
  ) {
    const stationId = this.stations.staffStation(ctx);
    await this.p.db.tx(async (tx) => {
      const c = await getCase(tx, id, true);
      if (!c || c.station_id !== stationId || !seesGrid(ctx.actor, c.grid_id)) throw notFound('case');
      if (b.version !== undefined && b.version !== c.version)
        throw conflict('the case changed meanwhile', 'version_conflict');
      if (c.status !== 'open') throw conflict(`the case is ${c.status}`, 'case_state');
      const now = this.p.clock.now();
      await closeCase(tx, id, b.outcome, b.note ?? null, now, localDay(now), ctx.actor.userId);
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'hall.enterprise_case.close',
          resourceType: 'hall_enterprise_case',
          resourceId: id,
          details: { outcome: b.outcome },
        },
        tx,
      );
    });
    const row = await getCase(this.p.db, id);
    if (!row) throw notFound('case');
    return this.caseView(row);
  }

  // -------------------------------------------------------------- visits

  async visitViews(rows: VisitRow[]) {
    const refs = await this.personnel.refs(rows.flatMap((r) => r.officer_person_ids));
    const today = localDay(this.p.clock.now());
    return rows.map((v) => ({
      id: v.id,
      enterprise: { id: v.enterprise_place_id, name: v.enterprise_name },
      visitedOn: v.visited_on,
      officers: v.officer_person_ids.flatMap((id) => {
        const r = refs.get(id);
        return r ? [r] : [];
      }),
      purpose: v.purpose,
      issuesFound: v.issues_found,
      issueCount: v.issue_count,
      followUp: v.follow_up,
      followUpDue: v.follow_up_due,
      followUpStatus: !v.follow_up
        ? ('none' as const)
        : v.follow_up_done_at
          ? ('done' as const)
          : v.follow_up_due && v.follow_up_due < today
            ? ('overdue' as const)
            : ('open' as const),
      followUpDoneAt: v.follow_up_done_at?.toISOString() ?? null,
      followUpNote: v.follow_up_note,
    }));
  }

  async createVisit(
    ctx: Ctx,
    b: {
      enterpriseId: string;
      visitedOn: string;
      officerPersonIds: string[];
      purpose: string;
      issuesFound: string;
      issueCount: number;
      followUp?: string | undefined;
      followUpDue?: string | undefined;
    },
  ) {
    const stationId = this.stations.staffStation(ctx);
    const e = await this.enterprise(ctx, b.enterpriseId, 'body.enterpriseId');
    const today = localDay(this.p.clock.now());
    if (b.visitedOn > today) throw fieldError('body.visitedOn', 'in_future', 'record visits that happened');
    if (b.followUpDue && !b.followUp) throw fieldError('body.followUp', 'required', 'describe the follow-up');
    for (const [i, pid] of b.officerPersonIds.entries()) {
      const k = await this.personnel.kindOf(pid);
      if (!k || k.station_id !== stationId || !['officer', 'auxiliary'].includes(k.kind)) {
        throw fieldError(
          `body.officerPersonIds.${i}`,
          'officer_unknown',
          'not an officer or auxiliary of this station',
        );
      }
    }
    const id = await this.p.db.tx(async (tx) => {
      const newId = await insertVisit(tx, {
        stationId,
        placeId: e.id,
        enterpriseName: e.name,
        gridId: e.grid_id,
        visitedOn: b.visitedOn,
        officerIds: [...new Set(b.officerPersonIds)],
        purpose: b.purpose,
        issuesFound: b.issuesFound,
        issueCount: b.issueCount,
        followUp: b.followUp ?? null,
        followUpDue: b.followUpDue ?? null,
        createdBy: ctx.actor.userId,
        now: this.p.clock.now(),
      });
      await this.p.audit.record(
        ctx.audit,
        { action: 'hall.enterprise_visit.create', resourceType: 'hall_enterprise_visit', resourceId: newId },
        tx,
      );
      return newId;
    });
    const row = await getVisit(this.p.db, id);
    if (!row) throw notFound('visit');
    const [view] = await this.visitViews([row]);
    if (!view) throw notFound('visit');
    return view;
  }

  async visits(
    ctx: Ctx,
    q: {
      from?: string | undefined;
      to?: string | undefined;
      enterpriseId?: string | undefined;
      followUp?: string | undefined;
      page: number;
      pageSize: number;
    },
  ) {
    const stationId = this.stations.staffStation(ctx);
    const { rows, total } = await listVisits(this.p.db, {
      stationId,
      grids: gridFilter(ctx.actor),
      from: q.from ?? null,
      to: q.to ?? null,
      placeId: q.enterpriseId ?? null,
      followUp: q.followUp ?? null,
      today: localDay(this.p.clock.now()),
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    return { items: await this.visitViews(rows), total, page: q.page, pageSize: q.pageSize };
  }

  async followUpDone(ctx: Ctx, id: string, note: string) {
    const stationId = this.stations.staffStation(ctx);
    const v = await getVisit(this.p.db, id);
    if (!v || v.station_id !== stationId || !seesGrid(ctx.actor, v.grid_id)) throw notFound('visit');
    await this.p.db.tx(async (tx) => {
      if (!(await completeFollowUp(tx, id, note, this.p.clock.now()))) {
        throw conflict('no open follow-up on this visit', 'follow_up_state');
      }
      await this.p.audit.record(
        ctx.audit,
        { action: 'hall.enterprise_visit.follow_up', resourceType: 'hall_enterprise_visit', resourceId: id },
        tx,
      );
    });
    const row = await getVisit(this.p.db, id);
    if (!row) throw notFound('visit');
    const [view] = await this.visitViews([row]);
    if (!view) throw notFound('visit');
    return view;
  }

  // ----------------------------------------------------------- trainings

  private async trainingViews(stationId: string, rows: TrainingRow[]) {
    const names = new Map((await this.enterprisesOf(stationId)).map((e) => [e.id, e.name]));
    return rows.map((t) => ({
      id: t.id,
      heldOn: t.held_on,
      topic: t.topic,
      location: t.location,
      trainer: t.trainer,
      attendees: t.attendees,
      enterprises: t.enterprise_place_ids.flatMap((id) => {
        const name = names.get(id);
        return name ? [{ id, name }] : [];
      }),
    }));
  }

  async createTraining(
    ctx: Ctx,
    b: {
      heldOn: string;
      topic: string;
      location?: string | undefined;
      trainer?: string | undefined;
      attendees: number;
      enterpriseIds: string[];
    },
  ) {
    const stationId = this.stations.staffStation(ctx);
    const known = new Set((await this.enterprisesOf(stationId)).map((e) => e.id));
    b.enterpriseIds.forEach((id, i) => {
      if (!known.has(id)) throw fieldError(`body.enterpriseIds.${i}`, 'enterprise_unknown', 'no such enterprise');
    });
    if (b.heldOn > localDay(this.p.clock.now()))
      throw fieldError('body.heldOn', 'in_future', 'record trainings that happened');
    const id = await this.p.db.tx(async (tx) => {
      const newId = await insertTraining(tx, {
        stationId,
        heldOn: b.heldOn,
        topic: b.topic,
        location: b.location ?? null,
        trainer: b.trainer ?? null,
        attendees: b.attendees,
        placeIds: [...new Set(b.enterpriseIds)],
        createdBy: ctx.actor.userId,
        now: this.p.clock.now(),
      });
      await this.p.audit.record(
        ctx.audit,
        { action: 'hall.enterprise_training.create', resourceType: 'hall_enterprise_training', resourceId: newId },
        tx,
      );
      return newId;
    });
    const row = await getTraining(this.p.db, id);
    if (!row) throw notFound('training');
    const [view] = await this.trainingViews(stationId, [row]);
    if (!view) throw notFound('training');
    return view;
  }

  async trainings(ctx: Ctx, q: { from?: string | undefined; to?: string | undefined }) {
    const stationId = this.stations.staffStation(ctx);
    const { from, to } = this.period(q);
    return this.trainingViews(stationId, await trainingsInPeriod(this.p.db, stationId, from, to));
  }

  private period(q: { from?: string | undefined; to?: string | undefined }) {
    const to = q.to ?? localDay(this.p.clock.now());
    const from = q.from ?? addCalendarDays(to, -364);
    if (from > to) throw fieldError('querystring.from', 'period_order', 'from must not be after to');
    return { from, to };
  }

  /** Counts for the period (default: the last 365 days): visits, issues, follow-ups, trainings, cases on time. */
  async summary(ctx: Ctx, q: { from?: string | undefined; to?: string | undefined }) {
    const stationId = this.stations.staffStation(ctx);
    const { from, to } = this.period(q);
    const grids = gridFilter(ctx.actor);
    const [visits, trainings, cases, cal] = await Promise.all([
      visitsInPeriod(this.p.db, stationId, grids, from, to),
      trainingsInPeriod(this.p.db, stationId, from, to),
      casesInPeriod(this.p.db, stationId, grids, from, to),
      this.config.calendar(),
    ]);
    const today = localDay(this.p.clock.now());
    const done = cases.filter((c) => c.status === 'done' && c.closed_day);
    const onTime = done.filter((c) => (c.closed_day ?? '') <= c.due_day).length;
    const used = done.map((c) => Math.max(0, workingDaysBetween(c.received_day, c.closed_day ?? c.received_day, cal)));
    return {
      from,
      to,
      visits: visits.length,
      enterprisesVisited: new Set(visits.map((v) => v.enterprise_place_id)).size,
      issuesFound: visits.reduce((n, v) => n + v.issue_count, 0),
      followUpsOpen: visits.filter((v) => v.follow_up && !v.follow_up_done_at).length,
      followUpsDone: visits.filter((v) => v.follow_up_done_at).length,
      trainings: trainings.length,
      attendees: trainings.reduce((n, t) => n + t.attendees, 0),
      enterprisesTrained: new Set(trainings.flatMap((t) => t.enterprise_place_ids)).size,
      cases: {
        total: cases.length,
        open: cases.filter((c) => c.status === 'open').length,
        done: done.length,
        doneOnTime: onTime,
        overdueOpen: cases.filter((c) => c.status === 'open' && today > c.due_day).length,
        onTimeRate: done.length > 0 ? Math.round((onTime / done.length) * 1000) / 1000 : null,
        avgWorkingDays: used.length > 0 ? Math.round((used.reduce((s, n) => s + n, 0) / used.length) * 10) / 10 : null,
      },
    };
  }
}
