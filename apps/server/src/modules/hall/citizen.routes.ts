import {
  HallApplicationDetail,
  HallApplicationResubmit,
  HallApplicationSubmit,
  HallApplicationSummary,
  HallAppointmentView,
  HallBookRequest,
  HallCheckInResponse,
  HallCitizenSuggestion,
  HallHomeVisitRequest,
  HallHomeVisitView,
  HallSuggestionView,
  HallUploadView,
  Uuid,
} from '@fengqiao/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { citizenCtxOf } from '../citizens';
import type { HallServices } from './hall.services';
import { readUpload } from './upload';

const IdParam = z.object({ id: Uuid });
const citizen = { policy: 'citizen' as const };

/** The citizen side (`/api/citizen/*`): book, apply, follow status, check in, ask for a home visit, suggest. */
export function citizenHallRoutes(h: HallServices): FastifyPluginAsyncZod {
  return async (app) => {
    // ------------------------------------------------------- appointments
    app.post(
      '/api/citizen/appointments',
      { config: citizen, schema: { body: HallBookRequest, response: { 201: HallAppointmentView } } },
      async (req, reply) => {
        reply.status(201);
        return h.booking.book(citizenCtxOf(req), req.body);
      },
    );
    app.get(
      '/api/citizen/appointments',
      { config: citizen, schema: { response: { 200: z.array(HallAppointmentView) } } },
      async (req) => h.booking.mine(citizenCtxOf(req)),
    );
    app.get(
      '/api/citizen/appointments/:id',
      { config: citizen, schema: { params: IdParam, response: { 200: HallAppointmentView } } },
      async (req) => h.booking.own(citizenCtxOf(req), req.params.id),
    );
    app.get(
      '/api/citizen/appointments/:id/ics',
      { config: citizen, schema: { params: IdParam } },
      async (req, reply) => {
        const c = citizenCtxOf(req);
        const a = await h.booking.ownRow(c, req.params.id);
        const ics = await h.booking.ics(c, req.params.id);
        return reply
          .type('text/calendar; charset=utf-8')
          .header('content-disposition', `attachment; filename="${a.number}.ics"`)
          .header('cache-control', 'private, no-store')
          .send(ics);
      },
    );
    app.post(
      '/api/citizen/appointments/:id/cancel',
      { config: citizen, schema: { params: IdParam, response: { 200: HallAppointmentView } } },
      async (req) => h.booking.cancel(citizenCtxOf(req), req.params.id),
    );
    app.post(
      '/api/citizen/appointments/:id/check-in',
      { config: citizen, schema: { params: IdParam, response: { 200: HallCheckInResponse } } },
      async (req) => h.booking.checkInCitizen(citizenCtxOf(req), req.params.id),
    );

    // ------------------------------------------------------- applications
    app.post(
      '/api/citizen/uploads',
      {
        config: { ...citizen, rateLimit: { max: 30, timeWindow: '1 minute' } },
        bodyLimit: 10 * 1024 * 1024,
        schema: { response: { 201: HallUploadView } },
      },
      async (req, reply) => {
        const c = citizenCtxOf(req);
        const rules = await h.config.rules();
        const f = await readUpload(req, rules.uploads.maxBytes);
        reply.status(201);
        return h.applications.upload(c, f.bytes, f.name);
      },
    );
    app.post(
      '/api/citizen/applications',
      { config: citizen, schema: { body: HallApplicationSubmit, response: { 201: HallApplicationDetail } } },
      async (req, reply) => {
        reply.status(201);
        return h.applications.submit(citizenCtxOf(req), req.body);
      },
    );
    app.get(
      '/api/citizen/applications',
      { config: citizen, schema: { response: { 200: z.array(HallApplicationSummary) } } },
      async (req) => h.applications.mine(citizenCtxOf(req)),
    );
    app.get(
      '/api/citizen/applications/:id',
      { config: citizen, schema: { params: IdParam, response: { 200: HallApplicationDetail } } },
      async (req) => h.applications.mineDetail(citizenCtxOf(req), req.params.id),
    );
    app.get(
      '/api/citizen/applications/:id/files/:fileId',
      { config: citizen, schema: { params: z.object({ id: Uuid, fileId: Uuid }) } },
      async (req, reply) => {
        const f = await h.applications.mineFile(citizenCtxOf(req), req.params.id, req.params.fileId);
        return reply.type(f.contentType).header('cache-control', 'private, no-store').send(f.data);
      },
    );
    app.post(
      '/api/citizen/applications/:id/resubmit',
      {
        config: citizen,
        schema: { params: IdParam, body: HallApplicationResubmit, response: { 200: HallApplicationDetail } },
      },
      async (req) => h.applications.resubmit(citizenCtxOf(req), req.params.id, req.body),
    );
    app.post(
      '/api/citizen/applications/:id/withdraw',
      { config: citizen, schema: { params: IdParam, response: { 200: HallApplicationDetail } } },
      async (req) => h.applications.withdraw(citizenCtxOf(req), req.params.id),
    );

    // ----------------------------------------------- home visits, suggestions
    app.post(
      '/api/citizen/home-visits',
      { config: citizen, schema: { body: HallHomeVisitRequest, response: { 201: HallHomeVisitView } } },
      async (req, reply) => {
        reply.status(201);
        return h.homeVisits.request(citizenCtxOf(req), req.body);
      },
    );
    app.get(
      '/api/citizen/home-visits',
      { config: citizen, schema: { response: { 200: z.array(HallHomeVisitView) } } },
      async (req) => h.homeVisits.mine(citizenCtxOf(req)),
    );
    app.post(
      '/api/citizen/suggestions',
      { config: citizen, schema: { body: HallCitizenSuggestion, response: { 201: HallSuggestionView } } },
      async (req, reply) => {
        reply.status(201);
        return h.suggestions.submitByCitizen(citizenCtxOf(req), req.body);
      },
    );
    app.get(
      '/api/citizen/suggestions',
      { config: citizen, schema: { response: { 200: z.array(HallSuggestionView) } } },
      async (req) => h.suggestions.mine(citizenCtxOf(req)),
    );
  };
}
