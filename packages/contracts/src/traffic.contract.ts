import {
  ACCIDENT_TYPES,
  EVIDENCE_FACTS,
  FOG_GRADES,
  LIABILITIES,
  PHOTO_KINDS,
  REJECT_REASONS,
  VEHICLE_TYPES,
  VIOLATION_SOURCES,
  VIOLATION_STATUSES,
  WEATHERS,
} from '@fengqiao/domain';
import { z } from 'zod';
import { Crs, Uuid } from './common.contract';

const Iso = z.iso.datetime({ offset: true });
const Lng = z.number().min(-180).max(180);
const Lat = z.number().min(-90).max(90);

// ------------------------------------------------------------ quick handling
export const AccidentEligibility = z.object({
  noInjuries: z.boolean(),
  vehiclesMovable: z.boolean(),
  bothInsured: z.boolean(),
  validLicences: z.boolean(),
  noDrinkOrDrugs: z.boolean(),
});
export type AccidentEligibility = z.infer<typeof AccidentEligibility>;

export const AccidentEligibilityRequest = z.object({
  clientId: Uuid,
  eligibility: AccidentEligibility,
  lng: Lng,
  lat: Lat,
  crs: Crs.default('WGS84'),
  address: z.string().trim().min(2).max(200),
  description: z.string().trim().max(500).default(''),
});
export const AccidentEligibilityResponse = z.object({
  eligible: z.boolean(),
  reasons: z.array(z.string()),
  /** Ineligible: the command-room incident the case became. */
  incidentId: Uuid.nullable(),
  incidentNumber: z.string().nullable(),
});
export type AccidentEligibilityResponse = z.infer<typeof AccidentEligibilityResponse>;

export const AccidentPartyInput = z.object({
  name: z.string().trim().min(1).max(32),
  /** Driving licence number (the driver's ID number). */
  licenceNo: z.string().trim().min(15).max(18),
  plate: z.string().trim().min(6).max(12),
  vehicleType: z.enum(VEHICLE_TYPES),
  insurer: z.string().trim().min(2).max(40),
  policyNo: z.string().trim().max(40).default(''),
});
export type AccidentPartyInput = z.infer<typeof AccidentPartyInput>;

export const AccidentCreateRequest = z.object({
  clientId: Uuid,
  eligibility: AccidentEligibility,
  occurredAt: Iso,
  lng: Lng,
  lat: Lat,
  crs: Crs.default('WGS84'),
  address: z.string().trim().min(2).max(200),
  weather: z.enum(WEATHERS),
  accidentType: z.enum(ACCIDENT_TYPES),
  description: z.string().trim().max(1000).default(''),
  partyA: AccidentPartyInput,
  partyB: AccidentPartyInput,
});
export type AccidentCreateRequest = z.infer<typeof AccidentCreateRequest>;

export const AccidentPartyView = z.object({
  role: z.enum(['a', 'b']),
  name: z.string(),
  licenceMasked: z.string(),
  plate: z.string(),
  vehicleType: z.enum(VEHICLE_TYPES),
  insurer: z.string(),
  policyNo: z.string(),
  liability: z.enum(LIABILITIES).nullable(),
  signedAt: Iso.nullable(),
});
export const AccidentPhotoView = z.object({
  id: Uuid,
  kind: z.enum(PHOTO_KINDS),
  party: z.enum(['a', 'b']),
  contentType: z.string(),
  size: z.number().int(),
  uploadedAt: Iso,
});
export type AccidentPhotoView = z.infer<typeof AccidentPhotoView>;

export const AccidentStatus = z.enum(['referred', 'open', 'joined', 'agreed', 'review', 'documented']);
export type AccidentStatus = z.infer<typeof AccidentStatus>;

export const AccidentCaseView = z.object({
  id: Uuid,
  number: z.string(),
  status: AccidentStatus,
  occurredAt: Iso,
  point: z.tuple([z.number(), z.number()]),
  address: z.string(),
  weather: z.enum(WEATHERS),
  accidentType: z.enum(ACCIDENT_TYPES),
  description: z.string(),
  parties: z.array(AccidentPartyView),
  photos: z.array(AccidentPhotoView),
  missingPhotos: z.array(z.enum(PHOTO_KINDS)),
  /** The caller's side of the case: 'a', 'b' or null for staff. */
  me: z.enum(['a', 'b']).nullable(),
  /** Shown to party A until party B has joined. */
  joinCode: z.string().nullable(),
  joinCodeExpiresAt: Iso.nullable(),
  bJoined: z.boolean(),
  liability: z.enum(LIABILITIES).nullable(),
  determinationText: z.string().nullable(),
  reviewer: z.string().nullable(),
  reviewRequestedAt: Iso.nullable(),
  documentKind: z.enum(['agreement', 'determination']).nullable(),
  documentAt: Iso.nullable(),
  /** Minutes from the case's creation to its document. */
  minutesToDocument: z.number().nullable(),
  videoCallUrl: z.string().nullable(),
  createdAt: Iso,
  version: z.number().int(),
});
export type AccidentCaseView = z.infer<typeof AccidentCaseView>;

