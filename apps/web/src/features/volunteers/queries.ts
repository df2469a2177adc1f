import type {
  AlarmView,
  CertificateView,
  CourseView as CourseViewSchema,
  CoverageView as CoverageViewSchema,
  DutyDetail,
  DutyView,
  HazardDetail,
  HazardSummary,
  HoursRows as HoursRowsSchema,
  LeaderboardView as LeaderboardViewSchema,
  MyVolunteerView as MyVolunteerViewSchema,
  VolunteerNotificationView as NotificationViewSchema,
  PatrolRouteView,
  PointsLedgerView as PointsLedgerViewSchema,
  ShiftView,
  TeamDetail,
  TeamSummary,
  TrainingSessionView,
  VolunteerDetail,
  VolunteerIndicators,
  VolunteerSummary,
} from '@fengqiao/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { api, type Query } from '../../api/client';
import type { Page } from '../../api/queries';

/** React Query hooks for the volunteer API (docs/volunteers.md); writes live with the pages that make them. */

export type MyVolunteerView = z.infer<typeof MyVolunteerViewSchema>;
export type VolunteerNotification = z.infer<typeof NotificationViewSchema>;
export type PointsLedger = z.infer<typeof PointsLedgerViewSchema>;
export type Leaderboard = z.infer<typeof LeaderboardViewSchema>;
export type CoverageView = z.infer<typeof CoverageViewSchema>;
export type CourseView = z.infer<typeof CourseViewSchema>;
export type HoursRows = z.infer<typeof HoursRowsSchema>;
export type {
  AlarmView,
  CertificateView,
  DutyDetail,
  DutyView,
  HazardDetail,
  HazardSummary,
  PatrolRouteView,
  ShiftView,
  TeamDetail,
  TeamSummary,
  TrainingSessionView,
  VolunteerDetail,
  VolunteerIndicators,
  VolunteerSummary,
};

export const vkeys = {
  all: ['volunteers'] as const,
  me: ['volunteers', 'me'] as const,
  myShifts: ['volunteers', 'me', 'shifts'] as const,
  myDuties: ['volunteers', 'me', 'duties'] as const,
  myDuty: (id: string) => ['volunteers', 'me', 'duty', id] as const,
  notifications: ['volunteers', 'me', 'notifications'] as const,
  myPoints: ['volunteers', 'me', 'points'] as const,
  teamBoard: (id: string) => ['volunteers', 'me', 'leaderboard', id] as const,
  teamDuties: (id: string) => ['volunteers', 'me', 'team-duties', id] as const,
  hazards: (q: Query) => ['volunteers', 'hazards', q] as const,
  hazard: (id: string) => ['volunteers', 'hazard', id] as const,
  roster: (q: Query) => ['volunteers', 'roster', q] as const,
  volunteer: (id: string) => ['volunteers', 'volunteer', id] as const,
  teams: (q: Query) => ['volunteers', 'teams', q] as const,
  team: (id: string) => ['volunteers', 'team', id] as const,
  courses: ['volunteers', 'courses'] as const,
  trainings: (q: Query) => ['volunteers', 'trainings', q] as const,
  certificates: (q: Query) => ['volunteers', 'certificates', q] as const,
  routes: (q: Query) => ['volunteers', 'routes', q] as const,
  shifts: (q: Query) => ['volunteers', 'shifts', q] as const,
  duties: (q: Query) => ['volunteers', 'duties', q] as const,
  duty: (id: string) => ['volunteers', 'duty', id] as const,
  coverage: (q: Query) => ['volunteers', 'coverage', q] as const,
  indicators: (q: Query) => ['volunteers', 'indicators', q] as const,
  hours: (q: Query) => ['volunteers', 'hours', q] as const,
  alarms: (q: Query) => ['volunteers', 'alarms', q] as const,
};

// ---------------------------------------------------------------- the volunteer's phone

export const useMyVolunteer = () =>
  useQuery({ queryKey: vkeys.me, queryFn: () => api.get<MyVolunteerView>('/api/me/volunteer') });

export const useMyShifts = () =>
  useQuery({ queryKey: vkeys.myShifts, queryFn: () => api.get<ShiftView[]>('/api/me/volunteer/shifts') });

export const useMyDuties = (q: Query) =>
  useQuery({
    queryKey: [...vkeys.myDuties, q],
    queryFn: () => api.get<DutyView[]>('/api/me/volunteer/duties', q),
  });

export const useMyDuty = (id: string) =>
  useQuery({ queryKey: vkeys.myDuty(id), queryFn: () => api.get<DutyDetail>(`/api/me/volunteer/duties/${id}`) });

export const useMyDutyOptional = (id: string | null) =>
  useQuery({
    queryKey: vkeys.myDuty(id ?? ''),
    queryFn: () => api.get<DutyDetail>(`/api/me/volunteer/duties/${id}`),
    enabled: Boolean(id),
  });

