import { randomUUID } from 'node:crypto';
import type {
  EvidenceRef,
  ViolationCodeView,
  ViolationPage,
  ViolationReportRequest,
  ViolationView,
} from '@fengqiao/contracts';
import {
  addCalendarDays,
  chinaDay,
  chinaInstant,
  csvField,
  EXPORT_COLUMNS,
  normalisePlate,
  REJECT_REASON_TEXT,
  type RejectReason,
  reviewDueAt,
  uncheckedFacts,
  VEHICLE_TYPE_TEXT,
  VEHICLE_TYPES,
  type VehicleType,
} from '@fengqiao/domain';
import type { AuditActor } from '../../platform/audit/audit.types';
import type { Tx } from '../../platform/db/db';
import { AppError, conflict, fieldError, forbidden, notFound } from '../../platform/errors';
import { readFile, storeFile } from '../../platform/files/files.service';
import type { Ctx, Platform } from '../../platform/platform';
import type { TrafficDeps } from './deps';
import {
  type CodeRow,
  confirmedBetween,
  getCode,
  getViolation,
  insertViolation,
  listCodes,
  listViolations,
  queueCounts,
  review,
  takeForExport,
  upsertCode,
  type ViolationRow,
} from './violations.repository';

const EVIDENCE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'video/mp4'] as const;
const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;

/** A violation a camera detected, as the cameras module submits it (see docs/traffic.md). */
export interface CameraViolationInput {
  stationId: string;
  /** The camera event's id: submitting it again returns the same violation. */
  eventId: string;
  cameraCode: string;
  plate: string;
  plateColour?: 'blue' | 'yellow' | 'green' | 'white' | 'black';
  vehicleType: VehicleType;
  appearance: string;
  occurredAt: Date;
  place: string;
  point: [number, number] | null;
  act: string;
  suggestedCode?: string | null;
  /** Evidence frames already stored in `files`, or references into the camera system. */
  evidence: { fileId?: string | null; ref?: string | null; kind: 'photo' | 'video' | 'frame'; caption: string }[];
  audit: AuditActor;
}

/** Told of each decision on a camera-detected violation, inside the reviewer's transaction. */
export type CameraReviewListener = (
  tx: Tx,
  d: {
    eventId: string;
    decision: 'confirmed' | 'rejected';
    reason: string | null;
    by: string | null;
    byName: string | null;
    at: Date;
  },
) => Promise<void>;

/**
 * The violation review queue: entries from patrol officers and cameras,
 * each with evidence showing the vehicle type, plate, appearance, time,
 * place and act; a reviewer confirms with a 4-digit code from the code
 * table (every fact ticked) or rejects with a reason, within 5 days;
 * confirmed violations leave in export batches for the enforcement system.
 */
export class ViolationsService {
  private readonly cameraReviewListeners: CameraReviewListener[] = [];

  /** The cameras module learns each decision on its violations (per-rule false-alarm rate, retention). */
  onCameraReview(fn: CameraReviewListener): void {
    this.cameraReviewListeners.push(fn);
  }

  constructor(
    private readonly p: Platform,
    private readonly deps: TrafficDeps,
  ) {}

  private stationOf(ctx: Ctx): string {
    if (!ctx.actor.stationId) throw forbidden('no station');
    return ctx.actor.stationId;
  }

  async uploadEvidence(ctx: Ctx, bytes: Buffer, name: string | null) {
    const stationId = this.stationOf(ctx);
    const now = this.p.clock.now();
    return this.p.db.tx(async (tx) => {
      const f = await storeFile(tx, bytes, {
        stationId,
        purpose: 'traffic.violation_evidence',
        createdBy: ctx.actor.userId,
        originalName: name,
        allowed: EVIDENCE_TYPES,
        maxBytes: EVIDENCE_MAX_BYTES,
        field: 'body.file',
        now,
      });
      await this.p.audit.record(
        ctx.audit,
        { action: 'traffic.violation.evidence', resourceType: 'file', resourceId: f.id, details: { size: f.size } },
        tx,
      );
      return { fileId: f.id, contentType: f.contentType, size: f.size };
    });
  }

