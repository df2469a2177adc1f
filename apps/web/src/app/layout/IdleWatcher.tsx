import { ClockCircleOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Modal, Space } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { lastRequestTime } from '../../api/client';
import { fetchMe, keys } from '../../api/queries';
import { formatCountdown, type IdlePhase, idlePhase } from './idle';

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart', 'mousemove'] as const;
/** An active user whose page has not talked to the server for this long sends a keep-alive. */
const KEEPALIVE_AFTER_MS = 5 * 60_000;

/**
 * Warns before the idle timeout and signs out when it passes. Activity is
 * the user's (pointer, keys), not background traffic such as the live
 * socket, so an unattended screen locks even while events keep arriving.
 */
export function IdleWatcher({ idleSeconds, onExpired }: { idleSeconds: number; onExpired: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const lastActivity = useRef(Date.now());
  const [state, setState] = useState<IdlePhase>({ phase: 'active' });
  const warning = state.phase === 'warning';
  const expiredRef = useRef(onExpired);
  expiredRef.current = onExpired;

  useEffect(() => {
    if (warning) return;
    const mark = () => {
      lastActivity.current = Date.now();
    };
    for (const e of ACTIVITY_EVENTS) window.addEventListener(e, mark, { passive: true });
    return () => {
      for (const e of ACTIVITY_EVENTS) window.removeEventListener(e, mark);
    };
  }, [warning]);

  useEffect(() => {
    let done = false;
    const timer = window.setInterval(() => {
      if (done) return;
      const now = Date.now();
      const next = idlePhase(now, lastActivity.current, idleSeconds);
      if (next.phase === 'expired') {
        done = true;
        expiredRef.current();
        return;
      }
      setState((prev) =>
        prev.phase === next.phase &&
        (prev.phase !== 'warning' || next.phase !== 'warning' || prev.secondsLeft === next.secondsLeft)
          ? prev
          : next,
      );
      if (
        next.phase === 'active' &&
        now - lastActivity.current < 60_000 &&
        now - lastRequestTime() > KEEPALIVE_AFTER_MS
      ) {
        void fetchMe().then((me) => qc.setQueryData(keys.me, me));
      }
    }, 1000);
    return () => {
      done = true;
      window.clearInterval(timer);
    };
  }, [idleSeconds, qc]);

  const stay = () => {
    lastActivity.current = Date.now();
    setState({ phase: 'active' });
    void fetchMe().then((me) => qc.setQueryData(keys.me, me));
  };

  return (
    <Modal
      open={warning}
      title={
        <Space>
          <ClockCircleOutlined style={{ color: '#faad14' }} />
          {t('session.idleTitle')}
        </Space>
      }
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      footer={
        <Space>
          <Button onClick={() => expiredRef.current()}>{t('session.logoutNow')}</Button>
          <Button type="primary" onClick={stay} autoFocus>
            {t('session.stay')}
          </Button>
        </Space>
      }
    >
      {warning ? t('session.idleBody', { time: formatCountdown(state.secondsLeft) }) : null}
    </Modal>
  );
}
