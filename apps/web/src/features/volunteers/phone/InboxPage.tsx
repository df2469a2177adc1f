import { useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Card, Empty, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api } from '../../../api/client';
import { ErrorAlert } from '../../../shared/errors';
import { mmddHhmm } from '../format';
import { useNotifications, type VolunteerNotification, vkeys } from '../queries';
import { PhoneShell } from './PhoneShell';

function targetOf(n: VolunteerNotification): string | null {
  if (n.refType === 'hazard' && n.refId) return `/volunteer/hazards/${n.refId}`;
  if (n.refType === 'duty' && n.refId) return `/volunteer/duty/${n.refId}`;
  if (n.refType === 'shift') return '/volunteer/shifts';
  return null;
}

/** The volunteer's notifications (shift changes, certificates, hazard progress, alarms); opening one marks it read. */
export default function InboxPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const list = useNotifications();

  const open = async (n: VolunteerNotification) => {
    if (!n.readAt) {
      await api.post(`/api/me/volunteer/notifications/${n.id}/read`, {}).catch(() => null);
      void qc.invalidateQueries({ queryKey: vkeys.notifications });
      void qc.invalidateQueries({ queryKey: vkeys.me });
    }
    const to = targetOf(n);
    if (to) navigate(to);
  };

  return (
    <PhoneShell title={t('volunteers.notifications.title')} back="/volunteer">
      {list.isLoading ? <Skeleton active /> : null}
      {list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.data ? (
        <Card className="vp-card">
          {list.data.length === 0 ? <Empty description={t('volunteers.notifications.empty')} /> : null}
          {list.data.map((n) => (
            <div className="vp-row" key={n.id} data-testid="vp-notification">
              <div className="vp-row-main">
                <div className="vp-row-title">
                  {!n.readAt ? <Badge status="processing" /> : null} {n.title}
                </div>
                {n.body ? <div className="vp-row-sub">{n.body}</div> : null}
                <div className="vp-row-sub">{mmddHhmm(n.createdAt)}</div>
              </div>
              {!n.readAt || targetOf(n) ? (
                <Button size="small" onClick={() => void open(n)}>
                  {targetOf(n) ? t('volunteers.common.detail') : t('volunteers.notifications.markRead')}
                </Button>
              ) : null}
            </div>
          ))}
        </Card>
      ) : null}
    </PhoneShell>
  );
}
