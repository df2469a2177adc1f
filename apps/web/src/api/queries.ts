import type {
  AlertView,
  AuditEntryView,
  BoardView,
  CategoryConfigView,
  CategoryView,
  CreateIncidentResponse,
  DeadlinesBody,
  GridDetail,
  HeatmapView,
  IncidentDetail,
  IntakeSettingsBody,
  Me,
  OrderView,
  PersonView,
  PlaceView,
  PriorityRuleView,
  PublicConfig,
  RepeatsView,
  SessionState,
  SummaryView,
  TownMap,
  TrendsView,
  UserView,
  WarningRuleView,
} from '@fengqiao/contracts';
import { keepPreviousData, QueryClient, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
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
  board: ['board'] as const,
  incident: (id: string) => ['incident', id] as const,
  categories: ['categories'] as const,
  ordersMine: ['orders', 'mine'] as const,
  alerts: (status: string | undefined) => ['alerts', status ?? 'all'] as const,
  analysis: (view: string, q: Query) => ['analysis', view, q] as const,
  commandConfig: (part: string) => ['command-config', part] as const,
  open311Services: (locale: string) => ['open311', 'services', locale] as const,
  open311Request: (id: string, locale: string) => ['open311', 'request', id, locale] as const,
};

export type PriorityRule = z.infer<typeof PriorityRuleView>;
export type CreateIncidentResult = z.infer<typeof CreateIncidentResponse>;
export type WarningRule = z.infer<typeof WarningRuleView>;

/** One public service (category) of the Open311 GeoReport v2 endpoint. */
export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  group: string;
}

/** A resident's report as Open311 shows it: status and public notes, no personal data. */
export interface Open311Request {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string;
  service_name: string;
  service_code: string;
  requested_datetime: string;
  updated_datetime: string;
  agency_responsible: string;
  address: string | null;
  lat: number | null;
  long: number | null;
}

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

export function useTownMap(enabled = true) {
  return useQuery({
    queryKey: keys.map,
    queryFn: () => api.get<TownMap>('/api/map'),
    staleTime: 5 * 60_000,
    enabled,
  });
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

// ------------------------------------------------------------ command room

/** The command room's board: queues, open alerts, counts, units' and officers' states. */
export function useBoard() {
  return useQuery({ queryKey: keys.board, queryFn: () => api.get<BoardView>('/api/board'), staleTime: 0 });
}

export function useIncident(id: string | null) {
  return useQuery({
    queryKey: keys.incident(id ?? ''),
    queryFn: () => api.get<IncidentDetail>(`/api/incidents/${encodeURIComponent(id ?? '')}`),
    enabled: id !== null,
    staleTime: 0,
  });
}

/** The intake categories (active and inactive) as the call-taking form offers them. */
export function useCategories(enabled = true) {
  return useQuery({
    queryKey: keys.categories,
    queryFn: () => api.get<CategoryView[]>('/api/incidents/categories'),
    staleTime: 5 * 60_000,
    enabled,
  });
}

/** Every place of the station (villages, streets, schools, enterprises): the call-taker's gazetteer. */
export function useAllPlaces(enabled = true) {
  return useQuery({
    queryKey: keys.places({ all: true }),
    queryFn: () => api.get<PlaceView[]>('/api/places'),
    staleTime: 10 * 60_000,
    enabled,
  });
}

export function useMyOrders() {
  return useQuery({
    queryKey: keys.ordersMine,
    queryFn: () => api.get<OrderView[]>('/api/orders/mine'),
    staleTime: 0,
  });
}

export function useAlerts(status?: 'open' | 'acknowledged' | 'closed') {
  return useQuery({
    queryKey: keys.alerts(status),
    queryFn: () => api.get<AlertView[]>('/api/alerts', status ? { status } : undefined),
    staleTime: 0,
  });
}

// ---------------------------------------------------------------- analysis

export function useHeatmap(q: Query) {
  return useQuery({
    queryKey: keys.analysis('heatmap', q),
    queryFn: () => api.get<HeatmapView>('/api/analysis/heatmap', q),
    placeholderData: keepPreviousData,
  });
}

export function useTrends(q: Query) {
  return useQuery({
    queryKey: keys.analysis('trends', q),
    queryFn: () => api.get<TrendsView>('/api/analysis/trends', q),
    placeholderData: keepPreviousData,
  });
}

export function useRepeats(q: Query) {
  return useQuery({
    queryKey: keys.analysis('repeats', q),
    queryFn: () => api.get<RepeatsView>('/api/analysis/repeats', q),
    placeholderData: keepPreviousData,
  });
}

export function useSummary(q: Query) {
  return useQuery({
    queryKey: keys.analysis('summary', q),
    queryFn: () => api.get<SummaryView>('/api/analysis/summary', q),
    placeholderData: keepPreviousData,
  });
}

// ----------------------------------------------------------- configuration

export function usePriorityRules() {
  return useQuery({
    queryKey: keys.commandConfig('priority-rules'),
    queryFn: () => api.get<PriorityRule[]>('/api/incidents/config/priority-rules'),
  });
}

export function useWarningRules() {
  return useQuery({
    queryKey: keys.commandConfig('warning-rules'),
    queryFn: () => api.get<WarningRule[]>('/api/incidents/config/warning-rules'),
  });
}

export function useCategoryConfig() {
  return useQuery({
    queryKey: keys.commandConfig('categories'),
    queryFn: () => api.get<CategoryConfigView[]>('/api/incidents/config/categories'),
  });
}

export function useDeadlines() {
  return useQuery({
    queryKey: keys.commandConfig('deadlines'),
    queryFn: () => api.get<DeadlinesBody>('/api/incidents/config/deadlines'),
  });
}

export function useIntakeSettings() {
  return useQuery({
    queryKey: keys.commandConfig('intake'),
    queryFn: () => api.get<IntakeSettingsBody>('/api/incidents/config/intake'),
  });
}

// ------------------------------------------------------ residents (public)

export function useOpen311Services(locale: string) {
  return useQuery({
    queryKey: keys.open311Services(locale),
    queryFn: () => api.get<Open311Service[]>('/open311/v2/services.json', { locale }),
    staleTime: 10 * 60_000,
  });
}

export function useOpen311Request(id: string, locale: string) {
  return useQuery({
    queryKey: keys.open311Request(id, locale),
    queryFn: async () => {
      const list = await api.get<Open311Request[]>(`/open311/v2/requests/${encodeURIComponent(id)}.json`, { locale });
      const first = list[0];
      if (!first) throw new ApiRequestError(404, 'not_found', 'no such request');
      return first;
    },
    refetchInterval: 30_000,
    staleTime: 0,
  });
}
