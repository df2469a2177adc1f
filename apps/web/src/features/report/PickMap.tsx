import type { JurisdictionOutline } from '@fengqiao/contracts';
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useEffect, useMemo, useRef } from 'react';
import { tileUrls } from '../map/map-data';
import { outlineFeatures } from './jurisdiction';

maplibregl.setWorkerUrl(workerUrl);

export type LngLat = [number, number];

/**
 * The residents' map pick: base tiles where configured, the station's public
 * outline (jurisdiction boundary and police grids, no staff data), a marker
 * at the chosen point, a tap moves it. Without tiles the outline alone still
 * lets a resident place a report within the town.
 */
export function PickMap({
  tileUrl,
  attribution,
  outline,
  point,
  onPick,
}: {
  tileUrl: string | null;
  attribution: string | null;
  outline: JurisdictionOutline | null;
  point: LngLat | null;
  onPick: (p: LngLat) => void;
}) {
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<maplibregl.Map | null>(null);
  const marker = useRef<maplibregl.Marker | null>(null);
  const pickRef = useRef(onPick);
  pickRef.current = onPick;
  const first = useRef(point);
  const shapes = useMemo(() => (outline ? outlineFeatures(outline) : null), [outline]);
  const bbox = outline?.bbox ?? null;

  useEffect(() => {
    if (!el.current) return;
    let m: maplibregl.Map;
    try {
      m = new maplibregl.Map({
        container: el.current,
        style: {
          version: 8,
          sources: {
            ...(tileUrl
              ? {
                  basemap: {
                    type: 'raster' as const,
                    tiles: tileUrls(tileUrl),
                    tileSize: 256,
                    ...(attribution ? { attribution } : {}),
                  },
                }
              : {}),
            ...(shapes
              ? {
                  grids: { type: 'geojson' as const, data: shapes.grids },
                  boundary: { type: 'geojson' as const, data: shapes.boundary },
                }
              : {}),
          },
          layers: [
            { id: 'background', type: 'background', paint: { 'background-color': '#e9edf2' } },
            ...(tileUrl ? [{ id: 'basemap', type: 'raster' as const, source: 'basemap' }] : []),
            ...(shapes
              ? [
                  {
                    id: 'grid-fill',
                    type: 'fill' as const,
                    source: 'grids',
                    paint: { 'fill-color': '#3a78c8', 'fill-opacity': tileUrl ? 0.08 : 0.16 },
                  },
                  {
                    id: 'grid-line',
                    type: 'line' as const,
                    source: 'grids',
                    paint: { 'line-color': '#3a78c8', 'line-width': 1, 'line-opacity': 0.7 },
                  },
                  {
                    id: 'boundary-line',
                    type: 'line' as const,
                    source: 'boundary',
                    paint: { 'line-color': '#c0392b', 'line-width': 2.5, 'line-dasharray': [3, 2] },
                  },
                ]
              : []),
          ],
        },
        // Without a located point: the jurisdiction, else mainland China for the resident to zoom in.
        ...(first.current
          ? { center: first.current, zoom: 15 }
          : { bounds: bbox ?? [73.5, 18, 135, 53.6], fitBoundsOptions: { padding: 16 } }),
        attributionControl: { compact: true },
        dragRotate: false,
      });
    } catch (e) {
      console.warn('MapLibre could not start', e);
      return;
    }
    map.current = m;
    m.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-left');
    m.on('click', (e) => pickRef.current([Number(e.lngLat.lng.toFixed(6)), Number(e.lngLat.lat.toFixed(6))]));
    m.on('error', (e) => console.warn('map:', e.error?.message ?? e));
    return () => {
      marker.current?.remove();
      marker.current = null;
      m.remove();
      map.current = null;
    };
  }, [tileUrl, attribution, shapes, bbox]);

  useEffect(() => {
    const m = map.current;
    if (!m || !point) return;
    if (!marker.current) marker.current = new maplibregl.Marker({ color: '#d4232f' }).setLngLat(point).addTo(m);
    else marker.current.setLngLat(point);
    // Close enough to see the street, far enough to see the grid around it.
    if (m.getZoom() < 13) m.easeTo({ center: point, zoom: 14 });
  }, [point]);

  return <div ref={el} className="fq-report-map" data-testid="report-map" />;
}
