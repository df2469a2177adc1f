import {
  BankOutlined,
  CloudUploadOutlined,
  DownloadOutlined,
  FilePdfOutlined,
  FileProtectOutlined,
  FileTextOutlined,
  PaperClipOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { api, urlOf } from '../../api/client';
import { ApiRequestError } from '../../api/errors';
import { useHasPermission } from '../../app/session';
import { applyFieldErrors, useErrorText, useFieldText } from '../../shared/errors';
import { AgreementForm } from './AgreementForm';
import { rowData } from './labels';
import { formatAmount } from './mediation-data';
import type { AgreementView, DisputeDetail } from './queries';
import { useDisputeUpdate } from './useDisputeUpdate';

type Term = AgreementView['terms'][number];
const TERM_STATUSES = ['pending', 'performed', 'breached', 'waived'] as const;
const DAY = 'YYYY-MM-DD';

const PERFORMANCE_COLOUR: Record<AgreementView['performanceStatus'], string> = {
  pending: 'default',
  in_progress: 'blue',
  performed: 'green',
  breached: 'red',
};
const JUDICIAL_COLOUR: Record<AgreementView['judicial']['status'], string> = {
  none: 'default',
  applied: 'blue',
  confirmed: 'green',
  rejected: 'red',
  lapsed: 'default',
  not_applicable: 'default',
};

/** The print for signature with full identifiers: pii.reveal and a stated reason (audited). */
function FullPrintButton({ a }: { a: AgreementView }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  if (!a.pdfUrl) return null;
  const url = urlOf(a.pdfUrl, { full: 'true', reason: reason.trim() });
  return (
    <>
      <Button icon={<FileProtectOutlined />} onClick={() => setOpen(true)}>
        {t('mediation.agreements.fullPrint')}
      </Button>
      <Modal
        open={open}
        title={t('mediation.agreements.fullPrintTitle')}
        onCancel={() => setOpen(false)}
        footer={[
          <Button key="c" onClick={() => setOpen(false)}>
            {t('app.cancel')}
          </Button>,
          <Button
            key="o"
            type="primary"
            href={reason.trim().length >= 4 ? url : undefined}
            target="_blank"
            disabled={reason.trim().length < 4}
            onClick={() => setOpen(false)}
          >
            {t('mediation.agreements.openPdf')}
          </Button>,
        ]}
      >
        <Alert type="warning" showIcon title={t('people.revealAudited')} style={{ marginBottom: 12 }} />
        <Input.TextArea
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          rows={3}
          maxLength={200}
          placeholder={t('mediation.agreements.fullPrintReason')}
        />
      </Modal>
    </>
  );
}

function JudicialBlock({ a, disputeId, canWrite }: { a: AgreementView; disputeId: string; canWrite: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const fieldText = useFieldText();
  const update = useDisputeUpdate();
  const [applyForm] = Form.useForm<{ court?: string; appliedOn?: Dayjs }>();
  const [decideForm] = Form.useForm<{ decision: 'confirmed' | 'rejected'; decidedOn?: Dayjs; caseNo?: string }>();
  const [saving, setSaving] = useState(false);
  const j = a.judicial;

  const send = async (body: Record<string, unknown>, form: typeof applyForm | typeof decideForm) => {
    setSaving(true);
    try {
      await api.post<AgreementView>(`/api/mediation/agreements/${a.id}/judicial`, body);
      message.success(t('mediation.judicial.saved'));
      update(disputeId);
    } catch (e) {
      if (!applyFieldErrors(form, e, fieldText)) message.error(errorText(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="fq-med-judicial" data-testid="judicial" data-status={j.status}>
      <Space wrap>
        <BankOutlined />
        <strong>{t('mediation.judicial.title')}</strong>
        <Tag color={JUDICIAL_COLOUR[j.status]}>{t(`mediation.judicial.status.${j.status}`)}</Tag>
        {j.windowEnds && j.status === 'none' ? (
          <span className={j.daysLeft !== null && j.daysLeft <= 5 ? 'fq-med-due-soon' : 'fq-muted'}>
            {t('mediation.judicial.window', { date: j.windowEnds, days: j.daysLeft ?? 0 })}
          </span>
        ) : null}
        {j.appliedOn ? (
          <span className="fq-muted">
            {t('mediation.judicial.applied', { date: j.appliedOn, court: j.court ?? '' })}
          </span>
        ) : null}
        {j.decidedOn ? (
          <span className="fq-muted">
            {t('mediation.judicial.decided', { date: j.decidedOn })}
            {j.caseNo ? ` · ${j.caseNo}` : ''}
          </span>
        ) : null}
      </Space>
      {canWrite && j.status === 'none' && a.form === 'written' ? (
        a.signedAt && a.signedCopyUrl ? (
          <Form
            form={applyForm}
            layout="inline"
            className="fq-med-inline-form"
            initialValues={{ appliedOn: dayjs() }}
            onFinish={(v) =>
              void send(
                { action: 'apply', court: v.court?.trim(), appliedOn: (v.appliedOn ?? dayjs()).format(DAY) },
                applyForm,
              )
            }
          >
            <Form.Item
              name="court"
              rules={[{ required: true, whitespace: true, min: 2, message: t('mediation.judicial.courtRequired') }]}
            >
              <Input placeholder={t('mediation.judicial.court')} style={{ width: 240 }} maxLength={100} />
            </Form.Item>
            <Form.Item name="appliedOn">
              <DatePicker />
            </Form.Item>
            <Button htmlType="submit" loading={saving}>
              {t('mediation.judicial.apply')}
            </Button>
          </Form>
        ) : (
          <div className="fq-muted">{t('mediation.judicial.uploadFirst')}</div>
        )
      ) : null}
      {canWrite && j.status === 'applied' ? (
        <Form
          form={decideForm}
          layout="inline"
          className="fq-med-inline-form"
          initialValues={{ decision: 'confirmed', decidedOn: dayjs() }}
          onFinish={(v) =>
            void send(
              {
                action: 'decide',
                decision: v.decision,
                decidedOn: (v.decidedOn ?? dayjs()).format(DAY),
                ...(v.caseNo?.trim() ? { caseNo: v.caseNo.trim() } : {}),
              },
              decideForm,
            )
          }
        >
          <Form.Item name="decision">
            <Radio.Group
              options={[
                { value: 'confirmed', label: t('mediation.judicial.status.confirmed') },
                { value: 'rejected', label: t('mediation.judicial.status.rejected') },
              ]}
            />
          </Form.Item>
          <Form.Item name="decidedOn">
            <DatePicker />
          </Form.Item>
          <Form.Item name="caseNo">
            <Input placeholder={t('mediation.judicial.caseNo')} maxLength={64} style={{ width: 200 }} />
          </Form.Item>
          <Button htmlType="submit" loading={saving}>
            {t('mediation.judicial.decide')}
          </Button>
        </Form>
      ) : null}
    </div>
  );
}

function TermStatus({
  a,
  term,
  disputeId,
  canWrite,
}: {
  a: AgreementView;
  term: Term;
  disputeId: string;
  canWrite: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const update = useDisputeUpdate();
  const [saving, setSaving] = useState(false);
  const colour =
    term.status === 'performed'
      ? 'green'
      : term.status === 'breached'
        ? 'red'
        : term.status === 'waived'
          ? 'default'
          : 'blue';
  if (!canWrite || a.status === 'void') return <Tag color={colour}>{t(`mediation.terms.status.${term.status}`)}</Tag>;
  const change = async (status: Term['status']) => {
    setSaving(true);
    try {
      await api.patch<AgreementView>(`/api/mediation/agreements/${a.id}/terms/${term.id}`, {
        status,
        ...(status === 'performed' ? { performedOn: dayjs().format(DAY) } : {}),
      });
      message.success(t('mediation.terms.saved'));
      update(disputeId);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Select<Term['status']>
      size="small"
      value={term.status}
      loading={saving}
      onChange={(v) => void change(v)}
      style={{ width: 110 }}
      options={TERM_STATUSES.map((s) => ({ value: s, label: t(`mediation.terms.status.${s}`) }))}
      data-testid="term-status"
    />
  );
}

function AgreementCard({ a, d }: { a: AgreementView; d: DisputeDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const has = useHasPermission();
  const errorText = useErrorText();
  const update = useDisputeUpdate();
  const [uploading, setUploading] = useState(false);
  const canWrite = has('disputes.write');

  const uploadSigned = async (file: File) => {
    setUploading(true);
    try {
      const form = new FormData();
      form.append('file', file, file.name);
      await api.postForm<AgreementView>(`/api/mediation/agreements/${a.id}/signed`, form);
      message.success(t('mediation.agreements.signedUploaded'));
      update(d.id);
    } catch (e) {
      message.error(
        e instanceof ApiRequestError && e.fields[0]?.code === 'file_type'
          ? t('mediation.agreements.fileType')
          : errorText(e),
      );
    } finally {
      setUploading(false);
    }
  };

  return (
    <div
      className="fq-med-agreement"
      data-testid="agreement"
      data-number={a.number}
      data-form={a.form}
      data-status={a.status}
    >
      <div className="fq-med-agreement-head">
        <Space wrap>
          <FileTextOutlined />
          <strong className="fq-med-agreement-number">{a.number}</strong>
          <Tag>{t(`mediation.agreements.forms.${a.form}`)}</Tag>
          <Tag color={a.status === 'signed' ? 'green' : a.status === 'void' ? 'default' : 'gold'}>
            {t(`mediation.agreements.status.${a.status}`)}
          </Tag>
          <Tag color={PERFORMANCE_COLOUR[a.performanceStatus]} data-testid="performance-status">
            {t(`mediation.agreements.performance.${a.performanceStatus}`)}
          </Tag>
          <span className="fq-muted">{t('mediation.agreements.agreedOnShort', { date: a.agreedOn })}</span>
        </Space>
        <Space wrap>
          {a.pdfUrl ? (
            <>
              <Button
                type="primary"
                icon={<FilePdfOutlined />}
                href={a.pdfUrl}
                target="_blank"
                rel="noopener"
                data-testid="agreement-pdf"
              >
                {t('mediation.agreements.openPdf')}
              </Button>
              <Button
                icon={<DownloadOutlined />}
                href={a.pdfUrl}
                download={`${a.number}.pdf`}
                data-testid="agreement-pdf-download"
              >
                {t('mediation.agreements.downloadPdf')}
              </Button>
              {has('pii.reveal') ? <FullPrintButton a={a} /> : null}
            </>
          ) : null}
          {a.signedCopyUrl ? (
            <Button
              icon={<PaperClipOutlined />}
              href={a.signedCopyUrl}
              target="_blank"
              rel="noopener"
              data-testid="agreement-signed"
            >
              {t('mediation.agreements.viewSigned')}
            </Button>
          ) : null}
          {canWrite && a.form === 'written' && a.status !== 'void' ? (
            <Upload
              accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
              showUploadList={false}
              beforeUpload={(f) => {
                void uploadSigned(f);
                return false;
              }}
            >
              <Button icon={<CloudUploadOutlined />} loading={uploading} data-testid="agreement-upload">
                {a.signedCopyUrl ? t('mediation.agreements.replaceSigned') : t('mediation.agreements.uploadSigned')}
              </Button>
            </Upload>
          ) : null}
        </Space>
      </div>
      <Descriptions
        size="small"
        column={1}
        className="fq-med-agreement-desc"
        items={[
          {
            key: 'facts',
            label: t('mediation.agreements.facts'),
            children: <span className="fq-med-prose">{a.facts}</span>,
          },
          ...(a.issues ? [{ key: 'issues', label: t('mediation.agreements.issues'), children: a.issues }] : []),
          ...a.responsibilities.map((r, i) => ({
            key: `r${i}`,
            label: t('mediation.agreements.responsibilityOf', { party: r.party }),
            children: r.text,
          })),
          ...(a.performanceMethod
            ? [{ key: 'method', label: t('mediation.agreements.performanceMethod'), children: a.performanceMethod }]
            : []),
          ...(a.performanceDeadline
            ? [
                {
                  key: 'deadline',
                  label: t('mediation.agreements.performanceDeadline'),
                  children: a.performanceDeadline,
                },
              ]
            : []),
        ]}
      />
      <Table<Term>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={a.terms}
        className="fq-med-terms"
        onRow={(x) => rowData({ 'data-testid': 'term', 'data-status': x.status })}
        columns={[
          { title: '#', dataIndex: 'seq', width: 40 },
          { title: t('mediation.agreements.term'), dataIndex: 'text' },
          {
            title: t('mediation.agreements.obligor'),
            dataIndex: 'obligor',
            width: 130,
            render: (o: string | null) => o ?? '—',
          },
          {
            title: t('mediation.agreements.amount'),
            dataIndex: 'amount',
            width: 110,
            align: 'right',
            render: (v: number | null) => (v === null ? '—' : formatAmount(v)),
          },
          {
            title: t('mediation.agreements.dueOn'),
            dataIndex: 'dueOn',
            width: 120,
            render: (v: string | null, x) => (
              <span>
                {v ?? '—'}
                {x.overdue ? (
                  <Tag color="red" className="fq-mini-tag">
                    {t('mediation.terms.overdue')}
                  </Tag>
                ) : null}
              </span>
            ),
          },
          {
            title: t('mediation.terms.performance'),
            key: 'status',
            width: 150,
            render: (_: unknown, x) => (
              <div>
                <TermStatus a={a} term={x} disputeId={d.id} canWrite={canWrite} />
                {x.performedOn ? <div className="fq-muted">{x.performedOn}</div> : null}
              </div>
            ),
          },
        ]}
      />
      {a.form === 'written' ? <JudicialBlock a={a} disputeId={d.id} canWrite={canWrite} /> : null}
    </div>
  );
}

/** The dispute's agreements: draft one, print it, upload the signed copy, judicial confirmation, performance. */
export function AgreementsPanel({ d }: { d: DisputeDetail }) {
  const { t } = useTranslation();
  const has = useHasPermission();
  const [params, setParams] = useSearchParams();
  const [drafting, setDrafting] = useState(false);
  const canDraft = has('disputes.write') && (d.status === 'open' || d.status === 'resolved');

  // `?draft=1` (from the outcome dialog) opens the form once.
  useEffect(() => {
    if (params.get('draft') !== '1') return;
    const next = new URLSearchParams(params);
    next.delete('draft');
    setParams(next, { replace: true });
    if (canDraft) setDrafting(true);
  }, [params, setParams, canDraft]);

  return (
    <div data-testid="agreements-panel">
      <div className="fq-med-panel-head">
        <Typography.Text type="secondary">{t('mediation.agreements.hint')}</Typography.Text>
        {canDraft ? (
          <Button
            type="primary"
            icon={<FileTextOutlined />}
            onClick={() => setDrafting(true)}
            data-testid="agreement-new"
          >
            {t('mediation.agreements.draft')}
          </Button>
        ) : null}
      </div>
      {d.agreements.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('mediation.agreements.none')} />
      ) : (
        d.agreements.map((a) => <AgreementCard key={a.id} a={a} d={d} />)
      )}
      <AgreementForm d={d} open={drafting} onClose={() => setDrafting(false)} />
    </div>
  );
}
