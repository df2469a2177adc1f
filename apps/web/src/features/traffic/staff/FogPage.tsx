import { AlertOutlined, ReloadOutlined } from '@ant-design/icons';
import type { FogNowcastView, FogWarningView, TownMap } from '@fengqiao/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Empty, Slider, Space, Tag, Typography } from 'antd';
import type { GeoJSONSource, LngLatBoundsLike, StyleSpecification } from 'maplibre-gl';
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { useMe, useTownMap } from '../../../api/queries';
import { boundaryCollection, ROAD_KINDS, ROAD_STYLE, roadCollection } from '../../map/map-data';
import { FOG_BANDS, fogCells, frameBounds, GRADE_COLOUR, warningAreas } from '../fog-data';
import { trafficKeys } from '../traffic-api';
import { useTrafficError } from '../traffic-errors';
import '../traffic.css';

maplibregl.setWorkerUrl(workerUrl);

const OFFLINE_STYLE: StyleSpecification = {
  version: 8,
  sources: {},
  layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#e9edf2' } }],
};

/** `/traffic/fog`: the latest nowcast as a fog layer with a lead-time slider, road warnings and their CAP alerts. */
export default function FogPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const errorText = useTrafficError();
  const me = useMe();
  const town = useTownMap();
  const n = useQuery({
    queryKey: trafficKeys.nowcast,
    queryFn: () => api.get<FogNowcastView | null>('/api/traffic/fog/nowcast'),
    refetchInterval: 60_000,
  });
  const [lead, setLead] = useState(0);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      await api.post('/api/traffic/fog/nowcast/run', {});
      await qc.invalidateQueries({ queryKey: trafficKeys.nowcast });
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const data = n.data ?? null;
  const warnings = data?.warnings ?? [];
  return (
    <div className="fq-fog">
      <div className="fq-fog-map">
        {data && town.data ? (
          <FogMap nowcast={data} leadIndex={lead} town={town.data} />
        ) : (
          <div className="fq-center" style={{ height: '100%' }}>
            {n.isLoading ? null : <Empty description={t('traffic.fog.none')} />}
          </div>
        )}
        {data && (
          <div className="fq-fog-lead">
            <Typography.Text type="secondary">{t('traffic.fog.lead')}</Typography.Text>
            <Slider
              min={0}
              max={data.leads.length - 1}
              value={lead}
              onChange={setLead}
              marks={Object.fromEntries(data.leads.map((l, i) => [i, `+${l}′`]))}
              tooltip={{ formatter: (i) => t('traffic.fog.leadMin', { min: data.leads[i ?? 0] ?? 0 }) }}
            />
          </div>
        )}
        <div className="fq-fog-legend">
          {t('traffic.fog.legend')}
          {FOG_BANDS.map((b) => (
            <span key={b.label}>
              <i style={{ background: b.colour }} />
              {b.label}
            </span>
          ))}
        </div>
      </div>
      <aside className="fq-fog-side">
        <Space style={{ justifyContent: 'space-between', width: '100%' }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('traffic.fog.title')}
          </Typography.Title>
          {me.data?.permissions.includes('traffic.configure') && (
            <Button icon={<ReloadOutlined />} onClick={run} loading={busy}>
              {t('traffic.fog.run')}
            </Button>
          )}
        </Space>
        {data && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
            {t('traffic.fog.issuedAt', { time: new Date(data.issuedAt).toLocaleString(), stations: data.stationsUsed })}
          </Typography.Paragraph>
        )}
        <Typography.Title level={5}>{t('traffic.fog.warnings')}</Typography.Title>
        {warnings.length === 0 && (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('traffic.fog.noWarnings')} />
        )}
        {warnings.map((w: FogWarningView) => (
          <div key={w.id} className="fq-fog-warning" data-testid="fog-warning">
            <Space orientation="vertical" size={2} style={{ width: '100%' }}>
              <Space wrap>
                <Tag color={GRADE_COLOUR[w.grade]}>{t(`traffic.fog.grade.${w.grade}`)}</Tag>
                <Typography.Text strong>{w.roadName}</Typography.Text>
                <Typography.Text type="secondary">{w.lengthKm} km</Typography.Text>
              </Space>
              <Typography.Text>
                {t('traffic.fog.visibility', { m: w.minVisibilityM })} ·{' '}
                {w.fromLeadMin === 0 ? t('traffic.fog.now') : t('traffic.fog.fromLead', { min: w.fromLeadMin })}
              </Typography.Text>
              {w.maxSpeedKmh !== null && (
                <Space wrap size={4}>
                  <Tag>{t('traffic.fog.rule', { speed: w.maxSpeedKmh })}</Tag>
                  {w.minGapM !== null ? (
                    <Tag>{t('traffic.fog.gap', { gap: w.minGapM })}</Tag>
                  ) : (
                    <Tag color="red">{t('traffic.fog.leave')}</Tag>
                  )}
                </Space>
              )}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {w.instructionZh}
              </Typography.Text>
              <Space>
                <a href={w.capUrl} target="_blank" rel="noreferrer">
                  {t('traffic.fog.cap')}
                </a>
                {w.incidentId && (
                  <Tag icon={<AlertOutlined />} color="red">
                    {t('traffic.fog.incident')}
                  </Tag>
                )}
              </Space>
            </Space>
          </div>
        ))}
      </aside>
    </div>
  );
}

