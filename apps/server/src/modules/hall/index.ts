import type { FastifyPluginAsync } from 'fastify';
import type { Platform } from '../../platform/platform';
import type { CitizensService } from '../citizens';
import type { PersonnelService } from '../personnel';
import { ApplicationsService } from './applications.service';
import { BookingService } from './booking.service';
import { CatalogueService } from './catalogue.service';
import { citizenHallRoutes } from './citizen.routes';
import { communityRoutes } from './community.routes';
import { type EnterprisePlace, EnterpriseService } from './enterprise.service';
import type { HallServices } from './hall.services';
import { HallConfig } from './hall-config';
import { HallLive } from './hall-live';
import { HomeVisitsService } from './homevisits.service';
import { registerHallJobs } from './jobs';
import { localDay } from './local-time';
import { publicHallRoutes } from './public.routes';
import { waitingCounts } from './queue.repository';
import { QueueService } from './queue.service';
import { staffHallRoutes } from './staff.routes';
import { type StationInfo, Stations } from './stations';
import { StatsService } from './stats.service';
import { SuggestionsService } from './suggestions.service';

export { APPLICATION_OVERDUE_JOB, APPLICATION_REMIND_JOB } from './applications.service';
export { NO_SHOW_JOB, noShowKey } from './booking.service';
export { DEFAULT_RULES, slotTimes } from './booking-rules';
export { listServices as listHallServices, type ServiceRow as HallServiceRow } from './catalogue.repository';
export { visitDurations } from './durations';
export { HALL_FIGURE_SOURCES } from './figures.repository';
export { HALL_RETENTION } from './hall.retention';
export { advanceHallSequences, type HallRow, type HallTable, insertHallRows } from './history.repository';
export type { HallServices };

export interface HallDeps {
  citizens: CitizensService;
  personnel: PersonnelService;
  stations: () => Promise<StationInfo[]>;
  enterprises: (stationId: string) => Promise<EnterprisePlace[]>;
  gridAt: (lng: number, lat: number) => Promise<string | null>;
}

/**
 * The service hall (便民服务): catalogue and working-day calendar,
 * appointments, online applications, the queue with its hall display,
 * statistics, enterprise window, home visits and suggestions — for staff
 * and, through the citizen identity, for residents.
 */
export function createHallModule(platform: Platform, deps: HallDeps) {
  const config = new HallConfig(platform);
  const stations = new Stations(deps.stations);
  const live = new HallLive(platform, async (stationId) =>
    (await waitingCounts(platform.db, stationId, localDay(platform.clock.now()))).reduce((n, c) => n + c.n, 0),
  );
  const stats = new StatsService(platform, config, stations);
  const catalogue = new CatalogueService(platform, config, stations);
  const queue = new QueueService(platform, config, stations, live, stats);
  const booking = new BookingService(platform, config, stations, queue);
  const applications = new ApplicationsService(platform, config, stations, deps.citizens, live);
  const enterprise = new EnterpriseService(platform, config, stations, deps.personnel, deps.enterprises);
  const homeVisits = new HomeVisitsService(platform, config, stations, deps.personnel, deps.citizens, deps.gridAt);
  const suggestions = new SuggestionsService(platform, stations);
  registerHallJobs(platform, booking, applications);
  deps.citizens.setExtras(async (citizenId) => ({ bookingSuspendedUntil: await booking.suspendedUntil(citizenId) }));
  const services: HallServices = {
    config,
    stations,
    catalogue,
    booking,
    queue,
    applications,
    stats,
    enterprise,
    homeVisits,
    suggestions,
  };
  return {
    ...services,
    routes: (async (app) => {
      await app.register(publicHallRoutes(services, platform.bus));
      await app.register(citizenHallRoutes(services));
      await app.register(staffHallRoutes(services));
      await app.register(communityRoutes(services));
    }) satisfies FastifyPluginAsync,
  };
}
