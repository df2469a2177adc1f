import { HAZARD_CATEGORIES, HAZARD_STATUSES } from '@fengqiao/domain';
import { Card, Descriptions, Drawer, Select, Skeleton, Space, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../shared/errors';
import { PageHeader } from '../../../shared/PageHeader';
import { mmddHhmm } from '../format';
import { HazardTimeline } from '../HazardTimeline';
import { HAZARD_STATUS_COLOR } from '../phone/MyHazardsPage';
import { type HazardSummary, useHazard, useHazards } from '../queries';
import { useVolunteerLive } from '../useVolunteerLive';
import { HazardActions } from './HazardActions';
import '../volunteers.css';

/** The hazards board: reports in reach through assignment, rectification with evidence, verification and closing. */
export default function HazardBoardPage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<string | undefined>('reported,assigned,rectified');
  const [category, setCategory] = useState<string | undefined>();
  const [overdue, setOverdue] = useState(false);
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<string | null>(null);
  useVolunteerLive();
  const list = useHazards({ status, category, ...(overdue ? { overdue: 'true' } : {}), page, pageSize: 30 });
  const detail = useHazard(open);
  const h = detail.data;
  return (
    <div className="fq-page">
      <PageHeader title={t('volunteers.hazard.board')} />
      <Space wrap className="fq-filter-bar">
        <Select
          allowClear
          style={{ width: 220 }}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          placeholder={t('volunteers.hazard.filterStatus')}
          options={[
            {
              value: 'reported,assigned,rectified',
              label: `${t('volunteers.hazardStatus.reported')} / ${t('volunteers.hazardStatus.assigned')} / ${t('volunteers.hazardStatus.rectified')}`,
            },
            ...HAZARD_STATUSES.map((s) => ({ value: s, label: t(`volunteers.hazardStatus.${s}`) })),
          ]}
        />
        <Select
          allowClear
          style={{ width: 140 }}
          value={category}
          onChange={(v) => {
            setCategory(v);
            setPage(1);
          }}
          placeholder={t('volunteers.hazard.category')}
          options={HAZARD_CATEGORIES.map((c) => ({ value: c, label: t(`volunteers.hazardCategory.${c}`) }))}
        />
        <span>
          <Switch
            checked={overdue}
            onChange={(v) => {
              setOverdue(v);
              setPage(1);
            }}
          />{' '}
          {t('volunteers.hazard.filterOverdue')}
        </span>
      </Space>
      {list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      <Card>
        <Table<HazardSummary>
          size="small"
          rowKey="id"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          data-testid="hazard-table"
          pagination={{
            current: page,
            pageSize: 30,
            total: list.data?.total ?? 0,
            onChange: setPage,
            showSizeChanger: false,
          }}
          onRow={(r) =>
            ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' }, 'data-number': r.number }) as object
          }
          columns={[
            { title: t('volunteers.hazard.number'), dataIndex: 'number', width: 160 },
            { title: t('volunteers.hazard.titleLabel'), dataIndex: 'title' },
            {
              title: t('volunteers.hazard.category'),
              dataIndex: 'category',
              render: (c: string) => t(`volunteers.hazardCategory.${c}` as 'volunteers.hazardCategory.fire'),
            },
            { title: t('volunteers.hazard.reporter'), render: (_, r) => r.reporter.name ?? '—' },
            { title: t('volunteers.hazard.reportedAt'), dataIndex: 'reportedAt', render: (v: string) => mmddHhmm(v) },
            {
              title: t('volunteers.hazard.responsibleName'),
              render: (_, r) =>
                r.responsible ? `${t(`volunteers.responsibleKind.${r.responsible.kind}`)} ${r.responsible.name}` : '—',
            },
            {
              title: t('volunteers.hazard.dueOn'),
              render: (_, r) => (
                <>
                  {r.dueOn ?? '—'} {r.overdue ? <Tag color="red">{t('volunteers.hazard.overdue')}</Tag> : null}
                </>
              ),
            },
            {
              title: t('volunteers.common.status'),
              render: (_, r) => (
                <Tag color={HAZARD_STATUS_COLOR[r.status]} data-testid="hazard-row-status">
                  {t(`volunteers.hazardStatus.${r.status}`)}
                </Tag>
              ),
            },
          ]}
        />
      </Card>
      <Drawer
        open={Boolean(open)}
        onClose={() => setOpen(null)}
        size={520}
        title={h ? `${h.number} · ${h.title}` : ''}
        data-testid="hazard-drawer"
      >
        {detail.isLoading ? <Skeleton active /> : null}
        {detail.error ? <ErrorAlert error={detail.error} /> : null}
        {h ? (
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label={t('volunteers.common.status')}>
                <Tag color={HAZARD_STATUS_COLOR[h.status]} data-testid="hazard-drawer-status" data-status={h.status}>
                  {t(`volunteers.hazardStatus.${h.status}`)}
                </Tag>
              </Descriptions.Item>
              <Descriptions.Item label={t('volunteers.hazard.category')}>
                {t(`volunteers.hazardCategory.${h.category}`)}
              </Descriptions.Item>
              <Descriptions.Item label={t('volunteers.hazard.reporter')}>{h.reporter.name ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('volunteers.hazard.address')}>
                {h.address ?? ''} ({h.point[1].toFixed(5)}, {h.point[0].toFixed(5)})
              </Descriptions.Item>
              {h.description ? (
                <Descriptions.Item label={t('volunteers.hazard.description')}>{h.description}</Descriptions.Item>
              ) : null}
            </Descriptions>
            <HazardActions key={`${h.id}-${h.version}`} hazard={h} />
            <HazardTimeline hazard={h} />
          </Space>
        ) : null}
      </Drawer>
    </div>
  );
}
