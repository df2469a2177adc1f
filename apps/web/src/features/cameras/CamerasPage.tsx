import type { CameraSummary } from '@fengqiao/contracts';
import { Button, Card, Space, Table, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMe } from '../../api/queries';
import { ErrorAlert } from '../../shared/errors';
import { PageHeader } from '../../shared/PageHeader';
import { CameraForm } from './CameraForm';
import { EventsTable } from './EventsTable';
import { STATUS_COLOR } from './labels';
import { useCameras } from './queries';
import './cameras.css';

/** The camera registry: every camera of the station with its state, worker, rules and recent events. */
export default function CamerasPage() {
  const { t } = useTranslation();
  const cameras = useCameras();
  const me = useMe();
  const canManage = me.data?.permissions.includes('cameras.manage') ?? false;
  const [editing, setEditing] = useState<CameraSummary | null>(null);
  const [open, setOpen] = useState(false);

  return (
    <div className="fq-page" data-testid="cameras-page">
      <PageHeader
        title={t('cameras.title')}
        subtitle={t('cameras.subtitle')}
        extra={
          canManage ? (
            <Button
              type="primary"
              onClick={() => {
                setEditing(null);
                setOpen(true);
              }}
            >
              {t('cameras.add')}
            </Button>
          ) : null
        }
      />
      {cameras.error ? <ErrorAlert error={cameras.error} onRetry={() => cameras.refetch()} /> : null}
      <Card>
        <Table<CameraSummary>
          rowKey="id"
          size="middle"
          loading={cameras.isLoading}
          dataSource={cameras.data ?? []}
          locale={{ emptyText: t('cameras.empty') }}
          scroll={{ x: 900 }}
          pagination={false}
          columns={[
            { title: t('cameras.col.code'), dataIndex: 'code', width: 120 },
            {
              title: t('cameras.col.name'),
              dataIndex: 'name',
              render: (name: string, c) => <Link to={`/cameras/${c.id}`}>{name}</Link>,
            },
            { title: t('cameras.col.grid'), width: 80, render: (_, c) => c.grid?.code ?? '—' },
            {
              title: t('cameras.col.status'),
              width: 150,
              render: (_, c) => (
                <Tooltip
                  title={
                    c.statusReason
                      ? t(`cameras.reason.${c.statusReason}` as 'cameras.reason.no_worker', {
                          defaultValue: c.statusReason,
                        })
                      : null
                  }
                >
                  <Tag color={STATUS_COLOR[c.status]} data-testid={`camera-status-${c.code}`}>
                    {t(`cameras.status.${c.status}`)}
                  </Tag>
                </Tooltip>
              ),
            },
            { title: t('cameras.col.worker'), dataIndex: 'worker', width: 140, render: (w: string | null) => w ?? '—' },
            { title: t('cameras.col.rules'), dataIndex: 'rules', width: 70 },
            { title: t('cameras.col.events24h'), dataIndex: 'events24h', width: 100 },
            {
              title: '',
              width: 170,
              render: (_, c) => (
                <Space>
                  <Link to={`/cameras/${c.id}`}>{t('cameras.editor')}</Link>
                  {canManage ? (
                    <Button
                      type="link"
                      size="small"
                      onClick={() => {
                        setEditing(c);
                        setOpen(true);
                      }}
                    >
                      {t('cameras.edit')}
                    </Button>
                  ) : null}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Card title={t('cameras.event.list')} style={{ marginTop: 16 }}>
        <EventsTable query={{}} />
      </Card>
      <CameraForm camera={editing} open={open} onClose={() => setOpen(false)} />
    </div>
  );
}
