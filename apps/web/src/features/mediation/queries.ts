import type {
  AgreementView,
  DisputeDetail,
  DisputeFilter,
  DisputeSummary,
  ExportView as ExportViewSchema,
  FollowupView,
  IndicatorsView,
  MediationConfigView,
  MediatorView,
  MeetingView,
  NotificationView as NotificationViewSchema,
  SavedView as SavedViewSchema,
  SessionView,
  SuggestionsView as SuggestionsViewSchema,
} from '@fengqiao/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { api, type Query } from '../../api/client';
import type { Page } from '../../api/queries';

/** React Query hooks for /api/mediation; writes live with the components that make them. */

export type SuggestionsView = z.infer<typeof SuggestionsViewSchema>;
export type SavedView = z.infer<typeof SavedViewSchema>;
export type NotificationView = z.infer<typeof NotificationViewSchema>;
export type ExportView = z.infer<typeof ExportViewSchema>;
export type {
  AgreementView,
  DisputeDetail,
  DisputeSummary,
  FollowupView,
  IndicatorsView,
  MediatorView,
  MeetingView,
  SessionView,
};

export const mkeys = {
  all: ['mediation'] as const,
  config: ['mediation', 'config'] as const,
  disputes: (q: Query) => ['mediation', 'disputes', q] as const,
  disputesAll: ['mediation', 'disputes'] as const,
  dispute: (id: string) => ['mediation', 'dispute', id] as const,
  suggestions: (id: string) => ['mediation', 'suggestions', id] as const,
  mediators: (q: Query) => ['mediation', 'mediators', q] as const,
  mediatorsAll: ['mediation', 'mediators'] as const,
  meetings: ['mediation', 'meetings'] as const,
  meeting: (id: string) => ['mediation', 'meeting', id] as const,
  views: ['mediation', 'views'] as const,
  notifications: ['mediation', 'notifications'] as const,
  sessions: ['mediation', 'sessions'] as const,
  followups: (status: string) => ['mediation', 'followups', status] as const,
  indicators: (q: Query) => ['mediation', 'indicators', q] as const,
  exportJob: (id: string) => ['mediation', 'export', id] as const,
};

/** The ledger's query parameters for a filter (the server's list query). */
export function ledgerQuery(filter: DisputeFilter, extra: Query = {}): Query {
  return { ...filter, ...extra };
}

export function useMediationConfig() {
  return useQuery({
    queryKey: mkeys.config,
    queryFn: () => api.get<MediationConfigView>('/api/mediation/config'),
    staleTime: 5 * 60_000,
  });
}

export function useDisputes(q: Query, enabled = true) {
  return useQuery({
    queryKey: mkeys.disputes(q),
    queryFn: () => api.get<Page<DisputeSummary>>('/api/mediation/disputes', q),
    placeholderData: keepPreviousData,
    staleTime: 0,
    enabled,
  });
}

export function useDispute(id: string | undefined) {
  return useQuery({
    queryKey: mkeys.dispute(id ?? ''),
    queryFn: () => api.get<DisputeDetail>(`/api/mediation/disputes/${encodeURIComponent(id ?? '')}`),
    enabled: Boolean(id),
    staleTime: 0,
  });
}

export function useSuggestions(id: string, enabled: boolean) {
  return useQuery({
    queryKey: mkeys.suggestions(id),
    queryFn: () =>
      api.get<SuggestionsView>(`/api/mediation/disputes/${encodeURIComponent(id)}/suggestions`, { limit: 8 }),
    enabled,
    staleTime: 0,
  });
}

export function useMediators(q: Query = {}) {
  return useQuery({
    queryKey: mkeys.mediators(q),
    queryFn: () => api.get<MediatorView[]>('/api/mediation/mediators', q),
    placeholderData: keepPreviousData,
  });
}

export function useMeetings() {
  return useQuery({
    queryKey: mkeys.meetings,
    queryFn: () => api.get<MeetingView[]>('/api/mediation/meetings'),
    staleTime: 0,
  });
}

export function useMeeting(id: string | undefined) {
  return useQuery({
    queryKey: mkeys.meeting(id ?? ''),
    queryFn: () => api.get<MeetingView>(`/api/mediation/meetings/${encodeURIComponent(id ?? '')}`),
    enabled: Boolean(id),
    staleTime: 0,
  });
}

export function useSavedViews() {
  return useQuery({ queryKey: mkeys.views, queryFn: () => api.get<SavedView[]>('/api/mediation/views') });
}

export function useNotifications(enabled = true) {
  return useQuery({
    queryKey: mkeys.notifications,
    queryFn: () => api.get<NotificationView[]>('/api/mediation/notifications'),
    staleTime: 0,
    enabled,
  });
}

export function useUpcomingSessions() {
  return useQuery({
    queryKey: mkeys.sessions,
    queryFn: () => api.get<SessionView[]>('/api/mediation/sessions'),
    staleTime: 0,
  });
}

export function useFollowups(status: 'pending' | 'done') {
  return useQuery({
    queryKey: mkeys.followups(status),
    queryFn: () => api.get<FollowupView[]>('/api/mediation/followups', { status }),
    staleTime: 0,
  });
}

export function useIndicators(q: Query) {
  return useQuery({
    queryKey: mkeys.indicators(q),
    queryFn: () => api.get<IndicatorsView>('/api/mediation/indicators', q),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
}

/** An export job's progress, polled while it runs. */
export function useExportJob(id: string | null) {
  return useQuery({
    queryKey: mkeys.exportJob(id ?? ''),
    queryFn: () => api.get<ExportView>(`/api/mediation/exports/${encodeURIComponent(id ?? '')}`),
    enabled: id !== null,
    staleTime: 0,
    refetchInterval: (q) => (q.state.data?.status === 'done' || q.state.data?.status === 'failed' ? false : 250),
  });
}
