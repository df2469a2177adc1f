import type { Platform } from '../../platform/platform';
import type { PersonnelService } from '../personnel';
import { gridsServedBy } from './geo.repository';
import { geoRoutes } from './geo.routes';
import { GeoService } from './geo.service';
import { GridLookupService } from './grid-lookup.service';

export {
  insertGrid,
  insertPlaces,
  insertRoads,
  insertStation,
  insertUnit,
  insertUnitMembers,
  listStations,
} from './geo.repository';
export type { GeoService, GridLookupService };

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
  };
}
