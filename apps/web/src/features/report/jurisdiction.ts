import type { JurisdictionOutline } from '@fengqiao/contracts';
import { type PolygonGeometry, pointInPolygon } from '@fengqiao/domain';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';

/** The station's public outline (boundary and grids); the server and the browser cache it for minutes. */
export function useJurisdiction() {
  return useQuery({
    queryKey: ['report', 'jurisdiction'] as const,
    queryFn: () => api.get<JurisdictionOutline>('/api/report/jurisdiction'),
    staleTime: 5 * 60_000,
    retry: 1,
  });
}

/** The grid a resident's point lies in, or null outside every grid. */
export function gridAt(
  outline: JurisdictionOutline,
  point: [number, number],
): JurisdictionOutline['grids'][number] | null {
  return outline.grids.find((g) => pointInPolygon(point, g.geometry as PolygonGeometry)) ?? null;
}

/** The outline as GeoJSON for the map: grids as polygons, the station boundary as a line. */
export function outlineFeatures(outline: JurisdictionOutline) {
  return {
    grids: {
      type: 'FeatureCollection' as const,
      features: outline.grids.map((g) => ({
        type: 'Feature' as const,
        properties: { code: g.code, name: g.name },
        geometry: g.geometry as PolygonGeometry,
      })),
    },
    boundary: {
      type: 'FeatureCollection' as const,
      features: outline.boundary
        ? [{ type: 'Feature' as const, properties: {}, geometry: outline.boundary as PolygonGeometry }]
        : [],
    },
  };
}
