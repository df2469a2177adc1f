import type { FastifyInstance } from 'fastify';
import { fieldError } from '../errors';

/**
 * PostgreSQL text cannot hold U+0000: a NUL anywhere in a request (a pasted
 * string, `%00` in a query) used to fail deep in the database as a 500. It
 * is refused up front instead, naming the field, before any handler runs.
 */
export function registerInputHygiene(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    const parts: [string, unknown][] = [
      ['params', req.params],
      ['query', req.query],
      ['body', req.body],
    ];
    for (const [where, value] of parts) {
      const at = findNul(value, where, 0);
      if (at) throw fieldError(at, 'invalid_character', 'text must not contain a NUL character');
    }
  });
}

function findNul(v: unknown, path: string, depth: number): string | null {
  if (typeof v === 'string') return v.includes('\u0000') ? path : null;
  if (depth > 32 || !v || typeof v !== 'object' || Buffer.isBuffer(v)) return null;
  for (const [k, x] of Object.entries(v)) {
    const found = findNul(x, `${path}.${k}`, depth + 1);
    if (found) return found;
  }
  return null;
}