  private checkTime(at: Date, path: string): void {
    const now = this.p.clock.now();
    if (at.getTime() > now.getTime() + 5 * 60_000) throw fieldError(path, 'in_future', 'the time is in the future');
    if (at.getTime() < now.getTime() - 90 * 86_400_000)
      throw fieldError(path, 'too_old', 'violations older than 90 days are not entered');
  }

  /** A patrol officer's entry; a replay of the same clientId returns the first. */
  async report(ctx: Ctx, b: ViolationReportRequest): Promise<{ status: number; body: ViolationView }> {
    const stationId = this.stationOf(ctx);
    const plate = normalisePlate(b.plate);
    if (!plate) throw fieldError('body.plate', 'plate_format', 'not a licence plate (e.g. 冀R12345)');
    const occurredAt = new Date(b.occurredAt);
    this.checkTime(occurredAt, 'body.occurredAt');
    if ((b.lng === undefined) !== (b.lat === undefined))
      throw fieldError('body.lat', 'required', 'give both coordinates');
    if (b.suggestedCode && !(await getCode(this.p.db, b.suggestedCode)))
      throw fieldError('body.suggestedCode', 'code_unknown', 'no such violation code');
    const files = await this.p.db.query<{
      id: string;
      station_id: string | null;
      purpose: string;
      content_type: string;
    }>('SELECT id, station_id, purpose, content_type FROM files WHERE id = ANY($1::uuid[])', [
      b.evidence.map((e) => e.fileId),
    ]);
    b.evidence.forEach((e, i) => {
      const f = files.rows.find((x) => x.id === e.fileId);
      if (!f || f.station_id !== stationId || f.purpose !== 'traffic.violation_evidence')
        throw fieldError(`body.evidence.${i}.fileId`, 'evidence_unknown', 'upload the evidence first');
    });
    const evidence: EvidenceRef[] = b.evidence.map((e) => {
      const f = files.rows.find((x) => x.id === e.fileId);
      return {
        fileId: e.fileId,
        ref: null,
        kind: f?.content_type === 'video/mp4' ? 'video' : 'photo',
        caption: e.caption,
      };
    });
    const grid =
      b.lng !== undefined && b.lat !== undefined
        ? ((await this.deps.lookup.lookup(b.lng, b.lat)).grid?.id ?? null)
        : null;
    const now = this.p.clock.now();
    const r = await this.p.db.tx(async (tx) => {
      const res = await insertViolation(tx, {
        stationId,
        source: 'patrol',
        sourceRef: `patrol:${b.clientId}`,
        plate,
        plateColour: b.plateColour,
        vehicleType: b.vehicleType,
        appearance: b.appearance,
        occurredAt,
        place: b.place,
        lng: b.lng ?? null,
        lat: b.lat ?? null,
        gridId: grid,
        act: b.act,
        suggestedCode: b.suggestedCode ?? null,
        evidence,
        enteredBy: ctx.actor.userId,
        now,
        dueAt: reviewDueAt(now),
        numberPrefix: `WF${chinaDay(now).replaceAll('-', '')}`,
      });
      if (res.created)
        await this.p.audit.record(
          ctx.audit,
          { action: 'traffic.violation.report', resourceType: 'violation', resourceId: res.id, details: { plate } },
          tx,
        );
      return res;
    });
    const row = await getViolation(this.p.db, r.id);
    if (!row) throw notFound('violation');
    return { status: r.created ? 201 : 200, body: this.view(row, await this.codeMap()) };
  }

