import {
  HAZARD_CATEGORIES,
  HAZARD_STATUSES,
  POINT_SOURCES,
  RESPONSIBLE_KINDS,
  VETTING_CHECKS,
  VOLUNTEER_STATUSES,
} from '@fengqiao/domain';
import { z } from 'zod';
import { Crs, PersonRef, Uuid } from './common.contract';

/**
 * Volunteer police and joint defence (义警): roster and vetting, teams
 * (patrol teams, merchants' ten-household groups, school guard posts),
 * training and certificates, patrol shifts and duties with proof of presence,
 * merchant alarms, hazards, recognition points, indicators.
 *
 * Offline queue: every volunteer write accepts `clientId` (a UUID the phone
 * generates when the user acts) or an `Idempotency-Key` header; replaying
 * the same request returns the first answer and changes nothing.
 */
export const VolunteerStatus = z.enum(VOLUNTEER_STATUSES);
export const VettingCheck = z.enum(VETTING_CHECKS);
export const HazardCategory = z.enum(HAZARD_CATEGORIES);
export const HazardStatus = z.enum(HAZARD_STATUSES);
export const ResponsibleKind = z.enum(RESPONSIBLE_KINDS);
export const PointSource = z.enum(POINT_SOURCES);
export const VolunteerTeamKind = z.enum(['patrol', 'merchant_group', 'school_post']);
export const DutyKind = z.enum(['patrol', 'night_patrol', 'school_post']);
export const DutyStatus = z.enum(['claimed', 'checked_in', 'checked_out', 'released']);
export const DutyVerification = z.enum(['auto', 'pending', 'approved', 'rejected']);
export const CourseTopic = z.enum(['law', 'safety', 'emergency', 'first_aid']);

const VolDate = z.iso.date();
const VolDateTime = z.iso.datetime({ offset: true });
const HhMm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
const Lng = z.number().min(-180).max(180);
const Lat = z.number().min(-90).max(90);
const VolReason = z.string().trim().min(2).max(500);
/** The phone's id for this action (UUID); a replay with the same id is a no-op. */
export const ClientId = z.uuid();
const WithClientId = { clientId: ClientId.optional() };

export const TimeWindowBody = z.object({ from: HhMm, to: HhMm });
export const AvailabilitySlot = z.object({ weekday: z.number().int().min(1).max(7), from: HhMm, to: HhMm });

// ------------------------------------------------------------ roster

