import { type AuditActor, SYSTEM_ACTOR } from '../../platform/audit/audit.types';
import type { Tx } from '../../platform/db/db';
import type { Platform } from '../../platform/platform';
import type { CameraTraffic } from './deps';
import {
  closeStaleEvidence,
  type EventRow,
  evidenceOf,
  getEvent,
  markHandedOff,
  markHandoffFailed,
  pendingHandoffs,
  recordTrafficDecision,
} from './events.repository';

/** An event whose worker has not completed its evidence this long after posting it is closed with what arrived. */
export const EVIDENCE_GRACE_MS = 5 * 60_000;

const KIND_ACT: Record<string, string> = {
  wrong_way: '逆向行驶',
  u_turn: '违法掉头',
  speed: '超速行驶',
  line_cross: '违反禁止标线指示',
  presence: '在禁行区域内行驶',
};

const VEHICLE: Record<string, 'small_car' | 'bus' | 'large_truck' | 'motorcycle' | 'other'> = {
  car: 'small_car',
  bus: 'bus',
  truck: 'large_truck',
  motorcycle: 'motorcycle',
};

const VEHICLE_ZH: Record<string, string> = { car: '小型汽车', bus: '客车', truck: '货车', motorcycle: '摩托车' };

/** The act in words and the code the reviewer is offered first (the reviewer still chooses). */
export function actOf(
  e: Pick<EventRow, 'kind' | 'rule_template' | 'speed_kmh' | 'dwell_seconds'>,
  limitKmh: number | null,
) {
  if (e.rule_template === 'emergency_lane_stop')
    return {
      act: `在高速公路应急车道停车${e.dwell_seconds ? `约${Math.round(e.dwell_seconds)}秒` : ''}`,
      code: '1088',
    };
  if (e.rule_template === 'no_stopping_zone')
    return { act: `在禁停区域停车${e.dwell_seconds ? `约${Math.round(e.dwell_seconds)}秒` : ''}`, code: '1039' };
  if (e.kind === 'speed') {
    const v = e.speed_kmh === null ? null : Number(e.speed_kmh);
    const over = v !== null && limitKmh ? v / limitKmh : null;
    return {
      act: `超速行驶${v !== null ? `，测得${Math.round(v)} km/h` : ''}${limitKmh ? `（限速${limitKmh} km/h）` : ''}`,
      code: over !== null && over >= 1.5 ? '1636' : over !== null && over >= 1.2 ? '1352' : null,
    };
  }
  if (e.kind === 'wrong_way') return { act: KIND_ACT.wrong_way ?? '', code: '1301' };
  if (e.kind === 'u_turn') return { act: KIND_ACT.u_turn ?? '', code: '1042' };
  if (e.kind === 'line_cross') return { act: KIND_ACT.line_cross ?? '', code: '1345' };
  return { act: KIND_ACT[e.kind] ?? '视频检测到的交通违法行为', code: null };
}

/**
 * Hands camera violations with a read plate to the traffic violation review
 * queue: the one place an officer reviews them. The event is stored with
 * handoff 'pending' in its own transaction; this service submits it right
 * after, and the sweep job retries whatever is still pending (a crash or a
 * failure between the two loses nothing). The traffic queue is idempotent
 * by event id, so a retry never makes a second record.
 */
export class HandoffService {
  private traffic: CameraTraffic | null = null;

  constructor(private readonly p: Platform) {}

  /** Wired in app.ts once the traffic module exists (it is created after this one). */
  connect(traffic: CameraTraffic): void {
    this.traffic = traffic;
  }

