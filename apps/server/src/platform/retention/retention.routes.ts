import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../platform';
import type { RetentionService } from './retention.service';

const PolicyView = z.object({
  id: z.string(),
  module: z.string(),
  kind: z.enum(['anonymise', 'external', 'keep']),
  days: z.number().int().nullable(),
  defaultDays: z.number().int().nullable(),
  minDays: z.number().int(),
  env: z.string(),
  from: z.string(),
  anonymises: z.string(),
  keeps: z.string(),
  lastRunAt: z.string().nullable(),
  lastCutoff: z.string().nullable(),
  lastRows: z.number().int().nullable(),
  lastFiles: z.number().int().nullable(),
  totalRows: z.number().int().nullable(),
  totalFiles: z.number().int().nullable(),
  lastChangeAt: z.string().nullable(),
  guarded: z.boolean().nullable(),
});

/** The retention registry, read-only, for the administrators and the auditor (users.read). */
export function retentionRoutes(service: RetentionService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/retention',
      {
        config: { policy: 'users.read' },
        schema: { response: { 200: z.object({ items: z.array(PolicyView) }) } },
      },
      async (req) => {
        ctxOf(req);
        return { items: await service.list() };
      },
    );
  };
}
