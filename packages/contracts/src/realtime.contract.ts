import { z } from 'zod';

/**
 * Live channel: clients subscribe to topics; the server pushes only events
 * the subscriber's jurisdiction allows. Each module adds its topics here.
 */
export const TOPICS = {
  'grids.changed': z.object({ gridId: z.string(), version: z.number().int() }),
  'session.ended': z.object({ reason: z.enum(['logout', 'idle', 'expired', 'revoked', 'locked']) }),
} as const;
export type Topic = keyof typeof TOPICS;
export type TopicPayload<T extends Topic> = z.infer<(typeof TOPICS)[T]>;

export const ClientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('subscribe'), topics: z.array(z.string()).max(50) }),
  z.object({ type: z.literal('unsubscribe'), topics: z.array(z.string()).max(50) }),
  z.object({ type: z.literal('ping') }),
]);
export type ServerMessage =
  | { type: 'event'; topic: string; payload: unknown; at: string }
  | { type: 'subscribed'; topics: string[] }
  | { type: 'pong' }
  | { type: 'error'; message: string };

/** Command-room topics (payloads are small; clients refetch details they need). */
export const INCIDENT_TOPICS = {
  'incidents.changed': z.object({
    incidentId: z.string(),
    number: z.string(),
    status: z.string(),
    priority: z.string(),
    gridId: z.string().nullable(),
    change: z.string(),
    version: z.number().int(),
  }),
  'orders.changed': z.object({
    orderId: z.string(),
    incidentId: z.string(),
    status: z.string(),
    assigneePersonId: z.string().nullable(),
    assigneeUnitId: z.string().nullable(),
    assigneeTeam: z.string().nullable(),
  }),
  'alerts.created': z.object({
    alertId: z.string(),
    kind: z.string(),
    severity: z.string(),
    title: z.string(),
    incidentId: z.string().nullable(),
    incidentNumber: z.string().nullable(),
    /** What triggered it: structured, for clients to word in their language, and in Chinese. */
    explanation: z.record(z.string(), z.unknown()),
    explanationText: z.string(),
    targetPersonId: z.string().nullable(),
    createdAt: z.string(),
  }),
} as const;

/** Hall topics on /api/live (staff) and the public /api/hall/display/live socket. No personal data. */
export const HALL_TOPICS = {
  'hall.ticket.called': z.object({
    stationId: z.string(),
    ticketId: z.string(),
    number: z.string(),
    window: z.object({ id: z.string(), number: z.number().int(), name: z.string() }),
    service: z.object({ id: z.string(), nameZh: z.string(), nameEn: z.string() }),
    recall: z.boolean(),
  }),
  'hall.queue.changed': z.object({
    stationId: z.string(),
    ticketId: z.string(),
    number: z.string(),
    status: z.string(),
    change: z.enum(['ticketed', 'called', 'recalled', 'started', 'transferred', 'no_show', 'finished']),
    windowId: z.string().nullable(),
    serviceId: z.string(),
    waitingTotal: z.number().int(),
  }),
  'hall.application.changed': z.object({
    stationId: z.string(),
    applicationId: z.string(),
    number: z.string(),
    status: z.string(),
    change: z.string(),
    dueDay: z.string(),
  }),
} as const;

/** Volunteer topics (docs/volunteers.md). Payloads are small (ids, statuses, a display name); clients refetch. */
export const VOLUNTEER_TOPICS = {
  /** A merchant group's one-tap alarm: to the group's members and station-wide staff. */
  'volunteers.alarm': z.object({
    alarmId: z.string(),
    teamId: z.string(),
    teamName: z.string(),
    raisedBy: z.string(),
    at: z.string(),
    point: z.tuple([z.number(), z.number()]).nullable(),
    incidentId: z.string().nullable(),
  }),
  /** A notification for one volunteer or officer (understaffed shift, certificate expiring, hazard overdue …). */
  'volunteers.notification': z.object({
    notificationId: z.string(),
    kind: z.string(),
    title: z.string(),
    refType: z.string().nullable(),
    refId: z.string().nullable(),
  }),
  /** A duty moved (claimed, checked in, checked out, reviewed): to its volunteer, the team leader and the grid. */
  'volunteers.duty': z.object({
    dutyId: z.string(),
    shiftId: z.string(),
    teamId: z.string(),
    status: z.string(),
    change: z.string(),
  }),
  /** A hazard moved: to its grid, its reporter and station-wide staff. */
  'hazards.changed': z.object({
    hazardId: z.string(),
    number: z.string(),
    status: z.string(),
    gridId: z.string().nullable(),
    change: z.string(),
  }),
} as const;
