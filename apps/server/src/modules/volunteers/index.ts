import { chinaDay } from '@fengqiao/domain';
import type { FastifyPluginAsync } from 'fastify';
import type { Platform } from '../../platform/platform';
import { AlarmsService } from './alarms.service';
import type { VolunteersDeps } from './deps';
import { DutyService } from './duty.service';
import { hazardRoutes } from './hazards.routes';
import { HazardsService } from './hazards.service';
import { IndicatorsService } from './indicators.service';
import { meRoutes } from './me.routes';
import { VolunteerLive } from './notify';
import { patrolRoutes } from './patrols.routes';
import { PatrolsService } from './patrols.service';
import { PointsService } from './points.service';
import { Requests } from './requests';
import { purgeRequests } from './requests.repository';
import { rosterRoutes } from './roster.routes';
import { RosterService } from './roster.service';
import { TeamsService } from './teams.service';
import { VolunteerTimers } from './timers';
import { TrainingService } from './training.service';

export type { GridInfo, PlaceInfo, VolunteersDeps } from './deps';
export { VOLUNTEER_FIGURE_SOURCES } from './figures.repository';
export * from './history.repository';
export {
  CERT_EXPIRY_JOB,
  certReminderAt,
  DUTY_CLOSE_JOB,
  HAZARD_OVERDUE_JOB,
  STAFFING_JOB,
  staffingAt,
  timerKeys,
} from './timers';
export { VOLUNTEER_RETENTION } from './volunteers.retention';

/** Client ids of the offline queue are kept this long. */
const REQUEST_RETENTION_DAYS = 30;

/**
 * Volunteer police and joint defence (义警): roster and vetting, teams
 * (patrol teams, merchants' ten-household groups, school guard posts),
 * training and certificates, patrol shifts with proof of presence and
 * hours computed from it, merchant one-tap alarms into the command room,
 * hazards to rectification, recognition points, indicators.
 */
export function createVolunteersModule(platform: Platform, deps: VolunteersDeps) {
  const live = new VolunteerLive(platform);
  const requests = new Requests(platform);
  const timers = new VolunteerTimers(platform);
  const points = new PointsService(platform);
  const roster = new RosterService(platform, deps, points, live);
  const teams = new TeamsService(platform, deps, live);
  const training = new TrainingService(platform, points, timers, live);
  const duty = new DutyService(platform, deps, requests, points, timers, live);
  const patrols = new PatrolsService(platform, deps, teams, points, timers, live);
  const hazards = new HazardsService(platform, deps, requests, points, timers, live);
  const alarms = new AlarmsService(platform, deps, duty, live);
  const indicators = new IndicatorsService(platform, deps);
  for (const job of VolunteerTimers.jobs({
    staffing: (p, { tx, now }) => duty.onStaffingCheck(tx, p.shiftId, now),
    dutyClose: (p, { tx, now }) => duty.onDutyClose(tx, p.dutyId, now),
    hazardOverdue: (p, { tx, now }) => hazards.onOverdue(tx, p.hazardId, now),
    certExpiry: (p, { tx }) => training.onExpiryReminder(tx, p.certificateId),
    purge: async ({ tx, now }) => {
      await purgeRequests(tx, new Date(now.getTime() - REQUEST_RETENTION_DAYS * 86_400_000));
    },
  }))
    platform.jobs.register(job);
  const today = () => chinaDay(platform.clock.now());
  return {
    roster,
    teams,
    training,
    duty,
    patrols,
    hazards,
    alarms,
    indicators,
    points,
    routes: (async (app) => {
      await app.register(rosterRoutes({ roster, teams, training, points, indicators, alarms, today }));
      await app.register(patrolRoutes(patrols));
      await app.register(meRoutes({ duty, alarms }));
      await app.register(hazardRoutes(hazards));
    }) satisfies FastifyPluginAsync,
  };
}
