import type { GridKind, GridView, RoadView, TownMap } from '@fengqiao/contracts';

/**
 * Pure helpers that turn the server's TownMap into what the map draws:
 * GeoJSON collections, bounds, colours and a projection for the SVG
 * fallback. No MapLibre and no DOM here.
 */

export type LngLat = [number, number];
export type Bounds = [LngLat, LngLat];

export const KIND_COLOURS: Record<GridKind, string> = {
  urban: '#e8833a',
  suburban: '#f2c14e',
  rural: '#5fa55a',
  industrial: '#6c72c9',
};

export const ROAD_STYLE: Record<RoadView['kind'], { colour: string; width: number }> = {
  expressway: { colour: '#d4553f', width: 5 },
  national: { colour: '#e39b39', width: 3.5 },
  main: { colour: '#8e99a8', width: 2.2 },
  local: { colour: '#b5bdc8', width: 1.2 },
};

export const GRID_KINDS: readonly GridKind[] = ['urban', 'suburban', 'rural', 'industrial'];
export const ROAD_KINDS: readonly RoadView['kind'][] = ['expressway', 'national', 'main', 'local'];

type Geometry = GridView['geometry'];

export interface Feature<P, G = Geometry> {
  type: 'Feature';
  id?: string | number;
  properties: P;
  geometry: G;
}
export interface Collection<P, G = Geometry> {
  type: 'FeatureCollection';
  features: Feature<P, G>[];
}
export interface LineGeometry {
  type: 'LineString';
  coordinates: LngLat[];
}

export interface GridProps {
  id: string;
  code: string;
  name: string;
  kind: GridKind;
}

export function gridCollection(grids: readonly GridView[]): Collection<GridProps> {
  return {
    type: 'FeatureCollection',
    features: grids.map((g) => ({
      type: 'Feature',
      properties: { id: g.id, code: g.code, name: g.name, kind: g.kind },
      geometry: g.geometry,
    })),
  };
}

export function roadCollection(
  roads: readonly RoadView[],
): Collection<{ id: string; kind: RoadView['kind']; name: string }, LineGeometry> {
  // Draw minor roads first so an expressway stays on top where they cross.
  const order = (k: RoadView['kind']) => ROAD_KINDS.length - ROAD_KINDS.indexOf(k);
  return {
    type: 'FeatureCollection',
    features: [...roads]
      .sort((a, b) => order(a.kind) - order(b.kind))
      .map((r) => ({
        type: 'Feature',
        properties: { id: r.id, kind: r.kind, name: r.name },
        geometry: { type: 'LineString', coordinates: r.line },
      })),
  };
}

export function boundaryCollection(boundary: TownMap['boundary']): Collection<Record<string, never>> {
  return {
    type: 'FeatureCollection',
    features: boundary ? [{ type: 'Feature', properties: {}, geometry: boundary }] : [],
  };
}

function* positionsOf(g: Geometry): Generator<LngLat> {
  if (g.type === 'Polygon') {
    for (const ring of g.coordinates) yield* ring;
  } else {
    for (const poly of g.coordinates) for (const ring of poly) yield* ring;
  }
}

/** South-west and north-east corners of the geometries, or null for none. */
export function boundsOf(geometries: readonly Geometry[]): Bounds | null {
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const g of geometries) {
    for (const [x, y] of positionsOf(g)) {
      if (x < minX) minX = x;
      if (y < minY) minY = y;
      if (x > maxX) maxX = x;
      if (y > maxY) maxY = y;
    }
  }
  if (!Number.isFinite(minX)) return null;
  return [
    [minX, minY],
    [maxX, maxY],
  ];
}

/** The whole jurisdiction: the boundary when there is one, else the grids. */
export function townBounds(town: TownMap): Bounds | null {
  return boundsOf(town.boundary ? [town.boundary] : town.grids.map((g) => g.geometry));
}

/** Tile URL templates for a raster source; `{s}` expands to the provider's subdomains. */
export function tileUrls(template: string): string[] {
  if (!template.includes('{s}')) return [template];
  const subdomains = /tianditu/i.test(template) ? ['0', '1', '2', '3', '4', '5', '6', '7'] : ['a', 'b', 'c'];
  return subdomains.map((s) => template.replace('{s}', s));
}

/** Matches a grid against a search: code, name, community or officer (name or badge). */
export function gridMatches(g: GridView, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  const hay = [g.code, g.name, ...g.communities, g.officer?.name ?? '', g.officer?.badgeNo ?? ''];
  return hay.some((s) => s.toLowerCase().includes(q));
}

/**
 * An equirectangular projection scaled by cos(latitude): at town scale it
 * is indistinguishable from Web Mercator and needs no library. Used by the
 * SVG fallback when WebGL is unavailable.
 */
export function makeProjection(bounds: Bounds, width: number, height: number, padding = 16) {
  const [[minX, minY], [maxX, maxY]] = bounds;
  const k = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
  const spanX = Math.max(1e-9, (maxX - minX) * k);
  const spanY = Math.max(1e-9, maxY - minY);
  const scale = Math.min((width - 2 * padding) / spanX, (height - 2 * padding) / spanY);
  const offX = (width - spanX * scale) / 2;
  const offY = (height - spanY * scale) / 2;
  return ([x, y]: LngLat): [number, number] => [offX + (x - minX) * k * scale, offY + (maxY - y) * scale];
}

export function svgPath(g: Geometry, project: (p: LngLat) => [number, number]): string {
  const ring = (r: LngLat[]) =>
    `${r
      .map(
        (p, i) =>
          `${i === 0 ? 'M' : 'L'}${project(p)
            .map((n) => n.toFixed(1))
            .join(',')}`,
      )
      .join('')}Z`;
  if (g.type === 'Polygon') return g.coordinates.map((r) => ring(r as LngLat[])).join('');
  return g.coordinates.flatMap((poly) => poly.map((r) => ring(r as LngLat[]))).join('');
}
