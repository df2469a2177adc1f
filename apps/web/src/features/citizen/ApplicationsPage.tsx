import type { HallApplicationSummary } from '@fengqiao/contracts';
import { useQuery } from '@tanstack/react-query';
import { Button, Empty, Spin, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import type { z } from 'zod';
import { ErrorAlert } from '../../shared/errors';
import { dayTime, nameOf, open } from '../hall/hall-api';
import { citizenKeys } from './citizen-session';

type Summary = z.infer<typeof HallApplicationSummary>;

export const APPLICATION_COLORS: Record<Summary['status'], string> = {
  submitted: 'blue',
  in_review: 'processing',
  needs_correction: 'orange',
  approved: 'green',
  rejected: 'red',
  withdrawn: 'default',
};

/** `/m/applications`: the resident's online applications and where each stands. */
export default function ApplicationsPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const list = useQuery({
    queryKey: citizenKeys.applications,
    queryFn: () => open<Summary[]>('/api/citizen/applications'),
  });
  return (
    <>
      <div className="fq-m-title">{t('citizen.applications.title')}</div>
      {list.isPending ? <Spin /> : null}
      {list.error ? <ErrorAlert error={list.error} onRetry={() => list.refetch()} /> : null}
      {list.data?.length === 0 ? (
        <Empty description={t('citizen.applications.none')}>
          <Button type="primary" onClick={() => navigate('/m')}>
            {t('citizen.applications.start')}
          </Button>
        </Empty>
      ) : null}
      {list.data?.map((a) => (
        <Link key={a.id} to={`/m/applications/${a.id}`} style={{ color: 'inherit' }} data-testid="m-application">
          <div className="fq-m-card">
            <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
              <strong>{nameOf(a.service, i18n.language)}</strong>
              <Tag color={APPLICATION_COLORS[a.status]}>{t(`hall.appStatus.${a.status}`)}</Tag>
            </div>
            <div className="fq-muted">
              {a.number} · {dayTime(a.submittedAt)}
            </div>
            {a.workingDaysLeft !== null ? (
              <div className="fq-muted">{t('citizen.applications.due', { day: a.dueDay })}</div>
            ) : null}
          </div>
        </Link>
      ))}
    </>
  );
}
