import type { AlertListQuery, IncidentDetail } from '@fengqiao/contracts';
import { conflict, fieldError, forbidden, notFound } from '../../platform/errors';
import { readFile, storeFile } from '../../platform/files/files.service';
import type { Ctx, Platform } from '../../platform/platform';
import type { PersonnelService } from '../personnel';
import { acknowledgeAlert, getAlert, listAlerts } from './alerts.repository';
import type { DispatchService } from './dispatch.service';
import { alertView, type CreatedIncident, createdIncidentDetail, summaryView } from './incident-views';
import { canSeeIncident, isAssignee, type Worker } from './incidents.policy';
import {
  addAttachment,
  getIncident,
  type IncidentRow,
  insertEvent,
  listAttachments,
  listDuplicates,
  listEvents,
  listIncidents,
  listLinks,
  updateIncident,
} from './incidents.repository';
import type { LiveEvents } from './live-events';
import { ordersOfIncident } from './orders.repository';

export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const PHOTO_MAX_BYTES = 8 * 1024 * 1024;

/** Reading, annotating and closing incidents; alerts for the command room and officers. */
export class IncidentsService {
  constructor(
    private readonly p: Platform,
    private readonly dispatch: DispatchService,
    private readonly personnel: PersonnelService,
    private readonly workerOf: (personId: string | null) => Promise<Worker>,
    private readonly unitName: (unitId: string) => Promise<{ id: string; code: string; name: string } | null>,
    private readonly live: LiveEvents,
  ) {}

  /** Loads an incident the actor may see, or 404 (never revealing that it exists elsewhere). */
  async visible(ctx: Ctx, id: string): Promise<IncidentRow> {
    const row = await getIncident(this.p.db, id);
    if (!row) throw notFound('incident');
    if (canSeeIncident(ctx.actor, row, false)) return row;
    const w = await this.workerOf(ctx.actor.personId);
    const orders = await ordersOfIncident(this.p.db, id);
    if (orders.some((o) => isAssignee(w, o)) && canSeeIncident(ctx.actor, row, true)) return row;
    throw notFound('incident');
  }

  async detail(ctx: Ctx, id: string, audit = true): Promise<IncidentDetail> {
    const row = await this.visible(ctx, id);
    const [orders, events, attachments, duplicates, links] = await Promise.all([
      ordersOfIncident(this.p.db, id),
      listEvents(this.p.db, id),
      listAttachments(this.p.db, id),
      listDuplicates(this.p.db, id),
      listLinks(this.p.db, id),
    ]);
    const refs = await this.personnel.refs(row.responsible_person_id ? [row.responsible_person_id] : []);
    if (audit)
      await this.p.audit.record(ctx.audit, { action: 'incident.read', resourceType: 'incident', resourceId: id });
    // Object.assign: a spread followed by many properties is slow in V8 (see createdIncidentDetail).
    return Object.assign(summaryView(row), {
      description: row.description,
      priorityReason: row.priority_reason,
      callerName: row.caller_name,
      callerPhone: row.caller_phone_masked,
      persons: row.persons.map((p) => ({
        role: p.role,
        name: p.name,
        gender: p.gender,
        idNumber: p.idNumberMasked,
        phone: p.phoneMasked,
        description: p.description,
      })),
      vehicles: row.vehicles,
      responsible: row.responsible_person_id ? (refs.get(row.responsible_person_id) ?? null) : null,
      unit: row.unit_id ? await this.unitName(row.unit_id) : null,
      orders: await this.dispatch.views(orders),
      events: events.map((e) => ({
        id: e.id,
        at: e.at.toISOString(),
        kind: e.kind,
        actorName: e.actor_name,
        note: e.note,
        details: e.details,
      })),
      attachments: attachments.map((a) => ({
        id: a.file_id,
        contentType: a.content_type,
        size: a.size_bytes,
        url: `/api/incidents/${id}/attachments/${a.file_id}`,
      })),
      duplicates: duplicates.map((d) => ({ id: d.id, number: d.number, createdAt: d.created_at.toISOString() })),
      links: links.map((l) => ({ kind: l.kind, targetId: l.target_id })),
      resultCode: row.result_code,
      resultNote: row.result_note,
      closedAt: row.closed_at?.toISOString() ?? null,
      publicToken: row.public_token,
    });
  }

