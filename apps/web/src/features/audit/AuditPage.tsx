import { CheckCircleTwoTone, SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons';
import type { AuditEntryView, AuditVerifyResult } from '@fengqiao/contracts';
import { type UseMutationResult, useMutation } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useAudit } from '../../api/queries';
import { translateDynamic } from '../../app/i18n';
import { ErrorAlert, useErrorText } from '../../shared/errors';
import { PageHeader } from '../../shared/PageHeader';

const OUTCOMES = ['ok', 'denied', 'failed', 'error'] as const;
type Outcome = (typeof OUTCOMES)[number];
const OUTCOME_COLOURS: Record<Outcome, string> = { ok: 'green', denied: 'red', failed: 'orange', error: 'magenta' };

interface Filters {
  range?: [Dayjs | null, Dayjs | null] | null;
  actor?: string;
  action?: string;
  resourceType?: string;
  resourceId?: string;
  outcome?: Outcome;
}

interface Query {
  from?: string;
  to?: string;
  actor?: string;
  action?: string;
  resourceType?: string;
  resourceId?: string;
  outcome?: Outcome;
}

function toQuery(f: Filters): Query {
  const clean = (s: string | undefined) => (s?.trim() ? s.trim() : undefined);
  const [from, to] = f.range ?? [null, null];
  const q: Query = {};
  if (from) q.from = from.toISOString();
  if (to) q.to = to.toISOString();
  const actor = clean(f.actor);
  const action = clean(f.action);
  const resourceType = clean(f.resourceType);
  const resourceId = clean(f.resourceId);
  if (actor) q.actor = actor;
  if (action) q.action = action;
  if (resourceType) q.resourceType = resourceType;
  if (resourceId) q.resourceId = resourceId;
  if (f.outcome) q.outcome = f.outcome;
  return q;
}

export default function AuditPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<Filters>();
  const [query, setQuery] = useState<Query>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  const audit = useAudit({ ...query, page, pageSize });
  const verify = useMutation({ mutationFn: () => api.post<AuditVerifyResult>('/api/audit/verify') });

  return (
    <div className="fq-page">
      <PageHeader
        title={t('audit.title')}
        subtitle={t('audit.subtitle')}
        extra={
          <Button
            icon={<SafetyCertificateOutlined />}
            loading={verify.isPending}
            onClick={() => verify.mutate()}
            data-testid="audit-verify"
          >
            {t('audit.verify')}
          </Button>
        }
      />
      <VerifyResult verify={verify} />
      <Card>
        <Form<Filters>
          form={form}
          layout="inline"
          className="fq-filter-bar"
          onFinish={(v) => {
            setQuery(toQuery(v));
            setPage(1);
          }}
          style={{ rowGap: 12 }}
        >
          <Form.Item name="range" label={t('audit.timeRange')}>
            <DatePicker.RangePicker
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
              allowEmpty={[true, true]}
            />
          </Form.Item>
          <Form.Item name="actor" label={t('audit.actor')}>
            <Input
              placeholder={t('audit.actorPlaceholder')}
              allowClear
              style={{ width: 140 }}
              data-testid="audit-actor"
            />
          </Form.Item>
          <Form.Item name="action" label={t('audit.action')}>
            <Input
              placeholder={t('audit.actionPlaceholder')}
              allowClear
              style={{ width: 240 }}
              data-testid="audit-action"
            />
          </Form.Item>
          <Form.Item name="resourceType" label={t('audit.resourceType')}>
            <Input allowClear style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="resourceId" label={t('audit.resourceId')}>
            <Input allowClear style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="outcome" label={t('audit.outcome')}>
            <Select<Outcome>
              allowClear
              style={{ width: 110 }}
              options={OUTCOMES.map((o) => ({ value: o, label: t(`audit.outcomes.${o}`) }))}
            />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="audit-search">
                {t('app.search')}
              </Button>
              <Button
                onClick={() => {
                  form.resetFields();
                  setQuery({});
                  setPage(1);
                }}
              >
                {t('app.reset')}
              </Button>
            </Space>
          </Form.Item>
        </Form>
        {audit.isError ? (
          <ErrorAlert error={audit.error} onRetry={() => void audit.refetch()} />
        ) : (
          <Table<AuditEntryView>
            rowKey="id"
            size="small"
            loading={audit.isFetching}
            dataSource={audit.data?.items ?? []}
            data-testid="audit-table"
            scroll={{ x: 1080 }}
            expandable={{ expandedRowRender: (e) => <EntryDetails entry={e} /> }}
            pagination={{
              current: page,
              pageSize,
              total: audit.data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [20, 50, 100, 200],
              showTotal: (n) => t('app.total', { count: n }),
              onChange: (p, s) => {
                setPage(s === pageSize ? p : 1);
                setPageSize(s);
              },
            }}
            columns={[
              {
                title: t('audit.at'),
                dataIndex: 'at',
                width: 165,
                render: (at: string) => <span className="fq-mono">{dayjs(at).format('YYYY-MM-DD HH:mm:ss')}</span>,
              },
              {
                title: t('audit.actor'),
                key: 'actor',
                width: 150,
                render: (_v, e) => (
                  <span>
                    {e.actorName ?? <Typography.Text type="secondary">{t('audit.anonymous')}</Typography.Text>}
                    {e.actorRoles.length > 0 ? (
                      <div className="fq-muted" style={{ fontSize: 12 }}>
                        {e.actorRoles.map((r) => translateDynamic(`roles.${r}`, r)).join('、')}
                      </div>
                    ) : null}
                  </span>
                ),
              },
              {
                title: t('audit.action'),
                dataIndex: 'action',
                width: 190,
                render: (a: string) => (
                  <span>
                    {translateDynamic(`audit.actions.${a}`, a)}
                    <div className="fq-error-code">{a}</div>
                  </span>
                ),
              },
              {
                title: t('audit.resource'),
                key: 'resource',
                render: (_v, e) =>
                  e.resourceType ? (
                    <span className="fq-mono">
                      {e.resourceType}
                      {e.resourceId ? <div className="fq-muted">{e.resourceId}</div> : null}
                    </span>
                  ) : (
                    '—'
                  ),
              },
              {
                title: t('audit.outcome'),
                dataIndex: 'outcome',
                width: 80,
                render: (o: Outcome) => <Tag color={OUTCOME_COLOURS[o]}>{t(`audit.outcomes.${o}`)}</Tag>,
              },
              {
                title: t('audit.purpose'),
                dataIndex: 'purpose',
                width: 160,
                ellipsis: { showTitle: true },
                render: (p: string | null) => p ?? '—',
              },
              {
                title: t('audit.ip'),
                dataIndex: 'ip',
                width: 120,
                render: (ip: string | null) => <span className="fq-mono">{ip ?? '—'}</span>,
              },
              {
                title: '',
                dataIndex: 'sealed',
                width: 44,
                render: (sealed: boolean) => (
                  <Tooltip title={sealed ? t('audit.sealed') : t('audit.unsealed')}>
                    {sealed ? <CheckCircleTwoTone twoToneColor="#52c41a" /> : <span className="fq-muted">…</span>}
                  </Tooltip>
                ),
              },
            ]}
          />
        )}
      </Card>
    </div>
  );
}

