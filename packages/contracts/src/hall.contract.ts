import { z } from 'zod';
import { PersonRef, Uuid } from './common.contract';

/**
 * Service hall (便民服务) and the citizen side: phone sign-in, catalogue,
 * appointments, online applications, queue and hall display, enterprise
 * window, home visits, suggestions, statistics. Instants are ISO strings
 * (UTC), days are local dates in China Standard Time ('YYYY-MM-DD').
 */
const HallDay = z.iso.date();
const Hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
const Text = (max: number) => z.string().trim().max(max);
const Required = (max: number) => z.string().trim().min(1).max(max);

// ---------------------------------------------------------------- citizens

export const CitizenCodeRequest = z.object({ phone: Required(32) });
export const CitizenCodeResponse = z.object({
  sent: z.literal(true),
  /** The masked number the code went to. */
  phone: z.string(),
  expiresInSeconds: z.number().int(),
  resendAfterSeconds: z.number().int(),
});
export const CitizenVerifyRequest = z.object({
  phone: Required(32),
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'six digits'),
  /** Optional display name, kept for bookings and applications. */
  name: Text(64).optional(),
});
export const CitizenView = z.object({
  id: Uuid,
  /** Masked: 138****8000. */
  phone: z.string(),
  name: z.string().nullable(),
  /** Set while no-shows suspend online booking. */
  bookingSuspendedUntil: HallDay.nullable(),
});
export type CitizenView = z.infer<typeof CitizenView>;
export const UpdateCitizenRequest = z.object({ name: Required(64) });

// --------------------------------------------------------------- catalogue

export const HallServiceCategory = z.enum(['household', 'id_card', 'residence_permit', 'certificate', 'enterprise']);
export const HallMaterial = z.object({
  code: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, 'lowercase letters, digits and _'),
  nameZh: Required(100),
  nameEn: Required(160),
  required: z.boolean(),
  note: Text(200).optional(),
});
export type HallMaterial = z.infer<typeof HallMaterial>;

export const HallServiceRef = z.object({ id: Uuid, code: z.string(), nameZh: z.string(), nameEn: z.string() });
export const HallWindowRef = z.object({ id: Uuid, number: z.number().int(), name: z.string() });

export const HallServiceView = z.object({
  id: Uuid,
  code: z.string(),
  category: HallServiceCategory,
  nameZh: z.string(),
  nameEn: z.string(),
  descriptionZh: z.string(),
  rulesZh: z.string(),
  feeZh: z.string(),
  materials: z.array(HallMaterial),
  /** Handling time limit in working days; 0 means finished on the spot (当场办结). */
  timeLimitDays: z.number().int(),
  /** The limit before the reform, where it was cut (审批时限压缩). */
  previousLimitDays: z.number().int().nullable(),
  online: z.boolean(),
  appointment: z.boolean(),
  oneCertificate: z.boolean(),
  homeVisit: z.boolean(),
  enterprise: z.boolean(),
  queuePrefix: z.string(),
  active: z.boolean(),
  sort: z.number().int(),
  windows: z.array(HallWindowRef),
  version: z.number().int(),
});
export type HallServiceView = z.infer<typeof HallServiceView>;

