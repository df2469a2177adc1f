import type { FastifyPluginAsync } from 'fastify';
import type { Queryable } from '../../platform/db/db';
import type { Platform } from '../../platform/platform';
import { type GridLookupService, type GridRow, listStations, type UnitRow } from '../geo';
import type { PersonnelService } from '../personnel';
import { analysisRoutes } from './analysis.routes';
import { AnalysisService } from './analysis.service';
import { BoardService } from './board.service';
import { configRoutes } from './config.routes';
import { ConfigService } from './config.service';
import { deadlineJob } from './deadline.job';
import { DispatchService } from './dispatch.service';
import type { Worker } from './incidents.policy';
import { incidentRoutes } from './incidents.routes';
import { IncidentsService } from './incidents.service';
import { IncidentsConfig } from './incidents-config.service';
import { IntakeService } from './intake.service';
import { jurisdictionRoutes } from './jurisdiction.routes';
import { LiveEvents } from './live-events';
import { open311Routes } from './open311.routes';
import { RoutingService } from './routing.service';
import { WarningsService } from './warnings.service';

export { type IncidentPoint, incidentNumbers, incidentPointsInGrids } from './area.repository';
export { INCIDENT_FIGURE_SOURCES } from './figures.repository';
export {
  advanceNumberSequence,
  type HistoryEvent,
  type HistoryIncident,
  type HistoryOrder,
  insertEventHistory,
  insertIncidentHistory,
  insertOrderHistory,
  rebuildRollups,
  setNextDeadlines,
} from './history.repository';
export { linkIncidentsToDisputes } from './incidents.repository';
export { INCIDENT_RETENTION } from './incidents.retention';
export type { Reporter } from './intake.service';
export type { IntakeService };

export interface IncidentsDeps {
  personnel: PersonnelService;
  lookup: GridLookupService;
  unitsOfStation: (stationId: string, gridId?: string) => Promise<UnitRow[]>;
  unitsOfPerson: (personId: string) => Promise<string[]>;
  gridCodes: (stationId: string) => Promise<Map<string, string>>;
  unit: (unitId: string, q?: Queryable) => Promise<{ id: string; code: string; name: string; grid_id: string } | null>;
  gridKind: (gridId: string) => Promise<string | null>;
  unitPeople: (unitId: string) => Promise<string[]>;
  stations: () => Promise<{ id: string; code: string }[]>;
  /** The station's grids, for the public outline on the residents' report map. */
  gridsOfStation: (stationId: string) => Promise<GridRow[]>;
}

/** The command room: intake from every source, routing, dispatch with deadlines, live board, alerts, Open311. */
export function createIncidentsModule(platform: Platform, deps: IncidentsDeps) {
  const config = new IncidentsConfig(platform);
  const live = new LiveEvents(platform, deps.unitPeople);
  const workerOf = async (personId: string | null): Promise<Worker> => {
    if (!personId) return { personId: null, unitIds: [], team: null };
    const [unitIds, team] = await Promise.all([deps.unitsOfPerson(personId), deps.personnel.teamOf(personId)]);
    return { personId, unitIds, team };
  };
  const unitById = async (unitId: string, q?: Queryable) => {
    const u = await deps.unit(unitId, q);
    return u ? { id: u.id, code: u.code, name: u.name } : null;
  };
  const routing = new RoutingService(deps.lookup, deps.personnel, (stationId, gridId) =>
    deps.unitsOfStation(stationId, gridId),
  );
  const dispatch = new DispatchService(
    platform,
    config,
    deps.personnel,
    workerOf,
    async (id, q) => (await unitById(id, q))?.name ?? '',
    deps.gridKind,
    live,
  );
  const warnings = new WarningsService(live);
  const intake = new IntakeService(platform, config, routing, dispatch, warnings, live);
  const incidents = new IncidentsService(platform, dispatch, deps.personnel, workerOf, unitById, live);
  const board = new BoardService(
    platform,
    deps.personnel,
    (stationId) => deps.unitsOfStation(stationId),
    deps.gridCodes,
  );
  platform.jobs.register(deadlineJob(dispatch));
  const analysis = new AnalysisService(platform, config, deps.gridCodes);
  const configuration = new ConfigService(platform, config);
  return {
    intake,
    incidents,
    dispatch,
    config,
    routes: incidentRoutes({ intake, incidents, dispatch, board, config }),
    /** Open311 and the public jurisdiction outline for residents' reports. */
    open311: (async (app) => {
      await app.register(open311Routes({ intake, config, platform, stations: deps.stations }));
      await app.register(
        jurisdictionRoutes({ platform, stations: () => listStations(platform.db), grids: deps.gridsOfStation }),
      );
    }) satisfies FastifyPluginAsync,
    analysis,
    configuration,
    /** `/api/analysis/*` and `/api/incidents/config/*`. */
    analysisRoutes: (async (app) => {
      await app.register(analysisRoutes(analysis));
      await app.register(configRoutes(configuration));
    }) satisfies FastifyPluginAsync,
  };
}
