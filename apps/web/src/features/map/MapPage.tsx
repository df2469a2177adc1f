import { useQueryClient } from '@tanstack/react-query';
import { App, Spin } from 'antd';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useLiveTopic } from '../../api/live';
import { keys, useConfig, useTownMap } from '../../api/queries';
import { ErrorAlert } from '../../shared/errors';
import { GridPanel } from './GridPanel';
import { MapLegend } from './MapLegend';
import { TownMapView } from './TownMapView';

/** The home page for staff: the town's police grids on a map with a searchable list and details. */
export default function MapPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const town = useTownMap();
  const config = useConfig();
  const [params, setParams] = useSearchParams();

  const selectedCode = params.get('grid');
  const selectedId = useMemo(
    () => town.data?.grids.find((g) => g.code === selectedCode)?.id ?? null,
    [town.data, selectedCode],
  );
  const select = useCallback(
    (id: string | null) => {
      const code = id ? town.data?.grids.find((g) => g.id === id)?.code : undefined;
      setParams(code ? { grid: code } : {}, { replace: true });
    },
    [town.data, setParams],
  );

  useLiveTopic('grids.changed', () => {
    void qc.invalidateQueries({ queryKey: keys.map });
    void qc.invalidateQueries({ queryKey: ['grid'] });
    message.info(t('map.gridsUpdated'));
  });

  if (town.isError) {
    return (
      <div className="fq-page">
        <ErrorAlert error={town.error} onRetry={() => void town.refetch()} />
      </div>
    );
  }
  if (!town.data || config.isPending) {
    return (
      <div className="fq-center" style={{ height: '100%' }}>
        <Spin size="large" />
      </div>
    );
  }
  return (
    <div className="fq-map-page">
      <div className="fq-map-area">
        <TownMapView
          town={town.data}
          selectedId={selectedId}
          onSelect={select}
          tileUrl={config.data?.mapTileUrl ?? null}
          tileAttribution={config.data?.mapTileAttribution ?? null}
        />
        <MapLegend town={town.data} />
      </div>
      <aside className="fq-map-panel">
        <GridPanel town={town.data} selectedId={selectedId} onSelect={select} />
      </aside>
    </div>
  );
}
