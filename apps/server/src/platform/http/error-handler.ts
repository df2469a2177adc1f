import type { FieldError } from '@fengqiao/contracts';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { PersonalDataError } from '../crypto/personal-data';
import { isDatabaseUnavailable } from '../db/db-errors';
import { AppError } from '../errors';

interface ZodIssueLike {
  code?: string;
  message?: string;
}

/**
 * One error shape for every failure: `{ error, message, fields?, requestId }`.
 * Validation errors name each field at fault with a stable code the web UI
 * translates; a database that cannot be reached is a 503 with Retry-After;
 * unexpected errors become a 500 without internals.
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = err.validationContext ?? 'body';
      const fields: FieldError[] = err.validation.map((v) => {
        const issue = (v.params as { issue?: ZodIssueLike } | undefined)?.issue;
        const path = [where, ...v.instancePath.split('/').filter(Boolean)].join('.');
        return { path, code: issue?.code ?? v.keyword, message: v.message ?? 'invalid' };
      });
      return reply.status(400).send({ error: 'validation', message: 'invalid input', fields, requestId: req.id });
    }
    if (err instanceof AppError) {
      return reply.status(err.status).send({
        error: err.code,
        message: err.message,
        ...(err.fields ? { fields: err.fields } : {}),
        ...(err.reason ? { reason: err.reason } : {}),
        requestId: req.id,
      });
    }
    if (err instanceof PersonalDataError) {
      return reply.status(400).send({
        error: 'validation',
        message: err.message,
        fields: [{ path: `body.${err.field}`, code: err.code, message: err.message }],
        requestId: req.id,
      });
    }
    const status = err.statusCode ?? 500;
    if (status === 413) {
      return reply.status(413).send({ error: 'payload_too_large', message: 'request too large', requestId: req.id });
    }
    if (status >= 400 && status < 500) {
      const code =
        status === 401
          ? 'unauthorized'
          : status === 403
            ? 'forbidden'
            : status === 404
              ? 'not_found'
              : status === 429
                ? 'rate_limited'
                : 'validation';
      return reply.status(status).send({ error: code, message: err.message, requestId: req.id });
    }
    if (isDatabaseUnavailable(err)) {
      // A database restart or failover: say so and when to retry instead of reporting a bug.
      req.log.warn({ err }, 'database unavailable');
      return reply
        .status(503)
        .header('retry-after', '2')
        .send({ error: 'unavailable', message: 'service temporarily unavailable, retry shortly', requestId: req.id });
    }
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send({ error: 'internal', message: 'internal error', requestId: req.id });
  });

  app.setNotFoundHandler((req, reply) => {
    reply
      .status(404)
      .send({ error: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}`, requestId: req.id });
  });
}

/**
 * Errors Fastify raises before routing (a malformed URL, a path parameter
 * over the router's length limit), in the same shape as every other error.
 * Passed to the Fastify constructor as `frameworkErrors`.
 */
export function frameworkErrors(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  const status = err.statusCode ?? 400;
  void reply
    .status(status)
    .send({ error: status === 414 ? 'uri_too_long' : 'validation', message: err.message, requestId: req.id });
}
