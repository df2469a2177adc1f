import type {
  HallApplicationDetail,
  HallAppointmentView,
  HallServiceView,
  HallStatsView,
  HallWindowView,
} from '@fengqiao/contracts';
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { api, type Query, urlOf } from '../../api/client';
import { ApiRequestError, type FieldProblem, NetworkError } from '../../api/errors';

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

function fieldsOf(v: unknown): FieldProblem[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((f: unknown): FieldProblem[] => {
    if (typeof f !== 'object' || f === null) return [];
    const r = f as Record<string, unknown>;
    return typeof r.code === 'string'
      ? [{ path: String(r.path ?? ''), code: r.code, message: String(r.message ?? '') }]
      : [];
  });
}

export async function open<T>(
  path: string,
  options: { method?: string; body?: unknown; form?: FormData; query?: Query } = {},
): Promise<T> {
  const method = options.method ?? (options.body === undefined && !options.form ? 'GET' : 'POST');
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: string | FormData | undefined;
  if (options.form) body = options.form;
  else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let res: Response;
  try {
    res = await fetch(urlOf(path, options.query), { method, headers, body, credentials: 'same-origin' });
  } catch (e) {
    throw new NetworkError(e instanceof Error ? e.message : String(e));
  }
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = text;
  }
  if (!res.ok) {
    const r = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
    throw new ApiRequestError(
      res.status,
      typeof r.error === 'string' ? r.error : res.status === 429 ? 'rate_limited' : 'unknown',
      typeof r.message === 'string' ? r.message : res.statusText,
      fieldsOf(r.fields),
      typeof r.requestId === 'string' ? r.requestId : null,
      typeof r.reason === 'string' ? r.reason : null,
    );
  }
  return data as T;
}

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
