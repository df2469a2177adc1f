import { SafetyCertificateOutlined, WarningOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Card, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { translateDynamic } from '../../app/i18n';
import { ErrorAlert } from '../../shared/errors';
import { PageHeader } from '../../shared/PageHeader';

/** One row of `GET /api/retention` (platform/retention/retention.routes.ts). */
interface RetentionPolicyView {
  id: string;
  module: string;
  kind: 'anonymise' | 'external' | 'keep';
  days: number | null;
  defaultDays: number | null;
  minDays: number;
  env: string;
  from: string;
  anonymises: string;
  keeps: string;
  lastRunAt: string | null;
  lastCutoff: string | null;
  lastRows: number | null;
  lastFiles: number | null;
  totalRows: number | null;
  totalFiles: number | null;
  lastChangeAt: string | null;
  guarded: boolean | null;
}

const KIND_COLOURS: Record<RetentionPolicyView['kind'], string> = {
  anonymise: 'blue',
  external: 'purple',
  keep: 'green',
};

/**
 * Read-only view of the retention registry for the administrators and the
 * auditor: each policy's period, what it removes and keeps, and its runs.
 * Policy texts come from the server in English; the dictionary translates
 * the known ones.
 */
export default function RetentionPage() {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: ['retention'],
    queryFn: () => api.get<{ items: RetentionPolicyView[] }>('/api/retention'),
    staleTime: 0,
  });
  const text = (p: RetentionPolicyView, field: 'name' | 'from' | 'anonymises' | 'keeps', fallback: string) =>
    translateDynamic(`retention.policy.${p.id.replaceAll('.', '_')}.${field}`, fallback);
  const count = (rows: number | null, files: number | null) =>
    rows === null ? (
      '—'
    ) : (
      <Space orientation="vertical" size={0}>
        <span>{t('retention.rows', { n: rows })}</span>
        {files ? <span className="fq-muted">{t('retention.files', { n: files })}</span> : null}
      </Space>
    );

  return (
    <div className="fq-page">
      <PageHeader title={t('retention.title')} subtitle={t('retention.subtitle')} />
      {q.error ? <ErrorAlert error={q.error} /> : null}
      <Card>
        <Table<RetentionPolicyView>
          data-testid="retention-table"
          rowKey="id"
          loading={q.isLoading}
          dataSource={q.data?.items ?? []}
          pagination={false}
          size="middle"
          scroll={{ x: 1080 }}
          columns={[
            {
              title: t('retention.col.policy'),
              key: 'policy',
              width: 190,
              render: (_, p) => (
                <Space orientation="vertical" size={2}>
                  <Typography.Text strong>{text(p, 'name', p.id)}</Typography.Text>
                  <span className="fq-mono fq-muted" style={{ fontSize: 12 }}>
                    {p.id}
                  </span>
                  <Tag color={KIND_COLOURS[p.kind]}>{t(`retention.kind.${p.kind}`)}</Tag>
                  {p.guarded === true ? (
                    <Tag icon={<SafetyCertificateOutlined />} color="success" data-testid="audit-guarded">
                      {t('retention.guarded')}
                    </Tag>
                  ) : p.guarded === false ? (
                    <Tag icon={<WarningOutlined />} color="error">
                      {t('retention.unguarded')}
                    </Tag>
                  ) : null}
                </Space>
              ),
            },
            {
              title: t('retention.col.period'),
              key: 'period',
              width: 140,
              render: (_, p) => (
                <Space orientation="vertical" size={0} data-testid={`period-${p.id}`}>
                  <Typography.Text strong>
                    {p.days === null ? t('retention.unlimited') : t('retention.days', { n: p.days })}
                  </Typography.Text>
                  {p.defaultDays !== null && p.defaultDays !== p.days ? (
                    <span className="fq-muted">{t('retention.defaultDays', { n: p.defaultDays })}</span>
                  ) : null}
                  <span className="fq-muted">{t('retention.minDays', { n: p.minDays })}</span>
                  <span
                    className="fq-mono fq-muted"
                    style={{ fontSize: 11, wordBreak: 'break-all' }}
                    title={t('retention.env')}
                  >
                    {p.env}
                  </span>
                </Space>
              ),
            },
            { title: t('retention.col.from'), key: 'from', width: 110, render: (_, p) => text(p, 'from', p.from) },
            {
              title: t('retention.col.anonymises'),
              key: 'anonymises',
              render: (_, p) => text(p, 'anonymises', p.anonymises),
            },
            { title: t('retention.col.keeps'), key: 'keeps', render: (_, p) => text(p, 'keeps', p.keeps) },
            {
              title: t('retention.col.lastRun'),
              key: 'lastRun',
              width: 100,
              render: (_, p) =>
                p.lastRunAt ? (
                  <span className="fq-mono" title={dayjs(p.lastRunAt).format('YYYY-MM-DD HH:mm:ss')}>
                    {dayjs(p.lastRunAt).format('MM-DD HH:mm')}
                  </span>
                ) : (
                  <span className="fq-muted">{p.kind === 'keep' ? '—' : t('retention.never')}</span>
                ),
            },
            {
              title: t('retention.col.lastPass'),
              key: 'lastPass',
              width: 90,
              render: (_, p) => count(p.lastRows, p.lastFiles),
            },
            {
              title: t('retention.col.total'),
              key: 'total',
              width: 100,
              render: (_, p) => <span data-testid={`total-${p.id}`}>{count(p.totalRows, p.totalFiles)}</span>,
            },
          ]}
        />
      </Card>
    </div>
  );
}
