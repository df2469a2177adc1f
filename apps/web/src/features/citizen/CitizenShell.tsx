import {
  AppstoreOutlined,
  CalendarOutlined,
  FileTextOutlined,
  MessageOutlined,
  NumberOutlined,
} from '@ant-design/icons';
import { Spin } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, NavLink, Outlet, useLocation } from 'react-router-dom';
import { LanguageSwitch } from '../../shared/LanguageSwitch';
import { Logo } from '../../shared/Logo';
import { useCitizen } from './citizen-session';
import './citizen.css';

const TABS: { to: string; icon: ReactNode; key: 'services' | 'bookings' | 'applications' | 'ticket' | 'suggest' }[] = [
  { to: '/m', icon: <AppstoreOutlined />, key: 'services' },
  { to: '/m/bookings', icon: <CalendarOutlined />, key: 'bookings' },
  { to: '/m/applications', icon: <FileTextOutlined />, key: 'applications' },
  { to: '/m/ticket', icon: <NumberOutlined />, key: 'ticket' },
  { to: '/m/suggest', icon: <MessageOutlined />, key: 'suggest' },
];

/** The residents' mobile pages: a header, one narrow column, a tab bar at the bottom. */
export function CitizenFrame({ children, tabs = true }: { children: ReactNode; tabs?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="fq-m">
      <header className="fq-m-head">
        <Link to="/m" className="fq-m-brand">
          <Logo size={26} />
          <span>{t('citizen.brand')}</span>
        </Link>
        <LanguageSwitch size="small" />
      </header>
      <main className="fq-m-main">{children}</main>
      {tabs ? (
        <nav className="fq-m-tabs" aria-label={t('citizen.tabsLabel')}>
          {TABS.map((tab) => (
            <NavLink
              key={tab.to}
              to={tab.to}
              end={tab.to === '/m'}
              className="fq-m-tab"
              data-testid={`m-tab-${tab.key}`}
            >
              {tab.icon}
              <span>{t(`citizen.tab.${tab.key}`)}</span>
            </NavLink>
          ))}
        </nav>
      ) : null}
    </div>
  );
}

/** Pages that need a signed-in resident: otherwise to the sign-in page, and back afterwards. */
export function CitizenShell() {
  return (
    <CitizenFrame>
      <Outlet />
    </CitizenFrame>
  );
}

export function RequireCitizen({ children }: { children: ReactNode }) {
  const me = useCitizen();
  const location = useLocation();
  if (me.isPending)
    return (
      <div className="fq-center">
        <Spin />
      </div>
    );
  if (!me.data) return <Navigate to={`/m/login?next=${encodeURIComponent(location.pathname)}`} replace />;
  return <>{children}</>;
}
