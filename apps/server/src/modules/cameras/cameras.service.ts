import {
  type CameraDetail,
  CameraInput,
  type CameraSummary,
  RuleInput,
  type RuleSpec,
  type ShapeInput,
} from '@fengqiao/contracts';
import type { z } from 'zod';
import type { Queryable } from '../../platform/db/db';
import { isForeignKeyViolation } from '../../platform/db/db-errors';
import { AppError, conflict, fieldError, notFound } from '../../platform/errors';
import { storeFile } from '../../platform/files/files.service';
import type { Ctx, Platform } from '../../platform/platform';
import { reaches, reachOf } from './cameras.policy';
import {
  bumpConfig,
  type CameraFields,
  type CameraRow,
  categoryExists,
  disableRule,
  events24h,
  getCamera,
  getRule,
  insertCamera,
  insertRule,
  listCameras,
  replaceShapes,
  rulesOf,
  type ShapeRow,
  setSnapshot,
  shapesOf,
  updateCamera,
  updateRule,
} from './cameras.repository';
import type { CamerasDeps } from './deps';
import { TEMPLATES } from './templates';
import { cameraSummary, ruleView, shapeView } from './views';

export const SNAPSHOT_MAX_BYTES = 4 * 1024 * 1024;

/** The registry: cameras, the shapes drawn on their snapshot, and the rules built from them. */
export class CamerasService {
  constructor(
    private readonly p: Platform,
    private readonly deps: CamerasDeps,
  ) {}

  templates() {
    return TEMPLATES;
  }

  async list(ctx: Ctx): Promise<CameraSummary[]> {
    const reach = reachOf(ctx.actor);
    const rows = await listCameras(this.p.db, reach.stationId, reach.gridIds);
    const ids = rows.map((c) => c.id);
    const now = this.p.clock.now();
    const [rules, counts, codes] = await Promise.all([
      rulesOf(this.p.db, ids),
      events24h(this.p.db, ids, new Date(now.getTime() - 86_400_000)),
      this.deps.gridCodes(reach.stationId),
    ]);
    return rows.map((c) =>
      cameraSummary(
        c,
        c.grid_id ? (codes.get(c.grid_id) ?? null) : null,
        rules.filter((r) => r.camera_id === c.id && r.enabled).length,
        counts.get(c.id) ?? 0,
        now,
      ),
    );
  }

  /** A camera the caller may see, or 404. */
  async visible(ctx: Ctx, id: string, q: Queryable = this.p.db): Promise<CameraRow> {
    const c = await getCamera(q, id);
    if (!c || !reaches(reachOf(ctx.actor), c)) throw notFound('camera');
    return c;
  }

  async detail(ctx: Ctx, id: string): Promise<CameraDetail> {
    const c = await this.visible(ctx, id);
    const now = this.p.clock.now();
    const [shapes, rules, counts, codes] = await Promise.all([
      shapesOf(this.p.db, [id]),
      rulesOf(this.p.db, [id]),
      events24h(this.p.db, [id], new Date(now.getTime() - 86_400_000)),
      this.deps.gridCodes(c.station_id),
    ]);
    const summary = cameraSummary(
      c,
      c.grid_id ? (codes.get(c.grid_id) ?? null) : null,
      rules.filter((r) => r.enabled).length,
      counts.get(id) ?? 0,
      now,
    );
    return { ...summary, ruleCount: summary.rules, shapes: shapes.map(shapeView), rules: rules.map(ruleView) };
  }

  private async fields(
    stationId: string,
    input: z.infer<typeof CameraInput>,
  ): Promise<{ f: CameraFields; gridId: string | null }> {
    const found = await this.deps.lookup.lookup(input.lng, input.lat);
    const gridId = found.grid && found.grid.station_id === stationId ? found.grid.id : null;
    return { f: input, gridId };
  }

  async create(ctx: Ctx, raw: z.input<typeof CameraInput>): Promise<CameraDetail> {
    const reach = reachOf(ctx.actor);
    const input = CameraInput.parse(raw);
    const { f, gridId } = await this.fields(reach.stationId, input);
    const now = this.p.clock.now();
    const id = await this.p.db.tx(async (tx) => {
      const newId = await insertCamera(tx, reach.stationId, f, gridId, now).catch(unknownPlace);
      if (!newId) throw fieldError('body.code', 'duplicate', `camera code ${f.code} is taken`);
      await this.p.audit.record(
        ctx.audit,
        { action: 'camera.create', resourceType: 'camera', resourceId: newId, details: { code: f.code, gridId } },
        tx,
      );
      return newId;
    });
    return this.detail(ctx, id);
  }

  async update(ctx: Ctx, id: string, version: number, raw: z.input<typeof CameraInput>): Promise<CameraDetail> {
    const c = await this.visible(ctx, id);
    const input = CameraInput.parse(raw);
    const { f, gridId } = await this.fields(c.station_id, input);
    await this.p.db.tx(async (tx) => {
      if (!(await updateCamera(tx, id, version, f, gridId, this.p.clock.now()).catch(unknownPlace))) {
        const again = await getCamera(tx, id);
        if (again && again.version !== version)
          throw conflict('the camera was changed by someone else', 'stale_version');
        throw fieldError('body.code', 'duplicate', `camera code ${f.code} is taken`);
      }
      await this.p.audit.record(
        ctx.audit,
        { action: 'camera.update', resourceType: 'camera', resourceId: id, details: { enabled: f.enabled, gridId } },
        tx,
      );
    });
    return this.detail(ctx, id);
  }

