import type {
  HallApplicationDetail,
  HallAppointmentView,
  HallServiceView,
  HallStatsView,
  HallWindowView,
} from '@fengqiao/contracts';
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../../api/client';

/**
 * The hall's HTTP calls. Residents' and public screens (kiosk, display)
 * use `open`, which never triggers the staff session handler: a 401 there
 * means "sign in as a resident", not "the staff session expired".
 */

export type Service = HallServiceView;
export type Appointment = HallAppointmentView;
export type ApplicationDetail = HallApplicationDetail;
export type Window = HallWindowView;
export type Stats = z.infer<typeof HallStatsView>;

import { publicCall as open } from '../../api/public-call';

export { open };

export const hallKeys = {
  publicServices: ['hall', 'public-services'] as const,
  services: ['hall', 'services'] as const,
  windows: ['hall', 'windows'] as const,
};

/** The active catalogue as residents and the kiosk see it. */
export function usePublicServices() {
  return useQuery({
    queryKey: hallKeys.publicServices,
    queryFn: () => open<Service[]>('/api/hall/public/services'),
    staleTime: 60_000,
  });
}

/** Staff: every service, inactive ones too. */
export function useServices() {
  return useQuery({ queryKey: hallKeys.services, queryFn: () => api.get<Service[]>('/api/hall/services') });
}

export function useWindows() {
  return useQuery({ queryKey: hallKeys.windows, queryFn: () => api.get<Window[]>('/api/hall/windows') });
}

/** The name of a service, window or similar in the UI's language. */
export function nameOf(v: { nameZh: string; nameEn: string } | null | undefined, language: string): string {
  if (!v) return '—';
  return language === 'en-US' ? v.nameEn : v.nameZh;
}

/** Minutes with one decimal, or a dash. */
export function minutes(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : v.toFixed(1);
}

/** Seconds as m:ss (for one visit's waiting or handling time). */
export function mmss(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}

/** Today in China Standard Time, YYYY-MM-DD (the server's day boundary). */
export function todayCst(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** HH:MM of an instant in China Standard Time. */
export function hhmm(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(11, 16);
}

/** YYYY-MM-DD HH:MM in China Standard Time. */
export function dayTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}
