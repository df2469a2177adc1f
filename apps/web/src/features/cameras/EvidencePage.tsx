import type { CameraEventView, EvidenceView } from '@fengqiao/contracts';
import { Alert, Button, Card, Descriptions, Empty, Form, Input, Space, Tag } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { live, useLiveStatus } from '../../api/live';
import { ErrorAlert } from '../../shared/errors';
import { PageHeader } from '../../shared/PageHeader';
import { ExportButton } from './ExportButton';
import { chinaTime, pct } from './labels';
import { useEvidence } from './queries';
import { ReviewButtons } from './ReviewButtons';
import './cameras.css';

const FRAME_ROLES = ['before', 'during', 'after'];

/** A frame with the regions a blurred export hides drawn over it (dashed), so the officer sees what leaves blurred. */
function Frame({ src, v, alt }: { src: string; v: EvidenceView; alt: string }) {
  return (
    <div className="fq-cam-shot">
      <img src={src} alt={alt} />
      {(v.regions ?? []).map((r, i) => (
        <span
          // biome-ignore lint/suspicious/noArrayIndexKey: regions have no id and never reorder
          key={i}
          className={`fq-cam-region fq-cam-region-${r.kind}`}
          style={{
            left: `${r.box[0] * 100}%`,
            top: `${r.box[1] * 100}%`,
            width: `${r.box[2] * 100}%`,
            height: `${r.box[3] * 100}%`,
          }}
        />
      ))}
    </div>
  );
}

/** Who reviews it: violations with a read plate are reviewed once, in the traffic violation queue. */
function ReviewPlace({ e }: { e: CameraEventView }) {
  const { t } = useTranslation();
  if (!e.violation) return null;
  // Where it is reviewed depends on the plate, which comes with the rest of the evidence.
  if (e.evidencePending)
    return (
      <Tag color="processing" data-testid="evidence-pending-review">
        {t('cameras.event.evidencePending')}
      </Tag>
    );
  if (e.handoff.status === 'submitted' || e.handoff.status === 'pending')
    return (
      <Link to="/traffic/violations">
        <Button type="primary" data-testid="open-traffic-review">
          {t('cameras.handoff.open')}
        </Button>
      </Link>
    );
  return <ReviewButtons event={e} />;
}

/**
 * One event's evidence: the timestamped frames (before, during, after) with
 * their content hashes, the plate close-up with the plate as read (or
 * "unreadable": the reader never guesses), and the short clip. Frames show
 * people and plates, so the page asks why first; the server audits every
 * view with it.
 */
