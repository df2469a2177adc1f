import {
  HallCaseClose,
  HallCaseCreate,
  HallCaseListQuery,
  HallCaseView,
  HallEnterpriseQuery,
  HallEnterpriseSummary,
  HallEnterpriseView,
  HallFollowUpDone,
  HallHomeVisitCancel,
  HallHomeVisitCreate,
  HallHomeVisitDone,
  HallHomeVisitListQuery,
  HallHomeVisitSchedule,
  HallHomeVisitView,
  HallOfficerOption,
  HallPeriodQuery,
  HallRouteQuery,
  HallRouteView,
  HallSuggestionAnswer,
  HallSuggestionCreate,
  HallSuggestionEventCreate,
  HallSuggestionEventView,
  HallSuggestionListQuery,
  HallSuggestionProgress,
  HallSuggestionView,
  HallTrainingCreate,
  HallTrainingView,
  HallVisitCreate,
  HallVisitListQuery,
  HallVisitView,
  pageOf,
  Uuid,
} from '@fengqiao/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../platform/platform';
import type { HallServices } from './hall.services';

const IdParam = z.object({ id: Uuid });
const enterprise = { policy: 'enterprise.work' as const };
const homevisits = { policy: 'homevisits.work' as const };
const suggestions = { policy: 'suggestions.manage' as const };

