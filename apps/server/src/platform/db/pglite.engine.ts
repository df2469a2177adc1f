import fs from 'node:fs';
import { PGlite, type Transaction, types } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { Db, QueryResult, Tx } from './db';
import { assertNotInTx, runAfterCommit, txScope } from './db';

// Same JS types from both engines: int8 and numeric as numbers (our counts and
// amounts stay far below 2^53), dates as ISO strings, timestamps as Date.
const parsers = {
  [types.INT8]: (v: string) => Number(v),
  [types.NUMERIC]: (v: string) => Number(v),
  [types.DATE]: (v: string) => v,
};

export interface PgliteOptions {
  /** A directory for persistent data, or undefined for memory. */
  dataDir?: string;
  /** A tarball from dumpDataDir to start from (tests use a migrated template). */
  loadDataDir?: Blob;
  onError?: (e: unknown) => void;
}

class PgliteTx implements Tx {
  readonly engine = 'pglite' as const;
  readonly inTransaction = true as const;
  readonly hooks: (() => void | Promise<void>)[] = [];
  constructor(private readonly t: Transaction) {}
  async query<T>(text: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
    const r = await this.t.query<T>(text, params as unknown[] | undefined);
    return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
  }
  async exec(text: string): Promise<void> {
    await this.t.exec(text);
  }
  afterCommit(fn: () => void | Promise<void>): void {
    this.hooks.push(fn);
  }
}

export async function openPglite(options: PgliteOptions): Promise<Db> {
  if (options.dataDir) fs.mkdirSync(options.dataDir, { recursive: true });
  const pg = new PGlite({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    parsers,
    // Trigram indexes for text search (the migrations create the extension; PostgreSQL ships it as contrib).
    extensions: { pg_trgm },
    // Durability: every statement is synced before its promise resolves.
    relaxedDurability: false,
  });
  await pg.waitReady;
  const onError = options.onError ?? ((e) => console.error('after-commit hook failed', e));
  const db: Db & { raw: PGlite } = {
    engine: 'pglite',
    inTransaction: false,
    raw: pg,
    async query<T>(text: string, params?: readonly unknown[]) {
      assertNotInTx();
      const r = await pg.query<T>(text, params as unknown[] | undefined);
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
    },
    async exec(text: string) {
      assertNotInTx();
      await pg.exec(text);
    },
    async tx<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      assertNotInTx();
      let wrapped: PgliteTx | undefined;
      const result = await pg.transaction(async (t) => {
        const tx = new PgliteTx(t);
        wrapped = tx;
        return txScope.run(true, () => fn(tx));
      });
      if (wrapped) await runAfterCommit(wrapped.hooks, onError);
      return result;
    },
    async listen(channel, onPayload) {
      const unsub = await pg.listen(channel, onPayload);
      return async () => {
        await unsub();
      };
    },
    async close() {
      if (!pg.closed) await pg.close();
    },
  };
  return db;
}

/** A migrated database as a tarball, for fast test setup. */
export async function dumpPglite(db: Db): Promise<Blob> {
  const raw = (db as Db & { raw?: PGlite }).raw;
  if (!raw) throw new Error('not a PGlite database');
  return raw.dumpDataDir('none');
}
