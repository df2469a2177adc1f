import type { FastifyPluginAsync } from 'fastify';
import type { Platform } from '../../platform/platform';
import { loadCamerasConfig } from './cameras.config';
import { cameraRoutes } from './cameras.routes';
import { CamerasService } from './cameras.service';
import type { CamerasDeps } from './deps';
import { EventsService } from './events.service';
import { purgeJob } from './retention.job';
import { tokenRoutes } from './tokens.routes';
import { workerRoutes } from './worker.routes';
import { WorkersService } from './workers.service';

export type { CamerasDeps } from './deps';
export { TEMPLATES as CAMERA_RULE_TEMPLATES } from './templates';

/**
 * The AI camera network's server side: the camera registry and rule editor,
 * the worker protocol (leases, heartbeats, events with evidence) and the
 * violation review queue. The vision workers themselves run as separate
 * processes (apps/vision).
 */
export function createCamerasModule(platform: Platform, deps: CamerasDeps, env: NodeJS.ProcessEnv = process.env) {
  const config = loadCamerasConfig(env);
  const cameras = new CamerasService(platform, deps);
  const workers = new WorkersService(platform, deps, config);
  const events = new EventsService(platform);
  platform.jobs.register(purgeJob(config.retentionDays));
  return {
    cameras,
    workers,
    events,
    config,
    routes: (async (app) => {
      await app.register(cameraRoutes(platform, cameras, events));
      await app.register(workerRoutes(workers));
      await app.register(tokenRoutes(platform));
    }) satisfies FastifyPluginAsync,
  };
}
