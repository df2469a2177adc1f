import type {
  GridDetail,
  GridImportResult,
  GridView,
  LookupResult,
  PersonRef,
  PlaceView,
  TownMap,
  UnitView,
} from '@fengqiao/contracts';
import {
  areaM2,
  bboxOf,
  type CrsName,
  centroidOf,
  gridsToFeatureCollection,
  type PolygonGeometry,
  validateGridCollection,
} from '@fengqiao/domain';
import { fieldError, forbidden, notFound } from '../../platform/errors';
import type { Ctx, Platform } from '../../platform/platform';
import type { PersonnelService } from '../personnel';
import { canEditGrids, canSeeUnitMembers, canViewStation } from './geo.policy';
import {
  communityNamesByGrid,
  type GridRow,
  type GridWrite,
  getGrid,
  getStation,
  insertGrid,
  listGrids,
  listPlaces,
  listRoads,
  listUnits,
  placeCountsByGrid,
  setGridOfficer,
  type UnitRow,
  updateGridShape,
} from './geo.repository';
import type { GridLookupService } from './grid-lookup.service';

export class GeoService {
  constructor(
    private readonly p: Platform,
    private readonly personnel: PersonnelService,
    private readonly lookupService: GridLookupService,
  ) {}

  private stationOf(ctx: Ctx): string {
    const id = ctx.actor.stationId;
    if (!id || !canViewStation(ctx.actor, id)) throw forbidden('no station in scope');
    return id;
  }

  private async views(ctx: Ctx, grids: GridRow[], units: UnitRow[]) {
    const personIds = [
      ...grids.flatMap((g) => (g.officer_person_id ? [g.officer_person_id] : [])),
      ...units.flatMap((u) => [
        ...(u.leader_person_id ? [u.leader_person_id] : []),
        ...u.members.map((m) => m.personId),
      ]),
    ];
    const refs = await this.personnel.refs(personIds);
    const ref = (id: string | null): PersonRef | null => (id ? (refs.get(id) ?? null) : null);
    const communities = grids[0]
      ? await communityNamesByGrid(this.p.db, grids[0].station_id)
      : new Map<string, string[]>();
    const gridCode = new Map(grids.map((g) => [g.id, g.code]));
    const unitCount = new Map<string, number>();
    for (const u of units) unitCount.set(u.grid_id, (unitCount.get(u.grid_id) ?? 0) + 1);
    const gridViews: GridView[] = grids.map((g) => ({
      id: g.id,
      code: g.code,
      name: g.name,
      kind: g.kind,
      officer: ref(g.officer_person_id),
      unitCount: unitCount.get(g.id) ?? 0,
      areaKm2: Math.round(g.area_m2 / 10_000) / 100,
      centroid: [g.centroid_lng, g.centroid_lat],
      communities: communities.get(g.id) ?? [],
      geometry: g.geometry,
      version: g.version,
    }));
    const unitViews: UnitView[] = units.map((u) => ({
      id: u.id,
      code: u.code,
      name: u.name,
      gridId: u.grid_id,
      gridCode: gridCode.get(u.grid_id) ?? '',
      leader: ref(u.leader_person_id),
      members: canSeeUnitMembers(ctx.actor, u.grid_id)
        ? u.members.map((m) => {
            const r = refs.get(m.personId);
            return { personId: m.personId, name: r?.name ?? '', role: m.role, phone: r?.phone ?? null };
          })
        : [],
    }));
    return { gridViews, unitViews };
  }

  async townMap(ctx: Ctx): Promise<TownMap> {
    const stationId = this.stationOf(ctx);
    const station = await getStation(this.p.db, stationId);
    if (!station) throw notFound('station');
    const [grids, units, roads] = await Promise.all([
      listGrids(this.p.db, stationId),
      listUnits(this.p.db, stationId),
      listRoads(this.p.db, stationId),
    ]);
    const { gridViews, unitViews } = await this.views(ctx, grids, units);
    await this.p.audit.record(ctx.audit, {
      action: 'map.read',
      resourceType: 'station',
      resourceId: stationId,
      details: { grids: grids.length, units: units.length },
    });
    return {
      station: {
        id: station.id,
        name: station.name,
        nameEn: station.name_en,
        center: [station.center_lng ?? 0, station.center_lat ?? 0],
      },
      boundary: station.boundary,
      grids: gridViews,
      units: unitViews,
      roads: roads.map((r) => ({ id: r.id, name: r.name, kind: r.kind, line: r.line })),
    };
  }

