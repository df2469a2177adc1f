import { CloudUploadOutlined, DisconnectOutlined } from '@ant-design/icons';
import { Alert, Button } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useVolunteerErrorText } from '../errors';
import { outbox, setOutboxErrorText, useOutbox } from '../offline/outbox';

function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  return online;
}

/** "n items waiting to send", the offline notice, and what the server refused from the queue. */
export function OutboxBar() {
  const { t } = useTranslation();
  const state = useOutbox();
  const online = useOnline();
  const errorText = useVolunteerErrorText();
  useEffect(() => setOutboxErrorText(errorText), [errorText]);
  const n = state.pending.length;
  return (
    <div className="vp-outbox" data-testid="vp-outbox" data-pending={n}>
      {!online ? (
        <Alert
          type="warning"
          showIcon
          icon={<DisconnectOutlined />}
          title={t('volunteers.outbox.offline')}
          data-testid="vp-offline"
        />
      ) : null}
      {n > 0 ? (
        <Alert
          type="info"
          showIcon
          icon={<CloudUploadOutlined />}
          title={
            <span data-testid="vp-outbox-count">
              {state.flushing && online ? t('volunteers.outbox.sending') : t('volunteers.outbox.waiting', { n })}
            </span>
          }
          description={[...new Set(state.pending.map((p) => t(`volunteers.outbox.kind.${p.kind}`)))].join('、')}
          action={
            online ? (
              <Button size="small" onClick={() => void outbox().flush()}>
                {t('volunteers.outbox.sendNow')}
              </Button>
            ) : undefined
          }
        />
      ) : null}
      {state.refused.length > 0 ? (
        <Alert
          type="error"
          showIcon
          title={t('volunteers.outbox.refused')}
          description={
            <ul className="vp-refused">
              {state.refused.map((r) => (
                <li key={r.item.id}>
                  {t(`volunteers.outbox.kind.${r.item.kind}`)}：{r.message}
                </li>
              ))}
            </ul>
          }
          action={
            <Button size="small" onClick={() => outbox().dismissRefused()}>
              {t('volunteers.outbox.dismiss')}
            </Button>
          }
        />
      ) : null}
    </div>
  );
}
