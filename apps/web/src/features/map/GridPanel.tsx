import { ArrowLeftOutlined, SearchOutlined, UserOutlined } from '@ant-design/icons';
import type { TownMap } from '@fengqiao/contracts';
import { Button, Empty, Input, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { GridDetailView } from './GridDetailView';
import { gridMatches, KIND_COLOURS } from './map-data';

export function GridPanel({
  town,
  selectedId,
  onSelect,
}: {
  town: TownMap;
  selectedId: string | null;
  onSelect: (id: string | null) => void;
}) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const grids = useMemo(() => town.grids.filter((g) => gridMatches(g, query)), [town.grids, query]);
  const selected = town.grids.find((g) => g.id === selectedId) ?? null;

  return (
    <div className="fq-panel">
      <div className="fq-panel-head">
        <Typography.Text type="secondary" className="fq-panel-station">
          {town.station.name}
        </Typography.Text>
        <div className="fq-counts" data-testid="map-counts">
          {t('map.counts', { grids: town.grids.length, units: town.units.length })}
        </div>
      </div>
      {selected ? (
        <div className="fq-panel-body">
          <Button
            type="link"
            icon={<ArrowLeftOutlined />}
            onClick={() => onSelect(null)}
            className="fq-back"
            data-testid="grid-back"
          >
            {t('map.backToList')}
          </Button>
          <GridDetailView grid={selected} />
        </div>
      ) : (
        <>
          <div className="fq-panel-search">
            <Input
              allowClear
              prefix={<SearchOutlined />}
              placeholder={t('map.searchPlaceholder')}
              aria-label={t('map.searchPlaceholder')}
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              data-testid="grid-search"
            />
          </div>
          <div className="fq-panel-body">
            {grids.length === 0 ? (
              <Empty description={t('map.noMatch')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
            ) : (
              <ul className="fq-grid-list" data-testid="grid-list" aria-label={t('map.listTitle')}>
                {grids.map((g) => (
                  <li key={g.id}>
                    <button
                      type="button"
                      className="fq-grid-item"
                      data-testid="grid-item"
                      data-code={g.code}
                      onClick={() => onSelect(g.id)}
                    >
                      <span className="fq-grid-code" style={{ borderColor: KIND_COLOURS[g.kind] }}>
                        {g.code}
                      </span>
                      <span className="fq-grid-main">
                        <span className="fq-grid-name">{g.name}</span>
                        <span className="fq-grid-sub">
                          <UserOutlined /> {g.officer?.name ?? t('map.detail.noOfficer')}
                          <span className="fq-dot">·</span>
                          {t('map.detail.units', { count: g.unitCount })}
                        </span>
                      </span>
                      <Tag className="fq-kind-tag" color={KIND_COLOURS[g.kind]}>
                        {t(`map.kinds.${g.kind}`)}
                      </Tag>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </>
      )}
    </div>
  );
}
