import { z } from 'zod';
import { Uuid } from './common.contract';

/**
 * The AI camera network: the camera registry, shapes drawn on a snapshot
 * (zones, lines with a crossing direction, masks), rules composed from them,
 * the worker protocol (leases, heartbeats, events with evidence) and the
 * violation review queue.
 *
 * Coordinates on the image are normalised to [0, 1] (x right, y down) so a
 * rule drawn on the main stream's snapshot applies unchanged to the
 * sub-stream the worker detects on.
 */
export const OBJECT_CLASSES = ['person', 'bicycle', 'car', 'motorcycle', 'bus', 'truck'] as const;
export const ObjectClass = z.enum(OBJECT_CLASSES);
export type ObjectClass = z.infer<typeof ObjectClass>;

export const RULE_KINDS = [
  'presence',
  'dwell',
  'line_cross',
  'wrong_way',
  'u_turn',
  'speed',
  'intrusion',
  'crowd',
  'loiter',
] as const;
export const RuleKind = z.enum(RULE_KINDS);
export type RuleKind = z.infer<typeof RuleKind>;

export const RULE_TEMPLATES = [
  'pedestrian_on_carriageway',
  'emergency_lane_stop',
  'no_stopping_zone',
  'wrong_way',
  'illegal_u_turn',
  'speeding',
  'night_intrusion',
  'crowd_gathering',
  'loitering',
] as const;
export const RuleTemplate = z.enum(RULE_TEMPLATES);
export type RuleTemplate = z.infer<typeof RuleTemplate>;

/** Which way across a line counts: from the left of A→B to its right, the reverse, or either. */
export const CrossingDirection = z.enum(['any', 'left_to_right', 'right_to_left']);
export type CrossingDirection = z.infer<typeof CrossingDirection>;

const Unit = z.number().min(0).max(1);
export const ImagePoint = z.tuple([Unit, Unit]);
export type ImagePoint = z.infer<typeof ImagePoint>;
const HhMm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
export const TimeWindow = z.object({ from: HhMm, to: HhMm });
export type TimeWindow = z.infer<typeof TimeWindow>;

export const ShapeKind = z.enum(['zone', 'line', 'mask']);
export type ShapeKind = z.infer<typeof ShapeKind>;
export const ShapeInput = z
  .object({
    kind: ShapeKind,
    name: z.string().trim().min(1).max(60),
    points: z.array(ImagePoint).min(2).max(40),
    /** Lines only: the direction that is "forward" for wrong-way and crossing rules. */
    direction: CrossingDirection.default('any'),
  })
  .superRefine((s, ctx) => {
    if (s.kind === 'line' && s.points.length !== 2)
      ctx.addIssue({ code: 'custom', path: ['points'], message: 'a line has exactly two points' });
    if (s.kind !== 'line' && s.points.length < 3)
      ctx.addIssue({ code: 'custom', path: ['points'], message: 'a zone or mask needs at least three points' });
  });
export type ShapeInput = z.infer<typeof ShapeInput>;
export const Shape = z.object({
  id: Uuid,
  kind: ShapeKind,
  name: z.string(),
  points: z.array(ImagePoint),
  direction: CrossingDirection,
});
export type Shape = z.infer<typeof Shape>;

/**
 * A rule: what must be seen (class, confidence, where, how long, which way,
 * how fast, when, how many) for an event. Which fields matter depends on the
 * kind; `cooldownSeconds` is the hysteresis that keeps one parked car from
 * alerting again every minute.
 */
export const RuleSpec = z
  .object({
    kind: RuleKind,
    classes: z.array(ObjectClass).min(1).max(6),
    minConfidence: z.number().min(0.05).max(0.99).default(0.4),
    zoneId: Uuid.nullable().default(null),
    lineId: Uuid.nullable().default(null),
    /** Speed: the second line, `distanceM` metres after the first along the road. */
    secondLineId: Uuid.nullable().default(null),
    distanceM: z.number().positive().max(1000).nullable().default(null),
    speedLimitKmh: z.number().positive().max(300).nullable().default(null),
    direction: CrossingDirection.default('any'),
    dwellSeconds: z.number().min(0).max(3600).default(0),
    minCount: z.number().int().min(1).max(1000).default(1),
    timeWindow: TimeWindow.nullable().default(null),
    cooldownSeconds: z.number().int().min(0).max(86_400).default(300),
  })
  .superRefine((r, ctx) => {
    const need = (field: 'zoneId' | 'lineId' | 'secondLineId' | 'distanceM' | 'speedLimitKmh' | 'timeWindow') => {
      if (r[field] === null) ctx.addIssue({ code: 'custom', path: [field], message: `${r.kind} needs ${field}` });
    };
    if (['presence', 'dwell', 'intrusion', 'crowd', 'loiter'].includes(r.kind)) need('zoneId');
    if (['line_cross', 'wrong_way', 'u_turn'].includes(r.kind)) need('lineId');
    if (r.kind === 'speed') {
      need('lineId');
      need('secondLineId');
      need('distanceM');
      need('speedLimitKmh');
    }
    if (r.kind === 'intrusion') need('timeWindow');
    if (r.kind === 'wrong_way' && r.direction === 'any')
      ctx.addIssue({ code: 'custom', path: ['direction'], message: 'wrong way needs the forbidden direction' });
  });
