import { type CrsName, GridIndex, toWgs84 } from '@fengqiao/domain';
import type { Db } from '../../platform/db/db';
import { allGrids, type GridRow } from './geo.repository';

export interface LookupHit {
  grid: GridRow;
  point: [number, number];
}

/**
 * Point → grid for every module that receives a location. Holds one
 * in-memory spatial index over all grids; it is rebuilt when a grid changes
 * on this node (invalidate) or, for changes made on other nodes, when a cheap
 * fingerprint query (count and version sum) shows the table moved.
 */
export class GridLookupService {
  private index: GridIndex<GridRow> | null = null;
  private fingerprint = '';
  private checkedAt = 0;
  private building: Promise<GridIndex<GridRow>> | null = null;

  constructor(
    private readonly db: Db,
    private readonly recheckMs = 30_000,
  ) {}

  invalidate(): void {
    this.index = null;
  }

  async lookup(
    lng: number,
    lat: number,
    crs: CrsName = 'WGS84',
  ): Promise<LookupHit | { grid: null; point: [number, number] }> {
    const point = toWgs84([lng, lat], crs) as [number, number];
    const index = await this.current();
    const grid = index.lookup(point[0], point[1]);
    return grid ? { grid, point } : { grid: null, point };
  }

  private async current(): Promise<GridIndex<GridRow>> {
    const now = Date.now();
    if (this.index && now - this.checkedAt < this.recheckMs) return this.index;
    const fp = await this.db.query<{ fp: string }>(
      `SELECT count(*)::text || ':' || coalesce(sum(version), 0)::text AS fp FROM grids`,
    );
    const fingerprint = fp.rows[0]?.fp ?? '';
    this.checkedAt = now;
    if (this.index && fingerprint === this.fingerprint) return this.index;
    this.building ??= (async () => {
      const grids = await allGrids(this.db);
      const index = new GridIndex(grids.map((g) => ({ key: g, geometry: g.geometry })));
      this.index = index;
      this.fingerprint = fingerprint;
      return index;
    })().finally(() => {
      this.building = null;
    });
    return this.building;
  }
}
