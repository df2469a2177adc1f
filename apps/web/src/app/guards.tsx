import type { Permission } from '@fengqiao/domain';
import { Spin } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { useMe } from '../api/queries';
import { ErrorAlert } from '../shared/errors';
import { ForbiddenPage } from './StatusPages';
import type { LoginLocationState } from './session';

/** Renders its children for a signed-in user; sends everyone else to the login page. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) {
    return (
      <div className="fq-center fq-fullscreen">
        <Spin size="large" />
      </div>
    );
  }
  if (me.isError) {
    return (
      <div className="fq-center fq-fullscreen">
        <div style={{ width: 420 }}>
          <ErrorAlert error={me.error} onRetry={() => void me.refetch()} />
        </div>
      </div>
    );
  }
  if (!me.data) {
    const state: LoginLocationState = { from: location.pathname + location.search };
    return <Navigate to="/login" replace state={state} />;
  }
  // An administrator-set password must be replaced before anything else works.
  if (me.data.mustChangePassword && location.pathname !== '/profile') return <Navigate to="/profile" replace />;
  return <>{children}</>;
}

export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { data } = useMe();
  if (!data?.permissions.includes(permission)) return <ForbiddenPage />;
  return <>{children}</>;
}
