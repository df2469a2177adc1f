import { EnvironmentOutlined } from '@ant-design/icons';
import type { HallHomeVisitView } from '@fengqiao/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Empty, Form, Input, Select, Spin, Tag } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { ErrorAlert } from '../../shared/errors';
import { dayTime, nameOf, open, usePublicServices } from '../hall/hall-api';
import { useHallErrorText } from '../hall/hall-errors';
import { citizenKeys, useCitizen } from './citizen-session';

const REASONS = ['elderly', 'disabled', 'ill', 'other'] as const;
type Reason = (typeof REASONS)[number];
interface FormValues {
  serviceId: string;
  personName: string;
  reason: Reason;
  reasonNote?: string;
  phone?: string;
  address: string;
}
const STATUS_COLOURS: Record<HallHomeVisitView['status'], string> = {
  requested: 'orange',
  scheduled: 'blue',
  done: 'green',
  cancelled: 'default',
};

/**
 * `/m/home-visit`: a resident asks the station to come to someone who cannot
 * come to the hall (elderly, disabled, ill) and follows the request: who comes
 * and on which day, and when it was done.
 */
export default function HomeVisitPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const errorText = useHallErrorText();
  const me = useCitizen();
  const [params] = useSearchParams();
  const services = usePublicServices();
  const homeServices = useMemo(() => (services.data ?? []).filter((s) => s.homeVisit), [services.data]);
  const mine = useQuery({
    queryKey: citizenKeys.homeVisits,
    queryFn: () => open<HallHomeVisitView[]>('/api/citizen/home-visits'),
  });
  const [form] = Form.useForm<FormValues>();
  const [position, setPosition] = useState<{ lng: number; lat: number } | null>(null);
  const [locating, setLocating] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const wanted = params.get('service');
    if (wanted && homeServices.some((s) => s.id === wanted) && !form.getFieldValue('serviceId'))
      form.setFieldValue('serviceId', wanted);
  }, [params, homeServices, form]);

  const locate = () => {
    if (!navigator.geolocation) {
      setError(t('citizen.homeVisit.noGeolocation'));
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (p) => {
        setLocating(false);
        setPosition({ lng: Number(p.coords.longitude.toFixed(6)), lat: Number(p.coords.latitude.toFixed(6)) });
      },
      () => {
        setLocating(false);
        setError(t('citizen.homeVisit.noGeolocation'));
      },
      { enableHighAccuracy: true, timeout: 10_000 },
    );
  };

  const send = async () => {
    // Field errors show under the fields; nothing is sent.
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    setError(null);
    try {
      const created = await open<HallHomeVisitView>('/api/citizen/home-visits', {
        body: {
          serviceId: v.serviceId,
          personName: v.personName,
          reason: v.reason,
          address: v.address,
          ...(v.reasonNote ? { reasonNote: v.reasonNote } : {}),
          ...(v.phone ? { phone: v.phone } : {}),
          ...(position ? { location: position } : {}),
        },
      });
      form.resetFields();
      setPosition(null);
      message.success(t('citizen.homeVisit.sent', { number: created.number }));
      await qc.invalidateQueries({ queryKey: citizenKeys.homeVisits });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <div className="fq-m-title">{t('citizen.homeVisit.title')}</div>
      <div className="fq-m-card">
        <div className="fq-muted" style={{ marginBottom: 12 }}>
          {t('citizen.homeVisit.intro')}
        </div>
        {services.error ? <ErrorAlert error={services.error} onRetry={() => services.refetch()} /> : null}
        <Form<FormValues>
          form={form}
          layout="vertical"
          requiredMark={false}
          initialValues={{ reason: 'elderly', personName: me.data?.name ?? '' }}
        >
          <Form.Item
            name="serviceId"
            label={t('citizen.homeVisit.service')}
            rules={[{ required: true, message: t('citizen.homeVisit.serviceRequired') }]}
          >
            <Select
              size="large"
              loading={services.isPending}
              data-testid="m-hv-service"
              placeholder={t('citizen.homeVisit.servicePlaceholder')}
              options={homeServices.map((s) => ({ value: s.id, label: nameOf(s, i18n.language) }))}
            />
          </Form.Item>
          <Form.Item
            name="personName"
            label={t('citizen.homeVisit.personName')}
            rules={[{ required: true, message: t('citizen.homeVisit.personNameRequired') }]}
          >
            <Input size="large" maxLength={64} data-testid="m-hv-name" />
          </Form.Item>
          <Form.Item name="reason" label={t('citizen.homeVisit.reason')}>
            <Select
              size="large"
              data-testid="m-hv-reason"
              options={REASONS.map((r) => ({ value: r, label: t(`hall.homeVisits.reason.${r}`) }))}
            />
          </Form.Item>
          <Form.Item name="reasonNote" label={t('citizen.homeVisit.reasonNote')}>
            <Input.TextArea rows={2} maxLength={500} data-testid="m-hv-note" />
          </Form.Item>
          <Form.Item name="phone" label={t('citizen.homeVisit.phone')} extra={t('citizen.homeVisit.phoneHint')}>
            <Input size="large" inputMode="tel" maxLength={32} data-testid="m-hv-phone" />
          </Form.Item>
          <Form.Item
            name="address"
            label={t('citizen.homeVisit.address')}
            rules={[{ required: true, message: t('citizen.homeVisit.addressRequired') }]}
          >
            <Input size="large" maxLength={200} data-testid="m-hv-address" />
          </Form.Item>
          <div style={{ display: 'flex', alignItems: 'center', gap: 8, marginBottom: 16 }}>
            <Button icon={<EnvironmentOutlined />} loading={locating} onClick={locate} data-testid="m-hv-locate">
              {t('citizen.homeVisit.locate')}
            </Button>
            <span className="fq-muted" data-testid="m-hv-position">
              {position ? t('citizen.homeVisit.located') : t('citizen.homeVisit.notLocated')}
            </span>
          </div>
        </Form>
        {error ? (
          <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="m-error" />
        ) : null}
        <Button type="primary" block size="large" loading={busy} onClick={send} data-testid="m-hv-submit">
          {t('citizen.homeVisit.submit')}
        </Button>
      </div>
      <div className="fq-m-title">{t('citizen.homeVisit.mine')}</div>
      {mine.isPending ? <Spin /> : null}
      {mine.data && mine.data.length === 0 ? <Empty description={t('citizen.homeVisit.none')} /> : null}
      {mine.data?.map((v) => (
        <div className="fq-m-card" key={v.id} data-testid={`m-hv-${v.number}`}>
          <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
            <span className="fq-muted">
              {v.number} · {dayTime(v.requestedAt)}
            </span>
            <Tag color={STATUS_COLOURS[v.status]} data-testid="m-hv-status">
              {t(`hall.homeVisits.status.${v.status}`)}
            </Tag>
          </div>
          <div style={{ margin: '6px 0', fontWeight: 600 }}>
            {nameOf(v.service, i18n.language)} · {v.personName}
          </div>
          <div className="fq-muted">{v.address}</div>
          {v.status === 'scheduled' && v.scheduledDay ? (
            <div style={{ marginTop: 6 }}>
              {t('citizen.homeVisit.scheduled', { day: v.scheduledDay, officer: v.officer?.name ?? '' })}
            </div>
          ) : null}
          {v.status === 'done' ? (
            <div style={{ marginTop: 6 }}>
              {t('citizen.homeVisit.done', { at: dayTime(v.doneAt) })}
              {v.outcomeNote ? ` · ${v.outcomeNote}` : ''}
            </div>
          ) : null}
          {v.status === 'cancelled' && v.cancelReason ? (
            <div style={{ marginTop: 6 }}>{t('citizen.homeVisit.cancelled', { reason: v.cancelReason })}</div>
          ) : null}
        </div>
      ))}
    </>
  );
}
