import type { Queryable } from '../../platform/db/db';
import type { Platform } from '../../platform/platform';
import type { PersonnelService } from '../personnel';
import {
  getGrid,
  getUnit,
  gridsServedBy,
  listGrids,
  listPlaces,
  listUnits,
  type PlaceRow,
  unitPeople,
  unitsOfPerson,
} from './geo.repository';
import { geoRoutes } from './geo.routes';
import { GeoService } from './geo.service';
import { GridLookupService } from './grid-lookup.service';

export type { GridRow, PlaceRow, UnitRow } from './geo.repository';
export {
  insertCounty,
  insertGrid,
  insertPlaces,
  insertRoads,
  insertStation,
  insertUnit,
  insertUnitMembers,
  listStations,
} from './geo.repository';
export type { GeoService, GridLookupService };

/** Enterprises of a station (places of kind 'enterprise'), for the service hall's enterprise window. */
export function listEnterprises(q: Queryable, stationId: string): Promise<PlaceRow[]> {
  return listPlaces(q, stationId, 'enterprise');
}

/** Grids, response units, places and roads, and the point → grid lookup every module uses. */
export function createGeoModule(platform: Platform, personnel: PersonnelService) {
  const lookup = new GridLookupService(platform.db);
  const service = new GeoService(platform, personnel, lookup);
  return {
    api: service,
    lookup,
    routes: geoRoutes(service),
    /** Grids a person serves, for session jurisdiction. */
    gridsServedBy: (personId: string) => gridsServedBy(platform.db, personId),
    unitsOfPerson: (personId: string) => unitsOfPerson(platform.db, personId),
    unitsOfStation: (stationId: string, gridId?: string) => listUnits(platform.db, stationId, gridId),
    gridsOfStation: (stationId: string) => listGrids(platform.db, stationId),
    grid: (gridId: string) => getGrid(platform.db, gridId),
    unit: (unitId: string, q: Queryable = platform.db) => getUnit(q, unitId),
    /** The leader and members of a unit (who receive its orders). */
    unitPeople: (unitId: string) => unitPeople(platform.db, unitId),
  };
}
