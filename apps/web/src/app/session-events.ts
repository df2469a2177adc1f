import type { Me } from '@fengqiao/contracts';
import type { QueryClient } from '@tanstack/react-query';
import { onSessionProblem } from '../api/client';
import { closeLive, onLiveSessionEnded } from '../api/live';
import { keys } from '../api/queries';
import { announceLoginReason, type LoginLocationState } from './session';

interface Navigator {
  navigate: (to: string, opts?: { replace?: boolean; state?: LoginLocationState }) => unknown;
  state: { location: { pathname: string; search: string } };
}

/**
 * Any 401 outside sign-in means the server ended the session (idle, expiry,
 * logout elsewhere, lock): forget the session's data and send the user to
 * the login page with "会话已过期，请重新登录". A 401 asking for the second
 * factor goes to the login page's code step instead.
 */
export function installSessionEvents(router: Navigator, qc: QueryClient): void {
  const toLogin = (reason: LoginLocationState['reason']) => {
    const { pathname, search } = router.state.location;
    if (pathname === '/login') return;
    const hadSession = qc.getQueryData<Me | null>(keys.me) != null;
    if (hadSession || reason === 'mfa') announceLoginReason(reason ?? 'expired');
    void router.navigate('/login', {
      replace: true,
      state: { ...(hadSession || reason === 'mfa' ? { reason } : {}), from: pathname + search },
    });
    closeLive();
    qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'config' && q.queryKey[0] !== 'me' });
    if (reason !== 'mfa') qc.setQueryData(keys.me, null);
  };
  onSessionProblem((problem) => toLogin(problem === 'mfa_required' ? 'mfa' : 'expired'));
  // Whatever the reason (idle, expiry, sign-out in another tab), this tab's session is gone too.
  onLiveSessionEnded(() => toLogin('expired'));
}
