import {
  HallApplicationDetail,
  HallApplicationListQuery,
  HallApplicationSummary,
  HallAppointmentListQuery,
  HallAppointmentView,
  HallApproveRequest,
  HallCalendarView,
  HallCallNextResponse,
  HallCheckInResponse,
  HallCompareQuery,
  HallCompareView,
  HallCorrectionRequest,
  HallDailyView,
  HallFinishRequest,
  HallHolidayYearInput,
  HallPeriodQuery,
  HallQueueView,
  HallRejectRequest,
  HallRules,
  HallServiceCreate,
  HallServicePatch,
  HallServiceView,
  HallSlotPatch,
  HallSlotsQuery,
  HallSlotView,
  HallStatsView,
  HallTicketDetail,
  HallTicketListQuery,
  HallTicketView,
  HallTransferRequest,
  HallWindowCreate,
  HallWindowPatch,
  HallWindowView,
  pageOf,
  Uuid,
} from '@fengqiao/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../platform/platform';
import type { HallServices } from './hall.services';

const IdParam = z.object({ id: Uuid });
const YearParam = z.object({ year: z.coerce.number().int().min(2000).max(2100) });
const serve = { policy: 'hall.serve' as const };
const manage = { policy: 'hall.manage' as const };
const statsPolicy = { policy: 'hall.stats' as const };

