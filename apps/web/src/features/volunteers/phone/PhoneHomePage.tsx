import { Alert, Button, Card, Empty, Skeleton, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { ErrorAlert } from '../../../shared/errors';
import { hoursText, shiftWindow } from '../format';
import { useMyVolunteer } from '../queries';
import { AlarmCard } from './AlarmCard';
import { PhoneShell } from './PhoneShell';

/** The volunteer's home: status, this month's hours, points, upcoming duties, teams, certificates, the alarm. */
export default function PhoneHomePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMyVolunteer();
  const d = me.data;
  return (
    <PhoneShell
      title={d ? `${t('volunteers.home.title')} · ${d.name}` : t('volunteers.home.title')}
      unread={d?.unreadNotifications}
    >
      {me.isLoading ? <Skeleton active /> : null}
      {me.error ? <ErrorAlert error={me.error} onRetry={() => void me.refetch()} /> : null}
      {d ? (
        <>
          {d.status !== 'approved' ? (
            <Alert
              type="warning"
              showIcon
              title={t('volunteers.home.notActive', { status: t(`volunteers.status.${d.status}`) })}
            />
          ) : null}
          <div className="vp-stats">
            <div className="vp-stat">
              <div className="vp-stat-value" data-testid="vp-hours-month">
                {hoursText(d.hoursThisMonth)}
              </div>
              <div className="vp-stat-label">{t('volunteers.home.hoursThisMonth')}</div>
            </div>
            <Link to="/volunteer/points" className="vp-stat">
              <div className="vp-stat-value">{Math.round(d.pointsTotal)}</div>
              <div className="vp-stat-label">{t('volunteers.home.pointsTotal')}</div>
            </Link>
            <Link to="/volunteer/inbox" className="vp-stat">
              <div className="vp-stat-value">{d.unreadNotifications}</div>
              <div className="vp-stat-label">{t('volunteers.home.unread')}</div>
            </Link>
          </div>

          <Card className="vp-card">
            <div className="vp-card-title">
              {t('volunteers.home.upcoming')}
              <Button
                size="small"
                type="link"
                onClick={() => navigate('/volunteer/shifts')}
                data-testid="vp-find-shifts"
              >
                {t('volunteers.home.findShifts')}
              </Button>
            </div>
            {d.upcoming.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('volunteers.home.noUpcoming')} />
            ) : (
              d.upcoming.map((u) => (
                <div className="vp-row" key={u.id} data-testid="vp-upcoming">
                  <div className="vp-row-main">
                    <div className="vp-row-title">
                      {shiftWindow(u.startsAt, u.endsAt)} {t(`volunteers.dutyKind.${u.kind}`)}
                    </div>
                    <div className="vp-row-sub">
                      {u.route.name} ·{' '}
                      <Tag color={u.status === 'checked_in' ? 'green' : 'blue'}>
                        {t(`volunteers.dutyStatus.${u.status}`)}
                      </Tag>
                    </div>
                  </div>
                  <Button
                    type={u.status === 'checked_in' ? 'primary' : 'default'}
                    onClick={() => navigate(`/volunteer/duty/${u.id}`)}
                    data-testid="vp-open-duty"
                  >
                    {t('volunteers.home.openDuty')}
                  </Button>
                </div>
              ))
            )}
          </Card>

          {d.teams
            .filter((tm) => tm.kind === 'merchant_group' && d.status === 'approved')
            .map((tm) => (
              <AlarmCard key={tm.id} team={tm} />
            ))}

          <Button
            block
            size="large"
            className="vp-big-button"
            onClick={() => navigate('/volunteer/hazards/new')}
            data-testid="vp-report-hazard"
          >
            {t('volunteers.home.reportHazard')}
          </Button>

          <Card className="vp-card">
            <div className="vp-card-title">{t('volunteers.home.myTeams')}</div>
            {d.teams.map((tm) => (
              <div className="vp-row" key={tm.id}>
                <div className="vp-row-main">
                  <div className="vp-row-title">{tm.name}</div>
                  <div className="vp-row-sub">
                    <Tag>{t(`volunteers.teamKind.${tm.kind}`)}</Tag>
                    {tm.leader ? t('volunteers.home.leader', { name: tm.leader.name }) : null} ·{' '}
                    {t('volunteers.home.members', { n: tm.memberCount })}
                  </div>
                </div>
                {tm.iLead ? (
                  <Button size="small" onClick={() => navigate('/volunteer/team')} data-testid="vp-team-lead">
                    {t('volunteers.home.teamView')}
                  </Button>
                ) : null}
              </div>
            ))}
          </Card>

          <Card className="vp-card">
            <div className="vp-card-title">{t('volunteers.home.certificates')}</div>
            {d.certificates.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> : null}
            {d.certificates.map((c) => (
              <div className="vp-row" key={c.id}>
                <div className="vp-row-main">
                  <div className="vp-row-title">{c.courseName}</div>
                  <div className="vp-row-sub">
                    {c.number} ·{' '}
                    {c.expiresOn
                      ? t('volunteers.home.validUntil', { date: c.expiresOn })
                      : t('volunteers.home.noExpiry')}
                  </div>
                </div>
                <Tag color={c.valid ? 'green' : 'default'}>
                  {c.valid ? t('volunteers.home.certValid') : t('volunteers.home.certExpired')}
                </Tag>
              </div>
            ))}
          </Card>
        </>
      ) : null}
    </PhoneShell>
  );
}
