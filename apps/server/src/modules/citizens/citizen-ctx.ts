import type { FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors';
import type { CitizenCtx } from './citizens.service';

/** The signed-in citizen of a request on a 'citizen' route (the auth hook has already refused others). */
export function citizenCtxOf(req: FastifyRequest): CitizenCtx {
  if (!req.citizen) throw new AppError('unauthorized', 'sign in with your phone first', undefined, 'citizen_required');
  return { citizen: req.citizen, audit: req.auditActor };
}
