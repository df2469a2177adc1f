import {
  HallAvailability,
  HallAvailabilityQuery,
  HallCheckInRequest,
  HallCheckInResponse,
  HallDisplayQuery,
  HallDisplayView,
  HallKioskTicketRequest,
  HallPublicTicket,
  HallServiceView,
  HallSuggestionSummary,
  Uuid,
} from '@fengqiao/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { EventBus } from '../../platform/realtime/event-bus';
import type { HallServices } from './hall.services';

const open = { policy: 'public' as const };
const DISPLAY_TOPICS = new Set(['hall.ticket.called', 'hall.queue.changed']);

/**
 * Public hall endpoints: the catalogue and open slots (before signing in),
 * the kiosk (ticket, check-in), following a ticket, the hall display and
 * its live socket, and the suggestions summary. None returns personal data.
 */
export function publicHallRoutes(h: HallServices, bus: EventBus): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/hall/public/services',
      { config: open, schema: { querystring: HallDisplayQuery, response: { 200: z.array(HallServiceView) } } },
      async (req) => h.catalogue.services((await h.stations.public(req.query.station)).id, false),
    );
    app.get(
      '/api/hall/public/services/:id',
      {
        config: open,
        schema: { params: z.object({ id: Uuid }), querystring: HallDisplayQuery, response: { 200: HallServiceView } },
      },
      async (req) => h.catalogue.service((await h.stations.public(req.query.station)).id, req.params.id, false),
    );
    app.get(
      '/api/hall/public/availability',
      { config: open, schema: { querystring: HallAvailabilityQuery, response: { 200: HallAvailability } } },
      async (req) => h.catalogue.availability(req.query.station, req.query.serviceId),
    );
    app.get(
      '/api/hall/public/tickets/:token',
      {
        config: open,
        schema: { params: z.object({ token: z.string().min(8).max(64) }), response: { 200: HallPublicTicket } },
      },
      async (req) => h.queue.publicTicket(req.params.token),
    );
    app.get(
      '/api/hall/public/suggestions/summary',
      { config: open, schema: { querystring: HallDisplayQuery, response: { 200: HallSuggestionSummary } } },
      async (req) => h.suggestions.summary(req.query.station),
    );
    app.post(
      '/api/hall/kiosk/tickets',
      {
        config: { ...open, rateLimit: { max: 30, timeWindow: '1 minute' } },
        schema: { body: HallKioskTicketRequest, response: { 201: HallPublicTicket } },
      },
      async (req, reply) => {
        reply.status(201);
        return h.queue.kioskTicket(req.body.station, req.body.serviceId, req.body.priority, req.auditActor);
      },
    );
    app.post(
      '/api/hall/kiosk/check-in',
      {
        config: { ...open, rateLimit: { max: 30, timeWindow: '1 minute' } },
        schema: { body: HallCheckInRequest, response: { 200: HallCheckInResponse } },
      },
      async (req) => h.booking.checkInKiosk(req.body.station, req.body.bookingNumber, req.auditActor),
    );
    app.get(
      '/api/hall/display',
      { config: open, schema: { querystring: HallDisplayQuery, response: { 200: HallDisplayView } } },
      async (req) => h.queue.display(req.query.station),
    );

    /**
     * The hall display's live feed: `hall.ticket.called` and
     * `hall.queue.changed` of one station, in the /api/live message shape,
     * without a session (the screen hangs in the public hall).
     */
    app.get('/api/hall/display/live', { websocket: true, config: open }, async (socket, req) => {
      const code = (req.query as { station?: unknown }).station;
      let stationId: string;
      try {
        stationId = (await h.stations.public(typeof code === 'string' ? code : undefined)).id;
      } catch {
        socket.close(4404, 'unknown station');
        return;
      }
      const send = (m: unknown) => {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(m));
      };
      const unsubscribe = bus.subscribe((event) => {
        if (!DISPLAY_TOPICS.has(event.topic) || event.scope.stationId !== stationId) return;
        send({ type: 'event', topic: event.topic, payload: event.payload, at: event.at });
      });
      socket.on('message', (raw: Buffer) => {
        try {
          if ((JSON.parse(raw.toString('utf8')) as { type?: unknown }).type === 'ping') send({ type: 'pong' });
        } catch {
          send({ type: 'error', message: 'messages must be JSON' });
        }
      });
      socket.on('close', unsubscribe);
      send({ type: 'subscribed', topics: [...DISPLAY_TOPICS] });
    });
  };
}
