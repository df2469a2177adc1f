import {
  AppstoreOutlined,
  AreaChartOutlined,
  BankOutlined,
  BulbOutlined,
  CarOutlined,
  FileSearchOutlined,
  NumberOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';

/** The service hall's sidebar icons, spread into AppLayout's icon table. */
export const HALL_NAV_ICONS: Record<
  | 'hallWindow'
  | 'hallApplications'
  | 'hallStats'
  | 'hallCatalogue'
  | 'hallEnterprise'
  | 'hallHomeVisits'
  | 'hallSuggestions',
  ReactNode
> = {
  hallWindow: <NumberOutlined />,
  hallApplications: <FileSearchOutlined />,
  hallStats: <AreaChartOutlined />,
  hallCatalogue: <AppstoreOutlined />,
  hallEnterprise: <BankOutlined />,
  hallHomeVisits: <CarOutlined />,
  hallSuggestions: <BulbOutlined />,
};
