import type { TownMap } from '@fengqiao/contracts';
import type { Priority } from '@fengqiao/domain';
import type { ExpressionSpecification, GeoJSONSource, LngLatBoundsLike } from 'maplibre-gl';
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { townBounds } from '../map/map-data';
import { addTownSources, baseStyle, kindColour, roadPaint } from '../map/map-style';
import { SvgTownMap } from '../map/SvgTownMap';
import { PRIORITY_COLOURS, PRIORITY_ORDER } from './command-data';

maplibregl.setWorkerUrl(workerUrl);

export type LngLat = [number, number];

export interface MapIncident {
  id: string;
  number: string;
  summary: string;
  priority: Priority;
  location: LngLat;
  breached: boolean;
}

export interface OpsMapProps {
  town: TownMap;
  tileUrl: string | null;
  tileAttribution: string | null;
  incidents?: readonly MapIncident[];
  onIncidentClick?: (id: string) => void;
  /** The picked point (call-taking); a click on the map moves it when `onPick` is given. */
  pick?: LngLat | null;
  onPick?: (p: LngLat) => void;
  /** Fly to this point when it changes (e.g. an address chosen from the list). */
  focus?: LngLat | null;
  testId?: string;
  className?: string;
}

const priorityColour = [
  'match',
  ['get', 'priority'],
  ...PRIORITY_ORDER.flatMap((p) => [p, PRIORITY_COLOURS[p]]),
  '#999999',
] as unknown as ExpressionSpecification;

interface IncidentProps {
  id: string;
  number: string;
  summary: string;
  priority: Priority;
  breached: boolean;
}

function incidentCollection(incidents: readonly MapIncident[]) {
  // Urgent last, so it is drawn on top.
  const sorted = [...incidents].sort((a, b) => PRIORITY_ORDER.indexOf(b.priority) - PRIORITY_ORDER.indexOf(a.priority));
  return {
    type: 'FeatureCollection' as const,
    features: sorted.map((i) => ({
      type: 'Feature' as const,
      properties: {
        id: i.id,
        number: i.number,
        summary: i.summary,
        priority: i.priority,
        breached: i.breached,
      } satisfies IncidentProps,
      geometry: { type: 'Point' as const, coordinates: i.location },
    })),
  };
}

function addLayers(map: maplibregl.Map, town: TownMap, hasTiles: boolean): void {
  addTownSources(map, town);
  map.addSource('incidents', { type: 'geojson', data: incidentCollection([]) });
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
    paint: { 'fill-color': kindColour, 'fill-opacity': hasTiles ? 0.18 : 0.22 },
  });
  map.addLayer({
    id: 'roads',
    type: 'line',
    source: 'roads',
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: {
      'line-color': roadPaint('colour'),
      'line-width': ['interpolate', ['linear'], ['zoom'], 10, roadPaint('width', 0.3), 15, roadPaint('width', 1.3)],
      'line-opacity': 0.8,
    },
  });
  map.addLayer({
    id: 'grids-line',
    type: 'line',
    source: 'grids',
    paint: { 'line-color': '#5b6778', 'line-width': 0.7, 'line-opacity': 0.6 },
  });
  map.addLayer({
    id: 'boundary-line',
    type: 'line',
    source: 'boundary',
    layout: { 'line-join': 'round' },
    paint: { 'line-color': '#1f4e9c', 'line-width': 2.2, 'line-dasharray': [3, 1.5] },
  });
  map.addLayer({
    id: 'incidents-halo',
    type: 'circle',
    source: 'incidents',
    filter: ['==', ['get', 'breached'], true],
    paint: {
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 9, 15, 16],
      'circle-color': '#d4232f',
      'circle-opacity': 0.25,
    },
  });
  map.addLayer({
    id: 'incidents',
    type: 'circle',
    source: 'incidents',
    paint: {
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 5, 15, 9],
      'circle-color': priorityColour,
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 1.5,
    },
  });
}

function gridLabel(code: string): HTMLElement {
  const el = document.createElement('div');
  el.className = 'fq-ops-grid-label';
  el.textContent = code;
  return el;
}

/**
 * The command room's map: grids, roads and boundary like the map page, the
 * open incidents as dots coloured by priority (a red halo when a deadline was
 * missed), and optionally a picked point for call-taking. Falls back to the
 * SVG map (grid click = pick its centre) without WebGL.
 */
