import { randomBytes, randomUUID } from 'node:crypto';
import type { CreateIncidentRequest, RoutingView } from '@fengqiao/contracts';
import { addressKey, type DeadlineConfig, type Priority, suggestPriority } from '@fengqiao/domain';
import type { AuditActor } from '../../platform/audit/audit.types';
import type { Tx } from '../../platform/db/db';
import { GroupCommit, type ItemKeys } from '../../platform/db/group-commit';
import { AppError, fieldError } from '../../platform/errors';
import type { Platform } from '../../platform/platform';
import { insertAlert } from './alerts.repository';
import type { WarningRuleRow } from './config.repository';
import { type Assignee, type DispatchService, dueDates, nextDeadlineOf, teamLabel } from './dispatch.service';
import type { CreatedIncident } from './incident-views';
import {
  findRepeat,
  getIncident,
  type IncidentRow,
  type IncidentToInsert,
  insertEvent,
  insertIncidents,
  type NearDuplicateProbe,
  type StoredPerson,
  updateIncident,
} from './incidents.repository';
import type { IncidentsConfig } from './incidents-config.service';
import type { LiveEvents } from './live-events';
import { localHour, numberPrefix } from './local-time';
import type { Routed, RoutingService } from './routing.service';
import type { WarningsService } from './warnings.service';

/** Who is reporting: a signed-in user, a resident through Open311, or a system (camera worker). */
export interface Reporter {
  stationId: string;
  userId: string | null;
  name: string | null;
  audit: AuditActor;
  /** Volunteers may only report as volunteers and never dispatch. */
  volunteerOnly?: boolean;
}

export interface IntakeOptions {
  idempotencyKey?: string | null;
  /** Residents follow their report with this token. */
  withPublicToken?: boolean;
}

export interface IntakeResult {
  incidentId: string;
  created: boolean;
  routing: RoutingView | null;
  /** A new incident as stored, for its detail view without reading it back. */
  stored?: CreatedIncident;
}

const M_PER_DEG_LAT = 111_320;

/** A report checked, routed and prioritised before its transaction, waiting for its batch. */
interface PreparedIntake {
  reporter: Reporter;
  routed: Routed;
  /** Auto-dispatch's assignee (unless the report turns out to repeat an open incident). */
  assignee: Assignee | null;
  deadlines: Record<Priority, DeadlineConfig>;
  warningRules: WarningRuleRow[];
  createdDetails: Record<string, unknown>;
  now: Date;
  toInsert: IncidentToInsert;
}

/**
 * Repeated submissions (same Idempotency-Key or source id) must not share a
 * batch: the later one waits for the next and answers with the first.
 * Near-duplicates may share one: `insertIncidents` resolves them in order.
 */
function intakeKeys(x: PreparedIntake): ItemKeys {
  const n = x.toInsert.incident;
  const repeat = [
    ...(n.idempotencyKey ? [`key:${n.stationId}:${n.idempotencyKey}`] : []),
    ...(n.sourceRef ? [`ref:${n.stationId}:${n.source}:${n.sourceRef}`] : []),
  ];
  return { reads: repeat, writes: repeat };
}

/** Reports stored per transaction at most. */
const MAX_BATCH = 100;

/**
 * One intake for every source. A repeated submission (same Idempotency-Key,
 * or same source id) yields the first incident; a near-duplicate (same
 * category nearby within the window) is stored and linked to the first, not
 * dropped. The incident is routed, optionally dispatched, checked against the
 * early-warning rules, audited and pushed live — all in one transaction.
 */
export class IntakeService {
  /** Concurrent reports are stored together (group commit): see `storeBatch`. */
  private readonly batches: GroupCommit<PreparedIntake, IntakeResult>;

  constructor(
    private readonly p: Platform,
    private readonly config: IncidentsConfig,
    private readonly routing: RoutingService,
    private readonly dispatch: DispatchService,
    private readonly warnings: WarningsService,
    private readonly live: LiveEvents,
  ) {
    this.batches = new GroupCommit<PreparedIntake, IntakeResult>({
      maxBatch: MAX_BATCH,
      inProcess: p.db.engine === 'pglite',
      run: (items, committed) => this.storeBatch(items, committed),
      keys: intakeKeys,
    });
  }

