import type {
  AuditEntryView,
  GridDetail,
  Me,
  PersonView,
  PlaceView,
  PublicConfig,
  SessionState,
  TownMap,
  UserView,
} from '@fengqiao/contracts';
import { keepPreviousData, QueryClient, useQuery } from '@tanstack/react-query';
import { api, type Query } from './client';
import { ApiRequestError } from './errors';

/** React Query hooks for the server's read endpoints; writes live with the pages that make them. */

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx will not improve by asking again; a network blip might.
      retry: (count, err) => !(err instanceof ApiRequestError) && count < 2,
      refetchOnWindowFocus: false,
      staleTime: 30_000,
    },
  },
});

export const keys = {
  config: ['config'] as const,
  me: ['me'] as const,
  map: ['map'] as const,
  grid: (id: string) => ['grid', id] as const,
  places: (q: Query) => ['places', q] as const,
  persons: (q: Query) => ['persons', q] as const,
  officers: ['persons', 'officers'] as const,
  users: (q: Query) => ['users', q] as const,
  audit: (q: Query) => ['audit', q] as const,
};

export function useConfig() {
  return useQuery({
    queryKey: keys.config,
    queryFn: () => api.get<PublicConfig>('/api/config'),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/**
 * The session's user (also while the second factor is still due), or null
 * without a session. Asks /api/auth/session, which answers 200 either way,
 * so a visitor's first page load logs no failed request.
 */
export async function fetchMe(): Promise<Me | null> {
  const s = await api.get<SessionState>('/api/auth/session');
  return s.me;
}

export function useMe() {
  return useQuery({ queryKey: keys.me, queryFn: fetchMe, staleTime: Number.POSITIVE_INFINITY });
}

export function useTownMap() {
  return useQuery({ queryKey: keys.map, queryFn: () => api.get<TownMap>('/api/map'), staleTime: 5 * 60_000 });
}

export function useGridDetail(id: string | null) {
  return useQuery({
    queryKey: keys.grid(id ?? ''),
    queryFn: () => api.get<GridDetail>(`/api/grids/${encodeURIComponent(id ?? '')}`),
    enabled: id !== null,
  });
}

export function usePlaces(q: Query) {
  return useQuery({ queryKey: keys.places(q), queryFn: () => api.get<PlaceView[]>('/api/places', q) });
}

export function usePersons(q: Query) {
  return useQuery({
    queryKey: keys.persons(q),
    queryFn: () => api.get<Page<PersonView>>('/api/persons', q),
    placeholderData: keepPreviousData,
  });
}

/** Every police officer of the station, for choosing a grid officer. */
export function useOfficers(enabled = true) {
  return useQuery({
    queryKey: keys.officers,
    queryFn: () => api.get<Page<PersonView>>('/api/persons', { kind: 'officer', pageSize: 200 }),
    enabled,
  });
}

export function useUsers(q: Query) {
  return useQuery({
    queryKey: keys.users(q),
    queryFn: () => api.get<Page<UserView>>('/api/users', q),
    placeholderData: keepPreviousData,
  });
}

export function useAudit(q: Query) {
  return useQuery({
    queryKey: keys.audit(q),
    queryFn: () => api.get<Page<AuditEntryView>>('/api/audit', q),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
}
