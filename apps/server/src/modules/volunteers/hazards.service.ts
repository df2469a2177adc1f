import type { HazardDetail, HazardSummary } from '@fengqiao/contracts';
import {
  addCalendarDays,
  type CrsName,
  canMoveHazard,
  chinaDay,
  chinaInstant,
  type HazardStatus,
  type ResponsibleKind,
} from '@fengqiao/domain';
import type { Queryable, Tx } from '../../platform/db/db';
import { conflict, fieldError, forbidden, notFound } from '../../platform/errors';
import { readFile, storeFile } from '../../platform/files/files.service';
import type { Ctx, Platform } from '../../platform/platform';
import type { VolunteersDeps } from './deps';
import { PHOTO_MAX_BYTES, PHOTO_TYPES } from './duty.service';
import {
  getHazard,
  type HazardRow,
  hazardByClient,
  hazardPhotoFile,
  insertHazard,
  insertHazardEvent,
  insertHazardPhoto,
  listHazardEvents,
  listHazardPhotos,
  listHazards,
  markOverdue,
  updateHazard,
} from './hazards.repository';
import type { VolunteerLive } from './notify';
import { getDuty } from './patrols.repository';
import type { PointsService } from './points.service';
import type { Answer, Requests } from './requests';
import { gridOfficer, memberIds, teamIdsOfPerson } from './teams.repository';
import { endOfChinaDay, OVERDUE_REPEAT_MS, type VolunteerTimers } from './timers';
import { hazardSummary, isOverdue } from './views';
import { gridsOf, isOverseer, reachesGrid, reachOf } from './volunteers.policy';

type Stage = 'report' | 'rectification' | 'verification';

/**
 * Hazards (隐患): a report with photos and a map position (→ grid) →
 * assigned to the responsible party with a deadline → rectification with
 * evidence → verified and closed by an officer (or sent back). Overdue
 * rectifications are reminded by timer; the reporter follows every step.
 */
export class HazardsService {
  constructor(
    private readonly p: Platform,
    private readonly deps: VolunteersDeps,
    private readonly requests: Requests,
    private readonly points: PointsService,
    private readonly timers: VolunteerTimers,
    private readonly live: VolunteerLive,
  ) {}

  /** Who reported what a non-overseer may read: themselves, and the members of the teams they lead. */
  private async reporterReach(ctx: Ctx): Promise<string[]> {
    const me = ctx.actor.personId;
    if (!me) return [];
    const led = (await teamIdsOfPerson(this.p.db, me)).filter((t) => t.leads);
    const members = (await Promise.all(led.map((t) => memberIds(this.p.db, t.id)))).flat();
    return [...new Set([me, ...members])];
  }

  private async visible(ctx: Ctx, id: string, q: Queryable = this.p.db): Promise<HazardRow> {
    const reach = reachOf(ctx.actor);
    const h = await getHazard(q, id);
    if (!h || h.station_id !== reach.stationId) throw notFound('hazard');
    if (isOverseer(ctx.actor) && reachesGrid(reach, h.grid_id)) return h;
    if (
      h.reporter_user_id === ctx.actor.userId ||
      (h.reporter_person_id && h.reporter_person_id === ctx.actor.personId)
    )
      return h;
    if (h.reporter_person_id && (await this.reporterReach(ctx)).includes(h.reporter_person_id)) return h;
    throw notFound('hazard');
  }

  private async managed(ctx: Ctx, id: string): Promise<HazardRow> {
    const reach = reachOf(ctx.actor);
    const h = await getHazard(this.p.db, id);
    if (!h || h.station_id !== reach.stationId || !reachesGrid(reach, h.grid_id)) throw notFound('hazard');
    return h;
  }

