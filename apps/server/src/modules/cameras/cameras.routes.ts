import {
  CameraDetail,
  CameraEventView,
  CameraHealth,
  CameraInput,
  CameraSummary,
  EventEvidence,
  EventListQuery,
  EvidenceExportRequest,
  EvidencePurpose,
  pageOf,
  Rule,
  RuleInput,
  RuleQuality,
  ShapeInput,
  TemplateView,
  Uuid,
  ViolationReviewBody,
} from '@fengqiao/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, fieldError } from '../../platform/errors';
import { readFile } from '../../platform/files/files.service';
import { ctxOf, type Platform } from '../../platform/platform';
import { type CamerasService, SNAPSHOT_MAX_BYTES } from './cameras.service';
import type { EventsService } from './events.service';
import type { ExportService } from './export.service';
import type { CameraHealthService } from './health.service';

const IdParam = z.object({ id: Uuid });
const ShapesBody = z.object({ shapes: z.array(ShapeInput.and(z.object({ id: Uuid.optional() }))).max(50) });

function sendFile(reply: FastifyReply, f: { contentType: string; data: Buffer; sha256: string }) {
  reply.header('content-type', f.contentType).header('cache-control', 'private, no-store').header('etag', f.sha256);
  return reply.send(f.data);
}

async function readSnapshot(req: FastifyRequest): Promise<Buffer> {
  if (!req.isMultipart())
    throw fieldError('snapshot', 'multipart_required', 'send the image as multipart field "snapshot"');
  const file = await req.file({ limits: { fileSize: SNAPSHOT_MAX_BYTES } });
  if (!file) throw fieldError('snapshot', 'required', 'no image in the request');
  const bytes = await file.toBuffer().catch((e: { code?: unknown }) => {
    if (e.code === 'FST_REQ_FILE_TOO_LARGE')
      throw new AppError('payload_too_large', 'the image is larger than 4 MB', [
        { path: 'snapshot', code: 'file_too_large', message: `at most ${SNAPSHOT_MAX_BYTES} bytes` },
      ]);
    throw e;
  });
  return bytes;
}

/** Staff routes: the registry and editor (cameras.manage), events, evidence and review. */
/**
 * Serves a stored file, honouring a single byte range (a <video> element
 * seeks in the clip with Range requests and refuses to play without them in some browsers).
 */
function sendRanged(
  req: FastifyRequest,
  reply: FastifyReply,
  f: { contentType: string; data: Buffer; sha256: string },
) {
  reply.header('accept-ranges', 'bytes');
  const m = /^bytes=(\d*)-(\d*)$/.exec(String(req.headers.range ?? ''));
  if (!m || (m[1] === '' && m[2] === '')) return sendFile(reply, f);
  const size = f.data.length;
  let start = m[1] === '' ? size - Number(m[2]) : Number(m[1]);
  let end = m[1] === '' || m[2] === '' ? size - 1 : Number(m[2]);
  start = Math.max(0, start);
  end = Math.min(size - 1, end);
  if (start > end || start >= size) return reply.status(416).header('content-range', `bytes */${size}`).send();
  reply
    .status(206)
    .header('content-type', f.contentType)
    .header('cache-control', 'private, no-store')
    .header('etag', f.sha256)
    .header('content-range', `bytes ${start}-${end}/${size}`);
  return reply.send(f.data.subarray(start, end + 1));
}

