import { createHash, randomBytes } from 'node:crypto';
import { Uuid } from '@fengqiao/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../platform/errors';
import { ctxOf, type Platform } from '../../platform/platform';
import { insertToken, listTokens, revokeToken } from './tokens.repository';

const TokenView = z.object({
  id: Uuid,
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

/** Worker tokens: the system administrator issues one per worker host and can revoke it. The secret is shown once. */
export function tokenRoutes(p: Platform): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/vision/tokens',
      { config: { policy: 'settings.manage' }, schema: { response: { 200: z.array(TokenView) } } },
      async () =>
        (await listTokens(p.db)).map((t) => ({
          id: t.id,
          name: t.name,
          createdAt: t.created_at.toISOString(),
          lastUsedAt: t.last_used_at?.toISOString() ?? null,
          revokedAt: t.revoked_at?.toISOString() ?? null,
        })),
    );
    app.post(
      '/api/vision/tokens',
      {
        config: { policy: 'settings.manage' },
        schema: {
          body: z.object({ name: z.string().trim().min(2).max(60) }),
          response: { 201: z.object({ id: Uuid, token: z.string() }) },
        },
      },
      async (req, reply) => {
        const ctx = ctxOf(req);
        const token = `fqv_${randomBytes(24).toString('base64url')}`;
        const sha = createHash('sha256').update(token).digest('hex');
        const id = await p.db.tx(async (tx) => {
          const newId = await insertToken(tx, req.body.name, sha, ctx.actor.userId, p.clock.now());
          await p.audit.record(
            ctx.audit,
            {
              action: 'vision_token.issue',
              resourceType: 'vision_token',
              resourceId: newId,
              details: { name: req.body.name },
            },
            tx,
          );
          return newId;
        });
        return reply.status(201).send({ id, token });
      },
    );
    app.delete(
      '/api/vision/tokens/:id',
      { config: { policy: 'settings.manage' }, schema: { params: z.object({ id: Uuid }) } },
      async (req, reply) => {
        const ctx = ctxOf(req);
        await p.db.tx(async (tx) => {
          if (!(await revokeToken(tx, req.params.id, p.clock.now()))) throw notFound('token');
          await p.audit.record(
            ctx.audit,
            { action: 'vision_token.revoke', resourceType: 'vision_token', resourceId: req.params.id },
            tx,
          );
        });
        return reply.status(204).send();
      },
    );
  };
}
