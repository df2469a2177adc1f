import type { CitizenSessionResolver } from '../../platform/http/auth-hook';
import type { Platform } from '../../platform/platform';
import { type CitizenConfig, loadCitizenConfig } from './citizens.config';
import { citizenRoutes } from './citizens.routes';
import { CITIZEN_COOKIE, CitizensService } from './citizens.service';
import { FileOtpSender, LogOtpSender, type OtpSender, WebhookOtpSender } from './otp-sender';

export { citizenCtxOf } from './citizen-ctx';
export { insertCitizens } from './citizens.repository';
export { CITIZEN_RETENTION } from './citizens.retention';
export type { CitizenCtx, CitizenExtras } from './citizens.service';
export { MemoryOtpSender, type OtpMessage, type OtpSender } from './otp-sender';
export { CITIZEN_COOKIE, CitizensService };

export interface CitizensOptions {
  /** Environment to read CITIZEN_* settings from (defaults to process.env). */
  env?: NodeJS.ProcessEnv;
  sender?: OtpSender;
}

function defaultSender(platform: Platform, config: CitizenConfig): OtpSender {
  if (config.sender === 'file') return new FileOtpSender(config.outboxDir);
  if (config.sender === 'webhook' && config.webhookUrl)
    return new WebhookOtpSender(config.webhookUrl, config.webhookToken);
  return new LogOtpSender(platform.log);
}

/** Residents' and enterprise contacts' identity: phone + one-time code, the `fq_citizen` session. */
export function createCitizensModule(platform: Platform, options: CitizensOptions = {}) {
  const config = loadCitizenConfig(options.env ?? process.env, platform.config.dataDir);
  const service = new CitizensService(platform, config, options.sender ?? defaultSender(platform, config));
  const resolver: CitizenSessionResolver = { cookie: CITIZEN_COOKIE, resolve: (token) => service.resolve(token) };
  return { api: service, config, resolver, routes: citizenRoutes(service, platform.config) };
}
