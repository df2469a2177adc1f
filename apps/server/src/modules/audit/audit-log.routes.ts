import { AuditEntryView, AuditQuery, AuditVerifyResult, pageOf } from '@fengqiao/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../platform/platform';
import type { AuditLogService } from './audit-log.service';

export function auditLogRoutes(service: AuditLogService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/audit',
      {
        config: { policy: 'audit.read' },
        schema: { querystring: AuditQuery, response: { 200: pageOf(AuditEntryView) } },
      },
      async (req) => service.search(ctxOf(req), req.query),
    );
    app.post(
      '/api/audit/verify',
      { config: { policy: 'audit.read' }, schema: { response: { 200: AuditVerifyResult } } },
      async (req) => service.verify(ctxOf(req)),
    );
  };
}
