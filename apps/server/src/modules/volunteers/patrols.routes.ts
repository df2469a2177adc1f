import {
  CancelShiftBody,
  CoverageQuery,
  CoverageView,
  DutyDetail,
  DutyListQuery,
  DutyView,
  PatrolRouteView,
  ReviewBody,
  RotaBody,
  RotaResult,
  RouteBody,
  RoutePatch,
  ShiftBody,
  ShiftListQuery,
  ShiftView,
  Uuid,
} from '@fengqiao/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../platform/platform';
import { sendFile } from './http';
import type { PatrolsService } from './patrols.service';

const IdParam = z.object({ id: Uuid });

/** Patrol management: /api/patrols… (routes, shifts and rotas, duties and reviews, coverage). */
export function patrolRoutes(s: PatrolsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/patrols/routes',
      {
        config: { policy: 'volunteers.read' },
        schema: { querystring: z.object({ teamId: Uuid.optional() }), response: { 200: z.array(PatrolRouteView) } },
      },
      async (req) => s.routes(ctxOf(req), req.query.teamId),
    );
    app.post(
      '/api/patrols/routes',
      { config: { policy: 'patrols.manage' }, schema: { body: RouteBody, response: { 201: PatrolRouteView } } },
      async (req, reply) => {
        const r = await s.createRoute(ctxOf(req), req.body);
        reply.status(201);
        return r;
      },
    );
    app.patch(
      '/api/patrols/routes/:id',
      {
        config: { policy: 'patrols.manage' },
        schema: { params: IdParam, body: RoutePatch, response: { 200: PatrolRouteView } },
      },
      async (req) => s.patchRoute(ctxOf(req), req.params.id, req.body),
    );
    app.get(
      '/api/patrols/shifts',
      {
        config: { policy: 'volunteers.read' },
        schema: { querystring: ShiftListQuery, response: { 200: z.array(ShiftView) } },
      },
      async (req) => s.shifts(ctxOf(req), req.query),
    );
    app.post(
      '/api/patrols/shifts',
      { config: { policy: 'patrols.manage' }, schema: { body: ShiftBody, response: { 201: ShiftView } } },
      async (req, reply) => {
        const r = await s.createShift(ctxOf(req), req.body);
        reply.status(201);
        return r;
      },
    );
    app.post(
      '/api/patrols/shifts/rota',
      { config: { policy: 'patrols.manage' }, schema: { body: RotaBody, response: { 200: RotaResult } } },
      async (req) => s.rota(ctxOf(req), req.body),
    );
    app.post(
      '/api/patrols/shifts/:id/cancel',
      {
        config: { policy: 'patrols.manage' },
        schema: { params: IdParam, body: CancelShiftBody, response: { 200: ShiftView } },
      },
      async (req) => s.cancelShift(ctxOf(req), req.params.id, req.body.reason),
    );
    app.get(
      '/api/patrols/duties',
      {
        config: { policy: 'volunteers.read' },
        schema: { querystring: DutyListQuery, response: { 200: z.array(DutyView) } },
      },
      async (req) => s.duties(ctxOf(req), req.query),
    );
    app.get(
      '/api/patrols/duties/:id',
      { config: { policy: 'volunteers.read' }, schema: { params: IdParam, response: { 200: DutyDetail } } },
      async (req) => s.duty(ctxOf(req), req.params.id),
    );
    app.get(
      '/api/patrols/duties/:id/photos/:photoId',
      { config: { policy: 'volunteers.read' }, schema: { params: z.object({ id: Uuid, photoId: Uuid }) } },
      async (req, reply) => sendFile(reply, await s.photoFile(ctxOf(req), req.params.id, req.params.photoId)),
    );
    app.post(
      '/api/patrols/duties/:id/review',
      {
        config: { policy: 'patrols.manage' },
        schema: { params: IdParam, body: ReviewBody, response: { 200: DutyView } },
      },
      async (req) => s.review(ctxOf(req), req.params.id, req.body),
    );
    app.get(
      '/api/patrols/coverage',
      {
        config: { policy: 'volunteers.read' },
        schema: { querystring: CoverageQuery, response: { 200: CoverageView } },
      },
      async (req) => s.coverage(ctxOf(req), req.query),
    );
  };
}
