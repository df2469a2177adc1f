import type { FieldError, HallApplicationDetail } from '@fengqiao/contracts';
import { addCalendarDays, addWorkingDays, isWorkingDay, workingDaysBetween } from '@fengqiao/domain';
import { SYSTEM_ACTOR } from '../../platform/audit/audit.types';
import type { Tx } from '../../platform/db/db';
import { AppError, conflict, fieldError, notFound } from '../../platform/errors';
import { readFile, storeFile } from '../../platform/files/files.service';
import type { Ctx, Platform } from '../../platform/platform';
import type { CitizenCtx, CitizensService } from '../citizens';
import {
  type ApplicationRow,
  type ApplicationStatus,
  applicationEvents,
  applicationsOfCitizen,
  attachUploads,
  freeUploads,
  getApplication,
  insertApplication,
  insertApplicationEvent,
  insertMaterials,
  insertUpload,
  listApplications,
  materialsOf,
  updateApplication,
  uploadsToday,
} from './applications.repository';
import type { ServiceRow } from './catalogue.repository';
import type { HallConfig } from './hall-config';
import type { HallLive } from './hall-live';
import { localDay, localInstant } from './local-time';
import type { Stations } from './stations';
import { iso, serviceRef } from './views';

export const APPLICATION_REMIND_JOB = 'hall.application.remind';
export const APPLICATION_OVERDUE_JOB = 'hall.application.overdue';
const OPEN: ApplicationStatus[] = ['submitted', 'in_review'];
const UPLOADS_PER_DAY = 60;

/**
 * Online applications: materials uploaded first (type sniffed from the
 * bytes, size limited), then submitted together; every required material
 * must be there or nothing is stored. Clerks accept, ask for corrections,
 * approve or reject with reasons; the deadline is the catalogue's time
 * limit in working days from the (last complete) submission, and the clock
 * stops while the applicant corrects.
 */
export class ApplicationsService {
  constructor(
    private readonly p: Platform,
    private readonly config: HallConfig,
    private readonly stations: Stations,
    private readonly citizens: CitizensService,
    private readonly live: HallLive,
  ) {}

  async upload(c: CitizenCtx, bytes: Buffer, name: string | null) {
    const rules = await this.config.rules();
    const station = await this.stations.public(undefined);
    const now = this.p.clock.now();
    if ((await uploadsToday(this.p.db, c.citizen.citizenId, new Date(now.getTime() - 86_400_000))) >= UPLOADS_PER_DAY) {
      throw new AppError('rate_limited', 'too many uploads today', undefined, 'upload_limit');
    }
    return this.p.db.tx(async (tx) => {
      const f = await storeFile(tx, bytes, {
        stationId: station.id,
        purpose: 'hall_material',
        createdBy: null,
        originalName: name,
        allowed: rules.uploads.types,
        maxBytes: rules.uploads.maxBytes,
        field: 'body.file',
        now,
      });
      await insertUpload(tx, f.id, c.citizen.citizenId, now);
      await this.p.audit.record(
        c.audit,
        {
          action: 'hall.upload',
          resourceType: 'file',
          resourceId: f.id,
          details: { size: f.size, type: f.contentType },
        },
        tx,
      );
      return { fileId: f.id, contentType: f.contentType, size: f.size, uploadedAt: now.toISOString() };
    });
  }

  /** Checks the materials named in a submission; every problem is a field error, all reported at once. */
  private async checkMaterials(
    tx: Tx,
    c: CitizenCtx,
    service: ServiceRow,
    materials: { code: string; fileId: string }[],
    needed: string[],
  ): Promise<void> {
    const fields: FieldError[] = [];
    const known = new Set(service.materials.map((m) => m.code));
    materials.forEach((m, i) => {
      if (!known.has(m.code))
        fields.push({
          path: `body.materials.${i}.code`,
          code: 'material_unknown',
          message: `${service.code} takes no material ${m.code}`,
        });
    });
    const fileIds = [...new Set(materials.map((m) => m.fileId))];
    if (fileIds.length !== materials.length) {
      fields.push({
        path: 'body.materials',
        code: 'file_repeated',
        message: 'each uploaded file can serve one material',
      });
    }
    const free = new Set((await freeUploads(tx, c.citizen.citizenId, fileIds)).map((u) => u.file_id));
    materials.forEach((m, i) => {
      if (!free.has(m.fileId))
        fields.push({
          path: `body.materials.${i}.fileId`,
          code: 'file_unknown',
          message: 'upload the file first (unused uploads only)',
        });
    });
    const given = new Set(materials.map((m) => m.code));
    for (const code of needed) {
      if (given.has(code)) continue;
      const m = service.materials.find((x) => x.code === code);
      fields.push({
        path: `body.materials.${code}`,
        code: 'material_missing',
        message: `missing: ${m?.nameEn ?? code}`,
      });
    }
    if (fields.length > 0) throw new AppError('validation', fields[0]?.message ?? 'invalid materials', fields);
  }

