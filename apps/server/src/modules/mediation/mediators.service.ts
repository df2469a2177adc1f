import type { MediatorUpsert, MediatorView } from '@fengqiao/contracts';
import { type MatchCandidate, parseCreditCode } from '@fengqiao/domain';
import type { Queryable } from '../../platform/db/db';
import { badRequest, fieldError, forbidden, notFound } from '../../platform/errors';
import type { Ctx, Platform } from '../../platform/platform';
import type { MediationConfig } from './config.service';
import type { GridDirectory, MediationDeps } from './deps';
import {
  deleteConflict,
  deleteUnavailability,
  getMediator,
  insertConflict,
  insertUnavailability,
  listConflicts,
  listMediators,
  listUnavailability,
  type MediatorRow,
  mediatorStats,
  upsertMediator,
} from './mediators.repository';
import { CREDIT_CODE_MESSAGES } from './parties';
import { localDate } from './views';

/**
 * The mediator pool (民调入所): registration of mediators with their kind,
 * specialties by category, levels served, grids and villages they know, load
 * cap, weekly availability and leave, and the relationships that create a
 * conflict of interest. Conflicts are shown only to those who dispatch
 * (disputes.coordinate) or manage the pool.
 */
export class MediatorsService {
  constructor(
    private readonly p: Platform,
    private readonly deps: MediationDeps,
    private readonly grids: GridDirectory,
    private readonly config: MediationConfig,
  ) {}

  private station(ctx: Ctx): string {
    if (!ctx.actor.stationId) throw forbidden('your account belongs to no station');
    return ctx.actor.stationId;
  }

  private seesConflicts(ctx: Ctx): boolean {
    return ctx.actor.permissions.has('mediators.manage') || ctx.actor.permissions.has('disputes.coordinate');
  }

  /** Everything matching needs about these mediators, read in `q` (the assignment's transaction when locking). */
  async candidates(q: Queryable, rows: MediatorRow[], on: string): Promise<MatchCandidate[]> {
    const ids = rows.map((r) => r.person_id);
    const [stats, conflicts, leave] = await Promise.all([
      mediatorStats(q, ids),
      listConflicts(q, ids),
      listUnavailability(q, ids, on),
    ]);
    return rows.map((m) => {
      const s = stats.get(m.person_id) ?? { load: 0, decided: 0, succeeded: 0 };
      return {
        id: m.person_id,
        name: m.name,
        kind: m.kind,
        specialties: m.specialties,
        levels: m.levels,
        commercial: m.commercial,
        gridIds: m.grid_ids,
        villages: m.villages,
        maxLoad: m.max_load,
        load: s.load,
        active: m.active,
        weekdays: m.weekdays,
        unavailable: leave
          .filter((u) => u.mediator_id === m.person_id)
          .map((u) => ({ from: u.from_date, to: u.to_date })),
        decided: s.decided,
        succeeded: s.succeeded,
        conflicts: conflicts
          .filter((c) => c.mediator_id === m.person_id)
          .map((c) => ({
            name: c.subject_name,
            idBidx: c.id_number_bidx,
            creditCode: c.credit_code,
            relation: c.relation,
          })),
      };
    });
  }

  private async views(ctx: Ctx, rows: MediatorRow[]): Promise<MediatorView[]> {
    const ids = rows.map((r) => r.person_id);
    const today = localDate(this.p.clock.now());
    const [stats, conflicts, leave, refs] = await Promise.all([
      mediatorStats(this.p.db, ids),
      this.seesConflicts(ctx) ? listConflicts(this.p.db, ids) : Promise.resolve([]),
      listUnavailability(this.p.db, ids, today),
      this.deps.personnel.refs(ids),
    ]);
    return rows.map((m) => {
      const s = stats.get(m.person_id) ?? { load: 0, decided: 0, succeeded: 0 };
      return {
        id: m.person_id,
        name: m.name,
        title: m.title,
        phone: refs.get(m.person_id)?.phone ?? null,
        kind: m.kind as MediatorView['kind'],
        specialties: m.specialties,
        levels: m.levels,
        commercial: m.commercial,
        gridIds: m.grid_ids,
        villages: m.villages,
        maxLoad: m.max_load,
        load: s.load,
        weekdays: m.weekdays,
        active: m.active,
        note: m.note,
        decided: s.decided,
        succeeded: s.succeeded,
        unavailable: leave
          .filter((u) => u.mediator_id === m.person_id)
          .map((u) => ({ id: u.id, from: u.from_date, to: u.to_date, reason: u.reason })),
        conflicts: conflicts
          .filter((c) => c.mediator_id === m.person_id)
          .map((c) => ({
            id: c.id,
            subjectKind: c.subject_kind,
            name: c.subject_name,
            idNumber: c.id_number_masked,
            creditCode: c.credit_code,
            relation: c.relation,
          })),
        version: m.version,
      };
    });
  }