  async detailOf(q: Queryable, h: HazardRow, basePath = '/api/hazards'): Promise<HazardDetail> {
    const [events, photos] = await Promise.all([listHazardEvents(q, h.id), listHazardPhotos(q, h.id)]);
    return {
      ...hazardSummary(h, this.p.clock.now()),
      description: h.description,
      placeId: h.place_id,
      dutyId: h.duty_id,
      reminders: h.reminders,
      events: events.map((e) => ({ at: e.at.toISOString(), kind: e.kind, actorName: e.actor_name, note: e.note })),
      photos: photos.map((ph) => ({ id: ph.id, stage: ph.stage, url: `${basePath}/${h.id}/photos/${ph.id}` })),
      version: h.version,
    };
  }

  async list(
    ctx: Ctx,
    q: {
      status?: string | undefined;
      category?: string | undefined;
      gridId?: string | undefined;
      from?: string | undefined;
      to?: string | undefined;
      overdue?: string | undefined;
      mine?: string | undefined;
      page: number;
      pageSize: number;
    },
  ) {
    const reach = reachOf(ctx.actor);
    const now = this.p.clock.now();
    const mine = q.mine === 'true' || !isOverseer(ctx.actor);
    const reporters = mine ? (q.mine === 'true' ? [ctx.actor.personId ?? ''] : await this.reporterReach(ctx)) : null;
    const { rows, total } = await listHazards(this.p.db, {
      stationId: reach.stationId,
      ...(q.status ? { statuses: q.status.split(',') } : {}),
      ...(q.category ? { category: q.category } : {}),
      ...(q.gridId ? { gridId: q.gridId } : {}),
      ...(q.from ? { from: chinaInstant(q.from, '00:00') } : {}),
      ...(q.to ? { to: chinaInstant(addCalendarDays(q.to, 1), '00:00') } : {}),
      ...(q.overdue === 'true' ? { overdueOn: chinaDay(now) } : {}),
      withinGrids: mine ? null : gridsOf(reach),
      reporters,
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    return { items: rows.map((h) => hazardSummary(h, now)), total, page: q.page, pageSize: q.pageSize };
  }

  async detail(ctx: Ctx, id: string): Promise<HazardDetail> {
    return this.detailOf(this.p.db, await this.visible(ctx, id));
  }

  /**
   * A report from the field. The position decides the grid; a report made
   * during a duty names it. Sent with a client id, a replay answers the
   * first report (also when the first answer was lost).
   */
  async report(
    ctx: Ctx,
    b: {
      category: string;
      title: string;
      description: string;
      lng: number;
      lat: number;
      crs: CrsName;
      address?: string | undefined;
      placeId?: string | undefined;
      dutyId?: string | undefined;
      at?: string | undefined;
    },
    clientId: string | null,
  ): Promise<Answer<HazardDetail>> {
    const reach = reachOf(ctx.actor);
    const now = this.p.clock.now();
    const hit = await this.deps.lookup.lookup(b.lng, b.lat, b.crs);
    const grid = hit.grid && hit.grid.station_id === reach.stationId ? hit.grid : null;
    if (b.placeId && !(await this.deps.places(ctx)).some((p) => p.id === b.placeId))
      throw fieldError('body.placeId', 'unknown_place', 'no such place');
    if (b.dutyId) {
      const d = await getDuty(this.p.db, b.dutyId);
      if (!d || d.person_id !== ctx.actor.personId)
        throw fieldError('body.dutyId', 'unknown_duty', 'not one of your duties');
    }
    const reportedAt = b.at ? new Date(b.at) : now;
    if (reportedAt.getTime() > now.getTime() + 60_000)
      throw fieldError('body.at', 'in_future', 'the time is in the future');
    if (reportedAt.getTime() < now.getTime() - 7 * 86_400_000)
      throw fieldError('body.at', 'too_old', 'a report older than 7 days cannot be queued');
    return this.requests.once(ctx, clientId, 'hazard.report', 'new', async (tx) => {
      if (clientId) {
        const prev = await hazardByClient(tx, ctx.actor.userId, clientId);
        const h = prev ? await getHazard(tx, prev) : null;
        if (h) return { status: 200, body: await this.detailOf(tx, h) };
      }
      const id = await insertHazard(tx, {
        stationId: reach.stationId,
        category: b.category,
        title: b.title,
        description: b.description,
        address: b.address ?? null,
        lng: hit.point[0],
        lat: hit.point[1],
        gridId: grid?.id ?? null,
        placeId: b.placeId ?? null,
        dutyId: b.dutyId ?? null,
        reporterPersonId: ctx.actor.personId,
        reporterUserId: ctx.actor.userId,
        reporterName: ctx.actor.displayName,
        clientId,
        reportedAt,
        now,
      });
      if (!id) throw conflict('the report could not be stored; try again', 'retry');
      const h = await getHazard(tx, id);
      if (!h) throw notFound('hazard');
      await insertHazardEvent(tx, {
        hazardId: id,
        at: now,
        kind: 'reported',
        actorName: ctx.actor.displayName,
        note: b.title,
      });
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'hazard.report',
          resourceType: 'hazard',
          resourceId: id,
          details: { number: h.number, category: b.category, gridId: h.grid_id, outsideGrids: !grid },
        },
        tx,
      );
      this.live.hazard(tx, h, 'reported');
      if (grid?.officer_person_id)
        await this.live.notify(tx, {
          stationId: reach.stationId,
          personId: grid.officer_person_id,
          kind: 'hazard_reported',
          title: `新隐患 ${h.number}：${h.title}`,
          body: `${grid.name}`,
          refType: 'hazard',
          refId: id,
        });
      return { status: 201, body: await this.detailOf(tx, h) };
    });
  }

