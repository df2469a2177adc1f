import type { HallHomeVisitView } from '@fengqiao/contracts';
import { conflict, fieldError, notFound } from '../../platform/errors';
import type { Ctx, Platform } from '../../platform/platform';
import type { CitizenCtx, CitizensService } from '../citizens';
import type { PersonnelService } from '../personnel';
import { gridFilter, seesGrid } from './hall.policy';
import type { HallConfig } from './hall-config';
import {
  dayOfOfficer,
  getHomeVisit,
  type HomeVisitRow,
  homeVisitsOfCitizen,
  insertHomeVisit,
  listHomeVisits,
  updateHomeVisit,
} from './homevisits.repository';
import { localDay } from './local-time';
import { nearestNeighbourRoute } from './route-plan';
import type { Stations } from './stations';
import { iso, serviceRef } from './views';

type Request = {
  serviceId: string;
  personName: string;
  reason: 'elderly' | 'disabled' | 'ill' | 'other';
  reasonNote?: string | undefined;
  phone?: string | undefined;
  idNumber?: string | undefined;
  address: string;
  location?: { lng: number; lat: number } | undefined;
  preferredDay?: string | undefined;
};

/**
 * Home visits and the mobile service station (流动服务站): requests from
 * people who cannot come (online or taken by phone), scheduled to an
 * officer for a day, ordered into a day route, recorded as done.
 */
export class HomeVisitsService {
  constructor(
    private readonly p: Platform,
    private readonly config: HallConfig,
    private readonly stations: Stations,
    private readonly personnel: PersonnelService,
    private readonly citizens: CitizensService,
    private readonly gridAt: (lng: number, lat: number) => Promise<string | null>,
  ) {}

  async views(rows: HomeVisitRow[]): Promise<HallHomeVisitView[]> {
    const snap = await this.config.get();
    const refs = await this.personnel.refs(rows.flatMap((r) => (r.officer_person_id ? [r.officer_person_id] : [])));
    return rows.flatMap((v) => {
      const s = snap.services.get(v.service_id);
      if (!s) return [];
      return [
        {
          id: v.id,
          number: v.number,
          status: v.status,
          service: serviceRef(s),
          personName: v.person_name,
          reason: v.reason,
          reasonNote: v.reason_note,
          phone: v.phone_masked,
          idNumber: v.id_number_masked,
          address: v.address,
          location: v.lng !== null && v.lat !== null ? ([v.lng, v.lat] as [number, number]) : null,
          gridId: v.grid_id,
          source: v.source,
          preferredDay: v.preferred_day,
          requestedAt: v.requested_at.toISOString(),
          officer: v.officer_person_id ? (refs.get(v.officer_person_id) ?? null) : null,
          scheduledDay: v.scheduled_day,
          doneAt: iso(v.done_at),
          outcomeNote: v.outcome_note,
          cancelReason: v.cancel_reason,
          version: v.version,
        },
      ];
    });
  }

  private async one(id: string): Promise<HallHomeVisitView> {
    const row = await getHomeVisit(this.p.db, id);
    if (!row) throw notFound('home visit');
    const [v] = await this.views([row]);
    if (!v) throw notFound('home visit');
    return v;
  }

  private async create(
    stationId: string,
    b: Request & { phone: string },
    source: string,
    citizenId: string | null,
    audit: Ctx['audit'],
    createdBy: string | null,
  ): Promise<string> {
    const service = await this.config.service(b.serviceId);
    if (!service?.active) throw fieldError('body.serviceId', 'service_unknown', 'no such service');
    if (!service.home_visit)
      throw fieldError('body.serviceId', 'service_not_home_visit', 'this service is not done at home');
    if (b.preferredDay && b.preferredDay < localDay(this.p.clock.now())) {
      throw fieldError('body.preferredDay', 'in_past', 'choose today or a later day');
    }
    const phone = this.p.pii.sealPhone(b.phone);
    const idNumber = b.idNumber ? this.p.pii.sealIdNumber(b.idNumber) : null;
    const gridId = b.location ? await this.gridAt(b.location.lng, b.location.lat) : null;
    return this.p.db.tx(async (tx) => {
      const id = await insertHomeVisit(tx, {
        stationId,
        citizenId,
        serviceId: service.id,
        personName: b.personName,
        reason: b.reason,
        reasonNote: b.reasonNote ?? null,
        phone,
        idNumber,
        address: b.address,
        lng: b.location?.lng ?? null,
        lat: b.location?.lat ?? null,
        gridId,
        source,
        preferredDay: b.preferredDay ?? null,
        now: this.p.clock.now(),
        createdBy,
      });
      await this.p.audit.record(
        { ...audit, stationId },
        { action: 'hall.home_visit.request', resourceType: 'hall_home_visit', resourceId: id, details: { source } },
        tx,
      );
      return id;
    });
  }

  async request(c: CitizenCtx, b: Request): Promise<HallHomeVisitView> {
    const station = await this.stations.public(undefined);
    const phone = b.phone ?? (await this.citizens.phoneOf(c.citizen.citizenId));
    if (!phone) throw fieldError('body.phone', 'required', 'a phone number to arrange the visit');
    const id = await this.create(station.id, { ...b, phone }, 'online', c.citizen.citizenId, c.audit, null);
    return this.one(id);
  }

  async mine(c: CitizenCtx): Promise<HallHomeVisitView[]> {
    return this.views(await homeVisitsOfCitizen(this.p.db, c.citizen.citizenId));
  }

