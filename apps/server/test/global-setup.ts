import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { loadDemoTown } from '../src/demo/load-demo';
import { createPlatform } from '../src/platform/bootstrap';
import type { Db } from '../src/platform/db/db';
import { openPglite } from '../src/platform/db/pglite.engine';
import { openPostgres } from '../src/platform/db/postgres.engine';
import { createLogger } from '../src/platform/logger';
import { slimPgliteDump } from './support/slim-template';
import { testConfig } from './test-config';
import { TEST_KEYS } from './test-keys';

declare module 'vitest' {
  export interface ProvidedContext {
    engine: {
      name: 'pglite' | 'postgres';
      available: boolean;
      reason: string;
      templates: Record<'empty' | 'demo', string>;
    };
  }
}

const TEMPLATES = ['empty', 'demo'] as const;

/** Migrates (and for 'demo' loads the demo town into) an open database; leaves it open. */
async function fill(db: Db, template: 'empty' | 'demo'): Promise<void> {
  const platform = await createPlatform(testConfig(), { db, keys: TEST_KEYS, log: createLogger('silent') });
  if (template === 'demo') await loadDemoTown(platform);
  await platform.audit.seal();
  await platform.bus.close();
}

type EngineName = 'pglite' | 'postgres';
type Built = Omit<import('vitest').ProvidedContext['engine'], 'name'>;

async function buildPglite(): Promise<Built> {
  const templates = { empty: '', demo: '' };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fq-tpl-'));
  for (const t of TEMPLATES) {
    const db = await openPglite({});
    await fill(db, t);
    const file = path.join(dir, `${t}.tar`);
    fs.writeFileSync(file, await slimPgliteDump(db));
    await db.close();
    templates[t] = file;
  }
  return { available: true, reason: '', templates };
}

async function buildPostgres(): Promise<Built> {
  const templates = { empty: '', demo: '' };
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const reason = 'TEST_DATABASE_URL is not set';
    if (process.env.CI === 'true') throw new Error(`PostgreSQL integration suite cannot run under CI: ${reason}`);
    console.warn(
      `\n  SKIPPED: PostgreSQL integration suite (${reason}; e.g. postgres://postgres@127.0.0.1:5432/test)\n`,
    );
    return { available: false, reason, templates };
  }
  const admin = new pg.Client({ connectionString: url });
  try {
    await admin.connect();
  } catch (e) {
    const reason = `cannot reach PostgreSQL at ${url}: ${(e as Error).message}`;
    if (process.env.CI === 'true') throw new Error(reason);
    console.warn(`\n  SKIPPED: PostgreSQL integration suite (${reason})\n`);
    return { available: false, reason, templates };
  }
  try {
    for (const t of TEMPLATES) {
      const dbName = `fq_tpl_${t}`;
      await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${dbName}`);
      const u = new URL(url);
      u.pathname = `/${dbName}`;
      const db = await openPostgres({ url: u.toString(), poolSize: 4 });
      await fill(db, t);
      await db.close();
      templates[t] = dbName;
    }
  } finally {
    await admin.end();
  }
  return { available: true, reason: '', templates };
}

/**
 * One build per engine and run, shared by both projects' setups: Vitest
 * loads this module once per project, in one process, and calls the setups
 * one after the other.
 */
const shared = globalThis as { __fqTemplateBuilds?: Map<EngineName, Promise<Built>> };
shared.__fqTemplateBuilds ??= new Map();
const builds = shared.__fqTemplateBuilds;

function build(name: EngineName): Promise<Built> {
  let b = builds.get(name);
  if (!b) {
    b = name === 'pglite' ? buildPglite() : buildPostgres();
    // Awaited by its own project's setup; until then a failure must not count as unhandled.
    b.catch(() => {});
    builds.set(name, b);
  }
  return b;
}

/**
 * Builds migrated templates once per run: PGlite data-directory tarballs,
 * and PostgreSQL template databases. Each test file then starts from a copy
 * in well under a second instead of migrating anew. The first setup starts
 * both engines' builds when both suites run: PostgreSQL does its share in
 * its own server process while PGlite's runs here, so the two overlap.
 */
export default async function setup(project: TestProject): Promise<void> {
  const name: EngineName = project.name === 'int-postgres' ? 'postgres' : 'pglite';
  const other: EngineName = name === 'pglite' ? 'postgres' : 'pglite';
  const mine = build(name);
  if (project.vitest.projects.some((p) => p.name === `int-${other}`)) build(other);
  project.provide('engine', { name, ...(await mine) });
}
