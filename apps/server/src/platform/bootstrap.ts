import type { Logger } from 'pino';
import { z } from 'zod';
import { AuditService } from './audit/audit.service';
import { PasswordPolicy } from './auth/password';
import { SessionService } from './auth/session.service';
import { type Clock, systemClock } from './clock';
import type { Config } from './config';
import { createFieldCrypto } from './crypto/field-crypto';
import { loadKeys } from './crypto/keys';
import { PersonalData } from './crypto/personal-data';
import type { Db } from './db/db';
import { migrate } from './db/migrate';
import { openDatabase } from './db/open-database';
import { defineJob } from './jobs/job.types';
import { JobRunner } from './jobs/job-runner';
import { createLogger } from './logger';
import type { Platform } from './platform';
import { createEventBus } from './realtime/create-event-bus';

export interface PlatformOptions {
  db?: Db;
  clock?: Clock;
  log?: Logger;
  keys?: { dataKey: Buffer; indexKey: Buffer };
  /** Skip migrations (the test harness starts from a migrated template). */
  migrated?: boolean;
}

/** Opens the database, applies migrations and assembles the platform services. */
export async function createPlatform(config: Config, options: PlatformOptions = {}): Promise<Platform> {
  const log = options.log ?? createLogger(config.logLevel);
  const clock = options.clock ?? systemClock;
  const db = options.db ?? (await openDatabase(config, (e) => log.error({ err: e }, 'database error')));
  if (!options.migrated) {
    const applied = await migrate(db);
    if (applied.length > 0) log.info({ applied }, 'migrations applied');
  }
  const keys = options.keys ?? loadKeys(config);
  const crypto = createFieldCrypto(keys.dataKey, keys.indexKey);
  const audit = new AuditService(db, clock);
  const jobs = new JobRunner(db, clock, log, config.jobsPollMs);
  jobs.register(
    defineJob({
      id: 'audit.seal',
      payload: z.object({}),
      // Often and in small batches: sealing costs a read, a hash and an update per row, and 5,000 rows at
      // once (every 5 s at 1,000 writes/s) stalled intake for a second or two each time.
      everyMs: 1_000,
      handler: async (_payload, ctx) => {
        await audit.seal(2000, ctx.tx);
      },
    }),
  );
  const bus = await createEventBus(config, log);
  const sessions = new SessionService(db, clock, config.sessionIdleMs, config.sessionAbsoluteMs);
  // Sessions ended or accounts changed on any node leave this node's session cache at once.
  sessions.watch(bus);
  return {
    config,
    db,
    clock,
    log,
    pii: new PersonalData(crypto),
    audit,
    jobs,
    bus,
    sessions,
    passwords: new PasswordPolicy(config.passwordDenylistFile),
  };
}

export async function closePlatform(p: Platform): Promise<void> {
  await p.jobs.stop();
  await p.bus.close();
  await p.db.close();
}
