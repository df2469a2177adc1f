import { type BBox, type PolygonGeometry, type Position, polygonsOf } from './geojson.types';

/** WGS-84 ellipsoid. */
const A = 6378137;
const F = 1 / 298.257223563;
const E2 = F * (2 - F);
const E = Math.sqrt(E2);
/** IUGG mean Earth radius, the usual choice for haversine. */
const MEAN_RADIUS_M = 6371008.8;
const RAD = Math.PI / 180;

export function bboxOf(g: PolygonGeometry): BBox {
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  // Holes too: for a valid polygon they change nothing, for an invalid one the box must still cover every vertex.
  for (const rings of polygonsOf(g)) {
    for (const ring of rings) {
      for (const [x, y] of ring) {
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
  }
  return [minX, minY, maxX, maxY];
}

/**
 * Authalic "q" of a latitude: a²·q(φ)/2 is the ellipsoid area between the
 * equator and φ per radian of longitude. Using it as the y axis gives the
 * Lambert cylindrical equal-area projection of the ellipsoid, in which the
 * plain shoelace formula yields true ellipsoidal area.
 */
function authalicQ(latDeg: number): number {
  const s = Math.sin(latDeg * RAD);
  const es = E * s;
  return (1 - E2) * (s / (1 - es * es) - (1 / (2 * E)) * Math.log((1 - es) / (1 + es)));
}

/**
 * Unsigned area of one ring in m², edges taken as straight lines in the
 * equal-area projection. For town-sized rings that differs from geodesic edges
 * by far less than 0.01 %.
 */
export function ringAreaM2(ring: readonly Position[]): number {
  const first = ring[0];
  if (!first || ring.length < 3) return 0;
  // Relative to the first vertex, so the sum does not cancel away precision.
  const x0 = first[0];
  const q0 = authalicQ(first[1]);
  let sum = 0;
  let prevX = 0;
  let prevY = 0;
  for (let i = 1; i <= ring.length; i++) {
    const p = ring[i % ring.length] as Position;
    const x = (p[0] - x0) * RAD;
    const y = authalicQ(p[1]) - q0;
    sum += (x - prevX) * (y + prevY);
    prevX = x;
    prevY = y;
  }
  return Math.abs(sum) * 0.25 * A * A;
}

function polygonAreaM2(rings: readonly Position[][]): number {
  let area = 0;
  rings.forEach((ring, i) => {
    area += i === 0 ? ringAreaM2(ring) : -ringAreaM2(ring);
  });
  return Math.max(0, area);
}

/** Area in square metres on the WGS-84 ellipsoid, holes subtracted. */
export function areaM2(g: PolygonGeometry): number {
  let total = 0;
  for (const rings of polygonsOf(g)) total += polygonAreaM2(rings);
  return total;
}

/**
 * Area-weighted centroid of the largest polygon (a MultiPolygon's enclaves
 * should not drag the label off the main body). Computed in a local
 * equirectangular plane, which is plenty for placing a label. May fall outside
 * a strongly concave polygon.
 */
export function centroidOf(g: PolygonGeometry): Position {
  let best: Position[][] | undefined;
  let bestArea = -1;
  for (const rings of polygonsOf(g)) {
    const a = polygonAreaM2(rings);
    if (a > bestArea) {
      best = rings;
      bestArea = a;
    }
  }
  const outer = best?.[0];
  const origin = outer?.[0];
  if (!best || !outer || !origin) return [Number.NaN, Number.NaN];
  const [x0, y0] = origin;
  const k = Math.cos(y0 * RAD);
  let sa = 0;
  let sx = 0;
  let sy = 0;
  best.forEach((ring, r) => {
    let a = 0;
    let cx = 0;
    let cy = 0;
    for (let i = 0; i < ring.length; i++) {
      const p = ring[i] as Position;
      const q = ring[(i + 1) % ring.length] as Position;
      const px = (p[0] - x0) * k;
      const py = p[1] - y0;
      const qx = (q[0] - x0) * k;
      const qy = q[1] - y0;
      const cross = px * qy - qx * py;
      a += cross;
      cx += (px + qx) * cross;
      cy += (py + qy) * cross;
    }
    // Orientation-independent: the outer ring adds, holes subtract.
    const sign = (a >= 0 ? 1 : -1) * (r === 0 ? 1 : -1);
    sa += sign * a;
    sx += sign * cx;
    sy += sign * cy;
  });
  if (Math.abs(sa) < 1e-18) {
    // Degenerate (zero area): the mean of the distinct outer vertices.
    const closed = outer.length > 1 && samePosition(outer[0], outer[outer.length - 1]);
    const pts = closed ? outer.slice(0, -1) : outer;
    const mx = pts.reduce((s, p) => s + p[0], 0) / pts.length;
    const my = pts.reduce((s, p) => s + p[1], 0) / pts.length;
    return [mx, my];
  }
  return [x0 + sx / (3 * sa) / k, y0 + sy / (3 * sa)];
}

function samePosition(a: Position | undefined, b: Position | undefined): boolean {
  return !!a && !!b && a[0] === b[0] && a[1] === b[1];
}

/** Great-circle distance in metres (haversine on the mean-radius sphere; within 0.5 % of the ellipsoid). */
export function distanceM(a: Position, b: Position): number {
  const dLat = (b[1] - a[1]) * RAD;
  const dLng = (b[0] - a[0]) * RAD;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * RAD) * Math.cos(b[1] * RAD) * Math.sin(dLng / 2) ** 2;
  return 2 * MEAN_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(s)));
}
