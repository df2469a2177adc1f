import {
  FogIngestResult,
  FogNowcastView,
  FogObservationBatch,
  FogStationCreate,
  FogStationView,
  FogWarningView,
  Uuid,
} from '@fengqiao/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SYSTEM_ACTOR } from '../../platform/audit/audit.types';
import { AppError, forbidden } from '../../platform/errors';
import { ctxOf } from '../../platform/platform';
import type { FogService } from './fog.service';

/** Fog: observation ingest (machines by token, staff by permission), nowcast, warnings, CAP alerts. */
export function fogRoutes(s: FogService): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/traffic/fog/observations',
      {
        // Road weather stations and camera estimators are not sessions: the handler checks their bearer token.
        config: { policy: 'public', rateLimit: { max: 600, timeWindow: '1 minute' } },
        bodyLimit: 2 * 1024 * 1024,
        schema: { body: FogObservationBatch, response: { 200: FogIngestResult } },
      },
      async (req) => {
        if (!s.tokenOk(req.headers.authorization))
          throw new AppError('unauthorized', 'a valid ingest token is required', undefined, 'ingest_token');
        return s.ingest(
          { ...SYSTEM_ACTOR, name: 'fog-ingest', ip: req.ip, requestId: req.id },
          req.body.observations,
          null,
        );
      },
    );
    app.post(
      '/api/traffic/fog/observations/manual',
      {
        config: { policy: 'traffic.configure' },
        schema: { body: FogObservationBatch, response: { 200: FogIngestResult } },
      },
      async (req) => {
        const ctx = ctxOf(req);
        if (!ctx.actor.stationId) throw forbidden();
        return s.ingest(ctx.audit, req.body.observations, ctx.actor.stationId);
      },
    );
    app.get(
      '/api/traffic/fog/stations',
      { config: { policy: 'fog.read' }, schema: { response: { 200: z.array(FogStationView) } } },
      async (req) => s.stations(ctxOf(req)),
    );
    app.post(
      '/api/traffic/fog/stations',
      {
        config: { policy: 'traffic.configure' },
        schema: { body: FogStationCreate, response: { 201: FogStationView } },
      },
      async (req, reply) => reply.status(201).send(await s.addStation(ctxOf(req), req.body)),
    );
    app.post(
      '/api/traffic/fog/nowcast/run',
      {
        config: { policy: 'traffic.configure' },
        schema: { response: { 200: z.object({ nowcastId: z.number().int().nullable(), warnings: z.number().int() }) } },
      },
      async (req) => {
        const ctx = ctxOf(req);
        if (!ctx.actor.stationId) throw forbidden();
        return s.run(ctx.actor.stationId);
      },
    );
    app.get(
      '/api/traffic/fog/nowcast',
      { config: { policy: 'fog.read' }, schema: { response: { 200: FogNowcastView.nullable() } } },
      async (req) => s.latest(ctxOf(req)),
    );
    app.get(
      '/api/traffic/fog/warnings',
      { config: { policy: 'fog.read' }, schema: { response: { 200: z.array(FogWarningView) } } },
      async (req) => s.warnings(ctxOf(req)),
    );
    app.get(
      '/api/traffic/fog/warnings/:id/cap.xml',
      // CAP alerts are published to the public (navigation apps, road signs, media).
      { config: { policy: 'public' }, schema: { params: z.object({ id: Uuid }) } },
      async (req, reply) =>
        reply
          .type('application/cap+xml; charset=utf-8')
          .header('cache-control', 'public, max-age=60')
          .send(await s.cap(req.params.id)),
    );
  };
}