export type RuleSpec = z.infer<typeof RuleSpec>;
export type RuleSpecInput = z.input<typeof RuleSpec>;

export const RuleInput = z.object({
  name: z.string().trim().min(1).max(80),
  template: RuleTemplate.nullable().default(null),
  spec: RuleSpec,
  /** The command-room category of the incident an alert raises. */
  categoryCode: z.string().min(1).max(60),
  /** Alerts raise an incident in the command room. */
  raiseIncident: z.boolean().default(true),
  /** Violations go to the officers' review queue. */
  violation: z.boolean().default(false),
  enabled: z.boolean().default(true),
});
export type RuleInput = z.input<typeof RuleInput>;
export const Rule = z.object({
  id: Uuid,
  cameraId: Uuid,
  name: z.string(),
  template: RuleTemplate.nullable(),
  spec: RuleSpec,
  categoryCode: z.string(),
  raiseIncident: z.boolean(),
  violation: z.boolean(),
  enabled: z.boolean(),
  updatedAt: z.string(),
});
export type Rule = z.infer<typeof Rule>;

/** A shipped template: the rule a scene needs, with the shapes it asks the officer to draw. */
export const TemplateView = z.object({
  id: RuleTemplate,
  kind: RuleKind,
  needs: z.array(z.enum(['zone', 'line', 'secondLine'])),
  defaults: RuleSpec,
  categoryCode: z.string(),
  raiseIncident: z.boolean(),
  violation: z.boolean(),
});
export type TemplateView = z.infer<typeof TemplateView>;

export const CameraStatus = z.enum(['unknown', 'online', 'offline', 'disabled']);
export type CameraStatus = z.infer<typeof CameraStatus>;
const StreamUrl = z
  .string()
  .trim()
  .max(500)
  .regex(/^(rtsp|rtsps|http|https|file):\/\/\S+$/, 'rtsp://, http(s):// or file:// URL');
export const CameraInput = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{2,32}$/, '2-32 letters, digits, - or _'),
  name: z.string().trim().min(2).max(80),
  lng: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
  placeId: Uuid.nullable().default(null),
  /** The low-resolution sub-stream the detector runs on. */
  streamUrl: StreamUrl,
  /** The main stream evidence frames come from (the sub-stream when absent). */
  mainStreamUrl: StreamUrl.nullable().default(null),
  /** Compass bearing of the view, degrees clockwise from north. */
  directionDeg: z.number().int().min(0).max(359).nullable().default(null),
  enabledHours: TimeWindow.nullable().default(null),
  detectFps: z.number().min(0.5).max(15).default(5),
  enabled: z.boolean().default(true),
});
export type CameraInput = z.input<typeof CameraInput>;

export const CameraSummary = z.object({
  id: Uuid,
  code: z.string(),
  name: z.string(),
  lng: z.number(),
  lat: z.number(),
  grid: z.object({ id: Uuid, code: z.string() }).nullable(),
  placeId: Uuid.nullable(),
  streamUrl: z.string(),
  mainStreamUrl: z.string().nullable(),
  directionDeg: z.number().nullable(),
  enabledHours: TimeWindow.nullable(),
  detectFps: z.number(),
  enabled: z.boolean(),
  status: CameraStatus,
  statusReason: z.string().nullable(),
  statusAt: z.string().nullable(),
  worker: z.string().nullable(),
  hasSnapshot: z.boolean(),
  rules: z.number().int(),
  events24h: z.number().int(),
  version: z.number().int(),
});
export type CameraSummary = z.infer<typeof CameraSummary>;
export const CameraDetail = CameraSummary.extend({
  shapes: z.array(Shape),
  rules: z.array(Rule),
  ruleCount: z.number().int(),
});
export type CameraDetail = z.infer<typeof CameraDetail>;

