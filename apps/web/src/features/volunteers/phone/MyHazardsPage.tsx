import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Skeleton, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ErrorAlert } from '../../../shared/errors';
import { mmdd } from '../format';
import { type HazardSummary, useHazards } from '../queries';
import { PhoneShell } from './PhoneShell';

export const HAZARD_STATUS_COLOR: Record<string, string> = {
  reported: 'blue',
  assigned: 'orange',
  rectified: 'gold',
  closed: 'green',
  dismissed: 'default',
};

/** One hazard in a phone list: number, line, status, responsible party and deadline. */
export function HazardRow({ h, onOpen }: { h: HazardSummary; onOpen: () => void }) {
  const { t } = useTranslation();
  return (
    <button
      type="button"
      className="vp-row"
      style={{ width: '100%', background: 'none', border: 'none', textAlign: 'left', cursor: 'pointer' }}
      onClick={onOpen}
      data-testid="vp-hazard"
      data-number={h.number}
    >
      <div className="vp-row-main">
        <div className="vp-row-title">{h.title}</div>
        <div className="vp-row-sub">
          {h.number} · {t(`volunteers.hazardCategory.${h.category}`)} · {mmdd(h.reportedAt)}
          {h.reporter.name ? ` · ${h.reporter.name}` : ''}
        </div>
        {h.responsible ? (
          <div className="vp-row-sub">
            {t('volunteers.hazard.responsible', {
              kind: t(`volunteers.responsibleKind.${h.responsible.kind}`),
              name: h.responsible.name,
            })}
            {h.dueOn ? ` · ${t('volunteers.hazard.due', { date: h.dueOn })}` : ''}
          </div>
        ) : null}
      </div>
      <div style={{ textAlign: 'right' }}>
        <Tag color={HAZARD_STATUS_COLOR[h.status]} data-testid="vp-hazard-status">
          {t(`volunteers.hazardStatus.${h.status}`)}
        </Tag>
        {h.overdue ? <Tag color="red">{t('volunteers.hazard.overdue')}</Tag> : null}
      </div>
    </button>
  );
}

/** The volunteer's own hazard reports and how far each has come. */
export default function MyHazardsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const list = useHazards({ mine: 'true', pageSize: 100 });
  return (
    <PhoneShell
      title={t('volunteers.hazard.mine')}
      back="/volunteer"
      extra={
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => navigate('/volunteer/hazards/new')}
          data-testid="vp-new-hazard"
        >
          {t('volunteers.hazard.report')}
        </Button>
      }
    >
      {list.isLoading ? <Skeleton active /> : null}
      {list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.data ? (
        <Card className="vp-card">
          {list.data.items.length === 0 ? <Empty description={t('volunteers.hazard.empty')} /> : null}
          {list.data.items.map((h) => (
            <HazardRow key={h.id} h={h} onOpen={() => navigate(`/volunteer/hazards/${h.id}`)} />
          ))}
        </Card>
      ) : null}
    </PhoneShell>
  );
}
