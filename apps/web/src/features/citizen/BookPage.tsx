import type { HallAvailability } from '@fengqiao/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Empty, Form, Input, Spin, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import type { z } from 'zod';
import { ErrorAlert } from '../../shared/errors';
import { type Appointment, hhmm, nameOf, open, usePublicServices } from '../hall/hall-api';
import { useHallErrorText } from '../hall/hall-errors';
import { citizenKeys, useCitizen } from './citizen-session';
import { ServiceFlags } from './ServicesPage';

type Availability = z.infer<typeof HallAvailability>;

/**
 * `/m/book/:serviceId`: the bookable days (next day to the horizon in
 * working days), each slot with its window and places left; full slots are
 * disabled. Booking leads to the confirmation.
 */
export default function BookPage() {
  const { serviceId = '' } = useParams();
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const errorText = useHallErrorText();
  const me = useCitizen();
  const services = usePublicServices();
  const service = services.data?.find((s) => s.id === serviceId);
  const availability = useQuery({
    queryKey: ['citizen', 'availability', serviceId],
    queryFn: () => open<Availability>('/api/hall/public/availability', { query: { serviceId } }),
  });
  const [day, setDay] = useState<string | null>(null);
  const [slotId, setSlotId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ name: string; idNumber?: string }>();

  useEffect(() => {
    if (me.data?.name && !form.getFieldValue('name')) form.setFieldValue('name', me.data.name);
  }, [me.data, form]);

  const days = availability.data?.days ?? [];
  useEffect(() => {
    if (day === null && days.length > 0) setDay((days.find((d) => d.remaining > 0) ?? days[0])?.day ?? null);
  }, [days, day]);
  const slots = days.find((d) => d.day === day)?.slots ?? [];

  const book = async () => {
    // Field errors show under the fields; nothing is sent.
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    if (!slotId) {
      setError(t('citizen.book.pickSlot'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const a = await open<Appointment>('/api/citizen/appointments', {
        body: { slotId, serviceId, name: v.name, ...(v.idNumber ? { idNumber: v.idNumber } : {}) },
      });
      await qc.invalidateQueries({ queryKey: citizenKeys.appointments });
      navigate(`/m/bookings/${a.id}?new=1`);
    } catch (e) {
      setError(errorText(e));
      // The places may have changed meanwhile: show the current counts.
      void availability.refetch();
    } finally {
      setBusy(false);
    }
  };

  const weekday = (d: string) => dayjs(d).format(i18n.language === 'en-US' ? 'ddd' : 'dd');

  return (
    <>
      <div className="fq-m-title">{t('citizen.book.title')}</div>
      {service ? (
        <div className="fq-m-card">
          <div style={{ fontWeight: 600 }}>{nameOf(service, i18n.language)}</div>
          <ServiceFlags service={service} />
        </div>
      ) : null}
      {availability.isPending ? <Spin /> : null}
      {availability.error ? <ErrorAlert error={availability.error} onRetry={() => availability.refetch()} /> : null}
      {availability.data ? (
        <div className="fq-m-card">
          <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
            {t('citizen.book.window', { from: availability.data.bookableFrom, to: availability.data.bookableTo })}
          </Typography.Paragraph>
          {days.length === 0 ? <Empty description={t('citizen.book.noDays')} /> : null}
          <div className="fq-m-days" data-testid="m-days">
            {days.map((d) => (
              <button
                type="button"
                key={d.day}
                className={`fq-m-day${d.day === day ? ' selected' : ''}`}
                onClick={() => {
                  setDay(d.day);
                  setSlotId(null);
                }}
                data-testid={`m-day-${d.day}`}
              >
                <div>{d.day.slice(5)}</div>
                <div>{weekday(d.day)}</div>
                <div style={{ fontSize: 11 }}>
                  {d.remaining > 0 ? t('citizen.book.left', { n: d.remaining }) : t('citizen.book.full')}
                </div>
              </button>
            ))}
          </div>
          <div className="fq-m-slots" style={{ marginTop: 10 }} data-testid="m-slots">
            {slots.map((s) => (
              <button
                type="button"
                key={s.id}
                disabled={s.remaining <= 0}
                className={`fq-m-slot${s.id === slotId ? ' selected' : ''}`}
                onClick={() => setSlotId(s.id)}
                data-testid="m-slot"
                data-slot-id={s.id}
                data-remaining={s.remaining}
              >
                <div style={{ fontWeight: 600 }}>
                  {hhmm(s.startsAt)}–{hhmm(s.endsAt)}
                </div>
                <div>{t('citizen.book.windowNo', { n: s.window.number })}</div>
                <div>
                  {s.remaining > 0
                    ? t('citizen.book.places', { left: s.remaining, capacity: s.capacity })
                    : t('citizen.book.slotFull', { capacity: s.capacity })}
                </div>
              </button>
            ))}
          </div>
        </div>
      ) : null}
      <div className="fq-m-card">
        <Form form={form} layout="vertical" requiredMark={false}>
          <Form.Item
            name="name"
            label={t('citizen.book.name')}
            rules={[{ required: true, message: t('citizen.book.nameRequired') }]}
          >
            <Input size="large" maxLength={64} data-testid="m-book-name" />
          </Form.Item>
          <Form.Item name="idNumber" label={t('citizen.book.idNumber')} extra={t('citizen.book.idHint')}>
            <Input size="large" maxLength={18} data-testid="m-book-id" />
          </Form.Item>
        </Form>
        {error ? (
          <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="m-error" />
        ) : null}
        <Button type="primary" block size="large" loading={busy} onClick={book} data-testid="m-book-submit">
          {t('citizen.book.submit')}
        </Button>
      </div>
    </>
  );
}
