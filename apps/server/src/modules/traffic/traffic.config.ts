import { z } from 'zod';
import { ConfigError } from '../../platform/config';

/**
 * Traffic settings from environment variables (docs/traffic.md):
 * the bearer token road weather stations and camera estimators post
 * observations with, the video-call link an officer reviewing a case opens
 * (`{number}` is replaced by the case number), and the insurers' webhook.
 */
const Env = z.object({
  FENGQIAO_TRAFFIC_INGEST_TOKEN: z.string().min(24, 'at least 24 characters').optional(),
  FENGQIAO_TRAFFIC_VIDEO_URL: z.string().url().optional(),
  FENGQIAO_TRAFFIC_INSURER_WEBHOOK_URL: z.string().url().optional(),
  FENGQIAO_TRAFFIC_INSURER_WEBHOOK_TOKEN: z.string().optional(),
  /** Observations older than this (minutes) are refused as stale. */
  FENGQIAO_FOG_STALE_MINUTES: z.coerce.number().int().min(5).max(720).default(60),
});

export interface TrafficConfig {
  ingestToken: string | null;
  videoUrl: string | null;
  insurerWebhookUrl: string | null;
  insurerWebhookToken: string | null;
  staleMs: number;
}

export function loadTrafficConfig(env: NodeJS.ProcessEnv): TrafficConfig {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`traffic settings: ${fields}`);
  }
  const e = parsed.data;
  return {
    ingestToken: e.FENGQIAO_TRAFFIC_INGEST_TOKEN ?? null,
    videoUrl: e.FENGQIAO_TRAFFIC_VIDEO_URL ?? null,
    insurerWebhookUrl: e.FENGQIAO_TRAFFIC_INSURER_WEBHOOK_URL ?? null,
    insurerWebhookToken: e.FENGQIAO_TRAFFIC_INSURER_WEBHOOK_TOKEN ?? null,
    staleMs: e.FENGQIAO_FOG_STALE_MINUTES * 60_000,
  };
}
