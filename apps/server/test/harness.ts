import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { Role } from '@fengqiao/domain';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { inject } from 'vitest';
import { buildApp, type Modules } from '../src/app';
import { totpAt, totpStep } from '../src/platform/auth/totp';
import { closePlatform, createPlatform } from '../src/platform/bootstrap';
import { type Clock, ManualClock } from '../src/platform/clock';
import type { Config } from '../src/platform/config';
import type { Db } from '../src/platform/db/db';
import { openPglite } from '../src/platform/db/pglite.engine';
import { openPostgres } from '../src/platform/db/postgres.engine';
import type { DeclaredRoute } from '../src/platform/http/auth-hook';
import { createLogger } from '../src/platform/logger';
import type { Platform } from '../src/platform/platform';
import { testConfig } from './test-config';
import { TEST_KEYS } from './test-keys';

export const engine = inject('engine');
/** Use as `describe.skipIf(engineUnavailable)` so a missing PostgreSQL is a visible skip, never a pass. */
export const engineUnavailable = !engine.available;

export interface TestApp {
  app: FastifyInstance;
  platform: Platform;
  modules: Modules;
  routes: DeclaredRoute[];
  db: Db;
  clock: ManualClock;
  /** Signs in (completing 2FA with the given secret) and returns the session cookie header. */
  login(username: string, password: string, totpSecret?: string): Promise<string>;
  close(): Promise<void>;
}

async function openFromTemplate(template: 'empty' | 'demo'): Promise<{ db: Db; drop: () => Promise<void> }> {
  if (engine.name === 'pglite') {
    const blob = new Blob([fs.readFileSync(engine.templates[template])]);
    const db = await openPglite({ loadDataDir: blob });
    return { db, drop: async () => undefined };
  }
  const url = process.env.TEST_DATABASE_URL ?? '';
  const name = `fq_t_${randomBytes(6).toString('hex')}`;
  const admin = await openPostgres({ url, poolSize: 1, onClientError: () => undefined });
  await admin.exec(`CREATE DATABASE ${name} TEMPLATE ${engine.templates[template]}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  // Dropping the database at the end terminates idle pool clients; that is expected, not an error.
  const db = await openPostgres({ url: u.toString(), poolSize: 8, onClientError: () => undefined });
  return {
    db,
    drop: async () => {
      await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.close();
    },
  };
}

export interface TestAppOptions {
  template?: 'empty' | 'demo';
  clock?: ManualClock;
  config?: Partial<Config>;
  log?: Logger;
}

/** A fresh database copied from a migrated template, with the whole app on top. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const { db, drop } = await openFromTemplate(options.template ?? 'demo');
  const clock = options.clock ?? new ManualClock(new Date());
  const platform = await createPlatform(testConfig(options.config), {
    db,
    clock: clock as Clock,
    keys: TEST_KEYS,
    log: options.log ?? createLogger('silent'),
    migrated: true,
  });
  const { app, modules, routes } = await buildApp(platform);
  await app.ready();
  const login = async (username: string, password: string, totpSecret?: string): Promise<string> => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
    if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
    const cookie = res.cookies.find((c) => c.name === 'fq_session');
    if (!cookie) throw new Error('no session cookie');
    const header = `fq_session=${cookie.value}`;
    const state = res.json<{ state: string }>().state;
    if (state === 'authenticated') return header;
    if (!totpSecret) throw new Error(`login ${username} needs 2FA (${state})`);
    if (state === 'mfa_required') {
      // Codes are single-use per 30-second step; step the clock so repeated logins get fresh codes.
      clock.advance(30_000);
      const code = totpAt(totpSecret, totpStep(clock.now()));
      const v = await app.inject({
        method: 'POST',
        url: '/api/auth/mfa/verify',
        headers: { cookie: header },
        payload: { code },
      });
      if (v.statusCode !== 200) throw new Error(`2FA for ${username} failed: ${v.body}`);
      return header;
    }
    throw new Error(`login ${username} needs 2FA enrolment`);
  };
  return {
    app,
    platform,
    modules,
    routes,
    db,
    clock,
    login,
    close: async () => {
      await app.close();
      await closePlatform(platform);
      await drop();
    },
  };
}

/** Demo accounts (see README): every role has one. */
export { DEMO_PASSWORD } from '../src/demo/load-demo';
export const DEMO_ACCOUNT: Record<Role, string> = {
  station_leader: 'leader',
  command_operator: 'operator',
  community_officer: 'officer',
  case_officer: 'caseofficer',
  patrol_officer: 'patrol',
  auxiliary_officer: 'auxiliary',
  hall_clerk: 'clerk',
  mediator: 'mediator',
  volunteer: 'volunteer',
  county_leader: 'county',
  system_admin: 'sysadmin',
  security_admin: 'secadmin',
  auditor: 'auditor',
};

/** Demo 2FA secrets, from the same deterministic generator the template was loaded with. */
let demoSecrets: Map<string, string> | null = null;
export async function demoTotpSecret(username: string): Promise<string | undefined> {
  if (!demoSecrets) {
    const { generateTown } = await import('../src/demo/town.generator');
    demoSecrets = new Map(
      generateTown().accounts.flatMap((a) => (a.totpSecret ? [[a.username, a.totpSecret] as const] : [])),
    );
  }
  return demoSecrets.get(username);
}

/**
 * Closes the demo town's open incidents. Its history runs up to the hour the template was built, so
 * which reports are open near a test's point depends on that hour: a test's report would be linked to
 * one as its near-duplicate, and a near-duplicate is not dispatched.
 */
export async function closeOpenDemoIncidents(t: TestApp): Promise<void> {
  await t.db.query(`UPDATE incidents SET status = 'closed' WHERE status NOT IN ('closed', 'transferred')`);
}

/** Signs in as the demo account of a role (demo template), completing 2FA where required. */
export async function loginAs(t: TestApp, role: Role): Promise<string> {
  const username = DEMO_ACCOUNT[role];
  const { DEMO_PASSWORD: password } = await import('../src/demo/load-demo');
  return t.login(username, password, await demoTotpSecret(username));
}
