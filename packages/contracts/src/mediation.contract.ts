import {
  DISPUTE_COMMANDS,
  DISPUTE_SOURCES,
  DISPUTE_STATUSES,
  DISPUTE_TRACKS,
  FOLLOWUP_RESULTS,
  MEDIATOR_KINDS,
  NEXT_STEPS,
  OUTCOMES,
  RISK_LEVELS,
} from '@fengqiao/domain';
import { z } from 'zod';
import { Crs, PersonRef, Uuid } from './common.contract';

/**
 * Dispute mediation (矛盾纠纷调解): the ledger, the three-level workflow and
 * the commercial track, the mediator pool and classified dispatch, sessions,
 * consultation meetings, follow-up visits, agreements, indicators.
 */
export const DisputeSource = z.enum(DISPUTE_SOURCES);
export const RiskLevel = z.enum(RISK_LEVELS);
export const DisputeLevel = z.union([z.literal(1), z.literal(2), z.literal(3)]);
export const DisputeTrack = z.enum(DISPUTE_TRACKS);
export const DisputeStatus = z.enum(DISPUTE_STATUSES);
export const Outcome = z.enum(OUTCOMES);
export const NextStep = z.enum(NEXT_STEPS);
export const MediatorKind = z.enum(MEDIATOR_KINDS);
export const FollowupResult = z.enum(FOLLOWUP_RESULTS);
export const DisputeCommandKind = z.enum(DISPUTE_COMMANDS);
const IsoDate = z.iso.date();
const IsoDateTime = z.iso.datetime({ offset: true });
const Money = z.number().min(0).max(1e12);
const Reason = z.string().trim().min(2).max(500);

// ------------------------------------------------------------ configuration

export const MediationCategoryView = z.object({
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  sort: z.number().int(),
  active: z.boolean(),
});
export const RiskLevelView = z.object({
  code: RiskLevel,
  nameZh: z.string(),
  meaning: z.string(),
  resolveDays: z.number().int(),
  remindHours: z.number().int(),
});
export const MediationSettings = z.object({
  /** Days after a successful (or partly successful) outcome on which follow-up visits fall due. */
  followupDays: z.array(z.number().int().min(1).max(365)).min(1).max(6),
});
export type MediationSettings = z.infer<typeof MediationSettings>;
export const MediationConfigView = z.object({
  categories: z.array(MediationCategoryView),
  riskLevels: z.array(RiskLevelView),
  settings: MediationSettings,
  judicialWindowDays: z.number().int(),
});
export type MediationConfigView = z.infer<typeof MediationConfigView>;
export const RiskLevelUpdate = z.object({
  nameZh: z.string().trim().min(1).max(32),
  meaning: z.string().trim().min(1).max(300),
  resolveDays: z.number().int().min(1).max(365),
  remindHours: z.number().int().min(0).max(720),
});
export const CategoryUpdate = z.object({
  nameZh: z.string().trim().min(1).max(32).optional(),
  nameEn: z.string().trim().min(1).max(64).optional(),
  sort: z.number().int().min(0).max(10_000).optional(),
  active: z.boolean().optional(),
});

// ------------------------------------------------------------ parties

export const PartyInput = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('person'),
    role: z.enum(['applicant', 'respondent', 'third_party']),
    name: z.string().trim().min(1).max(64),
    gender: z.enum(['M', 'F']).optional(),
    /** GB 11643; sealed at rest, masked in responses. */
    idNumber: z.string().trim().max(32).optional(),
    phone: z.string().trim().max(32).optional(),
    address: z.string().trim().max(200).optional(),
  }),
  z.object({
    kind: z.literal('enterprise'),
    role: z.enum(['applicant', 'respondent', 'third_party']),
    name: z.string().trim().min(2).max(100),
    /** Unified social credit code, GB 32100. */
    creditCode: z.string().trim().max(32),
    legalRepresentative: z.string().trim().max(64).optional(),
    phone: z.string().trim().max(32).optional(),
    address: z.string().trim().max(200).optional(),
  }),
]);
export type PartyInput = z.infer<typeof PartyInput>;

