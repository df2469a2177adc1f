import type { FastifyPluginAsync } from 'fastify';
import type { Platform } from '../../platform/platform';
import type { CameraReviewListener } from '../traffic';
import { loadCamerasConfig } from './cameras.config';
import { cameraRoutes } from './cameras.routes';
import { CamerasService } from './cameras.service';
import type { CamerasDeps, CameraTraffic } from './deps';
import { EventsService } from './events.service';
import { ExportService } from './export.service';
import { HandoffService } from './handoff.service';
import { CameraHealthService, leaseSweepJob } from './health.service';
import { handoffJob, purgeJob } from './retention.job';
import { tokenRoutes } from './tokens.routes';
import { workerRoutes } from './worker.routes';
import { WorkersService } from './workers.service';

export { cameraDemo } from './demo-records';
export type { CamerasDeps, CameraTraffic } from './deps';
export { LEASE_SWEEP_JOB } from './health.service';
export { HANDOFF_JOB } from './retention.job';
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
  const health = new CameraHealthService(platform, deps);
  const handoff = new HandoffService(platform);
  const workers = new WorkersService(platform, deps, config, health, handoff);
  const events = new EventsService(platform);
  const exports = new ExportService(platform);
  platform.jobs.register(purgeJob(config.retentionDays));
  platform.jobs.register(leaseSweepJob(health));
  platform.jobs.register(handoffJob(handoff));
  return {
    cameras,
    workers,
    events,
    health,
    config,
    /**
     * Connects the traffic violation review queue (app.ts, once both modules
     * exist): violations with a read plate are reviewed there, and each
     * decision comes back to the event for the rule's false-alarm rate.
     */
    connectTraffic: (traffic: CameraTraffic, onReviewed: (fn: CameraReviewListener) => void) => {
      handoff.connect(traffic);
      onReviewed((tx, d) => handoff.decided(tx, d));
    },
    routes: (async (app) => {
      await app.register(cameraRoutes(platform, cameras, events, health, exports));
      await app.register(workerRoutes(workers));
      await app.register(tokenRoutes(platform));
    }) satisfies FastifyPluginAsync,
  };
}
