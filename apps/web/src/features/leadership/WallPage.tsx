import { FullscreenOutlined, LogoutOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Spin } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useLiveStatus, useLiveTopic } from '../../api/live';
import { ErrorAlert } from '../../shared/errors';
import { EChart, type EChartsOption } from '../analysis/EChart';
import { FigureCard } from './FigureCard';
import { chinaToday } from './format';
import { lkeys, useWall } from './queries';
import { WallMap } from './WallMap';
import './leadership.css';

/** Refetch at most this often however busy the live channel is. */
const REFRESH_MS = 5_000;

/**
 * `/wall`: the command room's wall display — today's and this month's key
 * figures, the last 30 days, the grid map and the open alerts, refreshed
 * whenever the live channel reports an incident, order or alert.
 */
export default function WallPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [params] = useSearchParams();
  const wall = useWall(params.get('station') ?? undefined);
  const status = useLiveStatus();
  const last = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const refresh = () => {
    if (timer.current) return;
    const wait = Math.max(0, last.current + REFRESH_MS - Date.now());
    timer.current = setTimeout(() => {
      timer.current = null;
      last.current = Date.now();
      void qc.invalidateQueries({ queryKey: lkeys.wall });
    }, wait);
  };
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  useLiveTopic('incidents.changed', refresh);
  useLiveTopic('orders.changed', refresh);
  useLiveTopic('alerts.created', refresh);

  const data = wall.data;
  // The station's day the figures are for (the server's clock, China time).
  const today = chinaToday(data ? Date.parse(data.asOf) : Date.now());
  const trend = useMemo<EChartsOption | null>(
    () =>
      data
        ? {
            backgroundColor: 'transparent',
            tooltip: { trigger: 'axis' },
            grid: { left: 36, right: 12, top: 16, bottom: 24 },
            textStyle: { color: '#cfe0f5' },
            xAxis: {
              type: 'category',
              data: data.daily.map((d) => d.day.slice(5)),
              axisLine: { lineStyle: { color: '#4a6a94' } },
            },
            yAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#1c3a66' } } },
            series: [
              {
                name: t('leadership.dashboard.incidents'),
                type: 'line',
                smooth: true,
                areaStyle: { opacity: 0.25 },
                lineStyle: { width: 3, color: '#4fb3ff' },
                itemStyle: { color: '#4fb3ff' },
                data: data.daily.map((d) => d.incidents),
              },
              {
                name: t('leadership.dashboard.warnings'),
                type: 'bar',
                itemStyle: { color: '#e0662b' },
                data: data.daily.map((d) => d.warnings),
              },
            ],
          }
        : null,
    [data, t],
  );

  return (
    <div className="fq-wall" data-testid="wall">
      <div className="fq-wall-head">
        <h1 className="fq-wall-title">{t('leadership.wall.title', { station: data?.stationName ?? '' })}</h1>
        <div className="fq-wall-meta">
          <Badge
            status={status === 'open' ? 'success' : 'warning'}
            text={
              <span style={{ color: '#cfe0f5' }}>
                {status === 'open' ? t('leadership.wall.live') : t('leadership.wall.offline')}
              </span>
            }
            data-testid="wall-live"
          />
          {data ? (
            <span data-testid="wall-updated">
              {t('leadership.wall.updated', { time: dayjs(data.asOf).format('HH:mm:ss') })}
            </span>
          ) : null}
          <Button
            size="small"
            ghost
            icon={<FullscreenOutlined />}
            onClick={() => void document.documentElement.requestFullscreen?.().catch(() => undefined)}
          >
            {t('leadership.wall.fullscreen')}
          </Button>
          <Button size="small" ghost icon={<LogoutOutlined />} onClick={() => navigate('/leadership')}>
            {t('leadership.wall.exit')}
          </Button>
        </div>
      </div>
      {wall.isError ? <ErrorAlert error={wall.error} onRetry={() => void wall.refetch()} /> : null}
      {data ? (
        <>
          <div>
            <div className="fq-wall-row" data-testid="wall-today">
              {data.today.map((f) => (
                <FigureCard key={f.key} f={f} period={{ from: today, to: today }} dark />
              ))}
            </div>
            <div className="fq-wall-row" style={{ marginTop: 12 }} data-testid="wall-month">
              {data.month.map((f) => (
                <FigureCard key={f.key} f={f} period={{ from: `${today.slice(0, 7)}-01`, to: today }} dark />
              ))}
            </div>
          </div>
          <div className="fq-wall-main">
            <section className="fq-wall-panel">
              <h2>{t('leadership.wall.map')}</h2>
              <WallMap grids={data.grids} label={t('leadership.wall.map')} />
            </section>
            <section className="fq-wall-panel">
              <h2>{t('leadership.wall.trend')}</h2>
              {trend ? <EChart option={trend} height={420} testId="wall-trend" /> : null}
            </section>
            <section className="fq-wall-panel" data-testid="wall-alerts">
              <h2>{t('leadership.wall.alerts')}</h2>
              {data.openAlerts.length === 0 ? (
                <div style={{ color: '#9fb3cc' }}>{t('leadership.wall.alertsEmpty')}</div>
              ) : (
                data.openAlerts.map((a) => (
                  <div key={a.id} className="fq-wall-alert">
                    <time>{a.at ? dayjs(a.at).format('HH:mm') : ''}</time>
                    <span>{a.label}</span>
                  </div>
                ))
              )}
            </section>
          </div>
        </>
      ) : (
        <div className="fq-center">
          <Spin size="large" />
        </div>
      )}
    </div>
  );
}