export const VolunteerListQuery = z.object({
  status: VolunteerStatus.optional(),
  teamId: Uuid.optional(),
  gridId: Uuid.optional(),
  skill: z.string().trim().max(32).optional(),
  q: z.string().trim().max(64).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const VolunteerSummary = z.object({
  personId: Uuid,
  name: z.string(),
  gender: z.enum(['M', 'F']).nullable(),
  phone: z.string().nullable(),
  idNumber: z.string().nullable(),
  status: VolunteerStatus,
  skills: z.array(z.string()),
  partyMember: z.boolean(),
  partyBranch: z.string().nullable(),
  gridIds: z.array(Uuid),
  teams: z.array(z.object({ id: Uuid, name: z.string(), kind: VolunteerTeamKind, leader: z.boolean() })),
  appliedAt: z.string(),
  approvedAt: z.string().nullable(),
});
export type VolunteerSummary = z.infer<typeof VolunteerSummary>;

export const VettingView = z.object({
  id: Uuid,
  check: VettingCheck,
  result: z.enum(['pass', 'fail']),
  note: z.string(),
  checkedBy: z.string().nullable(),
  checkedAt: z.string(),
});

export const CertificateView = z.object({
  id: Uuid,
  number: z.string(),
  personId: Uuid,
  personName: z.string(),
  courseId: Uuid,
  courseCode: z.string(),
  courseName: z.string(),
  topic: CourseTopic,
  issuedOn: z.string(),
  expiresOn: z.string().nullable(),
  revokedAt: z.string().nullable(),
  /** Valid today: not revoked and not expired. */
  valid: z.boolean(),
});
export type CertificateView = z.infer<typeof CertificateView>;

export const VolunteerDetail = VolunteerSummary.extend({
  availability: z.array(AvailabilitySlot),
  occupation: z.string().nullable(),
  statusReason: z.string().nullable(),
  nextStatuses: z.array(VolunteerStatus),
  /** Required checks still missing a pass (approval is refused while any remain). */
  approvalBlockers: z.array(VettingCheck),
  vetting: z.array(VettingView),
  history: z.array(
    z.object({
      from: VolunteerStatus.nullable(),
      to: VolunteerStatus,
      reason: z.string().nullable(),
      actorName: z.string().nullable(),
      at: z.string(),
    }),
  ),
  units: z.array(z.object({ id: Uuid, code: z.string(), name: z.string() })),
  certificates: z.array(CertificateView),
  hoursThisYear: z.number(),
  pointsTotal: z.number(),
  version: z.number().int(),
});
export type VolunteerDetail = z.infer<typeof VolunteerDetail>;

export const ApplicationBody = z
  .object({
    /** An existing person of kind 'volunteer' (e.g. already in a response unit); otherwise name, ID number and phone. */
    personId: Uuid.optional(),
    name: z.string().trim().min(2).max(32).optional(),
    gender: z.enum(['M', 'F']).optional(),
    idNumber: z.string().trim().max(32).optional(),
    phone: z.string().trim().max(32).optional(),
    gridId: Uuid.optional(),
    occupation: z.string().trim().max(64).optional(),
    skills: z.array(z.string().trim().min(1).max(32)).max(20).default([]),
    availability: z.array(AvailabilitySlot).max(21).default([]),
    partyMember: z.boolean().default(false),
    partyBranch: z.string().trim().max(64).optional(),
  })
  .strict();

export const VettingBody = z.object({
  check: VettingCheck,
  result: z.enum(['pass', 'fail']),
  note: z.string().trim().max(500).default(''),
});

export const VolunteerStatusBody = z.object({
  to: z.enum(['approved', 'suspended', 'exited', 'rejected']),
  reason: VolReason,
  version: z.number().int().min(1),
});

export const VolunteerPatch = z
  .object({
    skills: z.array(z.string().trim().min(1).max(32)).max(20).optional(),
    availability: z.array(AvailabilitySlot).max(21).optional(),
    partyMember: z.boolean().optional(),
    partyBranch: z.string().trim().max(64).nullable().optional(),
    version: z.number().int().min(1),
  })
  .strict();

// ------------------------------------------------------------ teams

export const ShopBody = z.object({
  name: z.string().trim().min(1).max(64),
  ownerName: z.string().trim().min(1).max(32),
  ownerPersonId: Uuid.nullable().optional(),
  address: z.string().trim().max(200).default(''),
  lng: Lng.optional(),
  lat: Lat.optional(),
});

export const ShopView = z.object({
  id: Uuid,
  seq: z.number().int(),
  name: z.string(),
  ownerName: z.string(),
  ownerPersonId: Uuid.nullable(),
  address: z.string(),
  point: z.tuple([z.number(), z.number()]).nullable(),
});

export const TeamSummary = z.object({
  id: Uuid,
  kind: VolunteerTeamKind,
  name: z.string(),
  gridId: Uuid.nullable(),
  place: z.object({ id: Uuid, name: z.string(), kind: z.string() }).nullable(),
  leader: PersonRef.nullable(),
  memberCount: z.number().int(),
  active: z.boolean(),
});
export type TeamSummary = z.infer<typeof TeamSummary>;

export const PatrolCheckpointView = z.object({
  id: Uuid,
  seq: z.number().int(),
  name: z.string(),
  point: z.tuple([z.number(), z.number()]),
  radiusM: z.number().int(),
  /** Whether a QR code is posted there. */
  hasQr: z.boolean(),
  /** The token to print as the QR code: only for patrol managers. */
  qrToken: z.string().nullable(),
  placeId: Uuid.nullable(),
});

export const PatrolRouteView = z.object({
  id: Uuid,
  name: z.string(),
  teamId: Uuid.nullable(),
  gridId: Uuid.nullable(),
  path: z.array(z.tuple([z.number(), z.number()])),
  corridorM: z.number().int(),
  active: z.boolean(),
  checkpoints: z.array(PatrolCheckpointView),
});
export type PatrolRouteView = z.infer<typeof PatrolRouteView>;

export const TeamDetail = TeamSummary.extend({
  members: z.array(PersonRef.extend({ status: VolunteerStatus, joinedAt: z.string(), leader: z.boolean() })),
  shops: z.array(ShopView),
  /** School posts: the gate and the daily duty windows; merchant groups: the night window. */
  settings: z.object({
    gateName: z.string().optional(),
    windows: z.array(TimeWindowBody).optional(),
    nightWindow: TimeWindowBody.optional(),
  }),
  routes: z.array(PatrolRouteView),
  version: z.number().int(),
});
export type TeamDetail = z.infer<typeof TeamDetail>;

export const TeamListQuery = z.object({ kind: VolunteerTeamKind.optional(), gridId: Uuid.optional() });

export const TeamCreateBody = z
  .object({
    kind: VolunteerTeamKind,
    name: z.string().trim().min(2).max(64),
    gridId: Uuid.optional(),
    /** The business district (merchant group) or school (guard post). */
    placeId: Uuid.optional(),
    leaderPersonId: Uuid.optional(),
    /** School posts: the gate where the post stands, and the duty windows of a school day. */
    post: z
      .object({
        gateName: z.string().trim().min(1).max(64).default('校门'),
        lng: Lng,
        lat: Lat,
        crs: Crs.default('WGS84'),
        radiusM: z.number().int().min(10).max(300).default(60),
        windows: z.array(TimeWindowBody).min(1).max(6),
      })
      .optional(),
    nightWindow: TimeWindowBody.optional(),
  })
  .strict();

export const TeamPatch = z
  .object({
    name: z.string().trim().min(2).max(64).optional(),
    leaderPersonId: Uuid.nullable().optional(),
    active: z.boolean().optional(),
    windows: z.array(TimeWindowBody).min(1).max(6).optional(),
    nightWindow: TimeWindowBody.optional(),
    version: z.number().int().min(1),
  })
  .strict();

export const TeamMemberBody = z.object({ personId: Uuid, leader: z.boolean().default(false) });
export const ShopsBody = z.object({ shops: z.array(ShopBody).max(10) });

// ------------------------------------------------------------ training

export const CourseView = z.object({
  id: Uuid,
  code: z.string(),
  topic: CourseTopic,
  name: z.string(),
  hours: z.number(),
  certificateMonths: z.number().int().nullable(),
  active: z.boolean(),
});
export const CourseBody = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[A-Z0-9-]{2,16}$/),
  topic: CourseTopic,
  name: z.string().trim().min(2).max(64),
  hours: z.number().min(0.5).max(200),
  certificateMonths: z.number().int().min(1).max(120).nullable(),
});

