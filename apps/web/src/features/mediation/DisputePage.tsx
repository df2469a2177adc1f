import { Badge, Card, Empty, Spin, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router-dom';
import { useHasPermission } from '../../app/session';
import { ErrorAlert } from '../../shared/errors';
import { AgreementsPanel } from './AgreementsPanel';
import { DisputeHeader } from './DisputeHeader';
import { FollowupsPanel } from './FollowupsPanel';
import { MediatorsPanel } from './MediatorsPanel';
import { OverviewPanel } from './OverviewPanel';
import { useDispute } from './queries';
import { SessionsPanel } from './SessionsPanel';
import { DisputeTimeline } from './Timeline';
import { useLiveDisputes } from './useLiveDisputes';
import './mediation.css';

const TABS = ['overview', 'mediators', 'sessions', 'agreements', 'followups'] as const;
type Tab = (typeof TABS)[number];

function isTab(v: string | null): v is Tab {
  return v !== null && (TABS as readonly string[]).includes(v);
}

/** `/mediation/:id`: one dispute — header with level, track, risk and deadline; the work in tabs; the timeline. */
export default function DisputePage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const has = useHasPermission();
  const [params, setParams] = useSearchParams();
  const tabParam = params.get('tab');
  const tab: Tab = isTab(tabParam) ? tabParam : 'overview';
  const dispute = useDispute(id);
  useLiveDisputes();

  if (dispute.isPending)
    return (
      <div className="fq-center">
        <Spin size="large" />
      </div>
    );
  if (dispute.isError)
    return (
      <div className="fq-page">
        <ErrorAlert error={dispute.error} onRetry={() => void dispute.refetch()} />
      </div>
    );
  const d = dispute.data;
  const pendingFollowups = d.followups.filter((f) => f.status === 'pending').length;
  const openSessions = d.sessions.filter((s) => s.status === 'scheduled').length;
  const activeMediators = d.assignments.filter((a) => a.releasedAt === null).length;
  const label = (key: Tab, count: number, highlight = false) => (
    <span data-testid={`tab-${key}`}>
      {t(`mediation.dispute.tabs.${key}`)}
      {count > 0 ? (
        <Badge count={count} size="small" color={highlight ? '#d46b08' : '#1f4e9c'} className="fq-med-tab-badge" />
      ) : null}
    </span>
  );

  return (
    <div
      className="fq-page fq-med"
      data-testid="dispute-page"
      data-number={d.number}
      data-status={d.status}
      data-level={d.level}
    >
      <DisputeHeader d={d} />
      <div className="fq-med-dispute-body">
        <Card className="fq-med-tabs-card">
          <Tabs
            activeKey={tab}
            onChange={(k) => {
              const next = new URLSearchParams(params);
              if (k === 'overview') next.delete('tab');
              else next.set('tab', k);
              setParams(next, { replace: true });
            }}
            items={[
              { key: 'overview', label: label('overview', 0), children: <OverviewPanel d={d} /> },
              {
                key: 'mediators',
                label: label('mediators', activeMediators),
                children: <MediatorsPanel d={d} canCoordinate={has('disputes.coordinate')} />,
              },
              { key: 'sessions', label: label('sessions', openSessions), children: <SessionsPanel d={d} /> },
              {
                key: 'agreements',
                label: label('agreements', d.agreements.length),
                children: <AgreementsPanel d={d} />,
              },
              {
                key: 'followups',
                label: label('followups', pendingFollowups, true),
                children: <FollowupsPanel d={d} />,
              },
            ]}
          />
        </Card>
        <Card title={t('mediation.timeline.title')} className="fq-med-timeline-card" size="small">
          {d.events.length === 0 ? <Empty /> : <DisputeTimeline events={d.events} />}
        </Card>
      </div>
    </div>
  );
}
