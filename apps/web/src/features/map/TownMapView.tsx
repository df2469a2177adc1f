import { AimOutlined } from '@ant-design/icons';
import type { TownMap } from '@fengqiao/contracts';
import { Button, Tooltip } from 'antd';
import type { GeoJSONSource, LngLatBoundsLike } from 'maplibre-gl';
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { boundaryCollection, boundsOf, gridCollection, roadCollection, townBounds } from './map-data';
import { addTownSources, baseStyle, kindColour, roadPaint } from './map-style';
import { SvgTownMap } from './SvgTownMap';

maplibregl.setWorkerUrl(workerUrl);

export interface TownMapViewProps {
  town: TownMap;
  selectedId: string | null;
  onSelect: (gridId: string | null) => void;
  tileUrl: string | null;
  tileAttribution: string | null;
}

function addTownLayers(map: maplibregl.Map, town: TownMap, hasTiles: boolean): void {
  addTownSources(map, town);

  map.addLayer({
    id: 'boundary-fill',
    type: 'fill',
    source: 'boundary',
    paint: { 'fill-color': '#ffffff', 'fill-opacity': hasTiles ? 0.15 : 0.9 },
  });
  map.addLayer({
    id: 'grids-fill',
    type: 'fill',
    source: 'grids',
    paint: {
      'fill-color': kindColour,
      'fill-opacity': [
        'case',
        ['boolean', ['feature-state', 'selected'], false],
        0.7,
        ['boolean', ['feature-state', 'hover'], false],
        0.55,
        hasTiles ? 0.3 : 0.38,
      ],
    },
  });
  map.addLayer({
    id: 'roads-casing',
    type: 'line',
    source: 'roads',
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: {
      'line-color': '#ffffff',
      'line-width': ['interpolate', ['linear'], ['zoom'], 10, roadPaint('width', 0.6), 15, roadPaint('width', 2.2)],
      'line-gap-width': 0,
      'line-opacity': 0.9,
    },
  });
  map.addLayer({
    id: 'roads',
    type: 'line',
    source: 'roads',
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: {
      'line-color': roadPaint('colour'),
      'line-width': ['interpolate', ['linear'], ['zoom'], 10, roadPaint('width', 0.35), 15, roadPaint('width', 1.5)],
    },
  });
  map.addLayer({
    id: 'grids-line',
    type: 'line',
    source: 'grids',
    paint: { 'line-color': '#ffffff', 'line-width': 1.4, 'line-opacity': 0.95 },
  });
  map.addLayer({
    id: 'grids-outline',
    type: 'line',
    source: 'grids',
    paint: { 'line-color': '#5b6778', 'line-width': 0.6, 'line-opacity': 0.7 },
  });
  map.addLayer({
    id: 'boundary-line',
    type: 'line',
    source: 'boundary',
    layout: { 'line-join': 'round' },
    paint: { 'line-color': '#1f4e9c', 'line-width': 2.6, 'line-dasharray': [3, 1.5] },
  });
  map.addLayer({
    id: 'grids-selected',
    type: 'line',
    source: 'grids',
    filter: ['==', ['get', 'id'], ''],
    layout: { 'line-join': 'round' },
    paint: { 'line-color': '#c8102e', 'line-width': 3.2 },
  });
}

function labelElement(code: string, onClick: () => void): HTMLElement {
  const el = document.createElement('button');
  el.type = 'button';
  el.className = 'fq-grid-label';
  el.textContent = code;
  el.addEventListener('click', (e) => {
    e.stopPropagation();
    onClick();
  });
  return el;
}

function stationElement(title: string): HTMLElement {
  const el = document.createElement('div');
  el.className = 'fq-station-marker';
  el.title = title;
  el.setAttribute('aria-label', title);
  return el;
}

