import type { TransitionRequest } from '@fengqiao/contracts';
import { Alert, App, Button, Form, Input, Modal, Radio, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ApiRequestError } from '../../api/errors';
import { useErrorText } from '../../shared/errors';
import { NEXT_STEPS, OUTCOMES } from './mediation-data';
import type { DisputeDetail } from './queries';
import { useDisputeUpdate } from './useDisputeUpdate';

export type TransitionCommand = TransitionRequest['command'];

/** Whether a refusal came from the workflow (409): its text explains why, in the dialog, not a toast. */
function refusalCode(err: unknown): string | null {
  if (!(err instanceof ApiRequestError) || err.status !== 409) return null;
  return err.fields[0]?.code ?? 'conflict';
}

/** The refusal in words; `not_commercial` means here "not with the studio" (the matching uses the same code otherwise). */
function useRefusalText(): (err: unknown) => string {
  const { t } = useTranslation();
  const errorText = useErrorText();
  return (err) => (refusalCode(err) === 'not_commercial' ? t('mediation.workflow.notCommercial') : errorText(err));
}

/**
 * Escalate / de-escalate / refer to the commercial studio / return / reopen,
 * each with a reason. The version the page shows goes along, so a command
 * on a stale page is refused (409) rather than applied to a changed dispute;
 * a refusal is shown in the dialog and the page reloads the dispute.
 */
