import { PersonListQuery, PersonView, pageOf, RevealRequest, RevealResponse, Uuid } from '@fengqiao/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../platform/platform';
import type { PersonnelService } from './personnel.service';

export function personnelRoutes(service: PersonnelService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/persons',
      {
        config: { policy: 'personnel.read' },
        schema: { querystring: PersonListQuery, response: { 200: pageOf(PersonView) } },
      },
      async (req) => service.list(ctxOf(req), req.query),
    );
    app.get(
      '/api/persons/:id',
      {
        config: { policy: 'personnel.read' },
        schema: { params: z.object({ id: Uuid }), response: { 200: PersonView } },
      },
      async (req) => service.get(ctxOf(req), req.params.id),
    );
    app.post(
      '/api/persons/:id/reveal',
      {
        config: { policy: 'pii.reveal' },
        schema: { params: z.object({ id: Uuid }), body: RevealRequest, response: { 200: RevealResponse } },
      },
      async (req) => ({
        field: req.body.field,
        value: await service.reveal(ctxOf(req), req.params.id, req.body.field, req.body.reason),
      }),
    );
  };
}