  /** Reports per stored batch, the last 1,000, most recent last (the tests read it; not exported as a metric). */
  get batchSizes(): readonly number[] {
    return this.batches.sizes;
  }

  async suggest(
    stationId: string,
    input: {
      categoryCode: string;
      description: string;
      source: CreateIncidentRequest['source'];
      location?: { lng: number; lat: number; crs: 'WGS84' | 'GCJ02' | 'BD09' } | undefined;
    },
  ) {
    const cfg = await this.config.get();
    const category = cfg.categories.get(input.categoryCode);
    if (!category?.active)
      throw fieldError('body.categoryCode', 'unknown_category', `unknown category ${input.categoryCode}`);
    const s = suggestPriority(
      {
        categoryCode: category.code,
        categoryDefault: category.default_priority,
        description: input.description,
        source: input.source,
        hour: localHour(this.p.clock.now()),
      },
      cfg.priorityRules,
    );
    const routed = await this.routing.route(stationId, category.team, input.location ?? null);
    return { priority: s.priority, reason: s.reason, routing: routed.view };
  }

  /**
   * A note by the machine that raised an incident, added later in that
   * machine's own transaction (a camera's plate, read after its alert went
   * out). Shown in the incident's history, audited, pushed live.
   */
  async machineNote(tx: Tx, incidentId: string, by: string, note: string, audit: AuditActor): Promise<void> {
    const row = await getIncident(tx, incidentId);
    if (!row) return;
    const now = this.p.clock.now();
    await insertEvent(tx, { incidentId, at: now, actorId: null, actorName: by, kind: 'note', note });
    const version = await updateIncident(tx, incidentId, now, {});
    await this.p.audit.record(
      audit,
      { action: 'incident.note', resourceType: 'incident', resourceId: incidentId, details: { by } },
      tx,
    );
    this.live.incident(tx, { ...row, version }, 'note');
  }

