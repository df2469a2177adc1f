import type { CameraEventView, CameraSummary, Rule, RuleTemplate, Shape } from '@fengqiao/contracts';
import type { CameraRow, RuleRow, ShapeRow } from './cameras.repository';
import type { EventRow } from './events.repository';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** A camera whose worker lease lapsed is offline whatever it last reported. */
export function effectiveStatus(c: CameraRow, now: Date): { status: CameraSummary['status']; reason: string | null } {
  if (!c.enabled) return { status: 'disabled', reason: null };
  const leased = c.lease_expires_at !== null && c.lease_expires_at.getTime() > now.getTime();
  if (!leased)
    return c.status === 'unknown' ? { status: 'unknown', reason: null } : { status: 'offline', reason: 'no_worker' };
  return { status: c.status, reason: c.status_reason };
}

export function cameraSummary(
  c: CameraRow,
  gridCode: string | null,
  ruleCount: number,
  events24h: number,
  now: Date,
): CameraSummary {
  const s = effectiveStatus(c, now);
  const leased = c.lease_expires_at !== null && c.lease_expires_at.getTime() > now.getTime();
  return {
    id: c.id,
    code: c.code,
    name: c.name,
    lng: c.lng,
    lat: c.lat,
    grid: c.grid_id && gridCode ? { id: c.grid_id, code: gridCode } : null,
    placeId: c.place_id,
    streamUrl: c.stream_url,
    mainStreamUrl: c.main_stream_url,
    directionDeg: c.direction_deg,
    enabledHours: c.enabled_hours,
    detectFps: Number(c.detect_fps),
    enabled: c.enabled,
    status: s.status,
    statusReason: s.reason,
    statusAt: iso(c.status_at),
    worker: leased ? c.worker_id : null,
    hasSnapshot: c.snapshot_file_id !== null,
    rules: ruleCount,
    events24h,
    version: c.version,
  };
}

export const shapeView = (s: ShapeRow): Shape => ({
  id: s.id,
  kind: s.kind,
  name: s.name,
  points: s.points,
  direction: s.direction,
});

export const ruleView = (r: RuleRow): Rule => ({
  id: r.id,
  cameraId: r.camera_id,
  name: r.name,
  template: r.template as RuleTemplate | null,
  spec: r.spec,
  categoryCode: r.category_code,
  raiseIncident: r.raise_incident,
  violation: r.violation,
  enabled: r.enabled,
  updatedAt: r.updated_at.toISOString(),
});

export function eventView(e: EventRow, incidentNumber: string | null): CameraEventView {
  return {
    id: e.id,
    camera: { id: e.camera_id, code: e.camera_code, name: e.camera_name },
    rule: { id: e.rule_id, name: e.rule_name, template: e.rule_template as RuleTemplate | null },
    kind: e.kind as CameraEventView['kind'],
    occurredAt: e.occurred_at.toISOString(),
    receivedAt: e.received_at.toISOString(),
    objectClass: e.object_class as CameraEventView['objectClass'],
    confidence: Number(e.confidence),
    bbox: e.bbox,
    count: e.object_count,
    speedKmh: e.speed_kmh === null ? null : Number(e.speed_kmh),
    dwellSeconds: e.dwell_seconds === null ? null : Number(e.dwell_seconds),
    plate: e.plate,
    plateStatus: e.plate_status,
    incidentId: e.incident_id,
    incidentNumber,
    violation: e.violation,
    review: {
      status: e.review_status,
      reason: e.review_reason,
      by: e.reviewed_by_name,
      at: iso(e.reviewed_at),
    },
    evidenceCount: e.evidence_count,
    evidencePending: e.evidence_pending,
    handoff: { status: e.handoff, violationId: e.handoff_violation_id, error: e.handoff_error },
  };
}
