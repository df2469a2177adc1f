import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { tableChecksums } from '../src/cli/backup-tables';
import type { Db } from '../src/platform/db/db';
import { openPglite } from '../src/platform/db/pglite.engine';
import { openPostgres } from '../src/platform/db/postgres.engine';
import { engine, engineUnavailable } from './harness';
import { freePort, REPO_ROOT } from './server-process';

/**
 * Restore drill: back the database up with `npm run db:backup`, restore it
 * with `npm run db:restore` somewhere new, and compare every table's row
 * count and checksum; on PGlite also move it to PostgreSQL with
 * `npm run db:migrate-to-postgres`. The commands run as the operator runs
 * them, as separate processes.
 */
async function cli(script: string, args: string[], env: Record<string, string>) {
  // A free port: the "is a server using this data directory?" probe must not meet someone else's server.
  const port = String(await freePort());
  return new Promise<{ code: number; out: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `apps/server/src/cli/${script}.ts`, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, DATABASE_URL: '', PORT: port, LOG_LEVEL: 'warn', ...env },
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    child.on('exit', (code) => resolve({ code: code ?? 1, out }));
  });
}

/**
 * Rows of the awkward types (CJK text, jsonb, bytea, microsecond timestamps,
 * doubles) on top of the migrations' seed data. The PGlite drill starts from
 * the empty template: the demo town in WebAssembly PostgreSQL takes minutes
 * on a busy two-core runner, and the PostgreSQL drill covers the demo town.
 */
async function seedDrillRows(db: Db): Promise<void> {
  const station = await db.query<{ id: string }>(
    `INSERT INTO stations (code, name, center_lng, center_lat, boundary)
     VALUES ('DRILL', '演练派出所', 120.123456789, 30.987654321, '{"type":"Polygon","coordinates":[[[120.1,30.9],[120.2,30.9],[120.2,31.0],[120.1,30.9]]]}')
     RETURNING id`,
  );
  await db.query(
    `INSERT INTO files (station_id, sha256, content_type, size_bytes, data, purpose, created_at)
     VALUES ($1, 'drill', 'image/png', 4, decode('89504e47', 'hex'), 'drill', '2026-11-28 10:00:00.123456+08')`,
    [station.rows[0]?.id],
  );
  await db.query(
    `INSERT INTO jobs (kind, payload, run_at) VALUES ('audit.seal', '{"drill":"演练"}', clock_timestamp())`,
  );
}

const pgUrl = process.env.TEST_DATABASE_URL ?? '';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fq-restore-drill-'));
const dropped: string[] = [];
async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: pgUrl });
  await c.connect();
  await c.query(sql);
  await c.end();
}
function urlOf(name: string): string {
  const u = new URL(pgUrl);
  u.pathname = `/${name}`;
  return u.toString();
}
afterAll(async () => {
  for (const name of dropped) await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
});

