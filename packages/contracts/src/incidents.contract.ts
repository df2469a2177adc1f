import { INCIDENT_SOURCES, ORDER_STATUSES, PRIORITIES } from '@fengqiao/domain';
import { z } from 'zod';
import { Crs, PersonRef, Uuid } from './common.contract';

export const Priority = z.enum(PRIORITIES);
export const IncidentSource = z.enum(INCIDENT_SOURCES);
export const OrderStatus = z.enum(ORDER_STATUSES);
export const IncidentStatus = z.enum(['new', 'dispatched', 'in_progress', 'resolved', 'closed', 'transferred']);
export const TeamCode = z.enum(['community', 'case', 'patrol', 'command_room']);

export const CategoryView = z.object({
  code: z.string(),
  parentCode: z.string().nullable(),
  nameZh: z.string(),
  nameEn: z.string(),
  team: TeamCode,
  defaultPriority: Priority,
  open311: z.boolean(),
  active: z.boolean(),
});
export type CategoryView = z.infer<typeof CategoryView>;

/** NENA EIDO-shaped parties: identifiers go in sealed and come out masked. */
export const IncidentPersonInput = z.object({
  role: z.enum(['caller', 'victim', 'suspect', 'witness', 'involved']),
  name: z.string().trim().max(64).optional(),
  gender: z.enum(['M', 'F']).optional(),
  idNumber: z.string().trim().max(32).optional(),
  phone: z.string().trim().max(32).optional(),
  description: z.string().trim().max(500).optional(),
});
export const IncidentVehicleInput = z.object({
  plate: z.string().trim().max(16).optional(),
  kind: z.string().trim().max(32).optional(),
  colour: z.string().trim().max(16).optional(),
  description: z.string().trim().max(200).optional(),
});

export const CreateIncidentRequest = z.object({
  source: IncidentSource,
  sourceRef: z.string().trim().min(1).max(128).optional(),
  categoryCode: z.string().trim().min(1).max(64),
  /** Omit to take the suggested priority from the rules. */
  priority: Priority.optional(),
  summary: z.string().trim().min(2).max(200),
  description: z.string().trim().max(4000).default(''),
  address: z.string().trim().max(200).optional(),
  location: z
    .object({ lng: z.number().min(-180).max(180), lat: z.number().min(-90).max(90), crs: Crs.default('WGS84') })
    .optional(),
  callerName: z.string().trim().max(64).optional(),
  callerPhone: z.string().trim().max(32).optional(),
  persons: z.array(IncidentPersonInput).max(20).default([]),
  vehicles: z.array(IncidentVehicleInput).max(20).default([]),
  reportedAt: z.iso.datetime({ offset: true }).optional(),
  /** 'auto' dispatches to the routed assignee at once (the operator's default); 'none' leaves it in the triage queue. */
  dispatch: z.enum(['auto', 'none']).default('none'),
});
export type CreateIncidentRequest = z.infer<typeof CreateIncidentRequest>;

export const SuggestRequest = z.object({
  categoryCode: z.string().min(1).max(64),
  description: z.string().max(4000).default(''),
  source: IncidentSource.default('call_110'),
  location: z.object({ lng: z.number(), lat: z.number(), crs: Crs.default('WGS84') }).optional(),
});

export const RoutingView = z.object({
  gridId: Uuid.nullable(),
  gridCode: z.string().nullable(),
  gridName: z.string().nullable(),
  outsideJurisdiction: z.boolean(),
  team: TeamCode,
  officer: PersonRef.nullable(),
  unit: z.object({ id: Uuid, code: z.string(), name: z.string() }).nullable(),
  assignee: z.object({ kind: z.enum(['person', 'unit', 'team']), id: z.string(), label: z.string() }).nullable(),
});
export type RoutingView = z.infer<typeof RoutingView>;

export const SuggestResponse = z.object({
  priority: Priority,
  reason: z.string(),
  routing: RoutingView.nullable(),
});

