import path from 'node:path';
import type { Config } from '../config';
import type { Db } from './db';
import { openPglite } from './pglite.engine';
import { openPostgres } from './postgres.engine';

/** PostgreSQL when DATABASE_URL is set, otherwise PGlite in DATA_DIR/pglite. */
export async function openDatabase(config: Config, onError?: (e: unknown) => void): Promise<Db> {
  if (config.databaseUrl) {
    return openPostgres({
      url: config.databaseUrl,
      poolSize: config.databasePoolSize,
      ...(onError ? { onError } : {}),
    });
  }
  return openPglite({ dataDir: path.join(config.dataDir, 'pglite'), ...(onError ? { onError } : {}) });
}
