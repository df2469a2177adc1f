import type { GridLookupService } from '../geo';
import type { IntakeService } from '../incidents';
import type { CameraViolationInput } from '../traffic';

/** What the cameras module takes from the others, wired in app.ts through their index.ts. */
export interface CamerasDeps {
  lookup: GridLookupService;
  gridCodes: (stationId: string) => Promise<Map<string, string>>;
  /** The command room's intake: camera alerts become incidents there (source 'camera'). */
  intake: IntakeService;
}

/** The traffic module's violation review queue, connected after both modules exist (app.ts). */
export interface CameraTraffic {
  submit: (v: CameraViolationInput) => Promise<{ violationId: string; number: string; created: boolean }>;
}
