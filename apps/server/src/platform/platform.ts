import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { AuditService } from './audit/audit.service';
import type { AuditActor } from './audit/audit.types';
import type { Actor } from './auth/actor';
import type { PasswordPolicy } from './auth/password';
import type { SessionService } from './auth/session.service';
import type { Clock } from './clock';
import type { Config } from './config';
import type { PersonalData } from './crypto/personal-data';
import type { Db } from './db/db';
import { AppError } from './errors';
import type { JobRunner } from './jobs/job-runner';
import type { EventBus } from './realtime/event-bus';

/** Platform services every module receives explicitly (no container, no base class). */
export interface Platform {
  config: Config;
  db: Db;
  clock: Clock;
  log: Logger;
  pii: PersonalData;
  audit: AuditService;
  jobs: JobRunner;
  bus: EventBus;
  sessions: SessionService;
  passwords: PasswordPolicy;
}

/** The caller of a service method: who they are and how to audit them. */
export interface Ctx {
  actor: Actor;
  audit: AuditActor;
}

export function ctxOf(req: FastifyRequest): Ctx {
  if (!req.actor) throw new AppError('unauthorized', 'sign in first');
  return { actor: req.actor, audit: req.auditActor };
}