  /**
   * For the cameras module: a camera-detected violation enters the queue
   * with its evidence references. Idempotent by the camera event id.
   */
  async submitFromCamera(v: CameraViolationInput): Promise<{ violationId: string; number: string; created: boolean }> {
    const plate = normalisePlate(v.plate);
    if (!plate) throw fieldError('plate', 'plate_format', 'not a licence plate');
    if (!(VEHICLE_TYPES as readonly string[]).includes(v.vehicleType))
      throw fieldError('vehicleType', 'vehicle_type', 'unknown vehicle type');
    if (v.evidence.length === 0) throw fieldError('evidence', 'required', 'a violation needs evidence');
    if (v.evidence.some((e) => !e.fileId && !e.ref))
      throw fieldError('evidence', 'evidence_empty', 'each piece of evidence names a file or a reference');
    this.checkTime(v.occurredAt, 'occurredAt');
    const grid = v.point ? ((await this.deps.lookup.lookup(v.point[0], v.point[1])).grid?.id ?? null) : null;
    const now = this.p.clock.now();
    const r = await this.p.db.tx(async (tx) => {
      const res = await insertViolation(tx, {
        stationId: v.stationId,
        source: 'camera',
        sourceRef: `camera-event:${v.eventId}`,
        plate,
        plateColour: v.plateColour ?? 'blue',
        vehicleType: v.vehicleType,
        appearance: v.appearance,
        occurredAt: v.occurredAt,
        place: `${v.place}（${v.cameraCode}）`,
        lng: v.point?.[0] ?? null,
        lat: v.point?.[1] ?? null,
        gridId: grid,
        act: v.act,
        suggestedCode: v.suggestedCode ?? null,
        evidence: v.evidence.map((e) => ({
          fileId: e.fileId ?? null,
          ref: e.ref ?? null,
          kind: e.kind,
          caption: e.caption,
        })),
        enteredBy: null,
        now,
        dueAt: reviewDueAt(now),
        numberPrefix: `WF${chinaDay(now).replaceAll('-', '')}`,
      });
      if (res.created)
        await this.p.audit.record(
          v.audit,
          {
            action: 'traffic.violation.camera',
            resourceType: 'violation',
            resourceId: res.id,
            details: { eventId: v.eventId, camera: v.cameraCode },
          },
          tx,
        );
      return res;
    });
    const row = await getViolation(this.p.db, r.id);
    return { violationId: r.id, number: row?.number ?? '', created: r.created };
  }

  async list(
    ctx: Ctx,
    f: { status?: string | undefined; overdue?: 'true' | 'false' | undefined; page: number; pageSize: number },
  ): Promise<ViolationPage> {
    const stationId = this.stationOf(ctx);
    const now = this.p.clock.now();
    const [{ rows, total }, counts, codes] = await Promise.all([
      listViolations(this.p.db, {
        stationId,
        status: f.status,
        overdueAt: f.overdue === 'true' ? now : undefined,
        page: f.page,
        pageSize: f.pageSize,
      }),
      queueCounts(this.p.db, stationId, now),
      this.codeMap(),
    ]);
    return { items: rows.map((r) => this.view(r, codes)), total, ...counts, page: f.page, pageSize: f.pageSize };
  }

  private async own(ctx: Ctx, id: string): Promise<ViolationRow> {
    const row = await getViolation(this.p.db, id);
    if (!row || row.station_id !== this.stationOf(ctx)) throw notFound('violation');
    return row;
  }

  async detail(ctx: Ctx, id: string): Promise<ViolationView> {
    const row = await this.own(ctx, id);
    await this.p.audit.record(ctx.audit, {
      action: 'traffic.violation.read',
      resourceType: 'violation',
      resourceId: row.id,
      details: { plate: row.plate },
    });
    return this.view(row, await this.codeMap());
  }

  async evidenceFile(ctx: Ctx, id: string, fileId: string) {
    const row = await this.own(ctx, id);
    if (!row.evidence.some((e) => e.fileId === fileId)) throw notFound('evidence');
    const f = await readFile(this.p.db, fileId);
    if (!f) throw notFound('evidence');
    return f;
  }

