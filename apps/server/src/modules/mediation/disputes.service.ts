import type {
  CreateDisputeRequest,
  DisputeDetail,
  DisputeFilter,
  DisputeListQuery,
  DisputeSummary,
  FieldError,
  PartyInput,
  TransitionRequest,
} from '@fengqiao/contracts';
import {
  availableCommands,
  type DisputeCommand,
  type DisputeFacts,
  type DisputeState,
  type Outcome,
  parseCreditCode,
  type RiskLevel,
  transition,
} from '@fengqiao/domain';
import type { Tx } from '../../platform/db/db';
import { AppError, badRequest, conflict, fieldError, forbidden, notFound } from '../../platform/errors';
import type { Ctx, Platform } from '../../platform/platform';
import { agreementsOf, hasLiveAgreement, termsOf } from './agreements.repository';
import {
  cancelPendingFollowups,
  followupsOf,
  insertFollowups,
  maxFollowupSeq,
  pendingFollowupCount,
  sessionsOf,
} from './casework.repository';
import { deleteView, listNotifications, listViews, markNotificationRead, upsertView } from './config.repository';
import type { MediationConfig } from './config.service';
import type { GridDirectory, MediationDeps } from './deps';
import {
  type DisputePatch,
  type DisputeRow,
  disputeOfIncident,
  getDispute,
  insertDispute,
  insertEvent,
  insertParties,
  type LedgerFilter,
  type ListScope,
  listDisputes,
  listEvents,
  listParties,
  partyCount,
  sealedPartyField,
  updateDispute,
} from './disputes.repository';
import { canSeeDispute, mayPlaceInGrid, mayRegisterAt, reachOf } from './mediation.policy';
import { listAssignments } from './mediators.repository';
import { consultationsOf } from './meetings.repository';
import type { MediationLive } from './notify';
import { partyNames, sealParties } from './parties';
import type { MediationTimers } from './timers';
import {
  agreementView,
  assignmentView,
  eventView,
  followupView,
  localDate,
  partyView,
  sessionView,
  summaryView,
} from './views';

const stateOf = (d: DisputeRow): DisputeState => ({
  status: d.status,
  level: d.level,
  track: d.track,
  maxLevel: d.max_level,
  outcome: d.outcome,
});
const snap = (s: DisputeState) => ({ status: s.status, level: s.level, track: s.track });

/** The dispute number's prefix: TJ + the registration date (China time). */
export const numberPrefix = (at: Date) => `TJ${localDate(at).replaceAll('-', '')}`;

/**
 * The dispute ledger: registration, the ledger views, a dispute's page, its
 * three-level workflow (escalation, de-escalation, the commercial track,
 * outcomes, reopening after a relapse), notes and parties. Writes lock the
 * dispute row (SELECT … FOR UPDATE), optionally check the version the client
 * saw, apply the state machine from packages/domain, write one timeline
 * event, audit, and publish after commit.
 */
export class DisputesService {
  constructor(
    private readonly p: Platform,
    private readonly deps: MediationDeps,
    private readonly grids: GridDirectory,
    private readonly config: MediationConfig,
    private readonly timers: MediationTimers,
    private readonly live: MediationLive,
  ) {}

  station(ctx: Ctx): string {
    if (!ctx.actor.stationId) throw forbidden('your account belongs to no station');
    return ctx.actor.stationId;
  }

  reach(ctx: Ctx): ListScope {
    const r = reachOf(ctx.actor);
    if (!r) throw forbidden('no access to disputes');
    return r;
  }

  /** Loads a dispute the actor reaches, or 404. */
  async visible(ctx: Ctx, id: string, q: Tx | null = null): Promise<DisputeRow> {
    const db = q ?? this.p.db;
    const row = await getDispute(db, id);
    if (!row) throw notFound('dispute');
    const active = (await listAssignments(db, [id], true)).map((a) => a.mediator_id);
    if (!canSeeDispute(ctx.actor, row, active)) throw notFound('dispute');
    return row;
  }

