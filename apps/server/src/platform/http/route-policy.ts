import type { Permission } from '@fengqiao/domain';
import type { AuditActor } from '../audit/audit.types';
import type { Actor } from '../auth/actor';

/**
 * Every route declares who may call it:
 * - 'public': anyone (login, health, resident-facing endpoints);
 * - 'login': a session that passed the password step (2FA, logout, me);
 * - 'authenticated': any fully signed-in user (their own profile);
 * - 'citizen': a resident or enterprise contact signed in with a phone code
 *   (the `fq_citizen` cookie); staff sessions do not count;
 * - a Permission: a fully signed-in user whose roles grant it.
 * A route without a policy fails at startup.
 */
export type RoutePolicy = 'public' | 'login' | 'authenticated' | 'citizen' | Permission;

/** A signed-in citizen, resolved from the citizen cookie by the same hook as staff sessions. */
export interface CitizenActor {
  citizenId: string;
  sessionId: string;
  phoneMasked: string;
  name: string | null;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    policy?: RoutePolicy;
  }
  interface FastifyRequest {
    actor: Actor | null;
    citizen: CitizenActor | null;
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

/** Citizens are audited by their id (they have no staff account, roles or station). */
export function auditActorOfCitizen(c: CitizenActor, ip: string | null, requestId: string | null): AuditActor {
  return { userId: null, name: `citizen:${c.citizenId}`, roles: [], stationId: null, ip, requestId };
}