  /**
   * A photo of the report (its reporter, while open) or of the
   * rectification and verification (officers with hazards.manage).
   */
  async photo(
    ctx: Ctx,
    id: string,
    stage: Stage,
    file: { bytes: Buffer; filename: string | null },
    clientId: string | null,
  ): Promise<Answer<{ photoId: string; fileId: string }>> {
    const h0 = await this.visible(ctx, id);
    const manager = ctx.actor.permissions.has('hazards.manage') && reachesGrid(reachOf(ctx.actor), h0.grid_id);
    if (stage !== 'report' && !manager)
      throw forbidden('only officers add rectification and verification evidence', 'hazards_manage_required');
    const reporter =
      h0.reporter_user_id === ctx.actor.userId ||
      (h0.reporter_person_id !== null && h0.reporter_person_id === ctx.actor.personId);
    if (stage === 'report' && !manager && !reporter)
      throw forbidden('only the reporter adds photos to the report', 'not_the_reporter');
    return this.requests.once(ctx, clientId, 'hazard.photo', id, async (tx) => {
      const now = this.p.clock.now();
      const h = await getHazard(tx, id, true);
      if (!h) throw notFound('hazard');
      if (h.status === 'closed' || h.status === 'dismissed') throw conflict('the hazard is closed', 'hazard_closed');
      const stored = await storeFile(tx, file.bytes, {
        stationId: h.station_id,
        purpose: 'hazard',
        createdBy: ctx.actor.userId,
        originalName: file.filename,
        allowed: PHOTO_TYPES,
        maxBytes: PHOTO_MAX_BYTES,
        field: 'photo',
        now,
      });
      const photoId = await insertHazardPhoto(tx, {
        hazardId: id,
        stage,
        fileId: stored.id,
        by: ctx.actor.userId,
        now,
      });
      await insertHazardEvent(tx, {
        hazardId: id,
        at: now,
        kind: `photo_${stage}`,
        actorName: ctx.actor.displayName,
        note: '',
      });
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'hazard.photo',
          resourceType: 'hazard',
          resourceId: id,
          details: { stage, fileId: stored.id, size: stored.size },
        },
        tx,
      );
      return { status: 201, body: { photoId, fileId: stored.id } };
    });
  }

  async photoFile(ctx: Ctx, id: string, photoId: string) {
    await this.visible(ctx, id);
    const fileId = await hazardPhotoFile(this.p.db, id, photoId);
    const f = fileId ? await readFile(this.p.db, fileId) : null;
    if (!f) throw notFound('photo');
    return f;
  }

  /** Runs one step of the workflow under the row lock, with its event, audit, live push and the reporter's notification. */
  private async step(
    ctx: Ctx,
    id: string,
    version: number,
    to: HazardStatus,
    kind: string,
    note: string,
    apply: (tx: Tx, h: HazardRow, now: Date) => Promise<void>,
    tell: string,
  ): Promise<HazardDetail> {
    await this.managed(ctx, id);
    return this.p.db.tx(async (tx) => {
      const now = this.p.clock.now();
      const h = await getHazard(tx, id, true);
      if (!h) throw notFound('hazard');
      if (h.version !== version) throw conflict('the hazard was changed meanwhile; reload', 'stale');
      if (!canMoveHazard(h.status, to))
        throw conflict(`a ${h.status} hazard cannot become ${to}`, 'invalid_transition');
      await apply(tx, h, now);
      await insertHazardEvent(tx, { hazardId: id, at: now, kind, actorName: ctx.actor.displayName, note });
      const after = await getHazard(tx, id);
      if (!after) throw notFound('hazard');
      await this.p.audit.record(
        ctx.audit,
        {
          action: `hazard.${kind}`,
          resourceType: 'hazard',
          resourceId: id,
          details: { from: h.status, to, number: h.number },
        },
        tx,
      );
      this.live.hazard(tx, after, kind);
      if (h.reporter_person_id && h.reporter_user_id !== ctx.actor.userId)
        await this.live.notify(tx, {
          stationId: h.station_id,
          personId: h.reporter_person_id,
          kind: `hazard_${kind}`,
          title: `您报告的隐患 ${h.number} ${tell}`,
          body: note,
          refType: 'hazard',
          refId: id,
        });
      return this.detailOf(tx, after);
    });
  }

  async assign(
    ctx: Ctx,
    id: string,
    b: {
      responsibleKind: ResponsibleKind;
      responsibleName: string;
      responsiblePlaceId?: string | undefined;
      dueOn: string;
      note: string;
      version: number;
    },
  ): Promise<HazardDetail> {
    if (b.dueOn < chinaDay(this.p.clock.now())) throw fieldError('body.dueOn', 'in_past', 'the deadline is past');
    if (b.responsiblePlaceId && !(await this.deps.places(ctx)).some((p) => p.id === b.responsiblePlaceId))
      throw fieldError('body.responsiblePlaceId', 'unknown_place', 'no such place');
    return this.step(
      ctx,
      id,
      b.version,
      'assigned',
      'assigned',
      `${b.responsibleName}，限期 ${b.dueOn}${b.note ? `：${b.note}` : ''}`,
      async (tx, h, now) => {
        await updateHazard(tx, id, {
          status: 'assigned',
          responsibleKind: b.responsibleKind,
          responsibleName: b.responsibleName,
          responsiblePlaceId: b.responsiblePlaceId ?? null,
          dueOn: b.dueOn,
          assignedAt: now,
          clearOverdue: true,
          now,
        });
        await this.timers.hazardOverdue(tx, id, endOfChinaDay(b.dueOn));
        // A confirmed report earns its reporter points once (the first assignment).
        if (h.status === 'reported' && h.reporter_person_id)
          await this.points.award(tx, {
            stationId: h.station_id,
            personId: h.reporter_person_id,
            source: 'hazard_confirmed',
            sourceId: id,
            day: chinaDay(h.reported_at),
            quantity: 1,
          });
      },
      '已确认并交由责任方整改',
    );
  }

  async rectify(ctx: Ctx, id: string, b: { note: string; version: number }): Promise<HazardDetail> {
    return this.step(
      ctx,
      id,
      b.version,
      'rectified',
      'rectified',
      b.note,
      async (tx, _h, now) => {
        await updateHazard(tx, id, { status: 'rectified', rectifiedAt: now, now });
        await this.timers.cancelHazard(tx, id);
      },
      '已整改，待民警验收',
    );
  }

  async verify(
    ctx: Ctx,
    id: string,
    b: { result: 'pass' | 'fail'; note: string; dueOn?: string | undefined; version: number },
  ): Promise<HazardDetail> {
    if (b.result === 'pass') {
      return this.step(
        ctx,
        id,
        b.version,
        'closed',
        'closed',
        b.note,
        async (tx, h, now) => {
          await updateHazard(tx, id, {
            status: 'closed',
            closedAt: now,
            closedBy: ctx.actor.userId,
            clearOverdue: true,
            now,
          });
          await this.timers.cancelHazard(tx, id);
          if (h.reporter_person_id)
            await this.points.award(tx, {
              stationId: h.station_id,
              personId: h.reporter_person_id,
              source: 'hazard_closed',
              sourceId: id,
              day: chinaDay(now),
              quantity: 1,
            });
        },
        '已验收销号',
      );
    }
    const dueOn = b.dueOn;
    if (!dueOn) throw fieldError('body.dueOn', 'required', 'give the new deadline for the rectification');
    if (dueOn < chinaDay(this.p.clock.now())) throw fieldError('body.dueOn', 'in_past', 'the deadline is past');
    return this.step(
      ctx,
      id,
      b.version,
      'assigned',
      'verification_failed',
      `${b.note}（新期限 ${dueOn}）`,
      async (tx, _h, now) => {
        await updateHazard(tx, id, { status: 'assigned', dueOn, rectifiedAt: null, clearOverdue: true, now });
        await this.timers.hazardOverdue(tx, id, endOfChinaDay(dueOn));
      },
      '验收未通过，已退回整改',
    );
  }

  async dismiss(ctx: Ctx, id: string, b: { reason: string; version: number }): Promise<HazardDetail> {
    return this.step(
      ctx,
      id,
      b.version,
      'dismissed',
      'dismissed',
      b.reason,
      async (tx, _h, now) => {
        await updateHazard(tx, id, {
          status: 'dismissed',
          closedAt: now,
          closedBy: ctx.actor.userId,
          clearOverdue: true,
          now,
        });
        await this.timers.cancelHazard(tx, id);
      },
      '经核实不构成隐患',
    );
  }

  /** Timer: the due day passed and the hazard is still not rectified — remind the grid officer and repeat in 3 days. */
  async onOverdue(tx: Tx, id: string, now: Date): Promise<void> {
    const h = await getHazard(tx, id, true);
    if (!h || !isOverdue(h, now)) return;
    await markOverdue(tx, id, now);
    await insertHazardEvent(tx, {
      hazardId: id,
      at: now,
      kind: 'overdue_reminder',
      actorName: null,
      note: `期限 ${h.due_on}`,
    });
    const to = [await gridOfficer(tx, h.grid_id), h.reporter_person_id].flatMap((x) => (x ? [x] : []));
    for (const personId of new Set(to))
      await this.live.notify(tx, {
        stationId: h.station_id,
        personId,
        kind: 'hazard_overdue',
        title: `隐患 ${h.number} 整改逾期（期限 ${h.due_on}）`,
        body: `${h.responsible_name ?? ''}：${h.title}`,
        refType: 'hazard',
        refId: id,
      });
    const after = await getHazard(tx, id);
    if (after) this.live.hazard(tx, after, 'overdue');
    await this.timers.hazardOverdue(tx, id, new Date(now.getTime() + OVERDUE_REPEAT_MS));
  }

  summaries(rows: HazardRow[]): HazardSummary[] {
    const now = this.p.clock.now();
    return rows.map((h) => hazardSummary(h, now));
  }
}