export const TrainingSessionView = z.object({
  id: Uuid,
  course: CourseView,
  startsAt: z.string(),
  endsAt: z.string(),
  place: z.string(),
  trainer: z.string(),
  capacity: z.number().int(),
  status: z.enum(['scheduled', 'held', 'cancelled']),
  attended: z.number().int(),
  passed: z.number().int(),
  attendance: z.array(
    z.object({ personId: Uuid, name: z.string(), attended: z.boolean(), passed: z.boolean().nullable() }),
  ),
});
export type TrainingSessionView = z.infer<typeof TrainingSessionView>;

export const TrainingSessionBody = z.object({
  courseId: Uuid,
  startsAt: VolDateTime,
  endsAt: VolDateTime,
  place: z.string().trim().max(100).default(''),
  trainer: z.string().trim().max(64).default(''),
  capacity: z.number().int().min(1).max(1000),
});
export const TrainingSessionListQuery = z.object({
  from: VolDate.optional(),
  to: VolDate.optional(),
  courseId: Uuid.optional(),
});
export const AttendanceBody = z.object({
  records: z
    .array(z.object({ personId: Uuid, attended: z.boolean(), passed: z.boolean().optional() }))
    .min(1)
    .max(1000),
});
export const CertificateListQuery = z.object({
  personId: Uuid.optional(),
  courseId: Uuid.optional(),
  expiringWithinDays: z.coerce.number().int().min(0).max(366).optional(),
});
export const RevokeBody = z.object({ reason: VolReason });

// ------------------------------------------------------------ routes, shifts, duties