  /**
   * The detail of an incident this request has just stored (the reply to
   * POST /api/incidents): built from what intake wrote when the reporter may
   * see it, as detail() would read it back; otherwise detail() decides.
   */
  async createdDetail(ctx: Ctx, c: CreatedIncident): Promise<IncidentDetail> {
    if (!canSeeIncident(ctx.actor, c.incident, false)) return this.detail(ctx, c.incident.id, false);
    return createdIncidentDetail(c);
  }

  async list(
    ctx: Ctx,
    q: {
      status?: string | undefined;
      priority?: string | undefined;
      category?: string | undefined;
      source?: string | undefined;
      gridId?: string | undefined;
      from?: string | undefined;
      to?: string | undefined;
      q?: string | undefined;
      page: number;
      pageSize: number;
    },
  ) {
    const stationId = ctx.actor.stationId;
    if (!stationId) throw forbidden('no station');
    const { rows, total } = await listIncidents(this.p.db, {
      stationId,
      ...(q.status ? { statuses: q.status.split(',') } : {}),
      ...(q.priority ? { priority: q.priority } : {}),
      ...(q.category ? { categoryPrefix: q.category } : {}),
      ...(q.source ? { source: q.source } : {}),
      ...(q.gridId ? { gridId: q.gridId } : {}),
      ...(q.from ? { from: new Date(q.from) } : {}),
      ...(q.to ? { to: new Date(q.to) } : {}),
      ...(q.q ? { q: q.q } : {}),
      ...(ctx.actor.scope === 'station' ? {} : { withinGrids: ctx.actor.gridIds, personId: ctx.actor.personId }),
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    await this.p.audit.record(ctx.audit, {
      action: 'incident.list',
      resourceType: 'incident',
      details: { count: rows.length, filter: { ...q } },
    });
    return { items: rows.map(summaryView), total, page: q.page, pageSize: q.pageSize };
  }

  async addNote(ctx: Ctx, id: string, note: string): Promise<void> {
    const row = await this.visible(ctx, id);
    await this.p.db.tx(async (tx) => {
      const now = this.p.clock.now();
      await insertEvent(tx, {
        incidentId: id,
        at: now,
        actorId: ctx.actor.userId,
        actorName: ctx.actor.displayName,
        kind: 'note',
        note,
      });
      const version = await updateIncident(tx, id, now, {});
      await this.p.audit.record(ctx.audit, { action: 'incident.note', resourceType: 'incident', resourceId: id }, tx);
      this.live.incident(tx, { ...row, version }, 'note');
    });
  }

  async addPhoto(ctx: Ctx, id: string, bytes: Buffer, name: string | null): Promise<string> {
    const row = await this.visible(ctx, id);
    return this.p.db.tx(async (tx) => {
      const now = this.p.clock.now();
      const file = await storeFile(tx, bytes, {
        stationId: row.station_id,
        purpose: 'incident_photo',
        createdBy: ctx.actor.userId,
        originalName: name,
        allowed: PHOTO_TYPES,
        maxBytes: PHOTO_MAX_BYTES,
        field: 'photo',
        now,
      });
      await addAttachment(tx, id, file.id, ctx.actor.userId, now);
      await insertEvent(tx, {
        incidentId: id,
        at: now,
        actorId: ctx.actor.userId,
        actorName: ctx.actor.displayName,
        kind: 'photo',
        details: { fileId: file.id, sha256: file.sha256 },
      });
      const version = await updateIncident(tx, id, now, {});
      await this.p.audit.record(
        ctx.audit,
        { action: 'incident.photo', resourceType: 'incident', resourceId: id, details: { fileId: file.id } },
        tx,
      );
      this.live.incident(tx, { ...row, version }, 'photo');
      return file.id;
    });
  }

  /** Photos are personal data: each view is audited. */
  async photo(ctx: Ctx, id: string, fileId: string) {
    await this.visible(ctx, id);
    const attached = await listAttachments(this.p.db, id);
    if (!attached.some((a) => a.file_id === fileId)) throw notFound('photo');
    const file = await readFile(this.p.db, fileId);
    if (!file) throw notFound('photo');
    await this.p.audit.record(ctx.audit, {
      action: 'incident.photo_view',
      resourceType: 'incident',
      resourceId: id,
      details: { fileId },
    });
    return file;
  }

  async close(ctx: Ctx, id: string, resultCode: string, note: string | null): Promise<void> {
    await this.visible(ctx, id);
    await this.p.db.tx(async (tx) => {
      const row = await getIncident(tx, id, true);
      if (!row) throw notFound('incident');
      if (row.status === 'closed') throw conflict('the incident is already closed');
      const orders = await ordersOfIncident(tx, id);
      if (orders.some((o) => ['issued', 'acknowledged', 'en_route', 'on_scene'].includes(o.status))) {
        throw conflict('orders are still open: resolve or cancel them first');
      }
      const now = this.p.clock.now();
      for (const o of orders.filter((x) => x.status === 'resolved')) {
        await tx.query(
          `UPDATE dispatch_orders SET status = 'closed', closed_at = $2, version = version + 1 WHERE id = $1`,
          [o.id, now],
        );
      }
      const version = await updateIncident(tx, id, now, {
        status: 'closed',
        closed_at: now,
        result_code: resultCode,
        result_note: note,
      });
      await insertEvent(tx, {
        incidentId: id,
        at: now,
        actorId: ctx.actor.userId,
        actorName: ctx.actor.displayName,
        kind: 'closed',
        note,
        details: { resultCode },
      });
      await this.p.audit.record(
        ctx.audit,
        { action: 'incident.close', resourceType: 'incident', resourceId: id, details: { resultCode } },
        tx,
      );
      this.live.incident(tx, { ...row, status: 'closed', version }, 'closed');
    });
  }

  async alerts(ctx: Ctx, query: AlertListQuery) {
    const stationId = ctx.actor.stationId;
    if (!stationId) throw forbidden('no station');
    const rows = await listAlerts(this.p.db, {
      stationId,
      ...(query.status ? { status: query.status } : {}),
      ...(query.kind ? { kind: query.kind } : {}),
      ...(query.cursor ? { before: query.cursor } : {}),
      ...(ctx.actor.scope === 'station' ? {} : { withinGrids: ctx.actor.gridIds, personId: ctx.actor.personId }),
      limit: query.limit,
    });
    if (!rows) throw fieldError('querystring.cursor', 'unknown_cursor', 'no alert of this station has that id');
    return rows.map(alertView);
  }

  async acknowledgeAlert(ctx: Ctx, alertId: string): Promise<void> {
    const a = await getAlert(this.p.db, alertId);
    if (!a || a.station_id !== ctx.actor.stationId) throw notFound('alert');
    const mine = a.target_person_id !== null && a.target_person_id === ctx.actor.personId;
    if (!ctx.actor.permissions.has('incidents.dispatch') && !mine)
      throw forbidden('only the command room or the alert’s addressee acknowledges it');
    await this.p.db.tx(async (tx) => {
      await acknowledgeAlert(tx, alertId, ctx.actor.userId, this.p.clock.now());
      await this.p.audit.record(
        ctx.audit,
        { action: 'alert.acknowledge', resourceType: 'alert', resourceId: alertId },
        tx,
      );
    });
  }
}
