import type {
  AgendaView,
  CountyOverview,
  CountyStations,
  DashboardView,
  EvaluationView,
  FigureRecordsView,
  LeadershipTask,
  MyEvaluationView as MySchema,
  LeadershipSettingsView as SettingsSchema,
  WallView,
} from '@fengqiao/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { api, type Query } from '../../api/client';

/** React Query hooks for /api/leadership; writes live with the components that make them. */

export type MyEvaluationView = z.infer<typeof MySchema>;
export type LeadershipSettingsView = z.infer<typeof SettingsSchema>;
export type { AgendaView, CountyOverview, DashboardView, EvaluationView, FigureRecordsView, LeadershipTask, WallView };

export const lkeys = {
  all: ['leadership'] as const,
  dashboard: (q: Query) => ['leadership', 'dashboard', q] as const,
  records: (q: Query) => ['leadership', 'records', q] as const,
  wall: ['leadership', 'wall'] as const,
  wallOf: (station: string | undefined) => ['leadership', 'wall', station ?? 'all'] as const,
  county: (q: Query) => ['leadership', 'county', q] as const,
  countyStations: ['leadership', 'county-stations'] as const,
  agenda: (week: string | null) => ['leadership', 'agenda', week] as const,
  tasks: (q: Query) => ['leadership', 'tasks', q] as const,
  tasksAll: ['leadership', 'tasks'] as const,
  agendaAll: ['leadership', 'agenda'] as const,
  staff: ['leadership', 'staff'] as const,
  evaluation: (month: string, kind: string) => ['leadership', 'evaluation', month, kind] as const,
  mine: (month: string) => ['leadership', 'mine', month] as const,
  settings: ['leadership', 'settings'] as const,
};

export function useDashboard(q: Query) {
  return useQuery({
    queryKey: lkeys.dashboard(q),
    queryFn: ({ signal }) => api.get<DashboardView>('/api/leadership/dashboard', q, signal),
    placeholderData: keepPreviousData,
  });
}

export function useRecords(q: Query | null) {
  return useQuery({
    queryKey: lkeys.records(q ?? {}),
    queryFn: ({ signal }) => api.get<FigureRecordsView>('/api/leadership/records', q ?? {}, signal),
    enabled: q !== null,
    placeholderData: keepPreviousData,
  });
}

export function useWall(station?: string | undefined) {
  return useQuery({
    queryKey: lkeys.wallOf(station),
    queryFn: ({ signal }) => api.get<WallView>('/api/leadership/wall', station ? { station } : undefined, signal),
    // The live channel triggers refetches; this is the floor when nothing happens.
    refetchInterval: 60_000,
  });
}

export function useAgenda(week: string | null) {
  return useQuery({
    queryKey: lkeys.agenda(week),
    queryFn: ({ signal }) => api.get<AgendaView>('/api/leadership/agenda', week ? { week } : {}, signal),
    placeholderData: keepPreviousData,
  });
}

export function useTasks(q: Query) {
  return useQuery({
    queryKey: lkeys.tasks(q),
    queryFn: ({ signal }) => api.get<{ items: LeadershipTask[] }>('/api/leadership/tasks', q, signal),
  });
}

export function useStaff(enabled = true) {
  return useQuery({
    queryKey: lkeys.staff,
    queryFn: ({ signal }) =>
      api.get<{ id: string; name: string; team: string | null }[]>('/api/leadership/staff', undefined, signal),
    enabled,
    staleTime: 5 * 60_000,
  });
}

export function useEvaluation(month: string, kind: string) {
  return useQuery({
    queryKey: lkeys.evaluation(month, kind),
    queryFn: ({ signal }) => api.get<EvaluationView>(`/api/leadership/evaluations/${month}`, { kind }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useMyEvaluation(month: string) {
  return useQuery({
    queryKey: lkeys.mine(month),
    queryFn: ({ signal }) => api.get<MyEvaluationView>(`/api/leadership/evaluations/${month}/mine`, undefined, signal),
    placeholderData: keepPreviousData,
  });
}

export function useLeadershipSettings(enabled = true) {
  return useQuery({
    queryKey: lkeys.settings,
    queryFn: ({ signal }) => api.get<LeadershipSettingsView>('/api/leadership/settings', undefined, signal),
    enabled,
  });
}

/** The county's stations side by side (county users). */
export function useCountyOverview(q: Query) {
  return useQuery({
    queryKey: lkeys.county(q),
    queryFn: ({ signal }) => api.get<CountyOverview>('/api/county/overview', q, signal),
    placeholderData: keepPreviousData,
  });
}

/** The stations a county user may pick; disabled for station users. */
export function useCountyStations(enabled: boolean) {
  return useQuery({
    queryKey: lkeys.countyStations,
    queryFn: ({ signal }) => api.get<CountyStations>('/api/county/stations', undefined, signal),
    enabled,
    staleTime: 5 * 60_000,
  });
}