  /** Inside a write: locks the row after checking reach, and checks the client's version when sent. */
  async lockVisible(ctx: Ctx, tx: Tx, id: string, version?: number): Promise<DisputeRow> {
    await this.visible(ctx, id, tx);
    const row = await getDispute(tx, id, true);
    if (!row) throw notFound('dispute');
    if (version !== undefined && row.version !== version)
      throw conflict(`the dispute changed meanwhile (version ${row.version}, you saw ${version}): reload and retry`);
    return row;
  }

  /** The ledger filter of a query, in the caller's reach. */
  async ledgerFilter(ctx: Ctx, f: DisputeFilter): Promise<LedgerFilter> {
    const stationId = this.station(ctx);
    const q = f.q?.trim();
    const search: Partial<LedgerFilter> = {};
    if (q) {
      const credit = parseCreditCode(q);
      if (/^TJ\d{8,}$/i.test(q)) search.number = q.toUpperCase();
      else if (credit.ok) search.creditCode = credit.value;
      else {
        const idBidx = this.p.pii.idNumberIndex(q);
        const phoneBidx = idBidx ? null : this.p.pii.phoneIndex(q);
        if (idBidx) search.idBidx = idBidx;
        else if (phoneBidx) search.phoneBidx = phoneBidx;
        else if ([...q].length < 2)
          throw fieldError('querystring.q', 'too_short', 'search names with at least two characters');
        else search.namePrefix = q;
      }
    }
    const list = (s: string | undefined) =>
      s
        ? s
            .split(',')
            .map((x) => x.trim())
            .filter(Boolean)
        : undefined;
    const levels = list(f.level)
      ?.map(Number)
      .filter((n) => n >= 1 && n <= 3);
    return {
      stationId,
      scope: this.reach(ctx),
      ...(f.status ? { statuses: list(f.status) ?? [] } : {}),
      ...(levels?.length ? { levels } : {}),
      ...(f.track ? { track: f.track } : {}),
      ...(f.risk ? { risks: list(f.risk) ?? [] } : {}),
      ...(f.category ? { categories: list(f.category) ?? [] } : {}),
      ...(f.source ? { source: f.source } : {}),
      ...(f.gridId ? { gridId: f.gridId } : {}),
      ...(f.mediatorId ? { mediatorId: f.mediatorId } : {}),
      ...(f.from ? { from: new Date(f.from) } : {}),
      ...(f.to ? { to: new Date(f.to) } : {}),
      ...search,
      ...(f.view && f.view !== 'all' ? { view: f.view } : {}),
      me: { personId: ctx.actor.personId, userId: ctx.actor.userId },
      now: this.p.clock.now(),
    };
  }

  async summaries(stationId: string, rows: DisputeRow[]): Promise<DisputeSummary[]> {
    const [assignments, grids] = await Promise.all([
      listAssignments(
        this.p.db,
        rows.map((r) => r.id),
        true,
      ),
      this.grids.of(stationId),
    ]);
    const now = this.p.clock.now();
    return rows.map((r) =>
      summaryView(
        r,
        r.grid_id ? (grids.byId.get(r.grid_id)?.code ?? null) : null,
        assignments.filter((a) => a.dispute_id === r.id),
        now,
      ),
    );
  }

  async list(ctx: Ctx, query: DisputeListQuery) {
    const filter = await this.ledgerFilter(ctx, query);
    const { rows, total } = await listDisputes(this.p.db, filter, {
      limit: query.pageSize,
      offset: (query.page - 1) * query.pageSize,
      sort: query.sort,
    });
    const { page, pageSize, sort, ...shown } = query;
    await this.p.audit.record(ctx.audit, {
      action: 'dispute.list',
      resourceType: 'dispute',
      details: { count: rows.length, total, filter: { ...shown, q: shown.q ? '(search)' : undefined }, page, sort },
    });
    return { items: await this.summaries(filter.stationId, rows), total, page, pageSize };
  }