const serviceShape = {
  code: z.string().regex(/^[a-z][a-z0-9_.]{2,47}$/, 'lowercase code such as id.renew'),
  category: HallServiceCategory,
  nameZh: Required(100),
  nameEn: Required(160),
  descriptionZh: Text(2000),
  rulesZh: Text(2000),
  feeZh: Text(100),
  materials: z.array(HallMaterial).max(20),
  timeLimitDays: z.number().int().min(0).max(60),
  previousLimitDays: z.number().int().min(0).max(120).nullable(),
  online: z.boolean(),
  appointment: z.boolean(),
  oneCertificate: z.boolean(),
  homeVisit: z.boolean(),
  enterprise: z.boolean(),
  queuePrefix: z.string().regex(/^[A-X]$/, 'one capital letter A–X (Y is the appointment queue)'),
  active: z.boolean(),
  sort: z.number().int().min(0).max(10_000),
};
export const HallServiceCreate = z.object({
  ...serviceShape,
  descriptionZh: serviceShape.descriptionZh.default(''),
  rulesZh: serviceShape.rulesZh.default(''),
  feeZh: serviceShape.feeZh.default(''),
  previousLimitDays: serviceShape.previousLimitDays.default(null),
  online: z.boolean().default(false),
  appointment: z.boolean().default(true),
  oneCertificate: z.boolean().default(false),
  homeVisit: z.boolean().default(false),
  enterprise: z.boolean().default(false),
  queuePrefix: serviceShape.queuePrefix.default('A'),
  active: z.boolean().default(true),
  sort: serviceShape.sort.default(500),
});
export type HallServiceCreate = z.infer<typeof HallServiceCreate>;
export const HallServicePatch = z
  .object({ ...serviceShape, version: z.number().int().min(1) })
  .omit({ code: true })
  .partial()
  .required({ version: true });
export type HallServicePatch = z.infer<typeof HallServicePatch>;

// ----------------------------------------------------------------- windows

export const HallWindowKind = z.enum(['general', 'enterprise']);
export const HallWindowView = z.object({
  id: Uuid,
  number: z.number().int(),
  name: z.string(),
  kind: HallWindowKind,
  appointments: z.boolean(),
  slotCapacity: z.number().int(),
  active: z.boolean(),
  services: z.array(HallServiceRef),
  version: z.number().int(),
});
export type HallWindowView = z.infer<typeof HallWindowView>;
export const HallWindowCreate = z.object({
  number: z.number().int().min(1).max(99),
  name: Required(40),
  kind: HallWindowKind.default('general'),
  appointments: z.boolean().default(true),
  slotCapacity: z.number().int().min(0).max(50).default(2),
  active: z.boolean().default(true),
  serviceIds: z.array(Uuid).max(40).default([]),
});
export const HallWindowPatch = z.object({
  name: Required(40).optional(),
  kind: HallWindowKind.optional(),
  appointments: z.boolean().optional(),
  slotCapacity: z.number().int().min(0).max(50).optional(),
  active: z.boolean().optional(),
  serviceIds: z.array(Uuid).max(40).optional(),
  version: z.number().int().min(1),
});

// ------------------------------------------------------ rules and calendar

export const HallRules = z.object({
  booking: z.object({
    /** Bookable from the next day up to this many working days ahead. */
    horizonWorkingDays: z.number().int().min(1).max(30),
    /** Cancellation is possible until this many days before the appointment day (1: until the day before). */
    cancelUntilDaysBefore: z.number().int().min(0).max(7),
    slotMinutes: z.number().int().min(10).max(120),
    /** Opening sessions of a working day, local time. */
    sessions: z
      .array(z.object({ start: Hhmm, end: Hhmm }))
      .min(1)
      .max(4),
    /** This many no-shows within `noShowWindowDays` suspend online booking for `suspendDays`. */
    noShowThreshold: z.number().int().min(1).max(10),
    noShowWindowDays: z.number().int().min(1).max(365),
    suspendDays: z.number().int().min(1).max(365),
    /** An appointment not checked in by its slot's end plus this many minutes is a no-show. */
    noShowGraceMinutes: z.number().int().min(0).max(240),
  }),
  queue: z.object({
    /** Check-in within this window around the slot start gets the appointment queue's priority. */
    onTimeBeforeMinutes: z.number().int().min(0).max(120),
    onTimeAfterMinutes: z.number().int().min(0).max(120),
    /** Earliest check-in before the slot start. */
    checkInEarliestMinutes: z.number().int().min(0).max(480),
  }),
  uploads: z.object({
    maxBytes: z
      .number()
      .int()
      .min(10_000)
      .max(9 * 1024 * 1024),
    types: z
      .array(z.enum(['image/jpeg', 'image/png', 'application/pdf']))
      .min(1)
      .max(3),
  }),
  applications: z.object({
    /** Clerks are reminded this many working days before an application's deadline. */
    remindWorkingDaysBefore: z.number().int().min(0).max(10),
  }),
});
export type HallRules = z.infer<typeof HallRules>;

