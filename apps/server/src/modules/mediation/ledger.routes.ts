import {
  CategoryUpdate,
  ExportRequest,
  ExportView,
  ImportQuery,
  ImportResult,
  IndicatorQuery,
  IndicatorsView,
  MediationConfigView,
  MediationSettings,
  RiskLevel,
  RiskLevelUpdate,
  Uuid,
} from '@fengqiao/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { fieldError } from '../../platform/errors';
import { ctxOf } from '../../platform/platform';
import type { ConfigService, MediationConfig } from './config.service';
import type { IndicatorsService } from './indicators.service';
import { IMPORT_MAX_BYTES, type LedgerIoService } from './ledger-io.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface LedgerRouteDeps {
  io: LedgerIoService;
  indicators: IndicatorsService;
  config: MediationConfig;
  configuration: ConfigService;
}

/** Ledger import/export, the indicators, and the module's configuration. */
export function ledgerRoutes(d: LedgerRouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/mediation/import/template', { config: { policy: 'disputes.read' } }, async (req, reply) => {
      const bytes = await d.io.template(ctxOf(req));
      reply.header('content-type', XLSX).header('content-disposition', 'attachment; filename="ledger-template.xlsx"');
      return reply.send(bytes);
    });
    app.post(
      '/api/mediation/import',
      {
        config: { policy: 'disputes.write' },
        bodyLimit: IMPORT_MAX_BYTES + 1024 * 1024,
        schema: { querystring: ImportQuery, response: { 200: ImportResult } },
      },
      async (req) => {
        if (!req.isMultipart())
          throw fieldError('file', 'multipart_required', 'send the ledger as multipart/form-data field "file"');
        const file = await req.file({ limits: { fileSize: IMPORT_MAX_BYTES } }).catch(() => {
          throw fieldError('file', 'multipart', 'the upload is not well-formed multipart/form-data');
        });
        if (!file) throw fieldError('file', 'required', 'no file in the request');
        const bytes = await file.toBuffer().catch(() => {
          throw fieldError('file', 'file_too_large', `at most ${IMPORT_MAX_BYTES} bytes`);
        });
        if (file.file.truncated) throw fieldError('file', 'file_too_large', `at most ${IMPORT_MAX_BYTES} bytes`);
        return d.io.import(ctxOf(req), bytes, req.query.dryRun === 'true');
      },
    );
    app.post(
      '/api/mediation/exports',
      { config: { policy: 'disputes.read' }, schema: { body: ExportRequest, response: { 201: ExportView } } },
      async (req, reply) => {
        reply.status(201);
        return d.io.createExport(ctxOf(req), req.body.filter);
      },
    );
    app.get(
      '/api/mediation/exports/:id',
      {
        config: { policy: 'disputes.read' },
        schema: { params: z.object({ id: Uuid }), response: { 200: ExportView } },
      },
      async (req) => d.io.exportView(ctxOf(req), req.params.id),
    );
    app.get(
      '/api/mediation/exports/:id/download',
      { config: { policy: 'disputes.read' }, schema: { params: z.object({ id: Uuid }) } },
      async (req, reply) => {
        const { stream, filename } = await d.io.download(ctxOf(req), req.params.id);
        reply
          .header('content-type', XLSX)
          .header('content-disposition', `attachment; filename="${filename}"`)
          .header('cache-control', 'private, no-store');
        return reply.send(stream);
      },
    );

    app.get(
      '/api/mediation/indicators',
      {
        config: { policy: 'disputes.read' },
        schema: { querystring: IndicatorQuery, response: { 200: IndicatorsView } },
      },
      async (req) => d.indicators.compute(ctxOf(req), req.query),
    );

    app.get(
      '/api/mediation/config',
      { config: { policy: 'disputes.read' }, schema: { response: { 200: MediationConfigView } } },
      async () => d.config.view(),
    );
    app.put(
      '/api/mediation/config/risk-levels/:code',
      {
        config: { policy: 'disputes.configure' },
        schema: {
          params: z.object({ code: RiskLevel }),
          body: RiskLevelUpdate,
          response: { 200: MediationConfigView },
        },
      },
      async (req) => d.configuration.updateRiskLevel(ctxOf(req), req.params.code, req.body),
    );
    app.patch(
      '/api/mediation/config/categories/:code',
      {
        config: { policy: 'disputes.configure' },
        schema: {
          params: z.object({ code: z.string().regex(/^[a-z_]{2,64}$/) }),
          body: CategoryUpdate,
          response: { 200: MediationConfigView },
        },
      },
      async (req) => d.configuration.updateCategory(ctxOf(req), req.params.code, req.body),
    );
    app.put(
      '/api/mediation/config/settings',
      {
        config: { policy: 'disputes.configure' },
        schema: { body: MediationSettings, response: { 200: MediationConfigView } },
      },
      async (req) => d.configuration.updateSettings(ctxOf(req), req.body),
    );
  };
}
