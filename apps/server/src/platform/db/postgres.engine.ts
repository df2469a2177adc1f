import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Db, QueryResult, Tx } from './db';
import { assertNotInTx, runAfterCommit, txScope } from './db';

// Match PGlite's JS types (see pglite.engine.ts).
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

/**
 * Parameterised statements run as named prepared statements: PostgreSQL
 * parses and plans each distinct SQL text once per connection instead of on
 * every call (planning was most of the database's CPU under ingest load).
 */
const statementNames = new Map<string, string>();
function prepared(text: string, params: readonly unknown[] | undefined): pg.QueryConfig {
  if (!params || params.length === 0) return { text };
  let name = statementNames.get(text);
  if (!name) {
    name = `fq_${createHash('sha1').update(text).digest('base64url').slice(0, 20)}`;
    statementNames.set(text, name);
  }
  return { name, text, values: params as unknown[] };
}

export interface PostgresOptions {
  url: string;
  poolSize?: number;
  onError?: (e: unknown) => void;
  /** Errors of idle pooled connections (server restart, database dropped). */
  onClientError?: (e: unknown) => void;
  /**
   * How long a request waits for a connection (a new one, or a free one of
   * a busy pool) before it fails as "database unavailable" (503). Without a
   * bound, a database host that stops answering (not refusing) would hold
   * every request until the operating system's TCP timeout, minutes later.
   */
  connectTimeoutMs?: number;
}

class PostgresTx implements Tx {
  readonly engine = 'postgres' as const;
  readonly inTransaction = true as const;
  readonly hooks: (() => void | Promise<void>)[] = [];
  /** One connection runs one statement at a time: callers' Promise.all is queued here, as PGlite does. */
  private tail: Promise<unknown> = Promise.resolve();
  constructor(private readonly client: pg.PoolClient) {}
  private serial<R>(run: () => Promise<R>): Promise<R> {
    const next = this.tail.then(run, run);
    this.tail = next.catch(() => undefined);
    return next;
  }
  async query<T>(text: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
    const r = await this.serial(() => this.client.query(prepared(text, params)));
    return { rows: r.rows as T[], rowCount: r.rowCount ?? r.rows.length };
  }
  async exec(text: string): Promise<void> {
    await this.serial(() => this.client.query(text));
  }
  afterCommit(fn: () => void | Promise<void>): void {
    this.hooks.push(fn);
  }
}

export async function openPostgres(options: PostgresOptions): Promise<Db> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    // Notices a silently dead peer on idle connections (a failover, a cut network) sooner.
    keepAlive: true,
  });
  const onError = options.onError ?? ((e) => console.error('after-commit hook failed', e));
  const onClientError = options.onClientError ?? ((e) => console.error('database client error', e));
  // An idle client losing its server must not crash the process; the pool replaces it.
  pool.on('error', (e) => onClientError(e));
  const client = await pool.connect();
  client.release();
  let listener: pg.Client | null = null;
  const channels = new Map<string, Set<(p: string) => void>>();

  const db: Db = {
    engine: 'postgres',
    inTransaction: false,
    async query<T>(text: string, params?: readonly unknown[]) {
      assertNotInTx();
      const r = await pool.query(prepared(text, params));
      return { rows: r.rows as T[], rowCount: r.rowCount ?? r.rows.length };
    },
    async exec(text: string) {
      assertNotInTx();
      await pool.query(text);
    },
    async tx<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      assertNotInTx();
      const c = await pool.connect();
      // The pool listens for errors only on idle clients: a connection lost while this one is
      // checked out (a database restart mid-transaction) would otherwise be an unhandled 'error'
      // that kills the process. The statement in flight fails with it; the client is discarded.
      let lost: Error | undefined;
      const onLost = (e: Error) => {
        lost = e;
      };
      c.on('error', onLost);
      const release = (e?: Error) => {
        c.removeListener('error', onLost);
        c.release(e ?? lost);
      };
      const t = new PostgresTx(c);
      let result: T;
      try {
        await c.query('BEGIN');
        result = await txScope.run(true, () => fn(t));
        await c.query('COMMIT');
      } catch (e) {
        const rollback = await c.query('ROLLBACK').then(
          () => undefined,
          (r: Error) => r,
        );
        release(rollback);
        throw e;
      }
      release();
      await runAfterCommit(t.hooks, onError);
      return result;
    },
    async listen(channel, onPayload) {
      if (!listener) {
        listener = new pg.Client({ connectionString: options.url });
        await listener.connect();
        listener.on('notification', (n) => {
          for (const cb of channels.get(n.channel) ?? []) cb(n.payload ?? '');
        });
        listener.on('error', (e) => onClientError(e));
      }
      let set = channels.get(channel);
      if (!set) {
        set = new Set();
        channels.set(channel, set);
        await listener.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      }
      set.add(onPayload);
      return async () => {
        set?.delete(onPayload);
      };
    },
    async close() {
      if (listener) await listener.end().catch(() => undefined);
      await pool.end();
    },
  };
  return db;
}
