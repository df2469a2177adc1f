import {
  ChangePasswordRequest,
  CreateUserRequest,
  LoginRequest,
  LoginResponse,
  Me,
  MfaCode,
  MfaEnrolment,
  Ok,
  pageOf,
  ResetPasswordRequest,
  SessionState,
  SetRolesRequest,
  UpdateUserRequest,
  UserListQuery,
  UserView,
  Uuid,
} from '@fengqiao/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SESSION_COOKIE } from '../../platform/auth/session.service';
import type { Config } from '../../platform/config';
import { ctxOf } from '../../platform/platform';
import { type AuthService, meOf } from './auth.service';
import type { UsersService } from './users.service';

function setSessionCookie(
  config: Config,
  req: FastifyRequest,
  reply: FastifyReply,
  token: string,
  expiresAt: Date,
): void {
  const secure = config.cookieSecure === 'auto' ? req.protocol === 'https' : config.cookieSecure;
  reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'strict', secure, expires: expiresAt });
}

const IdParam = z.object({ id: Uuid });

export function identityRoutes(
  auth: AuthService,
  users: UsersService,
  config: Config,
  idleSeconds: number,
): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/auth/login',
      {
        config: { policy: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
        schema: { body: LoginRequest, response: { 200: LoginResponse } },
      },
      async (req, reply) => {
        const out = await auth.login(
          req.body.username,
          req.body.password,
          req.auditActor,
          req.headers['user-agent'] ?? null,
        );
        setSessionCookie(config, req, reply, out.token, out.expiresAt);
        return out.response;
      },
    );
    app.post(
      '/api/auth/mfa/verify',
      {
        config: { policy: 'login', rateLimit: { max: 30, timeWindow: '1 minute' } },
        schema: { body: MfaCode, response: { 200: Me } },
      },
      async (req) => auth.verifyMfa(ctxOf(req), req.body.code),
    );
    app.post(
      '/api/auth/mfa/enrol',
      { config: { policy: 'login' }, schema: { response: { 200: MfaEnrolment } } },
      async (req) => auth.startEnrolment(ctxOf(req)),
    );
    app.post(
      '/api/auth/mfa/enrol/confirm',
      { config: { policy: 'login' }, schema: { body: MfaCode, response: { 200: Me } } },
      async (req) => auth.confirmEnrolment(ctxOf(req), req.body.code),
    );
    app.post(
      '/api/auth/logout',
      { config: { policy: 'login' }, schema: { response: { 200: Ok } } },
      async (req, reply) => {
        const token = req.cookies[SESSION_COOKIE];
        if (token) await auth.logout(ctxOf(req), token);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return { ok: true as const };
      },
    );
    app.get(
      '/api/auth/session',
      { config: { policy: 'public' }, schema: { response: { 200: SessionState } } },
      async (req) => {
        const actor = req.actor;
        if (!actor) return { state: 'none' as const, me: null };
        const state =
          actor.mfaRequired && !actor.mfaEnabled
            ? ('mfa_enrolment_required' as const)
            : actor.mfaEnabled && !actor.mfaPassed
              ? ('mfa_required' as const)
              : ('authenticated' as const);
        return { state, me: meOf(actor, idleSeconds) };
      },
    );
    app.get('/api/auth/me', { config: { policy: 'login' }, schema: { response: { 200: Me } } }, async (req) =>
      meOf(ctxOf(req).actor, idleSeconds),
    );
    app.post(
      '/api/auth/password',
      { config: { policy: 'login' }, schema: { body: ChangePasswordRequest, response: { 200: Ok } } },
      async (req) => {
        await auth.changePassword(ctxOf(req), req.body.currentPassword, req.body.newPassword);
        return { ok: true as const };
      },
    );

    app.get(
      '/api/users',
      { config: { policy: 'users.read' }, schema: { querystring: UserListQuery, response: { 200: pageOf(UserView) } } },
      async (req) => users.list(ctxOf(req), req.query),
    );
    app.post(
      '/api/users',
      { config: { policy: 'users.manage' }, schema: { body: CreateUserRequest, response: { 200: UserView } } },
      async (req) => users.create(ctxOf(req), req.body),
    );
    app.patch(
      '/api/users/:id',
      {
        config: { policy: 'users.manage' },
        schema: { params: IdParam, body: UpdateUserRequest, response: { 200: UserView } },
      },
      async (req) => users.update(ctxOf(req), req.params.id, req.body),
    );
    app.post(
      '/api/users/:id/password',
      {
        config: { policy: 'users.manage' },
        schema: { params: IdParam, body: ResetPasswordRequest, response: { 200: UserView } },
      },
      async (req) => users.resetPassword(ctxOf(req), req.params.id, req.body.newPassword),
    );
    app.put(
      '/api/users/:id/roles',
      {
        config: { policy: 'users.grant' },
        schema: { params: IdParam, body: SetRolesRequest, response: { 200: UserView } },
      },
      async (req) => users.setRoles(ctxOf(req), req.params.id, req.body.roles),
    );
    app.post(
      '/api/users/:id/unlock',
      { config: { policy: 'users.unlock' }, schema: { params: IdParam, response: { 200: UserView } } },
      async (req) => users.unlock(ctxOf(req), req.params.id),
    );
    app.post(
      '/api/users/:id/reset-mfa',
      { config: { policy: 'users.unlock' }, schema: { params: IdParam, response: { 200: UserView } } },
      async (req) => users.resetMfa(ctxOf(req), req.params.id),
    );
  };
}
