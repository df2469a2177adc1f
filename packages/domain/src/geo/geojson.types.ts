/**
 * Minimal GeoJSON (RFC 7946) types for what the platform stores: police grids
 * as polygons and incident locations as points. Our own types rather than
 * @types/geojson so the domain package has no type-only dependency and the
 * shapes stay exactly as narrow as we use them (2-D, no bbox, no foreign members).
 */

/** [lng, lat] in degrees; longitude first, as GeoJSON requires. */
export type Position = [number, number];

/** Axis-aligned bounds: [minLng, minLat, maxLng, maxLat]. */
export type BBox = [number, number, number, number];

export interface Point {
  type: 'Point';
  coordinates: Position;
}

/** First ring is the outer boundary, the rest are holes; every ring is closed (first === last). */
export interface Polygon {
  type: 'Polygon';
  coordinates: Position[][];
}

export interface MultiPolygon {
  type: 'MultiPolygon';
  coordinates: Position[][][];
}

export type PolygonGeometry = Polygon | MultiPolygon;

export type Geometry = Point | Polygon | MultiPolygon;

export interface Feature<G extends Geometry = Geometry, P = Record<string, unknown>> {
  type: 'Feature';
  id?: string | number;
  geometry: G;
  properties: P;
}

export interface FeatureCollection<G extends Geometry = Geometry, P = Record<string, unknown>> {
  type: 'FeatureCollection';
  features: Feature<G, P>[];
}

/** The polygons of a geometry as a list, so callers need not branch on Polygon vs MultiPolygon. */
export function polygonsOf(g: PolygonGeometry): Position[][][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}