export const HallHolidayRange = z.object({ name: Text(60), nameZh: Required(30), from: HallDay, to: HallDay });
export const HallHolidayYearInput = z.object({
  off: z.array(HallHolidayRange).max(20),
  workdays: z.array(HallDay).max(20),
  source: Required(200),
});
export const HallCalendarView = z.object({
  year: z.number().int(),
  /** False: only weekends rest this year (no holiday configuration). */
  configured: z.boolean(),
  /** True when the year comes from the built-in State Council data, not an edit. */
  builtIn: z.boolean(),
  source: z.string().nullable(),
  off: z.array(HallHolidayRange),
  workdays: z.array(HallDay),
  /** Every day off in the year that would otherwise be a weekday, and every weekend day worked. */
  holidays: z.array(HallDay),
});

// ------------------------------------------------------------ appointments

export const HallSlotView = z.object({
  id: Uuid,
  window: HallWindowRef,
  day: HallDay,
  startsAt: z.string(),
  endsAt: z.string(),
  capacity: z.number().int(),
  booked: z.number().int(),
  remaining: z.number().int(),
});
export type HallSlotView = z.infer<typeof HallSlotView>;
export const HallAvailabilityQuery = z.object({ serviceId: Uuid, station: Text(32).optional() });
export const HallAvailability = z.object({
  service: HallServiceRef,
  bookableFrom: HallDay,
  bookableTo: HallDay,
  days: z.array(z.object({ day: HallDay, remaining: z.number().int(), slots: z.array(HallSlotView) })),
});
export const HallSlotsQuery = z.object({ day: HallDay.optional(), windowId: Uuid.optional() });
export const HallSlotPatch = z.object({ capacity: z.number().int().min(0).max(50) });

export const HallBookRequest = z.object({
  slotId: Uuid,
  serviceId: Uuid,
  name: Required(64),
  /** Optional; when given, one booking per ID number per day as well. */
  idNumber: Text(32).optional(),
});
export const HallAppointmentStatus = z.enum(['booked', 'cancelled', 'checked_in', 'no_show', 'completed']);
export const HallTicketRef = z.object({ id: Uuid, number: z.string(), status: z.string() });
export const HallAppointmentView = z.object({
  id: Uuid,
  number: z.string(),
  status: HallAppointmentStatus,
  service: HallServiceRef,
  window: HallWindowRef,
  day: HallDay,
  startsAt: z.string(),
  endsAt: z.string(),
  name: z.string(),
  idNumber: z.string().nullable(),
  phone: z.string().nullable(),
  late: z.boolean(),
  createdAt: z.string(),
  cancelledAt: z.string().nullable(),
  checkedInAt: z.string().nullable(),
  ticket: HallTicketRef.nullable(),
  cancellable: z.boolean(),
  /** Check-in opens then (at the kiosk or on the phone). */
  checkInFrom: z.string(),
  /** Check-in until then keeps the appointment queue's priority. */
  onTimeUntil: z.string(),
  materials: z.array(HallMaterial),
  icsUrl: z.string(),
  station: z.object({ name: z.string(), address: z.string().nullable() }),
});
export type HallAppointmentView = z.infer<typeof HallAppointmentView>;
export const HallAppointmentListQuery = z.object({
  day: HallDay.optional(),
  windowId: Uuid.optional(),
  status: HallAppointmentStatus.optional(),
});

// ------------------------------------------------------------------- queue