export const useNotifications = () =>
  useQuery({
    queryKey: vkeys.notifications,
    queryFn: () => api.get<VolunteerNotification[]>('/api/me/volunteer/notifications'),
  });

export const useMyPoints = () =>
  useQuery({ queryKey: vkeys.myPoints, queryFn: () => api.get<PointsLedger>('/api/me/volunteer/points') });

export const useTeamLeaderboard = (teamId: string | null) =>
  useQuery({
    queryKey: vkeys.teamBoard(teamId ?? ''),
    queryFn: () => api.get<Leaderboard>(`/api/me/volunteer/teams/${teamId}/leaderboard`),
    enabled: Boolean(teamId),
  });

export const useTeamDuties = (teamId: string | null, q: Query) =>
  useQuery({
    queryKey: [...vkeys.teamDuties(teamId ?? ''), q],
    queryFn: () => api.get<DutyView[]>(`/api/me/volunteer/teams/${teamId}/duties`, q),
    enabled: Boolean(teamId),
  });

// ---------------------------------------------------------------- hazards (both sides)

export const useHazards = (q: Query) =>
  useQuery({
    queryKey: vkeys.hazards(q),
    queryFn: () => api.get<Page<HazardSummary>>('/api/hazards', q),
    placeholderData: keepPreviousData,
  });

export const useHazard = (id: string | null) =>
  useQuery({
    queryKey: vkeys.hazard(id ?? ''),
    queryFn: () => api.get<HazardDetail>(`/api/hazards/${id}`),
    enabled: Boolean(id),
  });

// ---------------------------------------------------------------- the station's side

export const useRoster = (q: Query) =>
  useQuery({
    queryKey: vkeys.roster(q),
    queryFn: () => api.get<Page<VolunteerSummary>>('/api/volunteers', q),
    placeholderData: keepPreviousData,
  });

export const useVolunteer = (id: string | null) =>
  useQuery({
    queryKey: vkeys.volunteer(id ?? ''),
    queryFn: () => api.get<VolunteerDetail>(`/api/volunteers/${id}`),
    enabled: Boolean(id),
  });

export const useTeams = (q: Query = {}) =>
  useQuery({ queryKey: vkeys.teams(q), queryFn: () => api.get<TeamSummary[]>('/api/volunteers/teams', q) });

export const useTeam = (id: string | null) =>
  useQuery({
    queryKey: vkeys.team(id ?? ''),
    queryFn: () => api.get<TeamDetail>(`/api/volunteers/teams/${id}`),
    enabled: Boolean(id),
  });

export const useCourses = () =>
  useQuery({ queryKey: vkeys.courses, queryFn: () => api.get<CourseView[]>('/api/volunteers/courses') });

export const useTrainings = (q: Query) =>
  useQuery({
    queryKey: vkeys.trainings(q),
    queryFn: () => api.get<TrainingSessionView[]>('/api/volunteers/trainings', q),
  });

export const useCertificates = (q: Query) =>
  useQuery({
    queryKey: vkeys.certificates(q),
    queryFn: () => api.get<CertificateView[]>('/api/volunteers/certificates', q),
  });

export const useRoutes = (q: Query) =>
  useQuery({ queryKey: vkeys.routes(q), queryFn: () => api.get<PatrolRouteView[]>('/api/patrols/routes', q) });

export const useShifts = (q: Query) =>
  useQuery({
    queryKey: vkeys.shifts(q),
    queryFn: () => api.get<ShiftView[]>('/api/patrols/shifts', q),
    placeholderData: keepPreviousData,
  });

export const useDuties = (q: Query) =>
  useQuery({
    queryKey: vkeys.duties(q),
    queryFn: () => api.get<DutyView[]>('/api/patrols/duties', q),
    placeholderData: keepPreviousData,
  });

export const useDuty = (id: string | null) =>
  useQuery({
    queryKey: vkeys.duty(id ?? ''),
    queryFn: () => api.get<DutyDetail>(`/api/patrols/duties/${id}`),
    enabled: Boolean(id),
  });

export const useCoverage = (q: Query) =>
  useQuery({ queryKey: vkeys.coverage(q), queryFn: () => api.get<CoverageView>('/api/patrols/coverage', q) });

export const useIndicators = (q: Query) =>
  useQuery({
    queryKey: vkeys.indicators(q),
    queryFn: () => api.get<VolunteerIndicators>('/api/volunteers/indicators', q),
    placeholderData: keepPreviousData,
  });

export const useHoursRows = (q: Query) =>
  useQuery({
    queryKey: vkeys.hours(q),
    queryFn: () => api.get<HoursRows>('/api/volunteers/indicators/hours', q),
    placeholderData: keepPreviousData,
  });

export const useAlarms = (q: Query) =>
  useQuery({ queryKey: vkeys.alarms(q), queryFn: () => api.get<AlarmView[]>('/api/volunteers/alarms', q) });
