import type { FogNowcastView, FogWarningView } from '@fengqiao/contracts';
import { fromFrame } from '@fengqiao/domain';

/** Visibility bands drawn on the map (metres, upper bound exclusive) and their colours. */
export const FOG_BANDS = [
  { max: 50, colour: '#a8071a', label: '<50' },
  { max: 200, colour: '#fa541c', label: '50–200' },
  { max: 500, colour: '#fadb14', label: '200–500' },
  { max: 1000, colour: '#bfbfbf', label: '500–1000' },
] as const;

export const GRADE_COLOUR = { red: '#cf1322', orange: '#fa8c16', yellow: '#d4b106' } as const;

export function bandOf(m: number): (typeof FOG_BANDS)[number] | null {
  return FOG_BANDS.find((b) => m < b.max) ?? null;
}

interface Feature<P> {
  type: 'Feature';
  properties: P;
  geometry:
    | { type: 'Polygon'; coordinates: [number, number][][] }
    | { type: 'LineString'; coordinates: [number, number][] };
}
export interface Collection<P> {
  type: 'FeatureCollection';
  features: Feature<P>[];
}

/**
 * The fog layer: one square per 1 km cell under 1,000 m at the chosen lead,
 * coloured by band. Clear cells are left out so the map stays readable.
 */
export function fogCells(n: FogNowcastView, leadIndex: number): Collection<{ vis: number; colour: string }> {
  const field = n.fields[leadIndex] ?? [];
  const f = n.frame;
  const features: Feature<{ vis: number; colour: string }>[] = [];
  for (let j = 0; j < f.ny; j++)
    for (let i = 0; i < f.nx; i++) {
      const vis = field[j * f.nx + i] ?? 30_000;
      const band = bandOf(vis);
      if (!band) continue;
      const x0 = i * f.cellKm;
      const y0 = j * f.cellKm;
      const ring = [
        fromFrame(f, x0, y0),
        fromFrame(f, x0 + f.cellKm, y0),
        fromFrame(f, x0 + f.cellKm, y0 + f.cellKm),
        fromFrame(f, x0, y0 + f.cellKm),
        fromFrame(f, x0, y0),
      ] as [number, number][];
      features.push({
        type: 'Feature',
        properties: { vis, colour: band.colour },
        geometry: { type: 'Polygon', coordinates: [ring] },
      });
    }
  return { type: 'FeatureCollection', features };
}

export function warningAreas(ws: readonly FogWarningView[]): Collection<{ id: string; grade: string; colour: string }> {
  return {
    type: 'FeatureCollection',
    features: ws.map((w) => ({
      type: 'Feature',
      properties: { id: w.id, grade: w.grade, colour: GRADE_COLOUR[w.grade] },
      geometry: { type: 'Polygon', coordinates: [w.polygon] },
    })),
  };
}

/** The frame's corners, for fitting the map. */
export function frameBounds(n: FogNowcastView): [[number, number], [number, number]] {
  const f = n.frame;
  return [fromFrame(f, 0, 0) as [number, number], fromFrame(f, f.nx * f.cellKm, f.ny * f.cellKm) as [number, number]];
}