  async facts(q: Tx, d: DisputeRow): Promise<DisputeFacts> {
    const [agreement, pending] = await Promise.all([hasLiveAgreement(q, d.id), pendingFollowupCount(q, d.id)]);
    return { hasEnterpriseParty: d.has_enterprise, hasAgreement: agreement, pendingFollowups: pending };
  }

  async detail(ctx: Ctx, id: string, audit = true): Promise<DisputeDetail> {
    const row = await this.visible(ctx, id);
    const db = this.p.db;
    const [parties, assignments, events, sessions, followups, agreements, consultations, grids] = await Promise.all([
      listParties(db, [id]),
      listAssignments(db, [id]),
      listEvents(db, id),
      sessionsOf(db, id),
      followupsOf(db, id),
      agreementsOf(db, id),
      consultationsOf(db, id),
      this.grids.of(row.station_id),
    ]);
    const terms = await termsOf(
      db,
      agreements.map((a) => a.id),
    );
    const refs = await this.deps.personnel.refs(row.responsible_person_id ? [row.responsible_person_id] : []);
    const now = this.p.clock.now();
    const facts: DisputeFacts = {
      hasEnterpriseParty: row.has_enterprise,
      hasAgreement: agreements.some((a) => a.status !== 'void'),
      pendingFollowups: followups.filter((f) => f.status === 'pending').length,
    };
    if (audit)
      await this.p.audit.record(ctx.audit, { action: 'dispute.read', resourceType: 'dispute', resourceId: id });
    return {
      ...summaryView(row, row.grid_id ? (grids.byId.get(row.grid_id)?.code ?? null) : null, assignments, now),
      sourceRef: row.source_ref,
      incidentId: row.incident_id,
      facts: row.facts,
      claims: row.claims,
      location: row.lng !== null && row.lat !== null ? [row.lng, row.lat] : null,
      responsible: row.responsible_person_id ? (refs.get(row.responsible_person_id) ?? null) : null,
      initialLevel: row.initial_level,
      nextStep: row.next_step,
      outcomeNote: row.outcome_note,
      closedAt: row.closed_at?.toISOString() ?? null,
      parties: parties.map(partyView),
      assignments: assignments.map(assignmentView),
      events: events.map(eventView),
      sessions: sessions.map(sessionView),
      followups: followups.map((f) => followupView(f, now)),
      agreements: agreements.map((a) =>
        agreementView(
          a,
          terms.filter((t) => t.agreement_id === a.id),
          now,
        ),
      ),
      consultations: consultations.map((c) => ({
        meetingId: c.meeting_id,
        title: c.title,
        scheduledAt: c.scheduled_at.toISOString(),
        decision: c.decision,
      })),
      actions: availableCommands(stateOf(row), facts),
    };
  }

  // ---------------------------------------------------------------- registration

