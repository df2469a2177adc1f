import type { GridLookupService } from '../geo';
import type { IntakeService } from '../incidents';

/** What the cameras module takes from the others, wired in app.ts through their index.ts. */
export interface CamerasDeps {
  lookup: GridLookupService;
  gridCodes: (stationId: string) => Promise<Map<string, string>>;
  /** The command room's intake: camera alerts become incidents there (source 'camera'). */
  intake: IntakeService;
}