  private dueDay(from: Date, service: ServiceRow, cal: Awaited<ReturnType<HallConfig['calendar']>>): string {
    return addWorkingDays(localDay(from), service.time_limit_days, cal);
  }

  private async scheduleDeadline(tx: Tx, a: { id: string; round: number; due_day: string }) {
    const [rules, cal] = await Promise.all([this.config.rules(), this.config.calendar()]);
    // The reminder goes out the configured working days before the due day, at 09:00; overdue marks at the day's end.
    let remindDay = a.due_day;
    for (let i = 0; i < rules.applications.remindWorkingDaysBefore; i++) {
      do remindDay = addCalendarDays(remindDay, -1);
      while (!isWorkingDay(remindDay, cal));
    }
    const remindAt = localInstant(remindDay, '09:00');
    if (remindAt.getTime() > this.p.clock.now().getTime()) {
      await this.p.jobs.enqueue(
        tx,
        APPLICATION_REMIND_JOB,
        { applicationId: a.id, round: a.round },
        {
          runAt: remindAt,
          dedupeKey: `hall.app:${a.id}:remind:${a.round}`,
        },
      );
    }
    await this.p.jobs.enqueue(
      tx,
      APPLICATION_OVERDUE_JOB,
      { applicationId: a.id, round: a.round },
      {
        runAt: new Date(localInstant(a.due_day, '00:00').getTime() + 86_400_000),
        dedupeKey: `hall.app:${a.id}:overdue:${a.round}`,
      },
    );
  }

  async submit(
    c: CitizenCtx,
    body: {
      serviceId: string;
      name: string;
      idNumber: string;
      details: { address?: string | undefined; note?: string | undefined };
      materials: { code: string; fileId: string }[];
    },
  ): Promise<HallApplicationDetail> {
    const service = await this.config.service(body.serviceId);
    if (!service?.active) throw fieldError('body.serviceId', 'service_unknown', 'no such service');
    if (!service.online)
      throw fieldError('body.serviceId', 'service_not_online', 'this service cannot be applied for online');
    const idNumber = this.p.pii.sealIdNumber(body.idNumber);
    const phone = (await this.citizens.maskedPhoneOf(c.citizen.citizenId)) ?? c.citizen.phoneMasked;
    const station = await this.stations.public(undefined);
    const cal = await this.config.calendar();
    const id = await this.p.db.tx(async (tx) => {
      const required = service.materials.filter((m) => m.required).map((m) => m.code);
      await this.checkMaterials(tx, c, service, body.materials, required);
      const now = this.p.clock.now();
      const details = Object.fromEntries(Object.entries(body.details).filter(([, v]) => v !== undefined && v !== ''));
      const newId = await insertApplication(tx, {
        stationId: station.id,
        citizenId: c.citizen.citizenId,
        serviceId: service.id,
        name: body.name,
        idNumber,
        phoneMasked: phone,
        details,
        dueDay: this.dueDay(now, service, cal),
        now,
      });
      await insertMaterials(tx, newId, 1, body.materials, now);
      await attachUploads(
        tx,
        body.materials.map((m) => m.fileId),
        newId,
      );
      await insertApplicationEvent(tx, {
        applicationId: newId,
        at: now,
        kind: 'submitted',
        actorUserId: null,
        actorName: body.name,
      });
      const row = await getApplication(tx, newId);
      if (!row) throw new Error('application vanished');
      await this.scheduleDeadline(tx, row);
      await this.p.audit.record(
        { ...c.audit, stationId: station.id },
        {
          action: 'hall.application.submit',
          resourceType: 'hall_application',
          resourceId: newId,
          details: { service: service.code },
        },
        tx,
      );
      this.live.application(tx, row, 'submitted');
      return newId;
    });
    return this.detailOf(await this.load(id));
  }