  async confirm(
    ctx: Ctx,
    id: string,
    b: { code: string; checkedFacts: string[]; version: number },
  ): Promise<ViolationView> {
    const row = await this.own(ctx, id);
    if (row.status !== 'pending') throw conflict('this violation has been reviewed', 'already_reviewed');
    const code = await getCode(this.p.db, b.code);
    if (!code?.active) throw fieldError('body.code', 'code_unknown', 'no active violation code with this number');
    const missing = uncheckedFacts(b.checkedFacts);
    if (missing.length > 0)
      throw new AppError(
        'validation',
        `the evidence must show: ${missing.join(', ')}`,
        missing.map((m) => ({ path: `body.checkedFacts.${m}`, code: 'fact_unchecked', message: `${m} not confirmed` })),
      );
    await this.decide(ctx, row, b.version, {
      status: 'confirmed',
      code: code.code,
      checkedFacts: b.checkedFacts,
      rejectReason: null,
      rejectNote: null,
    });
    return this.detail(ctx, id);
  }

  async reject(
    ctx: Ctx,
    id: string,
    b: { reason: RejectReason; note: string; version: number },
  ): Promise<ViolationView> {
    const row = await this.own(ctx, id);
    if (row.status !== 'pending') throw conflict('this violation has been reviewed', 'already_reviewed');
    if (b.reason === 'other' && b.note.length < 2) throw fieldError('body.note', 'required', 'say why');
    await this.decide(ctx, row, b.version, {
      status: 'rejected',
      code: null,
      checkedFacts: [],
      rejectReason: b.reason,
      rejectNote: b.note || null,
    });
    return this.detail(ctx, id);
  }

  private async decide(
    ctx: Ctx,
    row: ViolationRow,
    version: number,
    d: {
      status: 'confirmed' | 'rejected';
      code: string | null;
      checkedFacts: string[];
      rejectReason: string | null;
      rejectNote: string | null;
    },
  ) {
    const now = this.p.clock.now();
    await this.p.db.tx(async (tx) => {
      const ok = await review(tx, row.id, version, { ...d, by: ctx.actor.userId, at: now });
      if (!ok) throw conflict('someone reviewed or changed it meanwhile: reload', 'version_conflict');
      const eventId = row.source === 'camera' ? row.source_ref.replace(/^camera-event:/, '') : null;
      if (eventId)
        for (const l of this.cameraReviewListeners)
          await l(tx, {
            eventId,
            decision: d.status,
            reason: d.rejectReason
              ? [REJECT_REASON_TEXT[d.rejectReason as RejectReason]?.zh ?? d.rejectReason, d.rejectNote]
                  .filter(Boolean)
                  .join('：')
              : null,
            by: ctx.actor.userId,
            byName: ctx.actor.displayName,
            at: now,
          });
      await this.p.audit.record(
        ctx.audit,
        {
          action: `traffic.violation.${d.status === 'confirmed' ? 'confirm' : 'reject'}`,
          resourceType: 'violation',
          resourceId: row.id,
          details: { code: d.code, reason: d.rejectReason, overdue: row.due_at.getTime() < now.getTime() },
        },
        tx,
      );
    });
  }

  async codes(): Promise<ViolationCodeView[]> {
    return (await listCodes(this.p.db)).map(codeView);
  }

  async saveCode(
    ctx: Ctx,
    code: string,
    b: { nameZh: string; nameEn: string; points: number; fineMin: number; fineMax: number; active: boolean },
  ): Promise<ViolationCodeView> {
    if (!/^\d{4}$/.test(code)) throw fieldError('params.code', 'code_format', 'four digits');
    const now = this.p.clock.now();
    await this.p.db.tx(async (tx) => {
      await upsertCode(tx, { code, ...b }, now);
      await this.p.audit.record(
        ctx.audit,
        { action: 'traffic.violation_code.save', resourceType: 'violation_code', resourceId: code, details: b },
        tx,
      );
    });
    const row = await getCode(this.p.db, code);
    if (!row) throw notFound('code');
    return codeView(row);
  }