  async create(reporter: Reporter, input: CreateIncidentRequest, options: IntakeOptions = {}): Promise<IntakeResult> {
    const cfg = await this.config.get();
    const category = cfg.categories.get(input.categoryCode);
    if (!category?.active)
      throw fieldError('body.categoryCode', 'unknown_category', `unknown category ${input.categoryCode}`);
    if (reporter.volunteerOnly && (input.source !== 'volunteer' || input.dispatch === 'auto')) {
      throw fieldError(
        'body.source',
        'volunteer_source_only',
        'volunteers report with source "volunteer" and do not dispatch',
      );
    }
    const now = this.p.clock.now();
    const reportedAt = input.reportedAt ? new Date(input.reportedAt) : now;
    if (reportedAt.getTime() > now.getTime() + 5 * 60_000)
      throw fieldError('body.reportedAt', 'in_future', 'the report time is in the future');
    if (reportedAt.getTime() < now.getTime() - 30 * 86_400_000)
      throw fieldError('body.reportedAt', 'too_old', 'the report time is more than 30 days ago');
    if (!input.location && !input.address)
      throw fieldError('body.location', 'location_required', 'give a map position or an address');

    const callerPhone = input.callerPhone ? this.sealPhone(input.callerPhone, 'body.callerPhone') : null;
    const persons: StoredPerson[] = input.persons.map((p, i) => {
      const id = p.idNumber ? this.sealId(p.idNumber, `body.persons.${i}.idNumber`) : null;
      const phone = p.phone ? this.sealPhone(p.phone, `body.persons.${i}.phone`) : null;
      return {
        role: p.role,
        name: p.name ?? null,
        gender: p.gender ?? null,
        idNumberEnc: id?.enc ?? null,
        idNumberMasked: id?.masked ?? null,
        phoneEnc: phone?.enc ?? null,
        phoneMasked: phone?.masked ?? null,
        description: p.description ?? null,
      };
    });
    const suggestion = suggestPriority(
      {
        categoryCode: category.code,
        categoryDefault: category.default_priority,
        description: `${input.summary} ${input.description}`,
        source: input.source,
        hour: localHour(reportedAt),
      },
      cfg.priorityRules,
    );
    const priority: Priority = input.priority ?? suggestion.priority;
    const routed = await this.routing.route(
      reporter.stationId,
      category.team,
      input.location ? { lng: input.location.lng, lat: input.location.lat, crs: input.location.crs } : null,
    );
    const key = input.address ? addressKey(input.address) : null;
    const radiusDeg = cfg.intake.duplicateRadiusM / M_PER_DEG_LAT;
    const since = new Date(now.getTime() - cfg.intake.duplicateWindowMinutes * 60_000);
    // A window of 0 minutes switches near-duplicate linking off.
    const nearDuplicate: NearDuplicateProbe | null =
      cfg.intake.duplicateWindowMinutes <= 0
        ? null
        : routed.grid && routed.point
          ? { kind: 'point', since, gridId: routed.grid.id, lng: routed.point[0], lat: routed.point[1], radiusDeg }
          : key
            ? { kind: 'address', since, addressKey: key }
            : null;
    // Auto-dispatch (unless the report turns out to repeat an open incident): the order's deadlines are known now.
    const assignee = input.dispatch === 'auto' && !routed.view.outsideJurisdiction ? routed.assignee : null;
    const due = assignee ? dueDates(priority, assignee, routed.urban, now, cfg.deadlines) : null;
    const nextDeadline = due
      ? nextDeadlineOf([
          {
            status: 'issued',
            acknowledged_at: null,
            on_scene_at: null,
            resolved_at: null,
            ack_due_at: due.ack,
            arrive_due_at: due.arrive,
            resolve_due_at: due.resolve,
          },
        ])
      : null;
    const createdDetails = { source: input.source, priority, reason: suggestion.reason, routing: routed.view };

    const prepared: PreparedIntake = {
      reporter,
      routed,
      assignee,
      deadlines: cfg.deadlines,
      warningRules: cfg.warningRules,
      createdDetails,
      now,
      toInsert: {
        id: randomUUID(),
        incident: {
          stationId: reporter.stationId,
          numberPrefix: numberPrefix(now),
          source: input.source,
          sourceRef: input.sourceRef ?? null,
          idempotencyKey: options.idempotencyKey ?? null,
          categoryCode: category.code,
          priority,
          priorityReason:
            input.priority && input.priority !== suggestion.priority
              ? `set by operator (suggested ${suggestion.priority}: ${suggestion.reason})`
              : suggestion.reason,
          status: 'new',
          summary: input.summary,
          description: input.description,
          address: input.address ?? null,
          addressKey: key,
          lng: routed.point?.[0] ?? null,
          lat: routed.point?.[1] ?? null,
          gridId: routed.grid?.id ?? null,
          outsideJurisdiction: routed.view.outsideJurisdiction,
          team: category.team,
          responsiblePersonId: routed.grid?.officer_person_id ?? null,
          unitId: routed.view.unit?.id ?? null,
          callerName: input.callerName ?? null,
          callerPhone,
          persons,
          vehicles: input.vehicles,
          publicToken: options.withPublicToken ? `R${randomBytes(9).toString('base64url')}` : null,
          createdBy: reporter.userId,
          reportedAt,
          now,
        },
        nearDuplicate,
        gridCode: routed.grid?.code ?? null,
        createdEvent: { actorId: reporter.userId, actorName: reporter.name, details: createdDetails },
        dispatch: assignee ? { status: 'dispatched', nextDeadline } : null,
      },
    };
    return this.batches.submit(prepared);
  }