/** Staff side of the hall: catalogue and configuration, slots and bookings, the queue, applications, statistics. */
export function staffHallRoutes(h: HallServices): FastifyPluginAsyncZod {
  return async (app) => {
    // ---------------------------------------------------------- catalogue
    app.get(
      '/api/hall/services',
      { config: serve, schema: { response: { 200: z.array(HallServiceView) } } },
      async (req) => {
        const ctx = ctxOf(req);
        return h.catalogue.services(h.stations.staffStation(ctx), true);
      },
    );
    app.post(
      '/api/hall/services',
      { config: manage, schema: { body: HallServiceCreate, response: { 201: HallServiceView } } },
      async (req, reply) => {
        reply.status(201);
        return h.catalogue.createService(ctxOf(req), req.body);
      },
    );
    app.patch(
      '/api/hall/services/:id',
      { config: manage, schema: { params: IdParam, body: HallServicePatch, response: { 200: HallServiceView } } },
      async (req) => h.catalogue.patchService(ctxOf(req), req.params.id, req.body),
    );
    app.get(
      '/api/hall/windows',
      { config: serve, schema: { response: { 200: z.array(HallWindowView) } } },
      async (req) => h.catalogue.windows(h.stations.staffStation(ctxOf(req))),
    );
    app.post(
      '/api/hall/windows',
      { config: manage, schema: { body: HallWindowCreate, response: { 201: HallWindowView } } },
      async (req, reply) => {
        reply.status(201);
        return h.catalogue.createWindow(ctxOf(req), req.body);
      },
    );
    app.patch(
      '/api/hall/windows/:id',
      { config: manage, schema: { params: IdParam, body: HallWindowPatch, response: { 200: HallWindowView } } },
      async (req) => h.catalogue.patchWindow(ctxOf(req), req.params.id, req.body),
    );
    app.get('/api/hall/rules', { config: serve, schema: { response: { 200: HallRules } } }, async () =>
      h.config.rules(),
    );
    app.put(
      '/api/hall/rules',
      { config: manage, schema: { body: HallRules, response: { 200: HallRules } } },
      async (req) => h.catalogue.putRules(ctxOf(req), req.body),
    );
    app.get(
      '/api/hall/calendar/:year',
      { config: serve, schema: { params: YearParam, response: { 200: HallCalendarView } } },
      async (req) => h.catalogue.calendarYear(req.params.year),
    );
    app.put(
      '/api/hall/calendar/:year',
      {
        config: manage,
        schema: { params: YearParam, body: HallHolidayYearInput, response: { 200: HallCalendarView } },
      },
      async (req) => h.catalogue.putCalendarYear(ctxOf(req), req.params.year, req.body),
    );
    app.get(
      '/api/hall/slots',
      { config: serve, schema: { querystring: HallSlotsQuery, response: { 200: z.array(HallSlotView) } } },
      async (req) => h.catalogue.slots(ctxOf(req), req.query.day, req.query.windowId),
    );
    app.patch(
      '/api/hall/slots/:id',
      { config: manage, schema: { params: IdParam, body: HallSlotPatch, response: { 200: HallSlotView } } },
      async (req) => h.catalogue.patchSlot(ctxOf(req), req.params.id, req.body.capacity),
    );

    // ------------------------------------------------------- appointments
    app.get(
      '/api/hall/appointments',
      {
        config: serve,
        schema: { querystring: HallAppointmentListQuery, response: { 200: z.array(HallAppointmentView) } },
      },
      async (req) => h.booking.ofDay(ctxOf(req), req.query),
    );
    app.post(
      '/api/hall/appointments/:id/check-in',
      { config: serve, schema: { params: IdParam, response: { 200: HallCheckInResponse } } },
      async (req) => h.booking.checkInByClerk(ctxOf(req), req.params.id),
    );

    // -------------------------------------------------------------- queue
    app.get(
      '/api/hall/windows/:id/queue',
      { config: serve, schema: { params: IdParam, response: { 200: HallQueueView } } },
      async (req) => h.queue.queue(ctxOf(req), req.params.id),
    );
    app.post(
      '/api/hall/windows/:id/call-next',
      { config: serve, schema: { params: IdParam, response: { 200: HallCallNextResponse } } },
      async (req) => ({ ticket: await h.queue.callNext(ctxOf(req), req.params.id) }),
    );
    app.get(
      '/api/hall/tickets',
      { config: serve, schema: { querystring: HallTicketListQuery, response: { 200: z.array(HallTicketView) } } },
      async (req) => h.queue.list(ctxOf(req), req.query),
    );
    app.get(
      '/api/hall/tickets/:id',
      { config: serve, schema: { params: IdParam, response: { 200: HallTicketDetail } } },
      async (req) => h.queue.detail(ctxOf(req), req.params.id),
    );
    app.post(
      '/api/hall/tickets/:id/recall',
      { config: serve, schema: { params: IdParam, response: { 200: HallTicketView } } },
      async (req) => h.queue.recall(ctxOf(req), req.params.id),
    );
    app.post(
      '/api/hall/tickets/:id/start',
      { config: serve, schema: { params: IdParam, response: { 200: HallTicketView } } },
      async (req) => h.queue.start(ctxOf(req), req.params.id),
    );
    app.post(
      '/api/hall/tickets/:id/transfer',
      { config: serve, schema: { params: IdParam, body: HallTransferRequest, response: { 200: HallTicketView } } },
      async (req) => h.queue.transfer(ctxOf(req), req.params.id, req.body),
    );
    app.post(
      '/api/hall/tickets/:id/no-show',
      { config: serve, schema: { params: IdParam, response: { 200: HallTicketView } } },
      async (req) => h.queue.noShow(ctxOf(req), req.params.id),
    );
    app.post(
      '/api/hall/tickets/:id/finish',
      { config: serve, schema: { params: IdParam, body: HallFinishRequest, response: { 200: HallTicketView } } },
      async (req) => h.queue.finish(ctxOf(req), req.params.id, req.body.outcome, req.body.note ?? null),
    );

    // ------------------------------------------------------- applications
    app.get(
      '/api/hall/applications',
      {
        config: serve,
        schema: { querystring: HallApplicationListQuery, response: { 200: pageOf(HallApplicationSummary) } },
      },
      async (req) => h.applications.list(ctxOf(req), req.query),
    );
    app.get(
      '/api/hall/applications/:id',
      { config: serve, schema: { params: IdParam, response: { 200: HallApplicationDetail } } },
      async (req) => h.applications.detail(ctxOf(req), req.params.id),
    );
    app.get(
      '/api/hall/applications/:id/files/:fileId',
      { config: serve, schema: { params: z.object({ id: Uuid, fileId: Uuid }) } },
      async (req, reply) => {
        const f = await h.applications.staffFile(ctxOf(req), req.params.id, req.params.fileId);
        return reply
          .type(f.contentType)
          .header('cache-control', 'private, no-store')
          .header('etag', f.sha256)
          .send(f.data);
      },
    );
    app.post(
      '/api/hall/applications/:id/accept',
      {
        config: serve,
        schema: { params: IdParam, body: HallApproveRequest, response: { 200: HallApplicationDetail } },
      },
      async (req) => h.applications.accept(ctxOf(req), req.params.id, req.body.version),
    );
    app.post(
      '/api/hall/applications/:id/request-correction',
      {
        config: serve,
        schema: { params: IdParam, body: HallCorrectionRequest, response: { 200: HallApplicationDetail } },
      },
      async (req) =>
        h.applications.requestCorrection(
          ctxOf(req),
          req.params.id,
          req.body.reason,
          req.body.materialCodes,
          req.body.version,
        ),
    );
    app.post(
      '/api/hall/applications/:id/approve',
      {
        config: serve,
        schema: { params: IdParam, body: HallApproveRequest, response: { 200: HallApplicationDetail } },
      },
      async (req) => h.applications.approve(ctxOf(req), req.params.id, req.body.note ?? null, req.body.version),
    );
    app.post(
      '/api/hall/applications/:id/reject',
      { config: serve, schema: { params: IdParam, body: HallRejectRequest, response: { 200: HallApplicationDetail } } },
      async (req) => h.applications.reject(ctxOf(req), req.params.id, req.body.reason, req.body.version),
    );

    // --------------------------------------------------------- statistics
    app.get(
      '/api/hall/stats',
      { config: statsPolicy, schema: { querystring: HallPeriodQuery, response: { 200: HallStatsView } } },
      async (req) => h.stats.stats(ctxOf(req), req.query),
    );
    app.get(
      '/api/hall/stats/compare',
      { config: statsPolicy, schema: { querystring: HallCompareQuery, response: { 200: HallCompareView } } },
      async (req) => h.stats.compare(ctxOf(req), req.query),
    );
    app.get(
      '/api/hall/stats/daily',
      { config: statsPolicy, schema: { querystring: HallPeriodQuery, response: { 200: HallDailyView } } },
      async (req) => h.stats.daily(ctxOf(req), req.query),
    );
  };
}