  /**
   * An export batch: every confirmed violation not exported before, stamped
   * with the batch id in the same transaction, as CSV (docs/traffic.md).
   * With a period, a re-export of the violations reviewed in it (nothing stamped).
   */
  async export(
    ctx: Ctx,
    b: { from?: string | undefined; to?: string | undefined },
  ): Promise<{ batch: string; csv: string; count: number }> {
    const stationId = this.stationOf(ctx);
    const now = this.p.clock.now();
    const stations = await this.deps.stations();
    const stationCode = stations.find((s) => s.id === stationId)?.code ?? '';
    const codes = await this.codeMap();
    let rows: ViolationRow[];
    let batch: string;
    if (b.from || b.to) {
      const from = b.from ?? addCalendarDays(chinaDay(now), -30);
      const to = b.to ?? chinaDay(now);
      if (from > to) throw fieldError('body.from', 'after_to', 'the period starts after it ends');
      rows = await confirmedBetween(
        this.p.db,
        stationId,
        chinaInstant(from, '00:00'),
        chinaInstant(addCalendarDays(to, 1), '00:00'),
      );
      batch = `R${from.replaceAll('-', '')}-${to.replaceAll('-', '')}`;
    } else {
      batch = `B${chinaDay(now).replaceAll('-', '')}-${randomUUID().slice(0, 8)}`;
      rows = await this.p.db.tx(async (tx) => {
        const taken = await takeForExport(tx, stationId, batch, now);
        await this.p.audit.record(
          ctx.audit,
          {
            action: 'traffic.violation.export',
            resourceType: 'violation_export',
            resourceId: batch,
            details: { count: taken.length },
          },
          tx,
        );
        return taken;
      });
    }
    const lines = [EXPORT_COLUMNS.join(',')];
    for (const r of rows) {
      const c = r.code ? codes.get(r.code) : undefined;
      lines.push(
        [
          r.number,
          r.plate,
          r.plate_colour,
          VEHICLE_TYPE_TEXT[r.vehicle_type as VehicleType]?.gaCode ?? '99',
          r.occurred_at.toISOString(),
          r.place,
          r.lng,
          r.lat,
          r.code,
          c?.points ?? null,
          c?.fine_min ?? null,
          c?.fine_max ?? null,
          r.source,
          r.evidence.length,
          r.reviewed_by_name,
          r.reviewed_at?.toISOString() ?? null,
          stationCode,
        ]
          .map((v) => csvField(v ?? null))
          .join(','),
      );
    }
    return { batch, csv: `\uFEFF${lines.join('\r\n')}\r\n`, count: rows.length };
  }

  private async codeMap(): Promise<Map<string, CodeRow>> {
    return new Map((await listCodes(this.p.db)).map((c) => [c.code, c]));
  }

  private view(r: ViolationRow, codes: Map<string, CodeRow>): ViolationView {
    const now = this.p.clock.now();
    const code = r.code ? codes.get(r.code) : undefined;
    return {
      id: r.id,
      number: r.number,
      source: r.source,
      sourceRef: r.source_ref,
      status: r.status,
      plate: r.plate,
      plateColour: r.plate_colour,
      vehicleType: r.vehicle_type as VehicleType,
      appearance: r.appearance,
      occurredAt: r.occurred_at.toISOString(),
      place: r.place,
      point: r.lng !== null && r.lat !== null ? [r.lng, r.lat] : null,
      act: r.act,
      suggestedCode: r.suggested_code,
      evidence: r.evidence,
      enteredBy: r.entered_by_name ?? (r.source === 'camera' ? null : null),
      enteredAt: r.entered_at.toISOString(),
      dueAt: r.due_at.toISOString(),
      overdue: r.status === 'pending' && r.due_at.getTime() < now.getTime(),
      reviewedBy: r.reviewed_by_name,
      reviewedAt: r.reviewed_at?.toISOString() ?? null,
      code: code ? codeView(code) : null,
      checkedFacts: r.checked_facts,
      rejectReason: (r.reject_reason as RejectReason | null) ?? null,
      rejectNote: r.reject_note,
      exportedAt: r.exported_at?.toISOString() ?? null,
      version: r.version,
    };
  }
}

function codeView(c: CodeRow): ViolationCodeView {
  return {
    code: c.code,
    nameZh: c.name_zh,
    nameEn: c.name_en,
    points: c.points,
    fineMin: c.fine_min,
    fineMax: c.fine_max,
    active: c.active,
  };
}
