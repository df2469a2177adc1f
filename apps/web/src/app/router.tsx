import { Spin } from 'antd';
import { lazy, type ReactNode, Suspense } from 'react';
import { createBrowserRouter, Navigate } from 'react-router-dom';
import { useMe } from '../api/queries';
import { LoginPage } from '../features/auth/LoginPage';
import { RequireAuth, RequirePermission } from './guards';
import { AppLayout } from './layout/AppLayout';
import { homePath } from './nav';
import { NotFoundPage } from './StatusPages';

const MapPage = lazy(() => import('../features/map/MapPage'));
const GridEditorPage = lazy(() => import('../features/grids/GridEditorPage'));
const PeoplePage = lazy(() => import('../features/people/PeoplePage'));
const AuditPage = lazy(() => import('../features/audit/AuditPage'));
const UsersPage = lazy(() => import('../features/users/UsersPage'));
const ProfilePage = lazy(() => import('../features/auth/ProfilePage'));

function Page({ children }: { children: ReactNode }) {
  return (
    <Suspense
      fallback={
        <div className="fq-center">
          <Spin size="large" />
        </div>
      }
    >
      {children}
    </Suspense>
  );
}

function Home() {
  const { data } = useMe();
  return <Navigate to={homePath(data?.permissions ?? [])} replace />;
}

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    path: '/',
    element: (
      <RequireAuth>
        <AppLayout />
      </RequireAuth>
    ),
    children: [
      { index: true, element: <Home /> },
      {
        path: 'map',
        element: (
          <RequirePermission permission="map.view">
            <Page>
              <MapPage />
            </Page>
          </RequirePermission>
        ),
      },
      {
        path: 'grids',
        element: (
          <RequirePermission permission="grids.edit">
            <Page>
              <GridEditorPage />
            </Page>
          </RequirePermission>
        ),
      },
      {
        path: 'people',
        element: (
          <RequirePermission permission="personnel.read">
            <Page>
              <PeoplePage />
            </Page>
          </RequirePermission>
        ),
      },
      {
        path: 'audit',
        element: (
          <RequirePermission permission="audit.read">
            <Page>
              <AuditPage />
            </Page>
          </RequirePermission>
        ),
      },
      {
        path: 'users',
        element: (
          <RequirePermission permission="users.read">
            <Page>
              <UsersPage />
            </Page>
          </RequirePermission>
        ),
      },
      {
        path: 'profile',
        element: (
          <Page>
            <ProfilePage />
          </Page>
        ),
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
