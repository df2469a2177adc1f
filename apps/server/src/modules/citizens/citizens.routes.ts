import {
  CitizenCodeRequest,
  CitizenCodeResponse,
  CitizenVerifyRequest,
  CitizenView,
  Ok,
  UpdateCitizenRequest,
} from '@fengqiao/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../platform/config';
import { citizenCtxOf } from './citizen-ctx';
import { CITIZEN_COOKIE, type CitizensService } from './citizens.service';

function setCitizenCookie(config: Config, req: FastifyRequest, reply: FastifyReply, token: string, expiresAt: Date) {
  const secure = config.cookieSecure === 'auto' ? req.protocol === 'https' : config.cookieSecure;
  // Lax, not Strict: residents arrive from SMS links and the station's public pages.
  reply.setCookie(CITIZEN_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure, expires: expiresAt });
}

/** `/api/citizen/auth/*` and `/api/citizen/me`: phone sign-in for residents and enterprise contacts. */
export function citizenRoutes(s: CitizensService, config: Config): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/citizen/auth/code',
      {
        config: { policy: 'public', rateLimit: { max: 10, timeWindow: '1 minute' } },
        schema: { body: CitizenCodeRequest, response: { 200: CitizenCodeResponse } },
      },
      async (req) => ({ sent: true as const, ...(await s.requestCode(req.body.phone, req.ip, req.auditActor)) }),
    );
    app.post(
      '/api/citizen/auth/verify',
      {
        config: { policy: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
        schema: { body: CitizenVerifyRequest, response: { 200: z.object({ citizen: CitizenView }) } },
      },
      async (req, reply) => {
        const out = await s.verify(req.body.phone, req.body.code, req.body.name ?? null, {
          ip: req.ip,
          userAgent: req.headers['user-agent'] ?? null,
          audit: req.auditActor,
        });
        setCitizenCookie(config, req, reply, out.token, out.expiresAt);
        return { citizen: out.citizen };
      },
    );
    app.post(
      '/api/citizen/auth/logout',
      { config: { policy: 'citizen' }, schema: { response: { 200: Ok } } },
      async (req, reply) => {
        await s.logout(citizenCtxOf(req));
        reply.clearCookie(CITIZEN_COOKIE, { path: '/' });
        return { ok: true as const };
      },
    );
    app.get(
      '/api/citizen/me',
      { config: { policy: 'citizen' }, schema: { response: { 200: CitizenView } } },
      async (req) => s.view(citizenCtxOf(req).citizen.citizenId),
    );
    // Public on purpose: the residents' pages ask "who am I?" on every load, and a
    // guest is an answer (null), not an error.
    app.get(
      '/api/citizen/session',
      { config: { policy: 'public' }, schema: { response: { 200: z.object({ citizen: CitizenView.nullable() }) } } },
      async (req) => ({ citizen: req.citizen ? await s.view(req.citizen.citizenId) : null }),
    );
    app.patch(
      '/api/citizen/me',
      { config: { policy: 'citizen' }, schema: { body: UpdateCitizenRequest, response: { 200: CitizenView } } },
      async (req) => s.rename(citizenCtxOf(req), req.body.name),
    );
  };
}
