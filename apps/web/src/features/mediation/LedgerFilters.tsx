import { ClearOutlined, SearchOutlined } from '@ant-design/icons';
import type { DisputeFilter } from '@fengqiao/contracts';
import { App, Button, DatePicker, Input, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTownMap } from '../../api/queries';
import { useHasPermission } from '../../app/session';
import { useMediationLabels } from './labels';
import {
  activeFilterCount,
  DISPUTE_STATUSES,
  joinList,
  LEVELS,
  RISKS,
  SOURCES,
  splitList,
  TRACKS,
} from './mediation-data';
import { useMediators } from './queries';

/**
 * The ledger's filters; every change goes to the address bar (and so survives a reload or a shared link).
 * Changes go up as patches, merged by the page into its newest state, so quick successive picks all stay.
 */
export function LedgerFilters({
  filter,
  onChange,
  onPatch,
}: {
  filter: DisputeFilter;
  onChange: (f: DisputeFilter) => void;
  onPatch: (p: Partial<DisputeFilter>) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const has = useHasPermission();
  const labels = useMediationLabels();
  const town = useTownMap();
  const mediators = useMediators();
  const [q, setQ] = useState(filter.q ?? '');
  useEffect(() => setQ(filter.q ?? ''), [filter.q]);
  const set = onPatch;
  const range: [Dayjs, Dayjs] | null = filter.from && filter.to ? [dayjs(filter.from), dayjs(filter.to)] : null;

  return (
    <div className="fq-med-filters" data-testid="ledger-filters">
      <Space wrap size={[8, 8]}>
        <Input.Search
          allowClear
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onSearch={(v) => {
            // The server searches names by a prefix of at least two characters.
            if ([...v.trim()].length === 1) {
              message.warning(t('mediation.filters.searchTooShort'));
              return;
            }
            set({ q: v.trim() || undefined });
          }}
          placeholder={t('mediation.filters.searchPlaceholder')}
          enterButton={<SearchOutlined />}
          style={{ width: 300 }}
          title={t('mediation.filters.searchPlaceholder')}
          data-testid="ledger-search"
        />
        <Select<string[]>
          mode="multiple"
          allowClear
          maxTagCount="responsive"
          placeholder={t('mediation.fields.status')}
          aria-label={t('mediation.fields.status')}
          style={{ width: 170 }}
          value={splitList(filter.status)}
          onChange={(v) => set({ status: joinList(v) })}
          options={DISPUTE_STATUSES.map((s) => ({ value: s, label: t(`mediation.status.${s}`) }))}
          data-testid="filter-status"
        />
        <Select<string[]>
          mode="multiple"
          allowClear
          maxTagCount="responsive"
          placeholder={t('mediation.fields.level')}
          aria-label={t('mediation.fields.level')}
          style={{ width: 150 }}
          value={splitList(filter.level)}
          onChange={(v) => set({ level: joinList(v) })}
          options={LEVELS.map((l) => ({ value: String(l), label: t(`mediation.levelShort.${l}`) }))}
          data-testid="filter-level"
        />
        <Select<(typeof TRACKS)[number]>
          allowClear
          placeholder={t('mediation.fields.track')}
          aria-label={t('mediation.fields.track')}
          style={{ width: 130 }}
          value={filter.track}
          onChange={(v) => set({ track: v })}
          options={TRACKS.map((x) => ({ value: x, label: t(`mediation.track.${x}`) }))}
        />
        <Select<string[]>
          mode="multiple"
          allowClear
          maxTagCount="responsive"
          placeholder={t('mediation.fields.risk')}
          aria-label={t('mediation.fields.risk')}
          style={{ width: 150 }}
          value={splitList(filter.risk)}
          onChange={(v) => set({ risk: joinList(v) })}
          options={RISKS.map((r) => ({ value: r, label: t(`mediation.risk.${r}`) }))}
          data-testid="filter-risk"
        />
        <Select<string[]>
          mode="multiple"
          allowClear
          maxTagCount="responsive"
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('mediation.fields.category')}
          aria-label={t('mediation.fields.category')}
          style={{ width: 200 }}
          value={splitList(filter.category)}
          onChange={(v) => set({ category: joinList(v) })}
          options={labels.categories.map((c) => ({ value: c.code, label: labels.category(c.code) }))}
          data-testid="filter-category"
        />
        <Select<(typeof SOURCES)[number]>
          allowClear
          placeholder={t('mediation.fields.source')}
          aria-label={t('mediation.fields.source')}
          style={{ width: 130 }}
          value={filter.source}
          onChange={(v) => set({ source: v })}
          options={SOURCES.map((s) => ({ value: s, label: t(`mediation.source.${s}`) }))}
        />
        {has('map.view') ? (
          <Select<string>
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('mediation.fields.grid')}
            aria-label={t('mediation.fields.grid')}
            style={{ width: 170 }}
            value={filter.gridId}
            onChange={(v) => set({ gridId: v })}
            options={(town.data?.grids ?? [])
              .slice()
              .sort((a, b) => a.code.localeCompare(b.code))
              .map((g) => ({ value: g.id, label: `${g.code} ${g.name}` }))}
            data-testid="filter-grid"
          />
        ) : null}
        <Select<string>
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('mediation.fields.mediator')}
          aria-label={t('mediation.fields.mediator')}
          style={{ width: 150 }}
          value={filter.mediatorId}
          onChange={(v) => set({ mediatorId: v })}
          options={(mediators.data ?? []).map((m) => ({ value: m.id, label: m.name }))}
        />
        <DatePicker.RangePicker
          value={range}
          allowEmpty={[false, false]}
          onChange={(v) =>
            set(
              v?.[0] && v[1]
                ? { from: v[0].startOf('day').toISOString(), to: v[1].endOf('day').toISOString() }
                : { from: undefined, to: undefined },
            )
          }
          placeholder={[t('mediation.filters.registeredFrom'), t('mediation.filters.registeredTo')]}
          data-testid="filter-dates"
        />
        {activeFilterCount(filter) > 0 ? (
          <Button
            icon={<ClearOutlined />}
            onClick={() => onChange(filter.view ? { view: filter.view } : {})}
            data-testid="filters-reset"
          >
            {t('mediation.filters.reset', { count: activeFilterCount(filter) })}
          </Button>
        ) : null}
      </Space>
    </div>
  );
}