  async list(
    ctx: Ctx,
    f: {
      kind?: string | undefined;
      specialty?: string | undefined;
      gridId?: string | undefined;
      commercial?: 'true' | 'false' | undefined;
      active?: 'true' | 'false' | undefined;
    },
  ): Promise<MediatorView[]> {
    const rows = await listMediators(this.p.db, this.station(ctx), {
      ...(f.kind ? { kind: f.kind } : {}),
      ...(f.specialty ? { specialty: f.specialty } : {}),
      ...(f.gridId ? { gridId: f.gridId } : {}),
      ...(f.commercial ? { commercial: f.commercial === 'true' } : {}),
      ...(f.active ? { active: f.active === 'true' } : {}),
    });
    await this.p.audit.record(ctx.audit, {
      action: 'mediator.list',
      resourceType: 'mediator',
      details: { count: rows.length, filter: f },
    });
    return this.views(ctx, rows);
  }

  async get(ctx: Ctx, personId: string, audit = true): Promise<MediatorView> {
    const row = await getMediator(this.p.db, personId);
    if (!row || row.station_id !== ctx.actor.stationId) throw notFound('mediator');
    if (audit)
      await this.p.audit.record(ctx.audit, { action: 'mediator.read', resourceType: 'mediator', resourceId: personId });
    const [view] = await this.views(ctx, [row]);
    if (!view) throw notFound('mediator');
    return view;
  }

  /** Takes a person of kind 'mediator' into the pool, or updates their entry. */
  async upsert(ctx: Ctx, personId: string, body: MediatorUpsert): Promise<MediatorView> {
    const stationId = this.station(ctx);
    const kind = await this.deps.personnel.kindOf(personId);
    if (!kind || kind.station_id !== stationId) throw notFound('person');
    if (kind.kind !== 'mediator')
      throw fieldError('params.personId', 'not_a_mediator', 'only people registered as mediators join the pool');
    const cfg = await this.config.get();
    const grids = await this.grids.of(stationId);
    const errors = [
      ...body.specialties
        .map((s, i) => ({ s, i }))
        .filter(({ s }) => !cfg.categories.has(s))
        .map(({ s, i }) => ({ path: `body.specialties.${i}`, code: 'unknown_category', message: `no category ${s}` })),
      ...body.gridIds
        .map((g, i) => ({ g, i }))
        .filter(({ g }) => !grids.byId.has(g))
        .map(({ i }) => ({ path: `body.gridIds.${i}`, code: 'unknown_grid', message: 'no such grid in your station' })),
    ];
    if (errors.length > 0) throw badRequest(errors[0]?.message ?? 'invalid mediator', errors);
    const ref = (await this.deps.personnel.refs([personId])).get(personId);
    await this.p.db.tx(async (tx) => {
      const before = await getMediator(tx, personId, true);
      const version = await upsertMediator(tx, {
        personId,
        stationId,
        name: ref?.name ?? before?.name ?? '',
        title: before?.title ?? null,
        kind: body.kind,
        specialties: [...new Set(body.specialties)],
        levels: [...new Set(body.levels)].sort(),
        commercial: body.commercial,
        gridIds: [...new Set(body.gridIds)],
        villages: [...new Set(body.villages)],
        maxLoad: body.maxLoad,
        weekdays: [...new Set(body.weekdays)].sort(),
        active: body.active,
        note: body.note ?? null,
        now: this.p.clock.now(),
      });
      await this.p.audit.record(
        ctx.audit,
        {
          action: before ? 'mediator.update' : 'mediator.register',
          resourceType: 'mediator',
          resourceId: personId,
          details: {
            version,
            kind: body.kind,
            specialties: body.specialties,
            levels: body.levels,
            maxLoad: body.maxLoad,
          },
        },
        tx,
      );
    });
    return this.get(ctx, personId, false);
  }

