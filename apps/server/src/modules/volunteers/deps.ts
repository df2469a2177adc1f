import type { Ctx } from '../../platform/platform';
import type { GridLookupService } from '../geo';
import type { IntakeService } from '../incidents';
import type { PersonnelService } from '../personnel';

/** A place (school, business district, community …) as this module needs it. */
export interface PlaceInfo {
  id: string;
  kind: string;
  name: string;
  gridId: string | null;
  point: [number, number];
  polygon: unknown;
  attributes: Record<string, unknown>;
}

export interface GridInfo {
  id: string;
  code: string;
  name: string;
  officerPersonId: string | null;
}

/** What the volunteers module takes from the others, wired in app.ts through their index.ts. */
export interface VolunteersDeps {
  personnel: PersonnelService;
  lookup: GridLookupService;
  grids: (stationId: string) => Promise<GridInfo[]>;
  /** The station's places of a kind (all kinds when omitted), as the caller may see them. */
  places: (ctx: Ctx, kind?: string) => Promise<PlaceInfo[]>;
  unitsOfPerson: (personId: string) => Promise<string[]>;
  unit: (unitId: string) => Promise<{ id: string; code: string; name: string } | null>;
  /** The command room's intake (merchant alarms create incidents there). */
  intake: IntakeService;
}
