import { createHash, timingSafeEqual } from 'node:crypto';
import type {
  CameraAssignment,
  ClaimResponse,
  EventAccepted,
  EventRequest,
  EvidenceAppended,
  EvidenceAppendRequest,
  HeartbeatResponse,
} from '@fengqiao/contracts';
import { EvidenceAppendRequest as AppendSchema, EventRequest as EventSchema } from '@fengqiao/contracts';
import type { FastifyRequest } from 'fastify';
import type { AuditActor } from '../../platform/audit/audit.types';
import { AppError, conflict, fieldError, notFound } from '../../platform/errors';
import { storeFile } from '../../platform/files/files.service';
import type { Platform } from '../../platform/platform';
import { incidentNumbers } from '../incidents';
import type { CamerasConfig } from './cameras.config';
import { camerasByIds, getCamera, getRule, rulesOf, setSnapshot, setStatus, shapesOf } from './cameras.repository';
import type { CamerasDeps } from './deps';
import {
  type EventRow,
  evidenceRoles,
  getEvent,
  insertEvent,
  insertEvidence,
  lockEvent,
  setEventIncident,
  updateAppendedEvent,
} from './events.repository';
import type { HandoffService } from './handoff.service';
import type { CameraHealthService } from './health.service';
import { claimCameras, holdsLease, releaseLeases, renewLeases } from './leases.repository';
import { useToken } from './tokens.repository';
import { ruleView, shapeView } from './views';

export const EVIDENCE_MAX_BYTES = 4 * 1024 * 1024;

const KIND_ZH: Record<string, string> = {
  presence: '目标出现',
  dwell: '违法停留',
  line_cross: '越线',
  wrong_way: '逆行',
  u_turn: '违法掉头',
  speed: '超速',
  intrusion: '夜间闯入',
  crowd: '人员聚集',
  loiter: '可疑徘徊',
};

/**
 * The worker protocol. Workers are separate processes (a model crash never
 * takes the command room down); they authenticate with the shared vision
 * token, lease cameras, renew the leases with heartbeats that also report
 * each stream's health, and post events with their evidence.
 */
export class WorkersService {
  private readonly tokenHash: Buffer | null;

  constructor(
    private readonly p: Platform,
    private readonly deps: CamerasDeps,
    private readonly config: CamerasConfig,
    private readonly health: CameraHealthService,
    private readonly handoff: HandoffService,
  ) {
    this.tokenHash = config.workerToken ? createHash('sha256').update(config.workerToken).digest() : null;
  }

  /**
   * Checks the bearer token: the configured one (constant time) or one the
   * system administrator issued (looked up by its hash). The audit actor names the worker.
   */
  async authenticate(req: FastifyRequest, workerId: string): Promise<AuditActor> {
    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    const given = createHash('sha256').update(token).digest();
    const configured = this.tokenHash !== null && token !== '' && timingSafeEqual(given, this.tokenHash);
    const issued =
      !configured && token.length >= 24 && (await useToken(this.p.db, given.toString('hex'), this.p.clock.now()));
    if (!configured && !issued)
      throw new AppError('unauthorized', 'a vision worker token is required', undefined, 'worker_token');
    return { userId: null, name: `vision:${workerId}`, roles: [], stationId: null, ip: req.ip, requestId: req.id };
  }

  private async assignments(ids: string[]): Promise<CameraAssignment[]> {
    const [cams, shapes, rules] = await Promise.all([
      camerasByIds(this.p.db, ids),
      shapesOf(this.p.db, ids),
      rulesOf(this.p.db, ids),
    ]);
    return cams.map((c) => ({
      id: c.id,
      code: c.code,
      name: c.name,
      streamUrl: c.stream_url,
      mainStreamUrl: c.main_stream_url,
      detectFps: Number(c.detect_fps),
      enabledHours: c.enabled_hours,
      shapes: shapes.filter((s) => s.camera_id === c.id).map(shapeView),
      rules: rules.filter((r) => r.camera_id === c.id && r.enabled).map(ruleView),
      leaseExpiresAt: (c.lease_expires_at ?? new Date()).toISOString(),
      hasSnapshot: c.snapshot_file_id !== null,
      version: String(c.config_version),
    }));
  }

  async claim(audit: AuditActor, workerId: string, max: number): Promise<ClaimResponse> {
    const now = this.p.clock.now();
    const ids = await this.p.db.tx(async (tx) => {
      const got = await claimCameras(tx, workerId, max, now, this.config.leaseMs);
      if (got.length > 0)
        await this.p.audit.record(
          audit,
          { action: 'camera.lease', resourceType: 'camera', details: { workerId, cameras: got } },
          tx,
        );
      return got;
    });
    return { cameras: await this.assignments(ids), leaseSeconds: this.config.leaseMs / 1000 };
  }

