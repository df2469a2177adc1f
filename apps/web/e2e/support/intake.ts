import type { IntakeSettingsBody } from '@fengqiao/contracts';
import type { ApiSession } from './api';

/** A point inside grid G01 (建设路社区), whose community officer is the demo account `officer`. */
export const G01: [number, number] = [116.681018, 39.058953];

/**
 * Switches near-duplicate linking off for a test file and returns the undo.
 * The demo town's history runs up to now, so a test call could be linked to
 * a generated one, and a duplicate is not dispatched.
 */
export async function nearDuplicatesOff(leader: ApiSession): Promise<() => Promise<void>> {
  const before = await leader.get<IntakeSettingsBody>('/api/incidents/config/intake');
  await leader.send('PUT', '/api/incidents/config/intake', { ...before, duplicateWindowMinutes: 0 });
  return async () => {
    await leader.send('PUT', '/api/incidents/config/intake', before);
  };
}
