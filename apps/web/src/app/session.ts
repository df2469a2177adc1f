import type { Me } from '@fengqiao/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api, beginSignOut } from '../api/client';
import { closeLive, live } from '../api/live';
import { keys, useMe } from '../api/queries';

/** Why the login page was opened; it shows a matching notice. */
export type LoginReason = 'expired' | 'loggedOut' | 'mfa';

export interface LoginLocationState {
  reason?: LoginReason;
  from?: string;
}

let pendingReason: LoginReason | null = null;

/**
 * Leaves a notice for the login page. Signing out clears the user, and the
 * route guard may reach the login page before our own navigation does, so
 * the notice cannot travel in the location state alone.
 */
export function announceLoginReason(reason: LoginReason): void {
  pendingReason = reason;
}

/** Reads the notice without consuming it: a render may be thrown away and run again. */
export function peekLoginReason(): LoginReason | null {
  return pendingReason;
}

/** Called once the login page has mounted with the notice. */
export function clearLoginReason(): void {
  pendingReason = null;
}

/** The signed-in user; only call below the RequireAuth guard. */
export function useCurrentUser(): Me {
  const { data } = useMe();
  if (!data) throw new Error('useCurrentUser outside an authenticated route');
  return data;
}

export function useHasPermission(): (p: string) => boolean {
  const { data } = useMe();
  return useCallback((p: string) => data?.permissions.includes(p) ?? false, [data]);
}

/** Signs in as `me` in the cache and (re)opens the live channel. */
export function useSignedIn(): (me: Me) => void {
  const qc = useQueryClient();
  return useCallback(
    (me: Me) => {
      qc.setQueryData(keys.me, me);
      live.start();
    },
    [qc],
  );
}

/** Cached data that belongs to the session (everything but the public config and the user). */
const isSessionData = (q: { queryKey: readonly unknown[] }) => q.queryKey[0] !== 'config' && q.queryKey[0] !== 'me';

/** Forgets everything of the session: live channel, cached data, the user. */
export function useForgetSession(): () => void {
  const qc = useQueryClient();
  return useCallback(() => {
    closeLive();
    void qc.cancelQueries({ predicate: isSessionData });
    qc.removeQueries({ predicate: isSessionData });
    qc.setQueryData(keys.me, null);
  }, [qc]);
}

export function useLogout(): () => Promise<void> {
  const qc = useQueryClient();
  const forget = useForgetSession();
  return useCallback(async () => {
    // Stop the live channel and the session's requests before the server ends the session: a page
    // still on screen (the next route may be loading) would otherwise refetch or reconnect and get 401s.
    beginSignOut();
    closeLive();
    void qc.cancelQueries({ predicate: isSessionData });
    try {
      await api.post('/api/auth/logout');
    } catch {
      // The session may already be gone; signing out locally is what matters.
    }
    forget();
  }, [qc, forget]);
}
