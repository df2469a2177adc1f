import { Card, Empty, Segmented, Skeleton, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ErrorAlert } from '../../../shared/errors';
import { dayOffset, hoursText, shiftWindow } from '../format';
import { useHazards, useMyVolunteer, useTeamDuties } from '../queries';
import { HazardRow } from './MyHazardsPage';
import { PhoneShell } from './PhoneShell';

/** A team leader's phone view: the members' duties with their computed hours, and the hazards they reported. */
export default function TeamLeadPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMyVolunteer();
  const led = (me.data?.teams ?? []).filter((tm) => tm.iLead);
  const [teamId, setTeamId] = useState<string | null>(null);
  const team = teamId ?? led[0]?.id ?? null;
  const now = new Date();
  const duties = useTeamDuties(team, { from: dayOffset(now, -14), to: dayOffset(now, 1) });
  const hazards = useHazards({ pageSize: 50 });
  const done = (duties.data ?? []).filter((d) => d.status !== 'claimed' && d.status !== 'released');
  const total = done.reduce((s, d) => s + (d.hours ?? 0), 0);
  return (
    <PhoneShell title={t('volunteers.team.title')} back="/volunteer">
      {me.isLoading ? <Skeleton active /> : null}
      {me.data && led.length === 0 ? <Empty description={t('volunteers.team.noLead')} /> : null}
      {led.length > 1 ? (
        <Segmented
          block
          value={team ?? undefined}
          onChange={(v) => setTeamId(String(v))}
          options={led.map((tm) => ({ value: tm.id, label: tm.name }))}
        />
      ) : null}
      {team ? (
        <Card className="vp-card">
          <div className="vp-card-title">
            {t('volunteers.team.duties')}
            <span className="vp-row-sub">{t('volunteers.team.totalHours', { n: hoursText(total) })}</span>
          </div>
          {duties.error ? <ErrorAlert error={duties.error} /> : null}
          {duties.isLoading ? <Skeleton active /> : null}
          {done.length === 0 && duties.data ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> : null}
          {done
            .slice()
            .sort((a, b) => b.startsAt.localeCompare(a.startsAt))
            .slice(0, 60)
            .map((d) => (
              <div className="vp-row" key={d.id} data-testid="vp-team-duty" data-duty-id={d.id}>
                <div className="vp-row-main">
                  <div className="vp-row-title">
                    {d.volunteer.name} · {shiftWindow(d.startsAt, d.endsAt)}
                  </div>
                  <div className="vp-row-sub">
                    {t(`volunteers.dutyKind.${d.kind}`)} ·{' '}
                    {t('volunteers.common.checkpoints', { passed: d.checkpoints.passed, total: d.checkpoints.total })}
                    {d.flags.map((f) => (
                      <Tag key={f} color="orange" style={{ marginLeft: 4 }}>
                        {t(`volunteers.flag.${f}` as 'volunteers.flag.far_check_in')}
                      </Tag>
                    ))}
                  </div>
                </div>
                <div style={{ textAlign: 'right' }}>
                  <strong data-testid="vp-team-duty-hours">
                    {d.hours === null
                      ? t(`volunteers.dutyStatus.${d.status}`)
                      : t('volunteers.common.hours', { n: hoursText(d.hours) })}
                  </strong>
                  {d.verification ? (
                    <div className="vp-row-sub">{t(`volunteers.verification.${d.verification}`)}</div>
                  ) : null}
                </div>
              </div>
            ))}
        </Card>
      ) : null}
      {team ? (
        <Card className="vp-card">
          <div className="vp-card-title">{t('volunteers.team.hazards')}</div>
          {hazards.data?.items.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> : null}
          {hazards.data?.items.map((h) => (
            <HazardRow key={h.id} h={h} onOpen={() => navigate(`/volunteer/hazards/${h.id}`)} />
          ))}
        </Card>
      ) : null}
    </PhoneShell>
  );
}
