import { createHash } from 'node:crypto';

/**
 * A stable event id (UUID, version 5 layout) from what identifies an event:
 * the same event sent twice — a retry, a worker restart mid-post — gets the
 * same id, and the server stores it once.
 */
export function eventId(cameraId: string, ruleId: string, trackId: number | null, t: number): string {
  const h = createHash('sha1')
    .update(`${cameraId}|${ruleId}|${trackId ?? 'area'}|${Math.round(t)}`)
    .digest();
  h[6] = ((h[6] ?? 0) & 0x0f) | 0x50;
  h[8] = ((h[8] ?? 0) & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}