export const EventKindCounts = z.record(z.string(), z.number().int());

// ------------------------------------------------------------ worker protocol
export const WorkerId = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._:-]{3,64}$/);
export const ClaimRequest = z.object({ workerId: WorkerId, max: z.number().int().min(1).max(64).default(8) });
/** What a worker needs to watch a camera. */
export const CameraAssignment = z.object({
  id: Uuid,
  code: z.string(),
  name: z.string(),
  streamUrl: z.string(),
  mainStreamUrl: z.string().nullable(),
  detectFps: z.number(),
  enabledHours: TimeWindow.nullable(),
  shapes: z.array(Shape),
  rules: z.array(Rule),
  leaseExpiresAt: z.string(),
  /** Without one the worker sends its first frame, for officers to draw on. */
  hasSnapshot: z.boolean(),
  /** Changes whenever the camera, its shapes or rules change, so the worker reloads. */
  version: z.string(),
});
export type CameraAssignment = z.infer<typeof CameraAssignment>;
export const ClaimResponse = z.object({ cameras: z.array(CameraAssignment), leaseSeconds: z.number().int() });
export type ClaimResponse = z.infer<typeof ClaimResponse>;
export const HeartbeatRequest = z.object({
  workerId: WorkerId,
  cameras: z
    .array(
      z.object({
        id: Uuid,
        status: z.enum(['online', 'offline']),
        reason: z.string().max(300).nullable().default(null),
        version: z.string().max(64).optional(),
      }),
    )
    .max(256),
});
export const HeartbeatResponse = z.object({
  /** Leases this worker still holds (renewed). */
  kept: z.array(Uuid),
  /** Leases lost (expired and taken, camera disabled or deleted): stop watching them. */
  lost: z.array(Uuid),
  /** Kept cameras whose configuration changed since the version sent. */
  changed: z.array(Uuid),
  leaseSeconds: z.number().int(),
});
export type HeartbeatResponse = z.infer<typeof HeartbeatResponse>;

export const EvidenceRole = z.enum(['before', 'during', 'after', 'plate', 'clip']);
/** What a public or training export must blur in a frame: people's faces (or whole people) and plates. */
export const RedactionKind = z.enum(['face', 'person', 'plate', 'vehicle']);
export const RedactionRegion = z.object({
  kind: RedactionKind,
  /** Normalised [x, y, w, h] in the frame. */
  box: z.tuple([
    z.number().min(0).max(1),
    z.number().min(0).max(1),
    z.number().min(0).max(1),
    z.number().min(0).max(1),
  ]),
});
export type RedactionRegion = z.infer<typeof RedactionRegion>;
export const EvidenceInput = z.object({
  role: EvidenceRole,
  capturedAt: z.iso.datetime({ offset: true }),
  /** JPEG (frames) or MP4 (clip), base64. */
  data: z.string().min(16).max(6_000_000),
  /** Regions the worker saw in this frame that exports must blur (every tracked person and vehicle, plates). */
  regions: z.array(RedactionRegion).max(64).default([]),
});
/**
 * `pending`: a vehicle whose plate is still being read when the event is
 * posted (the worker posts at once and sends the reading with the appended
 * evidence, see EvidenceAppendRequest); never a final state.
 */
export const PlateStatus = z.enum(['read', 'unreadable', 'not_applicable', 'pending']);
export const EventRequest = z.object({
  /** Chosen by the worker (UUID v4 from camera, rule, track and start time): a replay is a no-op. */
  eventId: Uuid,
  workerId: WorkerId,
  cameraId: Uuid,
  ruleId: Uuid,
  kind: RuleKind,
  occurredAt: z.iso.datetime({ offset: true }),
  trackId: z.number().int().nullable(),
  objectClass: ObjectClass.nullable(),
  confidence: z.number().min(0).max(1),
  /** Normalised [x, y, w, h] of the object in the decisive frame. */
  bbox: z.tuple([Unit, Unit, Unit, Unit]).nullable(),
  count: z.number().int().min(0).nullable().default(null),
  speedKmh: z.number().min(0).max(500).nullable().default(null),
  dwellSeconds: z.number().min(0).nullable().default(null),
  plate: z.string().max(12).nullable().default(null),
  plateStatus: PlateStatus.default('not_applicable'),
  evidence: z.array(EvidenceInput).max(8).default([]),
  /**
   * More evidence follows through `POST /api/vision/events/:id/evidence`
   * (the after-frame, the clip, the plate close-up and reading): the alert
   * goes out as soon as the rule fires and does not wait for them. The
   * traffic hand-off of a violation waits until the evidence is complete.
   */
  evidencePending: z.boolean().default(false),
});
export type EventRequest = z.input<typeof EventRequest>;
export const EventAccepted = z.object({
  eventId: Uuid,
  created: z.boolean(),
  incidentId: Uuid.nullable(),
  incidentNumber: z.string().nullable(),
});
export type EventAccepted = z.infer<typeof EventAccepted>;

