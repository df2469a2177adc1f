import type { TownMap } from '@fengqiao/contracts';
import type * as maplibregl from 'maplibre-gl';
import type { ExpressionSpecification, StyleSpecification } from 'maplibre-gl';
import {
  boundaryCollection,
  GRID_KINDS,
  gridCollection,
  KIND_COLOURS,
  ROAD_KINDS,
  ROAD_STYLE,
  roadCollection,
  tileUrls,
} from './map-data';

/** Shared by every MapLibre map of the town (grid map, command room): one base style, one palette. */

/** Fill colour of a grid feature by its kind. */
export const kindColour = [
  'match',
  ['get', 'kind'],
  ...GRID_KINDS.flatMap((k) => [k, KIND_COLOURS[k]]),
  '#999999',
] as unknown as ExpressionSpecification;

/** A road feature's colour, or its width times `scale`, by its kind. */
export function roadPaint(key: 'colour' | 'width', scale = 1): ExpressionSpecification {
  return [
    'match',
    ['get', 'kind'],
    ...ROAD_KINDS.flatMap((k) => [k, key === 'colour' ? ROAD_STYLE[k].colour : ROAD_STYLE[k].width * scale]),
    key === 'colour' ? '#999999' : 1,
  ] as unknown as ExpressionSpecification;
}

/**
 * Offline by default: a plain background, then our own GeoJSON layers. No
 * glyphs are needed, because labels are HTML markers. With a configured tile
 * URL (e.g. Tianditu), raster tiles go beneath everything.
 */
export function baseStyle(tileUrl: string | null, attribution: string | null): StyleSpecification {
  return {
    version: 8,
    sources: tileUrl
      ? {
          basemap: { type: 'raster', tiles: tileUrls(tileUrl), tileSize: 256, ...(attribution ? { attribution } : {}) },
        }
      : {},
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#e9edf2' } },
      ...(tileUrl ? [{ id: 'basemap', type: 'raster' as const, source: 'basemap' }] : []),
    ],
  };
}

/** The town's GeoJSON sources: 'boundary', 'grids' (feature ids = grid ids) and 'roads'. */
export function addTownSources(map: maplibregl.Map, town: TownMap): void {
  map.addSource('boundary', { type: 'geojson', data: boundaryCollection(town.boundary) });
  map.addSource('grids', { type: 'geojson', data: gridCollection(town.grids), promoteId: 'id' });
  map.addSource('roads', { type: 'geojson', data: roadCollection(town.roads) });
}