  async createByStaff(ctx: Ctx, b: Request & { phone: string; source: string }): Promise<HallHomeVisitView> {
    const stationId = this.stations.staffStation(ctx);
    return this.one(await this.create(stationId, b, b.source, null, ctx.audit, ctx.actor.userId));
  }

  async list(
    ctx: Ctx,
    q: {
      status?: string | undefined;
      officerPersonId?: string | undefined;
      day?: string | undefined;
      page: number;
      pageSize: number;
    },
  ) {
    const stationId = this.stations.staffStation(ctx);
    const { rows, total } = await listHomeVisits(this.p.db, {
      stationId,
      grids: gridFilter(ctx.actor),
      personId: ctx.actor.personId,
      ...(q.status ? { status: q.status } : {}),
      ...(q.officerPersonId ? { officerPersonId: q.officerPersonId } : {}),
      ...(q.day ? { day: q.day } : {}),
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    await this.p.audit.record(ctx.audit, {
      action: 'hall.home_visit.list',
      resourceType: 'hall_home_visit',
      details: { count: rows.length },
    });
    return { items: await this.views(rows), total, page: q.page, pageSize: q.pageSize };
  }

  private async act(
    ctx: Ctx,
    id: string,
    version: number | undefined,
    from: string[],
    action: string,
    fn: (row: HomeVisitRow) => Parameters<typeof updateHomeVisit>[2],
  ): Promise<HallHomeVisitView> {
    const stationId = this.stations.staffStation(ctx);
    await this.p.db.tx(async (tx) => {
      const v = await getHomeVisit(tx, id, true);
      const mine = v !== null && v.officer_person_id !== null && v.officer_person_id === ctx.actor.personId;
      if (!v || v.station_id !== stationId || !(seesGrid(ctx.actor, v.grid_id) || mine)) throw notFound('home visit');
      if (version !== undefined && version !== v.version)
        throw conflict('the visit changed meanwhile', 'version_conflict');
      if (!from.includes(v.status)) throw conflict(`the visit is ${v.status}`, 'home_visit_state');
      await updateHomeVisit(tx, id, fn(v));
      await this.p.audit.record(
        ctx.audit,
        { action: `hall.home_visit.${action}`, resourceType: 'hall_home_visit', resourceId: id },
        tx,
      );
    });
    return this.one(id);
  }

  async schedule(ctx: Ctx, id: string, b: { officerPersonId: string; day: string; version?: number | undefined }) {
    const stationId = this.stations.staffStation(ctx);
    const k = await this.personnel.kindOf(b.officerPersonId);
    if (!k || k.station_id !== stationId || !['officer', 'auxiliary'].includes(k.kind)) {
      throw fieldError('body.officerPersonId', 'officer_unknown', 'not an officer or auxiliary of this station');
    }
    if (b.day < localDay(this.p.clock.now())) throw fieldError('body.day', 'in_past', 'schedule today or later');
    return this.act(ctx, id, b.version, ['requested', 'scheduled'], 'schedule', () => ({
      status: 'scheduled',
      officer_person_id: b.officerPersonId,
      scheduled_day: b.day,
    }));
  }

  async done(ctx: Ctx, id: string, note: string, version?: number) {
    return this.act(ctx, id, version, ['scheduled'], 'done', () => ({
      status: 'done',
      done_at: this.p.clock.now(),
      outcome_note: note,
    }));
  }

  async cancel(ctx: Ctx, id: string, reason: string, version?: number) {
    return this.act(ctx, id, version, ['requested', 'scheduled'], 'cancel', () => ({
      status: 'cancelled',
      cancel_reason: reason,
    }));
  }

  async officers(ctx: Ctx) {
    const stationId = this.stations.staffStation(ctx);
    const staff = await this.personnel.staff(stationId);
    return staff.map((s) => ({ id: s.id, name: s.name, title: s.kind === 'officer' ? '民警' : '辅警', team: s.team }));
  }

  /** The officer's day: nearest-neighbour order from the station over the visits with a location. */
  async route(ctx: Ctx, officerPersonId: string, day: string) {
    const stationId = this.stations.staffStation(ctx);
    const station = await this.stations.byId(stationId);
    const k = await this.personnel.kindOf(officerPersonId);
    if (!k || k.station_id !== stationId)
      throw fieldError('querystring.officerPersonId', 'officer_unknown', 'no such officer');
    const refs = await this.personnel.refs([officerPersonId]);
    const officer = refs.get(officerPersonId);
    if (!officer) throw notFound('officer');
    const views = await this.views(await dayOfOfficer(this.p.db, officerPersonId, day));
    const start: [number, number] = station?.center ?? [0, 0];
    const located = views.flatMap((v) => (v.location ? [{ item: v, at: v.location }] : []));
    const ordered = nearestNeighbourRoute(start, located);
    await this.p.audit.record(ctx.audit, {
      action: 'hall.home_visit.route',
      resourceType: 'hall_home_visit',
      details: { officerPersonId, day, stops: views.length },
    });
    return {
      officer,
      day,
      start: { name: station?.name ?? '', location: start },
      stops: ordered.map((s, i) => ({ order: i + 1, legMeters: Math.round(s.legMeters), visit: s.item })),
      totalMeters: ordered.reduce((n, s) => n + Math.round(s.legMeters), 0),
      unlocated: views.filter((v) => !v.location),
    };
  }
}
