import { CheckCircleFilled, DownloadOutlined } from '@ant-design/icons';
import type { HallAppointmentView } from '@fengqiao/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Popconfirm, Result, Spin, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { ErrorAlert } from '../../shared/errors';
import { dayTime, hhmm, nameOf, open, todayCst } from '../hall/hall-api';
import { useHallErrorText } from '../hall/hall-errors';
import { APPOINTMENT_COLORS } from './BookingsPage';
import { citizenKeys } from './citizen-session';
import type { PublicTicket } from './TicketPage';

/**
 * `/m/bookings/:id`: the confirmation — booking number, time and window,
 * materials to bring, the calendar file — with cancellation (until the day
 * before) and check-in on the day.
 */
export default function BookingPage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const errorText = useHallErrorText();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const q = useQuery({
    queryKey: citizenKeys.appointment(id),
    queryFn: () => open<HallAppointmentView>(`/api/citizen/appointments/${id}`),
  });
  const a = q.data;
  const en = i18n.language === 'en-US';

  const act = async (what: 'cancel' | 'check-in') => {
    setBusy(true);
    setError(null);
    try {
      if (what === 'cancel') {
        await open(`/api/citizen/appointments/${id}/cancel`, { body: {} });
        message.success(t('citizen.booking.cancelled'));
      } else {
        const r = await open<{ ticket: PublicTicket; onTime: boolean }>(`/api/citizen/appointments/${id}/check-in`, {
          body: {},
        });
        navigate(`/m/ticket/${r.ticket.token}`);
      }
      await qc.invalidateQueries({ queryKey: citizenKeys.appointments });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  if (q.isPending) return <Spin />;
  if (q.error || !a) return <ErrorAlert error={q.error} onRetry={() => q.refetch()} />;
  return (
    <>
      {params.get('new') ? (
        <Result
          status="success"
          icon={<CheckCircleFilled />}
          title={t('citizen.booking.done')}
          subTitle={t('citizen.booking.doneHint')}
          style={{ padding: '12px 0' }}
        />
      ) : (
        <div className="fq-m-title">{t('citizen.booking.title')}</div>
      )}
      <div className="fq-m-card">
        <div style={{ textAlign: 'center' }} className="fq-muted">
          {t('citizen.booking.numberLabel')}
        </div>
        <div className="fq-m-big-number" style={{ fontSize: 28 }} data-testid="m-booking-number">
          {a.number}
        </div>
        <div style={{ textAlign: 'center', marginBottom: 8 }}>
          <Tag color={APPOINTMENT_COLORS[a.status]} data-testid="m-booking-status">
            {t(`citizen.apptStatus.${a.status}`)}
          </Tag>
        </div>
        <div className="fq-m-row">
          <span>{t('citizen.booking.service')}</span>
          <span>{nameOf(a.service, i18n.language)}</span>
        </div>
        <div className="fq-m-row">
          <span>{t('citizen.booking.time')}</span>
          <span data-testid="m-booking-time">
            {a.day} {hhmm(a.startsAt)}–{hhmm(a.endsAt)}
          </span>
        </div>
        <div className="fq-m-row">
          <span>{t('citizen.booking.where')}</span>
          <span>
            {a.station.name} · {t('citizen.book.windowNo', { n: a.window.number })}
            {a.station.address ? <div className="fq-muted">{a.station.address}</div> : null}
          </span>
        </div>
        <div className="fq-m-row">
          <span>{t('citizen.booking.checkIn')}</span>
          <span>{t('citizen.booking.checkInRange', { from: hhmm(a.checkInFrom), until: hhmm(a.onTimeUntil) })}</span>
        </div>
        <div className="fq-m-row">
          <span>{t('citizen.booking.name')}</span>
          <span>{a.name}</span>
        </div>
        {a.ticket ? (
          <div className="fq-m-row">
            <span>{t('citizen.booking.ticket')}</span>
            <span>
              {a.ticket.number} · {t(`hall.ticketStatus.${a.ticket.status as 'waiting'}`)}
            </span>
          </div>
        ) : null}
      </div>
      <div className="fq-m-card">
        <div style={{ fontWeight: 600, marginBottom: 4 }}>{t('citizen.booking.materials')}</div>
        <ol style={{ paddingLeft: 20, margin: 0 }} data-testid="m-booking-materials">
          {a.materials.map((m) => (
            <li key={m.code}>
              {en ? m.nameEn : m.nameZh}
              {m.required ? null : <span className="fq-muted">（{t('citizen.home.optional')}）</span>}
            </li>
          ))}
        </ol>
      </div>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="m-error" /> : null}
      <div style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
        <Button
          block
          size="large"
          icon={<DownloadOutlined />}
          href={a.icsUrl}
          download={`${a.number}.ics`}
          data-testid="m-ics"
        >
          {t('citizen.booking.ics')}
        </Button>
        {a.status === 'booked' ? (
          <Button
            type={a.day === todayCst() ? 'primary' : 'default'}
            block
            size="large"
            loading={busy}
            onClick={() => act('check-in')}
            data-testid="m-check-in"
          >
            {t('citizen.booking.checkInNow')}
          </Button>
        ) : null}
        {a.cancellable ? (
          <Popconfirm
            title={t('citizen.booking.cancelConfirm')}
            onConfirm={() => act('cancel')}
            okText={t('citizen.booking.cancel')}
          >
            <Button danger block size="large" loading={busy} data-testid="m-cancel">
              {t('citizen.booking.cancel')}
            </Button>
          </Popconfirm>
        ) : a.status === 'booked' ? (
          <div className="fq-muted" style={{ fontSize: 12 }}>
            {t('citizen.booking.notCancellable')}
          </div>
        ) : null}
        {a.cancelledAt ? (
          <div className="fq-muted">{t('citizen.booking.cancelledAt', { at: dayTime(a.cancelledAt) })}</div>
        ) : null}
      </div>
    </>
  );
}
