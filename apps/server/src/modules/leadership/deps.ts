import type { PersonRef } from '@fengqiao/contracts';
import type { Queryable } from '../../platform/db/db';

export interface LeadershipGrid {
  id: string;
  code: string;
  name: string;
  officerPersonId: string | null;
  centroid: [number, number];
  geometry: unknown;
}

export interface LeadershipStaff {
  id: string;
  name: string;
  team: string | null;
  kind: string;
  badge_no: string | null;
}

/** What the leadership module needs from personnel and geo, wired in app.ts. */
export interface LeadershipDeps {
  staff: (stationId: string) => Promise<LeadershipStaff[]>;
  grids: (stationId: string) => Promise<LeadershipGrid[]>;
  stationName: (stationId: string) => Promise<string | null>;
  /** The stations of a county, by code. */
  countyStations: (countyId: string) => Promise<{ id: string; code: string; name: string; nameEn: string | null }[]>;
  refs: (ids: string[], q?: Queryable) => Promise<Map<string, PersonRef>>;
}
