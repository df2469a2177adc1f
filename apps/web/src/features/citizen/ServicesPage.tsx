import { Button, Collapse, Empty, Segmented, Spin, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ErrorAlert } from '../../shared/errors';
import { nameOf, open, type Service, usePublicServices } from '../hall/hall-api';
import { useCitizen, useResetCitizen } from './citizen-session';

type Filter = 'all' | 'online' | 'oneCertificate' | 'appointment';

/** `/m`: the service catalogue — what to bring, how long it takes, what can be done online. */
export default function ServicesPage() {
  const { t, i18n } = useTranslation();
  const services = usePublicServices();
  const me = useCitizen();
  const reset = useResetCitizen();
  const navigate = useNavigate();
  const [filter, setFilter] = useState<Filter>('all');

  const shown = useMemo(
    () =>
      (services.data ?? []).filter((s) =>
        filter === 'all'
          ? true
          : filter === 'online'
            ? s.online
            : filter === 'oneCertificate'
              ? s.oneCertificate
              : s.appointment,
      ),
    [services.data, filter],
  );

  const signOut = async () => {
    await open('/api/citizen/auth/logout', { body: {} }).catch(() => undefined);
    reset();
  };

  return (
    <>
      <div className="fq-m-card" style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
        {me.data ? (
          <>
            <span data-testid="m-me">
              {t('citizen.home.hello', { name: me.data.name ?? me.data.phone })}
              {me.data.bookingSuspendedUntil ? (
                <Tag color="red" style={{ marginLeft: 6 }}>
                  {t('citizen.home.suspended', { day: me.data.bookingSuspendedUntil })}
                </Tag>
              ) : null}
            </span>
            <Button size="small" onClick={signOut}>
              {t('citizen.home.signOut')}
            </Button>
          </>
        ) : (
          <>
            <span className="fq-muted">{t('citizen.home.guest')}</span>
            <Button size="small" type="primary" onClick={() => navigate('/m/login')}>
              {t('citizen.home.signIn')}
            </Button>
          </>
        )}
      </div>
      <div className="fq-m-title">{t('citizen.home.title')}</div>
      <Button block className="fq-m-link" onClick={() => navigate('/m/home-visit')} data-testid="m-home-visit-entry">
        {t('citizen.home.homeVisitEntry')}
      </Button>
      <Segmented<Filter>
        block
        value={filter}
        onChange={setFilter}
        style={{ marginBottom: 12 }}
        options={[
          { value: 'all', label: t('citizen.home.all') },
          { value: 'online', label: t('citizen.flag.online') },
          { value: 'oneCertificate', label: t('citizen.flag.oneCertificate') },
          { value: 'appointment', label: t('citizen.flag.appointment') },
        ]}
      />
      {services.isPending ? <Spin /> : null}
      {services.error ? <ErrorAlert error={services.error} onRetry={() => services.refetch()} /> : null}
      {services.data && shown.length === 0 ? <Empty /> : null}
      <Collapse
        accordion
        items={shown.map((s) => ({
          key: s.id,
          label: (
            <div data-testid={`m-service-${s.code}`}>
              <div style={{ fontWeight: 600 }}>{nameOf(s, i18n.language)}</div>
              <ServiceFlags service={s} />
            </div>
          ),
          children: <ServiceDetail service={s} />,
        }))}
      />
    </>
  );
}

export function ServiceFlags({ service: s }: { service: Service }) {
  const { t } = useTranslation();
  return (
    <div className="fq-m-tags">
      <Tag color="blue">
        {s.timeLimitDays === 0 ? t('citizen.flag.onTheSpot') : t('citizen.flag.days', { n: s.timeLimitDays })}
      </Tag>
      {s.oneCertificate ? <Tag color="green">{t('citizen.flag.oneCertificate')}</Tag> : null}
      {s.online ? <Tag color="purple">{t('citizen.flag.online')}</Tag> : null}
      {s.appointment ? <Tag color="cyan">{t('citizen.flag.appointment')}</Tag> : null}
      {s.homeVisit ? <Tag color="orange">{t('citizen.flag.homeVisit')}</Tag> : null}
    </div>
  );
}

function ServiceDetail({ service: s }: { service: Service }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const en = i18n.language === 'en-US';
  return (
    <div>
      {s.descriptionZh ? <Typography.Paragraph>{s.descriptionZh}</Typography.Paragraph> : null}
      <div style={{ fontWeight: 600, marginBottom: 4 }}>{t('citizen.home.materials')}</div>
      <ol style={{ paddingLeft: 20, marginTop: 0 }}>
        {s.materials.map((m) => (
          <li key={m.code}>
            {en ? m.nameEn : m.nameZh}
            {m.required ? null : <span className="fq-muted">（{t('citizen.home.optional')}）</span>}
            {m.note ? (
              <div className="fq-muted" style={{ fontSize: 12 }}>
                {m.note}
              </div>
            ) : null}
          </li>
        ))}
      </ol>
      {s.rulesZh ? (
        <>
          <div style={{ fontWeight: 600, marginBottom: 4 }}>{t('citizen.home.rules')}</div>
          <Typography.Paragraph style={{ whiteSpace: 'pre-line' }}>{s.rulesZh}</Typography.Paragraph>
        </>
      ) : null}
      <div className="fq-m-row">
        <span>{t('citizen.home.fee')}</span>
        <span>{s.feeZh || t('citizen.home.free')}</span>
      </div>
      <div className="fq-m-row">
        <span>{t('citizen.home.limit')}</span>
        <span>
          {s.timeLimitDays === 0 ? t('citizen.flag.onTheSpot') : t('citizen.flag.days', { n: s.timeLimitDays })}
          {s.previousLimitDays !== null ? (
            <span className="fq-muted">（{t('citizen.home.previously', { n: s.previousLimitDays })}）</span>
          ) : null}
        </span>
      </div>
      <div style={{ display: 'flex', gap: 8, marginTop: 12, flexWrap: 'wrap' }}>
        {s.appointment ? (
          <Button type="primary" onClick={() => navigate(`/m/book/${s.id}`)} data-testid="m-book">
            {t('citizen.home.book')}
          </Button>
        ) : null}
        {s.online ? (
          <Button onClick={() => navigate(`/m/apply/${s.id}`)} data-testid="m-apply">
            {t('citizen.home.apply')}
          </Button>
        ) : null}
        <Button onClick={() => navigate(`/m/ticket?service=${s.id}`)}>{t('citizen.home.ticket')}</Button>
        {s.homeVisit ? (
          <Button onClick={() => navigate(`/m/home-visit?service=${s.id}`)} data-testid="m-home-visit">
            {t('citizen.home.homeVisit')}
          </Button>
        ) : null}
      </div>
    </div>
  );
}
