import {
  AlertOutlined,
  ClockCircleOutlined,
  FileAddOutlined,
  ProfileOutlined,
  UnorderedListOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { DisputeFilter } from '@fengqiao/contracts';
import { Button, Card, Segmented, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useTownMap } from '../../api/queries';
import { isMediatorPortal } from '../../app/nav';
import { useCurrentUser, useHasPermission } from '../../app/session';
import { ErrorAlert } from '../../shared/errors';
import { PageHeader } from '../../shared/PageHeader';
import { ExportButton } from './ExportButton';
import { ImportButton } from './ImportDialog';
import { LedgerFilters } from './LedgerFilters';
import { DueText, LevelTag, OutcomeTag, RiskTag, StatusTag, useMediationLabels } from './labels';
import {
  formatAmount,
  type LedgerState,
  ledgerStateFromParams,
  paramsFromLedgerState,
  SORTS,
  type Sort,
  VIEWS,
  type View,
} from './mediation-data';
import { type DisputeSummary, ledgerQuery, useDisputes } from './queries';
import { SavedViews } from './SavedViews';
import { useLiveDisputes } from './useLiveDisputes';
import './mediation.css';

const VIEW_ICONS: Record<View, React.ReactNode> = {
  all: <UnorderedListOutlined />,
  mine: <UserOutlined />,
  overdue: <ClockCircleOutlined />,
  at_risk: <AlertOutlined />,
};

/** `/mediation`: the dispute ledger (矛盾纠纷台账) with filters, saved and quick views, import and export. */
export default function LedgerPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useCurrentUser();
  const has = useHasPermission();
  const portal = isMediatorPortal(me.roles);
  const canRegister = has('disputes.write') && !portal;
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => ledgerStateFromParams(params), [params]);
  const labels = useMediationLabels();
  const town = useTownMap();
  useLiveDisputes();

  // The newest state asked for: two quick changes (before the address bar has re-rendered the page) both count.
  const latest = useRef(state);
  useEffect(() => {
    latest.current = state;
  }, [state]);
  const setState = useCallback(
    (update: (s: LedgerState) => LedgerState) => {
      const next = update(latest.current);
      latest.current = next;
      setParams(paramsFromLedgerState(next), { replace: true });
    },
    [setParams],
  );
  const setFilter = useCallback((filter: DisputeFilter) => setState((s) => ({ ...s, filter, page: 1 })), [setState]);
  const patchFilter = useCallback(
    (patch: Partial<DisputeFilter>) => setState((s) => ({ ...s, filter: { ...s.filter, ...patch }, page: 1 })),
    [setState],
  );

  const q = ledgerQuery(state.filter, { sort: state.sort, page: state.page, pageSize: state.pageSize });
  const list = useDisputes(q);
  const view: View = state.filter.view ?? 'all';
  const gridName = useMemo(() => new Map((town.data?.grids ?? []).map((g) => [g.id, g.name])), [town.data]);
  const total = list.data?.total ?? 0;

  return (
    <div className="fq-page fq-med" data-testid="ledger-page">
      <PageHeader
        title={t('mediation.ledger.title')}
        subtitle={portal ? t('mediation.ledger.subtitlePortal') : t('mediation.ledger.subtitle')}
        extra={
          <Space wrap>
            {canRegister ? (
              <Button
                type="primary"
                icon={<FileAddOutlined />}
                onClick={() => navigate('/mediation/new')}
                data-testid="new-dispute"
              >
                {t('mediation.ledger.register')}
              </Button>
            ) : null}
            {canRegister ? <ImportButton /> : null}
            <ExportButton filter={state.filter} total={list.data?.total ?? null} />
          </Space>
        }
      />
      <Card className="fq-med-ledger-card">
        <div className="fq-med-ledger-top">
          <Segmented<View>
            value={view}
            onChange={(v) => patchFilter({ view: v === 'all' ? undefined : v })}
            options={VIEWS.map((v) => ({
              value: v,
              icon: VIEW_ICONS[v],
              label: <span data-testid={`quick-view-${v}`}>{t(`mediation.ledger.views.${v}`)}</span>,
            }))}
            data-testid="quick-views"
          />
          <Space wrap>
            <Select<Sort>
              value={state.sort}
              onChange={(sort) => setState((s) => ({ ...s, sort, page: 1 }))}
              style={{ width: 190 }}
              aria-label={t('mediation.filters.sort')}
              options={SORTS.map((x) => ({ value: x, label: t(`mediation.filters.sorts.${x}`) }))}
              data-testid="ledger-sort"
            />
            <SavedViews filter={state.filter} onApply={setFilter} />
          </Space>
        </div>
        <LedgerFilters filter={state.filter} onChange={setFilter} onPatch={patchFilter} />
        {list.isError ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
        <Table<DisputeSummary>
          rowKey="id"
          size="middle"
          className="fq-med-ledger"
          loading={list.isFetching && !list.data}
          dataSource={list.data?.items ?? []}
          data-testid="ledger-table"
          scroll={{ x: 1100 }}
          onRow={(r) => ({
            'data-testid': 'ledger-row',
            'data-number': r.number,
            'data-risk': r.risk,
            className: r.overdue ? 'fq-med-row-overdue' : undefined,
          })}
          pagination={{
            current: state.page,
            pageSize: state.pageSize,
            total: Math.min(total, 10_000),
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100],
            showTotal: () =>
              total > 10_000 ? t('mediation.ledger.totalMore', { count: 10_000 }) : t('app.total', { count: total }),
            onChange: (page, pageSize) =>
              setState((s) => ({ ...s, page: pageSize === s.pageSize ? page : 1, pageSize })),
          }}
          columns={[
            {
              title: t('mediation.fields.number'),
              dataIndex: 'number',
              width: 170,
              render: (n: string, r) => (
                <div>
                  <Link to={`/mediation/${r.id}`} className="fq-mono fq-med-number" data-testid="ledger-number">
                    {n}
                  </Link>
                  <div className="fq-muted fq-med-sub">{dayjs(r.registeredAt).format('YYYY-MM-DD HH:mm')}</div>
                </div>
              ),
            },
            {
              title: t('mediation.ledger.dispute'),
              key: 'summary',
              render: (_: unknown, r) => (
                <div className="fq-med-summary-cell">
                  <div className="fq-med-summary">
                    <Tag className="fq-med-mini">{labels.category(r.categoryCode)}</Tag>
                    {r.summary}
                  </div>
                  <Typography.Text type="secondary" className="fq-med-parties" ellipsis={{ tooltip: r.partyNames }}>
                    {r.partyNames}
                    {r.amount !== null ? ` · ${t('mediation.dispute.yuan', { amount: formatAmount(r.amount) })}` : ''}
                  </Typography.Text>
                </div>
              ),
            },
            {
              title: t('mediation.fields.grid'),
              dataIndex: 'gridCode',
              width: 96,
              render: (code: string | null, r) =>
                code ? (
                  <Tooltip title={r.gridId ? gridName.get(r.gridId) : undefined}>
                    <span className="fq-mono">{code}</span>
                  </Tooltip>
                ) : (
                  '—'
                ),
            },
            {
              title: t('mediation.fields.risk'),
              dataIndex: 'risk',
              width: 86,
              render: (risk: DisputeSummary['risk']) => <RiskTag risk={risk} size="small" />,
            },
            {
              title: t('mediation.fields.level'),
              key: 'level',
              width: 96,
              render: (_: unknown, r) => <LevelTag level={r.level} track={r.track} />,
            },
            {
              title: t('mediation.fields.status'),
              key: 'status',
              width: 150,
              render: (_: unknown, r) => (
                <Space size={2} wrap>
                  <StatusTag status={r.status} />
                  {r.status !== 'open' ? <OutcomeTag outcome={r.outcome} /> : null}
                  {r.reopenedCount > 0 ? (
                    <Tooltip title={t('mediation.ledger.reopenedHint', { count: r.reopenedCount })}>
                      <ProfileOutlined className="fq-med-reopened" />
                    </Tooltip>
                  ) : null}
                </Space>
              ),
            },
            {
              title: t('mediation.fields.mediators'),
              key: 'mediators',
              width: 128,
              render: (_: unknown, r) =>
                r.mediators.length === 0 ? (
                  <span className="fq-muted">{t('mediation.ledger.unassigned')}</span>
                ) : (
                  r.mediators.map((m) => (
                    <span key={m.id} className={m.role === 'lead' ? 'fq-med-lead' : 'fq-med-member'}>
                      {m.name}
                    </span>
                  ))
                ),
            },
            {
              title: t('mediation.fields.due'),
              key: 'due',
              width: 172,
              render: (_: unknown, r) =>
                r.status === 'open' ? (
                  <DueText dueAt={r.dueAt} overdue={r.overdue} />
                ) : r.resolvedAt ? (
                  <span className="fq-muted">
                    {t('mediation.ledger.resolvedOn', { date: dayjs(r.resolvedAt).format('YYYY-MM-DD') })}
                  </span>
                ) : (
                  '—'
                ),
            },
          ]}
        />
      </Card>
    </div>
  );
}
