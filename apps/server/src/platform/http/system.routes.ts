import { PublicConfig } from '@fengqiao/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Platform } from '../platform';

/** Health (process up), readiness (database answers) and the web client's public configuration. */
export function registerSystemRoutes(app: FastifyInstance, p: Platform): void {
  app.get('/api/health', { config: { policy: 'public' } }, async () => ({ status: 'ok' }));
  app.get('/api/ready', { config: { policy: 'public' } }, async (_req, reply) => {
    try {
      await p.db.query('SELECT 1');
      return { status: 'ready', engine: p.db.engine };
    } catch {
      return reply.status(503).send({ status: 'unavailable' });
    }
  });
  app
    .withTypeProvider<ZodTypeProvider>()
    .get('/api/config', { config: { policy: 'public' }, schema: { response: { 200: PublicConfig } } }, async () => ({
      mapTileUrl: p.config.mapTileUrl,
      mapTileAttribution: p.config.mapTileAttribution,
      defaultLocale: 'zh-CN',
      sessionIdleSeconds: Math.round(p.config.sessionIdleMs / 1000),
    }));
}
