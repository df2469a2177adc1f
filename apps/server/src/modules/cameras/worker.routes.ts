import {
  ClaimRequest,
  ClaimResponse,
  EventAccepted,
  EventRequest,
  EvidenceAppended,
  EvidenceAppendRequest,
  HeartbeatRequest,
  HeartbeatResponse,
  Uuid,
  WorkerId,
} from '@fengqiao/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { fieldError } from '../../platform/errors';
import type { WorkersService } from './workers.service';

/**
 * Routes the vision workers call. They are not user sessions: the policy is
 * 'public' for the session hook and each handler checks the worker's bearer
 * token before anything else.
 */
export function workerRoutes(w: WorkersService): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/vision/claim',
      { config: { policy: 'public' }, schema: { body: ClaimRequest, response: { 200: ClaimResponse } } },
      async (req) => w.claim(await w.authenticate(req, req.body.workerId), req.body.workerId, req.body.max),
    );
    app.post(
      '/api/vision/heartbeat',
      { config: { policy: 'public' }, schema: { body: HeartbeatRequest, response: { 200: HeartbeatResponse } } },
      async (req) => {
        await w.authenticate(req, req.body.workerId);
        return w.heartbeat(req.body.workerId, req.body.cameras);
      },
    );
    app.post(
      '/api/vision/release',
      {
        config: { policy: 'public' },
        schema: { body: z.object({ workerId: WorkerId, cameraIds: z.array(Uuid).max(256) }) },
      },
      async (req, reply) => {
        await w.authenticate(req, req.body.workerId);
        await w.release(req.body.workerId, req.body.cameraIds);
        return reply.status(204).send();
      },
    );
    app.post(
      '/api/vision/cameras/:id/snapshot',
      {
        config: { policy: 'public' },
        bodyLimit: 8 * 1024 * 1024,
        schema: { params: z.object({ id: Uuid }), body: z.object({ workerId: WorkerId, data: z.string().min(16) }) },
      },
      async (req, reply) => {
        const audit = await w.authenticate(req, req.body.workerId);
        const bytes = Buffer.from(req.body.data, 'base64');
        if (bytes.length === 0) throw fieldError('body.data', 'invalid', 'not base64');
        await w.snapshot(audit, req.body.workerId, req.params.id, bytes);
        return reply.status(204).send();
      },
    );
    app.post(
      '/api/vision/events',
      {
        config: { policy: 'public' },
        bodyLimit: 48 * 1024 * 1024,
        schema: { body: EventRequest, response: { 200: EventAccepted, 201: EventAccepted } },
      },
      async (req, reply) => {
        const audit = await w.authenticate(req, req.body.workerId);
        const r = await w.event(audit, req.body);
        return reply.status(r.status).send(r.body);
      },
    );
    // Evidence that follows an event posted at once (after-frame, clip, plate): idempotent per event and role.
    app.post(
      '/api/vision/events/:id/evidence',
      {
        config: { policy: 'public' },
        bodyLimit: 48 * 1024 * 1024,
        schema: {
          params: z.object({ id: Uuid }),
          body: EvidenceAppendRequest,
          response: { 200: EvidenceAppended },
        },
      },
      async (req) => {
        const audit = await w.authenticate(req, req.body.workerId);
        return w.appendEvidence(audit, req.params.id, req.body);
      },
    );
  };
}