export const HallTicketStatus = z.enum(['waiting', 'called', 'serving', 'finished', 'no_show', 'cancelled']);
export const HallTicketOutcome = z.enum(['done', 'accepted', 'materials_missing', 'referred', 'other']);
export const HallTicketView = z.object({
  id: Uuid,
  number: z.string(),
  day: HallDay,
  status: HallTicketStatus,
  kind: z.enum(['walk_in', 'appointment']),
  priority: z.boolean(),
  source: z.enum(['kiosk', 'check_in', 'counter']),
  service: HallServiceRef,
  window: HallWindowRef.nullable(),
  targetWindow: HallWindowRef.nullable(),
  appointmentNumber: z.string().nullable(),
  ticketedAt: z.string(),
  calledAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  callCount: z.number().int(),
  outcome: HallTicketOutcome.nullable(),
  outcomeNote: z.string().nullable(),
  /** Computed from the event log; null until the ticket is first called / finished. */
  waitSeconds: z.number().int().nullable(),
  handleSeconds: z.number().int().nullable(),
  version: z.number().int(),
});
export type HallTicketView = z.infer<typeof HallTicketView>;
export const HallTicketEventKind = z.enum([
  'ticketed',
  'called',
  'recalled',
  'started',
  'transferred',
  'no_show',
  'finished',
  'cancelled',
]);
export const HallTicketDetail = HallTicketView.extend({
  events: z.array(
    z.object({
      at: z.string(),
      kind: HallTicketEventKind,
      window: HallWindowRef.nullable(),
      service: HallServiceRef,
      note: z.string().nullable(),
    }),
  ),
});
export const HallTicketListQuery = z.object({
  day: HallDay.optional(),
  status: HallTicketStatus.optional(),
  windowId: Uuid.optional(),
  serviceId: Uuid.optional(),
});

/** What the kiosk prints and the phone follows: no personal data. */
export const HallPublicTicket = z.object({
  number: z.string(),
  status: HallTicketStatus,
  service: HallServiceRef,
  window: HallWindowRef.nullable(),
  waitingAhead: z.number().int(),
  estimatedWaitMinutes: z.number().int(),
  ticketedAt: z.string(),
  calledAt: z.string().nullable(),
  /** Follow the ticket at /api/hall/public/tickets/:token. */
  token: z.string(),
});
export const HallKioskTicketRequest = z.object({
  serviceId: Uuid,
  /** Green channel (绿色通道) for the elderly, disabled or pregnant. */
  priority: z.boolean().default(false),
  station: Text(32).optional(),
});
export const HallCheckInRequest = z.object({ bookingNumber: Required(32), station: Text(32).optional() });
export const HallCheckInResponse = z.object({
  ticket: HallPublicTicket,
  /** True when checked in within the on-time window: the ticket joins the appointment queue. */
  onTime: z.boolean(),
});
export const HallTransferRequest = z
  .object({ windowId: Uuid.optional(), serviceId: Uuid.optional(), note: Text(500).optional() })
  .refine((b) => b.windowId !== undefined || b.serviceId !== undefined, {
    message: 'name a window or a service',
    path: ['windowId'],
  });
export const HallFinishRequest = z.object({ outcome: HallTicketOutcome, note: Text(500).optional() });
export const HallQueueView = z.object({
  window: HallWindowView,
  current: HallTicketView.nullable(),
  /** Tickets this window can call, in the order it would call them. */
  waiting: z.array(HallTicketView),
  waitingTotal: z.number().int(),
  finishedToday: z.number().int(),
});
export const HallCallNextResponse = z.object({ ticket: HallTicketView.nullable() });

export const HallDisplayQuery = z.object({ station: Text(32).optional() });
export const HallDisplayView = z.object({
  station: z.object({ code: z.string(), name: z.string(), nameEn: z.string().nullable() }),
  at: z.string(),
  /** The latest calls, newest first: what the screen shows and speaks. */
  calls: z.array(
    z.object({
      ticketNumber: z.string(),
      window: HallWindowRef,
      service: HallServiceRef,
      calledAt: z.string(),
      recall: z.boolean(),
    }),
  ),
  windows: z.array(
    z.object({
      window: HallWindowRef,
      status: z.enum(['idle', 'called', 'serving', 'closed']),
      ticketNumber: z.string().nullable(),
    }),
  ),
  waiting: z.array(z.object({ service: HallServiceRef, count: z.number().int() })),
  waitingTotal: z.number().int(),
});

// ------------------------------------------------------------ applications

