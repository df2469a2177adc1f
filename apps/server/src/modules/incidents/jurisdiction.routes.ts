import { createHash } from 'node:crypto';
import { JurisdictionOutline } from '@fengqiao/contracts';
import type { PolygonGeometry } from '@fengqiao/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../platform/errors';
import type { Platform } from '../../platform/platform';

export interface OutlineDeps {
  platform: Platform;
  stations: () => Promise<
    { id: string; code: string; name: string; name_en: string | null; boundary: PolygonGeometry | null }[]
  >;
  grids: (stationId: string) => Promise<{ code: string; name: string; geometry: PolygonGeometry }[]>;
}

/** Seconds a browser or proxy may reuse the outline; the grid editor's changes show within this. */
const MAX_AGE_S = 300;

function bboxOf(geometries: PolygonGeometry[]): [number, number, number, number] | null {
  let box: [number, number, number, number] | null = null;
  for (const g of geometries) {
    const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    for (const ring of polygons.flat()) {
      for (const [x, y] of ring as [number, number][]) {
        box = box ? [Math.min(box[0], x), Math.min(box[1], y), Math.max(box[2], x), Math.max(box[3], y)] : [x, y, x, y];
      }
    }
  }
  return box;
}

/**
 * `GET /api/report/jurisdiction`: the station's boundary and its grids'
 * outlines and names for the residents' report map. Public and without
 * personal data (no officers, no incidents), so it is cached: in this
 * process for a minute, and by browsers and proxies for five (with an ETag
 * for cheap revalidation).
 */
export function jurisdictionRoutes(d: OutlineDeps): FastifyPluginAsyncZod {
  const memo = new Map<string, { at: number; body: JurisdictionOutline; etag: string }>();
  const outline = async (code: string | undefined) => {
    const now = d.platform.clock.now().getTime();
    const key = code ?? '';
    const hit = memo.get(key);
    if (hit && now - hit.at < 60_000) return hit;
    const stations = await d.stations();
    const station = code ? stations.find((s) => s.code === code) : stations.length === 1 ? stations[0] : undefined;
    if (!station) return null;
    const grids = await d.grids(station.id);
    const body: JurisdictionOutline = {
      stationCode: station.code,
      stationName: station.name,
      stationNameEn: station.name_en,
      boundary: station.boundary,
      grids: grids.map((g) => ({ code: g.code, name: g.name, geometry: g.geometry })),
      bbox: bboxOf(station.boundary ? [station.boundary] : grids.map((g) => g.geometry)),
    };
    const etag = `"${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 27)}"`;
    const entry = { at: now, body, etag };
    memo.set(key, entry);
    return entry;
  };

  return async (app) => {
    app.get(
      '/api/report/jurisdiction',
      {
        config: { policy: 'public', rateLimit: { max: 120, timeWindow: '1 minute' } },
        schema: {
          querystring: z.object({ jurisdiction_id: z.string().trim().min(1).max(32).optional() }),
          response: { 200: JurisdictionOutline, 304: z.null() },
        },
      },
      async (req, reply) => {
        const found = await outline(req.query.jurisdiction_id);
        if (!found) throw notFound('jurisdiction');
        reply.header('cache-control', `public, max-age=${MAX_AGE_S}`).header('etag', found.etag);
        if (req.headers['if-none-match'] === found.etag) return reply.status(304).send(null);
        return found.body;
      },
    );
  };
}
