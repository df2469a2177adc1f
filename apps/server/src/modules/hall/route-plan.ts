/**
 * The mobile service station's day route: starting from the station, go to
 * the nearest unvisited stop, then the nearest from there, and so on
 * (nearest-neighbour). Distances are great-circle (haversine) metres, not
 * road distances: a good-enough order for a dozen stops in one town, not an
 * optimal tour. Ties keep the input order, so the result is deterministic.
 */
export type LngLat = readonly [number, number];

const R = 6_371_008.8;
const rad = (d: number) => (d * Math.PI) / 180;

export function haversineMeters(a: LngLat, b: LngLat): number {
  const dLat = rad(b[1] - a[1]);
  const dLng = rad(b[0] - a[0]);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a[1])) * Math.cos(rad(b[1])) * Math.sin(dLng / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}

export interface RouteStop<T> {
  item: T;
  legMeters: number;
}

export function nearestNeighbourRoute<T>(start: LngLat, stops: readonly { item: T; at: LngLat }[]): RouteStop<T>[] {
  const left = stops.map((s, i) => ({ ...s, i }));
  const out: RouteStop<T>[] = [];
  let here: LngLat = start;
  while (left.length > 0) {
    let best = 0;
    let bestD = Number.POSITIVE_INFINITY;
    left.forEach((s, k) => {
      const d = haversineMeters(here, s.at);
      if (d < bestD) {
        bestD = d;
        best = k;
      }
    });
    const [next] = left.splice(best, 1);
    if (!next) break;
    out.push({ item: next.item, legMeters: bestD });
    here = next.at;
  }
  return out;
}