export function OpsMap(props: OpsMapProps) {
  const { town, tileUrl, tileAttribution, incidents, onIncidentClick, pick, onPick, focus, testId, className } = props;
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const pickMarker = useRef<maplibregl.Marker | null>(null);
  const [ready, setReady] = useState(false);
  const [failed, setFailed] = useState(false);
  const townRef = useRef(town);
  townRef.current = town;
  const clickRef = useRef(onIncidentClick);
  clickRef.current = onIncidentClick;
  const pickRef = useRef(onPick);
  pickRef.current = onPick;

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const bounds = townBounds(townRef.current);
    let map: maplibregl.Map;
    try {
      map = new maplibregl.Map({
        container: el,
        style: baseStyle(tileUrl, tileAttribution),
        ...(bounds ? { bounds: bounds as LngLatBoundsLike, fitBoundsOptions: { padding: 16 } } : {}),
        minZoom: 8,
        maxZoom: 18,
        attributionControl: tileUrl ? { compact: true } : false,
        dragRotate: false,
        pitchWithRotate: false,
      });
    } catch (e) {
      console.warn('MapLibre could not start; using the SVG map', e);
      setFailed(true);
      return;
    }
    mapRef.current = map;
    map.touchZoomRotate.disableRotation();
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-left');
    const popup = new maplibregl.Popup({
      closeButton: false,
      closeOnClick: false,
      offset: 10,
      className: 'fq-map-popup',
    });
    const labels: maplibregl.Marker[] = [];
    map.on('load', () => {
      addLayers(map, townRef.current, Boolean(tileUrl));
      for (const g of townRef.current.grids) {
        labels.push(
          new maplibregl.Marker({ element: gridLabel(g.code), anchor: 'center' }).setLngLat(g.centroid).addTo(map),
        );
      }
      map.on('mousemove', 'incidents', (e) => {
        const f = e.features?.[0];
        if (!f) return;
        map.getCanvas().style.cursor = 'pointer';
        const box = document.createElement('div');
        const strong = document.createElement('strong');
        strong.textContent = String(f.properties?.number ?? '');
        const line = document.createElement('div');
        line.textContent = String(f.properties?.summary ?? '');
        box.append(strong, line);
        popup.setLngLat(e.lngLat).setDOMContent(box).addTo(map);
      });
      map.on('mouseleave', 'incidents', () => {
        map.getCanvas().style.cursor = '';
        popup.remove();
      });
      map.on('click', (e) => {
        const hit = map.queryRenderedFeatures(e.point, { layers: ['incidents'] })[0];
        const id = typeof hit?.properties?.id === 'string' ? hit.properties.id : null;
        if (id && clickRef.current) {
          clickRef.current(id);
          return;
        }
        pickRef.current?.([Number(e.lngLat.lng.toFixed(6)), Number(e.lngLat.lat.toFixed(6))]);
      });
      setReady(true);
    });
    map.on('error', (e) => console.warn('map:', e.error?.message ?? e));
    const resize = new ResizeObserver(() => map.resize());
    resize.observe(el);
    return () => {
      resize.disconnect();
      popup.remove();
      for (const l of labels) l.remove();
      pickMarker.current?.remove();
      pickMarker.current = null;
      map.remove();
      mapRef.current = null;
      setReady(false);
    };
  }, [tileUrl, tileAttribution]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready) return;
    (map.getSource('incidents') as GeoJSONSource | undefined)?.setData(incidentCollection(incidents ?? []));
  }, [incidents, ready]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready) return;
    if (!pick) {
      pickMarker.current?.remove();
      pickMarker.current = null;
      return;
    }
    if (!pickMarker.current) {
      pickMarker.current = new maplibregl.Marker({ color: '#d4232f' }).setLngLat(pick).addTo(map);
      pickMarker.current.getElement().setAttribute('data-testid', 'pick-marker');
    } else pickMarker.current.setLngLat(pick);
  }, [pick, ready]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready || !focus) return;
    map.easeTo({ center: focus, zoom: Math.max(map.getZoom(), 14), duration: 500 });
  }, [focus, ready]);

  if (failed) {
    return (
      <SvgTownMap
        town={town}
        selectedId={null}
        onSelect={(gridId) => {
          const g = town.grids.find((x) => x.id === gridId);
          if (g && onPick) onPick(g.centroid);
        }}
        title={t('map.fallbackTitle')}
        body={t('map.fallbackBody')}
      />
    );
  }
  return (
    <div className={`fq-ops-map ${className ?? ''}`}>
      <div
        ref={container}
        className="fq-ops-map-canvas"
        data-testid={testId ?? 'ops-map'}
        data-state={ready ? 'ready' : 'loading'}
      />
    </div>
  );
}
