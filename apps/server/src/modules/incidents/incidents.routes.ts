import {
  AlertListQuery,
  AlertView,
  BoardView,
  CategoryView,
  CloseIncidentRequest,
  CreateIncidentRequest,
  CreateIncidentResponse,
  DispatchRequest,
  IncidentDetail,
  IncidentListQuery,
  IncidentSummary,
  NoteRequest,
  Ok,
  OrderStatusRequest,
  OrderView,
  pageOf,
  SuggestRequest,
  SuggestResponse,
  Uuid,
} from '@fengqiao/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { fieldError } from '../../platform/errors';
import { trustedReply } from '../../platform/http/trusted-reply';
import { ctxOf } from '../../platform/platform';
import type { BoardService } from './board.service';
import type { DispatchService } from './dispatch.service';
import type { IncidentsService } from './incidents.service';
import type { IncidentsConfig } from './incidents-config.service';
import type { IntakeService } from './intake.service';

const IdParam = z.object({ id: Uuid });
const IdempotencyHeader = z.object({ 'idempotency-key': z.string().trim().min(8).max(128).optional() }).loose();

export interface IncidentRouteDeps {
  intake: IntakeService;
  incidents: IncidentsService;
  dispatch: DispatchService;
  board: BoardService;
  config: IncidentsConfig;
}

