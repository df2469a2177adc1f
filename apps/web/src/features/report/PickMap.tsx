import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useEffect, useRef } from 'react';
import { tileUrls } from '../map/map-data';

maplibregl.setWorkerUrl(workerUrl);

export type LngLat = [number, number];

/**
 * The residents' map pick: base tiles only (the jurisdiction's own layers are
 * staff data), a marker at the chosen point, a tap moves it. Shown only when
 * the server has a tile URL configured; otherwise the page offers the
 * browser's location and the address.
 */
export function PickMap({
  tileUrl,
  attribution,
  point,
  onPick,
}: {
  tileUrl: string;
  attribution: string | null;
  point: LngLat | null;
  onPick: (p: LngLat) => void;
}) {
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<maplibregl.Map | null>(null);
  const marker = useRef<maplibregl.Marker | null>(null);
  const pickRef = useRef(onPick);
  pickRef.current = onPick;
  const first = useRef(point);

  useEffect(() => {
    if (!el.current) return;
    let m: maplibregl.Map;
    try {
      m = new maplibregl.Map({
        container: el.current,
        style: {
          version: 8,
          sources: {
            basemap: {
              type: 'raster',
              tiles: tileUrls(tileUrl),
              tileSize: 256,
              ...(attribution ? { attribution } : {}),
            },
          },
          layers: [
            { id: 'background', type: 'background', paint: { 'background-color': '#e9edf2' } },
            { id: 'basemap', type: 'raster', source: 'basemap' },
          ],
        },
        // Without a located point: mainland China, for the resident to zoom in.
        ...(first.current ? { center: first.current, zoom: 15 } : { bounds: [73.5, 18, 135, 53.6] }),
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
  }, [tileUrl, attribution]);

  useEffect(() => {
    const m = map.current;
    if (!m || !point) return;
    if (!marker.current) marker.current = new maplibregl.Marker({ color: '#d4232f' }).setLngLat(point).addTo(m);
    else marker.current.setLngLat(point);
    if (m.getZoom() < 13) m.easeTo({ center: point, zoom: 15 });
  }, [point]);

  return <div ref={el} className="fq-report-map" data-testid="report-map" />;
}
