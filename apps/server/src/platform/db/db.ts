/**
 * The one database interface every repository uses. Two engines implement
 * it: embedded PGlite (default, ./data) and PostgreSQL (DATABASE_URL). SQL is
 * plain PostgreSQL that runs on both (PGlite embeds 18, servers run 15).
 */
export type Engine = 'pglite' | 'postgres';

export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

export interface Queryable {
  readonly engine: Engine;
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
  /** Runs several statements without parameters (migrations). */
  exec(text: string): Promise<void>;
}

export interface Tx extends Queryable {
  /** Runs after the transaction commits; never if it rolls back. Live events go here. */
  afterCommit(fn: () => void | Promise<void>): void;
  readonly inTransaction: true;
}

export interface Db extends Queryable {
  /** Runs fn in one transaction; nested calls with a Tx reuse it. */
  tx<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Subscribes to LISTEN/NOTIFY on a channel; returns an unsubscribe function. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
  readonly inTransaction: false;
}

export type DbOrTx = Db | Tx;

import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Marks code running inside a transaction callback. Using the pool there
 * would deadlock PGlite (one connection) and silently escape the
 * transaction on PostgreSQL, so both engines refuse it.
 */
export const txScope = new AsyncLocalStorage<true>();

export function assertNotInTx(): void {
  if (txScope.getStore()) throw new Error('database used outside the open transaction: pass the Tx instead');
}

/** Runs fn in a transaction unless the caller already holds one. */
export function inTx<T>(db: DbOrTx, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.inTransaction ? fn(db) : db.tx(fn);
}

export async function one<T>(q: Queryable, text: string, params?: readonly unknown[]): Promise<T> {
  const r = await q.query<T>(text, params);
  const row = r.rows[0];
  if (row === undefined) throw new Error(`expected one row from: ${text.slice(0, 80)}`);
  return row;
}

export async function maybeOne<T>(q: Queryable, text: string, params?: readonly unknown[]): Promise<T | null> {
  const r = await q.query<T>(text, params);
  return r.rows[0] ?? null;
}

/** Runs the after-commit callbacks in order; a failing callback must not undo an acknowledged write. */
export async function runAfterCommit(
  fns: (() => void | Promise<void>)[],
  onError: (e: unknown) => void,
): Promise<void> {
  for (const fn of fns) {
    try {
      await fn();
    } catch (e) {
      onError(e);
    }
  }
}
