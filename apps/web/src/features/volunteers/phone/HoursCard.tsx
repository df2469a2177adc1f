import { Card, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { duration, hoursText } from '../format';
import type { DutyDetail } from '../queries';

/** The computed hours of a finished duty with their reckoning (what counted, gaps, off-route time, fixes). */
export function HoursCard({ duty, queued, lang }: { duty: DutyDetail; queued: boolean; lang: string }) {
  const { t } = useTranslation();
  const h = duty.hoursDetail;
  return (
    <Card className="vp-card" data-testid="vp-hours-card">
      <div className="vp-card-title">
        {t('volunteers.duty.hoursTitle')}
        {duty.verification ? (
          <Tag color={duty.verification === 'pending' ? 'orange' : duty.verification === 'rejected' ? 'red' : 'green'}>
            {t(`volunteers.verification.${duty.verification}`)}
          </Tag>
        ) : null}
      </div>
      {queued || duty.hours === null ? (
        <div className="vp-row-sub">{t('volunteers.duty.checkOutQueued')}</div>
      ) : (
        <>
          <div className="vp-hours" data-testid="vp-hours" data-hours={duty.hours}>
            {t('volunteers.common.hours', { n: hoursText(duty.hours) })}
          </div>
          {h ? (
            <div className="vp-row-sub">
              {t('volunteers.duty.counted', { d: duration(h.seconds, lang) })} ·{' '}
              {t('volunteers.duty.gaps', { d: duration(h.gapSeconds, lang) })} ·{' '}
              {t('volunteers.duty.offRoute', { d: duration(h.offRouteSeconds, lang) })}
              <br />
              {t('volunteers.duty.fixes', { used: h.fixesUsed, ignored: h.fixesIgnored })}
            </div>
          ) : null}
          {duty.missedCheckpoints.length > 0 ? (
            <div className="vp-row-sub" style={{ color: '#d46b08' }}>
              {t('volunteers.duty.missed', { names: duty.missedCheckpoints.map((m) => m.name).join('、') })}
            </div>
          ) : null}
          {duty.reviewNote ? (
            <div className="vp-row-sub">{t('volunteers.duty.reviewNote', { note: duty.reviewNote })}</div>
          ) : null}
          <div className="vp-row-sub fq-muted" style={{ marginTop: 6 }}>
            {t('volunteers.duty.hoursNote')}
          </div>
        </>
      )}
    </Card>
  );
}