/**
 * Evidence appended to an event the server already accepted (worker retries
 * are safe: an event holds one item per role, and an item already stored —
 * same role — is not stored again, whatever bytes a re-encoding produced;
 * stored evidence is never replaced, so its hash stays what was first
 * recorded). `plate`/`plateStatus` replace a `pending` reading while the
 * evidence is still open; `complete` closes it (the traffic hand-off of a
 * violation goes then).
 */
export const EvidenceAppendRequest = z
  .object({
    workerId: WorkerId,
    evidence: z.array(EvidenceInput).max(8).default([]),
    plate: z.string().max(12).nullable().optional(),
    plateStatus: z.enum(['read', 'unreadable', 'not_applicable']).optional(),
    complete: z.boolean().default(true),
  })
  .superRefine((b, ctx) => {
    const roles = b.evidence.map((v) => v.role);
    roles.forEach((r, i) => {
      if (roles.indexOf(r) !== i)
        ctx.addIssue({ code: 'custom', path: ['evidence', i, 'role'], message: 'one item per role' });
    });
    if (b.plateStatus === 'read' && !b.plate)
      ctx.addIssue({ code: 'custom', path: ['plate'], message: 'a read plate needs the plate' });
  });
export type EvidenceAppendRequest = z.input<typeof EvidenceAppendRequest>;
export const EvidenceAppended = z.object({
  eventId: Uuid,
  /** Roles stored by this call. */
  stored: z.array(EvidenceRole),
  /** Roles the event already had (a retry): not stored again. */
  duplicates: z.array(EvidenceRole),
  evidenceCount: z.number().int(),
  /** Whether more evidence is still expected. */
  evidencePending: z.boolean(),
  plate: z.string().nullable(),
  plateStatus: PlateStatus,
});
export type EvidenceAppended = z.infer<typeof EvidenceAppended>;

// ------------------------------------------------------------ events, evidence, review
export const HandoffStatus = z.enum(['none', 'pending', 'submitted', 'no_plate']);
export type HandoffStatus = z.infer<typeof HandoffStatus>;
export const ReviewStatus = z.enum(['pending', 'confirmed', 'rejected']);
export type ReviewStatus = z.infer<typeof ReviewStatus>;
export const EvidenceView = z.object({
  id: Uuid,
  role: EvidenceRole,
  capturedAt: z.string(),
  sha256: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  /** What a blurred export hides in this frame; null when the worker sent none (such frames are never exported). */
  regions: z.array(RedactionRegion).nullable(),
});
export type EvidenceView = z.infer<typeof EvidenceView>;
export const CameraEventView = z.object({
  id: Uuid,
  camera: z.object({ id: Uuid, code: z.string(), name: z.string() }),
  rule: z.object({ id: Uuid, name: z.string(), template: RuleTemplate.nullable() }),
  kind: RuleKind,
  occurredAt: z.string(),
  receivedAt: z.string(),
  objectClass: ObjectClass.nullable(),
  confidence: z.number(),
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
  count: z.number().nullable(),
  speedKmh: z.number().nullable(),
  dwellSeconds: z.number().nullable(),
  plate: z.string().nullable(),
  plateStatus: PlateStatus,
  incidentId: Uuid.nullable(),
  incidentNumber: z.string().nullable(),
  violation: z.boolean(),
  review: z.object({
    status: ReviewStatus,
    reason: z.string().nullable(),
    by: z.string().nullable(),
    at: z.string().nullable(),
  }),
  evidenceCount: z.number().int(),
  /** The worker is still sending evidence (after-frame, clip, plate reading): the page updates when it arrives. */
  evidencePending: z.boolean(),
  /**
   * Violations with a read plate are reviewed in the traffic violation queue
   * (one place per violation): `pending` until handed over, then `submitted`
   * with the queue's record; `no_plate` ones stay in the cameras review.
   */
  handoff: z.object({
    status: HandoffStatus,
    violationId: Uuid.nullable(),
    error: z.string().nullable(),
  }),
});
export type CameraEventView = z.infer<typeof CameraEventView>;
export const EventListQuery = z.object({
  cameraId: Uuid.optional(),
  review: ReviewStatus.optional(),
  violationsOnly: z.coerce.boolean().optional(),
  /** Only violations reviewed on the cameras side (no plate read, so not in the traffic queue). */
  reviewedHere: z.coerce.boolean().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
/** Why the evidence is opened: recorded in the audit log with every view. */
export const EvidencePurpose = z.object({ purpose: z.string().trim().min(4).max(200) });
export const EventEvidence = z.object({ event: CameraEventView, evidence: z.array(EvidenceView) });
export type EventEvidence = z.infer<typeof EventEvidence>;
export const ViolationReviewBody = z
  .object({ decision: z.enum(['confirmed', 'rejected']), reason: z.string().trim().max(500).default('') })
  .superRefine((b, ctx) => {
    if (b.decision === 'rejected' && b.reason.length < 2)
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'a rejection needs a reason' });
  });
