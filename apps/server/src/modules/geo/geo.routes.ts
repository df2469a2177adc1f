import {
  AssignOfficerRequest,
  GridDetail,
  GridImportQuery,
  GridImportResult,
  GridView,
  LookupQuery,
  LookupResult,
  PlaceKind,
  PlaceView,
  TownMap,
  Uuid,
} from '@fengqiao/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors';
import { ctxOf } from '../../platform/platform';
import type { GeoService } from './geo.service';

export function geoRoutes(service: GeoService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/map', { config: { policy: 'map.view' }, schema: { response: { 200: TownMap } } }, async (req) =>
      service.townMap(ctxOf(req)),
    );
    app.get('/api/grids/export', { config: { policy: 'map.view' } }, async (req, reply) => {
      const fc = await service.exportGrids(ctxOf(req));
      reply.header('content-type', 'application/geo+json; charset=utf-8');
      reply.header('content-disposition', 'attachment; filename="grids.geojson"');
      return JSON.stringify(fc);
    });
    app.get(
      '/api/grids/:id',
      { config: { policy: 'map.view' }, schema: { params: z.object({ id: Uuid }), response: { 200: GridDetail } } },
      async (req) => service.gridDetail(ctxOf(req), req.params.id),
    );
    app.post(
      '/api/grids/import',
      {
        config: { policy: 'grids.edit' },
        bodyLimit: 20 * 1024 * 1024,
        schema: { querystring: GridImportQuery, body: z.unknown(), response: { 200: GridImportResult } },
      },
      async (req) => {
        const result = await service.importGrids(ctxOf(req), req.body, req.query.crs, req.query.dryRun);
        if (!result.ok) {
          throw new AppError(
            'validation',
            `the GeoJSON has ${result.errors.length} problem(s); nothing was imported`,
            result.errors.map((e) => ({ path: e.path, code: e.code, message: e.message })),
          );
        }
        return result;
      },
    );
    app.patch(
      '/api/grids/:id/officer',
      {
        config: { policy: 'grids.edit' },
        schema: { params: z.object({ id: Uuid }), body: AssignOfficerRequest, response: { 200: GridView } },
      },
      async (req) => service.assignOfficer(ctxOf(req), req.params.id, req.body.officerPersonId, req.body.reason),
    );
    app.get(
      '/api/places',
      {
        config: { policy: 'map.view' },
        schema: {
          querystring: z.object({ kind: PlaceKind.optional(), gridId: Uuid.optional() }),
          response: { 200: z.array(PlaceView) },
        },
      },
      async (req) => service.places(ctxOf(req), req.query.kind, req.query.gridId),
    );
    app.get(
      '/api/geo/lookup',
      { config: { policy: 'map.view' }, schema: { querystring: LookupQuery, response: { 200: LookupResult } } },
      async (req) => service.lookup(ctxOf(req), req.query.lng, req.query.lat, req.query.crs),
    );
  };
}
