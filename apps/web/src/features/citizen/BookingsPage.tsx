import type { HallAppointmentView } from '@fengqiao/contracts';
import { useQuery } from '@tanstack/react-query';
import { Button, Empty, Spin, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { ErrorAlert } from '../../shared/errors';
import { hhmm, nameOf, open } from '../hall/hall-api';
import { citizenKeys } from './citizen-session';

export const APPOINTMENT_COLORS: Record<HallAppointmentView['status'], string> = {
  booked: 'blue',
  checked_in: 'cyan',
  completed: 'green',
  cancelled: 'default',
  no_show: 'red',
};

/** `/m/bookings`: the resident's appointments, newest first. */
export default function BookingsPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const list = useQuery({
    queryKey: citizenKeys.appointments,
    queryFn: () => open<HallAppointmentView[]>('/api/citizen/appointments'),
  });
  return (
    <>
      <div className="fq-m-title">{t('citizen.bookings.title')}</div>
      {list.isPending ? <Spin /> : null}
      {list.error ? <ErrorAlert error={list.error} onRetry={() => list.refetch()} /> : null}
      {list.data?.length === 0 ? (
        <Empty description={t('citizen.bookings.none')}>
          <Button type="primary" onClick={() => navigate('/m')}>
            {t('citizen.bookings.bookNow')}
          </Button>
        </Empty>
      ) : null}
      {list.data?.map((a) => (
        <Link key={a.id} to={`/m/bookings/${a.id}`} style={{ color: 'inherit' }} data-testid="m-booking">
          <div className="fq-m-card">
            <div style={{ display: 'flex', justifyContent: 'space-between' }}>
              <strong>{nameOf(a.service, i18n.language)}</strong>
              <Tag color={APPOINTMENT_COLORS[a.status]}>{t(`citizen.apptStatus.${a.status}`)}</Tag>
            </div>
            <div className="fq-muted">
              {a.day} {hhmm(a.startsAt)}–{hhmm(a.endsAt)} · {t('citizen.book.windowNo', { n: a.window.number })}
            </div>
            <div className="fq-muted">{t('citizen.booking.number', { number: a.number })}</div>
          </div>
        </Link>
      ))}
    </>
  );
}
