import type { CameraEventView, RuleQuality } from '@fengqiao/contracts';
import { Alert, Card, Segmented, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ErrorAlert } from '../../shared/errors';
import { PageHeader } from '../../shared/PageHeader';
import { ExportButton } from './ExportButton';
import { chinaTime, pct } from './labels';
import { useCameraEvents, useRuleQuality } from './queries';
import { ReviewButtons } from './ReviewButtons';

/**
 * The cameras side of violation review: only violations without a read
 * plate (they cannot go to the enforcement system, but their review still
 * measures the rule). Violations with a plate are reviewed, once, in the
 * traffic violation queue; its decisions feed the same false-alarm rates.
 */
export default function ReviewPage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<'pending' | 'confirmed' | 'rejected'>('pending');
  const [selected, setSelected] = useState<string[]>([]);
  const events = useCameraEvents({ review: status, violationsOnly: true, reviewedHere: true });
  const quality = useRuleQuality();
  return (
    <div className="fq-page" data-testid="camera-review">
      <PageHeader title={t('cameras.queue.title')} subtitle={t('cameras.queue.subtitle')} />
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title={t('cameras.handoff.banner')}
        action={<Link to="/traffic/violations">{t('cameras.handoff.open')}</Link>}
        data-testid="handoff-banner"
      />
      <Card
        title={
          <Space>
            {t('cameras.queue.here')}
            <ExportButton eventIds={selected} size="small" />
          </Space>
        }
        extra={
          <Segmented
            value={status}
            onChange={(v) => setStatus(v as typeof status)}
            options={(['pending', 'confirmed', 'rejected'] as const).map((s) => ({
              value: s,
              label: t(`cameras.queue.${s}`),
            }))}
          />
        }
      >
        {events.error ? <ErrorAlert error={events.error} onRetry={() => events.refetch()} /> : null}
        <Table<CameraEventView>
          rowKey="id"
          size="small"
          loading={events.isLoading}
          dataSource={events.data?.items ?? []}
          locale={{ emptyText: t('cameras.event.none') }}
          scroll={{ x: 760 }}
          pagination={false}
          rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(String)) }}
          columns={[
            { title: t('cameras.event.time'), width: 170, render: (_, e) => chinaTime(e.occurredAt) },
            { title: t('cameras.event.camera'), render: (_, e) => e.camera.name },
            { title: t('cameras.event.rule'), render: (_, e) => e.rule.name },
            { title: t('cameras.event.confidence'), width: 80, render: (_, e) => pct(e.confidence) },
            { title: t('cameras.queue.reason'), render: (_, e) => e.review.reason ?? '—' },
            {
              title: '',
              width: 70,
              render: (_, e) => <Link to={`/cameras/events/${e.id}`}>{t('cameras.event.open')}</Link>,
            },
            { title: '', width: 190, render: (_, e) => <ReviewButtons event={e} /> },
          ]}
        />
      </Card>
      <Card title={t('cameras.queue.quality')} style={{ marginTop: 16 }}>
        <Alert type="info" showIcon={false} style={{ marginBottom: 8 }} title={t('cameras.queue.qualityHelp')} />
        <Table<RuleQuality>
          rowKey="ruleId"
          size="small"
          loading={quality.isLoading}
          dataSource={quality.data ?? []}
          pagination={false}
          scroll={{ x: 640 }}
          columns={[
            { title: t('cameras.event.camera'), dataIndex: 'cameraName' },
            { title: t('cameras.event.rule'), dataIndex: 'ruleName' },
            { title: t('cameras.events'), dataIndex: 'events', width: 70 },
            { title: t('cameras.queue.confirmed'), dataIndex: 'confirmed', width: 80 },
            { title: t('cameras.queue.rejected'), dataIndex: 'rejected', width: 80 },
            { title: t('cameras.queue.pending'), dataIndex: 'pending', width: 80 },
            { title: t('cameras.queue.falseRate'), width: 90, render: (_, r) => pct(r.falseAlarmRate) },
          ]}
        />
      </Card>
    </div>
  );
}