export const OrderView = z.object({
  id: Uuid,
  incidentId: Uuid,
  incidentNumber: z.string(),
  assigneeKind: z.enum(['person', 'unit', 'team', 'agency']),
  assigneeLabel: z.string(),
  assigneePersonId: Uuid.nullable(),
  assigneeUnitId: Uuid.nullable(),
  assigneeTeam: TeamCode.nullable(),
  agency: z.string().nullable(),
  status: OrderStatus,
  priority: Priority,
  issuedAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  enRouteAt: z.string().nullable(),
  onSceneAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  ackDueAt: z.string().nullable(),
  arriveDueAt: z.string().nullable(),
  resolveDueAt: z.string().nullable(),
  breaches: z.array(z.string()),
  escalationLevel: z.number().int(),
  resultCode: z.string().nullable(),
  note: z.string().nullable(),
  /** Send it back with a status change; a stale one is refused with 409. */
  version: z.number().int(),
  /** The incident as the officer needs it on the phone, without a second read. */
  incidentSummary: z.string(),
  incidentAddress: z.string().nullable(),
});
export type OrderView = z.infer<typeof OrderView>;

export const IncidentSummary = z.object({
  id: Uuid,
  number: z.string(),
  source: IncidentSource,
  categoryCode: z.string(),
  priority: Priority,
  status: IncidentStatus,
  summary: z.string(),
  address: z.string().nullable(),
  location: z.tuple([z.number(), z.number()]).nullable(),
  gridId: Uuid.nullable(),
  gridCode: z.string().nullable(),
  outsideJurisdiction: z.boolean(),
  team: TeamCode.nullable(),
  duplicateOf: Uuid.nullable(),
  reportedAt: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The earliest pending deadline of its open orders. */
  nextDeadline: z.string().nullable(),
  breached: z.boolean(),
  version: z.number().int(),
});
export type IncidentSummary = z.infer<typeof IncidentSummary>;

export const IncidentEventView = z.object({
  id: z.number().int(),
  at: z.string(),
  kind: z.string(),
  actorName: z.string().nullable(),
  note: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});

export const IncidentDetail = IncidentSummary.extend({
  description: z.string(),
  priorityReason: z.string().nullable(),
  callerName: z.string().nullable(),
  callerPhone: z.string().nullable(),
  persons: z.array(
    z.object({
      role: z.string(),
      name: z.string().nullable(),
      gender: z.string().nullable(),
      idNumber: z.string().nullable(),
      phone: z.string().nullable(),
      description: z.string().nullable(),
    }),
  ),
  vehicles: z.array(IncidentVehicleInput),
  responsible: PersonRef.nullable(),
  unit: z.object({ id: Uuid, code: z.string(), name: z.string() }).nullable(),
  orders: z.array(OrderView),
  events: z.array(IncidentEventView),
  attachments: z.array(z.object({ id: Uuid, contentType: z.string(), size: z.number().int(), url: z.string() })),
  duplicates: z.array(z.object({ id: Uuid, number: z.string(), createdAt: z.string() })),
  links: z.array(z.object({ kind: z.enum(['dispute', 'case']), targetId: Uuid })),
  resultCode: z.string().nullable(),
  resultNote: z.string().nullable(),
  closedAt: z.string().nullable(),
  publicToken: z.string().nullable(),
});
export type IncidentDetail = z.infer<typeof IncidentDetail>;

export const CreateIncidentResponse = z.object({
  incident: IncidentDetail,
  /** False when an earlier submission with the same Idempotency-Key or source id is returned. */
  created: z.boolean(),
});

export const IncidentListQuery = z.object({
  status: z.string().max(100).optional(),
  priority: Priority.optional(),
  category: z.string().max(64).optional(),
  source: IncidentSource.optional(),
  gridId: Uuid.optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  q: z.string().trim().max(64).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const DispatchRequest = z.object({
  assignee: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('person'), personId: Uuid }),
    z.object({ kind: z.literal('unit'), unitId: Uuid }),
    z.object({ kind: z.literal('team'), team: TeamCode }),
    z.object({ kind: z.literal('agency'), agency: z.string().trim().min(2).max(64) }),
  ]),
  note: z.string().trim().max(500).optional(),
});

export const OrderStatusRequest = z.object({
  status: OrderStatus,
  note: z.string().trim().max(500).optional(),
  resultCode: z.string().trim().max(32).optional(),
  /** The version the client saw; a stale update is refused with 409. */
  version: z.number().int().optional(),
});