/** Enterprise window, home visits and suggestions (community-facing work of clerks and officers). */
export function communityRoutes(h: HallServices): FastifyPluginAsyncZod {
  return async (app) => {
    // ---------------------------------------------------------- enterprise
    app.get(
      '/api/hall/enterprises',
      {
        config: enterprise,
        schema: { querystring: HallEnterpriseQuery, response: { 200: z.array(HallEnterpriseView) } },
      },
      async (req) => h.enterprise.enterprises(ctxOf(req), req.query.q),
    );
    app.get(
      '/api/hall/enterprise/cases',
      { config: enterprise, schema: { querystring: HallCaseListQuery, response: { 200: pageOf(HallCaseView) } } },
      async (req) => h.enterprise.cases(ctxOf(req), req.query),
    );
    app.post(
      '/api/hall/enterprise/cases',
      { config: enterprise, schema: { body: HallCaseCreate, response: { 201: HallCaseView } } },
      async (req, reply) => {
        reply.status(201);
        return h.enterprise.createCase(ctxOf(req), req.body);
      },
    );
    app.post(
      '/api/hall/enterprise/cases/:id/close',
      { config: enterprise, schema: { params: IdParam, body: HallCaseClose, response: { 200: HallCaseView } } },
      async (req) => h.enterprise.closeCase(ctxOf(req), req.params.id, req.body),
    );
    app.get(
      '/api/hall/enterprise/visits',
      { config: enterprise, schema: { querystring: HallVisitListQuery, response: { 200: pageOf(HallVisitView) } } },
      async (req) => h.enterprise.visits(ctxOf(req), req.query),
    );
    app.post(
      '/api/hall/enterprise/visits',
      { config: enterprise, schema: { body: HallVisitCreate, response: { 201: HallVisitView } } },
      async (req, reply) => {
        reply.status(201);
        return h.enterprise.createVisit(ctxOf(req), req.body);
      },
    );
    app.post(
      '/api/hall/enterprise/visits/:id/follow-up',
      { config: enterprise, schema: { params: IdParam, body: HallFollowUpDone, response: { 200: HallVisitView } } },
      async (req) => h.enterprise.followUpDone(ctxOf(req), req.params.id, req.body.note),
    );
    app.get(
      '/api/hall/enterprise/trainings',
      { config: enterprise, schema: { querystring: HallPeriodQuery, response: { 200: z.array(HallTrainingView) } } },
      async (req) => h.enterprise.trainings(ctxOf(req), req.query),
    );
    app.post(
      '/api/hall/enterprise/trainings',
      { config: enterprise, schema: { body: HallTrainingCreate, response: { 201: HallTrainingView } } },
      async (req, reply) => {
        reply.status(201);
        return h.enterprise.createTraining(ctxOf(req), req.body);
      },
    );
    app.get(
      '/api/hall/enterprise/summary',
      { config: enterprise, schema: { querystring: HallPeriodQuery, response: { 200: HallEnterpriseSummary } } },
      async (req) => h.enterprise.summary(ctxOf(req), req.query),
    );

    // --------------------------------------------------------- home visits
    app.get(
      '/api/hall/home-visits',
      {
        config: homevisits,
        schema: { querystring: HallHomeVisitListQuery, response: { 200: pageOf(HallHomeVisitView) } },
      },
      async (req) => h.homeVisits.list(ctxOf(req), req.query),
    );
    app.post(
      '/api/hall/home-visits',
      { config: homevisits, schema: { body: HallHomeVisitCreate, response: { 201: HallHomeVisitView } } },
      async (req, reply) => {
        reply.status(201);
        return h.homeVisits.createByStaff(ctxOf(req), req.body);
      },
    );
    app.get(
      '/api/hall/home-visits/officers',
      { config: homevisits, schema: { response: { 200: z.array(HallOfficerOption) } } },
      async (req) => h.homeVisits.officers(ctxOf(req)),
    );
    app.get(
      '/api/hall/home-visits/route',
      { config: homevisits, schema: { querystring: HallRouteQuery, response: { 200: HallRouteView } } },
      async (req) => h.homeVisits.route(ctxOf(req), req.query.officerPersonId, req.query.day),
    );
    app.post(
      '/api/hall/home-visits/:id/schedule',
      {
        config: homevisits,
        schema: { params: IdParam, body: HallHomeVisitSchedule, response: { 200: HallHomeVisitView } },
      },
      async (req) => h.homeVisits.schedule(ctxOf(req), req.params.id, req.body),
    );
    app.post(
      '/api/hall/home-visits/:id/done',
      {
        config: homevisits,
        schema: { params: IdParam, body: HallHomeVisitDone, response: { 200: HallHomeVisitView } },
      },
      async (req) => h.homeVisits.done(ctxOf(req), req.params.id, req.body.note, req.body.version),
    );
    app.post(
      '/api/hall/home-visits/:id/cancel',
      {
        config: homevisits,
        schema: { params: IdParam, body: HallHomeVisitCancel, response: { 200: HallHomeVisitView } },
      },
      async (req) => h.homeVisits.cancel(ctxOf(req), req.params.id, req.body.reason, req.body.version),
    );

    // --------------------------------------------------------- suggestions
    app.get(
      '/api/hall/suggestion-events',
      { config: suggestions, schema: { response: { 200: z.array(HallSuggestionEventView) } } },
      async (req) => h.suggestions.events(ctxOf(req)),
    );
    app.post(
      '/api/hall/suggestion-events',
      { config: suggestions, schema: { body: HallSuggestionEventCreate, response: { 201: HallSuggestionEventView } } },
      async (req, reply) => {
        reply.status(201);
        return h.suggestions.createEvent(ctxOf(req), req.body);
      },
    );
    app.get(
      '/api/hall/suggestions',
      {
        config: suggestions,
        schema: { querystring: HallSuggestionListQuery, response: { 200: pageOf(HallSuggestionView) } },
      },
      async (req) => h.suggestions.list(ctxOf(req), req.query),
    );
    app.post(
      '/api/hall/suggestions',
      { config: suggestions, schema: { body: HallSuggestionCreate, response: { 201: HallSuggestionView } } },
      async (req, reply) => {
        reply.status(201);
        return h.suggestions.create(ctxOf(req), req.body);
      },
    );
    app.post(
      '/api/hall/suggestions/:id/answer',
      {
        config: suggestions,
        schema: { params: IdParam, body: HallSuggestionAnswer, response: { 200: HallSuggestionView } },
      },
      async (req) => h.suggestions.answer(ctxOf(req), req.params.id, req.body),
    );
    app.post(
      '/api/hall/suggestions/:id/progress',
      {
        config: suggestions,
        schema: { params: IdParam, body: HallSuggestionProgress, response: { 200: HallSuggestionView } },
      },
      async (req) => h.suggestions.progress(ctxOf(req), req.params.id, req.body),
    );
  };
}