function FogMap({ nowcast, leadIndex, town }: { nowcast: FogNowcastView; leadIndex: number; town: TownMap }) {
  const { t } = useTranslation();
  const el = useRef<HTMLDivElement | null>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const [ready, setReady] = useState(false);
  const [failed, setFailed] = useState(false);
  const first = useRef({ nowcast, leadIndex, town });

  useEffect(() => {
    if (!el.current) return;
    const init = first.current;
    let map: maplibregl.Map;
    try {
      map = new maplibregl.Map({
        container: el.current,
        style: OFFLINE_STYLE,
        bounds: frameBounds(init.nowcast) as LngLatBoundsLike,
        fitBoundsOptions: { padding: 24 },
        attributionControl: false,
        dragRotate: false,
      });
    } catch (e) {
      console.warn('MapLibre could not start', e);
      setFailed(true);
      return;
    }
    mapRef.current = map;
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-left');
    map.on('load', () => {
      map.addSource('boundary', { type: 'geojson', data: boundaryCollection(init.town.boundary) });
      map.addLayer({
        id: 'boundary',
        type: 'fill',
        source: 'boundary',
        paint: { 'fill-color': '#ffffff', 'fill-opacity': 0.9 },
      });
      map.addSource('fog', { type: 'geojson', data: fogCells(init.nowcast, init.leadIndex) });
      map.addLayer({
        id: 'fog-cells',
        type: 'fill',
        source: 'fog',
        paint: { 'fill-color': ['get', 'colour'], 'fill-opacity': 0.55 },
      });
      map.addSource('roads', { type: 'geojson', data: roadCollection(init.town.roads) });
      map.addLayer({
        id: 'roads',
        type: 'line',
        source: 'roads',
        paint: {
          'line-color': [
            'match',
            ['get', 'kind'],
            ...ROAD_KINDS.flatMap((k) => [k, ROAD_STYLE[k].colour]),
            '#999999',
          ] as unknown as string,
          'line-width': [
            'match',
            ['get', 'kind'],
            ...ROAD_KINDS.flatMap((k) => [k, ROAD_STYLE[k].width]),
            1,
          ] as unknown as number,
        },
      });
      map.addSource('warnings', { type: 'geojson', data: warningAreas(init.nowcast.warnings) });
      map.addLayer({
        id: 'warning-fill',
        type: 'fill',
        source: 'warnings',
        paint: { 'fill-color': ['get', 'colour'], 'fill-opacity': 0.35 },
      });
      map.addLayer({
        id: 'warning-line',
        type: 'line',
        source: 'warnings',
        paint: { 'line-color': ['get', 'colour'], 'line-width': 2.5 },
      });
      setReady(true);
    });
    return () => {
      map.remove();
      mapRef.current = null;
    };
  }, []);

  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    (map.getSource('fog') as GeoJSONSource | undefined)?.setData(fogCells(nowcast, leadIndex) as never);
    (map.getSource('warnings') as GeoJSONSource | undefined)?.setData(warningAreas(nowcast.warnings) as never);
  }, [ready, nowcast, leadIndex]);

  const cells = fogCells(nowcast, leadIndex).features.length;
  return (
    <>
      {failed && (
        <Alert
          type="warning"
          title={t('traffic.fog.mapFailed')}
          style={{ position: 'absolute', zIndex: 3, margin: 12 }}
        />
      )}
      <div
        ref={el}
        className="fq-fog-canvas"
        data-testid="fog-map"
        data-ready={ready ? 'true' : 'false'}
        data-fog-cells={cells}
        data-warnings={nowcast.warnings.length}
      />
    </>
  );
}
