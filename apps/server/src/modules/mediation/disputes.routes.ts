import {
  AddPartyRequest,
  AgreementView,
  AssignRequest,
  CreateAgreementRequest,
  CreateDisputeRequest,
  CreateSessionRequest,
  DisputeDetail,
  DisputeListQuery,
  DisputeNoteRequest,
  DisputeSummary,
  NotificationView,
  Ok,
  OutcomeRequest,
  pageOf,
  ReleaseRequest,
  RevealPartyRequest,
  SavedView,
  SavedViewRequest,
  SessionView,
  SuggestionsQuery,
  SuggestionsView,
  TransitionRequest,
  UpdateDisputeRequest,
  Uuid,
} from '@fengqiao/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../platform/platform';
import type { AgreementsService } from './agreements.service';
import type { CaseworkService } from './casework.service';
import type { DisputesService } from './disputes.service';
import type { MatchingService } from './matching.service';

const IdParam = z.object({ id: Uuid });

export interface DisputeRouteDeps {
  disputes: DisputesService;
  matching: MatchingService;
  casework: CaseworkService;
  agreements: AgreementsService;
}

/** The ledger and a dispute's workflow: /api/mediation/disputes…, saved views, notifications. */
export function disputeRoutes(d: DisputeRouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/mediation/disputes',
      {
        config: { policy: 'disputes.read' },
        schema: { querystring: DisputeListQuery, response: { 200: pageOf(DisputeSummary) } },
      },
      async (req) => d.disputes.list(ctxOf(req), req.query),
    );
    app.post(
      '/api/mediation/disputes',
      {
        config: { policy: 'disputes.write' },
        schema: { body: CreateDisputeRequest, response: { 201: DisputeDetail } },
      },
      async (req, reply) => {
        reply.status(201);
        return d.disputes.create(ctxOf(req), req.body);
      },
    );
    app.get(
      '/api/mediation/disputes/:id',
      { config: { policy: 'disputes.read' }, schema: { params: IdParam, response: { 200: DisputeDetail } } },
      async (req) => d.disputes.detail(ctxOf(req), req.params.id),
    );
    app.patch(
      '/api/mediation/disputes/:id',
      {
        config: { policy: 'disputes.write' },
        schema: { params: IdParam, body: UpdateDisputeRequest, response: { 200: DisputeDetail } },
      },
      async (req) => d.disputes.update(ctxOf(req), req.params.id, req.body),
    );
    app.post(
      '/api/mediation/disputes/:id/transitions',
      {
        config: { policy: 'disputes.write' },
        schema: { params: IdParam, body: TransitionRequest, response: { 200: DisputeDetail } },
      },
      async (req) => d.disputes.transition(ctxOf(req), req.params.id, req.body),
    );
    app.post(
      '/api/mediation/disputes/:id/outcome',
      {
        config: { policy: 'disputes.write' },
        schema: { params: IdParam, body: OutcomeRequest, response: { 200: DisputeDetail } },
      },
      async (req) => d.disputes.recordOutcome(ctxOf(req), req.params.id, req.body),
    );
    app.post(
      '/api/mediation/disputes/:id/notes',
      {
        config: { policy: 'disputes.write' },
        schema: { params: IdParam, body: DisputeNoteRequest, response: { 200: Ok } },
      },
      async (req) => {
        await d.disputes.note(ctxOf(req), req.params.id, req.body.note);
        return { ok: true as const };
      },
    );
    app.post(
      '/api/mediation/disputes/:id/parties',
      {
        config: { policy: 'disputes.write' },
        schema: { params: IdParam, body: AddPartyRequest, response: { 200: DisputeDetail } },
      },
      async (req) => d.disputes.addParty(ctxOf(req), req.params.id, req.body.party, req.body.version),
    );
    app.post(
      '/api/mediation/disputes/:id/reveal',
      {
        config: { policy: 'pii.reveal' },
        schema: {
          params: IdParam,
          body: RevealPartyRequest,
          response: { 200: z.object({ value: z.string().nullable() }) },
        },
      },
      async (req) => ({
        value: await d.disputes.reveal(ctxOf(req), req.params.id, req.body.partyId, req.body.field, req.body.reason),
      }),
    );

    // Classified dispatch.
    app.get(
      '/api/mediation/disputes/:id/suggestions',
      {
        config: { policy: 'disputes.coordinate' },
        schema: { params: IdParam, querystring: SuggestionsQuery, response: { 200: SuggestionsView } },
      },
      async (req) => d.matching.suggestions(ctxOf(req), req.params.id, req.query.limit, req.query.on),
    );
    app.post(
      '/api/mediation/disputes/:id/assignments',
      {
        config: { policy: 'disputes.coordinate' },
        schema: { params: IdParam, body: AssignRequest, response: { 200: DisputeDetail } },
      },
      async (req) => d.matching.assign(ctxOf(req), req.params.id, req.body),
    );
    app.delete(
      '/api/mediation/disputes/:id/assignments/:mediatorId',
      {
        config: { policy: 'disputes.coordinate' },
        schema: {
          params: z.object({ id: Uuid, mediatorId: Uuid }),
          body: ReleaseRequest.optional(),
          response: { 200: DisputeDetail },
        },
      },
      async (req) => d.matching.release(ctxOf(req), req.params.id, req.params.mediatorId, req.body?.reason ?? null),
    );

    // Sessions and agreements are created on their dispute.
    app.post(
      '/api/mediation/disputes/:id/sessions',
      {
        config: { policy: 'disputes.write' },
        schema: { params: IdParam, body: CreateSessionRequest, response: { 201: SessionView } },
      },
      async (req, reply) => {
        reply.status(201);
        return d.casework.createSession(ctxOf(req), req.params.id, req.body);
      },
    );
    app.post(
      '/api/mediation/disputes/:id/agreements',
      {
        config: { policy: 'disputes.write' },
        schema: { params: IdParam, body: CreateAgreementRequest, response: { 201: AgreementView } },
      },
      async (req, reply) => {
        reply.status(201);
        return d.agreements.create(ctxOf(req), req.params.id, req.body);
      },
    );

    // Saved ledger views (per user) and the caller's notifications.
    app.get(
      '/api/mediation/views',
      { config: { policy: 'disputes.read' }, schema: { response: { 200: z.array(SavedView) } } },
      async (req) => d.disputes.views(ctxOf(req)),
    );
    app.post(
      '/api/mediation/views',
      { config: { policy: 'disputes.read' }, schema: { body: SavedViewRequest, response: { 200: SavedView } } },
      async (req) => d.disputes.saveView(ctxOf(req), req.body.name, req.body.filter),
    );
    app.delete(
      '/api/mediation/views/:id',
      { config: { policy: 'disputes.read' }, schema: { params: IdParam, response: { 200: Ok } } },
      async (req) => {
        await d.disputes.deleteView(ctxOf(req), req.params.id);
        return { ok: true as const };
      },
    );
    app.get(
      '/api/mediation/notifications',
      {
        config: { policy: 'disputes.read' },
        schema: {
          querystring: z.object({ unread: z.enum(['true', 'false']).default('false') }),
          response: { 200: z.array(NotificationView) },
        },
      },
      async (req) => d.disputes.notifications(ctxOf(req), req.query.unread === 'true'),
    );
    app.post(
      '/api/mediation/notifications/:id/read',
      { config: { policy: 'disputes.read' }, schema: { params: IdParam, response: { 200: Ok } } },
      async (req) => {
        await d.disputes.readNotification(ctxOf(req), req.params.id);
        return { ok: true as const };
      },
    );
  };
}