export const CheckpointBody = z.object({
  name: z.string().trim().min(1).max(64),
  lng: Lng,
  lat: Lat,
  radiusM: z.number().int().min(10).max(500).default(50),
  qr: z.boolean().default(false),
  placeId: Uuid.optional(),
});
export const RouteBody = z.object({
  name: z.string().trim().min(2).max(64),
  teamId: Uuid.optional(),
  gridId: Uuid.optional(),
  crs: Crs.default('WGS84'),
  path: z
    .array(z.tuple([Lng, Lat]))
    .max(500)
    .default([]),
  corridorM: z.number().int().min(20).max(2000).default(200),
  checkpoints: z.array(CheckpointBody).max(50).default([]),
});
export const RoutePatch = z
  .object({
    name: z.string().trim().min(2).max(64).optional(),
    corridorM: z.number().int().min(20).max(2000).optional(),
    active: z.boolean().optional(),
  })
  .strict();

export const ShiftView = z.object({
  id: Uuid,
  teamId: Uuid,
  teamName: z.string(),
  teamKind: VolunteerTeamKind,
  routeId: Uuid,
  routeName: z.string(),
  kind: DutyKind,
  startsAt: z.string(),
  endsAt: z.string(),
  capacity: z.number().int(),
  claimed: z.number().int(),
  requiredCourse: z.object({ id: Uuid, code: z.string(), name: z.string() }).nullable(),
  note: z.string(),
  status: z.enum(['open', 'cancelled']),
  volunteers: z.array(PersonRef.extend({ dutyId: Uuid, status: DutyStatus })),
  /** For the caller (volunteer views): their own duty on this shift, if any. */
  myDutyId: Uuid.nullable(),
});
export type ShiftView = z.infer<typeof ShiftView>;

export const ShiftListQuery = z.object({
  from: VolDate.optional(),
  to: VolDate.optional(),
  teamId: Uuid.optional(),
  understaffed: z.enum(['true', 'false']).optional(),
});

export const ShiftBody = z.object({
  teamId: Uuid,
  routeId: Uuid,
  startsAt: VolDateTime,
  endsAt: VolDateTime,
  capacity: z.number().int().min(1).max(50),
  requiredCourseId: Uuid.optional(),
  note: z.string().trim().max(200).default(''),
});

export const RotaBody = z.object({
  teamId: Uuid,
  routeId: Uuid,
  from: VolDate,
  to: VolDate,
  /** Omit to use the team's windows (school post) or night window (merchant group). */
  windows: z.array(TimeWindowBody).min(1).max(6).optional(),
  days: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('every_day') }),
    z.object({ kind: z.literal('working_days') }),
    z.object({
      kind: z.literal('school_days'),
      breaks: z
        .array(z.object({ from: VolDate, to: VolDate }))
        .max(10)
        .default([]),
    }),
    z.object({ kind: z.literal('weekdays'), weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7) }),
  ]),
  capacity: z.number().int().min(1).max(50),
  requiredCourseId: Uuid.optional(),
});
export const RotaResult = z.object({ created: z.number().int(), existing: z.number().int(), shiftIds: z.array(Uuid) });

