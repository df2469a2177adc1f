import type { Permission } from '@fengqiao/domain';
import { Spin } from 'antd';
import { lazy, type ReactNode, Suspense } from 'react';
import type { RouteObject } from 'react-router-dom';
import { RequirePermission } from '../../app/guards';

/** The camera network's pages under the app shell; spread into app/router.tsx. */

const CamerasPage = lazy(() => import('./CamerasPage'));
const CameraEditorPage = lazy(() => import('./CameraEditorPage'));
const EvidencePage = lazy(() => import('./EvidencePage'));
const ReviewPage = lazy(() => import('./ReviewPage'));

function guarded(permission: Permission, page: ReactNode): ReactNode {
  return (
    <RequirePermission permission={permission}>
      <Suspense
        fallback={
          <div className="fq-center">
            <Spin size="large" />
          </div>
        }
      >
        {page}
      </Suspense>
    </RequirePermission>
  );
}

export const cameraRoutes: RouteObject[] = [
  { path: 'cameras', element: guarded('cameras.read', <CamerasPage />) },
  { path: 'cameras/review', element: guarded('violations.review', <ReviewPage />) },
  { path: 'cameras/events/:id', element: guarded('cameras.read', <EvidencePage />) },
  { path: 'cameras/:id', element: guarded('cameras.read', <CameraEditorPage />) },
];