export const AccidentJoinRequest = z.object({ code: z.string().trim().min(1).max(12) });
export const AccidentStatementRequest = z.object({
  liability: z.enum(LIABILITIES),
  /** Party B confirms the facts party A entered. */
  factsConfirmed: z.literal(true),
});
export const AccidentSignRequest = z.object({
  /** The signer types their name as it appears on the case. */
  signature: z.string().trim().min(1).max(32),
});
export const AccidentDeterminationRequest = z.object({
  liability: z.enum(LIABILITIES),
  text: z.string().trim().min(10).max(2000),
  version: z.number().int(),
});
export const AccidentListQuery = z.object({ status: AccidentStatus.optional() });
export const AccidentStats = z.object({
  total: z.number().int(),
  byStatus: z.record(z.string(), z.number().int()),
  documented: z.number().int(),
  avgMinutesToDocument: z.number().nullable(),
  medianMinutesToDocument: z.number().nullable(),
  agreements: z.number().int(),
  determinations: z.number().int(),
  referred: z.number().int(),
});
export type AccidentStats = z.infer<typeof AccidentStats>;
export const InsurerDeliveryView = z.object({
  id: Uuid,
  caseNumber: z.string(),
  insurer: z.string(),
  status: z.enum(['pending', 'delivered', 'exported', 'failed']),
  attempts: z.number().int(),
  createdAt: Iso,
  deliveredAt: Iso.nullable(),
  payload: z.record(z.string(), z.unknown()),
});

// ------------------------------------------------------------- violations
export const ViolationCodeView = z.object({
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  points: z.number().int(),
  fineMin: z.number().int(),
  fineMax: z.number().int(),
  active: z.boolean(),
});
export type ViolationCodeView = z.infer<typeof ViolationCodeView>;
export const ViolationCodeUpsert = z
  .object({
    nameZh: z.string().trim().min(2).max(200),
    nameEn: z.string().trim().min(2).max(200),
    points: z.number().int().min(0).max(12),
    fineMin: z.number().int().min(0).max(100_000),
    fineMax: z.number().int().min(0).max(100_000),
    active: z.boolean().default(true),
  })
  .refine((v) => v.fineMax >= v.fineMin, { path: ['fineMax'], message: 'below_min' });

export const EvidenceRef = z.object({
  fileId: Uuid.nullable(),
  /** A reference into another system (a camera event's frame), when there is no file here. */
  ref: z.string().max(300).nullable(),
  kind: z.enum(['photo', 'video', 'frame']),
  caption: z.string().max(200),
});
export type EvidenceRef = z.infer<typeof EvidenceRef>;

export const ViolationReportRequest = z.object({
  clientId: Uuid,
  plate: z.string().trim().min(6).max(12),
  plateColour: z.enum(['blue', 'yellow', 'green', 'white', 'black']).default('blue'),
  vehicleType: z.enum(VEHICLE_TYPES),
  appearance: z.string().trim().min(2).max(200),
  occurredAt: Iso,
  place: z.string().trim().min(2).max(200),
  lng: Lng.optional(),
  lat: Lat.optional(),
  act: z.string().trim().min(2).max(500),
  suggestedCode: z
    .string()
    .regex(/^\d{4}$/)
    .optional(),
  evidence: z
    .array(z.object({ fileId: Uuid, caption: z.string().trim().max(200).default('') }))
    .min(1)
    .max(10),
});
export type ViolationReportRequest = z.infer<typeof ViolationReportRequest>;

