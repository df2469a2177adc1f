import type { Tx } from '../../platform/db/db';
import { conflict } from '../../platform/errors';
import type { Ctx, Platform } from '../../platform/platform';
import { claimRequest, saveRequest } from './requests.repository';

export interface Answer<T> {
  status: number;
  body: T;
  /** True when this was a replay of a request already carried out. */
  replayed: boolean;
}

/**
 * The offline queue's guarantee: a write sent with a client id (body
 * `clientId` or header `Idempotency-Key`) is carried out once. The id is
 * claimed in the write's own transaction and the answer stored with it, so
 * a replay — after a lost answer, a retry, a queue flushed twice — returns
 * the first answer and changes nothing. A write that failed stored nothing
 * and may be retried. The same id for a different request is refused (409).
 */
export class Requests {
  constructor(private readonly p: Platform) {}

  async once<T>(
    ctx: Ctx,
    clientId: string | null,
    operation: string,
    target: string,
    fn: (tx: Tx) => Promise<{ status: number; body: T }>,
  ): Promise<Answer<T>> {
    return this.p.db.tx(async (tx) => {
      if (clientId) {
        const prev = await claimRequest(tx, ctx.actor.userId, clientId, operation, target, this.p.clock.now());
        if (prev) {
          if (prev.operation !== operation || prev.target !== target)
            throw conflict('this client id was already used for another request', 'client_id_reused');
          if (prev.status_code === null)
            throw conflict('the first request with this id has not finished', 'in_progress');
          return { status: prev.status_code, body: prev.response as T, replayed: true };
        }
      }
      const r = await fn(tx);
      if (clientId) await saveRequest(tx, ctx.actor.userId, clientId, r.status, r.body);
      return { ...r, replayed: false };
    });
  }
}