function EntryDetails({ entry }: { entry: AuditEntryView }) {
  const { t } = useTranslation();
  return (
    <div data-testid="audit-details">
      <Descriptions size="small" column={3} style={{ marginBottom: 8 }}>
        <Descriptions.Item label="ID">{entry.id}</Descriptions.Item>
        <Descriptions.Item label={t('audit.actorId')}>{entry.actorId ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('audit.sealed')}>{entry.sealed ? t('app.yes') : t('app.no')}</Descriptions.Item>
      </Descriptions>
      <Typography.Text strong>{t('audit.details')}</Typography.Text>
      <pre className="fq-json">{JSON.stringify(entry.details, null, 2)}</pre>
    </div>
  );
}

function VerifyResult({ verify }: { verify: UseMutationResult<AuditVerifyResult, Error, void> }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const r = verify.data;
  if (verify.isError) {
    return (
      <Alert
        type="error"
        showIcon
        title={errorText(verify.error)}
        className="fq-verify"
        closable={{ onClose: () => verify.reset() }}
      />
    );
  }
  if (!r) return null;
  if (r.ok) {
    return (
      <Alert
        type="success"
        showIcon
        className="fq-verify"
        data-testid="verify-result"
        title={t('audit.verifyOk')}
        description={t('audit.verifyOkBody', { checked: r.checked, headSeq: r.headSeq, unsealed: r.unsealed })}
        closable={{ onClose: () => verify.reset() }}
      />
    );
  }
  return (
    <Alert
      type="error"
      showIcon
      className="fq-verify"
      data-testid="verify-result"
      title={t('audit.verifyBad', { count: r.problems.length })}
      description={
        <Table
          size="small"
          rowKey={(p) => `${p.seq ?? ''}-${p.id ?? ''}-${p.problem}`}
          pagination={r.problems.length > 10 ? { pageSize: 10 } : false}
          dataSource={r.problems}
          columns={[
            {
              title: t('audit.verifyProblemSeq'),
              dataIndex: 'seq',
              width: 100,
              render: (v: number | null) => v ?? '—',
            },
            { title: t('audit.verifyProblemId'), dataIndex: 'id', width: 100, render: (v: number | null) => v ?? '—' },
            { title: t('audit.verifyProblem'), dataIndex: 'problem' },
          ]}
        />
      }
    />
  );
}
