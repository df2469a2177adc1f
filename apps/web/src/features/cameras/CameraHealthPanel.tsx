import type { CameraHealth } from '@fengqiao/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { Badge, Empty, Tag } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { live } from '../../api/live';
import { chinaTime } from './labels';
import { cameraKeys, useCameraHealth } from './queries';
import './cameras.css';

/**
 * Refetches camera health whenever a camera goes offline or comes back
 * (`cameras.status`: a failed or stalled stream, a lapsed worker lease).
 */
function useCameraStatusPushes(): void {
  const qc = useQueryClient();
  useEffect(
    () =>
      live.subscribe('cameras.status', () => {
        void qc.invalidateQueries({ queryKey: cameraKeys.health });
        void qc.invalidateQueries({ queryKey: cameraKeys.list });
      }),
    [qc],
  );
}

/** "摄像机 N" (N offline) for the board's tab label. */
export function CameraHealthLabel() {
  const { t } = useTranslation();
  // The label is always on the board (the panel only while its tab is open): it listens for pushes.
  useCameraStatusPushes();
  const h = useCameraHealth();
  const n = h.data?.offline.length ?? 0;
  return (
    <span data-testid="tab-cameras">
      {t('cameras.health.tab')} <Badge count={n} size="small" data-testid="cameras-offline-count" />
    </span>
  );
}

/** When it went offline, in China time, and how long ago. */
function Since({ iso, now }: { iso: string | null; now: number }) {
  const { t } = useTranslation();
  if (!iso) return <>—</>;
  const min = Math.max(0, Math.round((now - new Date(iso).getTime()) / 60_000));
  const ago =
    min < 1
      ? t('cameras.health.justNow')
      : min < 120
        ? t('cameras.health.minutesAgo', { n: min })
        : t('cameras.health.hoursAgo', { n: Math.round(min / 60) });
  return (
    <>
      {chinaTime(iso).slice(5, 16)}（{ago}）
    </>
  );
}

/** The command board's camera panel: offline cameras with the reason and since when, longest first. */
export function CameraHealthPanel() {
  const { t } = useTranslation();
  const h = useCameraHealth();
  const d: CameraHealth | undefined = h.data;
  if (!d) return null;
  const now = Date.now();
  return (
    <div data-testid="camera-health">
      <div className="fq-cam-row" style={{ display: 'flex', flexWrap: 'wrap' }}>
        <Tag color="red" data-testid="health-offline">
          {t('cameras.status.offline')} {d.offline.length}
        </Tag>
        <Tag color="green">
          {t('cameras.status.online')} {d.online}
        </Tag>
        <Tag>
          {t('cameras.status.unknown')} {d.unknown}
        </Tag>
        {d.disabled > 0 ? (
          <Tag>
            {t('cameras.status.disabled')} {d.disabled}
          </Tag>
        ) : null}
      </div>
      {d.offline.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cameras.health.allOnline')} />
      ) : (
        <div className="fq-cam-health-list">
          {d.offline.map((c) => (
            <div key={c.id} className="fq-cam-row" data-testid="offline-camera" data-code={c.code}>
              <div>
                <Link to={`/cameras/${c.id}`}>
                  <b>{c.name}</b>
                </Link>{' '}
                <span className="fq-muted">
                  {c.code}
                  {c.gridCode ? ` · ${c.gridCode}` : ''}
                </span>
              </div>
              <div style={{ fontSize: 12 }}>
                <Tag color="red">{c.reason ? t(`cameras.reason.${c.reason}`, { defaultValue: c.reason }) : '—'}</Tag>
                <span className="fq-muted">
                  {t('cameras.health.since')} <Since iso={c.since} now={now} />
                </span>
              </div>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
