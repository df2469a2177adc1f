import type { FastifyInstance } from 'fastify';
import type { AuditService } from '../audit/audit.service';

/**
 * Successful writes are audited by their services, inside the write's
 * transaction. This hook adds a row for every refused or failed write, so
 * the trail also shows attempts that changed nothing.
 */
export function registerWriteAuditHook(app: FastifyInstance, audit: AuditService): void {
  app.addHook('onResponse', async (req, reply) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return;
    if (reply.statusCode < 400) return;
    const route = req.routeOptions.url ?? 'unknown';
    if (!route.startsWith('/api')) return;
    // Refused permissions are already recorded by the auth hook.
    if (reply.statusCode === 403 && req.actor && !req.actor.mustChangePassword) return;
    try {
      await audit.record(req.auditActor, {
        action: 'http.write_refused',
        outcome:
          reply.statusCode >= 500
            ? 'error'
            : reply.statusCode === 401 || reply.statusCode === 403
              ? 'denied'
              : 'failed',
        details: { method: req.method, route, status: reply.statusCode },
      });
    } catch (e) {
      req.log.error({ err: e }, 'could not audit a refused write');
    }
  });
}
