import type { HallPublicTicket } from '@fengqiao/contracts';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Select, Spin, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import type { z } from 'zod';
import { ErrorAlert } from '../../shared/errors';
import { hhmm, nameOf, open, usePublicServices } from '../hall/hall-api';
import { useHallErrorText } from '../hall/hall-errors';

export type PublicTicket = z.infer<typeof HallPublicTicket>;

const LAST_TICKET = 'fq.hall.ticket';

/** `/m/ticket`: take a ticket before arriving, or check in a booking by its number. */
export default function TicketPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const errorText = useHallErrorText();
  const services = usePublicServices();
  const [serviceId, setServiceId] = useState<string | undefined>(params.get('service') ?? undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ bookingNumber: string }>();
  const last = localStorage.getItem(LAST_TICKET);

  const take = async () => {
    if (!serviceId) {
      setError(t('citizen.ticket.pickService'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const ticket = await open<PublicTicket>('/api/hall/kiosk/tickets', { body: { serviceId } });
      localStorage.setItem(LAST_TICKET, ticket.token);
      navigate(`/m/ticket/${ticket.token}`);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const checkIn = async () => {
    // Field errors show under the fields; nothing is sent.
    const checked = await form.validateFields().catch(() => null);
    if (!checked) return;
    const { bookingNumber } = checked;
    setBusy(true);
    setError(null);
    try {
      const r = await open<{ ticket: PublicTicket }>('/api/hall/kiosk/check-in', { body: { bookingNumber } });
      localStorage.setItem(LAST_TICKET, r.ticket.token);
      navigate(`/m/ticket/${r.ticket.token}`);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <div className="fq-m-title">{t('citizen.ticket.title')}</div>
      {last ? (
        <Button block style={{ marginBottom: 12 }} onClick={() => navigate(`/m/ticket/${last}`)}>
          {t('citizen.ticket.mine')}
        </Button>
      ) : null}
      <div className="fq-m-card">
        <div style={{ fontWeight: 600, marginBottom: 8 }}>{t('citizen.ticket.remote')}</div>
        <Select
          size="large"
          style={{ width: '100%', marginBottom: 12 }}
          placeholder={t('citizen.ticket.service')}
          value={serviceId}
          onChange={setServiceId}
          loading={services.isPending}
          options={(services.data ?? []).map((s) => ({ value: s.id, label: nameOf(s, i18n.language) }))}
          data-testid="m-ticket-service"
        />
        <Button type="primary" block size="large" loading={busy} onClick={take} data-testid="m-take-ticket">
          {t('citizen.ticket.take')}
        </Button>
      </div>
      <div className="fq-m-card">
        <div style={{ fontWeight: 600, marginBottom: 8 }}>{t('citizen.ticket.checkIn')}</div>
        <Form form={form} layout="vertical" requiredMark={false}>
          <Form.Item name="bookingNumber" rules={[{ required: true, message: t('citizen.ticket.numberRequired') }]}>
            <Input size="large" placeholder={t('citizen.ticket.numberPlaceholder')} data-testid="m-ticket-booking" />
          </Form.Item>
        </Form>
        <Button block size="large" loading={busy} onClick={checkIn} data-testid="m-ticket-check-in">
          {t('citizen.ticket.checkInSubmit')}
        </Button>
      </div>
      {error ? <Alert type="error" showIcon title={error} data-testid="m-error" /> : null}
    </>
  );
}

/** `/m/ticket/:token`: one ticket followed live (polled): number, people ahead, called to which window. */
export function TicketStatusPage() {
  const { token = '' } = useParams();
  const { t, i18n } = useTranslation();
  const q = useQuery({
    queryKey: ['citizen', 'ticket', token],
    queryFn: () => open<PublicTicket>(`/api/hall/public/tickets/${token}`),
    refetchInterval: 10_000,
  });
  const called = q.data?.status === 'called';
  useEffect(() => {
    // A buzz when the number is called, where the phone supports it.
    if (called && 'vibrate' in navigator) navigator.vibrate?.([200, 100, 200]);
  }, [called]);
  if (q.isPending) return <Spin />;
  if (q.error || !q.data) return <ErrorAlert error={q.error} onRetry={() => q.refetch()} />;
  const tk = q.data;
  return (
    <>
      <div className="fq-m-title">{t('citizen.ticket.yours')}</div>
      <div className="fq-m-card" style={{ textAlign: 'center' }}>
        <div className="fq-muted">{nameOf(tk.service, i18n.language)}</div>
        <div className="fq-m-big-number" data-testid="m-ticket-number">
          {tk.number}
        </div>
        <Tag color={called ? 'red' : tk.status === 'waiting' ? 'blue' : 'default'}>
          {t(`hall.ticketStatus.${tk.status}`)}
        </Tag>
        {called && tk.window ? (
          <Alert
            style={{ marginTop: 12 }}
            type="warning"
            showIcon
            title={t('citizen.ticket.calledTo', { n: tk.window.number })}
          />
        ) : null}
        {tk.status === 'waiting' ? (
          <div style={{ marginTop: 12 }}>
            <div>{t('citizen.ticket.ahead', { n: tk.waitingAhead })}</div>
            <div className="fq-muted">{t('citizen.ticket.estimate', { min: tk.estimatedWaitMinutes })}</div>
          </div>
        ) : null}
        <div className="fq-muted" style={{ marginTop: 8, fontSize: 12 }}>
          {t('citizen.ticket.takenAt', { at: hhmm(tk.ticketedAt) })}
        </div>
      </div>
    </>
  );
}
