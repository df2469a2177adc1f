import {
  BellOutlined,
  CalendarOutlined,
  HomeOutlined,
  LeftOutlined,
  TrophyOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { Badge, Button } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, useNavigate } from 'react-router-dom';
import { useVolunteerLive } from '../useVolunteerLive';
import { OutboxBar } from './OutboxBar';
import '../volunteers.css';

/**
 * The frame of the volunteer's phone pages: a title row (with a way back),
 * the outbox line when writes wait to be sent, the page, and a tab bar at
 * the bottom within thumb's reach.
 */
export function PhoneShell({
  title,
  back,
  extra,
  unread,
  children,
}: {
  title: string;
  back?: string;
  extra?: ReactNode;
  unread?: number;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  // Hazard progress, shift changes and alarms arrive live; the pages refetch.
  useVolunteerLive();
  const tabs = [
    { to: '/volunteer', icon: <HomeOutlined />, label: t('volunteers.tabs.home'), end: true },
    { to: '/volunteer/shifts', icon: <CalendarOutlined />, label: t('volunteers.tabs.shifts') },
    { to: '/volunteer/hazards', icon: <WarningOutlined />, label: t('volunteers.tabs.hazards') },
    { to: '/volunteer/points', icon: <TrophyOutlined />, label: t('volunteers.tabs.points') },
    {
      to: '/volunteer/inbox',
      icon: (
        <Badge count={unread ?? 0} size="small" offset={[4, -2]}>
          <BellOutlined />
        </Badge>
      ),
      label: t('volunteers.tabs.more'),
    },
  ];
  return (
    <div className="vp-phone">
      <div className="vp-titlebar">
        {back ? (
          <Button
            type="text"
            icon={<LeftOutlined />}
            aria-label={t('volunteers.common.back')}
            onClick={() => navigate(back)}
            data-testid="vp-back"
          />
        ) : null}
        <h2 className="vp-title">{title}</h2>
        {extra ? <div className="vp-title-extra">{extra}</div> : null}
      </div>
      <OutboxBar />
      <div className="vp-body">{children}</div>
      <nav className="vp-tabs" aria-label={t('nav.volunteerMe')}>
        {tabs.map((tab) => (
          <NavLink
            key={tab.to}
            to={tab.to}
            end={tab.end ?? false}
            className={({ isActive }) => (isActive ? 'vp-tab vp-tab-active' : 'vp-tab')}
          >
            <span className="vp-tab-icon">{tab.icon}</span>
            <span>{tab.label}</span>
          </NavLink>
        ))}
      </nav>
    </div>
  );
}
