import { EyeOutlined, SafetyOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { applyFieldErrors, useErrorText, useFieldText } from '../../shared/errors';

export type RevealableField = 'idNumber' | 'phone';
const REASON_MIN = 4;

/**
 * A masked identifier with a "显示" action: asks why, then shows the full
 * value in place. The server records the reveal and the reason in the audit log.
 */
export function RevealField({
  personId,
  personName,
  field,
  masked,
  canReveal,
}: {
  personId: string;
  personName: string;
  field: RevealableField;
  masked: string | null;
  canReveal: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const fieldText = useFieldText();
  const [open, setOpen] = useState(false);
  const [revealed, setRevealed] = useState<{ value: string | null } | null>(null);
  const [form] = Form.useForm<{ reason: string }>();
  const reveal = useMutation({
    mutationFn: (reason: string) =>
      api.post<{ field: RevealableField; value: string | null }>(`/api/persons/${personId}/reveal`, { field, reason }),
    onSuccess: (res) => {
      setRevealed({ value: res.value });
      setOpen(false);
      form.resetFields();
    },
    onError: (err) => {
      if (!applyFieldErrors(form, err, fieldText)) message.error(errorText(err));
    },
  });

  if (revealed) {
    return (
      <span className="fq-revealed" data-testid={`revealed-${field}`}>
        <Typography.Text strong className="fq-mono" copyable={revealed.value ? { text: revealed.value } : false}>
          {revealed.value ?? t('people.revealEmpty')}
        </Typography.Text>{' '}
        <Tooltip title={t('people.revealAudited')}>
          <Tag icon={<SafetyOutlined />} color="orange">
            {t('people.revealed')}
          </Tag>
        </Tooltip>
      </span>
    );
  }
  if (!masked) return <Typography.Text type="secondary">—</Typography.Text>;
  const label = t(`people.${field}`);
  return (
    <span>
      <span className="fq-mono">{masked}</span>
      {canReveal ? (
        <>
          <Button
            type="link"
            size="small"
            icon={<EyeOutlined />}
            onClick={() => setOpen(true)}
            data-testid={`reveal-${field}`}
            aria-label={`${t('people.reveal')} ${label}`}
          >
            {t('people.reveal')}
          </Button>
          <Modal
            open={open}
            title={t('people.revealTitle', { name: personName, field: label })}
            okText={t('people.reveal')}
            cancelText={t('app.cancel')}
            onCancel={() => setOpen(false)}
            onOk={() => form.submit()}
            confirmLoading={reveal.isPending}
            destroyOnHidden
          >
            <Alert type="warning" showIcon title={t('people.revealAudited')} style={{ marginBottom: 16 }} />
            <Form form={form} layout="vertical" requiredMark={false} onFinish={(v) => reveal.mutate(v.reason.trim())}>
              <Form.Item
                name="reason"
                label={t('people.revealReason')}
                rules={[
                  { required: true, whitespace: true, message: t('people.revealReasonRequired') },
                  {
                    validator: (_r, v: string | undefined) =>
                      !v || v.trim().length >= REASON_MIN
                        ? Promise.resolve()
                        : Promise.reject(new Error(t('people.revealReasonMin', { min: REASON_MIN }))),
                  },
                ]}
              >
                <Input.TextArea
                  rows={3}
                  maxLength={200}
                  showCount
                  autoFocus
                  placeholder={t('people.revealReasonPlaceholder')}
                  data-testid="reveal-reason"
                />
              </Form.Item>
            </Form>
          </Modal>
        </>
      ) : null}
    </span>
  );
}
