import { CloudDownloadOutlined } from '@ant-design/icons';
import type { ExportUse } from '@fengqiao/contracts';
import { Alert, App, Button, Form, Input, Modal, Radio } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/queries';
import { useErrorText } from '../../shared/errors';
import { downloadExport } from './queries';

/**
 * "模糊化导出": the chosen events' frames for public release or model
 * training, blurred on the server (faces, people, plates). Asks for the use
 * and the purpose, which the audit log records with the export.
 */
export function ExportButton({ eventIds, size }: { eventIds: string[]; size?: 'small' | 'middle' }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const me = useMe();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ use: ExportUse; purpose: string }>();
  if (!(me.data?.permissions.includes('evidence.export') ?? false)) return null;
  const submit = async (v: { use: ExportUse; purpose: string }) => {
    setBusy(true);
    try {
      const r = await downloadExport({ use: v.use, purpose: v.purpose.trim(), eventIds });
      message.success(t('cameras.export.done', { count: r.count }));
      setOpen(false);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button
        icon={<CloudDownloadOutlined />}
        size={size ?? 'middle'}
        disabled={eventIds.length === 0}
        onClick={() => setOpen(true)}
        data-testid="export-open"
      >
        {t('cameras.export.button')}
        {eventIds.length > 1 ? `（${eventIds.length}）` : ''}
      </Button>
      <Modal
        open={open}
        title={t('cameras.export.title')}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okText={t('cameras.export.download')}
        okButtonProps={{ 'data-testid': 'export-submit' } as Record<`data-${string}`, string>}
        confirmLoading={busy}
        destroyOnHidden
      >
        <Alert type="info" showIcon title={t('cameras.export.help')} style={{ marginBottom: 16 }} />
        <Form form={form} layout="vertical" initialValues={{ use: 'public' }} onFinish={submit}>
          <Form.Item name="use" label={t('cameras.export.use')}>
            <Radio.Group
              options={(['public', 'training'] as const).map((u) => ({
                value: u,
                label: t(`cameras.export.uses.${u}`),
              }))}
            />
          </Form.Item>
          <Form.Item
            name="purpose"
            label={t('cameras.export.purpose')}
            rules={[{ required: true, min: 4, whitespace: true, message: t('cameras.event.purposeRequired') }]}
          >
            <Input.TextArea rows={2} maxLength={200} data-testid="export-purpose" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