export function TransitionDialog({
  d,
  command,
  onClose,
}: {
  d: DisputeDetail;
  command: TransitionCommand | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const update = useDisputeUpdate();
  const refusalText = useRefusalText();
  const [form] = Form.useForm<{ reason: string }>();
  const [saving, setSaving] = useState(false);
  const [refused, setRefused] = useState<unknown>(null);
  useEffect(() => {
    if (command) {
      form.resetFields();
      setRefused(null);
    }
  }, [command, form]);

  const submit = async () => {
    if (!command) return;
    // Field errors show under the fields; nothing is sent.
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setSaving(true);
    setRefused(null);
    try {
      const next = await api.post<DisputeDetail>(`/api/mediation/disputes/${d.id}/transitions`, {
        command,
        reason: v.reason.trim(),
        version: d.version,
      });
      update(d.id, next);
      message.success(t(`mediation.workflow.done.${command}`, { number: d.number }));
      onClose();
    } catch (e) {
      if (refusalCode(e)) {
        setRefused(e);
        update(d.id);
      } else message.error(errorText(e));
    } finally {
      setSaving(false);
    }
  };

  const target =
    command === 'escalate'
      ? t(`mediation.levelName.${d.level === 1 ? 2 : 3}`)
      : command === 'deescalate'
        ? t(`mediation.levelName.${d.level === 3 ? 2 : 1}`)
        : null;
  return (
    <Modal
      open={command !== null}
      title={command ? t(`mediation.workflow.titles.${command}`) : ''}
      okText={command ? t(`mediation.workflow.actions.${command}`) : ''}
      cancelText={t('app.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={saving}
      destroyOnHidden
    >
      <div data-testid="transition-dialog" data-command={command ?? ''}>
        {command ? (
          <Typography.Paragraph type="secondary">
            {t(`mediation.workflow.hints.${command}`, { target: target ?? '' })}
          </Typography.Paragraph>
        ) : null}
        {refused ? (
          <Alert
            type="error"
            showIcon
            className="fq-med-refused"
            data-testid="transition-refused"
            title={t('mediation.workflow.refused')}
            description={refusalText(refused)}
            style={{ marginBottom: 12 }}
          />
        ) : null}
        <Form form={form} layout="vertical" requiredMark={false} onFinish={() => void submit()}>
          <Form.Item
            name="reason"
            label={t('mediation.workflow.reason')}
            rules={[
              { required: true, whitespace: true, message: t('mediation.workflow.reasonRequired') },
              { min: 2, message: t('mediation.workflow.reasonRequired') },
            ]}
          >
            <Input.TextArea rows={3} maxLength={500} showCount autoFocus data-testid="transition-reason" />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}

interface OutcomeValues {
  outcome: (typeof OUTCOMES)[number];
  nextStep?: (typeof NEXT_STEPS)[number];
  note?: string;
}

/** Records the outcome: success (needs an agreement), partial, failed (with the next step), withdrawn. */
export function OutcomeDialog({
  d,
  open,
  onClose,
  onDraftAgreement,
}: {
  d: DisputeDetail;
  open: boolean;
  onClose: () => void;
  onDraftAgreement: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const update = useDisputeUpdate();
  const refusalText = useRefusalText();
  const [form] = Form.useForm<OutcomeValues>();
  const outcome = Form.useWatch('outcome', form);
  const [saving, setSaving] = useState(false);
  const [refused, setRefused] = useState<unknown>(null);
  const hasAgreement = d.agreements.some((a) => a.status !== 'void');
  useEffect(() => {
    if (open) {
      form.resetFields();
      setRefused(null);
    }
  }, [open, form]);

  const submit = async () => {
    // Field errors show under the fields; nothing is sent.
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setSaving(true);
    setRefused(null);
    try {
      const next = await api.post<DisputeDetail>(`/api/mediation/disputes/${d.id}/outcome`, {
        outcome: v.outcome,
        ...(v.outcome === 'failed' && v.nextStep ? { nextStep: v.nextStep } : {}),
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
        version: d.version,
      });
      update(d.id, next);
      message.success(t('mediation.outcomeDialog.recorded', { outcome: t(`mediation.outcome.${v.outcome}`) }));
      onClose();
    } catch (e) {
      if (refusalCode(e)) {
        setRefused(e);
        update(d.id);
      } else message.error(errorText(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('mediation.outcomeDialog.title', { number: d.number })}
      okText={t('mediation.outcomeDialog.submit')}
      cancelText={t('app.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={saving}
      destroyOnHidden
    >
      <div data-testid="outcome-dialog">
        {refused ? (
          <Alert
            type="error"
            showIcon
            data-testid="outcome-refused"
            title={t('mediation.workflow.refused')}
            description={refusalText(refused)}
            style={{ marginBottom: 12 }}
          />
        ) : null}
        <Form form={form} layout="vertical" requiredMark={false} initialValues={{ outcome: 'success' }}>
          <Form.Item name="outcome" label={t('mediation.outcomeDialog.outcome')}>
            <Radio.Group data-testid="outcome-choice">
              <Space orientation="vertical">
                {OUTCOMES.map((o) => (
                  <Radio key={o} value={o} data-testid={`outcome-${o}`}>
                    <strong>{t(`mediation.outcome.${o}`)}</strong>
                    <span className="fq-muted"> · {t(`mediation.outcomeDialog.hints.${o}`)}</span>
                  </Radio>
                ))}
              </Space>
            </Radio.Group>
          </Form.Item>
          {outcome === 'success' && !hasAgreement ? (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 16 }}
              title={t('mediation.outcomeDialog.needsAgreement')}
              action={
                <Button
                  size="small"
                  type="link"
                  onClick={() => {
                    onClose();
                    onDraftAgreement();
                  }}
                >
                  {t('mediation.outcomeDialog.draftAgreement')}
                </Button>
              }
            />
          ) : null}
          {outcome === 'success' || outcome === 'partial' ? (
            <Typography.Paragraph type="secondary">{t('mediation.outcomeDialog.followupNote')}</Typography.Paragraph>
          ) : null}
          {outcome === 'failed' ? (
            <Form.Item
              name="nextStep"
              label={t('mediation.outcomeDialog.nextStep')}
              rules={[{ required: true, message: t('mediation.outcomeDialog.nextStepRequired') }]}
            >
              <Select
                options={NEXT_STEPS.map((s) => ({ value: s, label: t(`mediation.nextStep.${s}`) }))}
                data-testid="outcome-next-step"
              />
            </Form.Item>
          ) : null}
          <Form.Item name="note" label={t('mediation.outcomeDialog.note')}>
            <Input.TextArea rows={3} maxLength={2000} data-testid="outcome-note" />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}