  private async load(id: string): Promise<ApplicationRow> {
    const a = await getApplication(this.p.db, id);
    if (!a) throw notFound('application');
    return a;
  }

  private async own(c: CitizenCtx, id: string): Promise<ApplicationRow> {
    const a = await getApplication(this.p.db, id);
    if (!a || a.citizen_id !== c.citizen.citizenId) throw notFound('application');
    return a;
  }

  async summaryOf(a: ApplicationRow) {
    const [snap, cal] = await Promise.all([this.config.get(), this.config.calendar()]);
    const service = snap.services.get(a.service_id);
    if (!service) throw notFound('service');
    const today = localDay(this.p.clock.now());
    const open = OPEN.includes(a.status);
    return {
      id: a.id,
      number: a.number,
      status: a.status,
      service: serviceRef(service),
      applicantName: a.applicant_name,
      idNumber: a.id_number_masked,
      round: a.round,
      submittedAt: a.submitted_at.toISOString(),
      lastSubmittedAt: a.last_submitted_at.toISOString(),
      dueDay: a.due_day,
      workingDaysLeft: open ? workingDaysBetween(today, a.due_day, cal) : null,
      overdue: open && today > a.due_day,
      decidedAt: iso(a.decided_at),
      version: a.version,
    };
  }

  async detailOf(a: ApplicationRow, forStaff = false): Promise<HallApplicationDetail> {
    const [summary, snap, materials, events] = await Promise.all([
      this.summaryOf(a),
      this.config.get(),
      materialsOf(this.p.db, a.id),
      applicationEvents(this.p.db, a.id),
    ]);
    const service = snap.services.get(a.service_id);
    const base = forStaff ? `/api/hall/applications/${a.id}/files` : `/api/citizen/applications/${a.id}/files`;
    return {
      ...summary,
      phone: a.phone_masked,
      details: a.details,
      decisionReason: a.decision_reason,
      correctionReason: a.correction_reason,
      correctionMaterials: a.correction_materials,
      materials: (service?.materials ?? []).map((m) => ({
        ...m,
        files: materials
          .filter((x) => x.material_code === m.code)
          .map((x) => ({
            fileId: x.file_id,
            contentType: x.content_type,
            size: x.size_bytes,
            round: x.round,
            addedAt: x.added_at.toISOString(),
            url: `${base}/${x.file_id}`,
          })),
      })),
      events: events.map((e) => ({ at: e.at.toISOString(), kind: e.kind, actorName: e.actor_name, note: e.note })),
    };
  }

  async mine(c: CitizenCtx) {
    const rows = await applicationsOfCitizen(this.p.db, c.citizen.citizenId);
    return Promise.all(rows.map((r) => this.summaryOf(r)));
  }

  async mineDetail(c: CitizenCtx, id: string) {
    return this.detailOf(await this.own(c, id));
  }

  private async file(a: ApplicationRow, fileId: string) {
    const materials = await materialsOf(this.p.db, a.id);
    if (!materials.some((m) => m.file_id === fileId)) throw notFound('file');
    const f = await readFile(this.p.db, fileId);
    if (!f) throw notFound('file');
    return f;
  }

  async mineFile(c: CitizenCtx, id: string, fileId: string) {
    return this.file(await this.own(c, id), fileId);
  }

  async resubmit(
    c: CitizenCtx,
    id: string,
    body: { materials: { code: string; fileId: string }[]; note?: string | undefined },
  ): Promise<HallApplicationDetail> {
    // The catalogue is read before the transaction: a cold cache would query outside it.
    const [cal, snap] = await Promise.all([this.config.calendar(), this.config.get()]);
    await this.p.db.tx(async (tx) => {
      const a = await getApplication(tx, id, true);
      if (!a || a.citizen_id !== c.citizen.citizenId) throw notFound('application');
      if (a.status !== 'needs_correction') throw conflict(`the application is ${a.status}`, 'application_state');
      const service = snap.services.get(a.service_id) ?? null;
      if (!service) throw notFound('service');
      await this.checkMaterials(tx, c, service, body.materials, a.correction_materials);
      const now = this.p.clock.now();
      const round = a.round + 1;
      const dueDay = this.dueDay(now, service, cal);
      await insertMaterials(tx, a.id, round, body.materials, now);
      await attachUploads(
        tx,
        body.materials.map((m) => m.fileId),
        a.id,
      );
      await updateApplication(tx, a.id, {
        status: 'submitted',
        round,
        last_submitted_at: now,
        due_day: dueDay,
        updated_at: now,
      });
      await insertApplicationEvent(tx, {
        applicationId: a.id,
        at: now,
        kind: 'resubmitted',
        actorUserId: null,
        actorName: a.applicant_name,
        note: body.note ?? null,
      });
      await this.scheduleDeadline(tx, { id: a.id, round, due_day: dueDay });
      await this.p.audit.record(
        { ...c.audit, stationId: a.station_id },
        { action: 'hall.application.resubmit', resourceType: 'hall_application', resourceId: a.id, details: { round } },
        tx,
      );
      this.live.application(tx, { ...a, status: 'submitted', due_day: dueDay }, 'resubmitted');
    });
    return this.detailOf(await this.load(id));
  }

