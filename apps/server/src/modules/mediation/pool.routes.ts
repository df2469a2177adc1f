import {
  ConflictRequest,
  MediatorListQuery,
  MediatorUpsert,
  MediatorView,
  UnavailabilityRequest,
  Uuid,
} from '@fengqiao/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../platform/platform';
import type { MediatorsService } from './mediators.service';

const IdParam = z.object({ id: Uuid });
const EntryParam = z.object({ id: Uuid, entryId: Uuid });

/** The mediator pool (民调入所): /api/mediation/mediators… */
export function poolRoutes(s: MediatorsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/mediation/mediators',
      {
        config: { policy: 'disputes.read' },
        schema: { querystring: MediatorListQuery, response: { 200: z.array(MediatorView) } },
      },
      async (req) => s.list(ctxOf(req), req.query),
    );
    app.get(
      '/api/mediation/mediators/:id',
      { config: { policy: 'disputes.read' }, schema: { params: IdParam, response: { 200: MediatorView } } },
      async (req) => s.get(ctxOf(req), req.params.id),
    );
    app.put(
      '/api/mediation/mediators/:id',
      {
        config: { policy: 'mediators.manage' },
        schema: { params: IdParam, body: MediatorUpsert, response: { 200: MediatorView } },
      },
      async (req) => s.upsert(ctxOf(req), req.params.id, req.body),
    );
    app.post(
      '/api/mediation/mediators/:id/unavailability',
      {
        config: { policy: 'mediators.manage' },
        schema: { params: IdParam, body: UnavailabilityRequest, response: { 200: MediatorView } },
      },
      async (req) => s.addUnavailability(ctxOf(req), req.params.id, req.body),
    );
    app.delete(
      '/api/mediation/mediators/:id/unavailability/:entryId',
      { config: { policy: 'mediators.manage' }, schema: { params: EntryParam, response: { 200: MediatorView } } },
      async (req) => s.removeUnavailability(ctxOf(req), req.params.id, req.params.entryId),
    );
    app.post(
      '/api/mediation/mediators/:id/conflicts',
      {
        config: { policy: 'mediators.manage' },
        schema: { params: IdParam, body: ConflictRequest, response: { 200: MediatorView } },
      },
      async (req) => s.addConflict(ctxOf(req), req.params.id, req.body),
    );
    app.delete(
      '/api/mediation/mediators/:id/conflicts/:entryId',
      { config: { policy: 'mediators.manage' }, schema: { params: EntryParam, response: { 200: MediatorView } } },
      async (req) => s.removeConflict(ctxOf(req), req.params.id, req.params.entryId),
    );
  };
}
