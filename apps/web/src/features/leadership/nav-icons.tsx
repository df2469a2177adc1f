import {
  ApartmentOutlined,
  CarryOutOutlined,
  FundProjectionScreenOutlined,
  TrophyOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';

/** The sidebar icons of the leadership pages (app/nav.ts ids), spread into the layout's icon table. */
export const LEADERSHIP_NAV_ICONS: Record<
  'county' | 'leadershipDashboard' | 'leadershipAgenda' | 'leadershipEvaluation' | 'leadershipMine',
  ReactNode
> = {
  county: <ApartmentOutlined />,
  leadershipDashboard: <FundProjectionScreenOutlined />,
  leadershipAgenda: <CarryOutOutlined />,
  leadershipEvaluation: <TrophyOutlined />,
  leadershipMine: <UserOutlined />,
};
