import type { CameraEventView } from '@fengqiao/contracts';
import { Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMe } from '../../api/queries';
import { ErrorAlert } from '../../shared/errors';
import { ExportButton } from './ExportButton';
import { chinaTime, pct } from './labels';
import { useCameraEvents } from './queries';

const REVIEW_COLOR = { pending: 'gold', confirmed: 'red', rejected: 'default' } as const;

/**
 * Camera events, newest first, each opening its evidence page. Officers who
 * may export pick events here for a blurred export.
 */
export function EventsTable({ query }: { query: { cameraId?: string; review?: string; violationsOnly?: boolean } }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<string[]>([]);
  const me = useMe();
  const canExport = me.data?.permissions.includes('evidence.export') ?? false;
  const events = useCameraEvents({ ...query, page });
  if (events.error) return <ErrorAlert error={events.error} onRetry={() => events.refetch()} />;
  return (
    <>
      {canExport ? (
        <Space style={{ marginBottom: 8 }}>
          <ExportButton eventIds={selected} size="small" />
          <span className="fq-muted">{t('cameras.export.pick')}</span>
        </Space>
      ) : null}
      <Table<CameraEventView>
        {...(canExport
          ? {
              rowSelection: {
                selectedRowKeys: selected,
                onChange: (keys) => setSelected(keys.map(String)),
                getCheckboxProps: (e: CameraEventView) => ({ disabled: e.evidenceCount === 0 }),
              },
            }
          : {})}
        rowKey="id"
        size="small"
        loading={events.isLoading}
        dataSource={events.data?.items ?? []}
        locale={{ emptyText: t('cameras.event.none') }}
        scroll={{ x: 760 }}
        pagination={{
          current: page,
          pageSize: 50,
          total: events.data?.total ?? 0,
          onChange: setPage,
          showSizeChanger: false,
        }}
        columns={[
          { title: t('cameras.event.time'), width: 170, render: (_, e) => chinaTime(e.occurredAt) },
          { title: t('cameras.event.camera'), render: (_, e) => e.camera.name },
          { title: t('cameras.event.rule'), render: (_, e) => `${e.rule.name}（${t(`cameras.rule.kind.${e.kind}`)}）` },
          {
            title: t('cameras.event.object'),
            width: 90,
            render: (_, e) => (e.objectClass ? t(`cameras.cls.${e.objectClass}`) : '—'),
          },
          { title: t('cameras.event.confidence'), width: 80, render: (_, e) => pct(e.confidence) },
          {
            title: t('cameras.event.review'),
            width: 140,
            render: (_, e) =>
              e.violation ? (
                <Space size={4} wrap>
                  <Tag color={REVIEW_COLOR[e.review.status]}>{t(`cameras.queue.${e.review.status}`)}</Tag>
                  {e.handoff.status === 'submitted' || e.handoff.status === 'pending' ? (
                    <Tag color="blue">{t('cameras.handoff.short')}</Tag>
                  ) : null}
                </Space>
              ) : (
                '—'
              ),
          },
          { title: t('cameras.event.incident'), width: 150, render: (_, e) => e.incidentNumber ?? '—' },
          {
            title: '',
            width: 70,
            render: (_, e) => <Link to={`/cameras/events/${e.id}`}>{t('cameras.event.open')}</Link>,
          },
        ]}
      />
    </>
  );
}
