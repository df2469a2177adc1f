import type { Platform } from '../platform';
import { loadRetentionConfig } from './retention.config';
import { retentionJob } from './retention.job';
import { retentionRoutes } from './retention.routes';
import { RetentionService } from './retention.service';
import type { ExternalRetention, RetentionPolicy } from './retention.types';

export { AUDIT_MIN_DAYS, loadRetentionConfig } from './retention.config';
export { removeFiles } from './retention.files';
export { RETENTION_JOB } from './retention.job';
export { registerRetentionMetrics } from './retention.metrics';
export type { RetentionService, RetentionView } from './retention.service';
export {
  ANONYMISED,
  defineRetention,
  type ExternalRetention,
  type RetentionPolicy,
  type SweepCount,
  type SweepInput,
} from './retention.types';

/**
 * The retention registry: the modules' policies (each module's
 * `<module>.retention.ts`), periods from the environment (checked at start),
 * the scheduled sweep job and the administrators' read-only view.
 */
export function createRetention(
  platform: Platform,
  policies: readonly (readonly RetentionPolicy[])[],
  external: readonly ExternalRetention[] = [],
  env: NodeJS.ProcessEnv = process.env,
) {
  const all = policies.flat();
  const config = loadRetentionConfig(all, env);
  const service = new RetentionService(platform, all, external, config);
  platform.jobs.register(retentionJob(service, platform.jobs));
  return { service, routes: retentionRoutes(service) };
}
