import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../../platform/config';

/**
 * Citizen sign-in settings from environment variables (documented in
 * docs/configuration.md). Codes always expire after 5 minutes and burn
 * after 5 wrong tries; the rest is tunable.
 */
const Env = z.object({
  CITIZEN_OTP_SENDER: z.enum(['log', 'file', 'webhook']).default('log'),
  CITIZEN_OTP_WEBHOOK_URL: z.url().optional(),
  CITIZEN_OTP_WEBHOOK_TOKEN: z.string().optional(),
  CITIZEN_OTP_SIGNATURE: z.string().min(1).max(20).default('清溪镇派出所'),
  CITIZEN_OTP_RESEND_SECONDS: z.coerce.number().int().min(0).max(600).default(60),
  CITIZEN_OTP_PHONE_HOURLY: z.coerce.number().int().min(1).max(100).default(5),
  CITIZEN_OTP_IP_HOURLY: z.coerce.number().int().min(1).max(100_000).default(30),
  CITIZEN_SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  CITIZEN_SESSION_IDLE_DAYS: z.coerce.number().int().min(1).max(365).default(7),
});

export interface CitizenConfig {
  sender: 'log' | 'file' | 'webhook';
  webhookUrl: string | null;
  webhookToken: string | null;
  outboxDir: string;
  signature: string;
  codeTtlMs: number;
  maxAttempts: number;
  resendMs: number;
  perPhoneHourly: number;
  perIpHourly: number;
  sessionAbsoluteMs: number;
  sessionIdleMs: number;
}

export function loadCitizenConfig(env: NodeJS.ProcessEnv, dataDir: string): CitizenConfig {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`invalid citizen sign-in configuration: ${fields}`);
  }
  const e = parsed.data;
  if (e.CITIZEN_OTP_SENDER === 'webhook' && !e.CITIZEN_OTP_WEBHOOK_URL) {
    throw new ConfigError('CITIZEN_OTP_SENDER=webhook needs CITIZEN_OTP_WEBHOOK_URL');
  }
  return {
    sender: e.CITIZEN_OTP_SENDER,
    webhookUrl: e.CITIZEN_OTP_WEBHOOK_URL ?? null,
    webhookToken: e.CITIZEN_OTP_WEBHOOK_TOKEN ?? null,
    outboxDir: path.join(dataDir, 'outbox'),
    signature: e.CITIZEN_OTP_SIGNATURE,
    codeTtlMs: 5 * 60_000,
    maxAttempts: 5,
    resendMs: e.CITIZEN_OTP_RESEND_SECONDS * 1000,
    perPhoneHourly: e.CITIZEN_OTP_PHONE_HOURLY,
    perIpHourly: e.CITIZEN_OTP_IP_HOURLY,
    sessionAbsoluteMs: e.CITIZEN_SESSION_DAYS * 86_400_000,
    sessionIdleMs: e.CITIZEN_SESSION_IDLE_DAYS * 86_400_000,
  };
}
