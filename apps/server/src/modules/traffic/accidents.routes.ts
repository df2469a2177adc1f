import {
  AccidentCaseView,
  AccidentCreateRequest,
  AccidentDeterminationRequest,
  AccidentEligibilityRequest,
  AccidentEligibilityResponse,
  AccidentJoinRequest,
  AccidentListQuery,
  AccidentSignRequest,
  AccidentStatementRequest,
  AccidentStats,
  InsurerDeliveryView,
  Uuid,
} from '@fengqiao/contracts';
import { PHOTO_MAX_BYTES } from '@fengqiao/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { forbidden } from '../../platform/errors';
import { ctxOf } from '../../platform/platform';
import { citizenCtxOf } from '../citizens';
import { deliveriesOf } from './accidents.repository';
import type { AccidentsService } from './accidents.service';
import { readUpload } from './upload';

const IdParam = z.object({ id: Uuid });
const PhotoParam = z.object({ id: Uuid, photoId: Uuid });
const citizen = { policy: 'citizen' as const };
const review = { policy: 'accidents.review' as const };

/** Quick handling: the parties' phone routes (`/api/citizen/traffic/*`) and the reviewing officer's. */
export function accidentRoutes(s: AccidentsService, db: Parameters<typeof deliveriesOf>[0]): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/citizen/traffic/eligibility',
      { config: citizen, schema: { body: AccidentEligibilityRequest, response: { 200: AccidentEligibilityResponse } } },
      async (req) => s.eligibility(citizenCtxOf(req), req.body),
    );
    app.post(
      '/api/citizen/traffic/accidents',
      {
        config: citizen,
        schema: { body: AccidentCreateRequest, response: { 200: AccidentCaseView, 201: AccidentCaseView } },
      },
      async (req, reply) => {
        const r = await s.create(citizenCtxOf(req), req.body);
        return reply.status(r.status as 200 | 201).send(r.body);
      },
    );
    app.get(
      '/api/citizen/traffic/accidents',
      { config: citizen, schema: { response: { 200: z.array(AccidentCaseView) } } },
      async (req) => s.mine(citizenCtxOf(req)),
    );
    app.get(
      '/api/citizen/traffic/accidents/:id',
      { config: citizen, schema: { params: IdParam, response: { 200: AccidentCaseView } } },
      async (req) => s.get(citizenCtxOf(req), req.params.id),
    );
    app.post(
      '/api/citizen/traffic/accidents/:id/photos',
      {
        config: { ...citizen, rateLimit: { max: 30, timeWindow: '1 minute' } },
        bodyLimit: PHOTO_MAX_BYTES + 64 * 1024,
        schema: {
          params: IdParam,
          querystring: z.object({ kind: z.string().max(32).default('') }),
          response: { 201: AccidentCaseView },
        },
      },
      async (req, reply) => {
        const c = citizenCtxOf(req);
        const f = await readUpload(req, PHOTO_MAX_BYTES);
        const view = await s.addPhoto(c, req.params.id, req.query.kind, f.bytes, f.name);
        return reply.status(201).send(view);
      },
    );
    app.get(
      '/api/citizen/traffic/accidents/:id/photos/:photoId',
      { config: citizen, schema: { params: PhotoParam } },
      async (req, reply) => {
        const f = await s.photo(citizenCtxOf(req), null, req.params.id, req.params.photoId);
        return reply.type(f.contentType).header('cache-control', 'private, no-store').send(f.data);
      },
    );
    app.post(
      '/api/citizen/traffic/join',
      {
        // A six-digit code is guessable by brute force: a few tries a minute per client.
        config: { ...citizen, rateLimit: { max: 10, timeWindow: '1 minute' } },
        schema: { body: AccidentJoinRequest, response: { 200: AccidentCaseView } },
      },
      async (req) => s.join(citizenCtxOf(req), req.body.code),
    );
    app.post(
      '/api/citizen/traffic/accidents/:id/statement',
      {
        config: citizen,
        schema: { params: IdParam, body: AccidentStatementRequest, response: { 200: AccidentCaseView } },
      },
      async (req) => s.statement(citizenCtxOf(req), req.params.id, req.body.liability),
    );
    app.post(
      '/api/citizen/traffic/accidents/:id/review',
      { config: citizen, schema: { params: IdParam, response: { 200: AccidentCaseView } } },
      async (req) => s.requestReview(citizenCtxOf(req), req.params.id),
    );
    app.post(
      '/api/citizen/traffic/accidents/:id/sign',
      { config: citizen, schema: { params: IdParam, body: AccidentSignRequest, response: { 200: AccidentCaseView } } },
      async (req) => s.sign(citizenCtxOf(req), req.params.id, req.body.signature),
    );
    app.get(
      '/api/citizen/traffic/accidents/:id/document',
      { config: citizen, schema: { params: IdParam } },
      async (req, reply) => {
        const d = await s.document(citizenCtxOf(req), null, req.params.id);
        return reply
          .type('application/pdf')
          .header('content-disposition', `inline; filename="${d.number}.pdf"`)
          .header('cache-control', 'private, no-store')
          .send(d.data);
      },
    );

    // ----------------------------------------------------------- officers
    app.get(
      '/api/traffic/accidents',
      { config: review, schema: { querystring: AccidentListQuery, response: { 200: z.array(AccidentCaseView) } } },
      async (req) => s.list(ctxOf(req), req.query.status),
    );
    app.get(
      '/api/traffic/accidents/stats',
      { config: review, schema: { response: { 200: AccidentStats } } },
      async (req) => s.stats(ctxOf(req)),
    );
    app.get(
      '/api/traffic/accidents/insurer-deliveries',
      {
        config: review,
        schema: {
          querystring: z.object({ since: z.iso.datetime({ offset: true }).optional() }),
          response: { 200: z.array(InsurerDeliveryView) },
        },
      },
      async (req) => {
        const ctx = ctxOf(req);
        if (!ctx.actor.stationId) throw forbidden();
        const rows = await deliveriesOf(db, ctx.actor.stationId, req.query.since ? new Date(req.query.since) : null);
        return rows.map((d) => ({
          id: d.id,
          caseNumber: d.case_number,
          insurer: d.insurer,
          status: d.status,
          attempts: d.attempts,
          createdAt: d.created_at.toISOString(),
          deliveredAt: d.delivered_at?.toISOString() ?? null,
          payload: d.payload,
        }));
      },
    );
    app.get(
      '/api/traffic/accidents/:id',
      { config: review, schema: { params: IdParam, response: { 200: AccidentCaseView } } },
      async (req) => s.detail(ctxOf(req), req.params.id),
    );
    app.get(
      '/api/traffic/accidents/:id/photos/:photoId',
      { config: review, schema: { params: PhotoParam } },
      async (req, reply) => {
        const f = await s.photo(null, ctxOf(req), req.params.id, req.params.photoId);
        return reply.type(f.contentType).header('cache-control', 'private, no-store').send(f.data);
      },
    );
    app.post(
      '/api/traffic/accidents/:id/determination',
      {
        config: review,
        schema: { params: IdParam, body: AccidentDeterminationRequest, response: { 200: AccidentCaseView } },
      },
      async (req) => s.determine(ctxOf(req), req.params.id, req.body),
    );
    app.get(
      '/api/traffic/accidents/:id/document',
      { config: review, schema: { params: IdParam } },
      async (req, reply) => {
        const d = await s.document(null, ctxOf(req), req.params.id);
        return reply
          .type('application/pdf')
          .header('content-disposition', `inline; filename="${d.number}.pdf"`)
          .header('cache-control', 'private, no-store')
          .send(d.data);
      },
    );
  };
}