export function cameraRoutes(
  p: Platform,
  s: CamerasService,
  events: EventsService,
  health: CameraHealthService,
  exports: ExportService,
): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/cameras/health',
      { config: { policy: 'cameras.read' }, schema: { response: { 200: CameraHealth } } },
      async (req) => health.health(ctxOf(req)),
    );
    app.post(
      '/api/camera-events/export',
      { config: { policy: 'evidence.export' }, schema: { body: EvidenceExportRequest } },
      async (req, reply) => {
        const r = await exports.export(ctxOf(req), req.body);
        return reply
          .header('content-type', 'application/zip')
          .header('content-disposition', `attachment; filename="${r.name}"`)
          .header('cache-control', 'private, no-store')
          .header('x-export-count', String(r.count))
          .send(r.data);
      },
    );
    app.get(
      '/api/cameras',
      { config: { policy: 'cameras.read' }, schema: { response: { 200: z.array(CameraSummary) } } },
      async (req) => s.list(ctxOf(req)),
    );
    app.get(
      '/api/cameras/templates',
      { config: { policy: 'cameras.read' }, schema: { response: { 200: z.array(TemplateView) } } },
      async () => s.templates(),
    );
    app.get(
      '/api/cameras/rule-quality',
      { config: { policy: 'cameras.read' }, schema: { response: { 200: z.array(RuleQuality) } } },
      async (req) => events.quality(ctxOf(req)),
    );
    app.post(
      '/api/cameras',
      { config: { policy: 'cameras.manage' }, schema: { body: CameraInput, response: { 201: CameraDetail } } },
      async (req, reply) => reply.status(201).send(await s.create(ctxOf(req), req.body)),
    );
    app.get(
      '/api/cameras/:id',
      { config: { policy: 'cameras.read' }, schema: { params: IdParam, response: { 200: CameraDetail } } },
      async (req) => s.detail(ctxOf(req), req.params.id),
    );
    app.put(
      '/api/cameras/:id',
      {
        config: { policy: 'cameras.manage' },
        schema: {
          params: IdParam,
          body: CameraInput.extend({ version: z.number().int() }),
          response: { 200: CameraDetail },
        },
      },
      async (req) => s.update(ctxOf(req), req.params.id, req.body.version, req.body),
    );
    app.put(
      '/api/cameras/:id/shapes',
      {
        config: { policy: 'cameras.manage' },
        schema: { params: IdParam, body: ShapesBody, response: { 200: CameraDetail } },
      },
      async (req) => s.saveShapes(ctxOf(req), req.params.id, req.body.shapes),
    );
    app.post(
      '/api/cameras/:id/rules',
      { config: { policy: 'cameras.manage' }, schema: { params: IdParam, body: RuleInput, response: { 201: Rule } } },
      async (req, reply) => reply.status(201).send(await s.saveRule(ctxOf(req), req.params.id, null, req.body)),
    );
    app.put(
      '/api/cameras/:id/rules/:ruleId',
      {
        config: { policy: 'cameras.manage' },
        schema: { params: z.object({ id: Uuid, ruleId: Uuid }), body: RuleInput, response: { 200: Rule } },
      },
      async (req) => s.saveRule(ctxOf(req), req.params.id, req.params.ruleId, req.body),
    );
    app.delete(
      '/api/cameras/:id/rules/:ruleId',
      { config: { policy: 'cameras.manage' }, schema: { params: z.object({ id: Uuid, ruleId: Uuid }) } },
      async (req, reply) => {
        await s.removeRule(ctxOf(req), req.params.id, req.params.ruleId);
        return reply.status(204).send();
      },
    );
    app.put(
      '/api/cameras/:id/snapshot',
      { config: { policy: 'cameras.manage' }, bodyLimit: SNAPSHOT_MAX_BYTES + 64 * 1024, schema: { params: IdParam } },
      async (req, reply) => {
        await s.uploadSnapshot(ctxOf(req), req.params.id, await readSnapshot(req));
        return reply.status(204).send();
      },
    );
    app.get(
      '/api/cameras/:id/snapshot',
      { config: { policy: 'cameras.read' }, schema: { params: IdParam } },
      async (req, reply) => {
        const f = await readFile(p.db, await s.snapshotFileId(ctxOf(req), req.params.id));
        if (!f) throw new AppError('not_found', 'snapshot not found');
        return sendFile(reply, f);
      },
    );
    app.get(
      '/api/camera-events',
      {
        config: { policy: 'cameras.read' },
        schema: { querystring: EventListQuery, response: { 200: pageOf(CameraEventView) } },
      },
      async (req) => events.list(ctxOf(req), req.query),
    );
    app.get(
      '/api/camera-events/:id/evidence',
      {
        config: { policy: 'cameras.read' },
        schema: { params: IdParam, querystring: EvidencePurpose, response: { 200: EventEvidence } },
      },
      async (req) => events.evidence(ctxOf(req), req.params.id, req.query.purpose),
    );
    app.get(
      '/api/camera-events/:id/evidence/:evidenceId',
      {
        config: { policy: 'cameras.read' },
        schema: { params: z.object({ id: Uuid, evidenceId: Uuid }), querystring: EvidencePurpose },
      },
      async (req, reply) =>
        sendRanged(
          req,
          reply,
          await events.evidenceFile(
            ctxOf(req),
            req.params.id,
            req.params.evidenceId,
            req.query.purpose,
            req.headers.range,
          ),
        ),
    );
    app.post(
      '/api/camera-events/:id/review',
      {
        config: { policy: 'violations.review' },
        schema: { params: IdParam, body: ViolationReviewBody, response: { 200: CameraEventView } },
      },
      async (req) => events.review(ctxOf(req), req.params.id, req.body.decision, req.body.reason),
    );
  };
}
