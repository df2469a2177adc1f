import type { Platform } from '../../platform/platform';
import { personnelRoutes } from './personnel.routes';
import { PersonnelService } from './personnel.service';

export type { NewPerson } from './personnel.repository';
export { assignPersonGrids, insertPersons } from './personnel.repository';
export type { PersonnelService };

/** People the station works with; other modules use `api` for references and jurisdiction. */
export function createPersonnelModule(platform: Platform) {
  const service = new PersonnelService(platform);
  return { api: service, routes: personnelRoutes(service) };
}