  async heartbeat(
    workerId: string,
    cameras: { id: string; status: 'online' | 'offline'; reason: string | null; version?: string | undefined }[],
  ): Promise<HeartbeatResponse> {
    const now = this.p.clock.now();
    const ids = cameras.map((c) => c.id);
    const kept = await this.p.db.tx(async (tx) => {
      const renewed = await renewLeases(tx, workerId, ids, now, this.config.leaseMs);
      const keptSet = new Set(renewed);
      for (const c of cameras) {
        if (!keptSet.has(c.id) || !(await setStatus(tx, c.id, c.status, c.reason, now))) continue;
        const row = await getCamera(tx, c.id);
        if (row) this.health.publish(tx, { ...row, status: c.status, status_reason: c.reason, status_at: now });
      }
      return renewed;
    });
    const keptSet = new Set(kept);
    const current = await camerasByIds(this.p.db, kept);
    const version = new Map(current.map((c) => [c.id, String(c.config_version)]));
    return {
      kept,
      lost: ids.filter((id) => !keptSet.has(id)),
      changed: cameras
        .filter((c) => keptSet.has(c.id) && c.version !== undefined && version.get(c.id) !== c.version)
        .map((c) => c.id),
      leaseSeconds: this.config.leaseMs / 1000,
    };
  }

  /** A worker stopping hands its cameras back: they have no worker until the next claim. */
  async release(workerId: string, ids: string[]): Promise<void> {
    const now = this.p.clock.now();
    await this.p.db.tx(async (tx) => {
      const gone = await releaseLeases(tx, workerId, ids);
      for (const id of gone) {
        if (!(await setStatus(tx, id, 'offline', 'no_worker', now))) continue;
        const row = await getCamera(tx, id);
        if (row) this.health.publish(tx, { ...row, status: 'offline', status_reason: 'no_worker', status_at: now });
      }
    });
  }

  /** The worker sends the first frame it decodes when the camera has no snapshot to draw on. */
  async snapshot(audit: AuditActor, workerId: string, cameraId: string, bytes: Buffer): Promise<void> {
    const now = this.p.clock.now();
    if (!(await holdsLease(this.p.db, workerId, cameraId, now)))
      throw conflict('this worker holds no lease on the camera', 'no_lease');
    const c = await getCamera(this.p.db, cameraId);
    if (!c) throw notFound('camera');
    await this.p.db.tx(async (tx) => {
      const f = await storeFile(tx, bytes, {
        stationId: c.station_id,
        purpose: 'camera_snapshot',
        createdBy: null,
        allowed: ['image/jpeg', 'image/png'],
        maxBytes: EVIDENCE_MAX_BYTES,
        field: 'data',
        now,
      });
      await setSnapshot(tx, cameraId, f.id, now);
      await this.p.audit.record(
        audit,
        { action: 'camera.snapshot', resourceType: 'camera', resourceId: cameraId, details: { sha256: f.sha256 } },
        tx,
      );
    });
  }