describe.skipIf(engineUnavailable || engine.name !== 'pglite')('restore drill on the embedded database', () => {
  it('backs up, restores to a new data directory with equal counts and checksums, and refuses to overwrite', async () => {
    const source = path.join(dir, 'source');
    const tpl = await openPglite({
      dataDir: path.join(source, 'pglite'),
      loadDataDir: new Blob([fs.readFileSync(engine.templates.empty)]),
    });
    await seedDrillRows(tpl);
    const before = await tableChecksums(tpl);
    await tpl.close();

    const file = path.join(dir, 'town.tar.gz');
    const backup = await cli('backup', [file], { DATA_DIR: source });
    expect(backup.code, backup.out).toBe(0);
    expect(fs.existsSync(`${file}.manifest.json`)).toBe(true);

    const target = path.join(dir, 'target');
    const restore = await cli('restore', [file], { DATA_DIR: target });
    expect(restore.code, restore.out).toBe(0);
    expect(restore.out).toContain('verified:');

    const restored = await openPglite({ dataDir: path.join(target, 'pglite') });
    const after = await tableChecksums(restored);
    await restored.close();
    expect(after).toEqual(before);
    expect(after.files?.rows).toBe(1);
    expect(after.incident_categories?.rows).toBeGreaterThan(10);

    // Restoring over a database needs --force, and even then keeps the old one aside.
    const again = await cli('restore', [file], { DATA_DIR: target });
    expect(again.code).toBe(2);
    expect(again.out).toContain('--force');
    const forced = await cli('restore', [file, '--force'], { DATA_DIR: target });
    expect(forced.code, forced.out).toBe(0);
    expect(fs.readdirSync(target).some((f) => f.startsWith('pglite.replaced-'))).toBe(true);

    // A PostgreSQL restore of an embedded backup is refused with directions, not attempted.
    if (pgUrl) {
      const wrong = await cli('restore', [file], { DATABASE_URL: urlOf('postgres') });
      expect(wrong.code).toBe(2);
      expect(wrong.out).toContain('db:migrate-to-postgres');
    }
  }, 240_000);

  it.skipIf(!pgUrl)(
    'moves the embedded database to PostgreSQL with one command, every row identical',
    async () => {
      const source = path.join(dir, 'migrate');
      const tpl = await openPglite({
        dataDir: path.join(source, 'pglite'),
        loadDataDir: new Blob([fs.readFileSync(engine.templates.empty)]),
      });
      await seedDrillRows(tpl);
      await tpl.close();
      const name = `fq_migrate_${Date.now()}`;
      await admin(`CREATE DATABASE ${name}`);
      dropped.push(name);
      const run = await cli('migrate-to-postgres', [urlOf(name)], {
        DATA_DIR: source,
        FENGQIAO_DATA_KEY: '',
        FENGQIAO_INDEX_KEY: '',
      });
      expect(run.code, run.out).toBe(0);
      expect(run.out).toContain('counts and checksums match');
      // The new deployment's environment carries the embedded database's keys.
      const env = fs.readFileSync(path.join(source, 'postgres.env'), 'utf8');
      const keys = JSON.parse(fs.readFileSync(path.join(source, 'keys.json'), 'utf8')) as { dataKey: string };
      expect(env).toContain(`FENGQIAO_DATA_KEY=${keys.dataKey}`);
      expect(fs.statSync(path.join(source, 'postgres.env')).mode & 0o077).toBe(0);

      // Independently of the command's own check: same rows on both engines.
      const a = await openPglite({ dataDir: path.join(source, 'pglite') });
      const b = await openPostgres({ url: urlOf(name), poolSize: 1 });
      const [sa, sb] = [await tableChecksums(a), await tableChecksums(b)];
      await a.close();
      await b.close();
      delete sa.schema_migrations;
      delete sb.schema_migrations;
      expect(sb).toEqual(sa);
      // A second run refuses the now non-empty database.
      const again = await cli('migrate-to-postgres', [urlOf(name)], { DATA_DIR: source });
      expect(again.code).toBe(2);
      expect(again.out).toContain('not empty');
    },
    240_000,
  );
});

describe.skipIf(engineUnavailable || engine.name !== 'postgres')('restore drill on PostgreSQL', () => {
  it('dumps with pg_dump, restores into a new database with equal counts and checksums, and refuses a non-empty one', async () => {
    const src = `fq_drill_src_${Date.now()}`;
    const dst = `fq_drill_dst_${Date.now()}`;
    await admin(`CREATE DATABASE ${src} TEMPLATE ${engine.templates.demo}`);
    dropped.push(src);
    await admin(`CREATE DATABASE ${dst}`);
    dropped.push(dst);
    const db = await openPostgres({ url: urlOf(src), poolSize: 1 });
    await db.query(`INSERT INTO jobs (kind, payload, run_at) VALUES ('audit.seal', '{"drill":"演练"}', now())`);
    const before = await tableChecksums(db);
    await db.close();

    const file = path.join(dir, 'town.sql');
    const backup = await cli('backup', [file], { DATABASE_URL: urlOf(src) });
    expect(backup.code, backup.out).toBe(0);
    expect(fs.readFileSync(file, 'utf8').slice(0, 200)).toContain('PostgreSQL database dump');

    const restore = await cli('restore', [file], { DATABASE_URL: urlOf(dst) });
    expect(restore.code, restore.out).toBe(0);
    expect(restore.out).toContain('verified:');
    const restored = await openPostgres({ url: urlOf(dst), poolSize: 1 });
    const after = await tableChecksums(restored);
    await restored.close();
    expect(after).toEqual(before);

    const again = await cli('restore', [file], { DATABASE_URL: urlOf(dst) });
    expect(again.code).toBe(2);
    expect(again.out).toContain('not empty');
  }, 240_000);
});
