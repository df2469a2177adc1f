import { BellOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api } from '../../api/client';
import { useLiveTopic } from '../../api/live';
import { translateDynamic } from '../../app/i18n';
import { mkeys, type NotificationView } from './queries';

/** The dispute number a notification names (the server words titles in Chinese, e.g. "您被指派调解纠纷 TJ…"). */
export function numberIn(title: string): string | null {
  return /TJ\d{8,}/.exec(title)?.[0] ?? null;
}

/** A notification's title in the user's language: the server's own words in Chinese, ours (by kind) in English. */
export function useNotificationTitle(): (n: Pick<NotificationView, 'kind' | 'title'>) => string {
  const { i18n } = useTranslation();
  const english = i18n.language === 'en-US';
  return useCallback(
    (n) => {
      if (!english) return n.title;
      return translateDynamic(`mediation.notifications.kinds.${n.kind}`, n.title, { number: numberIn(n.title) ?? '' });
    },
    [english],
  );
}

/**
 * Listens for `mediation.notification` on every page of a user who reads
 * disputes, and shows each one addressed to them with a link to its
 * dispute. The event is checked against the user's own notification list
 * before it is shown (see the server gaps in apps/web/README.md: the push
 * reaches station-wide staff whoever it is for).
 */
export function MediationNotifier() {
  const { t } = useTranslation();
  const { notification } = App.useApp();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const title = useNotificationTitle();
  useLiveTopic('mediation.notification', (e) => {
    void (async () => {
      const mine = await qc.fetchQuery({
        queryKey: mkeys.notifications,
        queryFn: () => api.get<NotificationView[]>('/api/mediation/notifications'),
        staleTime: 0,
      });
      const n = mine.find((x) => x.id === e.notificationId);
      if (!n) return;
      notification.info({
        key: n.id,
        icon: <BellOutlined style={{ color: '#1f4e9c' }} />,
        title: title(n),
        description: n.body || undefined,
        placement: 'bottomRight',
        duration: 8,
        actions: n.disputeId ? (
          <Button
            type="primary"
            size="small"
            onClick={() => {
              notification.destroy(n.id);
              void api.post(`/api/mediation/notifications/${n.id}/read`).catch(() => undefined);
              navigate(`/mediation/${n.disputeId}`);
            }}
            data-testid="notification-open"
          >
            {t('mediation.notifications.open')}
          </Button>
        ) : undefined,
      });
    })().catch(() => undefined);
  });
  return null;
}
