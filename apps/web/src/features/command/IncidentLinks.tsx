import { LinkOutlined, SolutionOutlined } from '@ant-design/icons';
import type { IncidentDetail } from '@fengqiao/contracts';
import { Button, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useHasPermission } from '../../app/session';
import './command.css';

/**
 * An incident's link to the mediation ledger, both ways: the dispute it was
 * referred to (opens it), or — for staff who register disputes — the way to
 * refer it, with the new-dispute form prefilled from the incident. One
 * dispute per incident: the ledger refuses a second.
 */
export function IncidentLinks({ incident, size }: { incident: IncidentDetail; size?: 'small' | 'large' }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const has = useHasPermission();
  const disputes = incident.links.filter((l) => l.kind === 'dispute');
  // An invalid call (prank, misdial) is no dispute.
  const invalid = incident.categoryCode === 'invalid' || incident.categoryCode.startsWith('invalid.');
  const canRefer = has('disputes.write') && !invalid;
  if (disputes.length === 0 && !canRefer) return null;
  return (
    <section className="fq-incident-links" data-testid="incident-links">
      <h4 className="fq-section-title">{t('incident.mediation')}</h4>
      {disputes.length > 0 ? (
        <Space wrap>
          <Typography.Text type="secondary">{t('incident.referred')}</Typography.Text>
          {has('disputes.read')
            ? disputes.map((l) => (
                <Button
                  key={l.targetId}
                  size={size ?? 'small'}
                  icon={<LinkOutlined />}
                  onClick={() => navigate(`/mediation/${l.targetId}`)}
                  data-testid="incident-dispute-link"
                >
                  {t('incident.openDispute')}
                </Button>
              ))
            : null}
        </Space>
      ) : (
        <Space orientation="vertical" size={4}>
          <Button
            size={size ?? 'small'}
            icon={<SolutionOutlined />}
            onClick={() => navigate(`/mediation/new?incident=${encodeURIComponent(incident.id)}`)}
            data-testid="refer-to-mediation"
          >
            {t('incident.referToMediation')}
          </Button>
          <Typography.Text type="secondary">{t('incident.referHint')}</Typography.Text>
        </Space>
      )}
    </section>
  );
}