  /**
   * Stores an event and its evidence once (the worker's event id is the key),
   * then raises the command-room incident through the intake with an
   * idempotency key derived from the event. A replay returns the first
   * answer and only retries the incident if it failed the first time.
   */
  async event(audit: AuditActor, raw: EventRequest): Promise<{ status: 200 | 201; body: EventAccepted }> {
    const e = EventSchema.parse(raw);
    const now = this.p.clock.now();
    const camera = await getCamera(this.p.db, e.cameraId);
    if (!camera) throw notFound('camera');
    const rule = await getRule(this.p.db, e.ruleId);
    if (!rule || rule.camera_id !== camera.id)
      throw fieldError('body.ruleId', 'unknown_rule', 'no such rule on this camera');
    const existing = await getEvent(this.p.db, e.eventId);
    if (!existing && !(await holdsLease(this.p.db, e.workerId, camera.id, now)))
      throw conflict('this worker holds no lease on the camera', 'no_lease');
    const occurredAt = new Date(e.occurredAt);
    if (occurredAt.getTime() > now.getTime() + 60_000)
      throw fieldError('body.occurredAt', 'in_future', 'the event time is in the future');
    if (e.plateStatus === 'pending' && !e.evidencePending)
      throw fieldError('body.plateStatus', 'pending_without_evidence', 'a pending plate needs evidencePending');
    const files = decodeEvidence(e.evidence);
    const created = await this.p.db.tx(async (tx) => {
      const inserted = await insertEvent(tx, {
        id: e.eventId,
        stationId: camera.station_id,
        cameraId: camera.id,
        ruleId: rule.id,
        kind: e.kind,
        occurredAt,
        receivedAt: now,
        workerId: e.workerId,
        trackId: e.trackId,
        objectClass: e.objectClass,
        confidence: e.confidence,
        bbox: e.bbox,
        count: e.count,
        speedKmh: e.speedKmh,
        dwellSeconds: e.dwellSeconds,
        plate: e.plate,
        plateStatus: e.plateStatus,
        violation: rule.violation,
        // A violation with a read plate goes to the traffic review queue; without one it is reviewed here.
        // A plate still being read (the append brings it) keeps the hand-off pending until the evidence is complete.
        handoff: !rule.violation
          ? 'none'
          : (e.plateStatus === 'read' && e.plate) || e.plateStatus === 'pending'
            ? 'pending'
            : 'no_plate',
        evidencePending: e.evidencePending,
      });
      if (!inserted) return false;
      let sort = 0;
      for (const [i, v] of files.entries()) {
        const f = await storeFile(tx, v.bytes, {
          stationId: camera.station_id,
          purpose: 'camera_evidence',
          createdBy: null,
          allowed: v.role === 'clip' ? ['video/mp4'] : ['image/jpeg', 'image/png'],
          maxBytes: EVIDENCE_MAX_BYTES,
          field: `body.evidence.${i}.data`,
          now,
        });
        sort += 1;
        await insertEvidence(tx, e.eventId, f.id, v.role, new Date(v.capturedAt), f.sha256, sort, v.regions);
      }
      await this.p.audit.record(
        audit,
        {
          action: 'camera_event.receive',
          resourceType: 'camera_event',
          resourceId: e.eventId,
          details: {
            cameraId: camera.id,
            ruleId: rule.id,
            kind: e.kind,
            evidence: files.length,
            evidencePending: e.evidencePending,
          },
        },
        tx,
      );
      return true;
    });
    let stored = await getEvent(this.p.db, e.eventId);
    if (!stored) throw notFound('event');
    if (rule.raise_incident && !stored.incident_id) {
      const what = [
        e.objectClass ? `目标：${e.objectClass}` : '',
        e.speedKmh !== null ? `速度 ${Math.round(e.speedKmh)} km/h` : '',
        e.count !== null ? `人数 ${e.count}` : '',
        e.dwellSeconds !== null ? `停留 ${Math.round(e.dwellSeconds)} 秒` : '',
        e.plateStatus === 'read' && e.plate
          ? `号牌 ${e.plate}`
          : e.plateStatus === 'unreadable'
            ? '号牌无法识别'
            : e.plateStatus === 'pending'
              ? '号牌识别中（见视频事件证据）'
              : '',
      ]
        .filter(Boolean)
        .join('；');
      const result = await this.deps.intake.create(
        { stationId: camera.station_id, userId: null, name: `camera:${camera.code}`, audit },
        {
          source: 'camera',
          sourceRef: `camera_event:${e.eventId}`,
          categoryCode: rule.category_code,
          summary: `${camera.name}：${KIND_ZH[e.kind] ?? e.kind}（${rule.name}）`.slice(0, 200),
          description: [`视频预警，置信度 ${(e.confidence * 100).toFixed(0)}%`, what].filter(Boolean).join('\n'),
          address: camera.name,
          location: { lng: camera.lng, lat: camera.lat, crs: 'WGS84' },
          persons: [],
          vehicles: [],
          reportedAt: occurredAt.toISOString(),
          dispatch: 'none',
        },
        { idempotencyKey: `camera-event:${e.eventId}` },
      );
      await setEventIncident(this.p.db, e.eventId, result.incidentId);
      stored = (await getEvent(this.p.db, e.eventId)) ?? stored;
    }
    // After the event committed with handoff 'pending' and its evidence complete: a failure here is retried
    // by the sweep job; with evidence still to come, the append that completes it submits.
    if (stored.handoff === 'pending' && !stored.evidence_pending) await this.handoff.submit(stored.id, audit);
    const numbers = await incidentNumbers(this.p.db, stored.incident_id ? [stored.incident_id] : []);
    return {
      status: created ? 201 : 200,
      body: {
        eventId: stored.id,
        created,
        incidentId: stored.incident_id,
        incidentNumber: stored.incident_id ? (numbers.get(stored.incident_id) ?? null) : null,
      },
    };
  }

