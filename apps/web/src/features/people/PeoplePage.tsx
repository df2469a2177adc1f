import type { PersonView } from '@fengqiao/contracts';
import { Card, Input, Select, Space, Table, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePersons, useTownMap } from '../../api/queries';
import { useHasPermission } from '../../app/session';
import { ErrorAlert } from '../../shared/errors';
import { PageHeader } from '../../shared/PageHeader';
import { RevealField } from './RevealField';

const KINDS = ['officer', 'auxiliary', 'volunteer', 'grid_worker', 'mediator'] as const;
const TEAMS = ['leadership', 'command_room', 'community', 'case', 'patrol'] as const;
type Kind = (typeof KINDS)[number];
type Team = (typeof TEAMS)[number];

const KIND_COLOURS: Record<Kind, string> = {
  officer: 'blue',
  auxiliary: 'cyan',
  volunteer: 'red',
  grid_worker: 'green',
  mediator: 'purple',
};

export default function PeoplePage() {
  const { t } = useTranslation();
  const has = useHasPermission();
  const canReveal = has('pii.reveal');
  const town = useTownMap();
  const [kind, setKind] = useState<Kind | undefined>();
  const [team, setTeam] = useState<Team | undefined>();
  const [gridId, setGridId] = useState<string | undefined>();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const persons = usePersons({ kind, team, gridId, q: q.trim() || undefined, page, pageSize });

  const gridCodes = useMemo(() => new Map((town.data?.grids ?? []).map((g) => [g.id, g.code])), [town.data]);
  const reset = () => setPage(1);

  return (
    <div className="fq-page">
      <PageHeader title={t('people.title')} subtitle={t('people.subtitle')} />
      <Card>
        <Space wrap className="fq-filter-bar" size={[12, 12]}>
          <Select<Kind>
            allowClear
            placeholder={t('people.kind')}
            aria-label={t('people.kind')}
            style={{ width: 140 }}
            value={kind}
            onChange={(v) => {
              setKind(v);
              reset();
            }}
            options={KINDS.map((k) => ({ value: k, label: t(`people.kinds.${k}`) }))}
            data-testid="filter-kind"
          />
          <Select<Team>
            allowClear
            placeholder={t('people.team')}
            aria-label={t('people.team')}
            style={{ width: 150 }}
            value={team}
            onChange={(v) => {
              setTeam(v);
              reset();
            }}
            options={TEAMS.map((k) => ({ value: k, label: t(`people.teams.${k}`) }))}
          />
          <Select<string>
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('people.grid')}
            aria-label={t('people.grid')}
            style={{ width: 220 }}
            value={gridId}
            onChange={(v) => {
              setGridId(v);
              reset();
            }}
            options={(town.data?.grids ?? []).map((g) => ({ value: g.id, label: `${g.code} ${g.name}` }))}
          />
          <Input.Search
            allowClear
            placeholder={t('people.searchPlaceholder')}
            aria-label={t('people.searchPlaceholder')}
            style={{ width: 340 }}
            onSearch={(v) => {
              setQ(v);
              reset();
            }}
            enterButton={t('app.search')}
            data-testid="people-search"
          />
        </Space>
        {persons.isError ? (
          <ErrorAlert error={persons.error} onRetry={() => void persons.refetch()} />
        ) : (
          <Table<PersonView>
            rowKey="id"
            size="small"
            loading={persons.isFetching}
            dataSource={persons.data?.items ?? []}
            data-testid="people-table"
            scroll={{ x: 1100 }}
            pagination={{
              current: page,
              pageSize,
              total: persons.data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [20, 50, 100],
              showTotal: (n) => t('app.total', { count: n }),
              onChange: (p, s) => {
                setPage(s === pageSize ? p : 1);
                setPageSize(s);
              },
            }}
            columns={[
              { title: t('people.name'), dataIndex: 'name', width: 110, fixed: 'left' },
              {
                title: t('people.kind'),
                dataIndex: 'kind',
                width: 100,
                render: (k: Kind) => <Tag color={KIND_COLOURS[k]}>{t(`people.kinds.${k}`)}</Tag>,
              },
              {
                title: t('people.team'),
                key: 'team',
                width: 190,
                render: (_v, p) => (
                  <span>
                    {p.team ? t(`people.teams.${p.team}`) : '—'}
                    {p.title ? <div className="fq-muted">{p.title}</div> : null}
                  </span>
                ),
              },
              {
                title: t('people.gender'),
                dataIndex: 'gender',
                width: 70,
                render: (g: 'M' | 'F' | null) => (g ? t(`people.genders.${g}`) : '—'),
              },
              { title: t('people.badge'), dataIndex: 'badgeNo', width: 90, render: (b: string | null) => b ?? '—' },
              {
                title: t('people.idNumber'),
                key: 'idNumber',
                width: 270,
                render: (_v, p) => (
                  <RevealField
                    personId={p.id}
                    personName={p.name}
                    field="idNumber"
                    masked={p.idNumber}
                    canReveal={canReveal}
                  />
                ),
              },
              {
                title: t('people.phone'),
                key: 'phone',
                width: 220,
                render: (_v, p) => (
                  <RevealField
                    personId={p.id}
                    personName={p.name}
                    field="phone"
                    masked={p.phone}
                    canReveal={canReveal}
                  />
                ),
              },
              {
                title: t('people.grids'),
                dataIndex: 'gridIds',
                render: (ids: string[]) =>
                  ids.length === 0 ? (
                    '—'
                  ) : (
                    <Space size={[4, 4]} wrap>
                      {ids.map((id) => (
                        <Tag key={id}>{gridCodes.get(id) ?? '…'}</Tag>
                      ))}
                    </Space>
                  ),
              },
            ]}
          />
        )}
      </Card>
    </div>
  );
}
