import type { FastifyPluginAsync } from 'fastify';
import type { Platform } from '../../platform/platform';
import type { CitizensService } from '../citizens';
import { accidentRoutes } from './accidents.routes';
import { AccidentsService } from './accidents.service';
import type { TrafficDeps } from './deps';
import { fogJob } from './fog.job';
import { fogRoutes } from './fog.routes';
import { FogService } from './fog.service';
import { insurerJob } from './insurers.job';
import { loadTrafficConfig } from './traffic.config';
import { violationRoutes } from './violations.routes';
import { type CameraReviewListener, type CameraViolationInput, ViolationsService } from './violations.service';

export type { StationInfo, TrafficDeps } from './deps';
export { FOG_JOB } from './fog.job';
export { INSURER_JOB } from './insurers.job';
export { TRAFFIC_RETENTION } from './traffic.retention';
export type { CameraReviewListener, CameraViolationInput };

/**
 * Traffic safety: minor-accident quick handling (快处快赔) for residents and
 * the reviewing officer, the violation review queue, and the fog visibility
 * nowcast with road warnings and CAP alerts. docs/traffic.md.
 */
export function createTrafficModule(
  platform: Platform,
  deps: TrafficDeps & { citizens: CitizensService },
  env: NodeJS.ProcessEnv = process.env,
) {
  const config = loadTrafficConfig(env);
  const accidents = new AccidentsService(platform, deps, deps.citizens, config);
  const violations = new ViolationsService(platform, deps);
  const fog = new FogService(platform, deps, config);
  platform.jobs.register(insurerJob(config));
  platform.jobs.register(fogJob(fog));
  return {
    config,
    accidents,
    violations,
    fog,
    /**
     * For the cameras module: puts a camera-detected violation with its
     * evidence references into the review queue (idempotent by event id).
     */
    submitCameraViolation: (v: CameraViolationInput) => violations.submitFromCamera(v),
    /** For the cameras module: each reviewer decision on a camera violation, in the reviewer's transaction. */
    onCameraViolationReviewed: (fn: CameraReviewListener) => violations.onCameraReview(fn),
    routes: (async (app) => {
      await app.register(accidentRoutes(accidents, platform.db));
      await app.register(violationRoutes(violations));
      await app.register(fogRoutes(fog));
    }) satisfies FastifyPluginAsync,
  };
}
