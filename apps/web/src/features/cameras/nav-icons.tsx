import { AuditOutlined, VideoCameraOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';

/** The sidebar icons of the camera pages (app/nav.ts ids), spread into the layout's icon table. */
export const CAMERA_NAV_ICONS: Record<'cameras' | 'cameraReview', ReactNode> = {
  cameras: <VideoCameraOutlined />,
  cameraReview: <AuditOutlined />,
};
