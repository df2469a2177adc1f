import type { AlertView } from '@fengqiao/contracts';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Empty, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ErrorAlert } from '../../shared/errors';
import { AlertItem } from './AlertItem';

const PAGE = 20;

/** Every alert of the station (or the caller's grids), newest first, a page at a time through `cursor`. */
export function AlertHistory({ kind, onOpenIncident }: { kind: string | null; onOpenIncident: (id: string) => void }) {
  const { t } = useTranslation();
  const q = useInfiniteQuery({
    queryKey: ['alerts', 'history', kind],
    queryFn: ({ pageParam }) =>
      api.get<AlertView[]>('/api/alerts', {
        limit: PAGE,
        ...(kind ? { kind } : {}),
        ...(pageParam ? { cursor: pageParam } : {}),
      }),
    initialPageParam: '',
    // A short page is the last one; otherwise the next starts after its oldest alert.
    getNextPageParam: (last) => (last.length < PAGE ? undefined : last[last.length - 1]?.id),
  });
  if (q.isError) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  if (q.isPending)
    return (
      <div className="fq-center">
        <Spin />
      </div>
    );
  const rows = q.data.pages.flat();
  if (rows.length === 0)
    return (
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={t('commandRoom.alerts.historyEmpty')}
        data-testid="alerts-history-empty"
      />
    );
  return (
    <div className="fq-alerts" data-testid="alerts-history-list">
      {rows.map((a) => (
        <AlertItem key={a.id} alert={a} onOpenIncident={onOpenIncident} />
      ))}
      {q.hasNextPage ? (
        <Button block loading={q.isFetchingNextPage} onClick={() => void q.fetchNextPage()} data-testid="alerts-more">
          {t('commandRoom.alerts.loadMore')}
        </Button>
      ) : (
        <div className="fq-muted fq-alerts-end">{t('commandRoom.alerts.noMore')}</div>
      )}
    </div>
  );
}