  private async inPool(ctx: Ctx, personId: string): Promise<MediatorRow> {
    const row = await getMediator(this.p.db, personId);
    if (!row || row.station_id !== ctx.actor.stationId) throw notFound('mediator');
    return row;
  }

  async addUnavailability(ctx: Ctx, personId: string, b: { from: string; to: string; reason?: string | undefined }) {
    await this.inPool(ctx, personId);
    await this.p.db.tx(async (tx) => {
      const id = await insertUnavailability(tx, {
        mediatorId: personId,
        from: b.from,
        to: b.to,
        reason: b.reason ?? null,
        by: ctx.actor.userId,
        now: this.p.clock.now(),
      });
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'mediator.unavailable',
          resourceType: 'mediator',
          resourceId: personId,
          details: { id, from: b.from, to: b.to },
        },
        tx,
      );
    });
    return this.get(ctx, personId, false);
  }

  async removeUnavailability(ctx: Ctx, personId: string, id: string) {
    await this.inPool(ctx, personId);
    await this.p.db.tx(async (tx) => {
      if (!(await deleteUnavailability(tx, personId, id))) throw notFound('unavailability');
      await this.p.audit.record(
        ctx.audit,
        { action: 'mediator.unavailable_remove', resourceType: 'mediator', resourceId: personId, details: { id } },
        tx,
      );
    });
    return this.get(ctx, personId, false);
  }

  /** Declares a relationship that bars the mediator from disputes of that person or enterprise. */
  async addConflict(
    ctx: Ctx,
    personId: string,
    b:
      | {
          subjectKind: 'person';
          name: string;
          idNumber?: string | undefined;
          relation: string;
          note?: string | undefined;
        }
      | { subjectKind: 'enterprise'; name: string; creditCode: string; relation: string; note?: string | undefined },
  ) {
    await this.inPool(ctx, personId);
    let idBidx: string | null = null;
    let idMasked: string | null = null;
    let creditCode: string | null = null;
    if (b.subjectKind === 'person' && b.idNumber) {
      const sealed = this.p.pii.sealIdNumber(b.idNumber);
      idBidx = sealed.bidx;
      idMasked = sealed.masked;
    }
    if (b.subjectKind === 'enterprise') {
      const code = parseCreditCode(b.creditCode);
      if (!code.ok)
        throw fieldError('body.creditCode', `credit_code_${code.error}`, CREDIT_CODE_MESSAGES[code.error] ?? 'invalid');
      creditCode = code.value;
    }
    await this.p.db.tx(async (tx) => {
      const id = await insertConflict(tx, {
        mediatorId: personId,
        subjectKind: b.subjectKind,
        name: b.name,
        idBidx,
        idMasked,
        creditCode,
        relation: b.relation,
        note: b.note ?? null,
        by: ctx.actor.userId,
        now: this.p.clock.now(),
      });
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'mediator.conflict_add',
          resourceType: 'mediator',
          resourceId: personId,
          details: { id, subjectKind: b.subjectKind },
        },
        tx,
      );
    });
    return this.get(ctx, personId, false);
  }

  async removeConflict(ctx: Ctx, personId: string, id: string) {
    await this.inPool(ctx, personId);
    await this.p.db.tx(async (tx) => {
      if (!(await deleteConflict(tx, personId, id))) throw notFound('conflict');
      await this.p.audit.record(
        ctx.audit,
        { action: 'mediator.conflict_remove', resourceType: 'mediator', resourceId: personId, details: { id } },
        tx,
      );
    });
    return this.get(ctx, personId, false);
  }
}