  async withdraw(c: CitizenCtx, id: string): Promise<HallApplicationDetail> {
    await this.p.db.tx(async (tx) => {
      const a = await getApplication(tx, id, true);
      if (!a || a.citizen_id !== c.citizen.citizenId) throw notFound('application');
      if (![...OPEN, 'needs_correction'].includes(a.status))
        throw conflict(`the application is ${a.status}`, 'application_state');
      const now = this.p.clock.now();
      await updateApplication(tx, a.id, { status: 'withdrawn', updated_at: now });
      await insertApplicationEvent(tx, {
        applicationId: a.id,
        at: now,
        kind: 'withdrawn',
        actorUserId: null,
        actorName: a.applicant_name,
      });
      await this.p.jobs.cancel(tx, `hall.app:${a.id}:`);
      await this.p.audit.record(
        { ...c.audit, stationId: a.station_id },
        { action: 'hall.application.withdraw', resourceType: 'hall_application', resourceId: a.id },
        tx,
      );
      this.live.application(tx, { ...a, status: 'withdrawn' }, 'withdrawn');
    });
    return this.detailOf(await this.load(id));
  }

  // --------------------------------------------------------------- staff

  async list(
    ctx: Ctx,
    q: {
      status?: string | undefined;
      serviceId?: string | undefined;
      overdue?: string | undefined;
      q?: string | undefined;
      page: number;
      pageSize: number;
    },
  ) {
    const stationId = this.stations.staffStation(ctx);
    const today = localDay(this.p.clock.now());
    const { rows, total } = await listApplications(this.p.db, {
      stationId,
      ...(q.status ? { status: q.status } : {}),
      ...(q.serviceId ? { serviceId: q.serviceId } : {}),
      ...(q.overdue === 'true' ? { overdueBefore: today } : {}),
      ...(q.overdue === 'false' ? { onTime: today } : {}),
      ...(q.q ? { q: q.q } : {}),
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    await this.p.audit.record(ctx.audit, {
      action: 'hall.application.list',
      resourceType: 'hall_application',
      details: { count: rows.length, filter: { status: q.status ?? null, overdue: q.overdue ?? null } },
    });
    return { items: await Promise.all(rows.map((r) => this.summaryOf(r))), total, page: q.page, pageSize: q.pageSize };
  }

  private async staffRow(ctx: Ctx, id: string, tx?: Tx): Promise<ApplicationRow> {
    const stationId = this.stations.staffStation(ctx);
    const a = await getApplication(tx ?? this.p.db, id, Boolean(tx));
    if (!a || a.station_id !== stationId) throw notFound('application');
    return a;
  }

  async detail(ctx: Ctx, id: string) {
    const a = await this.staffRow(ctx, id);
    await this.p.audit.record(ctx.audit, {
      action: 'hall.application.read',
      resourceType: 'hall_application',
      resourceId: id,
    });
    return this.detailOf(a, true);
  }

  async staffFile(ctx: Ctx, id: string, fileId: string) {
    const a = await this.staffRow(ctx, id);
    const f = await this.file(a, fileId);
    await this.p.audit.record(ctx.audit, {
      action: 'hall.application.file_view',
      resourceType: 'hall_application',
      resourceId: id,
      details: { fileId },
    });
    return f;
  }

  private async decide(
    ctx: Ctx,
    id: string,
    version: number | undefined,
    from: ApplicationStatus[],
    fn: (
      tx: Tx,
      a: ApplicationRow,
      now: Date,
    ) => Promise<{ status: ApplicationStatus; kind: string; note: string | null }>,
  ): Promise<HallApplicationDetail> {
    await this.p.db.tx(async (tx) => {
      const a = await this.staffRow(ctx, id, tx);
      if (version !== undefined && version !== a.version) {
        throw conflict('the application was changed meanwhile: reload it', 'version_conflict');
      }
      if (!from.includes(a.status)) throw conflict(`the application is ${a.status}`, 'application_state');
      const now = this.p.clock.now();
      const r = await fn(tx, a, now);
      await insertApplicationEvent(tx, {
        applicationId: a.id,
        at: now,
        kind: r.kind,
        actorUserId: ctx.actor.userId,
        actorName: ctx.actor.displayName,
        note: r.note,
      });
      if (r.status !== 'in_review') await this.p.jobs.cancel(tx, `hall.app:${a.id}:`);
      await this.p.audit.record(
        ctx.audit,
        { action: `hall.application.${r.kind}`, resourceType: 'hall_application', resourceId: a.id },
        tx,
      );
      this.live.application(tx, { ...a, status: r.status }, r.kind);
    });
    return this.detailOf(await this.load(id), true);
  }

  accept(ctx: Ctx, id: string, version?: number) {
    return this.decide(ctx, id, version, ['submitted'], async (tx, a, now) => {
      await updateApplication(tx, a.id, { status: 'in_review', reviewer_user_id: ctx.actor.userId, updated_at: now });
      return { status: 'in_review', kind: 'accepted', note: null };
    });
  }

  async requestCorrection(ctx: Ctx, id: string, reason: string, codes: string[], version?: number) {
    // Read before the transaction opens: a cold catalogue cache would query outside it.
    const snap = await this.config.get();
    return this.decide(ctx, id, version, OPEN, async (tx, a, now) => {
      const service = snap.services.get(a.service_id) ?? null;
      const known = new Set(service?.materials.map((m) => m.code) ?? []);
      codes.forEach((code, i) => {
        if (!known.has(code)) throw fieldError(`body.materialCodes.${i}`, 'material_unknown', `no material ${code}`);
      });
      await updateApplication(tx, a.id, {
        status: 'needs_correction',
        correction_reason: reason,
        correction_materials: [...new Set(codes)],
        reviewer_user_id: ctx.actor.userId,
        updated_at: now,
      });
      return { status: 'needs_correction', kind: 'correction_requested', note: reason };
    });
  }

  approve(ctx: Ctx, id: string, note: string | null, version?: number) {
    return this.decide(ctx, id, version, OPEN, async (tx, a, now) => {
      await updateApplication(tx, a.id, {
        status: 'approved',
        decided_at: now,
        decision_reason: note,
        reviewer_user_id: ctx.actor.userId,
        updated_at: now,
      });
      return { status: 'approved', kind: 'approved', note };
    });
  }

  reject(ctx: Ctx, id: string, reason: string, version?: number) {
    return this.decide(ctx, id, version, OPEN, async (tx, a, now) => {
      await updateApplication(tx, a.id, {
        status: 'rejected',
        decided_at: now,
        decision_reason: reason,
        reviewer_user_id: ctx.actor.userId,
        updated_at: now,
      });
      return { status: 'rejected', kind: 'rejected', note: reason };
    });
  }

  /** Deadline timers: a reminder before the due day, the overdue mark after it; stale rounds do nothing. */
  async onDeadline(tx: Tx, applicationId: string, round: number, kind: 'remind' | 'overdue'): Promise<void> {
    const a = await getApplication(tx, applicationId, true);
    if (!a || a.round !== round || !OPEN.includes(a.status)) return;
    const now = this.p.clock.now();
    await updateApplication(tx, a.id, kind === 'remind' ? { reminded_at: now } : { overdue_at: now });
    await insertApplicationEvent(tx, {
      applicationId: a.id,
      at: now,
      kind: kind === 'remind' ? 'due_soon' : 'overdue',
      actorUserId: null,
      actorName: null,
    });
    await this.p.audit.record(
      { ...SYSTEM_ACTOR, stationId: a.station_id },
      {
        action: `hall.application.${kind === 'remind' ? 'due_soon' : 'overdue'}`,
        resourceType: 'hall_application',
        resourceId: a.id,
      },
      tx,
    );
    this.live.application(tx, a, kind === 'remind' ? 'due_soon' : 'overdue');
  }
}