  /**
   * Stores a batch of prepared reports in one transaction with set-based
   * statements: the incidents with their near-duplicate links and `created`
   * events, the audit rows, the first orders with their events and timers,
   * one query per early-warning rule. Repeated submissions answer with the
   * first incident.
   */
  private storeBatch(items: PreparedIntake[], committed: () => void): Promise<IntakeResult[]> {
    return this.p.db.tx(async (tx) => {
      // The first after-commit hook: the next batch may start while this one's live events go out.
      tx.afterCommit(committed);
      const inserted = await insertIncidents(
        tx,
        items.map((x) => x.toInsert),
      );
      const results: IntakeResult[] = [];
      const created: { x: PreparedIntake; row: IncidentRow; eventId: number; at: number }[] = [];
      for (const [at, x] of items.entries()) {
        const ins = inserted[at];
        if (ins) {
          created.push({ x, row: ins.row, eventId: ins.createdEventId, at });
          continue;
        }
        // A repeated submission (same Idempotency-Key or source id), perhaps concurrent: answer with the first.
        const n = x.toInsert.incident;
        const first = await findRepeat(tx, n.stationId, n.idempotencyKey, n.source, n.sourceRef);
        if (!first) throw new AppError('conflict', 'the incident could not be stored; try again');
        results[at] = { incidentId: first, created: false, routing: x.routed.view };
      }
      await this.p.audit.recordMany(
        created.map(({ x, row }) => ({
          actor: x.reporter.audit,
          event: {
            action: 'incident.create',
            resourceType: 'incident',
            resourceId: row.id,
            details: { source: row.source, category: row.category_code, duplicateOf: row.duplicate_of },
          },
        })),
        tx,
      );
      for (const { x, row } of created) if (x.routed.view.outsideJurisdiction) await this.flagOutside(tx, row);
      const toDispatch = created.filter(({ x, row }) => x.assignee && row.status === 'dispatched');
      const issued = await this.dispatch.issueFresh(
        tx,
        toDispatch.map(({ x, row }) => ({
          ctx: { userId: x.reporter.userId, name: x.reporter.name },
          incident: row,
          assignee: x.assignee as Assignee,
          urban: x.routed.urban,
          deadlines: x.deadlines,
          now: x.now,
          unitMembers: x.routed.unitMembers,
        })),
      );
      const dispatchedAt = new Map(toDispatch.map((c, i) => [c.at, issued[i]]));
      for (const { row, at } of created)
        if (!dispatchedAt.has(at)) this.live.incident(tx, row, row.duplicate_of ? 'duplicate' : 'created');
      // The rules are the configuration each report was prepared with (a batch rarely straddles a reload).
      await this.warnings.evaluateMany(
        tx,
        created.map(({ x, row }) => ({ incident: row, officerOfGrid: x.routed.grid?.officer_person_id ?? null })),
        items[0]?.warningRules ?? [],
      );
      for (const { x, row, eventId, at } of created) {
        const order = dispatchedAt.get(at);
        const assignee = x.assignee;
        results[at] = {
          incidentId: row.id,
          created: true,
          routing: x.routed.view,
          stored: {
            incident: row,
            actorName: x.reporter.name,
            created: { eventId, details: { ...x.createdDetails, duplicateOf: row.duplicate_of } },
            dispatched:
              order && assignee
                ? {
                    ...order,
                    assignee,
                    // What DispatchService.label reads: the officer's or unit's name routing already holds.
                    label: assignee.kind === 'team' ? teamLabel(assignee.team) : (x.routed.view.assignee?.label ?? ''),
                  }
                : null,
            responsible: x.routed.view.officer,
            unit: x.routed.view.unit,
          },
        };
      }
      return results;
    });
  }

  private async flagOutside(
    tx: Tx,
    incident: {
      id: string;
      number: string;
      station_id: string;
      address: string | null;
      lng: number | null;
      lat: number | null;
    },
  ): Promise<void> {
    const alertId = await insertAlert(tx, {
      stationId: incident.station_id,
      kind: 'outside_jurisdiction',
      severity: 'warning',
      title: `${incident.number} 位置不在本所辖区，需移交`,
      explanation: { address: incident.address, point: incident.lng !== null ? [incident.lng, incident.lat] : null },
      incidentId: incident.id,
      orderId: null,
      gridId: null,
      targetPersonId: null,
      ruleId: null,
      dedupeKey: `outside:${incident.id}`,
      at: this.p.clock.now(),
    });
    if (alertId) this.live.alert(tx, alertId);
  }

  private sealPhone(v: string, path: string) {
    try {
      return this.p.pii.sealPhone(v);
    } catch {
      throw fieldError(path, 'phone_format', 'not a valid phone number');
    }
  }

  private sealId(v: string, path: string) {
    try {
      return this.p.pii.sealIdNumber(v);
    } catch {
      throw fieldError(path, 'id_number_invalid', 'not a valid resident ID number (GB 11643)');
    }
  }
}
