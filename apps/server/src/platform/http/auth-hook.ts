import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { SESSION_COOKIE, type SessionService } from '../auth/session.service';
import { AppError } from '../errors';
import { auditActorOf, auditActorOfCitizen, type CitizenActor, type RoutePolicy } from './route-policy';

/** Resolves the citizen cookie (provided by the citizens module, which owns its sessions). */
export interface CitizenSessionResolver {
  cookie: string;
  resolve(token: string): Promise<CitizenActor | null>;
}

export interface AuthHookDeps {
  sessions: SessionService;
  audit: AuditService;
  citizens?: CitizenSessionResolver;
}

/** Why a fully authenticated route refuses this actor, or null. */
function mfaGap(actor: Actor): string | null {
  if (actor.mfaRequired && !actor.mfaEnabled) return 'two-factor enrolment required';
  if (actor.mfaEnabled && !actor.mfaPassed) return 'two-factor code required';
  return null;
}

/**
 * One hook for every route: resolves the session, then enforces the route's
 * declared policy before the body is even parsed. Refusals of signed-in users
 * are audited.
 */
export interface DeclaredRoute {
  method: string;
  url: string;
  policy: RoutePolicy;
  websocket: boolean;
}

export function registerAuthHook(app: FastifyInstance, deps: AuthHookDeps): DeclaredRoute[] {
  const declared: DeclaredRoute[] = [];
  app.decorateRequest('actor', null);
  app.decorateRequest('citizen', null);
  app.decorateRequest('auditActor', null as never);

  app.addHook('onRoute', (route) => {
    const url = route.url ?? '';
    const policy = route.config?.policy;
    if (url.startsWith('/api') && !policy) {
      throw new Error(`route ${route.method} ${url} declares no policy`);
    }
    if (url.startsWith('/api') && policy) {
      for (const method of [route.method].flat()) {
        if (method !== 'HEAD') declared.push({ method, url, policy, websocket: Boolean(route.websocket) });
      }
    }
  });

  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    const policy: RoutePolicy | undefined = req.routeOptions.config?.policy;
    const token = req.cookies[SESSION_COOKIE];
    req.actor = null;
    if (token) {
      const found = await deps.sessions.resolve(token);
      if (found.ok) req.actor = found.actor;
      else if (found.reason !== 'missing') reply.clearCookie(SESSION_COOKIE, { path: '/' });
    }
    req.citizen = null;
    const citizenToken = deps.citizens ? req.cookies[deps.citizens.cookie] : undefined;
    if (deps.citizens && citizenToken) {
      req.citizen = await deps.citizens.resolve(citizenToken);
      if (!req.citizen) reply.clearCookie(deps.citizens.cookie, { path: '/' });
    }
    req.auditActor =
      !req.actor && req.citizen
        ? auditActorOfCitizen(req.citizen, req.ip, req.id)
        : auditActorOf(req.actor, req.ip, req.id);
    if (!policy || policy === 'public') return;
    if (policy === 'citizen') {
      // A staff session is not a citizen identity: residents sign in with their phone.
      if (!req.citizen)
        throw new AppError('unauthorized', 'sign in with your phone first', undefined, 'citizen_required');
      return;
    }
    const actor = req.actor;
    if (!actor) throw new AppError('unauthorized', 'sign in first');
    if (policy === 'login') return;
    const gap = mfaGap(actor);
    if (gap) throw new AppError('mfa_required', gap);
    if (actor.mustChangePassword)
      throw new AppError('forbidden', 'password change required', undefined, 'password_change_required');
    if (policy === 'authenticated') return;
    if (!actor.permissions.has(policy)) {
      await deps.audit.record(req.auditActor, {
        action: 'access.denied',
        outcome: 'denied',
        details: { method: req.method, route: req.routeOptions.url ?? req.url, permission: policy },
      });
      throw new AppError('forbidden', `requires permission ${policy}`);
    }
  });
  return declared;
}