export function incidentRoutes(d: IncidentRouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/incidents/categories',
      // Reference data, not records: every signed-in user's screens label categories with it
      // (the leadership drill-down of a county user too, who takes no calls).
      { config: { policy: 'authenticated' }, schema: { response: { 200: z.array(CategoryView) } } },
      async () => {
        const { categories } = await d.config.get();
        return [...categories.values()].map((c) => ({
          code: c.code,
          parentCode: c.parent_code,
          nameZh: c.name_zh,
          nameEn: c.name_en,
          team: c.team,
          defaultPriority: c.default_priority,
          open311: c.open311,
          active: c.active,
        }));
      },
    );

    app.post(
      '/api/incidents/suggest',
      { config: { policy: 'incidents.create' }, schema: { body: SuggestRequest, response: { 200: SuggestResponse } } },
      async (req) => {
        const ctx = ctxOf(req);
        return d.intake.suggest(ctx.actor.stationId ?? '', req.body);
      },
    );

    app.post(
      '/api/incidents',
      {
        config: { policy: 'incidents.create' },
        schema: {
          headers: IdempotencyHeader,
          body: CreateIncidentRequest,
          response: { 200: CreateIncidentResponse, 201: CreateIncidentResponse },
        },
        // The hot path of every report: the reply is built from the views (see trusted-reply.ts).
        serializerCompiler: trustedReply,
      },
      async (req, reply) => {
        const ctx = ctxOf(req);
        if (!ctx.actor.stationId) throw fieldError('station', 'no_station', 'your account belongs to no station');
        const volunteerOnly = !ctx.actor.permissions.has('incidents.read');
        const result = await d.intake.create(
          {
            stationId: ctx.actor.stationId,
            userId: ctx.actor.userId,
            name: ctx.actor.displayName,
            audit: ctx.audit,
            volunteerOnly,
          },
          req.body,
          { idempotencyKey: req.headers['idempotency-key'] ?? null, withPublicToken: volunteerOnly },
        );
        reply.status(result.created ? 201 : 200);
        const incident = result.stored
          ? await d.incidents.createdDetail(ctx, result.stored)
          : await d.incidents.detail(ctx, result.incidentId, false);
        return { incident, created: result.created };
      },
    );

    app.get(
      '/api/incidents',
      {
        config: { policy: 'incidents.read' },
        schema: { querystring: IncidentListQuery, response: { 200: pageOf(IncidentSummary) } },
      },
      async (req) => d.incidents.list(ctxOf(req), req.query),
    );
    app.get(
      '/api/incidents/:id',
      { config: { policy: 'incidents.read' }, schema: { params: IdParam, response: { 200: IncidentDetail } } },
      async (req) => d.incidents.detail(ctxOf(req), req.params.id),
    );
    app.post(
      '/api/incidents/:id/notes',
      { config: { policy: 'orders.update' }, schema: { params: IdParam, body: NoteRequest, response: { 200: Ok } } },
      async (req) => {
        await d.incidents.addNote(ctxOf(req), req.params.id, req.body.note);
        return { ok: true as const };
      },
    );
    app.post(
      '/api/incidents/:id/photos',
      {
        config: { policy: 'orders.update' },
        bodyLimit: 10 * 1024 * 1024,
        schema: { params: IdParam, response: { 200: z.object({ fileId: Uuid }) } },
      },
      async (req) => {
        const ctx = ctxOf(req);
        if (!req.isMultipart())
          throw fieldError('photo', 'multipart_required', 'send the photo as multipart/form-data field "photo"');
        const file = await req.file({ limits: { fileSize: 9 * 1024 * 1024 } });
        if (!file) throw fieldError('photo', 'required', 'no photo in the request');
        const bytes = await file.toBuffer();
        return { fileId: await d.incidents.addPhoto(ctx, req.params.id, bytes, file.filename) };
      },
    );
    app.get(
      '/api/incidents/:id/attachments/:fileId',
      { config: { policy: 'incidents.read' }, schema: { params: z.object({ id: Uuid, fileId: Uuid }) } },
      async (req, reply) => {
        const f = await d.incidents.photo(ctxOf(req), req.params.id, req.params.fileId);
        reply
          .header('content-type', f.contentType)
          .header('cache-control', 'private, no-store')
          .header('etag', f.sha256);
        return reply.send(f.data);
      },
    );
    app.post(
      '/api/incidents/:id/orders',
      {
        config: { policy: 'incidents.dispatch' },
        schema: { params: IdParam, body: DispatchRequest, response: { 200: OrderView } },
      },
      async (req) => d.dispatch.dispatch(ctxOf(req), req.params.id, req.body.assignee, req.body.note ?? null),
    );
    app.post(
      '/api/incidents/:id/close',
      {
        config: { policy: 'incidents.dispatch' },
        schema: { params: IdParam, body: CloseIncidentRequest, response: { 200: Ok } },
      },
      async (req) => {
        await d.incidents.close(ctxOf(req), req.params.id, req.body.resultCode, req.body.note ?? null);
        return { ok: true as const };
      },
    );

    app.patch(
      '/api/orders/:id',
      {
        config: { policy: 'orders.update' },
        schema: { params: IdParam, body: OrderStatusRequest, response: { 200: OrderView } },
      },
      async (req) =>
        d.dispatch.setStatus(
          ctxOf(req),
          req.params.id,
          req.body.status,
          req.body.note ?? null,
          req.body.resultCode ?? null,
          req.body.version,
        ),
    );
    app.get(
      '/api/orders/mine',
      {
        config: { policy: 'orders.update' },
        schema: {
          querystring: z.object({ open: z.enum(['true', 'false']).default('true') }),
          response: { 200: z.array(OrderView) },
        },
      },
      async (req) => d.dispatch.mine(ctxOf(req), req.query.open === 'true'),
    );

    app.get(
      '/api/board',
      { config: { policy: 'incidents.read' }, schema: { response: { 200: BoardView } } },
      async (req) => d.board.board(ctxOf(req)),
    );
    app.get(
      '/api/alerts',
      {
        config: { policy: 'incidents.read' },
        schema: {
          querystring: AlertListQuery,
          response: { 200: z.array(AlertView) },
        },
      },
      async (req) => d.incidents.alerts(ctxOf(req), req.query),
    );
    app.post(
      '/api/alerts/:id/acknowledge',
      { config: { policy: 'incidents.read' }, schema: { params: IdParam, response: { 200: Ok } } },
      async (req) => {
        await d.incidents.acknowledgeAlert(ctxOf(req), req.params.id);
        return { ok: true as const };
      },
    );
  };
}