  async submit(eventId: string, audit: AuditActor): Promise<'submitted' | 'failed' | 'skipped'> {
    const traffic = this.traffic;
    if (!traffic) return 'skipped';
    const e = await getEvent(this.p.db, eventId);
    // A violation whose evidence is still arriving goes once it is complete (the after-frame and clip with it).
    if (e?.handoff !== 'pending' || !e.plate || e.evidence_pending) return 'skipped';
    try {
      const [evidence, limit] = await Promise.all([
        evidenceOf(this.p.db, eventId),
        this.p.db.query<{ limit: number | null }>(
          `SELECT (spec->>'speedLimitKmh')::real AS limit FROM camera_rules WHERE id = $1`,
          [e.rule_id],
        ),
      ]);
      const { act, code } = actOf(e, limit.rows[0]?.limit ?? null);
      const frames = evidence.filter((v) => v.role !== 'clip');
      const clip = evidence.find((v) => v.role === 'clip');
      const r = await traffic.submit({
        stationId: e.station_id,
        eventId: e.id,
        cameraCode: e.camera_code,
        plate: e.plate,
        vehicleType: VEHICLE[e.object_class ?? ''] ?? 'other',
        appearance: `${VEHICLE_ZH[e.object_class ?? ''] ?? '机动车'}（视频检测，置信度 ${Math.round(Number(e.confidence) * 100)}%）`,
        occurredAt: e.occurred_at,
        place: e.camera_name,
        point: [e.lng, e.lat],
        act,
        suggestedCode: code,
        evidence: [
          ...frames.map((v) => ({ fileId: v.file_id, kind: 'frame' as const, caption: ROLE_ZH[v.role] ?? v.role })),
          // The clip plays on the camera event's evidence page (audited with a purpose), not as an image here.
          ...(clip
            ? [{ ref: `camera-event:${e.id}#clip`, kind: 'video' as const, caption: '视频片段（在视频事件页查看）' }]
            : []),
          { ref: `camera-event:${e.id}`, kind: 'frame' as const, caption: `视频事件 ${e.id.slice(0, 8)}` },
        ],
        audit,
      });
      await markHandedOff(this.p.db, e.id, r.violationId);
      return 'submitted';
    } catch (err) {
      await markHandoffFailed(this.p.db, e.id, err instanceof Error ? err.message : String(err));
      this.p.log.warn({ err, eventId }, 'camera violation hand-off failed; the sweep retries it');
      return 'failed';
    }
  }

  /**
   * Events whose worker posted them but never completed their evidence (it
   * died, or lost the stream) within EVIDENCE_GRACE_MS are closed with what
   * arrived: a plate still pending is unreadable, so such a violation is
   * reviewed on the cameras side; one with a read plate is handed over.
   */
  async closeStaleEvidence(tx: Tx, now: Date): Promise<string[]> {
    const closed = await closeStaleEvidence(tx, new Date(now.getTime() - EVIDENCE_GRACE_MS), now);
    if (closed.length > 0)
      await this.p.audit.record(
        SYSTEM_ACTOR,
        { action: 'camera_event.evidence_close', resourceType: 'camera_event', details: { events: closed } },
        tx,
      );
    return closed;
  }

  /** The sweep: every violation still pending, oldest first. */
  async runPending(audit: AuditActor, limit = 100): Promise<number> {
    if (!this.traffic) return 0;
    let n = 0;
    for (const id of await pendingHandoffs(this.p.db, limit))
      if ((await this.submit(id, audit)) === 'submitted') n += 1;
    return n;
  }

  /**
   * The traffic reviewer decided: the decision is written on the event in the
   * reviewer's transaction, so the rule's false-alarm rate and the evidence
   * retention (confirmed violations are kept) follow it.
   */
  async decided(
    tx: Tx,
    d: {
      eventId: string;
      decision: 'confirmed' | 'rejected';
      reason: string | null;
      by: string | null;
      byName: string | null;
      at: Date;
    },
  ): Promise<void> {
    await recordTrafficDecision(tx, d);
  }
}

const ROLE_ZH: Record<string, string> = {
  before: '抓拍前帧',
  during: '抓拍帧（含目标框）',
  after: '抓拍后帧',
  plate: '号牌特写',
};