export const PartyView = z.object({
  id: Uuid,
  seq: z.number().int(),
  kind: z.enum(['person', 'enterprise']),
  role: z.enum(['applicant', 'respondent', 'third_party']),
  name: z.string(),
  gender: z.enum(['M', 'F']).nullable(),
  idNumber: z.string().nullable(),
  phone: z.string().nullable(),
  creditCode: z.string().nullable(),
  legalRepresentative: z.string().nullable(),
  address: z.string().nullable(),
});
export type PartyView = z.infer<typeof PartyView>;

// ------------------------------------------------------------ disputes

export const CreateDisputeRequest = z.object({
  categoryCode: z.string().trim().min(1).max(64),
  source: DisputeSource,
  sourceRef: z.string().trim().max(128).optional(),
  /** Required when source is 'incident': the command-room incident it came from (linked both ways). */
  incidentId: Uuid.optional(),
  summary: z.string().trim().min(2).max(200),
  facts: z.string().trim().max(8000).default(''),
  claims: z.string().trim().max(4000).default(''),
  place: z.string().trim().max(200).optional(),
  location: z
    .object({ lng: z.number().min(-180).max(180), lat: z.number().min(-90).max(90), crs: Crs.default('WGS84') })
    .optional(),
  /** Without a location, the grid may be named directly. */
  gridId: Uuid.optional(),
  risk: RiskLevel.default('yellow'),
  amount: Money.optional(),
  /** Where the dispute is first taken up; above level 1 needs disputes.coordinate. */
  level: DisputeLevel.default(1),
  registeredAt: IsoDateTime.optional(),
  parties: z.array(PartyInput).min(1).max(30),
});
export type CreateDisputeRequest = z.infer<typeof CreateDisputeRequest>;

export const UpdateDisputeRequest = z.object({
  version: z.number().int(),
  categoryCode: z.string().trim().min(1).max(64).optional(),
  summary: z.string().trim().min(2).max(200).optional(),
  facts: z.string().trim().max(8000).optional(),
  claims: z.string().trim().max(4000).optional(),
  place: z.string().trim().max(200).optional(),
  risk: RiskLevel.optional(),
  amount: Money.nullable().optional(),
  reason: z.string().trim().max(500).optional(),
});

export const TransitionRequest = z.object({
  command: z.enum(['escalate', 'deescalate', 'refer_commercial', 'return_standard', 'reopen']),
  reason: Reason,
  /** The version the client saw; when sent, a stale command is refused with 409. */
  version: z.number().int().optional(),
});
export type TransitionRequest = z.infer<typeof TransitionRequest>;

export const OutcomeRequest = z
  .object({
    outcome: Outcome,
    nextStep: NextStep.optional(),
    note: z.string().trim().max(2000).optional(),
    version: z.number().int().optional(),
  })
  .refine((b) => b.outcome !== 'failed' || b.nextStep !== undefined, {
    message: 'a failed mediation names the next step',
    path: ['nextStep'],
  });

export const DisputeNoteRequest = z.object({ note: z.string().trim().min(1).max(4000) });
export const AddPartyRequest = z.object({ party: PartyInput, version: z.number().int().optional() });
export const RevealPartyRequest = z.object({
  partyId: Uuid,
  field: z.enum(['idNumber', 'phone']),
  reason: z.string().trim().min(4).max(200),
});

export const AssignmentView = z.object({
  mediatorId: Uuid,
  name: z.string(),
  kind: z.string(),
  role: z.enum(['lead', 'member']),
  level: z.number().int(),
  track: DisputeTrack,
  score: z.number().nullable(),
  assignedAt: z.string(),
  releasedAt: z.string().nullable(),
});

