import type { Permission } from '@fengqiao/domain';
import type { AuditActor } from '../audit/audit.types';
import type { Actor } from '../auth/actor';

/**
 * Every route declares who may call it:
 * - 'public': anyone (login, health, resident-facing endpoints);
 * - 'login': a session that passed the password step (2FA, logout, me);
 * - 'authenticated': any fully signed-in user (their own profile);
 * - a Permission: a fully signed-in user whose roles grant it.
 * A route without a policy fails at startup.
 */
export type RoutePolicy = 'public' | 'login' | 'authenticated' | Permission;

declare module 'fastify' {
  interface FastifyContextConfig {
    policy?: RoutePolicy;
  }
  interface FastifyRequest {
    actor: Actor | null;
    auditActor: AuditActor;
  }
}

export function auditActorOf(actor: Actor | null, ip: string | null, requestId: string | null): AuditActor {
  return {
    userId: actor?.userId ?? null,
    name: actor?.username ?? null,
    roles: actor?.roles ?? [],
    stationId: actor?.stationId ?? null,
    ip,
    requestId,
  };
}
