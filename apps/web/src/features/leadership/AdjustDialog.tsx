import { useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, InputNumber, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ApiRequestError } from '../../api/errors';
import { useLeadershipErrorText } from './errors';
import { leadershipZhCN } from './i18n.zh-CN';
import { type EvaluationView, lkeys } from './queries';

export interface AdjustTarget {
  month: string;
  kind: EvaluationView['kind'];
  subjectId: string;
  name: string;
}

interface Values {
  delta: number;
  reason: string;
  annotation: string;
}

/** The leader's adjustment of one scorecard: points with a recorded reason (kept, never edited). */
export function AdjustDialog({ target, onClose }: { target: AdjustTarget | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const errorText = useLeadershipErrorText();
  const submit = async (v: Values) => {
    if (!target) return;
    setSaving(true);
    try {
      const view = await api.post<EvaluationView>(`/api/leadership/evaluations/${target.month}/adjustments`, {
        subjectKind: target.kind,
        subjectId: target.subjectId,
        delta: v.delta,
        reason: v.reason,
        annotation: v.annotation ?? '',
      });
      qc.setQueryData(lkeys.evaluation(target.month, target.kind), view);
      await qc.invalidateQueries({ queryKey: lkeys.mine(target.month) });
      message.success(t('leadership.evaluation.adjusted'));
      onClose();
    } catch (err) {
      const fields =
        err instanceof ApiRequestError ? err.fields.filter((f) => ['delta', 'reason'].includes(f.path)) : [];
      if (fields.length > 0)
        form.setFields(
          fields.map((f) => ({
            name: f.path as keyof Values,
            errors: [f.code in leadershipZhCN.errors ? t(`leadership.errors.${f.code as 'zero'}`) : errorText(err)],
          })),
        );
      else message.error(errorText(err));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open={target !== null}
      title={target ? t('leadership.evaluation.adjustTitle', { name: target.name }) : ''}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('app.save')}
      confirmLoading={saving}
      destroyOnHidden
      data-testid="adjust-dialog"
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        preserve={false}
        initialValues={{ annotation: '' }}
      >
        <Form.Item
          name="delta"
          label={t('leadership.evaluation.delta')}
          extra={t('leadership.evaluation.deltaHint')}
          rules={[
            { required: true, message: t('leadership.errors.required') },
            {
              validator: (_r, v: number | null) =>
                v === 0 ? Promise.reject(new Error(t('leadership.errors.zero'))) : Promise.resolve(),
            },
          ]}
        >
          <InputNumber min={-20} max={20} step={0.5} style={{ width: 160 }} data-testid="adjust-delta" />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('leadership.evaluation.reason')}
          rules={[{ required: true, min: 4, max: 500, message: t('leadership.errors.required') }]}
        >
          <Input.TextArea
            rows={2}
            maxLength={500}
            placeholder={t('leadership.evaluation.reasonPlaceholder')}
            data-testid="adjust-reason"
          />
        </Form.Item>
        <Form.Item name="annotation" label={t('leadership.evaluation.annotation')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