export const DisputeSummary = z.object({
  id: Uuid,
  number: z.string(),
  categoryCode: z.string(),
  source: DisputeSource,
  summary: z.string(),
  place: z.string().nullable(),
  gridId: Uuid.nullable(),
  gridCode: z.string().nullable(),
  risk: RiskLevel,
  amount: z.number().nullable(),
  level: DisputeLevel,
  maxLevel: DisputeLevel,
  track: DisputeTrack,
  status: DisputeStatus,
  outcome: Outcome.nullable(),
  partyNames: z.string(),
  hasEnterprise: z.boolean(),
  mediators: z.array(z.object({ id: Uuid, name: z.string(), role: z.enum(['lead', 'member']) })),
  registeredAt: z.string(),
  dueAt: z.string().nullable(),
  overdue: z.boolean(),
  resolvedAt: z.string().nullable(),
  reopenedCount: z.number().int(),
  version: z.number().int(),
});
export type DisputeSummary = z.infer<typeof DisputeSummary>;

export const DisputeEventView = z.object({
  id: z.number().int(),
  at: z.string(),
  kind: z.string(),
  actorName: z.string().nullable(),
  from: z.object({ status: z.string().nullable(), level: z.number().nullable(), track: z.string().nullable() }),
  to: z.object({ status: z.string().nullable(), level: z.number().nullable(), track: z.string().nullable() }),
  reason: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  version: z.number().int().nullable(),
});

export const SessionParticipant = z.object({
  kind: z.enum(['mediator', 'party', 'staff', 'other']),
  personId: Uuid.optional(),
  partyId: Uuid.optional(),
  name: z.string().trim().min(1).max(64),
  attended: z.boolean().optional(),
});
export const SessionView = z.object({
  id: Uuid,
  disputeId: Uuid,
  disputeNumber: z.string(),
  scheduledAt: z.string(),
  durationMinutes: z.number().int(),
  mode: z.enum(['in_person', 'video']),
  place: z.string().nullable(),
  videoLink: z.string().nullable(),
  participants: z.array(SessionParticipant),
  status: z.enum(['scheduled', 'held', 'cancelled']),
  minutes: z.string().nullable(),
  heldAt: z.string().nullable(),
  version: z.number().int(),
});
export type SessionView = z.infer<typeof SessionView>;

export const FollowupView = z.object({
  id: Uuid,
  disputeId: Uuid,
  disputeNumber: z.string(),
  seq: z.number().int(),
  dueAt: z.string(),
  status: z.enum(['pending', 'done', 'cancelled']),
  doneAt: z.string().nullable(),
  method: z.enum(['phone', 'visit', 'video']).nullable(),
  result: FollowupResult.nullable(),
  note: z.string().nullable(),
  visitorName: z.string().nullable(),
  overdue: z.boolean(),
});
export type FollowupView = z.infer<typeof FollowupView>;

export const TermView = z.object({
  id: Uuid,
  seq: z.number().int(),
  text: z.string(),
  obligor: z.string().nullable(),
  dueOn: z.string().nullable(),
  amount: z.number().nullable(),
  status: z.enum(['pending', 'performed', 'breached', 'waived']),
  performedOn: z.string().nullable(),
  note: z.string().nullable(),
  overdue: z.boolean(),
});

export const AgreementView = z.object({
  id: Uuid,
  disputeId: Uuid,
  number: z.string(),
  form: z.enum(['written', 'oral']),
  status: z.enum(['draft', 'signed', 'void']),
  facts: z.string(),
  issues: z.string(),
  responsibilities: z.array(z.object({ partyId: Uuid.nullable(), party: z.string(), text: z.string() })),
  terms: z.array(TermView),
  performanceMethod: z.string(),
  performanceDeadline: z.string().nullable(),
  performanceStatus: z.enum(['pending', 'in_progress', 'performed', 'breached']),
  agreedOn: z.string(),
  signedAt: z.string().nullable(),
  signedCopyUrl: z.string().nullable(),
  pdfUrl: z.string().nullable(),
  judicial: z.object({
    status: z.enum(['none', 'applied', 'confirmed', 'rejected', 'lapsed', 'not_applicable']),
    windowEnds: z.string().nullable(),
    daysLeft: z.number().int().nullable(),
    appliedOn: z.string().nullable(),
    court: z.string().nullable(),
    decidedOn: z.string().nullable(),
    caseNo: z.string().nullable(),
    note: z.string().nullable(),
  }),
  version: z.number().int(),
});
export type AgreementView = z.infer<typeof AgreementView>;