  async gridDetail(ctx: Ctx, gridId: string): Promise<GridDetail> {
    const grid = await getGrid(this.p.db, gridId);
    if (!grid || !canViewStation(ctx.actor, grid.station_id)) throw notFound('grid');
    const units = await listUnits(this.p.db, grid.station_id, grid.id);
    const { gridViews, unitViews } = await this.views(ctx, [grid], units);
    const view = gridViews[0];
    if (!view) throw notFound('grid');
    await this.p.audit.record(ctx.audit, { action: 'grid.read', resourceType: 'grid', resourceId: grid.id });
    return { ...view, units: unitViews, placeCounts: await placeCountsByGrid(this.p.db, grid.id) };
  }

  async places(ctx: Ctx, kind?: string, gridId?: string) {
    const stationId = this.stationOf(ctx);
    const rows = await listPlaces(this.p.db, stationId, kind, gridId);
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind as PlaceView['kind'],
      name: r.name,
      gridId: r.grid_id,
      point: [r.lng, r.lat] as [number, number],
      polygon: r.polygon,
      attributes: r.attributes,
    }));
  }

  async lookup(ctx: Ctx, lng: number, lat: number, crs: CrsName): Promise<LookupResult> {
    const hit = await this.lookupService.lookup(lng, lat, crs);
    const grid = hit.grid && hit.grid.station_id === ctx.actor.stationId ? hit.grid : null;
    if (!grid) return { point: hit.point, inside: false, grid: null, officer: null, units: [] };
    const units = await listUnits(this.p.db, grid.station_id, grid.id);
    const refs = await this.personnel.refs(grid.officer_person_id ? [grid.officer_person_id] : []);
    return {
      point: hit.point,
      inside: true,
      grid: { id: grid.id, code: grid.code, name: grid.name, kind: grid.kind },
      officer: grid.officer_person_id ? (refs.get(grid.officer_person_id) ?? null) : null,
      units: units.map((u) => ({ id: u.id, code: u.code, name: u.name })),
    };
  }

  async exportGrids(ctx: Ctx): Promise<ReturnType<typeof gridsToFeatureCollection>> {
    const stationId = this.stationOf(ctx);
    const grids = await listGrids(this.p.db, stationId);
    const refs = await this.personnel.refs(grids.flatMap((g) => (g.officer_person_id ? [g.officer_person_id] : [])));
    await this.p.audit.record(ctx.audit, {
      action: 'grid.export',
      resourceType: 'station',
      resourceId: stationId,
      details: { grids: grids.length },
    });
    return gridsToFeatureCollection(
      grids.map((g) => {
        const badge = g.officer_person_id ? refs.get(g.officer_person_id)?.badgeNo : undefined;
        return {
          code: g.code,
          name: g.name,
          kind: g.kind,
          geometry: g.geometry,
          ...(badge ? { officerBadge: badge } : {}),
        };
      }),
    );
  }

  /**
   * Creates or reshapes grids from a GeoJSON FeatureCollection, matched by
   * code. Checks the file together with the grids it leaves untouched, so a
   * new shape cannot overlap an existing grid; all or nothing.
   */
  async importGrids(ctx: Ctx, input: unknown, crs: CrsName, dryRun: boolean): Promise<GridImportResult> {
    const stationId = ctx.actor.stationId;
    if (!stationId || !canEditGrids(ctx.actor, stationId))
      throw forbidden('only station leaders edit grids', 'only_leaders');
    const first = validateGridCollection(input, { crs });
    const empty = { created: 0, updated: 0, unchanged: 0 };
    if (!first.ok) {
      await this.p.audit.record(ctx.audit, {
        action: 'grid.import',
        outcome: 'failed',
        details: { errors: first.errors.length },
      });
      return { ok: false, dryRun, ...empty, errors: first.errors };
    }
    const existing = await listGrids(this.p.db, stationId);
    const fileCodes = new Set(first.grids.map((g) => g.code));
    const untouched = existing.filter((g) => !fileCodes.has(g.code));
    const merged = gridsToFeatureCollection([
      ...first.grids.map((g) => ({ code: g.code, name: g.name, geometry: g.geometry })),
      ...untouched.map((g) => ({ code: g.code, name: g.name, geometry: g.geometry })),
    ]);
    const second = validateGridCollection(merged);
    const fileCount = first.grids.length;
    const codeAt = (i: number) => (i < fileCount ? first.grids[i]?.code : untouched[i - fileCount]?.code) ?? '?';
    const errors: { index: number | null; code: string; message: string; path: string }[] = [];
    // Problems between two existing grids are not this file's fault; anything touching a file grid is.
    for (const e of second.ok ? [] : second.errors) {
      const pair = [e.index, e.other].filter((i): i is number => typeof i === 'number');
      const mine = pair.find((i) => i < fileCount);
      if (mine === undefined) continue;
      const fileIndex = first.grids[mine]?.index ?? mine;
      const theirs = pair.find((i) => i !== mine);
      errors.push({
        index: fileIndex,
        code: e.code,
        path: `features[${fileIndex}]`,
        message:
          e.code === 'overlap' && theirs !== undefined
            ? `grid ${codeAt(mine)} overlaps ${theirs < fileCount ? 'grid' : 'existing grid'} ${codeAt(theirs)}`
            : e.message,
      });
    }
    const badges = new Map<string, string | null>();
    for (const g of first.grids) {
      if (g.officerBadge) badges.set(g.code, await this.personnel.findStaffByBadge(stationId, g.officerBadge));
    }
    first.grids.forEach((g) => {
      if (g.officerBadge && !badges.get(g.code)) {
        errors.push({
          index: g.index,
          code: 'unknown_officer',
          message: `grid ${g.code}: no officer with badge ${g.officerBadge}`,
          path: `features[${g.index}].properties.officerBadge`,
        });
      }
    });
    if (errors.length > 0) {
      await this.p.audit.record(ctx.audit, {
        action: 'grid.import',
        outcome: 'failed',
        details: { errors: errors.length },
      });
      return { ok: false, dryRun, ...empty, errors };
    }
    const byCode = new Map(existing.map((g) => [g.code, g]));
    const counts = { ...empty };
    const changedIds: string[] = [];
    await this.p.db.tx(async (tx) => {
      const now = this.p.clock.now();
      for (const g of first.grids) {
        const write: GridWrite = {
          code: g.code,
          name: g.name,
          kind: g.kind ?? byCode.get(g.code)?.kind ?? 'urban',
          officerPersonId: badges.get(g.code) ?? null,
          geometry: g.geometry,
          bbox: bboxOf(g.geometry),
          centroid: centroidOf(g.geometry),
          areaM2: areaM2(g.geometry),
        };
        const prior = byCode.get(g.code);
        if (!prior) {
          if (!dryRun) changedIds.push(await insertGrid(tx, stationId, write));
          counts.created += 1;
        } else if (
          JSON.stringify(prior.geometry) === JSON.stringify(g.geometry) &&
          prior.name === g.name &&
          (!write.officerPersonId || write.officerPersonId === prior.officer_person_id) &&
          write.kind === prior.kind
        ) {
          counts.unchanged += 1;
        } else {
          if (!dryRun) await updateGridShape(tx, prior.id, write, now);
          changedIds.push(prior.id);
          counts.updated += 1;
        }
      }
      if (dryRun) return;
      await this.p.audit.record(
        ctx.audit,
        { action: 'grid.import', resourceType: 'station', resourceId: stationId, details: counts },
        tx,
      );
      tx.afterCommit(() => this.afterGridChange(stationId, changedIds));
    });
    return { ok: true, dryRun, ...counts, errors: [] };
  }

  async assignOfficer(ctx: Ctx, gridId: string, officerPersonId: string | null, reason: string): Promise<GridView> {
    const grid = await getGrid(this.p.db, gridId);
    if (!grid || !canViewStation(ctx.actor, grid.station_id)) throw notFound('grid');
    if (!canEditGrids(ctx.actor, grid.station_id))
      throw forbidden('only station leaders reassign grid officers', 'only_leaders');
    if (officerPersonId) {
      const person = await this.personnel.kindOf(officerPersonId);
      if (!person || person.station_id !== grid.station_id || person.kind !== 'officer') {
        throw fieldError(
          'body.officerPersonId',
          'not_an_officer',
          'the grid officer must be a police officer of this station',
        );
      }
    }
    await this.p.db.tx(async (tx) => {
      await setGridOfficer(tx, gridId, officerPersonId, this.p.clock.now());
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'grid.assign_officer',
          resourceType: 'grid',
          resourceId: gridId,
          purpose: reason,
          details: { from: grid.officer_person_id, to: officerPersonId },
        },
        tx,
      );
      tx.afterCommit(() => this.afterGridChange(grid.station_id, [gridId]));
    });
    const detail = await this.gridDetail(ctx, gridId);
    const { units: _u, placeCounts: _p, ...view } = detail;
    return view;
  }

  private async afterGridChange(stationId: string, gridIds: string[]): Promise<void> {
    this.lookupService.invalidate();
    this.p.sessions.invalidateJurisdiction();
    const grids = await listGrids(this.p.db, stationId);
    for (const g of grids.filter((x) => gridIds.includes(x.id))) {
      await this.p.bus.publish({
        topic: 'grids.changed',
        payload: { gridId: g.id, version: g.version },
        scope: { stationId },
        at: this.p.clock.now().toISOString(),
      });
    }
  }
}

export type { PolygonGeometry };
