import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineUnavailable, startTestApp, type TestApp } from '../../../test/harness';
import { MIGRATIONS_DIR, migrate, readMigrations } from './migrate';
import { schemaSnapshot } from './schema-snapshot';

describe.skipIf(engineUnavailable)('migrations', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ template: 'empty' });
  });
  afterAll(async () => t?.close());

  it('produce exactly the committed schema snapshot (run npm run db:snapshot after adding one)', async () => {
    const committed = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, 'schema.snapshot.json'), 'utf8'));
    expect(await schemaSnapshot(t.db)).toEqual(committed);
  });

  it('are applied once: a second run applies nothing', async () => {
    expect(await migrate(t.db)).toEqual([]);
  });

  it('refuse to start when an applied migration was edited', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fq-mig-'));
    for (const m of readMigrations()) fs.writeFileSync(path.join(dir, m.name), m.sql);
    const first = readMigrations(dir)[0];
    if (!first) throw new Error('no migrations');
    fs.writeFileSync(path.join(dir, first.name), `${first.sql}\n-- edited\n`);
    await expect(migrate(t.db, readMigrations(dir))).rejects.toThrow(/changed after it was applied/);
    fs.rmSync(dir, { recursive: true });
  });

  it('are named by timestamp and sorted', () => {
    const names = readMigrations().map((m) => m.name);
    expect(names.every((n) => /^\d{8}T\d{4}_[a-z0-9_]+\.sql$/.test(n))).toBe(true);
    expect([...names].sort()).toEqual(names);
  });
});
