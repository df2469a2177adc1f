import { useQueryClient } from '@tanstack/react-query';
import { App, DatePicker, Form, Input, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ApiRequestError } from '../../api/errors';
import { useLeadershipErrorText } from './errors';
import { chinaToday } from './format';
import { leadershipZhCN } from './i18n.zh-CN';
import { type LeadershipTask, lkeys, useLeadershipSettings, useStaff } from './queries';

export interface TaskDraft {
  /** The Monday of the meeting the decision is taken at; null for a task assigned directly. */
  week: string | null;
  title?: string;
  agendaRef?: string | null;
}

interface Values {
  title: string;
  detail: string;
  ownerPersonId: string;
  dueOn: Dayjs;
  dutyKey?: string;
}

/** Records a meeting decision or assigns a task: an owner, a deadline, what is expected. */
export function TaskDialog({ draft, onClose }: { draft: TaskDraft | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const staff = useStaff(draft !== null);
  const settings = useLeadershipSettings(draft !== null);
  const errorText = useLeadershipErrorText();
  const today = chinaToday();

  const submit = async (v: Values) => {
    if (!draft) return;
    setSaving(true);
    try {
      const body = {
        title: v.title,
        detail: v.detail ?? '',
        ownerPersonId: v.ownerPersonId,
        dueOn: v.dueOn.format('YYYY-MM-DD'),
        dutyKey: v.dutyKey ?? null,
        agendaRef: draft.agendaRef ?? null,
      };
      await api.post<LeadershipTask>(
        draft.week ? `/api/leadership/meetings/${draft.week}/decisions` : '/api/leadership/tasks',
        body,
      );
      message.success(t('leadership.task.created'));
      // Tasks and agendas only: scorecards do not depend on tasks and are costly to recompute.
      await Promise.all([
        qc.invalidateQueries({ queryKey: lkeys.tasksAll }),
        qc.invalidateQueries({ queryKey: lkeys.agendaAll }),
      ]);
      form.resetFields();
      onClose();
    } catch (err) {
      const fields = err instanceof ApiRequestError ? err.fields : [];
      const known = fields.filter((f) => ['title', 'ownerPersonId', 'dueOn', 'detail'].includes(f.path));
      if (known.length > 0)
        form.setFields(
          known.map((f) => ({
            name: f.path as keyof Values,
            errors: [f.code in leadershipZhCN.errors ? t(`leadership.errors.${f.code as 'in_past'}`) : errorText(err)],
          })),
        );
      else message.error(errorText(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={draft !== null}
      title={draft?.week ? t('leadership.task.newDecision') : t('leadership.task.new')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('app.save')}
      confirmLoading={saving}
      destroyOnHidden
      data-testid="task-dialog"
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{ title: draft?.title ?? '', detail: '', dueOn: dayjs(today).add(7, 'day') }}
        preserve={false}
      >
        <Form.Item name="title" label={t('leadership.task.title')} rules={[{ required: true, min: 2, max: 200 }]}>
          <Input maxLength={200} data-testid="task-title" />
        </Form.Item>
        <Form.Item name="ownerPersonId" label={t('leadership.task.owner')} rules={[{ required: true }]}>
          <Select
            showSearch
            optionFilterProp="label"
            loading={staff.isPending}
            data-testid="task-owner"
            options={(staff.data ?? []).map((s) => ({
              value: s.id,
              label: `${s.name}${s.team ? ` · ${t(`leadership.team.${s.team}` as 'leadership.team.community')}` : ''}`,
            }))}
          />
        </Form.Item>
        <Form.Item name="dueOn" label={t('leadership.task.dueOn')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} data-testid="task-due" />
        </Form.Item>
        <Form.Item name="dutyKey" label={t('leadership.task.duty')}>
          <Select
            allowClear
            options={(settings.data?.duties ?? []).map((d) => ({
              value: d.key,
              label: t(`leadership.duty.${d.key}` as 'leadership.duty.mobilise', { defaultValue: d.nameZh }),
            }))}
          />
        </Form.Item>
        <Form.Item name="detail" label={t('leadership.task.detail')} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
