import { AlertOutlined, CarOutlined, CloudOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';

/** The traffic pages' sidebar icons, spread into AppLayout's icon table. */
export const TRAFFIC_NAV_ICONS: Record<'trafficAccidents' | 'trafficViolations' | 'trafficFog', ReactNode> = {
  trafficAccidents: <CarOutlined />,
  trafficViolations: <AlertOutlined />,
  trafficFog: <CloudOutlined />,
};
