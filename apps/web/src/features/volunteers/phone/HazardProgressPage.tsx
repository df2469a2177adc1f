import { Card, Descriptions, Skeleton, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { ErrorAlert } from '../../../shared/errors';
import { mmddHhmm } from '../format';
import { HazardTimeline } from '../HazardTimeline';
import { useHazard } from '../queries';
import { HAZARD_STATUS_COLOR } from './MyHazardsPage';
import { PhoneShell } from './PhoneShell';

/** A reported hazard's progress, as its reporter follows it. */
export default function HazardProgressPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const hz = useHazard(id);
  const h = hz.data;
  return (
    <PhoneShell title={h ? h.number : t('volunteers.hazard.timeline')} back="/volunteer/hazards">
      {hz.isLoading ? <Skeleton active /> : null}
      {hz.error ? <ErrorAlert error={hz.error} onRetry={() => void hz.refetch()} /> : null}
      {h ? (
        <>
          <Card className="vp-card" data-testid="vp-hazard-detail" data-status={h.status}>
            <div className="vp-card-title">
              {h.title}
              <Tag color={HAZARD_STATUS_COLOR[h.status]}>{t(`volunteers.hazardStatus.${h.status}`)}</Tag>
            </div>
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('volunteers.hazard.category')}>
                {t(`volunteers.hazardCategory.${h.category}`)}
              </Descriptions.Item>
              <Descriptions.Item label={t('volunteers.hazard.reportedAt')}>{mmddHhmm(h.reportedAt)}</Descriptions.Item>
              {h.address ? (
                <Descriptions.Item label={t('volunteers.hazard.address')}>{h.address}</Descriptions.Item>
              ) : null}
              {h.responsible ? (
                <Descriptions.Item label={t('volunteers.hazard.responsibleName')}>
                  {t(`volunteers.responsibleKind.${h.responsible.kind}`)} {h.responsible.name}
                </Descriptions.Item>
              ) : null}
              {h.dueOn ? (
                <Descriptions.Item label={t('volunteers.hazard.dueOn')}>
                  {h.dueOn} {h.overdue ? <Tag color="red">{t('volunteers.hazard.overdue')}</Tag> : null}
                </Descriptions.Item>
              ) : null}
            </Descriptions>
            {h.description ? <p style={{ marginTop: 8 }}>{h.description}</p> : null}
          </Card>
          <Card className="vp-card">
            <div className="vp-card-title">{t('volunteers.hazard.timeline')}</div>
            <HazardTimeline hazard={h} />
          </Card>
        </>
      ) : null}
    </PhoneShell>
  );
}
