import { PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Input, Spin, Switch } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { ErrorAlert } from '../../shared/errors';
import { LanguageSwitch } from '../../shared/LanguageSwitch';
import type { PublicTicket } from '../citizen/TicketPage';
import { hhmm, nameOf, open, usePublicServices } from './hall-api';
import { useHallErrorText } from './hall-errors';
import './hall.css';

/** How long a printed ticket stays on screen before the kiosk is ready for the next person. */
const SHOW_TICKET_MS = 20_000;

/**
 * `/hall/kiosk`: the touch screen at the hall's entrance. One big button
 * per service takes a ticket; a booking number checks an appointment in.
 * The ticket is shown large and printed on the kiosk's printer.
 */
export default function KioskPage() {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const station = params.get('station') ?? undefined;
  const errorText = useHallErrorText();
  const services = usePublicServices();
  const [priority, setPriority] = useState(false);
  const [booking, setBooking] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [ticket, setTicket] = useState<{ ticket: PublicTicket; onTime?: boolean } | null>(null);

  useEffect(() => {
    if (!ticket) return;
    const id = setTimeout(() => setTicket(null), SHOW_TICKET_MS);
    return () => clearTimeout(id);
  }, [ticket]);

  const take = async (serviceId: string) => {
    setBusy(true);
    setError(null);
    try {
      const tk = await open<PublicTicket>('/api/hall/kiosk/tickets', { body: { serviceId, priority, station } });
      setTicket({ ticket: tk });
      setPriority(false);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const checkIn = async () => {
    if (!booking.trim()) {
      setError(t('citizen.ticket.numberRequired'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const r = await open<{ ticket: PublicTicket; onTime: boolean }>('/api/hall/kiosk/check-in', {
        body: { bookingNumber: booking.trim(), station },
      });
      setTicket(r);
      setBooking('');
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  if (ticket) {
    const tk = ticket.ticket;
    return (
      <div className="fq-kiosk">
        <div className="fq-kiosk-ticket" data-testid="kiosk-ticket">
          <div className="fq-kiosk-ticket-service">{nameOf(tk.service, i18n.language)}</div>
          <div className="fq-kiosk-ticket-number" data-testid="kiosk-ticket-number">
            {tk.number}
          </div>
          {ticket.onTime !== undefined ? (
            <div className="fq-kiosk-ticket-line">{ticket.onTime ? t('hall.kiosk.onTime') : t('hall.kiosk.late')}</div>
          ) : null}
          <div className="fq-kiosk-ticket-line">{t('citizen.ticket.ahead', { n: tk.waitingAhead })}</div>
          <div className="fq-kiosk-ticket-line">{t('citizen.ticket.estimate', { min: tk.estimatedWaitMinutes })}</div>
          <div className="fq-kiosk-ticket-small">{t('citizen.ticket.takenAt', { at: hhmm(tk.ticketedAt) })}</div>
          <div className="fq-kiosk-ticket-small">{t('hall.kiosk.follow')}</div>
        </div>
        <div className="fq-kiosk-actions fq-no-print">
          <Button size="large" icon={<PrinterOutlined />} onClick={() => window.print()} className="fq-kiosk-big">
            {t('hall.kiosk.print')}
          </Button>
          <Button
            size="large"
            type="primary"
            onClick={() => setTicket(null)}
            className="fq-kiosk-big"
            data-testid="kiosk-done"
          >
            {t('hall.kiosk.done')}
          </Button>
        </div>
      </div>
    );
  }

  return (
    <div className="fq-kiosk">
      <header className="fq-kiosk-head">
        <h1>{t('hall.kiosk.title')}</h1>
        <LanguageSwitch />
      </header>
      {error ? (
        <Alert
          type="error"
          showIcon
          title={error}
          closable={{ onClose: () => setError(null) }}
          className="fq-kiosk-error"
          data-testid="kiosk-error"
        />
      ) : null}
      <div className="fq-kiosk-priority">
        <Switch checked={priority} onChange={setPriority} data-testid="kiosk-priority" />
        <span>{t('hall.kiosk.priority')}</span>
      </div>
      {services.isPending ? <Spin size="large" /> : null}
      {services.error ? <ErrorAlert error={services.error} onRetry={() => services.refetch()} /> : null}
      <div className="fq-kiosk-grid">
        {(services.data ?? []).map((s) => (
          <button
            type="button"
            key={s.id}
            className="fq-kiosk-service"
            disabled={busy}
            onClick={() => void take(s.id)}
            data-testid={`kiosk-service-${s.code}`}
          >
            <span className="fq-kiosk-service-name">{nameOf(s, i18n.language)}</span>
            <span className="fq-kiosk-service-prefix">{s.queuePrefix}</span>
          </button>
        ))}
      </div>
      <div className="fq-kiosk-checkin">
        <div className="fq-kiosk-checkin-title">{t('hall.kiosk.checkIn')}</div>
        <div className="fq-kiosk-checkin-row">
          <Input
            size="large"
            value={booking}
            onChange={(e) => setBooking(e.target.value.toUpperCase())}
            onPressEnter={checkIn}
            placeholder={t('citizen.ticket.numberPlaceholder')}
            data-testid="kiosk-booking"
          />
          <Button type="primary" size="large" loading={busy} onClick={checkIn} data-testid="kiosk-check-in">
            {t('hall.kiosk.checkInSubmit')}
          </Button>
        </div>
      </div>
    </div>
  );
}