  /** Replaces the shapes; a shape a rule still uses may not disappear. */
  async saveShapes(ctx: Ctx, id: string, shapes: (ShapeInput & { id?: string | undefined })[]): Promise<CameraDetail> {
    await this.visible(ctx, id);
    await this.p.db.tx(async (tx) => {
      const existing = new Set((await shapesOf(tx, [id])).map((s) => s.id));
      shapes.forEach((s, i) => {
        if (s.id && !existing.has(s.id))
          throw fieldError(`body.shapes.${i}.id`, 'unknown_shape', 'no such shape on this camera');
      });
      const kept = new Set(shapes.flatMap((s) => (s.id ? [s.id] : [])));
      for (const r of await rulesOf(tx, [id])) {
        if (!r.enabled) continue;
        for (const ref of [r.spec.zoneId, r.spec.lineId, r.spec.secondLineId])
          if (ref && !kept.has(ref))
            throw conflict(`rule "${r.name}" uses a shape that would be removed`, 'shape_in_use');
      }
      await replaceShapes(tx, id, shapes);
      await bumpConfig(tx, id, this.p.clock.now());
      await this.p.audit.record(
        ctx.audit,
        { action: 'camera.shapes', resourceType: 'camera', resourceId: id, details: { count: shapes.length } },
        tx,
      );
    });
    return this.detail(ctx, id);
  }

  private checkRefs(spec: RuleSpec, shapes: ShapeRow[]) {
    const byId = new Map(shapes.map((s) => [s.id, s]));
    const need = (field: 'zoneId' | 'lineId' | 'secondLineId', kind: 'zone' | 'line') => {
      const ref = spec[field];
      if (ref === null) return;
      const s = byId.get(ref);
      if (!s || s.kind !== kind)
        throw fieldError(`body.spec.${field}`, `unknown_${kind}`, `no such ${kind} on this camera`);
    };
    need('zoneId', 'zone');
    need('lineId', 'line');
    need('secondLineId', 'line');
    if (spec.secondLineId !== null && spec.secondLineId === spec.lineId)
      throw fieldError('body.spec.secondLineId', 'same_line', 'the two speed lines must differ');
  }

  async saveRule(ctx: Ctx, cameraId: string, ruleId: string | null, raw: z.input<typeof RuleInput>) {
    await this.visible(ctx, cameraId);
    const input = RuleInput.parse(raw);
    if (!(await categoryExists(this.p.db, input.categoryCode)))
      throw fieldError('body.categoryCode', 'unknown_category', `unknown category ${input.categoryCode}`);
    const now = this.p.clock.now();
    const id = await this.p.db.tx(async (tx) => {
      this.checkRefs(input.spec, await shapesOf(tx, [cameraId]));
      let rid = ruleId;
      if (rid) {
        const existing = await getRule(tx, rid);
        if (!existing || existing.camera_id !== cameraId) throw notFound('rule');
        await updateRule(tx, rid, input, now);
      } else rid = await insertRule(tx, cameraId, input, ctx.actor.userId, now);
      await bumpConfig(tx, cameraId, now);
      await this.p.audit.record(
        ctx.audit,
        {
          action: ruleId ? 'camera_rule.update' : 'camera_rule.create',
          resourceType: 'camera_rule',
          resourceId: rid,
          details: { cameraId, kind: input.spec.kind, template: input.template },
        },
        tx,
      );
      return rid;
    });
    const rule = await getRule(this.p.db, id);
    if (!rule) throw notFound('rule');
    return ruleView(rule);
  }

  async removeRule(ctx: Ctx, cameraId: string, ruleId: string): Promise<void> {
    await this.visible(ctx, cameraId);
    const rule = await getRule(this.p.db, ruleId);
    if (!rule || rule.camera_id !== cameraId) throw notFound('rule');
    await this.p.db.tx(async (tx) => {
      const now = this.p.clock.now();
      await disableRule(tx, ruleId, now);
      await bumpConfig(tx, cameraId, now);
      await this.p.audit.record(
        ctx.audit,
        { action: 'camera_rule.disable', resourceType: 'camera_rule', resourceId: ruleId },
        tx,
      );
    });
  }

  async uploadSnapshot(ctx: Ctx, cameraId: string, bytes: Buffer): Promise<void> {
    const c = await this.visible(ctx, cameraId);
    await this.p.db.tx(async (tx) => {
      const now = this.p.clock.now();
      const f = await storeFile(tx, bytes, {
        stationId: c.station_id,
        purpose: 'camera_snapshot',
        createdBy: ctx.actor.userId,
        allowed: ['image/jpeg', 'image/png'],
        maxBytes: SNAPSHOT_MAX_BYTES,
        field: 'snapshot',
        now,
      });
      await setSnapshot(tx, cameraId, f.id, now);
      await this.p.audit.record(
        ctx.audit,
        { action: 'camera.snapshot', resourceType: 'camera', resourceId: cameraId, details: { sha256: f.sha256 } },
        tx,
      );
    });
  }

  async snapshotFileId(ctx: Ctx, cameraId: string): Promise<string> {
    const c = await this.visible(ctx, cameraId);
    if (!c.snapshot_file_id) throw new AppError('not_found', 'this camera has no snapshot yet');
    return c.snapshot_file_id;
  }
}

/** A place id that names no place is the caller's mistake (400 on the field), not a server error. */
function unknownPlace(e: unknown): never {
  if (isForeignKeyViolation(e, 'cameras_place_id_fkey'))
    throw fieldError('body.placeId', 'unknown_place', 'no such place');
  throw e;
}
