import { CITIZEN_RETENTION } from './modules/citizens';
import { HALL_RETENTION } from './modules/hall';
import { IDENTITY_RETENTION } from './modules/identity';
import { INCIDENT_RETENTION } from './modules/incidents';
import { MEDIATION_RETENTION } from './modules/mediation';
import { TRAFFIC_RETENTION } from './modules/traffic';
import { VOLUNTEER_RETENTION } from './modules/volunteers';
import type { Platform } from './platform/platform';
import { createRetention } from './platform/retention';

/**
 * Collects every module's retention policies into the one registry and
 * sweep (docs/privacy-retention.md). The camera evidence purge runs as the
 * cameras module's own job; it is listed here so the administrators see
 * every period in one place.
 */
export function createAppRetention(platform: Platform, cameras: { config: { retentionDays: number } }) {
  return createRetention(
    platform,
    [
      INCIDENT_RETENTION,
      MEDIATION_RETENTION,
      HALL_RETENTION,
      CITIZEN_RETENTION,
      VOLUNTEER_RETENTION,
      TRAFFIC_RETENTION,
      IDENTITY_RETENTION,
    ],
    [
      {
        id: 'cameras.evidence',
        module: 'cameras',
        env: 'FENGQIAO_EVIDENCE_RETENTION_DAYS',
        days: cameras.config.retentionDays,
        from: 'the camera event',
        anonymises: 'evidence frames, clips and plate close-ups (files deleted)',
        keeps: 'the event itself; evidence of confirmed violations (case evidence, kept with the case)',
        job: 'cameras.evidence-purge',
      },
    ],
  );
}