export const HallUploadView = z.object({
  fileId: Uuid,
  contentType: z.string(),
  size: z.number().int(),
  uploadedAt: z.string(),
});
export const HallMaterialRef = z.object({ code: z.string().max(40), fileId: Uuid });
export const HallApplicationSubmit = z.object({
  serviceId: Uuid,
  name: Required(64),
  idNumber: Required(32),
  details: z.object({ address: Text(200).optional(), note: Text(1000).optional() }).default({}),
  materials: z.array(HallMaterialRef).max(30),
});
export const HallApplicationResubmit = z.object({
  materials: z.array(HallMaterialRef).max(30),
  note: Text(1000).optional(),
});
export const HallApplicationStatus = z.enum([
  'submitted',
  'in_review',
  'needs_correction',
  'approved',
  'rejected',
  'withdrawn',
]);
export const HallApplicationSummary = z.object({
  id: Uuid,
  number: z.string(),
  status: HallApplicationStatus,
  service: HallServiceRef,
  applicantName: z.string(),
  idNumber: z.string(),
  round: z.number().int(),
  submittedAt: z.string(),
  lastSubmittedAt: z.string(),
  dueDay: HallDay,
  /** Working days until the deadline (negative: overdue); null once decided. */
  workingDaysLeft: z.number().int().nullable(),
  overdue: z.boolean(),
  decidedAt: z.string().nullable(),
  version: z.number().int(),
});
export const HallApplicationDetail = HallApplicationSummary.extend({
  phone: z.string(),
  details: z.object({ address: z.string().optional(), note: z.string().optional() }),
  decisionReason: z.string().nullable(),
  correctionReason: z.string().nullable(),
  correctionMaterials: z.array(z.string()),
  materials: z.array(
    HallMaterial.extend({
      files: z.array(
        z.object({
          fileId: Uuid,
          contentType: z.string(),
          size: z.number().int(),
          round: z.number().int(),
          addedAt: z.string(),
          url: z.string(),
        }),
      ),
    }),
  ),
  events: z.array(
    z.object({ at: z.string(), kind: z.string(), actorName: z.string().nullable(), note: z.string().nullable() }),
  ),
});
export type HallApplicationDetail = z.infer<typeof HallApplicationDetail>;
export const HallApplicationListQuery = z.object({
  status: HallApplicationStatus.optional(),
  serviceId: Uuid.optional(),
  overdue: z.enum(['true', 'false']).optional(),
  q: Text(32).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export const HallCorrectionRequest = z.object({
  reason: Required(1000),
  materialCodes: z.array(z.string().max(40)).max(20).default([]),
  version: z.number().int().optional(),
});
export const HallApproveRequest = z.object({ note: Text(1000).optional(), version: z.number().int().optional() });
export const HallRejectRequest = z.object({ reason: Required(1000), version: z.number().int().optional() });

// -------------------------------------------------------------- enterprise

export const HallEnterpriseView = z.object({
  id: Uuid,
  name: z.string(),
  gridId: Uuid.nullable(),
  creditCode: z.string().nullable(),
  industry: z.string().nullable(),
  employees: z.number().int().nullable(),
  visits: z.number().int(),
  lastVisitOn: HallDay.nullable(),
});
export const HallEnterpriseQuery = z.object({ q: Text(60).optional() });
export const HallEnterpriseRef = z.object({ id: Uuid, name: z.string() });

export const HallCaseCreate = z.object({
  enterpriseId: Uuid,
  /** Defaults to collective household registration (企业集体户口落户). */
  serviceId: Uuid.optional(),
  contactName: Required(64),
  contactPhone: Text(32).optional(),
  persons: z.number().int().min(1).max(10_000).default(1),
  receivedAt: z.iso.datetime({ offset: true }).optional(),
  note: Text(1000).default(''),
});
export const HallCaseView = z.object({
  id: Uuid,
  number: z.string(),
  enterprise: HallEnterpriseRef,
  service: HallServiceRef,
  contactName: z.string(),
  contactPhone: z.string().nullable(),
  persons: z.number().int(),
  receivedAt: z.string(),
  receivedDay: HallDay,
  limitDays: z.number().int(),
  dueDay: HallDay,
  status: z.enum(['open', 'done', 'cancelled']),
  closedDay: HallDay.nullable(),
  /** Working days from receipt to closing (or to today while open). */
  workingDaysUsed: z.number().int(),
  onTime: z.boolean().nullable(),
  overdue: z.boolean(),
  outcomeNote: z.string().nullable(),
  note: z.string(),
  version: z.number().int(),
});
export const HallCaseListQuery = z.object({
  status: z.enum(['open', 'done', 'cancelled']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export const HallCaseClose = z.object({
  outcome: z.enum(['done', 'cancelled']),
  note: Text(1000).optional(),
  version: z.number().int().optional(),
});

export const HallVisitCreate = z.object({
  enterpriseId: Uuid,
  visitedOn: HallDay,
  officerPersonIds: z.array(Uuid).min(1).max(10),
  purpose: Required(500),
  issuesFound: Text(2000).default(''),
  issueCount: z.number().int().min(0).max(100).default(0),
  followUp: Text(1000).optional(),
  followUpDue: HallDay.optional(),
});
export const HallVisitView = z.object({
  id: Uuid,
  enterprise: HallEnterpriseRef,
  visitedOn: HallDay,
  officers: z.array(PersonRef),
  purpose: z.string(),
  issuesFound: z.string(),
  issueCount: z.number().int(),
  followUp: z.string().nullable(),
  followUpDue: HallDay.nullable(),
  followUpStatus: z.enum(['none', 'open', 'overdue', 'done']),
  followUpDoneAt: z.string().nullable(),
  followUpNote: z.string().nullable(),
});
export const HallVisitListQuery = z.object({
  from: HallDay.optional(),
  to: HallDay.optional(),
  enterpriseId: Uuid.optional(),
  followUp: z.enum(['open', 'overdue', 'done']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export const HallFollowUpDone = z.object({ note: Required(1000) });

export const HallTrainingCreate = z.object({
  heldOn: HallDay,
  topic: Required(200),
  location: Text(200).optional(),
  trainer: Text(100).optional(),
  attendees: z.number().int().min(1).max(5000),
  enterpriseIds: z.array(Uuid).max(200).default([]),
});
export const HallTrainingView = z.object({
  id: Uuid,
  heldOn: HallDay,
  topic: z.string(),
  location: z.string().nullable(),
  trainer: z.string().nullable(),
  attendees: z.number().int(),
  enterprises: z.array(HallEnterpriseRef),
});
export const HallPeriodQuery = z.object({ from: HallDay.optional(), to: HallDay.optional() });
export const HallEnterpriseSummary = z.object({
  from: HallDay,
  to: HallDay,
  visits: z.number().int(),
  enterprisesVisited: z.number().int(),
  issuesFound: z.number().int(),
  followUpsOpen: z.number().int(),
  followUpsDone: z.number().int(),
  trainings: z.number().int(),
  attendees: z.number().int(),
  enterprisesTrained: z.number().int(),
  cases: z.object({
    total: z.number().int(),
    open: z.number().int(),
    done: z.number().int(),
    doneOnTime: z.number().int(),
    overdueOpen: z.number().int(),
    /** Share of closed cases done within their limit; null before any closed. */
    onTimeRate: z.number().nullable(),
    avgWorkingDays: z.number().nullable(),
  }),
});

// ------------------------------------------------------------- home visits

export const HallHomeVisitReason = z.enum(['elderly', 'disabled', 'ill', 'other']);
export const HallHomeVisitStatus = z.enum(['requested', 'scheduled', 'done', 'cancelled']);
const Location = z.object({ lng: z.number().min(-180).max(180), lat: z.number().min(-90).max(90) });
export const HallHomeVisitRequest = z.object({
  serviceId: Uuid,
  personName: Required(64),
  reason: HallHomeVisitReason,
  reasonNote: Text(500).optional(),
  /** Defaults to the signed-in citizen's phone. */
  phone: Text(32).optional(),
  idNumber: Text(32).optional(),
  address: Required(200),
  location: Location.optional(),
  preferredDay: HallDay.optional(),
});
export const HallHomeVisitCreate = HallHomeVisitRequest.extend({
  phone: Required(32),
  source: z.enum(['phone', 'counter', 'grid_worker']).default('phone'),
});
export const HallHomeVisitView = z.object({
  id: Uuid,
  number: z.string(),
  status: HallHomeVisitStatus,
  service: HallServiceRef,
  personName: z.string(),
  reason: HallHomeVisitReason,
  reasonNote: z.string().nullable(),
  phone: z.string(),
  idNumber: z.string().nullable(),
  address: z.string(),
  location: z.tuple([z.number(), z.number()]).nullable(),
  gridId: Uuid.nullable(),
  source: z.enum(['online', 'phone', 'counter', 'grid_worker']),
  preferredDay: HallDay.nullable(),
  requestedAt: z.string(),
  officer: PersonRef.nullable(),
  scheduledDay: HallDay.nullable(),
  doneAt: z.string().nullable(),
  outcomeNote: z.string().nullable(),
  cancelReason: z.string().nullable(),
  version: z.number().int(),
});
export type HallHomeVisitView = z.infer<typeof HallHomeVisitView>;
export const HallHomeVisitListQuery = z.object({
  status: HallHomeVisitStatus.optional(),
  officerPersonId: Uuid.optional(),
  day: HallDay.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export const HallHomeVisitSchedule = z.object({
  officerPersonId: Uuid,
  day: HallDay,
  version: z.number().int().optional(),
});
export const HallHomeVisitDone = z.object({ note: Required(1000), version: z.number().int().optional() });
export const HallHomeVisitCancel = z.object({ reason: Required(500), version: z.number().int().optional() });
export const HallRouteQuery = z.object({ officerPersonId: Uuid, day: HallDay });
export const HallRouteView = z.object({
  officer: PersonRef,
  day: HallDay,
  start: z.object({ name: z.string(), location: z.tuple([z.number(), z.number()]) }),
  /** Nearest-neighbour order from the start; legMeters is the straight-line distance from the previous stop. */
  stops: z.array(z.object({ order: z.number().int(), legMeters: z.number().int(), visit: HallHomeVisitView })),
  totalMeters: z.number().int(),
  /** Visits without a location: placed after the routed stops. */
  unlocated: z.array(HallHomeVisitView),
});
export const HallOfficerOption = z.object({
  id: Uuid,
  name: z.string(),
  title: z.string().nullable(),
  team: z.string().nullable(),
});

// ------------------------------------------------------------- suggestions

export const HallSuggestionChannel = z.enum(['meeting', 'open_day', 'online', 'hall', 'other']);
export const HallSuggestionCategory = z.enum(['service', 'security', 'traffic', 'community', 'other']);
export const HallSuggestionStatus = z.enum(['received', 'declined', 'accepted', 'in_progress', 'done']);
export const HallSuggestionEventCreate = z.object({
  kind: z.enum(['meeting', 'open_day', 'other']),
  title: Required(200),
  heldOn: HallDay,
  location: Text(200).optional(),
  attendees: z.number().int().min(0).max(100_000).default(0),
  note: Text(2000).default(''),
});
export const HallSuggestionEventView = z.object({
  id: Uuid,
  kind: z.enum(['meeting', 'open_day', 'other']),
  title: z.string(),
  heldOn: HallDay,
  location: z.string().nullable(),
  attendees: z.number().int(),
  note: z.string(),
  suggestions: z.number().int(),
  actedOn: z.number().int(),
});
export const HallSuggestionCreate = z.object({
  eventId: Uuid.optional(),
  channel: HallSuggestionChannel,
  submitterName: Text(64).optional(),
  category: HallSuggestionCategory,
  content: Required(2000),
});
export const HallCitizenSuggestion = z.object({ category: HallSuggestionCategory, content: Required(2000) });
export const HallSuggestionView = z.object({
  id: Uuid,
  number: z.string(),
  channel: HallSuggestionChannel,
  event: z.object({ id: Uuid, title: z.string(), heldOn: HallDay }).nullable(),
  submitterName: z.string().nullable(),
  category: HallSuggestionCategory,
  content: z.string(),
  status: HallSuggestionStatus,
  answer: z.string().nullable(),
  answeredAt: z.string().nullable(),
  action: z.string().nullable(),
  progress: z.number().int(),
  doneAt: z.string().nullable(),
  createdAt: z.string(),
  progressLog: z.array(
    z.object({ at: z.string(), progress: z.number().int(), note: z.string(), actorName: z.string().nullable() }),
  ),
  version: z.number().int(),
});
export const HallSuggestionListQuery = z.object({
  status: HallSuggestionStatus.optional(),
  eventId: Uuid.optional(),
  channel: HallSuggestionChannel.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export const HallSuggestionAnswer = z
  .object({
    answer: Required(2000),
    accepted: z.boolean(),
    action: Text(1000).optional(),
    version: z.number().int().optional(),
  })
  .refine((b) => !b.accepted || (b.action !== undefined && b.action.length > 0), {
    message: 'an accepted suggestion needs the action to be taken',
    path: ['action'],
  });
export const HallSuggestionProgress = z.object({
  progress: z.number().int().min(0).max(100),
  note: Required(1000),
  version: z.number().int().optional(),
});
export const HallSuggestionSummary = z.object({
  collected: z.number().int(),
  answered: z.number().int(),
  accepted: z.number().int(),
  inProgress: z.number().int(),
  /** Accepted and carried out (整改落实). */
  actedOn: z.number().int(),
  declined: z.number().int(),
  events: z.number().int(),
  byChannel: z.array(
    z.object({ channel: HallSuggestionChannel, collected: z.number().int(), actedOn: z.number().int() }),
  ),
  since: HallDay.nullable(),
});

// --------------------------------------------------------------- statistics

export const HallDurationStats = z.object({
  n: z.number().int(),
  avgMinutes: z.number().nullable(),
  p50Minutes: z.number().nullable(),
  p90Minutes: z.number().nullable(),
  p95Minutes: z.number().nullable(),
});
export type HallDurationStats = z.infer<typeof HallDurationStats>;
const Breakdown = { visits: z.number().int(), wait: HallDurationStats, handle: HallDurationStats };
export const HallStatsView = z.object({
  from: HallDay,
  to: HallDay,
  visits: z.number().int(),
  finished: z.number().int(),
  noShows: z.number().int(),
  /** Share of visits that came by appointment. */
  appointmentShare: z.number().nullable(),
  wait: HallDurationStats,
  handle: HallDurationStats,
  byService: z.array(z.object({ service: HallServiceRef, ...Breakdown })),
  byWindow: z.array(z.object({ window: HallWindowRef, ...Breakdown })),
  byHour: z.array(z.object({ hour: z.number().int(), ...Breakdown })),
  applications: z.object({
    submitted: z.number().int(),
    decided: z.number().int(),
    decidedOnTime: z.number().int(),
    onTimeRate: z.number().nullable(),
    avgWorkingDays: z.number().nullable(),
  }),
});
export const HallCompareQuery = z.object({
  baselineFrom: HallDay.optional(),
  baselineTo: HallDay.optional(),
  from: HallDay.optional(),
  to: HallDay.optional(),
});
const PeriodSummary = z.object({
  from: HallDay,
  to: HallDay,
  visits: z.number().int(),
  wait: HallDurationStats,
  handle: HallDurationStats,
});
export const HallCompareView = z.object({
  baseline: PeriodSummary,
  recent: PeriodSummary,
  /** Relative change recent vs baseline, in percent (−70 means 70% lower); null without data. */
  change: z.object({
    waitAvgPct: z.number().nullable(),
    waitP90Pct: z.number().nullable(),
    handleAvgPct: z.number().nullable(),
    visitsPct: z.number().nullable(),
  }),
});
export const HallDailyView = z.array(
  z.object({
    day: HallDay,
    visits: z.number().int(),
    waitAvgMinutes: z.number().nullable(),
    handleAvgMinutes: z.number().nullable(),
  }),
);
