import {
  AuditOutlined,
  BarChartOutlined,
  CommentOutlined,
  ContactsOutlined,
  ControlOutlined,
  DashboardOutlined,
  DeploymentUnitOutlined,
  EnvironmentOutlined,
  FieldTimeOutlined,
  FundOutlined,
  InboxOutlined,
  LogoutOutlined,
  PhoneOutlined,
  ScheduleOutlined,
  SettingOutlined,
  SolutionOutlined,
  TeamOutlined,
  UsergroupAddOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Avatar, Button, Dropdown, Grid, Layout, Menu, type MenuProps, Space, Tag, Tooltip, Typography } from 'antd';
import { type ReactNode, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useLiveTopic } from '../../api/live';
import { CAMERA_NAV_ICONS } from '../../features/cameras/nav-icons';
import { HALL_NAV_ICONS } from '../../features/hall/nav-icons';
import { LEADERSHIP_NAV_ICONS } from '../../features/leadership/nav-icons';
import { MediationNotifier } from '../../features/mediation/notifications';
import { TRAFFIC_NAV_ICONS } from '../../features/traffic/nav-icons';
import { VOLUNTEER_NAV_ICONS } from '../../features/volunteers/nav-icons';
import { LanguageSwitch } from '../../shared/LanguageSwitch';
import { Logo } from '../../shared/Logo';
import { type PageId, pageFor, type Section, visiblePages } from '../nav';
import { announceLoginReason, type LoginLocationState, useCurrentUser, useLogout } from '../session';
import { IdleWatcher } from './IdleWatcher';

const ICONS: Record<PageId, ReactNode> = {
  command: <DashboardOutlined />,
  intake: <PhoneOutlined />,
  orders: <ScheduleOutlined />,
  analysis: <BarChartOutlined />,
  commandConfig: <ControlOutlined />,
  map: <EnvironmentOutlined />,
  grids: <DeploymentUnitOutlined />,
  people: <TeamOutlined />,
  users: <UsergroupAddOutlined />,
  audit: <AuditOutlined />,
  retention: <FieldTimeOutlined />,
  mediationWorkbench: <InboxOutlined />,
  mediationLedger: <SolutionOutlined />,
  mediationMeetings: <CommentOutlined />,
  mediationMediators: <ContactsOutlined />,
  mediationIndicators: <FundOutlined />,
  ...VOLUNTEER_NAV_ICONS,
  ...CAMERA_NAV_ICONS,
  ...HALL_NAV_ICONS,
  ...LEADERSHIP_NAV_ICONS,
  ...TRAFFIC_NAV_ICONS,
};

export function AppLayout() {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const location = useLocation();
  const logout = useLogout();
  const [collapsed, setCollapsed] = useState(false);
  // On a phone the sidebar folds away completely (its tab opens it) so pages get the whole width.
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;
  // Keeps the tab's live channel open on every page, so the server can end the
  // session at once (sign-out elsewhere, lock, disable); see session-events.ts.
  useLiveTopic('session.ended', () => {});

  const pages = me.mustChangePassword ? [] : visiblePages(me.permissions, me.roles);
  const items = useMemo<MenuProps['items']>(() => {
    const section = (s: Section, label: string) => {
      const children = pages
        .filter((p) => p.section === s)
        .map((p) => ({ key: p.path, icon: ICONS[p.id], label: t(`nav.${p.id}`) }));
      return children.length > 0 ? [{ type: 'group' as const, key: s, label: collapsed ? null : label, children }] : [];
    };
    return [
      ...section('leadership', t('nav.sectionLeadership')),
      ...section('command', t('nav.sectionCommand')),
      ...section('mediation', t('nav.sectionMediation')),
      ...section('volunteers', t('nav.sectionVolunteers')),
      ...section('hall', t('nav.sectionHall')),
      ...section('traffic', t('nav.sectionTraffic')),
      ...section('work', t('nav.sectionWork')),
      ...section('admin', t('nav.sectionAdmin')),
    ];
  }, [pages, t, collapsed]);

  const current = pageFor(location.pathname, pages);
  const selected = current?.path;
  const fullBleed = current?.fullBleed === true;

  const signOut = async () => {
    const state: LoginLocationState = { reason: 'loggedOut' };
    announceLoginReason('loggedOut');
    navigate('/login', { replace: true, state });
    await logout();
  };

  const userMenu: MenuProps['items'] = [
    { key: 'profile', icon: <SettingOutlined />, label: t('header.profile'), onClick: () => navigate('/profile') },
    { type: 'divider' },
    { key: 'logout', icon: <LogoutOutlined />, label: t('header.logout'), danger: true, onClick: () => void signOut() },
  ];

  return (
    <Layout className="fq-shell">
      <Layout.Sider
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        width={216}
        collapsedWidth={phone ? 0 : 64}
        breakpoint="lg"
        className="fq-sider"
      >
        <div className="fq-brand">
          <Logo size={32} />
          {collapsed ? null : (
            <div className="fq-brand-text">
              <div className="fq-brand-name">{t('app.name')}</div>
              <div className="fq-brand-tagline">{t('app.tagline')}</div>
            </div>
          )}
        </div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={selected ? [selected] : []}
          items={items}
          onClick={(e) => {
            navigate(e.key);
            if (phone) setCollapsed(true);
          }}
          aria-label={t('app.name')}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="fq-header">
          <Typography.Title level={5} className="fq-station" data-testid="station-name">
            {(i18n.language.startsWith('en') ? (me.stationNameEn ?? me.countyNameEn) : null) ??
              me.stationName ??
              me.countyName ??
              t('header.noStation')}
          </Typography.Title>
          <Space size={16} align="center">
            <LanguageSwitch size="small" />
            <Dropdown menu={{ items: userMenu }} trigger={['click']} placement="bottomRight">
              <Button type="text" className="fq-user-button" data-testid="user-menu">
                <Avatar size={28} icon={<UserOutlined />} className="fq-avatar" />
                <span className="fq-user-name" data-testid="user-name">
                  {me.displayName}
                </span>
                <span className="fq-user-roles">
                  {me.roles.map((r) => (
                    <Tag key={r} color="blue" variant="filled" className="fq-role-tag">
                      {t(`roles.${r}`)}
                    </Tag>
                  ))}
                </span>
              </Button>
            </Dropdown>
            <Tooltip title={t('header.logout')}>
              <Button
                type="text"
                icon={<LogoutOutlined />}
                aria-label={t('header.logout')}
                data-testid="logout"
                onClick={() => void signOut()}
              />
            </Tooltip>
          </Space>
        </Layout.Header>
        <Layout.Content className={fullBleed ? 'fq-content fq-content-full' : 'fq-content'}>
          <Outlet />
        </Layout.Content>
      </Layout>
      {me.permissions.includes('disputes.read') && !me.mustChangePassword ? <MediationNotifier /> : null}
      <IdleWatcher idleSeconds={me.sessionIdleSeconds} onExpired={() => void signOutExpired(logout, navigate)} />
    </Layout>
  );
}

async function signOutExpired(logout: () => Promise<void>, navigate: ReturnType<typeof useNavigate>): Promise<void> {
  const state: LoginLocationState = { reason: 'expired' };
  announceLoginReason('expired');
  navigate('/login', { replace: true, state });
  await logout();
}
