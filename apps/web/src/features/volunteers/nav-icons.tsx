import {
  AimOutlined,
  CalendarOutlined,
  ClusterOutlined,
  FieldTimeOutlined,
  HeartOutlined,
  IdcardOutlined,
  LineChartOutlined,
  ReadOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';

/** The sidebar icons of the volunteer pages (app/nav.ts ids), spread into the layout's icon table. */
export const VOLUNTEER_NAV_ICONS: Record<
  | 'volunteerMe'
  | 'volunteersRoster'
  | 'volunteersTeams'
  | 'volunteersTraining'
  | 'volunteersPatrols'
  | 'volunteersDuties'
  | 'volunteersCoverage'
  | 'volunteersHazards'
  | 'volunteersIndicators',
  ReactNode
> = {
  volunteerMe: <HeartOutlined />,
  volunteersRoster: <IdcardOutlined />,
  volunteersTeams: <ClusterOutlined />,
  volunteersTraining: <ReadOutlined />,
  volunteersPatrols: <CalendarOutlined />,
  volunteersDuties: <FieldTimeOutlined />,
  volunteersCoverage: <AimOutlined />,
  volunteersHazards: <WarningOutlined />,
  volunteersIndicators: <LineChartOutlined />,
};