export const DisputeDetail = DisputeSummary.extend({
  sourceRef: z.string().nullable(),
  incidentId: Uuid.nullable(),
  facts: z.string(),
  claims: z.string(),
  location: z.tuple([z.number(), z.number()]).nullable(),
  responsible: PersonRef.nullable(),
  initialLevel: DisputeLevel,
  nextStep: NextStep.nullable(),
  outcomeNote: z.string().nullable(),
  closedAt: z.string().nullable(),
  parties: z.array(PartyView),
  assignments: z.array(AssignmentView),
  events: z.array(DisputeEventView),
  sessions: z.array(SessionView),
  followups: z.array(FollowupView),
  agreements: z.array(AgreementView),
  consultations: z.array(
    z.object({
      meetingId: Uuid,
      title: z.string(),
      scheduledAt: z.string(),
      decision: z.string().nullable(),
    }),
  ),
  /** Commands the workflow accepts now (buttons to show); the server still checks each. */
  actions: z.array(DisputeCommandKind),
});
export type DisputeDetail = z.infer<typeof DisputeDetail>;

/** Ledger filters; also what a saved view stores. */
export const DisputeFilter = z.object({
  status: z.string().max(100).optional(),
  level: z.string().max(10).optional(),
  track: DisputeTrack.optional(),
  risk: z.string().max(30).optional(),
  category: z.string().max(200).optional(),
  source: DisputeSource.optional(),
  gridId: Uuid.optional(),
  mediatorId: Uuid.optional(),
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
  /** Number, party name (prefix), or exact party ID number / phone / credit code. */
  q: z.string().trim().max(64).optional(),
  /** 'mine': assigned to me or in my charge; 'overdue': open past their deadline; 'at_risk': open and red, due within 48 h, or reopened. */
  view: z.enum(['all', 'mine', 'overdue', 'at_risk']).optional(),
});
export type DisputeFilter = z.infer<typeof DisputeFilter>;
export const DisputeListQuery = DisputeFilter.extend({
  sort: z.enum(['registered_desc', 'registered_asc', 'due_asc']).default('registered_desc'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type DisputeListQuery = z.infer<typeof DisputeListQuery>;

export const SavedViewRequest = z.object({ name: z.string().trim().min(1).max(64), filter: DisputeFilter });
export const SavedView = z.object({ id: Uuid, name: z.string(), filter: DisputeFilter, createdAt: z.string() });

// ------------------------------------------------------------ mediators

export const MediatorUpsert = z.object({
  kind: MediatorKind,
  specialties: z.array(z.string().min(1).max(64)).max(15).default([]),
  levels: z.array(DisputeLevel).max(3).default([]),
  commercial: z.boolean().default(false),
  gridIds: z.array(Uuid).max(50).default([]),
  villages: z.array(z.string().trim().min(1).max(64)).max(50).default([]),
  maxLoad: z.number().int().min(0).max(100).default(6),
  weekdays: z.array(z.number().int().min(1).max(7)).max(7).default([1, 2, 3, 4, 5]),
  active: z.boolean().default(true),
  note: z.string().trim().max(500).optional(),
});
export type MediatorUpsert = z.infer<typeof MediatorUpsert>;

export const UnavailabilityRequest = z
  .object({ from: IsoDate, to: IsoDate, reason: z.string().trim().max(200).optional() })
  .refine((b) => b.from <= b.to, { message: 'the period ends before it starts', path: ['to'] });
export const ConflictRequest = z.discriminatedUnion('subjectKind', [
  z.object({
    subjectKind: z.literal('person'),
    name: z.string().trim().min(1).max(64),
    idNumber: z.string().trim().max(32).optional(),
    relation: z.string().trim().min(1).max(64),
    note: z.string().trim().max(300).optional(),
  }),
  z.object({
    subjectKind: z.literal('enterprise'),
    name: z.string().trim().min(2).max(100),
    creditCode: z.string().trim().max(32),
    relation: z.string().trim().min(1).max(64),
    note: z.string().trim().max(300).optional(),
  }),
]);

export const MediatorView = z.object({
  id: Uuid,
  name: z.string(),
  title: z.string().nullable(),
  phone: z.string().nullable(),
  kind: MediatorKind,
  specialties: z.array(z.string()),
  levels: z.array(z.number().int()),
  commercial: z.boolean(),
  gridIds: z.array(Uuid),
  villages: z.array(z.string()),
  maxLoad: z.number().int(),
  load: z.number().int(),
  weekdays: z.array(z.number().int()),
  active: z.boolean(),
  note: z.string().nullable(),
  decided: z.number().int(),
  succeeded: z.number().int(),
  unavailable: z.array(z.object({ id: Uuid, from: z.string(), to: z.string(), reason: z.string().nullable() })),
  conflicts: z.array(
    z.object({
      id: Uuid,
      subjectKind: z.enum(['person', 'enterprise']),
      name: z.string(),
      idNumber: z.string().nullable(),
      creditCode: z.string().nullable(),
      relation: z.string(),
    }),
  ),
  version: z.number().int(),
});
export type MediatorView = z.infer<typeof MediatorView>;

export const MediatorListQuery = z.object({
  kind: MediatorKind.optional(),
  specialty: z.string().max(64).optional(),
  gridId: Uuid.optional(),
  commercial: z.enum(['true', 'false']).optional(),
  active: z.enum(['true', 'false']).optional(),
});

export const MatchFactorView = z.object({
  factor: z.enum(['specialty', 'level', 'locality', 'load', 'availability', 'track_record']),
  points: z.number(),
  max: z.number(),
  note: z.string(),
});
export const SuggestionsView = z.object({
  disputeId: Uuid,
  on: z.string(),
  suggestions: z.array(
    z.object({
      mediator: z.object({ id: Uuid, name: z.string(), kind: MediatorKind, title: z.string().nullable() }),
      score: z.number(),
      factors: z.array(MatchFactorView),
    }),
  ),
  excluded: z.array(
    z.object({
      mediator: z.object({ id: Uuid, name: z.string(), kind: MediatorKind, title: z.string().nullable() }),
      reasons: z.array(z.enum(['conflict_of_interest', 'load_cap', 'inactive', 'not_commercial', 'already_assigned'])),
      notes: z.array(z.string()),
    }),
  ),
});
export const SuggestionsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(50).default(10),
  on: IsoDate.optional(),
});
export const AssignRequest = z
  .object({
    mediatorIds: z.array(Uuid).min(1).max(7),
    /** The lead of a panel; defaults to the first named. */
    leadId: Uuid.optional(),
    note: z.string().trim().max(500).optional(),
  })
  .refine((b) => new Set(b.mediatorIds).size === b.mediatorIds.length, {
    message: 'a mediator is named twice',
    path: ['mediatorIds'],
  })
  .refine((b) => b.leadId === undefined || b.mediatorIds.includes(b.leadId), {
    message: 'the lead must be one of the mediators',
    path: ['leadId'],
  });
export const ReleaseRequest = z.object({ reason: z.string().trim().max(300).optional() });

// ------------------------------------------------------------ sessions, follow-ups

export const CreateSessionRequest = z
  .object({
    scheduledAt: IsoDateTime,
    durationMinutes: z.number().int().min(10).max(600).default(60),
    mode: z.enum(['in_person', 'video']),
    place: z.string().trim().min(2).max(200).optional(),
    videoLink: z.url().max(500).optional(),
    participants: z.array(SessionParticipant).max(30).default([]),
  })
  .refine((b) => b.mode !== 'in_person' || b.place !== undefined, { message: 'name the place', path: ['place'] })
  .refine((b) => b.mode !== 'video' || b.videoLink !== undefined, {
    message: 'give the video link',
    path: ['videoLink'],
  });
export const UpdateSessionRequest = z.object({
  status: z.enum(['scheduled', 'held', 'cancelled']).optional(),
  scheduledAt: IsoDateTime.optional(),
  minutes: z.string().trim().max(20_000).optional(),
  participants: z.array(SessionParticipant).max(30).optional(),
  version: z.number().int().optional(),
});
export const SessionListQuery = z.object({ from: IsoDateTime.optional(), to: IsoDateTime.optional() });

export const FollowupRequest = z.object({
  method: z.enum(['phone', 'visit', 'video']),
  result: FollowupResult,
  note: z.string().trim().max(2000).optional(),
});
export const FollowupListQuery = z.object({ status: z.enum(['pending', 'done']).default('pending') });

// ------------------------------------------------------------ agreements

export const CreateAgreementRequest = z.object({
  form: z.enum(['written', 'oral']).default('written'),
  facts: z.string().trim().min(2).max(8000),
  issues: z.string().trim().max(4000).default(''),
  responsibilities: z
    .array(z.object({ partyId: Uuid, text: z.string().trim().min(1).max(2000) }))
    .max(30)
    .default([]),
  terms: z
    .array(
      z.object({
        text: z.string().trim().min(2).max(2000),
        obligorPartyId: Uuid.optional(),
        dueOn: IsoDate.optional(),
        amount: Money.optional(),
      }),
    )
    .min(1)
    .max(30),
  performanceMethod: z.string().trim().max(2000).default(''),
  performanceDeadline: IsoDate.optional(),
  agreedOn: IsoDate.optional(),
});
export type CreateAgreementRequest = z.infer<typeof CreateAgreementRequest>;
export const JudicialRequest = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('apply'),
    court: z.string().trim().min(2).max(100),
    appliedOn: IsoDate,
    note: z.string().trim().max(500).optional(),
  }),
  z.object({
    action: z.literal('decide'),
    decision: z.enum(['confirmed', 'rejected']),
    decidedOn: IsoDate,
    caseNo: z.string().trim().max(64).optional(),
    note: z.string().trim().max(500).optional(),
  }),
]);
export const TermUpdateRequest = z.object({
  status: z.enum(['pending', 'performed', 'breached', 'waived']),
  performedOn: IsoDate.optional(),
  note: z.string().trim().max(500).optional(),
});
export const AgreementListQuery = z.object({
  judicial: z.enum(['window_open', 'applied', 'confirmed', 'rejected', 'lapsed']).optional(),
  performance: z.enum(['pending', 'in_progress', 'performed', 'breached']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

// ------------------------------------------------------------ consultation meetings

export const CreateMeetingRequest = z.object({
  title: z.string().trim().min(2).max(100),
  scheduledAt: IsoDateTime,
  place: z.string().trim().max(200).optional(),
  videoLink: z.url().max(500).optional(),
  recurrence: z.enum(['none', 'weekly', 'biweekly', 'monthly']).default('none'),
  attendeeIds: z.array(Uuid).max(50).default([]),
});
export const AttendanceRequest = z.object({
  attendees: z.array(z.object({ personId: Uuid, present: z.boolean() })).max(50),
});
export const DecisionRequest = z.object({
  disputeId: Uuid,
  decision: z.string().trim().min(2).max(2000),
});
export const CloseMeetingRequest = z.object({ minutes: z.string().trim().max(20_000).optional() });
export const MeetingView = z.object({
  id: Uuid,
  seriesId: Uuid,
  title: z.string(),
  scheduledAt: z.string(),
  place: z.string().nullable(),
  videoLink: z.string().nullable(),
  recurrence: z.enum(['none', 'weekly', 'biweekly', 'monthly']),
  status: z.enum(['scheduled', 'held', 'cancelled']),
  attendees: z.array(z.object({ personId: Uuid, name: z.string(), present: z.boolean().nullable() })),
  minutes: z.string().nullable(),
  agenda: z.array(
    z.object({
      seq: z.number().int(),
      dispute: DisputeSummary,
      reasons: z.array(z.enum(['level3', 'red', 'overdue'])),
      decision: z.string().nullable(),
      decidedAt: z.string().nullable(),
    }),
  ),
  nextMeetingId: Uuid.nullable(),
  version: z.number().int(),
});
export type MeetingView = z.infer<typeof MeetingView>;

// ------------------------------------------------------------ import / export

export const ImportRowError = z.object({
  row: z.number().int(),
  column: z.string(),
  code: z.string(),
  message: z.string(),
});
export const ImportResult = z.object({
  dryRun: z.boolean(),
  rows: z.number().int(),
  imported: z.number().int(),
  errors: z.array(ImportRowError),
  numbers: z.array(z.string()),
});
export type ImportResult = z.infer<typeof ImportResult>;
export const ImportQuery = z.object({ dryRun: z.enum(['true', 'false']).default('false') });
export const ExportRequest = z.object({ filter: DisputeFilter.default({}) });
export const ExportView = z.object({
  id: Uuid,
  status: z.enum(['ready', 'running', 'done', 'failed']),
  total: z.number().int(),
  rowsWritten: z.number().int(),
  /** 0–1. */
  progress: z.number(),
  downloadUrl: z.string(),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});

// ------------------------------------------------------------ indicators

export const IndicatorQuery = z.object({
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
  gridId: Uuid.optional(),
  category: z.string().max(64).optional(),
});
const Rates = z.object({
  decided: z.number().int(),
  success: z.number().int(),
  partial: z.number().int(),
  failed: z.number().int(),
  withdrawn: z.number().int(),
  successRate: z.number().nullable(),
  grassrootsShare: z.number().nullable(),
  avgDaysToResolve: z.number().nullable(),
});
export const IndicatorsView = z.object({
  from: z.string(),
  to: z.string(),
  registered: z.number().int(),
  open: z.number().int(),
  overall: Rates,
  levels: z.array(
    z.object({
      level: DisputeLevel,
      handled: z.number().int(),
      resolvedHere: z.number().int(),
      escalated: z.number().int(),
      failedHere: z.number().int(),
      successRate: z.number().nullable(),
    }),
  ),
  commercial: z.object({ handled: z.number().int(), success: z.number().int(), successRate: z.number().nullable() }),
  followups: z.object({
    disputesVisited: z.number().int(),
    relapsed: z.number().int(),
    relapseRate: z.number().nullable(),
  }),
  byGrid: z.array(Rates.extend({ gridId: Uuid.nullable(), gridCode: z.string().nullable() })),
  byCategory: z.array(Rates.extend({ categoryCode: z.string() })),
  byMonth: z.array(Rates.extend({ month: z.string() })),
});
export type IndicatorsView = z.infer<typeof IndicatorsView>;

// ------------------------------------------------------------ notifications

export const NotificationView = z.object({
  id: Uuid,
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  disputeId: Uuid.nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});

/** Live topics of this module. */
export const MEDIATION_TOPICS = {
  'disputes.changed': z.object({
    disputeId: z.string(),
    number: z.string(),
    status: DisputeStatus,
    level: z.number().int(),
    track: DisputeTrack,
    risk: RiskLevel,
    gridId: z.string().nullable(),
    change: z.string(),
    version: z.number().int(),
  }),
  'mediation.notification': z.object({
    notificationId: z.string(),
    kind: z.string(),
    title: z.string(),
    disputeId: z.string().nullable(),
  }),
} as const;
