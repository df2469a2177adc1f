import { RESPONSIBLE_KINDS } from '@fengqiao/domain';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, DatePicker, Form, Input, Radio, Select, Space, Upload } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { useVolunteerErrorText } from '../errors';
import { newClientId } from '../format';
import { preparePhoto } from '../photo';
import { type HazardDetail, vkeys } from '../queries';

type Step = 'assign' | 'rectify' | 'verify' | 'dismiss';

/**
 * The officer's next step on a hazard: assign a responsible party with a
 * deadline → record the rectification with evidence photos → verify
 * (close, or back with a new deadline); or dismiss a report that is no hazard.
 */
export function HazardActions({ hazard }: { hazard: HazardDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const errorText = useVolunteerErrorText();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [files, setFiles] = useState<File[]>([]);
  const [result, setResult] = useState<'pass' | 'fail'>('pass');
  const steps: Step[] =
    hazard.status === 'reported'
      ? ['assign', 'dismiss']
      : hazard.status === 'assigned'
        ? ['rectify', 'dismiss']
        : hazard.status === 'rectified'
          ? ['verify']
          : [];
  const [step, setStep] = useState<Step | null>(null);
  const current = step && steps.includes(step) ? step : (steps[0] ?? null);
  if (!current) return null;

  const uploadPhotos = async (stage: 'rectification' | 'verification') => {
    for (const f of files) {
      const blob = await preparePhoto(f);
      if (!blob) throw new Error(t('volunteers.hazard.photoTooLarge'));
      const form = new FormData();
      form.append('photo', blob, f.name);
      await api.postForm(`/api/hazards/${hazard.id}/photos?stage=${stage}&clientId=${newClientId()}`, form);
    }
  };

  const run = async (v: Record<string, unknown>) => {
    setBusy(true);
    try {
      const version = hazard.version;
      if (current === 'assign') {
        await api.post(`/api/hazards/${hazard.id}/assign`, {
          responsibleKind: v.responsibleKind,
          responsibleName: v.responsibleName,
          dueOn: (v.dueOn as Dayjs).format('YYYY-MM-DD'),
          note: v.note ?? '',
          version,
        });
      } else if (current === 'rectify') {
        await uploadPhotos('rectification');
        await api.post(`/api/hazards/${hazard.id}/rectification`, { note: v.note, version });
      } else if (current === 'verify') {
        await uploadPhotos('verification');
        await api.post(`/api/hazards/${hazard.id}/verify`, {
          result,
          note: v.note ?? '',
          ...(result === 'fail' && v.dueOn ? { dueOn: (v.dueOn as Dayjs).format('YYYY-MM-DD') } : {}),
          version,
        });
      } else {
        await api.post(`/api/hazards/${hazard.id}/dismiss`, { reason: v.note, version });
      }
      void message.success(t('volunteers.hazard.done'));
      form.resetFields();
      setFiles([]);
      setStep(null);
    } catch (err) {
      void message.error(errorText(err), 6);
    } finally {
      setBusy(false);
      void qc.invalidateQueries({ queryKey: vkeys.all });
    }
  };

  const labels: Record<Step, string> = {
    assign: t('volunteers.hazard.assign'),
    rectify: t('volunteers.hazard.rectify'),
    verify: t('volunteers.hazard.verify'),
    dismiss: t('volunteers.hazard.dismiss'),
  };
  const future = (d: Dayjs) => d.isBefore(dayjs(), 'day');

  return (
    <div data-testid="hazard-actions">
      {steps.length > 1 ? (
        <Radio.Group
          value={current}
          onChange={(e) => setStep(e.target.value as Step)}
          optionType="button"
          style={{ marginBottom: 12 }}
          options={steps.map((s) => ({ value: s, label: labels[s] }))}
        />
      ) : null}
      <Form form={form} layout="vertical" onFinish={(v) => void run(v as Record<string, unknown>)}>
        {current === 'assign' ? (
          <>
            <Form.Item
              name="responsibleKind"
              label={t('volunteers.hazard.responsibleKind')}
              rules={[{ required: true }]}
            >
              <Select
                data-testid="hz-resp-kind"
                options={RESPONSIBLE_KINDS.map((k) => ({ value: k, label: t(`volunteers.responsibleKind.${k}`) }))}
              />
            </Form.Item>
            <Form.Item
              name="responsibleName"
              label={t('volunteers.hazard.responsibleName')}
              rules={[{ required: true, min: 2, max: 100 }]}
            >
              <Input data-testid="hz-resp-name" />
            </Form.Item>
            <Form.Item
              name="dueOn"
              label={t('volunteers.hazard.dueOn')}
              rules={[{ required: true }]}
              initialValue={dayjs().add(7, 'day')}
            >
              <DatePicker disabledDate={future} />
            </Form.Item>
          </>
        ) : null}
        {current === 'verify' ? (
          <Form.Item label={t('volunteers.hazard.verify')}>
            <Radio.Group
              value={result}
              onChange={(e) => setResult(e.target.value as 'pass' | 'fail')}
              options={[
                { value: 'pass', label: t('volunteers.hazard.verifyPass') },
                { value: 'fail', label: t('volunteers.hazard.verifyFail') },
              ]}
            />
          </Form.Item>
        ) : null}
        {current === 'verify' && result === 'fail' ? (
          <Form.Item name="dueOn" label={t('volunteers.hazard.newDue')} rules={[{ required: true }]}>
            <DatePicker disabledDate={future} />
          </Form.Item>
        ) : null}
        <Form.Item
          name="note"
          label={
            current === 'rectify'
              ? t('volunteers.hazard.rectifyNote')
              : current === 'dismiss'
                ? t('volunteers.common.reason')
                : t('volunteers.common.note')
          }
          rules={current === 'rectify' || current === 'dismiss' ? [{ required: true, min: 2 }] : []}
        >
          <Input.TextArea rows={2} data-testid="hz-action-note" />
        </Form.Item>
        {current === 'rectify' || current === 'verify' ? (
          <Form.Item label={t('volunteers.hazard.evidence')}>
            <Upload
              accept="image/*"
              listType="picture"
              beforeUpload={(f) => {
                setFiles((fs) => [...fs, f]);
                return false;
              }}
              onRemove={(f) => setFiles((fs) => fs.filter((x) => (x as File & { uid?: string }).uid !== f.uid))}
              fileList={files.map((f) => ({
                uid: (f as File & { uid: string }).uid,
                name: f.name,
                status: 'done' as const,
              }))}
            >
              <Button data-testid="hz-evidence">{t('volunteers.hazard.addPhoto')}</Button>
            </Upload>
          </Form.Item>
        ) : null}
        <Space>
          <Button
            type="primary"
            htmlType="submit"
            danger={current === 'dismiss'}
            loading={busy}
            data-testid="hz-action-submit"
          >
            {current === 'verify'
              ? result === 'pass'
                ? t('volunteers.hazard.verifyPass')
                : t('volunteers.hazard.verifyFail')
              : labels[current]}
          </Button>
        </Space>
      </Form>
    </div>
  );
}
