import { CalendarOutlined, ShopOutlined, StopOutlined, WarningOutlined } from '@ant-design/icons';
import { Card, Input, Progress, Select, Space, Table, Tag, Tooltip } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTownMap } from '../../api/queries';
import { useHasPermission } from '../../app/session';
import { ErrorAlert } from '../../shared/errors';
import { PageHeader } from '../../shared/PageHeader';
import { useMediationLabels, useWeekdays } from './labels';
import { MediatorDrawer } from './MediatorDrawer';
import { formatRate, MEDIATOR_KINDS, onLeave } from './mediation-data';
import { type MediatorView, useMediators } from './queries';
import './mediation.css';

type Kind = (typeof MEDIATOR_KINDS)[number];

/** `/mediation/mediators`: the mediator pool (民调入所) with load, track record and availability; editing for mediators.manage. */
export default function MediatorPoolPage() {
  const { t } = useTranslation();
  const has = useHasPermission();
  const labels = useMediationLabels();
  const town = useTownMap();
  const weekdays = useWeekdays();
  const [kind, setKind] = useState<Kind | undefined>();
  const [specialty, setSpecialty] = useState<string | undefined>();
  const [gridId, setGridId] = useState<string | undefined>();
  const [commercial, setCommercial] = useState<'true' | 'false' | undefined>();
  const [q, setQ] = useState('');
  const [openId, setOpenId] = useState<string | null>(null);
  const list = useMediators({ kind, specialty, gridId, commercial });
  const gridCode = useMemo(() => new Map((town.data?.grids ?? []).map((g) => [g.id, g.code])), [town.data]);
  const today = dayjs().format('YYYY-MM-DD');
  const weekday = dayjs().day() === 0 ? 7 : dayjs().day();
  const rows = (list.data ?? []).filter(
    (m) => !q.trim() || m.name.includes(q.trim()) || (m.title ?? '').includes(q.trim()),
  );
  const totals = useMemo(() => {
    const all = list.data ?? [];
    return {
      count: all.length,
      load: all.reduce((s, m) => s + m.load, 0),
      capacity: all.reduce((s, m) => s + m.maxLoad, 0),
    };
  }, [list.data]);

  return (
    <div className="fq-page fq-med" data-testid="mediators-page">
      <PageHeader
        title={t('mediation.pool.title')}
        subtitle={t('mediation.pool.subtitle', { count: totals.count, load: totals.load, capacity: totals.capacity })}
      />
      <Card>
        <Space wrap className="fq-filter-bar" size={[8, 8]}>
          <Input.Search
            allowClear
            placeholder={t('mediation.pool.search')}
            value={q}
            onChange={(e) => setQ(e.target.value)}
            style={{ width: 220 }}
          />
          <Select<Kind>
            allowClear
            placeholder={t('mediation.pool.kind')}
            style={{ width: 160 }}
            value={kind}
            onChange={setKind}
            options={MEDIATOR_KINDS.map((k) => ({ value: k, label: t(`mediation.mediatorKind.${k}`) }))}
            data-testid="pool-kind"
          />
          <Select<string>
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('mediation.pool.specialty')}
            style={{ width: 190 }}
            value={specialty}
            onChange={setSpecialty}
            options={labels.categories.map((c) => ({ value: c.code, label: labels.category(c.code) }))}
          />
          {has('map.view') ? (
            <Select<string>
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('mediation.pool.grid')}
              style={{ width: 170 }}
              value={gridId}
              onChange={setGridId}
              options={(town.data?.grids ?? [])
                .slice()
                .sort((a, b) => a.code.localeCompare(b.code))
                .map((g) => ({ value: g.id, label: `${g.code} ${g.name}` }))}
            />
          ) : null}
          <Select<'true' | 'false'>
            allowClear
            placeholder={t('mediation.pool.track')}
            style={{ width: 150 }}
            value={commercial}
            onChange={setCommercial}
            options={[
              { value: 'true', label: t('mediation.pool.commercialOnly') },
              { value: 'false', label: t('mediation.pool.standardOnly') },
            ]}
          />
        </Space>
        {list.isError ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
        <Table<MediatorView>
          rowKey="id"
          size="middle"
          loading={list.isPending}
          dataSource={rows}
          data-testid="pool-table"
          scroll={{ x: 1080 }}
          pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (n) => t('app.total', { count: n }) }}
          onRow={(m) => ({
            onClick: () => setOpenId(m.id),
            className: 'fq-med-clickable',
            'data-testid': 'pool-row',
            'data-name': m.name,
          })}
          columns={[
            {
              title: t('mediation.pool.name'),
              key: 'name',
              width: 200,
              render: (_: unknown, m) => (
                <div>
                  <strong>{m.name}</strong>{' '}
                  <Tag color="geekblue" className="fq-med-mini">
                    {t(`mediation.mediatorKind.${m.kind}`)}
                  </Tag>
                  {!m.active ? (
                    <Tag color="default" icon={<StopOutlined />} className="fq-med-mini">
                      {t('mediation.pool.inactive')}
                    </Tag>
                  ) : null}
                  {m.title ? <div className="fq-muted fq-med-title-small">{m.title}</div> : null}
                </div>
              ),
            },
            {
              title: t('mediation.pool.specialties'),
              dataIndex: 'specialties',
              width: 210,
              render: (s: string[]) => (
                <Space size={[2, 2]} wrap>
                  {s.map((c) => (
                    <Tag key={c} className="fq-mini-tag">
                      {labels.category(c)}
                    </Tag>
                  ))}
                </Space>
              ),
            },
            {
              title: t('mediation.pool.levels'),
              key: 'levels',
              width: 130,
              render: (_: unknown, m) => (
                <Space size={[2, 2]} wrap>
                  {m.levels.map((l) => (
                    <Tag key={l} color="blue" className="fq-mini-tag">
                      {t(`mediation.levelShort.${l === 2 ? 2 : l === 3 ? 3 : 1}`)}
                    </Tag>
                  ))}
                  {m.commercial ? (
                    <Tag color="purple" icon={<ShopOutlined />} className="fq-mini-tag">
                      {t('mediation.track.commercialShort')}
                    </Tag>
                  ) : null}
                </Space>
              ),
            },
            {
              title: t('mediation.pool.localities'),
              key: 'localities',
              width: 110,
              render: (_: unknown, m) => {
                const codes = m.gridIds.map((g) => gridCode.get(g) ?? '?');
                const text = [...codes, ...m.villages].join('、');
                return text ? (
                  <Tooltip title={text}>
                    <span className="fq-med-ellipsis">{text}</span>
                  </Tooltip>
                ) : (
                  <span className="fq-muted">{t('mediation.pool.anywhere')}</span>
                );
              },
            },
            {
              title: t('mediation.pool.load'),
              key: 'load',
              width: 120,
              sorter: (a, b) => a.load / Math.max(1, a.maxLoad) - b.load / Math.max(1, b.maxLoad),
              render: (_: unknown, m) => (
                <div data-testid="pool-load">
                  <Progress
                    percent={m.maxLoad > 0 ? Math.round((m.load / m.maxLoad) * 100) : 100}
                    size="small"
                    showInfo={false}
                    status={m.load >= m.maxLoad ? 'exception' : 'normal'}
                  />
                  <span className="fq-muted">{t('mediation.pool.loadOf', { load: m.load, max: m.maxLoad })}</span>
                </div>
              ),
            },
            {
              title: t('mediation.pool.record'),
              key: 'record',
              width: 110,
              sorter: (a, b) => a.succeeded / Math.max(1, a.decided) - b.succeeded / Math.max(1, b.decided),
              render: (_: unknown, m) => (
                <div>
                  <strong>{m.decided > 0 ? formatRate(m.succeeded / m.decided) : '—'}</strong>
                  <div className="fq-muted">
                    {t('mediation.pool.recordOf', { succeeded: m.succeeded, decided: m.decided })}
                  </div>
                </div>
              ),
            },
            {
              title: t('mediation.pool.availability'),
              key: 'availability',
              width: 125,
              render: (_: unknown, m) => {
                const leave = onLeave(m.unavailable, today);
                const works = m.weekdays.includes(weekday);
                return (
                  <div>
                    {leave ? (
                      <Tag color="orange" icon={<CalendarOutlined />}>
                        {t('mediation.pool.onLeave')}
                      </Tag>
                    ) : works ? (
                      <Tag color="green">{t('mediation.pool.availableToday')}</Tag>
                    ) : (
                      <Tag>{t('mediation.pool.notToday')}</Tag>
                    )}
                    <div className="fq-muted">{weekdays(m.weekdays)}</div>
                  </div>
                );
              },
            },
            ...(has('disputes.coordinate') || has('mediators.manage')
              ? [
                  {
                    title: t('mediation.pool.conflicts'),
                    key: 'conflicts',
                    width: 80,
                    render: (_: unknown, m: MediatorView) =>
                      m.conflicts.length > 0 ? (
                        <Tag color="red" icon={<WarningOutlined />}>
                          {m.conflicts.length}
                        </Tag>
                      ) : (
                        <span className="fq-muted">—</span>
                      ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <MediatorDrawer id={openId} onClose={() => setOpenId(null)} />
    </div>
  );
}