export const HoursDetail = z.object({
  seconds: z.number().int(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  gapSeconds: z.number().int(),
  offRouteSeconds: z.number().int(),
  fixesUsed: z.number().int(),
  fixesIgnored: z.number().int(),
});

export const DutyView = z.object({
  id: Uuid,
  shiftId: Uuid,
  kind: DutyKind,
  team: z.object({ id: Uuid, name: z.string() }),
  route: z.object({ id: Uuid, name: z.string() }),
  volunteer: PersonRef,
  startsAt: z.string(),
  endsAt: z.string(),
  status: DutyStatus,
  checkInAt: z.string().nullable(),
  checkInDistanceM: z.number().nullable(),
  checkOutAt: z.string().nullable(),
  flags: z.array(z.string()),
  servedCount: z.number().int().nullable(),
  /** Computed from the evidence (docs/volunteers.md); null until check-out. */
  hours: z.number().nullable(),
  verification: DutyVerification.nullable(),
  checkpoints: z.object({ total: z.number().int(), passed: z.number().int() }),
  requiredCourse: z.object({ id: Uuid, code: z.string(), name: z.string() }).nullable(),
});
export type DutyView = z.infer<typeof DutyView>;

export const DutyDetail = DutyView.extend({
  routeShape: PatrolRouteView,
  track: z.array(z.object({ at: z.string(), lng: z.number(), lat: z.number(), accuracyM: z.number().nullable() })),
  passes: z.array(
    z.object({
      checkpointId: Uuid,
      name: z.string(),
      passedAt: z.string(),
      method: z.enum(['proximity', 'qr']),
      distanceM: z.number().nullable(),
    }),
  ),
  missedCheckpoints: z.array(z.object({ checkpointId: Uuid, name: z.string() })),
  photos: z.array(
    z.object({ id: Uuid, checkpointId: Uuid.nullable(), takenAt: z.string().nullable(), url: z.string() }),
  ),
  hoursDetail: HoursDetail.nullable(),
  reviewNote: z.string().nullable(),
});
export type DutyDetail = z.infer<typeof DutyDetail>;

export const DutyListQuery = z.object({
  from: VolDate.optional(),
  to: VolDate.optional(),
  teamId: Uuid.optional(),
  personId: Uuid.optional(),
  verification: DutyVerification.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export const GpsFix = z.object({
  /** Device time of the fix (ISO with offset): not in the future, not before the shift. */
  at: VolDateTime,
  lng: Lng,
  lat: Lat,
  accuracyM: z.number().min(0).max(10_000).optional(),
});

export const CheckInBody = z.object({
  ...WithClientId,
  ...GpsFix.shape,
  crs: Crs.default('WGS84'),
  /** Check in although the phone places you beyond the route corridor (the duty is then reviewed). */
  acknowledgeFar: z.boolean().default(false),
});
export const PointsBody = z.object({
  ...WithClientId,
  crs: Crs.default('WGS84'),
  points: z.array(GpsFix).min(1).max(500),
});
export const PointsResult = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.array(z.object({ index: z.number().int(), code: z.string() })),
  newPasses: z.array(z.object({ checkpointId: Uuid, name: z.string(), passedAt: z.string() })),
});
export const PassBody = z.object({
  ...WithClientId,
  /** The scanned QR token, or a checkpoint id with a position near it. */
  qrToken: z.string().trim().min(8).max(64).optional(),
  checkpointId: Uuid.optional(),
  at: VolDateTime,
  lng: Lng.optional(),
  lat: Lat.optional(),
  accuracyM: z.number().min(0).max(10_000).optional(),
  crs: Crs.default('WGS84'),
});
export const PassResult = z.object({
  checkpointId: Uuid,
  name: z.string(),
  passedAt: z.string(),
  method: z.enum(['proximity', 'qr']),
  firstPass: z.boolean(),
});
export const CheckOutBody = z.object({
  ...WithClientId,
  ...GpsFix.shape,
  crs: Crs.default('WGS84'),
  /** School posts: students and teachers helped across during the duty. */
  servedCount: z.number().int().min(0).max(5000).optional(),
  /** The last queued fixes, stored before the check-out. */
  points: z.array(GpsFix).max(500).default([]),
});
export const ServedBody = z.object({ ...WithClientId, servedCount: z.number().int().min(0).max(5000) });
export const ClientIdBody = z.object({ ...WithClientId }).default({});
export const ReviewBody = z.object({
  decision: z.enum(['approve', 'reject']),
  note: z.string().trim().max(500).default(''),
});
export const CancelShiftBody = z.object({ reason: VolReason });

export const CoverageQuery = z.object({ from: VolDate.optional(), to: VolDate.optional() });
export const CoverageView = z.object({
  from: z.string(),
  to: z.string(),
  /** Checkpoints of the period's finished duties that were not passed, most often missed first. */
  missedCheckpoints: z.array(
    z.object({
      checkpointId: Uuid,
      name: z.string(),
      routeId: Uuid,
      routeName: z.string(),
      duties: z.number().int(),
      missed: z.number().int(),
    }),
  ),
  /** Places with checkpoints: when a volunteer last passed one of them. */
  places: z.array(
    z.object({
      placeId: Uuid,
      name: z.string(),
      kind: z.string(),
      gridId: Uuid.nullable(),
      lastPatrolledAt: z.string().nullable(),
      daysSince: z.number().int().nullable(),
    }),
  ),
  /** Open shifts in the next 7 days with fewer volunteers than places. */
  understaffed: z.array(ShiftView),
});

// ------------------------------------------------------------ volunteer self-service

export const MyVolunteerView = z.object({
  personId: Uuid,
  name: z.string(),
  status: VolunteerStatus,
  teams: z.array(TeamSummary.extend({ leader: PersonRef.nullable(), iLead: z.boolean() })),
  certificates: z.array(CertificateView),
  upcoming: z.array(DutyView),
  pointsTotal: z.number(),
  hoursThisMonth: z.number(),
  unreadNotifications: z.number().int(),
});

export const MyShiftsQuery = z.object({ from: VolDate.optional(), to: VolDate.optional() });
export const PeriodQuery = z.object({ from: VolDate.optional(), to: VolDate.optional() });

export const VolunteerNotificationView = z.object({
  id: Uuid,
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  refType: z.string().nullable(),
  refId: Uuid.nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});

// ------------------------------------------------------------ alarms

export const AlarmBody = z.object({
  clientId: ClientId,
  teamId: Uuid,
  lng: Lng.optional(),
  lat: Lat.optional(),
  crs: Crs.default('WGS84'),
  note: z.string().trim().max(200).default(''),
  /** Device time of the tap (a queued alarm keeps its time); defaults to now. */
  at: VolDateTime.optional(),
});
export const AlarmView = z.object({
  id: Uuid,
  team: z.object({ id: Uuid, name: z.string() }),
  raisedBy: PersonRef,
  raisedAt: z.string(),
  point: z.tuple([z.number(), z.number()]).nullable(),
  note: z.string(),
  incidentId: Uuid.nullable(),
  incidentNumber: z.string().nullable(),
  notified: z.number().int(),
});
export type AlarmView = z.infer<typeof AlarmView>;

// ------------------------------------------------------------ hazards

export const HazardBody = z.object({
  ...WithClientId,
  category: HazardCategory,
  title: z.string().trim().min(2).max(100),
  description: z.string().trim().max(2000).default(''),
  lng: Lng,
  lat: Lat,
  crs: Crs.default('WGS84'),
  address: z.string().trim().max(200).optional(),
  placeId: Uuid.optional(),
  /** The duty during which it was found. */
  dutyId: Uuid.optional(),
  at: VolDateTime.optional(),
});

export const HazardSummary = z.object({
  id: Uuid,
  number: z.string(),
  category: HazardCategory,
  title: z.string(),
  status: HazardStatus,
  gridId: Uuid.nullable(),
  point: z.tuple([z.number(), z.number()]),
  address: z.string().nullable(),
  reporter: z.object({ personId: Uuid.nullable(), name: z.string().nullable() }),
  reportedAt: z.string(),
  responsible: z.object({ kind: ResponsibleKind, name: z.string(), placeId: Uuid.nullable() }).nullable(),
  dueOn: z.string().nullable(),
  overdue: z.boolean(),
  closedAt: z.string().nullable(),
});
export type HazardSummary = z.infer<typeof HazardSummary>;

export const HazardDetail = HazardSummary.extend({
  description: z.string(),
  placeId: Uuid.nullable(),
  dutyId: Uuid.nullable(),
  reminders: z.number().int(),
  events: z.array(z.object({ at: z.string(), kind: z.string(), actorName: z.string().nullable(), note: z.string() })),
  photos: z.array(z.object({ id: Uuid, stage: z.enum(['report', 'rectification', 'verification']), url: z.string() })),
  version: z.number().int(),
});
export type HazardDetail = z.infer<typeof HazardDetail>;

export const HazardListQuery = z.object({
  status: z
    .string()
    .regex(/^[a-z_]+(,[a-z_]+)*$/)
    .optional(),
  category: HazardCategory.optional(),
  gridId: Uuid.optional(),
  from: VolDate.optional(),
  to: VolDate.optional(),
  overdue: z.enum(['true', 'false']).optional(),
  mine: z.enum(['true', 'false']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const HazardAssignBody = z.object({
  responsibleKind: ResponsibleKind,
  responsibleName: z.string().trim().min(2).max(100),
  responsiblePlaceId: Uuid.optional(),
  dueOn: VolDate,
  note: z.string().trim().max(500).default(''),
  version: z.number().int().min(1),
});
export const HazardRectifyBody = z.object({
  note: z.string().trim().min(2).max(1000),
  version: z.number().int().min(1),
});
export const HazardVerifyBody = z.object({
  result: z.enum(['pass', 'fail']),
  note: z.string().trim().max(1000).default(''),
  /** After a failed verification: the new deadline for the responsible party. */
  dueOn: VolDate.optional(),
  version: z.number().int().min(1),
});
export const HazardDismissBody = z.object({ reason: VolReason, version: z.number().int().min(1) });

// ------------------------------------------------------------ recognition

export const PointRuleView = z.object({
  source: PointSource,
  points: z.number(),
  per: z.enum(['hour', 'item']),
  dailyCap: z.number().nullable(),
  active: z.boolean(),
});
export const PointRulesBody = z.object({ rules: z.array(PointRuleView).min(1).max(10) });

export const PointEntryView = z.object({
  id: z.number().int(),
  source: PointSource,
  sourceId: Uuid,
  /** What the record is, in words (e.g. the shift and its hours, the hazard number). */
  sourceLabel: z.string(),
  day: z.string(),
  quantity: z.number(),
  points: z.number(),
  rule: PointRuleView,
  awardedAt: z.string(),
});
export const PointsLedgerView = z.object({
  personId: Uuid,
  name: z.string(),
  total: z.number(),
  bySource: z.record(z.string(), z.number()),
  entries: z.array(PointEntryView),
});

export const LeaderboardQuery = z.object({ teamId: Uuid.optional(), from: VolDate.optional(), to: VolDate.optional() });
export const LeaderboardView = z.object({
  teamId: Uuid.nullable(),
  from: z.string(),
  to: z.string(),
  rows: z.array(
    z.object({
      rank: z.number().int(),
      personId: Uuid,
      name: z.string(),
      points: z.number(),
      hours: z.number(),
      entries: z.number().int(),
    }),
  ),
});

// ------------------------------------------------------------ indicators

export const VolunteerIndicatorsQuery = z.object({
  from: VolDate.optional(),
  to: VolDate.optional(),
  teamId: Uuid.optional(),
});
export const VolunteerIndicators = z.object({
  from: z.string(),
  to: z.string(),
  days: z.number().int(),
  volunteers: z.object({
    approved: z.number().int(),
    active: z.number().int(),
    byStatus: z.record(z.string(), z.number()),
  }),
  patrol: z.object({
    duties: z.number().int(),
    /** Sum of the duties' computed hours. */
    personHours: z.number(),
    /** Mean per day of the time at least one volunteer was on duty (union of duty intervals). */
    coveredHoursPerDay: z.number(),
    personHoursPerDay: z.number(),
    byDay: z.array(
      z.object({ day: z.string(), personHours: z.number(), coveredHours: z.number(), duties: z.number().int() }),
    ),
    byTeam: z.array(
      z.object({
        teamId: Uuid,
        name: z.string(),
        kind: VolunteerTeamKind,
        personHours: z.number(),
        duties: z.number().int(),
      }),
    ),
    missedCheckpointShare: z.number().nullable(),
  }),
  hazards: z.object({
    found: z.number().int(),
    closed: z.number().int(),
    open: z.number().int(),
    overdue: z.number().int(),
    dismissed: z.number().int(),
    closedShare: z.number().nullable(),
    avgDaysToClose: z.number().nullable(),
    byCategory: z.record(z.string(), z.number()),
  }),
  trainings: z.object({
    sessions: z.number().int(),
    attendances: z.number().int(),
    trainees: z.number().int(),
    certificatesIssued: z.number().int(),
    byTopic: z.record(z.string(), z.number()),
  }),
  schoolPosts: z.object({ duties: z.number().int(), served: z.number().int(), posts: z.number().int() }),
  alarms: z.object({ raised: z.number().int(), withIncident: z.number().int() }),
  /** Theft (criminal.theft, criminal.burglary) in each business district, this period against the same period a year before. */
  theft: z.array(
    z.object({
      placeId: Uuid,
      name: z.string(),
      gridId: Uuid.nullable(),
      district: z.object({ current: z.number().int(), previous: z.number().int(), changePct: z.number().nullable() }),
      grid: z.object({ current: z.number().int(), previous: z.number().int(), changePct: z.number().nullable() }),
      jointDefenceGroups: z.number().int(),
    }),
  ),
});
export type VolunteerIndicators = z.infer<typeof VolunteerIndicators>;

export const HoursQuery = z.object({
  from: VolDate.optional(),
  to: VolDate.optional(),
  by: z.enum(['volunteer', 'team']).default('volunteer'),
  teamId: Uuid.optional(),
});
export const HoursRows = z.object({
  from: z.string(),
  to: z.string(),
  by: z.enum(['volunteer', 'team']),
  rows: z.array(z.object({ day: z.string(), id: Uuid, name: z.string(), hours: z.number(), duties: z.number().int() })),
});
