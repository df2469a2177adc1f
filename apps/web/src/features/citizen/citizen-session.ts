import type { CitizenView } from '@fengqiao/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { open } from '../hall/hall-api';

export const citizenKeys = {
  me: ['citizen', 'me'] as const,
  appointments: ['citizen', 'appointments'] as const,
  appointment: (id: string) => ['citizen', 'appointments', id] as const,
  applications: ['citizen', 'applications'] as const,
  application: (id: string) => ['citizen', 'applications', id] as const,
  suggestions: ['citizen', 'suggestions'] as const,
  homeVisits: ['citizen', 'home-visits'] as const,
};

/** The signed-in resident, or null (a guest, or a session that ended): asked of a public route, so no 401. */
export function useCitizen() {
  return useQuery({
    queryKey: citizenKeys.me,
    queryFn: async () => (await open<{ citizen: CitizenView | null }>('/api/citizen/session')).citizen,
    staleTime: 60_000,
  });
}

/** Forgets everything cached for the resident (after sign-in, sign-out or a 401). */
export function useResetCitizen() {
  const qc = useQueryClient();
  return () => qc.removeQueries({ queryKey: ['citizen'] });
}
