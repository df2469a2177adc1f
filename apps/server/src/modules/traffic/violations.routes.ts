import {
  UploadView,
  Uuid,
  ViolationCodeUpsert,
  ViolationCodeView,
  ViolationConfirmRequest,
  ViolationExportRequest,
  ViolationListQuery,
  ViolationPage,
  ViolationRejectRequest,
  ViolationReportRequest,
  ViolationView,
} from '@fengqiao/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../platform/platform';
import { readUpload } from './upload';
import type { ViolationsService } from './violations.service';

const IdParam = z.object({ id: Uuid });
const reviewer = { policy: 'violations.review' as const };
const reporter = { policy: 'violations.report' as const };

/** The violation review queue: officers enter, reviewers confirm or reject, batches leave as CSV. */
export function violationRoutes(s: ViolationsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/traffic/violations/evidence',
      { config: reporter, bodyLimit: 11 * 1024 * 1024, schema: { response: { 201: UploadView } } },
      async (req, reply) => {
        const ctx = ctxOf(req);
        const f = await readUpload(req, 10 * 1024 * 1024);
        return reply.status(201).send(await s.uploadEvidence(ctx, f.bytes, f.name));
      },
    );
    app.post(
      '/api/traffic/violations',
      {
        config: reporter,
        schema: { body: ViolationReportRequest, response: { 200: ViolationView, 201: ViolationView } },
      },
      async (req, reply) => {
        const r = await s.report(ctxOf(req), req.body);
        return reply.status(r.status as 200 | 201).send(r.body);
      },
    );
    app.get(
      '/api/traffic/violations',
      { config: reviewer, schema: { querystring: ViolationListQuery, response: { 200: ViolationPage } } },
      async (req) => s.list(ctxOf(req), req.query),
    );
    app.get(
      '/api/traffic/violation-codes',
      { config: reporter, schema: { response: { 200: z.array(ViolationCodeView) } } },
      async () => s.codes(),
    );
    app.put(
      '/api/traffic/violation-codes/:code',
      {
        config: { policy: 'traffic.configure' },
        schema: {
          params: z.object({ code: z.string() }),
          body: ViolationCodeUpsert,
          response: { 200: ViolationCodeView },
        },
      },
      async (req) => s.saveCode(ctxOf(req), req.params.code, req.body),
    );
    app.post(
      '/api/traffic/violations/export',
      { config: reviewer, schema: { body: ViolationExportRequest } },
      async (req, reply) => {
        const r = await s.export(ctxOf(req), req.body);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="violations-${r.batch}.csv"`)
          .header('x-export-batch', r.batch)
          .header('x-export-count', String(r.count))
          .send(r.csv);
      },
    );
    app.get(
      '/api/traffic/violations/:id',
      { config: reviewer, schema: { params: IdParam, response: { 200: ViolationView } } },
      async (req) => s.detail(ctxOf(req), req.params.id),
    );
    app.get(
      '/api/traffic/violations/:id/evidence/:fileId',
      { config: reviewer, schema: { params: z.object({ id: Uuid, fileId: Uuid }) } },
      async (req, reply) => {
        const f = await s.evidenceFile(ctxOf(req), req.params.id, req.params.fileId);
        return reply.type(f.contentType).header('cache-control', 'private, no-store').send(f.data);
      },
    );
    app.post(
      '/api/traffic/violations/:id/confirm',
      {
        config: reviewer,
        schema: { params: IdParam, body: ViolationConfirmRequest, response: { 200: ViolationView } },
      },
      async (req) => s.confirm(ctxOf(req), req.params.id, req.body),
    );
    app.post(
      '/api/traffic/violations/:id/reject',
      { config: reviewer, schema: { params: IdParam, body: ViolationRejectRequest, response: { 200: ViolationView } } },
      async (req) => s.reject(ctxOf(req), req.params.id, req.body),
    );
  };
}
