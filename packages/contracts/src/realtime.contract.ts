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
  }),
} as const;
