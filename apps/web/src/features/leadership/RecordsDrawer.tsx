import { Drawer, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../shared/errors';
import { useDimLabel } from './dims';
import { formatFigure } from './format';
import { useRecords } from './queries';

export interface DrillTarget {
  measure: string;
  unit: string;
  from: string;
  to: string;
  gridId?: string | undefined;
  dim?: string | undefined;
  /** County users: the station the figure is for (absent: the whole county). */
  station?: string | undefined;
}

const PAGE = 20;

/** The records behind one figure: the same record set the figure counts, newest first, paged. */
export function RecordsDrawer({ target, onClose }: { target: DrillTarget | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const [page, setPage] = useState(1);
  const q = target
    ? {
        measure: target.measure,
        from: target.from,
        to: target.to,
        gridId: target.gridId,
        station: target.station,
        dim: target.dim,
        offset: (page - 1) * PAGE,
        limit: PAGE,
      }
    : null;
  const rec = useRecords(q);
  const dimLabel = useDimLabel();
  const name = target ? t(`leadership.measure.${target.measure}` as 'leadership.measure.incidents_received') : '';
  return (
    <Drawer
      open={target !== null}
      onClose={() => {
        setPage(1);
        onClose();
      }}
      size={Math.min(760, window.innerWidth)}
      title={t('leadership.records.title', { measure: name })}
      destroyOnHidden
    >
      {rec.isError ? <ErrorAlert error={rec.error} onRetry={() => void rec.refetch()} /> : null}
      {rec.data && target ? (
        <Typography.Paragraph data-testid="records-summary">
          {t('leadership.records.summary', { from: rec.data.from, to: rec.data.to, total: rec.data.total })}
          {' · '}
          {t('leadership.records.valueIs', { value: formatFigure(target.unit, rec.data.value, i18n.language) })}
        </Typography.Paragraph>
      ) : null}
      <Table
        size="small"
        rowKey="id"
        loading={rec.isFetching}
        dataSource={rec.data?.rows ?? []}
        data-testid="records-table"
        pagination={{
          current: page,
          pageSize: PAGE,
          total: rec.data?.total ?? 0,
          showSizeChanger: false,
          onChange: setPage,
        }}
        columns={[
          {
            title: t('leadership.records.at'),
            dataIndex: 'at',
            width: 140,
            render: (v: string | null) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '—'),
          },
          { title: t('leadership.records.grid'), dataIndex: 'gridCode', width: 70, render: (v) => v ?? '—' },
          { title: t('leadership.records.item'), dataIndex: 'label', ellipsis: true },
          {
            title: t('leadership.records.dim'),
            dataIndex: 'dim',
            width: 110,
            render: (v: string | null) => (v && target ? <Tag>{dimLabel(target.measure, v)}</Tag> : null),
          },
          {
            title: t('leadership.records.value'),
            dataIndex: 'value',
            width: 80,
            align: 'right',
            render: (v: number | null) => (v === null ? '—' : v),
          },
        ]}
      />
    </Drawer>
  );
}
