import type { HallApplicationDetail, HallApplicationSummary } from '@fengqiao/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Checkbox,
  Descriptions,
  Drawer,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Timeline,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { api } from '../../api/client';
import type { Page } from '../../api/queries';
import { ErrorAlert } from '../../shared/errors';
import { PageHeader } from '../../shared/PageHeader';
import { APPLICATION_COLORS } from '../citizen/ApplicationsPage';
import { dayTime, nameOf } from './hall-api';
import { useHallErrorText } from './hall-errors';

type Summary = z.infer<typeof HallApplicationSummary>;
const STATUSES = ['submitted', 'in_review', 'needs_correction', 'approved', 'rejected', 'withdrawn'] as const;
type Decision = 'correction' | 'approve' | 'reject';

/**
 * `/hall/applications`: online applications to review. The deadline in
 * working days runs from the last complete submission; a correction request
 * stops it, the resident's resubmission starts it again.
 */
export default function ApplicationsReviewPage() {
  const { t, i18n } = useTranslation();
  const [status, setStatus] = useState<string | undefined>('submitted');
  const [overdue, setOverdue] = useState(false);
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [openId, setOpenId] = useState<string | null>(null);
  const query = { status, overdue: overdue ? 'true' : undefined, q: q || undefined, page, pageSize: 20 };
  const list = useQuery({
    queryKey: ['hall', 'applications', query],
    queryFn: () => api.get<Page<Summary>>('/api/hall/applications', query),
  });
  return (
    <div className="fq-page">
      <PageHeader title={t('hall.review.title')} subtitle={t('hall.review.subtitle')} />
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          style={{ width: 160 }}
          placeholder={t('hall.review.allStatuses')}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          options={STATUSES.map((s) => ({ value: s, label: t(`hall.appStatus.${s}`) }))}
          data-testid="review-status"
        />
        <Checkbox checked={overdue} onChange={(e) => setOverdue(e.target.checked)}>
          {t('hall.review.overdueOnly')}
        </Checkbox>
        <Input.Search
          allowClear
          placeholder={t('hall.review.search')}
          onSearch={(v) => {
            setQ(v);
            setPage(1);
          }}
          style={{ width: 240 }}
        />
      </Space>
      {list.error ? <ErrorAlert error={list.error} onRetry={() => list.refetch()} /> : null}
      <Table<Summary>
        rowKey="id"
        size="middle"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        onRow={(r) => ({ onClick: () => setOpenId(r.id), style: { cursor: 'pointer' } })}
        pagination={{
          current: page,
          pageSize: 20,
          total: list.data?.total ?? 0,
          onChange: setPage,
          showSizeChanger: false,
        }}
        data-testid="review-table"
        columns={[
          { title: t('hall.review.number'), dataIndex: 'number' },
          { title: t('hall.clerk.service'), render: (_, r) => nameOf(r.service, i18n.language) },
          { title: t('hall.review.applicant'), render: (_, r) => `${r.applicantName} ${r.idNumber}` },
          { title: t('hall.review.submitted'), render: (_, r) => dayTime(r.lastSubmittedAt) },
          {
            title: t('hall.review.due'),
            render: (_, r) => (
              <span>
                {r.dueDay}
                {r.workingDaysLeft !== null ? (
                  <Tag
                    color={r.overdue ? 'red' : r.workingDaysLeft <= 1 ? 'orange' : 'default'}
                    style={{ marginLeft: 6 }}
                  >
                    {r.overdue ? t('hall.review.overdue') : t('hall.review.daysLeft', { n: r.workingDaysLeft })}
                  </Tag>
                ) : null}
              </span>
            ),
          },
          { title: t('hall.review.round'), dataIndex: 'round', align: 'right' },
          {
            title: t('hall.stats.state'),
            render: (_, r) => <Tag color={APPLICATION_COLORS[r.status]}>{t(`hall.appStatus.${r.status}`)}</Tag>,
          },
        ]}
      />
      <ApplicationDrawer id={openId} onClose={() => setOpenId(null)} />
    </div>
  );
}

function ApplicationDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const errorText = useHallErrorText();
  const [decision, setDecision] = useState<Decision | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ reason?: string; note?: string; materialCodes?: string[] }>();
  const detail = useQuery({
    queryKey: ['hall', 'application', id],
    queryFn: () => api.get<HallApplicationDetail>(`/api/hall/applications/${id}`),
    enabled: Boolean(id),
  });
  const a = detail.data;
  const en = i18n.language === 'en-US';
  const open = ['submitted', 'in_review'].includes(a?.status ?? '');

  const post = async (path: string, body: Record<string, unknown>, done: string) => {
    if (!a) return;
    setBusy(true);
    try {
      await api.post(`/api/hall/applications/${a.id}/${path}`, { ...body, version: a.version });
      message.success(done);
      setDecision(null);
      await Promise.all([detail.refetch(), qc.invalidateQueries({ queryKey: ['hall', 'applications'] })]);
    } catch (e) {
      message.error(errorText(e));
      void detail.refetch();
    } finally {
      setBusy(false);
    }
  };

  const submitDecision = async () => {
    // Field errors show under the fields; nothing is sent.
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    if (decision === 'correction')
      await post(
        'request-correction',
        { reason: v.reason, materialCodes: v.materialCodes ?? [] },
        t('hall.review.correctionSent'),
      );
    if (decision === 'approve') await post('approve', v.note ? { note: v.note } : {}, t('hall.review.approved'));
    if (decision === 'reject') await post('reject', { reason: v.reason }, t('hall.review.rejected'));
  };

  return (
    <Drawer
      open={Boolean(id)}
      onClose={onClose}
      size={640}
      title={a ? `${a.number} · ${nameOf(a.service, i18n.language)}` : ''}
      destroyOnHidden
    >
      {detail.isPending ? <Spin /> : null}
      {detail.error ? <ErrorAlert error={detail.error} /> : null}
      {a ? (
        <>
          <Space style={{ marginBottom: 12 }} wrap>
            <Tag color={APPLICATION_COLORS[a.status]} data-testid="review-status-tag">
              {t(`hall.appStatus.${a.status}`)}
            </Tag>
            {a.status === 'submitted' ? (
              <Button
                loading={busy}
                onClick={() => post('accept', {}, t('hall.review.accepted'))}
                data-testid="review-accept"
              >
                {t('hall.review.accept')}
              </Button>
            ) : null}
            {open ? (
              <>
                <Button onClick={() => setDecision('correction')} data-testid="review-correction">
                  {t('hall.review.requestCorrection')}
                </Button>
                <Button type="primary" onClick={() => setDecision('approve')} data-testid="review-approve">
                  {t('hall.review.approve')}
                </Button>
                <Button danger onClick={() => setDecision('reject')} data-testid="review-reject">
                  {t('hall.review.reject')}
                </Button>
              </>
            ) : null}
          </Space>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('hall.review.applicant')}>{a.applicantName}</Descriptions.Item>
            <Descriptions.Item label={t('hall.review.idNumber')}>{a.idNumber}</Descriptions.Item>
            <Descriptions.Item label={t('hall.review.phone')}>{a.phone}</Descriptions.Item>
            {a.details.address ? (
              <Descriptions.Item label={t('citizen.apply.address')}>{a.details.address}</Descriptions.Item>
            ) : null}
            {a.details.note ? (
              <Descriptions.Item label={t('citizen.apply.note')}>{a.details.note}</Descriptions.Item>
            ) : null}
            <Descriptions.Item label={t('hall.review.due')}>
              {a.dueDay}
              {a.workingDaysLeft !== null ? ` · ${t('hall.review.daysLeft', { n: a.workingDaysLeft })}` : ''}
            </Descriptions.Item>
            {a.correctionReason ? (
              <Descriptions.Item label={t('hall.review.correctionReason')}>{a.correctionReason}</Descriptions.Item>
            ) : null}
            {a.decisionReason ? (
              <Descriptions.Item label={t('hall.review.decisionReason')}>{a.decisionReason}</Descriptions.Item>
            ) : null}
          </Descriptions>
          <h4 style={{ marginTop: 16 }}>{t('citizen.application.materials')}</h4>
          <Table
            rowKey="code"
            size="small"
            pagination={false}
            dataSource={a.materials}
            columns={[
              {
                title: t('hall.catalogue.material'),
                render: (_, m) => (
                  <>
                    {en ? m.nameEn : m.nameZh}
                    {m.required ? ' *' : ''}
                  </>
                ),
              },
              {
                title: t('hall.review.files'),
                render: (_, m) =>
                  m.files.length === 0 ? (
                    '—'
                  ) : (
                    <Space wrap>
                      {m.files.map((f) => (
                        <a key={f.fileId} href={f.url} target="_blank" rel="noreferrer">
                          {t('hall.review.file', { round: f.round, kb: Math.ceil(f.size / 1024) })}
                        </a>
                      ))}
                    </Space>
                  ),
              },
            ]}
          />
          <h4 style={{ marginTop: 16 }}>{t('citizen.application.history')}</h4>
          <Timeline
            items={a.events.map((e) => ({
              key: `${e.at}-${e.kind}`,
              content: (
                <div>
                  {i18n.exists(`hall.appEvent.${e.kind}`) ? t(`hall.appEvent.${e.kind as 'submitted'}`) : e.kind}
                  {e.actorName ? ` · ${e.actorName}` : ''}
                  <span className="fq-muted"> {dayTime(e.at)}</span>
                  {e.note ? <div>{e.note}</div> : null}
                </div>
              ),
            }))}
          />
        </>
      ) : null}
      <Modal
        open={decision !== null}
        title={decision ? t(`hall.review.${decision}Title`) : ''}
        onCancel={() => setDecision(null)}
        onOk={submitDecision}
        okButtonProps={{ loading: busy }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          {decision === 'correction' ? (
            <Form.Item name="materialCodes" label={t('hall.review.whichMaterials')}>
              <Checkbox.Group
                options={(a?.materials ?? []).map((m) => ({ value: m.code, label: en ? m.nameEn : m.nameZh }))}
                data-testid="review-materials"
              />
            </Form.Item>
          ) : null}
          {decision === 'approve' ? (
            <Form.Item name="note" label={t('hall.review.approveNote')}>
              <Input.TextArea rows={3} maxLength={1000} />
            </Form.Item>
          ) : (
            <Form.Item
              name="reason"
              label={t('hall.review.reason')}
              rules={[{ required: true, message: t('hall.review.reasonRequired') }]}
            >
              <Input.TextArea rows={3} maxLength={1000} data-testid="review-reason" />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Drawer>
  );
}