export const RESULT_CODES = [
  'handled',
  'mediated',
  'case_opened',
  'referred',
  'false_report',
  'duplicate',
  'no_police_matter',
  'transferred',
] as const;
export const CloseIncidentRequest = z.object({
  resultCode: z.enum(RESULT_CODES),
  note: z.string().trim().max(1000).optional(),
});
export const NoteRequest = z.object({ note: z.string().trim().min(1).max(2000) });

export const AlertView = z.object({
  id: Uuid,
  kind: z.enum(['deadline_breach', 'early_warning', 'outside_jurisdiction', 'escalation']),
  severity: z.enum(['critical', 'warning', 'info']),
  title: z.string(),
  explanation: z.record(z.string(), z.unknown()),
  incidentId: Uuid.nullable(),
  incidentNumber: z.string().nullable(),
  orderId: Uuid.nullable(),
  gridId: Uuid.nullable(),
  targetPersonId: Uuid.nullable(),
  status: z.enum(['open', 'acknowledged', 'closed']),
  createdAt: z.string(),
});
export type AlertView = z.infer<typeof AlertView>;

export const ALERT_KINDS = ['deadline_breach', 'early_warning', 'outside_jurisdiction', 'escalation'] as const;
/** `cursor` is the id of the last alert of the previous page: the next page holds the older ones. */
export const AlertListQuery = z.object({
  status: z.enum(['open', 'acknowledged', 'closed']).optional(),
  kind: z.enum(ALERT_KINDS).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(200),
  cursor: Uuid.optional(),
});
export type AlertListQuery = z.infer<typeof AlertListQuery>;

/** The public outline of a station's jurisdiction for residents' maps: shapes and names, nobody's data. */
export const JurisdictionOutline = z.object({
  stationCode: z.string(),
  stationName: z.string(),
  stationNameEn: z.string().nullable(),
  boundary: z.unknown().nullable(),
  grids: z.array(z.object({ code: z.string(), name: z.string(), geometry: z.unknown() })),
  /** [west, south, east, north] over the grids, null without any. */
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
});
export type JurisdictionOutline = z.infer<typeof JurisdictionOutline>;

const BoardPerson = z.object({
  personId: Uuid,
  name: z.string(),
  team: z.string().nullable(),
  state: z.enum(['available', 'assigned', 'on_scene']),
  openOrders: z.number().int(),
});

export const BoardView = z.object({
  generatedAt: z.string(),
  queues: z.object({
    new: z.array(IncidentSummary),
    dispatched: z.array(IncidentSummary),
    in_progress: z.array(IncidentSummary),
    resolved: z.array(IncidentSummary),
  }),
  alerts: z.array(AlertView),
  counts: z.object({
    today: z.number().int(),
    open: z.number().int(),
    breached: z.number().int(),
    urgentOpen: z.number().int(),
  }),
  units: z.array(
    z.object({
      id: Uuid,
      code: z.string(),
      name: z.string(),
      gridCode: z.string(),
      state: z.enum(['available', 'assigned', 'on_scene']),
      openOrders: z.number().int(),
    }),
  ),
  officers: z.array(BoardPerson),
  /** Auxiliary officers (辅警), who go out with units and take orders too. */
  auxiliaries: z.array(BoardPerson),
});
export type BoardView = z.infer<typeof BoardView>;

export const WarningRuleView = z.object({
  id: Uuid,
  name: z.string(),
  kind: z.enum(['repeat_address', 'repeat_caller', 'grid_surge']),
  categoryPrefixes: z.array(z.string()),
  threshold: z.number().int().min(2),
  windowDays: z.number().int().min(1).max(365),
  target: z.enum(['community_officer', 'command_room']),
  active: z.boolean(),
});
export const WarningRuleInput = WarningRuleView.omit({ id: true });

export const PriorityRuleView = z.object({
  id: Uuid,
  name: z.string(),
  categoryPrefix: z.string().nullable(),
  keywords: z.array(z.string()),
  sources: z.array(IncidentSource),
  nightOnly: z.boolean(),
  priority: Priority,
  sort: z.number().int(),
  active: z.boolean(),
});
export const PriorityRuleInput = PriorityRuleView.omit({ id: true });