/** Renders the town with MapLibre GL, or the SVG fallback when WebGL is unavailable. */
export function TownMapView(props: TownMapViewProps) {
  const { town, selectedId, onSelect, tileUrl, tileAttribution } = props;
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const markers = useRef<maplibregl.Marker[]>([]);
  const stationMarker = useRef<maplibregl.Marker | null>(null);
  const [ready, setReady] = useState(false);
  const [failed, setFailed] = useState(false);
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;
  const townRef = useRef(town);
  townRef.current = town;
  const selectedRef = useRef<string | null>(null);

  // Create the map once per tile configuration.
  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const bounds = townBounds(townRef.current);
    let map: maplibregl.Map;
    try {
      map = new maplibregl.Map({
        container: el,
        style: baseStyle(tileUrl, tileAttribution),
        ...(bounds ? { bounds: bounds as LngLatBoundsLike, fitBoundsOptions: { padding: 32 } } : {}),
        minZoom: 8,
        maxZoom: 18,
        attributionControl: tileUrl ? { compact: true } : false,
        dragRotate: false,
        pitchWithRotate: false,
        cooperativeGestures: false,
      });
    } catch (e) {
      console.warn('MapLibre could not start; using the SVG map', e);
      setFailed(true);
      return;
    }
    mapRef.current = map;
    map.touchZoomRotate.disableRotation();
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-left');
    map.addControl(new maplibregl.ScaleControl({ unit: 'metric', maxWidth: 120 }), 'bottom-right');

    let hoverId: string | null = null;
    const popup = new maplibregl.Popup({
      closeButton: false,
      closeOnClick: false,
      offset: 12,
      className: 'fq-map-popup',
    });
    const setHover = (id: string | null) => {
      if (hoverId === id) return;
      if (hoverId) map.setFeatureState({ source: 'grids', id: hoverId }, { hover: false });
      hoverId = id;
      if (id) map.setFeatureState({ source: 'grids', id }, { hover: true });
    };

    map.on('load', () => {
      addTownLayers(map, townRef.current, Boolean(tileUrl));
      map.on('mousemove', 'grids-fill', (e) => {
        const f = e.features?.[0];
        const id = typeof f?.properties?.id === 'string' ? f.properties.id : null;
        setHover(id);
        map.getCanvas().style.cursor = id ? 'pointer' : '';
        const grid = townRef.current.grids.find((g) => g.id === id);
        if (grid) {
          const box = document.createElement('div');
          const strong = document.createElement('strong');
          strong.textContent = `${grid.code} ${grid.name}`;
          box.append(strong);
          if (grid.officer) {
            const line = document.createElement('div');
            line.textContent = `${grid.officer.name}${grid.officer.badgeNo ? ` · ${grid.officer.badgeNo}` : ''}`;
            box.append(line);
          }
          popup.setLngLat(e.lngLat).setDOMContent(box).addTo(map);
        }
      });
      map.on('mouseleave', 'grids-fill', () => {
        setHover(null);
        map.getCanvas().style.cursor = '';
        popup.remove();
      });
      map.on('click', (e) => {
        const f = map.queryRenderedFeatures(e.point, { layers: ['grids-fill'] })[0];
        const id = typeof f?.properties?.id === 'string' ? f.properties.id : null;
        onSelectRef.current(id);
      });
      setReady(true);
    });
    map.on('error', (e) => {
      // Tile fetch failures are expected offline; keep them out of the console's error stream.
      console.warn('map:', e.error?.message ?? e);
    });
    const resize = new ResizeObserver(() => map.resize());
    resize.observe(el);
    return () => {
      resize.disconnect();
      popup.remove();
      for (const m of markers.current) m.remove();
      markers.current = [];
      stationMarker.current?.remove();
      stationMarker.current = null;
      map.remove();
      mapRef.current = null;
      setReady(false);
    };
  }, [tileUrl, tileAttribution]);

  // Data: initial and after every grids.changed refresh.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready) return;
    (map.getSource('grids') as GeoJSONSource | undefined)?.setData(gridCollection(town.grids));
    (map.getSource('roads') as GeoJSONSource | undefined)?.setData(roadCollection(town.roads));
    (map.getSource('boundary') as GeoJSONSource | undefined)?.setData(boundaryCollection(town.boundary));
    for (const m of markers.current) m.remove();
    markers.current = town.grids.map((g) =>
      new maplibregl.Marker({ element: labelElement(g.code, () => onSelectRef.current(g.id)), anchor: 'center' })
        .setLngLat(g.centroid)
        .addTo(map),
    );
    stationMarker.current?.remove();
    stationMarker.current = new maplibregl.Marker({ element: stationElement(t('map.station')), anchor: 'bottom' })
      .setLngLat(town.station.center)
      .addTo(map);
    if (selectedRef.current) map.setFeatureState({ source: 'grids', id: selectedRef.current }, { selected: true });
  }, [town, ready, t]);

  // Selection: outline, fill, and bring it into view.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready) return;
    const prev = selectedRef.current;
    if (prev && map.getSource('grids')) map.setFeatureState({ source: 'grids', id: prev }, { selected: false });
    selectedRef.current = selectedId;
    map.setFilter('grids-selected', ['==', ['get', 'id'], selectedId ?? '']);
    for (const [i, m] of markers.current.entries()) {
      m.getElement().classList.toggle('fq-grid-label-selected', townRef.current.grids[i]?.id === selectedId);
    }
    if (!selectedId) return;
    map.setFeatureState({ source: 'grids', id: selectedId }, { selected: true });
    const grid = townRef.current.grids.find((g) => g.id === selectedId);
    const b = grid ? boundsOf([grid.geometry]) : null;
    if (b) map.fitBounds(b as LngLatBoundsLike, { padding: 160, maxZoom: 13.5, duration: 600 });
  }, [selectedId, ready]);

  if (failed) {
    return (
      <SvgTownMap
        town={town}
        selectedId={selectedId}
        onSelect={onSelect}
        title={t('map.fallbackTitle')}
        body={t('map.fallbackBody')}
      />
    );
  }

  return (
    <div className="fq-map-wrap">
      <div ref={container} className="fq-map" data-testid="town-map" data-state={ready ? 'ready' : 'loading'} />
      <Tooltip title={t('map.zoomReset')} placement="right">
        <Button
          className="fq-map-reset"
          icon={<AimOutlined />}
          aria-label={t('map.zoomReset')}
          onClick={() => {
            const b = townBounds(town);
            onSelect(null);
            if (b) mapRef.current?.fitBounds(b as LngLatBoundsLike, { padding: 32, duration: 500 });
          }}
        />
      </Tooltip>
    </div>
  );
}
