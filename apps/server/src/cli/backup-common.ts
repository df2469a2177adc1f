import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { type Config, ConfigError, loadConfig } from '../platform/config';

/** Shared by `db:backup`, `db:restore` and `db:migrate-to-postgres`. */

export class CliError extends Error {}

export function cliConfig(): Config {
  return loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
}

export function pgliteDir(config: Config): string {
  return path.join(config.dataDir, 'pglite');
}

/** Whether a PostgreSQL client tool (pg_dump, psql) is installed, and its version line. */
export function pgTool(name: 'pg_dump' | 'psql'): string | null {
  const r = spawnSync(name, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/**
 * PGlite is a single-process database: copying its directory while a server
 * writes to it gives a torn backup, and two processes opening it corrupt it.
 * The configured server answering on its port is the tell-tale.
 */
export async function refuseIfServerRunning(config: Config): Promise<void> {
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  try {
    const r = await fetch(`http://${host}:${config.port}/api/ready`, { signal: AbortSignal.timeout(1_000) });
    const body = (await r.json().catch(() => ({}))) as { engine?: string };
    if (body.engine === 'pglite') {
      throw new CliError(
        `a Fengqiao server with the embedded database is running on port ${config.port}: stop it first (the embedded database serves one process at a time)`,
      );
    }
  } catch (e) {
    if (e instanceof CliError) throw e;
    // Nothing answers: the data directory is free.
  }
}

/** Runs a command-line entry point: a CliError is a one-line message and exit code 2. */
export function runCli(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      if (e instanceof CliError || e instanceof ConfigError) {
        console.error(`Error: ${e.message}`);
        process.exit(2);
      }
      console.error(e);
      process.exit(1);
    },
  );
}

/** Hides the password in a connection URL for messages. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(invalid URL)';
  }
}

/** A connection URL without its password, and the password for PGPASSWORD (kept out of the process list). */
export function pgConnection(url: string): { url: string; env: Record<string, string> } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { url: u.toString(), env: password ? { PGPASSWORD: password } : {} };
}

/** Where the manifest of a backup lives: per-table row counts and checksums taken with the backup. */
export function manifestPath(file: string): string {
  return `${file}.manifest.json`;
}

export interface Manifest {
  engine: 'pglite' | 'postgres';
  createdAt: string;
  format: 'pglite-datadir-tar-gz' | 'pg_dump-plain-sql';
  tables: Record<string, { rows: number; checksum: string }>;
}

/** Tables whose checksums differ between two snapshots (missing on either side counts). */
export function compareSums(expected: Manifest['tables'], actual: Manifest['tables'], ignore: string[] = []): string[] {
  const names = new Set([...Object.keys(expected), ...Object.keys(actual)]);
  return [...names]
    .filter((t) => !ignore.includes(t))
    .filter((t) => expected[t]?.rows !== actual[t]?.rows || expected[t]?.checksum !== actual[t]?.checksum)
    .sort();
}
