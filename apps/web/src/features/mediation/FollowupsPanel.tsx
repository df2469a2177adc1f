import { AuditOutlined, PhoneOutlined } from '@ant-design/icons';
import { Alert, App, Button, Empty, Form, Input, Modal, Radio, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useHasPermission } from '../../app/session';
import { applyFieldErrors, useErrorText, useFieldText } from '../../shared/errors';
import { rowData } from './labels';
import type { DisputeDetail, FollowupView } from './queries';
import { useDisputeUpdate } from './useDisputeUpdate';

const METHODS = ['phone', 'visit', 'video'] as const;
const RESULTS = ['stable', 'relapse', 'unreachable'] as const;

interface VisitValues {
  method: (typeof METHODS)[number];
  result: (typeof RESULTS)[number];
  note?: string;
}

export function FollowupDialog({
  followup,
  disputeId,
  onClose,
}: {
  followup: FollowupView | null;
  disputeId: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const fieldText = useFieldText();
  const update = useDisputeUpdate();
  const [form] = Form.useForm<VisitValues>();
  const result = Form.useWatch('result', form);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (followup) form.setFieldsValue({ method: 'phone', result: 'stable', note: undefined });
  }, [followup, form]);

  const submit = async () => {
    if (!followup) return;
    // Field errors show under the fields; nothing is sent.
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setSaving(true);
    try {
      await api.post<FollowupView>(`/api/mediation/followups/${followup.id}`, {
        method: v.method,
        result: v.result,
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
      });
      message.success(
        v.result === 'relapse' ? t('mediation.followups.relapseRecorded') : t('mediation.followups.recorded'),
      );
      update(disputeId);
      onClose();
    } catch (e) {
      if (!applyFieldErrors(form, e, fieldText)) message.error(errorText(e));
      update(disputeId);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={followup !== null}
      title={
        followup ? t('mediation.followups.recordTitle', { seq: followup.seq, number: followup.disputeNumber }) : ''
      }
      okText={t('mediation.followups.save')}
      cancelText={t('app.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={saving}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" requiredMark={false} data-testid="followup-form">
        <Form.Item name="method" label={t('mediation.followups.method')}>
          <Radio.Group
            optionType="button"
            options={METHODS.map((m) => ({ value: m, label: t(`mediation.followups.methods.${m}`) }))}
          />
        </Form.Item>
        <Form.Item name="result" label={t('mediation.followups.result')}>
          <Radio.Group data-testid="followup-result">
            {RESULTS.map((r) => (
              <Radio key={r} value={r} data-testid={`followup-result-${r}`}>
                {t(`mediation.followups.results.${r}`)}
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
        {result === 'relapse' ? (
          <Alert type="warning" showIcon title={t('mediation.followups.relapseWarning')} style={{ marginBottom: 16 }} />
        ) : null}
        <Form.Item name="note" label={t('mediation.followups.note')}>
          <Input.TextArea rows={3} maxLength={2000} data-testid="followup-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Follow-up visits (回访) after a successful mediation: due dates, results; a relapse reopens the dispute. */
export function FollowupsPanel({ d }: { d: DisputeDetail }) {
  const { t } = useTranslation();
  const has = useHasPermission();
  const [recording, setRecording] = useState<FollowupView | null>(null);
  const list = [...d.followups].sort((a, b) => a.seq - b.seq);
  return (
    <div data-testid="followups-panel">
      <Typography.Paragraph type="secondary">{t('mediation.followups.hint')}</Typography.Paragraph>
      {list.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('mediation.followups.none')} />
      ) : (
        <Table<FollowupView>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={list}
          onRow={(f) =>
            rowData({
              'data-testid': 'followup',
              'data-seq': f.seq,
              'data-status': f.status,
              'data-result': f.result ?? '',
            })
          }
          columns={[
            {
              title: t('mediation.followups.seq'),
              dataIndex: 'seq',
              width: 70,
              render: (s: number) => t('mediation.followups.seqN', { seq: s }),
            },
            {
              title: t('mediation.followups.due'),
              dataIndex: 'dueAt',
              width: 140,
              render: (v: string, f) => (
                <span>
                  {dayjs(v).format('YYYY-MM-DD')}
                  {f.overdue && f.status === 'pending' ? (
                    <Tag color="red" className="fq-mini-tag">
                      {t('mediation.followups.overdue')}
                    </Tag>
                  ) : null}
                </span>
              ),
            },
            {
              title: t('mediation.followups.status'),
              dataIndex: 'status',
              width: 100,
              render: (s: FollowupView['status']) => (
                <Tag color={s === 'done' ? 'green' : s === 'pending' ? 'blue' : 'default'}>
                  {t(`mediation.followups.statuses.${s}`)}
                </Tag>
              ),
            },
            {
              title: t('mediation.followups.result'),
              key: 'result',
              render: (_: unknown, f) =>
                f.result ? (
                  <div>
                    <Tag color={f.result === 'stable' ? 'green' : f.result === 'relapse' ? 'red' : 'orange'}>
                      {t(`mediation.followups.results.${f.result}`)}
                    </Tag>
                    {f.method ? <span className="fq-muted">{t(`mediation.followups.methods.${f.method}`)}</span> : null}
                    {f.doneAt ? <span className="fq-muted"> · {dayjs(f.doneAt).format('YYYY-MM-DD')}</span> : null}
                    {f.visitorName ? <span className="fq-muted"> · {f.visitorName}</span> : null}
                    {f.note ? <div>{f.note}</div> : null}
                  </div>
                ) : (
                  '—'
                ),
            },
            {
              title: t('app.actions'),
              key: 'actions',
              width: 120,
              render: (_: unknown, f) =>
                f.status === 'pending' && has('disputes.write') ? (
                  <Button
                    size="small"
                    type="primary"
                    icon={<PhoneOutlined />}
                    onClick={() => setRecording(f)}
                    data-testid="followup-record"
                  >
                    {t('mediation.followups.record')}
                  </Button>
                ) : f.status === 'done' ? (
                  <AuditOutlined className="fq-muted" />
                ) : null,
            },
          ]}
        />
      )}
      <FollowupDialog followup={recording} disputeId={d.id} onClose={() => setRecording(null)} />
    </div>
  );
}
