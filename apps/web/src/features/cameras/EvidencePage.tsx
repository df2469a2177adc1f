import { Alert, Button, Card, Descriptions, Form, Input, Space, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ErrorAlert } from '../../shared/errors';
import { PageHeader } from '../../shared/PageHeader';
import { chinaTime, pct } from './labels';
import { useEvidence } from './queries';
import { ReviewButtons } from './ReviewButtons';
import './cameras.css';

/**
 * One event's evidence: the timestamped frames (before, during, after) with
 * their content hashes and what the worker measured. Frames show people and
 * plates, so the page asks why first; the server audits every view with it.
 */
export default function EvidencePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const [purpose, setPurpose] = useState<string | null>(null);
  const ev = useEvidence(id, purpose);

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
  return (
    <div className="fq-page" data-testid="evidence-page">
      <PageHeader
        title={`${t('cameras.event.title')} · ${e.rule.name}`}
        subtitle={`${e.camera.name} · ${chinaTime(e.occurredAt)}`}
        extra={e.violation ? <ReviewButtons event={e} /> : null}
      />
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
            {e.plateStatus === 'read'
              ? e.plate
              : e.plateStatus === 'unreadable'
                ? t('cameras.event.plateUnreadable')
                : t('cameras.event.plateNa')}
          </Descriptions.Item>
          <Descriptions.Item label={t('cameras.event.incident')}>{e.incidentNumber ?? '—'}</Descriptions.Item>
          {e.violation ? (
            <Descriptions.Item label={t('cameras.event.review')}>
              <Space>
                {t(`cameras.queue.${e.review.status}`)}
                {e.review.reason ? `：${e.review.reason}` : ''}
                {e.review.by ? `（${e.review.by}）` : ''}
              </Space>
            </Descriptions.Item>
          ) : null}
        </Descriptions>
      </Card>
      <Card title={t('cameras.event.frames')} style={{ marginTop: 16 }}>
        <div className="fq-cam-frames">
          {d.evidence.map((v) => (
            <figure key={v.id} data-testid="evidence-frame">
              {v.contentType.startsWith('image/') ? (
                <img src={`/api/camera-events/${e.id}/evidence/${v.id}?${q}`} alt={t(`cameras.event.role.${v.role}`)} />
              ) : (
                // biome-ignore lint/a11y/useMediaCaption: evidence clips have no audio track or captions
                <video src={`/api/camera-events/${e.id}/evidence/${v.id}?${q}`} controls style={{ width: '100%' }} />
              )}
              <figcaption>
                <Tag>{t(`cameras.event.role.${v.role}`)}</Tag>
                {chinaTime(v.capturedAt)} · {t('cameras.event.sha')} {v.sha256}
              </figcaption>
            </figure>
          ))}
        </div>
      </Card>
    </div>
  );
}
