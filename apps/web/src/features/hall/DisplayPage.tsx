import { SoundOutlined } from '@ant-design/icons';
import type { HallDisplayView } from '@fengqiao/contracts';
import { useQuery } from '@tanstack/react-query';
import { Spin } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import type { z } from 'zod';
import { ErrorAlert } from '../../shared/errors';
import { callText, speak, speechAvailable } from './display-speech';
import { hhmm, nameOf, open } from './hall-api';
import './hall.css';

type Display = z.infer<typeof HallDisplayView>;
interface LiveMessage {
  type: string;
  topic?: string;
  payload?: { number?: string; window?: { number: number }; recall?: boolean };
}

/**
 * `/hall/display`: the hall's TV. Each window's current number, the latest
 * calls, people waiting per service; updated live through the public
 * display socket, and each call is spoken.
 */
export default function DisplayPage() {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const station = params.get('station') ?? undefined;
  const q = useQuery({
    queryKey: ['hall', 'display', station ?? ''],
    queryFn: () => open<Display>('/api/hall/display', { query: { station } }),
    // The socket drives updates; the poll is a safety net if it drops silently.
    refetchInterval: 60_000,
  });
  const [flash, setFlash] = useState<string | null>(null);
  const [spoken, setSpoken] = useState('');
  const [connected, setConnected] = useState(false);
  const [voiceOn, setVoiceOn] = useState(false);
  const language = useRef(i18n.language);
  language.current = i18n.language;
  const [now, setNow] = useState(() => new Date());
  const { refetch } = q;

  const onCall = useCallback((number: string, window: number) => {
    const text = callText(number, window, language.current);
    setSpoken(text);
    setFlash(number);
    // Browsers may refuse speech before a first touch on the page; the voice button unlocks it.
    speak(text, language.current);
  }, []);

  const code = q.data?.station.code;
  useEffect(() => {
    if (!code) return;
    let socket: WebSocket | null = null;
    let retry = 1000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const connect = () => {
      const proto = window.location.protocol === 'https:' ? 'wss' : 'ws';
      socket = new WebSocket(
        `${proto}://${window.location.host}/api/hall/display/live?station=${encodeURIComponent(code)}`,
      );
      socket.onopen = () => {
        setConnected(true);
        retry = 1000;
        void refetch();
      };
      socket.onmessage = (ev) => {
        let msg: LiveMessage;
        try {
          msg = JSON.parse(String(ev.data)) as LiveMessage;
        } catch {
          return;
        }
        if (msg.type !== 'event') return;
        if (msg.topic === 'hall.ticket.called' && msg.payload?.number && msg.payload.window) {
          onCall(msg.payload.number, msg.payload.window.number);
        }
        void refetch();
      };
      socket.onclose = () => {
        setConnected(false);
        if (stopped) return;
        timer = setTimeout(connect, retry);
        retry = Math.min(retry * 2, 30_000);
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(timer);
      socket?.close();
    };
  }, [code, refetch, onCall]);

  useEffect(() => {
    const id = setInterval(() => setNow(new Date()), 5000);
    return () => clearInterval(id);
  }, []);
  useEffect(() => {
    if (!flash) return;
    const id = setTimeout(() => setFlash(null), 8000);
    return () => clearTimeout(id);
  }, [flash]);

  if (q.isPending)
    return (
      <div className="fq-display fq-center">
        <Spin size="large" />
      </div>
    );
  if (q.error || !q.data) return <ErrorAlert error={q.error} onRetry={() => q.refetch()} />;
  const d = q.data;
  const latest = d.calls[0];
  return (
    <div className="fq-display" data-testid="hall-display">
      <header className="fq-display-head">
        <div className="fq-display-title">
          {i18n.language === 'en-US' && d.station.nameEn ? d.station.nameEn : d.station.name} ·{' '}
          {t('hall.display.title')}
        </div>
        <div className="fq-display-clock">
          {hhmm(now.toISOString())}
          <span
            className={`fq-display-dot${connected ? ' on' : ''}`}
            title={connected ? t('hall.display.live') : t('hall.display.offline')}
          />
          {speechAvailable() && !voiceOn ? (
            <button
              type="button"
              className="fq-display-voice"
              onClick={() => {
                setVoiceOn(true);
                speak(t('hall.display.voiceReady'), i18n.language);
              }}
              data-testid="display-voice"
            >
              <SoundOutlined /> {t('hall.display.enableVoice')}
            </button>
          ) : null}
        </div>
      </header>
      <div className="fq-display-body">
        <section className={`fq-display-now${flash ? ' flash' : ''}`} data-testid="display-now">
          <div className="fq-display-label">{t('hall.display.nowCalling')}</div>
          {latest ? (
            <>
              <div className="fq-display-number">{latest.ticketNumber}</div>
              <div className="fq-display-window">{t('hall.display.toWindow', { n: latest.window.number })}</div>
              <div className="fq-display-service">{nameOf(latest.service, i18n.language)}</div>
            </>
          ) : (
            <div className="fq-display-window">{t('hall.display.none')}</div>
          )}
          <div className="fq-display-spoken" data-testid="display-spoken">
            {spoken}
          </div>
        </section>
        <section className="fq-display-windows">
          <table>
            <thead>
              <tr>
                <th>{t('hall.display.window')}</th>
                <th>{t('hall.display.number')}</th>
                <th>{t('hall.display.state')}</th>
              </tr>
            </thead>
            <tbody>
              {d.windows.map((w) => (
                <tr key={w.window.id} data-testid={`display-window-${w.window.number}`} className={`is-${w.status}`}>
                  <td>
                    {t('hall.display.windowNo', { n: w.window.number })}
                    <div className="fq-display-sub">{w.window.name}</div>
                  </td>
                  <td className="fq-display-cell-number">{w.ticketNumber ?? '—'}</td>
                  <td>{t(`hall.display.status.${w.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section className="fq-display-side">
          <div className="fq-display-label">{t('hall.display.recent')}</div>
          <ul className="fq-display-recent" data-testid="display-recent">
            {d.calls.slice(0, 8).map((c) => (
              <li key={`${c.ticketNumber}-${c.calledAt}`}>
                <span className="fq-display-recent-number">{c.ticketNumber}</span>
                <span>{t('hall.display.windowNo', { n: c.window.number })}</span>
                <span className="fq-display-sub">{hhmm(c.calledAt)}</span>
              </li>
            ))}
          </ul>
          <div className="fq-display-label" style={{ marginTop: 24 }}>
            {t('hall.display.waiting', { n: d.waitingTotal })}
          </div>
          <ul className="fq-display-waiting" data-testid="display-waiting">
            {d.waiting.map((w) => (
              <li key={w.service.id}>
                <span>{nameOf(w.service, i18n.language)}</span>
                <span className="fq-display-recent-number">{w.count}</span>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </div>
  );
}