export default function EvidencePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const [purpose, setPurpose] = useState<string | null>(null);
  const ev = useEvidence(id, purpose);
  const pending = ev.data?.event.evidencePending === true;
  const refetch = ev.refetch;
  // The worker appends the after-frame, plate and clip after the alert: refetch when they arrive (one more audited view).
  useEffect(() => {
    if (!pending) return;
    return live.subscribe('cameras.evidence', (payload) => {
      if ((payload as { eventId?: string }).eventId === id) void refetch();
    });
  }, [pending, id, refetch]);
  // A push missed while the socket was down: look again once it is back.
  const liveStatus = useLiveStatus();
  const lastStatus = useRef(liveStatus);
  useEffect(() => {
    const was = lastStatus.current;
    lastStatus.current = liveStatus;
    if (pending && liveStatus === 'open' && was !== 'open') void refetch();
  }, [liveStatus, pending, refetch]);

  if (purpose === null)
    return (
      <div className="fq-page" data-testid="evidence-purpose">
        <PageHeader title={t('cameras.event.purposeTitle')} />
        <Card style={{ maxWidth: 560 }}>
          <Alert type="info" showIcon title={t('cameras.event.purposeHelp')} style={{ marginBottom: 16 }} />
          <Form layout="vertical" onFinish={(v: { purpose: string }) => setPurpose(v.purpose.trim())}>
            <Form.Item
              name="purpose"
              label={t('cameras.event.purpose')}
              rules={[{ required: true, min: 4, whitespace: true, message: t('cameras.event.purposeRequired') }]}
            >
              <Input.TextArea rows={2} maxLength={200} data-testid="purpose-input" />
            </Form.Item>
            <Button type="primary" htmlType="submit" data-testid="purpose-submit">
              {t('cameras.event.open')}
            </Button>
          </Form>
        </Card>
      </div>
    );
  if (ev.error) return <ErrorAlert error={ev.error} onRetry={() => ev.refetch()} />;
  const d = ev.data;
  if (!d) return <Card loading />;
  const e = d.event;
  const q = `purpose=${encodeURIComponent(purpose)}`;
  const url = (v: EvidenceView) => `/api/camera-events/${e.id}/evidence/${v.id}?${q}`;
  const frames = d.evidence.filter((v) => FRAME_ROLES.includes(v.role));
  const plate = d.evidence.find((v) => v.role === 'plate');
  const clip = d.evidence.find((v) => v.role === 'clip');
  const vehicle = e.plateStatus !== 'not_applicable';
  const plateText =
    e.plateStatus === 'read'
      ? e.plate
      : e.plateStatus === 'unreadable'
        ? t('cameras.event.plateUnreadable')
        : e.plateStatus === 'pending'
          ? t('cameras.event.plateReading')
          : t('cameras.event.plateNa');
  return (
    <div className="fq-page" data-testid="evidence-page">
      <PageHeader
        title={`${t('cameras.event.title')} · ${e.rule.name}`}
        subtitle={`${e.camera.name} · ${chinaTime(e.occurredAt)}`}
        extra={
          <Space>
            <ExportButton eventIds={[e.id]} />
            <ReviewPlace e={e} />
          </Space>
        }
      />
      {e.evidencePending ? (
        <Alert
          type="info"
          showIcon
          title={t('cameras.event.evidencePendingHelp')}
          style={{ marginBottom: 16 }}
          data-testid="evidence-pending"
          data-live={liveStatus}
        />
      ) : null}
      <Card>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} bordered>
          <Descriptions.Item label={t('cameras.event.time')}>{chinaTime(e.occurredAt)}</Descriptions.Item>
          <Descriptions.Item label={t('cameras.event.camera')}>
            <Link to={`/cameras/${e.camera.id}`}>
              {e.camera.name}（{e.camera.code}）
            </Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('cameras.event.rule')}>
            {e.rule.name} <Tag color="blue">{t(`cameras.rule.kind.${e.kind}`)}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('cameras.event.object')}>
            {e.objectClass ? t(`cameras.cls.${e.objectClass}`) : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('cameras.event.confidence')}>{pct(e.confidence)}</Descriptions.Item>
          {e.dwellSeconds !== null ? (
            <Descriptions.Item label={t('cameras.event.dwell')}>{Math.round(e.dwellSeconds)} s</Descriptions.Item>
          ) : null}
          {e.speedKmh !== null ? (
            <Descriptions.Item label={t('cameras.event.speed')}>{e.speedKmh} km/h</Descriptions.Item>
          ) : null}
          {e.count !== null ? <Descriptions.Item label={t('cameras.event.count')}>{e.count}</Descriptions.Item> : null}
          <Descriptions.Item label={t('cameras.event.plate')}>
            <span data-testid="event-plate">{plateText}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('cameras.event.incident')}>{e.incidentNumber ?? '—'}</Descriptions.Item>
          {e.violation ? (
            <Descriptions.Item label={t('cameras.event.review')}>
              <Space wrap>
                {t(`cameras.queue.${e.review.status}`)}
                {e.review.reason ? `：${e.review.reason}` : ''}
                {e.review.by ? `（${e.review.by}）` : ''}
                <Tag color={e.handoff.status === 'submitted' ? 'blue' : 'default'} data-testid="event-handoff">
                  {t(`cameras.handoff.${e.handoff.status}`)}
                </Tag>
              </Space>
            </Descriptions.Item>
          ) : null}
        </Descriptions>
      </Card>
      <Card
        title={t('cameras.event.frames')}
        extra={<span className="fq-muted">{t('cameras.event.regionsHelp')}</span>}
        style={{ marginTop: 16 }}
      >
        <div className="fq-cam-frames">
          {frames.map((v) => (
            <figure key={v.id} data-testid="evidence-frame">
              <Frame src={url(v)} v={v} alt={t(`cameras.event.role.${v.role}`)} />
              <figcaption>
                <Tag>{t(`cameras.event.role.${v.role}`)}</Tag>
                {chinaTime(v.capturedAt)} · {t('cameras.event.sha')} {v.sha256}
                {v.regions === null || v.regions.length === 0 ? (
                  <Tag color="orange" style={{ marginLeft: 6 }}>
                    {t('cameras.event.noRegions')}
                  </Tag>
                ) : null}
              </figcaption>
            </figure>
          ))}
        </div>
      </Card>
      <div className="fq-cam-evidence-side">
        <Card title={t('cameras.event.role.plate')} data-testid="evidence-plate">
          {plate ? (
            <figure style={{ margin: 0 }}>
              <img className="fq-cam-plate-img" src={url(plate)} alt={t('cameras.event.role.plate')} />
              <figcaption className="fq-muted" style={{ fontSize: 12, wordBreak: 'break-all' }}>
                {chinaTime(plate.capturedAt)} · {t('cameras.event.sha')} {plate.sha256}
              </figcaption>
            </figure>
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cameras.event.noPlateImage')} />
          )}
          {vehicle ? (
            e.plateStatus === 'read' ? (
              <div className="fq-cam-plate-text" data-testid="plate-read">
                {e.plate}
              </div>
            ) : e.plateStatus === 'pending' ? (
              <div className="fq-cam-plate-none" data-testid="plate-reading">
                {t('cameras.event.plateReading')}
              </div>
            ) : (
              <div className="fq-cam-plate-none" data-testid="plate-unreadable">
                {t('cameras.event.plateUnreadableLong')}
              </div>
            )
          ) : null}
        </Card>
        <Card title={t('cameras.event.role.clip')}>
          {clip ? (
            <>
              {/* biome-ignore lint/a11y/useMediaCaption: evidence clips have no audio track or speech to caption */}
              <video className="fq-cam-clip" src={url(clip)} controls preload="metadata" data-testid="evidence-clip" />
              <div className="fq-muted" style={{ fontSize: 12, wordBreak: 'break-all' }}>
                {chinaTime(clip.capturedAt)} · {Math.round(clip.size / 1024)} KB · {t('cameras.event.sha')}{' '}
                {clip.sha256}
              </div>
            </>
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cameras.event.noClip')} />
          )}
        </Card>
      </div>
    </div>
  );
}
