import gcoord from 'gcoord';
import type { PolygonGeometry, Position } from './geojson.types';

/**
 * Coordinate systems grids arrive in. WGS-84 is what GPS and we store;
 * GCJ-02 is the obfuscated "Mars" datum that AMap and Tencent maps (and so most
 * drawings made on them) use, offset by a few hundred metres inside China;
 * BD-09 is Baidu's further offset of GCJ-02.
 */
export const CRS_NAMES = ['WGS84', 'GCJ02', 'BD09'] as const;
export type CrsName = (typeof CRS_NAMES)[number];

export function isCrsName(value: unknown): value is CrsName {
  return typeof value === 'string' && (CRS_NAMES as readonly string[]).includes(value);
}

const GCOORD_CRS = { WGS84: gcoord.WGS84, GCJ02: gcoord.GCJ02, BD09: gcoord.BD09 } as const;

/**
 * Converts to WGS-84. GCJ-02 has no closed-form inverse; gcoord iterates to
 * about 1e-6° (~0.1 m). Outside China GCJ-02 equals WGS-84, and gcoord
 * passes such points through unchanged.
 */
export function toWgs84(p: Position, crs: CrsName): Position {
  if (crs === 'WGS84') return [p[0], p[1]];
  const [x, y] = gcoord.transform([p[0], p[1]], GCOORD_CRS[crs], gcoord.WGS84);
  return [x, y];
}

/** The inverse of toWgs84, for showing our data on AMap/Baidu base maps and for tests. */
export function fromWgs84(p: Position, crs: CrsName): Position {
  if (crs === 'WGS84') return [p[0], p[1]];
  const [x, y] = gcoord.transform([p[0], p[1]], gcoord.WGS84, GCOORD_CRS[crs]);
  return [x, y];
}

/** A converted copy of a polygon geometry; vertices equal on input stay equal, so closed rings stay closed. */
export function geometryToWgs84<G extends PolygonGeometry>(g: G, crs: CrsName): G {
  const ring = (r: Position[]): Position[] => r.map((p) => toWgs84(p, crs));
  if (g.type === 'Polygon') return { ...g, coordinates: g.coordinates.map(ring) };
  return { ...g, coordinates: g.coordinates.map((rings) => rings.map(ring)) };
}