export const RuleQuality = z.object({
  ruleId: Uuid,
  ruleName: z.string(),
  cameraName: z.string(),
  template: RuleTemplate.nullable(),
  events: z.number().int(),
  confirmed: z.number().int(),
  rejected: z.number().int(),
  pending: z.number().int(),
  /** rejected / (confirmed + rejected); null before any review. */
  falseAlarmRate: z.number().nullable(),
});
export type RuleQuality = z.infer<typeof RuleQuality>;

// ------------------------------------------------------------ blurred exports
/**
 * An export of evidence for public release or model training: every frame
 * leaves blurred (faces, people and plates the worker marked); frames
 * without redaction data, plate close-ups and clips never leave this way.
 */
export const ExportUse = z.enum(['public', 'training']);
export type ExportUse = z.infer<typeof ExportUse>;
export const EvidenceExportRequest = z
  .object({
    use: ExportUse,
    purpose: z.string().trim().min(4).max(200),
    /** Either the events chosen, or a filter (camera, kind, period). */
    eventIds: z.array(Uuid).min(1).max(200).optional(),
    cameraId: Uuid.optional(),
    kind: RuleKind.optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
  })
  .superRefine((b, ctx) => {
    if (!b.eventIds && !b.cameraId && !b.kind && !b.from && !b.to)
      ctx.addIssue({ code: 'custom', path: ['eventIds'], message: 'choose events or give a filter' });
  });
export type EvidenceExportRequest = z.input<typeof EvidenceExportRequest>;
/** The manifest.json inside an export. No plates in public exports. */
export const ExportManifest = z.object({
  use: ExportUse,
  createdAt: z.string(),
  blurred: z.array(RedactionKind),
  events: z.array(
    z.object({
      id: Uuid,
      camera: z.string(),
      kind: RuleKind,
      occurredAt: z.string(),
      plate: z.string().nullable().optional(),
      files: z.array(z.object({ name: z.string(), role: EvidenceRole, regions: z.number().int() })),
      excluded: z.array(z.object({ role: EvidenceRole, reason: z.enum(['no_regions', 'plate_closeup', 'clip']) })),
    }),
  ),
});
export type ExportManifest = z.infer<typeof ExportManifest>;

// ------------------------------------------------------------ health on the command board
export const CameraHealthItem = z.object({
  id: Uuid,
  code: z.string(),
  name: z.string(),
  gridCode: z.string().nullable(),
  status: CameraStatus,
  reason: z.string().nullable(),
  since: z.string().nullable(),
});
export type CameraHealthItem = z.infer<typeof CameraHealthItem>;
export const CameraHealth = z.object({
  total: z.number().int(),
  online: z.number().int(),
  unknown: z.number().int(),
  disabled: z.number().int(),
  /** Offline cameras, longest offline first. */
  offline: z.array(CameraHealthItem),
});
export type CameraHealth = z.infer<typeof CameraHealth>;

/** Live topics of the camera network: a camera went online or offline (a stream failed, a lease lapsed). */
export const CAMERA_TOPICS = {
  'cameras.status': z.object({
    cameraId: z.string(),
    code: z.string(),
    status: CameraStatus,
    reason: z.string().nullable(),
    since: z.string(),
  }),
  /** Evidence was appended to an event (the after-frame, the clip, a plate reading): open evidence pages refetch. */
  'cameras.evidence': z.object({
    eventId: z.string(),
    roles: z.array(EvidenceRole),
    evidencePending: z.boolean(),
  }),
} as const;
