import type { CameraSummary } from '@fengqiao/contracts';

/** Ant Design tag colours of camera states. */
export const STATUS_COLOR: Record<CameraSummary['status'], string> = {
  online: 'green',
  offline: 'red',
  unknown: 'default',
  disabled: 'default',
};

export const pct = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : `${Math.round(v * 1000) / 10}%`;

/** China time of an ISO instant, as officers read it (yyyy-mm-dd hh:mm:ss). */
export function chinaTime(iso: string): string {
  return new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().replace('T', ' ').slice(0, 19);
}
