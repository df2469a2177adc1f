import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Db } from '../platform/db/db';
import { openPglite } from '../platform/db/pglite.engine';
import { openPostgres } from '../platform/db/postgres.engine';
import {
  CliError,
  cliConfig,
  compareSums,
  type Manifest,
  manifestPath,
  pgConnection,
  pgliteDir,
  pgTool,
  redact,
  refuseIfServerRunning,
  runCli,
} from './backup-common';
import { tableChecksums } from './backup-tables';

/**
 * `npm run db:restore -- FILE [--force]`: restores a `db:backup` file into
 * the configured database, then checks every table's row count and checksum
 * against the backup's manifest.
 * - PostgreSQL: FILE is pg_dump SQL; the target database must be empty
 *   (create a fresh one) so nothing is silently merged.
 * - PGlite: FILE is the data-directory tarball; an existing DATA_DIR/pglite
 *   is kept aside as pglite.replaced-<time> (only with --force).
 * Start the server afterwards: it applies any migrations newer than the backup.
 */
function isTarball(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  const head = Buffer.alloc(262);
  fs.readSync(fd, head, 0, head.length, 0);
  fs.closeSync(fd);
  // gzip magic, or the "ustar" mark of an uncompressed tar.
  return (head[0] === 0x1f && head[1] === 0x8b) || head.subarray(257, 262).toString('latin1') === 'ustar';
}

async function verify(db: Db, file: string): Promise<void> {
  const mf = manifestPath(file);
  if (!fs.existsSync(mf)) {
    console.log(`no manifest beside the backup (${mf}): restored without verification`);
    return;
  }
  const manifest = JSON.parse(fs.readFileSync(mf, 'utf8')) as Manifest;
  const actual = await tableChecksums(db);
  const bad = compareSums(manifest.tables, actual);
  const rows = Object.values(actual).reduce((s, t) => s + t.rows, 0);
  if (bad.length > 0) {
    throw new CliError(`restored data differs from the backup's manifest in: ${bad.join(', ')}`);
  }
  console.log(`verified: ${Object.keys(actual).length} tables, ${rows} rows match the backup's counts and checksums`);
}

runCli(async () => {
  const arg = process.argv[2];
  const force = process.argv.includes('--force');
  if (!arg || arg.startsWith('-')) throw new CliError('usage: npm run db:restore -- FILE [--force]');
  const file = path.resolve(process.env.INIT_CWD ?? process.cwd(), arg);
  if (!fs.existsSync(file)) throw new CliError(`${file} does not exist`);
  const config = cliConfig();
  const tarball = isTarball(file);

  if (config.databaseUrl) {
    if (tarball) {
      throw new CliError(
        'this is an embedded-database backup: restore it with DATA_DIR (no DATABASE_URL), then copy it over with npm run db:migrate-to-postgres',
      );
    }
    const version = pgTool('psql');
    if (!version) throw new CliError('psql is not installed: install the PostgreSQL client tools');
    const db = await openPostgres({ url: config.databaseUrl, poolSize: 1 });
    try {
      const tables = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`,
      );
      if ((tables.rows[0]?.n ?? 0) > 0) {
        throw new CliError(
          `${redact(config.databaseUrl)} is not empty: restore into a new database (createdb NAME) and point DATABASE_URL at it`,
        );
      }
      const conn = pgConnection(config.databaseUrl);
      const code = await new Promise<number>((resolve, reject) => {
        // One transaction: a failed restore leaves the database empty, never half-filled.
        const child = spawn(
          'psql',
          ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '--single-transaction', `--file=${file}`, `--dbname=${conn.url}`],
          { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, ...conn.env } },
        );
        child.on('error', reject);
        child.on('exit', (c) => resolve(c ?? 1));
      });
      if (code !== 0) throw new CliError(`psql failed (exit ${code}); the database was left unchanged`);
      console.log(`restored ${file} into ${redact(config.databaseUrl)}`);
      await verify(db, file);
    } finally {
      await db.close();
    }
    return;
  }

  if (!tarball) {
    throw new CliError(
      'this is a PostgreSQL (pg_dump) backup: set DATABASE_URL to an empty PostgreSQL database to restore it',
    );
  }
  const dir = pgliteDir(config);
  await refuseIfServerRunning(config);
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
    if (!force) throw new CliError(`${dir} holds a database: add --force to keep it aside and restore over it`);
    const aside = `${dir}.replaced-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    fs.renameSync(dir, aside);
    console.log(`kept the previous database aside in ${aside}`);
  }
  let bytes = fs.readFileSync(file);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = zlib.gunzipSync(bytes);
  const db = await openPglite({ dataDir: dir, loadDataDir: new Blob([bytes]) });
  try {
    console.log(`restored ${file} into ${dir}`);
    await verify(db, file);
  } finally {
    await db.close();
  }
});
