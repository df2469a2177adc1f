import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { dumpPglite, openPglite } from '../platform/db/pglite.engine';
import { openPostgres } from '../platform/db/postgres.engine';
import {
  CliError,
  cliConfig,
  type Manifest,
  manifestPath,
  pgConnection,
  pgliteDir,
  pgTool,
  redact,
  refuseIfServerRunning,
  runCli,
} from './backup-common';
import { tableChecksums, tableChecksumsIn } from './backup-tables';

/**
 * `npm run db:backup -- FILE`: a backup of the configured database.
 * - PostgreSQL (DATABASE_URL): plain SQL from pg_dump, restorable with psql
 *   or `npm run db:restore`; taken on an exported snapshot while the servers
 *   keep running.
 * - Embedded PGlite (DATA_DIR): the data directory as a .tar.gz
 *   (dumpDataDir); the server must be stopped.
 * Beside FILE goes FILE.manifest.json: per-table row counts and checksums of
 * exactly the data in the backup, which `db:restore` checks after restoring.
 * The encryption keys are not in the backup: keep FENGQIAO_DATA_KEY and
 * FENGQIAO_INDEX_KEY (or DATA_DIR/keys.json) apart from it, and safe.
 */
runCli(async () => {
  const arg = process.argv[2];
  if (!arg || arg.startsWith('-')) throw new CliError('usage: npm run db:backup -- FILE');
  const file = path.resolve(process.env.INIT_CWD ?? process.cwd(), arg);
  if (fs.existsSync(file)) throw new CliError(`${file} exists; choose a new file name`);
  const partial = `${file}.partial`;
  const config = cliConfig();
  let manifest: Manifest;
  if (config.databaseUrl) {
    const version = pgTool('pg_dump');
    if (!version) {
      throw new CliError(
        'pg_dump is not installed: install the PostgreSQL client tools (Debian: apt install postgresql-client), matching or newer than the server',
      );
    }
    const db = await openPostgres({ url: config.databaseUrl, poolSize: 1 });
    try {
      manifest = await db.tx(async (tx) => {
        // pg_dump reads the very snapshot the checksums are computed on, so the manifest matches the file.
        await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
        const snapshot = (await tx.query<{ s: string }>('SELECT pg_export_snapshot() AS s')).rows[0]?.s ?? '';
        const conn = pgConnection(config.databaseUrl ?? '');
        const code = await new Promise<number>((resolve, reject) => {
          const child = spawn(
            'pg_dump',
            [
              '--format=plain',
              '--no-owner',
              '--no-privileges',
              `--snapshot=${snapshot}`,
              `--file=${partial}`,
              `--dbname=${conn.url}`,
            ],
            { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...conn.env } },
          );
          child.on('error', reject);
          child.on('exit', (c) => resolve(c ?? 1));
        });
        if (code !== 0) throw new CliError(`pg_dump failed (exit ${code}) for ${redact(config.databaseUrl ?? '')}`);
        return {
          engine: 'postgres',
          createdAt: new Date().toISOString(),
          format: 'pg_dump-plain-sql',
          tables: await tableChecksumsIn(tx),
        };
      });
    } finally {
      await db.close();
    }
    console.log(`${version}: dumped ${redact(config.databaseUrl)}`);
  } else {
    const dir = pgliteDir(config);
    if (!fs.existsSync(dir)) throw new CliError(`no embedded database in ${dir} (set DATA_DIR)`);
    await refuseIfServerRunning(config);
    const db = await openPglite({ dataDir: dir });
    try {
      const tables = await tableChecksums(db);
      fs.writeFileSync(partial, zlib.gzipSync(Buffer.from(await (await dumpPglite(db)).arrayBuffer())));
      manifest = { engine: 'pglite', createdAt: new Date().toISOString(), format: 'pglite-datadir-tar-gz', tables };
    } finally {
      await db.close();
    }
  }
  fs.renameSync(partial, file);
  fs.writeFileSync(manifestPath(file), `${JSON.stringify(manifest, null, 2)}\n`);
  const rows = Object.values(manifest.tables).reduce((s, t) => s + t.rows, 0);
  const size = fs.statSync(file).size;
  console.log(
    `backup written: ${file} (${(size / 2 ** 20).toFixed(1)} MiB, ${Object.keys(manifest.tables).length} tables, ${rows} rows)`,
  );
  console.log(`manifest: ${manifestPath(file)}`);
  console.log('the encryption keys are not in the backup: keep them apart from it, and safe');
});
