import type { CameraInput, CameraSummary } from '@fengqiao/contracts';
import { App, Form, Input, InputNumber, Modal, Switch, TimePicker } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { applyFieldErrors, useErrorText, useFieldText } from '../../shared/errors';
import { useSaveCamera } from './queries';

interface Values {
  code: string;
  name: string;
  lng: number;
  lat: number;
  streamUrl: string;
  mainStreamUrl?: string;
  directionDeg?: number | null;
  hours?: [Dayjs, Dayjs] | null;
  detectFps: number;
  enabled: boolean;
}

/** Registers a camera or edits one (the grid follows from its position on the server). */
export function CameraForm({
  camera,
  open,
  onClose,
}: {
  camera: CameraSummary | null;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const save = useSaveCamera();
  const errorText = useErrorText();
  const fieldText = useFieldText();
  const initial: Partial<Values> = camera
    ? {
        code: camera.code,
        name: camera.name,
        lng: camera.lng,
        lat: camera.lat,
        streamUrl: camera.streamUrl,
        mainStreamUrl: camera.mainStreamUrl ?? '',
        directionDeg: camera.directionDeg,
        hours: camera.enabledHours
          ? [dayjs(camera.enabledHours.from, 'HH:mm'), dayjs(camera.enabledHours.to, 'HH:mm')]
          : null,
        detectFps: camera.detectFps,
        enabled: camera.enabled,
      }
    : { detectFps: 5, enabled: true };

  const submit = async (v: Values) => {
    const body: CameraInput = {
      code: v.code,
      name: v.name,
      lng: v.lng,
      lat: v.lat,
      streamUrl: v.streamUrl,
      mainStreamUrl: v.mainStreamUrl?.trim() ? v.mainStreamUrl.trim() : null,
      directionDeg: v.directionDeg ?? null,
      enabledHours: v.hours ? { from: v.hours[0].format('HH:mm'), to: v.hours[1].format('HH:mm') } : null,
      detectFps: v.detectFps,
      enabled: v.enabled,
    };
    try {
      await save.mutateAsync(camera ? { id: camera.id, version: camera.version, body } : { body });
      message.success(camera ? t('cameras.form.saved') : t('cameras.form.created'));
      onClose();
    } catch (e) {
      if (!applyFieldErrors(form, e, fieldText)) message.error(errorText(e));
    }
  };

  return (
    <Modal
      open={open}
      title={camera ? `${t('cameras.edit')} ${camera.code}` : t('cameras.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('cameras.form.save')}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={initial} onFinish={submit} preserve={false}>
        <Form.Item
          name="code"
          label={t('cameras.form.code')}
          rules={[{ required: true, pattern: /^[A-Za-z0-9_-]{2,32}$/ }]}
        >
          <Input placeholder="G15-K88" />
        </Form.Item>
        <Form.Item name="name" label={t('cameras.form.name')} rules={[{ required: true, min: 2 }]}>
          <Input />
        </Form.Item>
        <Form.Item label={`${t('cameras.form.lng')} / ${t('cameras.form.lat')}`} required style={{ marginBottom: 0 }}>
          <Form.Item name="lng" rules={[{ required: true }]} style={{ display: 'inline-block', width: '50%' }}>
            <InputNumber style={{ width: '100%' }} min={-180} max={180} step={0.0001} />
          </Form.Item>
          <Form.Item name="lat" rules={[{ required: true }]} style={{ display: 'inline-block', width: '50%' }}>
            <InputNumber style={{ width: '100%' }} min={-90} max={90} step={0.0001} />
          </Form.Item>
        </Form.Item>
        <Form.Item
          name="streamUrl"
          label={t('cameras.form.streamUrl')}
          extra={t('cameras.form.streamHelp')}
          rules={[{ required: true }]}
        >
          <Input placeholder="rtsp://192.168.1.64/Streaming/Channels/102" />
        </Form.Item>
        <Form.Item name="mainStreamUrl" label={t('cameras.form.mainStreamUrl')}>
          <Input />
        </Form.Item>
        <Form.Item name="directionDeg" label={t('cameras.form.directionDeg')}>
          <InputNumber min={0} max={359} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="hours" label={t('cameras.form.enabledHours')} extra={t('cameras.form.allDay')}>
          <TimePicker.RangePicker format="HH:mm" order={false} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="detectFps" label={t('cameras.form.detectFps')} rules={[{ required: true }]}>
          <InputNumber min={0.5} max={15} step={0.5} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="enabled" label={t('cameras.form.enabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