  /**
   * Evidence that follows an accepted event: the after-frame, the clip, the
   * plate close-up and the plate reading. Idempotent for worker retries:
   * an event holds one item per role, and a role it already has is reported
   * as a duplicate and not stored again (stored evidence is never replaced,
   * so its recorded SHA-256 stays the one to verify). Appends to one event
   * are serialised by locking its row. Only the worker that posted the event,
   * or the one that holds the camera's lease now (a restarted worker), may
   * append. Closing the evidence hands a violation with a read plate to the
   * traffic queue.
   */
  async appendEvidence(audit: AuditActor, eventId: string, raw: EvidenceAppendRequest): Promise<EvidenceAppended> {
    const b = AppendSchema.parse(raw);
    const now = this.p.clock.now();
    const event = await getEvent(this.p.db, eventId);
    if (!event) throw notFound('event');
    if (event.worker_id !== b.workerId && !(await holdsLease(this.p.db, b.workerId, event.camera_id, now)))
      throw conflict('only the worker that posted the event or holds the camera may add evidence', 'not_event_worker');
    const files = decodeEvidence(b.evidence);
    const r = await this.p.db.tx(async (tx) => {
      const e = await lockEvent(tx, eventId);
      if (!e) throw notFound('event');
      const { roles, nextSort } = await evidenceRoles(tx, eventId);
      const stored: EvidenceAppended['stored'] = [];
      const duplicates: EvidenceAppended['duplicates'] = [];
      const hashes: string[] = [];
      let sort = nextSort;
      for (const [i, v] of files.entries()) {
        if (roles.has(v.role)) {
          duplicates.push(v.role);
          continue;
        }
        const f = await storeFile(tx, v.bytes, {
          stationId: e.station_id,
          purpose: 'camera_evidence',
          createdBy: null,
          allowed: v.role === 'clip' ? ['video/mp4'] : ['image/jpeg', 'image/png'],
          maxBytes: EVIDENCE_MAX_BYTES,
          field: `body.evidence.${i}.data`,
          now,
        });
        await insertEvidence(tx, eventId, f.id, v.role, new Date(v.capturedAt), f.sha256, sort, v.regions);
        sort += 1;
        roles.set(v.role, f.sha256);
        stored.push(v.role);
        hashes.push(f.sha256);
      }
      // The reading replaces a pending one only while the evidence is open; afterwards the plate is settled.
      let plate = e.plate;
      let plateStatus: EventRow['plate_status'] = e.plate_status;
      if (e.evidence_pending && e.plate_status === 'pending' && b.plateStatus !== undefined) {
        plateStatus = b.plateStatus;
        plate = b.plateStatus === 'read' ? (b.plate ?? null) : null;
      }
      const close = e.evidence_pending && b.complete;
      if (close && plateStatus === 'pending') plateStatus = 'unreadable';
      let handoff = e.handoff;
      if (handoff === 'pending' && plateStatus !== 'pending' && !(plateStatus === 'read' && plate))
        handoff = 'no_plate';
      const plateChanged = plate !== e.plate || plateStatus !== e.plate_status;
      if (stored.length > 0 || close || plateChanged) {
        await updateAppendedEvent(tx, eventId, { plate, plateStatus, handoff, close, now });
        await this.p.audit.record(
          audit,
          {
            action: 'camera_event.evidence_append',
            resourceType: 'camera_event',
            resourceId: eventId,
            details: {
              stored,
              sha256: hashes,
              duplicates,
              plateStatus: plateChanged ? plateStatus : undefined,
              complete: close,
            },
          },
          tx,
        );
        // The incident said the plate was still being read: its history gets the outcome.
        // (The worker appends only after the event's answer, which comes after its incident is linked.)
        if (plateChanged && event.incident_id && plateStatus !== 'pending')
          await this.deps.intake.machineNote(
            tx,
            event.incident_id,
            `camera:${event.camera_code}`,
            plateStatus === 'read' && plate ? `号牌识别结果：${plate}` : '号牌无法识别',
            audit,
          );
        tx.afterCommit(() =>
          this.p.bus.publish({
            topic: 'cameras.evidence',
            payload: { eventId, roles: stored, evidencePending: e.evidence_pending && !close },
            scope: { stationId: e.station_id, gridIds: event.grid_id ? [event.grid_id] : [] },
            at: now.toISOString(),
          }),
        );
      }
      return {
        eventId,
        stored,
        duplicates,
        evidenceCount: roles.size,
        evidencePending: e.evidence_pending && !close,
        plate,
        plateStatus,
        handoff,
      };
    });
    // After commit: a violation whose evidence is now complete goes to the traffic queue (the sweep retries a failure).
    if (r.handoff === 'pending' && !r.evidencePending) await this.handoff.submit(eventId, audit);
    return {
      eventId: r.eventId,
      stored: r.stored,
      duplicates: r.duplicates,
      evidenceCount: r.evidenceCount,
      evidencePending: r.evidencePending,
      plate: r.plate,
      plateStatus: r.plateStatus,
    };
  }
}

/** Base64 evidence to bytes, refusing items over the file limit by their field. */
function decodeEvidence<T extends { data: string }>(items: T[]): (T & { bytes: Buffer })[] {
  return items.map((v, i) => {
    const bytes = Buffer.from(v.data, 'base64');
    if (bytes.length > EVIDENCE_MAX_BYTES)
      throw fieldError(`body.evidence.${i}.data`, 'file_too_large', 'evidence larger than 4 MB');
    return { ...v, bytes };
  });
}
