import type { HallApplicationDetail } from '@fengqiao/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { nameOf, open, usePublicServices } from '../hall/hall-api';
import { useHallErrorText } from '../hall/hall-errors';
import { citizenKeys, useCitizen } from './citizen-session';
import { MaterialUpload, type Uploaded } from './MaterialUpload';
import { ServiceFlags } from './ServicesPage';

/** `/m/apply/:serviceId`: an online application with its materials, each uploaded and checked. */
export default function ApplyPage() {
  const { serviceId = '' } = useParams();
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const errorText = useHallErrorText();
  const me = useCitizen();
  const services = usePublicServices();
  const service = services.data?.find((s) => s.id === serviceId);
  const [files, setFiles] = useState<Record<string, Uploaded | undefined>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ name: string; idNumber: string; address?: string; note?: string }>();

  // Only once the form is on screen (the catalogue may arrive after the resident's name).
  const formShown = Boolean(service);
  useEffect(() => {
    if (formShown && me.data?.name && !form.getFieldValue('name')) form.setFieldValue('name', me.data.name);
  }, [formShown, me.data, form]);

  if (services.isPending) return <Spin />;
  if (!service) return <Alert type="error" showIcon title={t('citizen.apply.unknown')} />;

  const submit = async () => {
    // Field errors show under the fields; nothing is sent.
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const missing = service.materials.filter((m) => m.required && !files[m.code]);
    if (missing.length > 0) {
      setError(
        t('citizen.apply.missing', {
          list: missing.map((m) => (i18n.language === 'en-US' ? m.nameEn : m.nameZh)).join('、'),
        }),
      );
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const a = await open<HallApplicationDetail>('/api/citizen/applications', {
        body: {
          serviceId,
          name: v.name,
          idNumber: v.idNumber,
          details: { ...(v.address ? { address: v.address } : {}), ...(v.note ? { note: v.note } : {}) },
          materials: Object.entries(files).flatMap(([code, f]) => (f ? [{ code, fileId: f.fileId }] : [])),
        },
      });
      await qc.invalidateQueries({ queryKey: citizenKeys.applications });
      navigate(`/m/applications/${a.id}?new=1`);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <div className="fq-m-title">{t('citizen.apply.title')}</div>
      <div className="fq-m-card">
        <div style={{ fontWeight: 600 }}>{nameOf(service, i18n.language)}</div>
        <ServiceFlags service={service} />
        <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 12 }}>
          {t('citizen.apply.deadline', { n: service.timeLimitDays })}
        </Typography.Paragraph>
      </div>
      <div className="fq-m-card">
        <Form form={form} layout="vertical" requiredMark={false}>
          <Form.Item
            name="name"
            label={t('citizen.book.name')}
            rules={[{ required: true, message: t('citizen.book.nameRequired') }]}
          >
            <Input size="large" maxLength={64} data-testid="m-apply-name" />
          </Form.Item>
          <Form.Item
            name="idNumber"
            label={t('citizen.apply.idNumber')}
            rules={[{ required: true, pattern: /^\d{17}[\dXx]$/, message: t('hall.err.id_number_format') }]}
          >
            <Input size="large" maxLength={18} data-testid="m-apply-id" />
          </Form.Item>
          <Form.Item name="address" label={t('citizen.apply.address')}>
            <Input size="large" maxLength={200} />
          </Form.Item>
          <Form.Item name="note" label={t('citizen.apply.note')}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        </Form>
      </div>
      <div className="fq-m-card">
        <div style={{ fontWeight: 600 }}>{t('citizen.apply.materials')}</div>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '2px 0 0' }}>
          {t('citizen.apply.fileRules')}
        </Typography.Paragraph>
        {service.materials.map((m) => (
          <MaterialUpload
            key={m.code}
            material={m}
            value={files[m.code]}
            onChange={(f) => setFiles((prev) => ({ ...prev, [m.code]: f }))}
          />
        ))}
      </div>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="m-error" /> : null}
      <Button type="primary" block size="large" loading={busy} onClick={submit} data-testid="m-apply-submit">
        {t('citizen.apply.submit')}
      </Button>
    </>
  );
}
