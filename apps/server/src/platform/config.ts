import path from 'node:path';
import { z } from 'zod';

/**
 * All configuration comes from environment variables (documented in
 * docs/configuration.md). Defaults make `npm start` work on a bare machine:
 * embedded PGlite in ./data, demo town on first start, generated keys.
 */
const Env = z.object({
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  FENGQIAO_ROLES: z.string().default('api,jobs'),
  FENGQIAO_DEMO: z.enum(['auto', 'on', 'off']).default('auto'),
  FENGQIAO_DATA_KEY: z.string().optional(),
  FENGQIAO_INDEX_KEY: z.string().optional(),
  FENGQIAO_WEB_DIR: z.string().optional(),
  FENGQIAO_PASSWORD_DENYLIST: z.string().optional(),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24)
    .default(12),
  COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NATS_URL: z.string().optional(),
  MAP_TILE_URL: z.string().optional(),
  MAP_TILE_ATTRIBUTION: z.string().optional(),
  JOBS_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
});

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | null;
  databasePoolSize: number;
  roles: Set<'api' | 'jobs'>;
  demo: 'auto' | 'on' | 'off';
  dataKey: string | null;
  indexKey: string | null;
  webDir: string;
  passwordDenylistFile: string | null;
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  cookieSecure: 'auto' | boolean;
  trustProxy: boolean;
  logLevel: string;
  natsUrl: string | null;
  mapTileUrl: string | null;
  mapTileAttribution: string | null;
  jobsPollMs: number;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`invalid configuration: ${fields}`);
  }
  const e = parsed.data;
  const roles = new Set<'api' | 'jobs'>();
  for (const r of e.FENGQIAO_ROLES.split(',').map((s) => s.trim())) {
    if (r === 'api' || r === 'jobs') roles.add(r);
    else if (r) throw new ConfigError(`FENGQIAO_ROLES: unknown role '${r}' (api, jobs)`);
  }
  return {
    host: e.HOST,
    port: e.PORT,
    dataDir: path.resolve(cwd, e.DATA_DIR),
    databaseUrl: e.DATABASE_URL ?? null,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    roles,
    demo: e.FENGQIAO_DEMO,
    dataKey: e.FENGQIAO_DATA_KEY ?? null,
    indexKey: e.FENGQIAO_INDEX_KEY ?? null,
    webDir: path.resolve(cwd, e.FENGQIAO_WEB_DIR ?? 'apps/web/dist'),
    passwordDenylistFile: e.FENGQIAO_PASSWORD_DENYLIST ?? null,
    sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: e.SESSION_ABSOLUTE_HOURS * 3_600_000,
    cookieSecure: e.COOKIE_SECURE === 'auto' ? 'auto' : e.COOKIE_SECURE === 'true',
    trustProxy: e.TRUST_PROXY === 'true',
    logLevel: e.LOG_LEVEL,
    natsUrl: e.NATS_URL ?? null,
    mapTileUrl: e.MAP_TILE_URL ?? null,
    mapTileAttribution: e.MAP_TILE_ATTRIBUTION ?? null,
    jobsPollMs: e.JOBS_POLL_MS,
  };
}
