import {
  HazardAssignBody,
  HazardBody,
  HazardDetail,
  HazardDismissBody,
  HazardListQuery,
  HazardRectifyBody,
  HazardSummary,
  HazardVerifyBody,
  pageOf,
  Uuid,
} from '@fengqiao/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../platform/platform';
import type { HazardsService } from './hazards.service';
import { clientIdOf, IdempotencyHeaders, readPhoto, send, sendFile } from './http';

const IdParam = z.object({ id: Uuid });

/** Hazards: reported by volunteers and staff (hazards.report), handled by officers (hazards.manage). */
export function hazardRoutes(s: HazardsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/hazards',
      {
        config: { policy: 'hazards.report' },
        schema: { headers: IdempotencyHeaders, body: HazardBody, response: { 200: HazardDetail, 201: HazardDetail } },
      },
      async (req, reply) => send(reply, await s.report(ctxOf(req), req.body, clientIdOf(req, req.body))),
    );
    app.get(
      '/api/hazards',
      {
        config: { policy: 'hazards.report' },
        schema: { querystring: HazardListQuery, response: { 200: pageOf(HazardSummary) } },
      },
      async (req) => s.list(ctxOf(req), req.query),
    );
    app.get(
      '/api/hazards/:id',
      { config: { policy: 'hazards.report' }, schema: { params: IdParam, response: { 200: HazardDetail } } },
      async (req) => s.detail(ctxOf(req), req.params.id),
    );
    app.post(
      '/api/hazards/:id/photos',
      {
        config: { policy: 'hazards.report' },
        bodyLimit: 10 * 1024 * 1024,
        schema: {
          params: IdParam,
          headers: IdempotencyHeaders,
          querystring: z.object({
            stage: z.enum(['report', 'rectification', 'verification']).default('report'),
            clientId: z.uuid().optional(),
          }),
          response: { 201: z.object({ photoId: Uuid, fileId: Uuid }) },
        },
      },
      async (req, reply) => {
        const photo = await readPhoto(req);
        return send(
          reply,
          await s.photo(ctxOf(req), req.params.id, req.query.stage, photo, clientIdOf(req, req.query)),
        );
      },
    );
    app.get(
      '/api/hazards/:id/photos/:photoId',
      { config: { policy: 'hazards.report' }, schema: { params: z.object({ id: Uuid, photoId: Uuid }) } },
      async (req, reply) => sendFile(reply, await s.photoFile(ctxOf(req), req.params.id, req.params.photoId)),
    );
    app.post(
      '/api/hazards/:id/assign',
      {
        config: { policy: 'hazards.manage' },
        schema: { params: IdParam, body: HazardAssignBody, response: { 200: HazardDetail } },
      },
      async (req) => s.assign(ctxOf(req), req.params.id, req.body),
    );
    app.post(
      '/api/hazards/:id/rectification',
      {
        config: { policy: 'hazards.manage' },
        schema: { params: IdParam, body: HazardRectifyBody, response: { 200: HazardDetail } },
      },
      async (req) => s.rectify(ctxOf(req), req.params.id, req.body),
    );
    app.post(
      '/api/hazards/:id/verify',
      {
        config: { policy: 'hazards.manage' },
        schema: { params: IdParam, body: HazardVerifyBody, response: { 200: HazardDetail } },
      },
      async (req) => s.verify(ctxOf(req), req.params.id, req.body),
    );
    app.post(
      '/api/hazards/:id/dismiss',
      {
        config: { policy: 'hazards.manage' },
        schema: { params: IdParam, body: HazardDismissBody, response: { 200: HazardDetail } },
      },
      async (req) => s.dismiss(ctxOf(req), req.params.id, req.body),
    );
  };
}