  async create(ctx: Ctx, body: CreateDisputeRequest): Promise<DisputeDetail> {
    const stationId = this.station(ctx);
    const reach = this.reach(ctx);
    if (reach.kind === 'assigned')
      throw forbidden('mediators take up disputes the station registers and assigns to them; ask the coordinator');
    if (!mayRegisterAt(ctx.actor, body.level))
      throw forbidden('registering a dispute above level 1 needs the coordinator role (disputes.coordinate)');
    const cfg = await this.config.get();
    const errors: FieldError[] = [];
    const category = cfg.categories.get(body.categoryCode);
    if (!category?.active)
      errors.push({
        path: 'body.categoryCode',
        code: 'unknown_category',
        message: `no active category ${body.categoryCode}`,
      });

    let incident: Awaited<ReturnType<MediationDeps['incident']>> | null = null;
    if (body.source === 'incident') {
      if (!body.incidentId)
        errors.push({
          path: 'body.incidentId',
          code: 'required',
          message: 'a dispute from an incident names the incident',
        });
      else incident = await this.deps.incident(ctx, body.incidentId);
    } else if (body.incidentId) {
      errors.push({
        path: 'body.source',
        code: 'incident_source',
        message: 'a linked incident needs source "incident"',
      });
    }

    // Place and grid: the location decides; else the named grid; else the incident's.
    const grids = await this.grids.of(stationId);
    let gridId: string | null = null;
    let lng: number | null = null;
    let lat: number | null = null;
    if (body.location) {
      const hit = await this.deps.lookup.lookup(body.location.lng, body.location.lat, body.location.crs);
      [lng, lat] = hit.point;
      if (hit.grid && hit.grid.station_id === stationId) gridId = hit.grid.id;
    } else if (body.gridId) {
      if (!grids.byId.has(body.gridId))
        errors.push({ path: 'body.gridId', code: 'unknown_grid', message: 'no such grid in your station' });
      else gridId = body.gridId;
    } else if (incident) {
      gridId = incident.grid_id;
      lng = incident.lng;
      lat = incident.lat;
    }
    const place = body.place ?? incident?.address ?? null;
    if (errors.length === 0 && !mayPlaceInGrid(ctx.actor, gridId))
      errors.push({
        path: body.location ? 'body.location' : 'body.gridId',
        code: 'outside_jurisdiction',
        message: 'you register disputes in your own grids: give a location or grid inside them',
      });

    const sealed = sealParties(this.p.pii, body.parties, 'body.parties');
    errors.push(...sealed.errors);
    if (errors.length > 0) throw badRequest(errors[0]?.message ?? 'invalid dispute', errors);

    const now = this.p.clock.now();
    const registeredAt = body.registeredAt ? new Date(body.registeredAt) : now;
    if (registeredAt.getTime() > now.getTime() + 60_000)
      throw fieldError('body.registeredAt', 'future', 'the registration date lies in the future');
    const risk = body.risk as RiskLevel;
    const dueAt = await this.config.dueAt(risk, registeredAt);
    const responsible = gridId ? (grids.byId.get(gridId)?.officerPersonId ?? null) : null;

    const id = await this.p.db.tx(async (tx) => {
      if (incident) {
        const already = await disputeOfIncident(tx, incident.id);
        if (already) throw conflict(`incident ${incident.number} is already in the ledger as ${already}`);
      }
      const { id, number } = await insertDispute(tx, {
        stationId,
        number: null,
        numberPrefix: numberPrefix(registeredAt),
        categoryCode: body.categoryCode,
        source: body.source,
        sourceRef: body.sourceRef ?? (incident ? incident.number : null),
        incidentId: incident?.id ?? null,
        summary: body.summary,
        facts: body.facts,
        claims: body.claims,
        place,
        lng,
        lat,
        gridId,
        responsiblePersonId: responsible,
        risk,
        amount: body.amount ?? null,
        hasEnterprise: sealed.parties.some((x) => x.kind === 'enterprise'),
        partyNames: partyNames(sealed.parties.map((x) => x.name)),
        level: body.level,
        registeredAt,
        dueAt,
        imported: false,
        createdBy: ctx.actor.userId,
        now,
      });
      await insertParties(tx, id, sealed.parties);
      await insertEvent(tx, {
        disputeId: id,
        at: now,
        actorId: ctx.actor.userId,
        actorName: ctx.actor.displayName,
        kind: 'registered',
        to: { status: 'open', level: body.level, track: 'standard' },
        details: { source: body.source, incidentNumber: incident?.number ?? null, risk },
        version: 1,
      });
      if (incident)
        await this.deps.linkIncidents(
          tx,
          [{ incidentId: incident.id, incidentNumber: null, disputeId: id }],
          ctx.actor.userId,
          now,
        );
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'dispute.create',
          resourceType: 'dispute',
          resourceId: id,
          details: {
            number,
            category: body.categoryCode,
            level: body.level,
            parties: sealed.parties.length,
            incidentId: incident?.id ?? null,
          },
        },
        tx,
      );
      const remind = cfg.risks.get(risk)?.remind_hours ?? 24;
      await this.timers.deadline(tx, id, dueAt, remind);
      const row = await getDispute(tx, id);
      if (row) await this.live.dispute(tx, row, 'registered');
      if (responsible && responsible !== ctx.actor.personId)
        await this.live.notify(tx, {
          stationId,
          personId: responsible,
          kind: 'dispute.registered',
          title: `新纠纷登记 ${number}`,
          body: body.summary,
          disputeId: id,
        });
      return id;
    });
    return this.detail(ctx, id, false);
  }

  // ---------------------------------------------------------------- edits

  async update(
    ctx: Ctx,
    id: string,
    body: {
      version: number;
      categoryCode?: string | undefined;
      summary?: string | undefined;
      facts?: string | undefined;
      claims?: string | undefined;
      place?: string | undefined;
      risk?: RiskLevel | undefined;
      amount?: number | null | undefined;
      reason?: string | undefined;
    },
  ): Promise<DisputeDetail> {
    const cfg = await this.config.get();
    if (body.categoryCode && !cfg.categories.get(body.categoryCode)?.active)
      throw fieldError('body.categoryCode', 'unknown_category', `no active category ${body.categoryCode}`);
    await this.p.db.tx(async (tx) => {
      const row = await this.lockVisible(ctx, tx, id, body.version);
      const now = this.p.clock.now();
      const patch: DisputePatch = {};
      const changed: Record<string, { from: unknown; to: unknown }> = {};
      const set = <K extends keyof DisputePatch & keyof DisputeRow>(k: K, v: DisputePatch[K] | undefined) => {
        if (v === undefined || v === row[k]) return;
        patch[k] = v;
        changed[k] = { from: row[k], to: v };
      };
      set('category_code', body.categoryCode);
      set('summary', body.summary);
      set('facts', body.facts);
      set('claims', body.claims);
      set('place', body.place);
      set('amount', body.amount);
      set('risk', body.risk);
      if (Object.keys(patch).length === 0) return;
      if (patch.risk && row.status === 'open') {
        // A new risk level brings that level's deadline, counted from now.
        const dueAt = await this.config.dueAt(patch.risk as RiskLevel, now, tx);
        patch.due_at = dueAt;
        await this.timers.deadline(tx, id, dueAt, cfg.risks.get(patch.risk as RiskLevel)?.remind_hours ?? 24);
      }
      const version = await updateDispute(tx, id, now, patch);
      await insertEvent(tx, {
        disputeId: id,
        at: now,
        actorId: ctx.actor.userId,
        actorName: ctx.actor.displayName,
        kind: patch.risk ? 'risk_changed' : 'updated',
        reason: body.reason ?? null,
        details: {
          changed: Object.fromEntries(
            Object.entries(changed).map(([k, v]) => [k, k === 'facts' || k === 'claims' ? { changed: true } : v]),
          ),
        },
        version,
      });
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'dispute.update',
          resourceType: 'dispute',
          resourceId: id,
          details: { fields: Object.keys(changed) },
        },
        tx,
      );
      await this.live.dispute(
        tx,
        { ...row, ...(patch.risk ? { risk: patch.risk as RiskLevel } : {}), version },
        'updated',
      );
    });
    return this.detail(ctx, id, false);
  }

  /** Escalate, de-escalate, to or from the commercial studio, or reopen after a relapse. */
  async transition(ctx: Ctx, id: string, body: TransitionRequest): Promise<DisputeDetail> {
    const command = { kind: body.command, reason: body.reason } as DisputeCommand;
    await this.p.db.tx(async (tx) => {
      const row = await this.lockVisible(ctx, tx, id, body.version);
      await this.apply(ctx, tx, row, command, { reason: body.reason });
    });
    return this.detail(ctx, id, false);
  }

  async recordOutcome(
    ctx: Ctx,
    id: string,
    body: { outcome: Outcome; nextStep?: string | undefined; note?: string | undefined; version?: number | undefined },
  ): Promise<DisputeDetail> {
    await this.p.db.tx(async (tx) => {
      const row = await this.lockVisible(ctx, tx, id, body.version);
      await this.apply(
        ctx,
        tx,
        row,
        { kind: 'record_outcome', outcome: body.outcome },
        {
          reason: body.note ?? null,
          nextStep: body.nextStep ?? null,
        },
      );
    });
    return this.detail(ctx, id, false);
  }

  /**
   * One state-machine step on a locked row: refused steps change nothing
   * (409 with the machine's reason); accepted steps write the new state,
   * one timeline event, the audit row, timers and the live event.
   */
  async apply(
    ctx: Ctx | null,
    tx: Tx,
    row: DisputeRow,
    command: DisputeCommand,
    extra: { reason: string | null; nextStep?: string | null; details?: Record<string, unknown> },
  ): Promise<DisputeRow> {
    const facts = await this.facts(tx, row);
    const r = transition(stateOf(row), command, facts);
    if (!r.ok) throw new AppError('conflict', r.message, [{ path: 'body.command', code: r.error, message: r.message }]);
    const now = this.p.clock.now();
    const cfg = await this.config.get(tx);
    const s = r.state;
    const patch: DisputePatch = {
      level: s.level,
      max_level: s.maxLevel,
      track: s.track,
      status: s.status,
      outcome: s.outcome,
    };
    let newDue: Date | null | undefined;
    if (
      command.kind === 'escalate' ||
      command.kind === 'deescalate' ||
      command.kind === 'reopen' ||
      command.kind === 'refer_commercial' ||
      command.kind === 'return_standard'
    ) {
      // A dispute taken up anew (at another level, track, or after a relapse) gets its risk level's time again.
      newDue = await this.config.dueAt(row.risk, now, tx);
      patch.due_at = newDue;
    }
    if (command.kind === 'record_outcome') {
      patch.resolved_at = now;
      patch.next_step = extra.nextStep ?? null;
      patch.outcome_note = extra.reason;
      if (s.status !== 'resolved') patch.closed_at = now;
    }
    if (command.kind === 'close') patch.closed_at = now;
    if (command.kind === 'reopen') {
      patch.reopened_count = row.reopened_count + 1;
      patch.resolved_at = null;
      patch.closed_at = null;
      patch.next_step = null;
      patch.outcome_note = null;
    }
    const version = await updateDispute(tx, row.id, now, patch);
    await insertEvent(tx, {
      disputeId: row.id,
      at: now,
      actorId: ctx?.actor.userId ?? null,
      actorName: ctx?.actor.displayName ?? '系统',
      kind: command.kind === 'record_outcome' ? `outcome.${command.outcome}` : command.kind,
      from: snap(r.from),
      to: snap(s),
      reason: extra.reason,
      details: { ...(extra.nextStep ? { nextStep: extra.nextStep } : {}), ...(extra.details ?? {}) },
      version,
    });
    const remind = cfg.risks.get(row.risk)?.remind_hours ?? 24;
    if (s.status === 'open' && newDue !== undefined) await this.timers.deadline(tx, row.id, newDue, remind);
    if (s.status !== 'open') await this.timers.cancelDeadline(tx, row.id);
    if (command.kind === 'record_outcome' && s.status === 'resolved') {
      // Follow-up visits after success or partial success, on the configured days.
      const seq = await maxFollowupSeq(tx, row.id);
      const dues = cfg.settings.followupDays.map((d) => new Date(now.getTime() + d * 86_400_000));
      const ids = await insertFollowups(tx, row.id, dues, seq + 1);
      for (const [i, fid] of ids.entries()) {
        const due = dues[i];
        if (due) await this.timers.followup(tx, fid, due);
      }
    }
    if (command.kind === 'reopen') await cancelPendingFollowups(tx, row.id);
    if (ctx)
      await this.p.audit.record(
        ctx.audit,
        {
          action: `dispute.${command.kind === 'record_outcome' ? 'outcome' : command.kind}`,
          resourceType: 'dispute',
          resourceId: row.id,
          details: {
            from: snap(r.from),
            to: snap(s),
            ...(command.kind === 'record_outcome' ? { outcome: command.outcome } : {}),
          },
        },
        tx,
      );
    const after: DisputeRow = {
      ...row,
      level: s.level,
      max_level: s.maxLevel,
      track: s.track,
      status: s.status,
      outcome: s.outcome,
      version,
    };
    await this.live.dispute(tx, after, command.kind);
    if (command.kind === 'escalate' || command.kind === 'refer_commercial' || command.kind === 'reopen') {
      const notice =
        command.kind === 'escalate'
          ? `纠纷 ${row.number} 升级至${s.level === 2 ? '二级（社区警务队）' : '三级（镇调解中心）'}`
          : command.kind === 'refer_commercial'
            ? `纠纷 ${row.number} 转入商企调解工作室`
            : `纠纷 ${row.number} 回访发现反复，已重新启动调解`;
      const people = new Set<string>((await listAssignments(tx, [row.id], true)).map((a) => a.mediator_id));
      if (row.responsible_person_id) people.add(row.responsible_person_id);
      if (ctx?.actor.personId) people.delete(ctx.actor.personId);
      for (const personId of people)
        await this.live.notify(tx, {
          stationId: row.station_id,
          personId,
          kind: `dispute.${command.kind}`,
          title: notice,
          body: extra.reason ?? '',
          disputeId: row.id,
        });
    }
    return after;
  }

  async note(ctx: Ctx, id: string, note: string): Promise<void> {
    await this.p.db.tx(async (tx) => {
      const row = await this.lockVisible(ctx, tx, id);
      const now = this.p.clock.now();
      const version = await updateDispute(tx, id, now, {});
      await insertEvent(tx, {
        disputeId: id,
        at: now,
        actorId: ctx.actor.userId,
        actorName: ctx.actor.displayName,
        kind: 'note',
        reason: note,
        version,
      });
      await this.p.audit.record(ctx.audit, { action: 'dispute.note', resourceType: 'dispute', resourceId: id }, tx);
      await this.live.dispute(tx, { ...row, version }, 'note');
    });
  }

  async addParty(ctx: Ctx, id: string, party: PartyInput, version?: number): Promise<DisputeDetail> {
    const sealed = sealParties(this.p.pii, [party], 'body.party');
    if (sealed.errors.length > 0) {
      const errors = sealed.errors.map((e) => ({ ...e, path: e.path.replace('body.party.0', 'body.party') }));
      throw badRequest(errors[0]?.message ?? 'invalid party', errors);
    }
    await this.p.db.tx(async (tx) => {
      const row = await this.lockVisible(ctx, tx, id, version);
      const n = await partyCount(tx, id);
      if (n >= 30) throw conflict('a dispute has at most 30 parties');
      await insertParties(tx, id, sealed.parties, n + 1);
      const now = this.p.clock.now();
      const names = (await listParties(tx, [id])).map((x) => x.name);
      const newVersion = await updateDispute(tx, id, now, {
        party_names: partyNames(names),
        has_enterprise: row.has_enterprise || party.kind === 'enterprise',
      });
      await insertEvent(tx, {
        disputeId: id,
        at: now,
        actorId: ctx.actor.userId,
        actorName: ctx.actor.displayName,
        kind: 'party_added',
        details: { name: party.name, kind: party.kind, role: party.role },
        version: newVersion,
      });
      await this.p.audit.record(
        ctx.audit,
        { action: 'dispute.party_add', resourceType: 'dispute', resourceId: id, details: { kind: party.kind } },
        tx,
      );
      await this.live.dispute(tx, { ...row, version: newVersion }, 'party_added');
    });
    return this.detail(ctx, id, false);
  }

  /** The full ID number or phone of a party, for roles holding pii.reveal, with a stated reason (audited). */
  async reveal(
    ctx: Ctx,
    id: string,
    partyId: string,
    field: 'idNumber' | 'phone',
    reason: string,
  ): Promise<string | null> {
    await this.visible(ctx, id);
    const enc = await sealedPartyField(this.p.db, id, partyId, field);
    if (enc === undefined) throw notFound('party');
    await this.p.audit.record(ctx.audit, {
      action: 'dispute.party_reveal',
      resourceType: 'dispute',
      resourceId: id,
      purpose: reason,
      details: { partyId, field },
    });
    return this.p.pii.open(enc);
  }

  // ---------------------------------------------------------------- saved views, notifications

  async views(ctx: Ctx) {
    return (await listViews(this.p.db, ctx.actor.userId)).map((v) => ({
      id: v.id,
      name: v.name,
      filter: v.filter,
      createdAt: v.created_at.toISOString(),
    }));
  }

  async saveView(ctx: Ctx, name: string, filter: DisputeFilter) {
    const v = await this.p.db.tx(async (tx) => {
      const row = await upsertView(tx, ctx.actor.userId, name, filter, this.p.clock.now());
      await this.p.audit.record(
        ctx.audit,
        { action: 'dispute.view_save', resourceType: 'mediation_view', resourceId: row.id },
        tx,
      );
      return row;
    });
    return { id: v.id, name: v.name, filter: v.filter, createdAt: v.created_at.toISOString() };
  }

  async deleteView(ctx: Ctx, id: string): Promise<void> {
    await this.p.db.tx(async (tx) => {
      if (!(await deleteView(tx, ctx.actor.userId, id))) throw notFound('view');
      await this.p.audit.record(
        ctx.audit,
        { action: 'dispute.view_delete', resourceType: 'mediation_view', resourceId: id },
        tx,
      );
    });
  }

  async notifications(ctx: Ctx, unreadOnly: boolean) {
    if (!ctx.actor.personId) return [];
    return (await listNotifications(this.p.db, ctx.actor.personId, unreadOnly)).map((n) => ({
      id: n.id,
      kind: n.kind,
      title: n.title,
      body: n.body,
      disputeId: n.dispute_id,
      createdAt: n.created_at.toISOString(),
      readAt: n.read_at?.toISOString() ?? null,
    }));
  }

  async readNotification(ctx: Ctx, id: string): Promise<void> {
    if (!ctx.actor.personId || !(await markNotificationRead(this.p.db, ctx.actor.personId, id, this.p.clock.now())))
      throw notFound('notification');
  }

  // ---------------------------------------------------------------- timers

  /** The deadline timer: a reminder before, and the overdue mark at the deadline, if still open and unchanged. */
  async onDeadline(tx: Tx, disputeId: string, kind: 'remind' | 'due', dueAt: string): Promise<void> {
    const row = await getDispute(tx, disputeId, true);
    if (row?.status !== 'open' || row.due_at?.toISOString() !== dueAt) return;
    const now = this.p.clock.now();
    const version = await updateDispute(tx, disputeId, now, {});
    await insertEvent(tx, {
      disputeId,
      at: now,
      actorId: null,
      actorName: '系统',
      kind: kind === 'due' ? 'deadline.overdue' : 'deadline.reminder',
      details: { dueAt },
      version,
    });
    const people = new Set<string>(
      (await listAssignments(tx, [disputeId], true)).filter((a) => a.role === 'lead').map((a) => a.mediator_id),
    );
    if (row.responsible_person_id) people.add(row.responsible_person_id);
    const title =
      kind === 'due'
        ? `纠纷 ${row.number} 已超过化解时限`
        : `纠纷 ${row.number} 将于 ${localDate(new Date(dueAt))} 到期`;
    for (const personId of people)
      await this.live.notify(tx, {
        stationId: row.station_id,
        personId,
        kind: kind === 'due' ? 'deadline.overdue' : 'deadline.reminder',
        title,
        body: row.summary,
        disputeId,
      });
    await this.live.dispute(tx, { ...row, version }, kind === 'due' ? 'overdue' : 'reminder');
  }
}
