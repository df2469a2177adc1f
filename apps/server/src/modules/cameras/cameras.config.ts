import { z } from 'zod';
import { ConfigError } from '../../platform/config';

/**
 * Camera-network settings from environment variables (docs/cameras.md).
 * Workers authenticate with FENGQIAO_VISION_TOKEN as a bearer token; without
 * it the worker endpoints answer 401 and no worker can join.
 */
const Env = z.object({
  FENGQIAO_VISION_TOKEN: z.string().min(24, 'at least 24 characters').optional(),
  FENGQIAO_VISION_LEASE_SECONDS: z.coerce.number().int().min(5).max(600).default(30),
  FENGQIAO_EVIDENCE_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
});

export interface CamerasConfig {
  workerToken: string | null;
  leaseMs: number;
  retentionDays: number;
}

export function loadCamerasConfig(env: NodeJS.ProcessEnv): CamerasConfig {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`camera settings: ${fields}`);
  }
  const e = parsed.data;
  return {
    workerToken: e.FENGQIAO_VISION_TOKEN ?? null,
    leaseMs: e.FENGQIAO_VISION_LEASE_SECONDS * 1000,
    retentionDays: e.FENGQIAO_EVIDENCE_RETENTION_DAYS,
  };
}