export const ViolationView = z.object({
  id: Uuid,
  number: z.string(),
  source: z.enum(VIOLATION_SOURCES),
  sourceRef: z.string(),
  status: z.enum(VIOLATION_STATUSES),
  plate: z.string(),
  plateColour: z.string(),
  vehicleType: z.enum(VEHICLE_TYPES),
  appearance: z.string(),
  occurredAt: Iso,
  place: z.string(),
  point: z.tuple([z.number(), z.number()]).nullable(),
  act: z.string(),
  suggestedCode: z.string().nullable(),
  evidence: z.array(EvidenceRef),
  enteredBy: z.string().nullable(),
  enteredAt: Iso,
  dueAt: Iso,
  overdue: z.boolean(),
  reviewedBy: z.string().nullable(),
  reviewedAt: Iso.nullable(),
  code: ViolationCodeView.nullable(),
  checkedFacts: z.array(z.string()),
  rejectReason: z.enum(REJECT_REASONS).nullable(),
  rejectNote: z.string().nullable(),
  exportedAt: Iso.nullable(),
  version: z.number().int(),
});
export type ViolationView = z.infer<typeof ViolationView>;

export const ViolationListQuery = z.object({
  status: z.enum(VIOLATION_STATUSES).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export const ViolationPage = z.object({
  items: z.array(ViolationView),
  total: z.number().int(),
  overdue: z.number().int(),
  pending: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type ViolationPage = z.infer<typeof ViolationPage>;
export const ViolationConfirmRequest = z.object({
  code: z.string().regex(/^\d{4}$/),
  checkedFacts: z.array(z.enum(EVIDENCE_FACTS)).max(6),
  version: z.number().int(),
});
export const ViolationRejectRequest = z.object({
  reason: z.enum(REJECT_REASONS),
  note: z.string().trim().max(500).default(''),
  version: z.number().int(),
});
export const ViolationExportRequest = z.object({
  /** Confirmed violations not exported before (default) or every one reviewed in the period. */
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});
export const UploadView = z.object({ fileId: Uuid, contentType: z.string(), size: z.number().int() });

// -------------------------------------------------------------------- fog
export const FogStationView = z.object({
  id: Uuid,
  code: z.string(),
  name: z.string(),
  kind: z.enum(['road_weather', 'camera']),
  point: z.tuple([z.number(), z.number()]),
  active: z.boolean(),
  latest: z.object({ observedAt: Iso, visibilityM: z.number(), flag: z.string().nullable() }).nullable(),
});
export type FogStationView = z.infer<typeof FogStationView>;
export const FogStationCreate = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{2,32}$/),
  name: z.string().trim().min(2).max(64),
  kind: z.enum(['road_weather', 'camera']),
  lng: Lng,
  lat: Lat,
});
export const FogObservationInput = z.object({
  station: z.string().trim().min(1).max(32),
  observedAt: z.string(),
  visibilityM: z.number(),
  windU: z.number().optional(),
  windV: z.number().optional(),
  /** Camera estimates carry the estimator's confidence (0–1). */
  confidence: z.number().min(0).max(1).optional(),
});
export const FogObservationBatch = z.object({ observations: z.array(FogObservationInput).min(1).max(5000) });
export const FogIngestResult = z.object({
  accepted: z.number().int(),
  flagged: z.array(z.object({ index: z.number().int(), station: z.string(), reason: z.string() })),
  rejected: z.array(z.object({ index: z.number().int(), station: z.string(), reason: z.string() })),
});
export type FogIngestResult = z.infer<typeof FogIngestResult>;

export const FogWarningView = z.object({
  id: Uuid,
  roadId: Uuid,
  roadName: z.string(),
  roadKind: z.string(),
  grade: z.enum(FOG_GRADES),
  minVisibilityM: z.number().int(),
  fromLeadMin: z.number().int(),
  lengthKm: z.number(),
  path: z.array(z.tuple([z.number(), z.number()])),
  polygon: z.array(z.tuple([z.number(), z.number()])),
  maxSpeedKmh: z.number().int().nullable(),
  minGapM: z.number().int().nullable(),
  instructionZh: z.string(),
  instructionEn: z.string(),
  issuedAt: Iso,
  expiresAt: Iso,
  incidentId: Uuid.nullable(),
  capUrl: z.string(),
});
export type FogWarningView = z.infer<typeof FogWarningView>;

export const FogNowcastView = z.object({
  id: z.number().int(),
  issuedAt: Iso,
  frame: z.object({
    west: z.number(),
    south: z.number(),
    lat0: z.number(),
    cellKm: z.number(),
    nx: z.number().int(),
    ny: z.number().int(),
  }),
  leads: z.array(z.number().int()),
  /** Visibility (m) per lead, row-major from the south-west cell. */
  fields: z.array(z.array(z.number())),
  stationsUsed: z.number().int(),
  tookMs: z.number().int(),
  warnings: z.array(FogWarningView),
});
export type FogNowcastView = z.infer<typeof FogNowcastView>;
