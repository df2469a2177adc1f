import { randomBytes } from 'node:crypto';
import type { CreateIncidentRequest, RoutingView } from '@fengqiao/contracts';
import { addressKey, type Priority, suggestPriority } from '@fengqiao/domain';
import type { AuditActor } from '../../platform/audit/audit.types';
import type { Tx } from '../../platform/db/db';
import { AppError, fieldError } from '../../platform/errors';
import type { Platform } from '../../platform/platform';
import { insertAlert } from './alerts.repository';
import type { Assignee, DispatchService } from './dispatch.service';
import {
  bumpHourly,
  findNearDuplicate,
  findRepeat,
  getIncident,
  insertEvent,
  insertIncident,
  type StoredPerson,
} from './incidents.repository';
import type { IncidentsConfig } from './incidents-config.service';
import type { LiveEvents } from './live-events';
import { localDay, localHour, numberPrefix } from './local-time';
import type { RoutingService } from './routing.service';
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
}

const M_PER_DEG_LAT = 111_320;

/**
 * One intake for every source. A repeated submission (same Idempotency-Key,
 * or same source id) yields the first incident; a near-duplicate (same
 * category nearby within the window) is stored and linked to the first, not
 * dropped. The incident is routed, optionally dispatched, checked against the
 * early-warning rules, audited and pushed live — all in one transaction.
 */
export class IntakeService {
  constructor(
    private readonly p: Platform,
    private readonly config: IncidentsConfig,
    private readonly routing: RoutingService,
    private readonly dispatch: DispatchService,
    private readonly warnings: WarningsService,
    private readonly live: LiveEvents,
  ) {}

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

    return this.p.db.tx(async (tx) => {
      const repeat = await findRepeat(
        tx,
        reporter.stationId,
        options.idempotencyKey ?? null,
        input.source,
        input.sourceRef ?? null,
      );
      if (repeat) return { incidentId: repeat, created: false, routing: routed.view };
      const radiusDeg = cfg.intake.duplicateRadiusM / M_PER_DEG_LAT;
      // A window of 0 minutes switches near-duplicate linking off.
      const duplicateOf =
        cfg.intake.duplicateWindowMinutes <= 0
          ? null
          : await findNearDuplicate(tx, {
              stationId: reporter.stationId,
              categoryCode: category.code,
              since: new Date(now.getTime() - cfg.intake.duplicateWindowMinutes * 60_000),
              gridId: routed.grid?.id ?? null,
              lng: routed.point?.[0] ?? null,
              lat: routed.point?.[1] ?? null,
              addressKey: key,
              radiusDeg,
            });
      const id = await insertIncident(tx, {
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
        duplicateOf,
        publicToken: options.withPublicToken ? `R${randomBytes(9).toString('base64url')}` : null,
        createdBy: reporter.userId,
        reportedAt,
        now,
      });
      if (!id) {
        // A concurrent submission with the same key won the race; return it.
        const winner = await findRepeat(
          tx,
          reporter.stationId,
          options.idempotencyKey ?? null,
          input.source,
          input.sourceRef ?? null,
        );
        if (!winner) throw new AppError('conflict', 'the incident could not be stored; try again');
        return { incidentId: winner, created: false, routing: routed.view };
      }
      await bumpHourly(
        tx,
        reporter.stationId,
        routed.grid?.id ?? null,
        category.code,
        localDay(reportedAt),
        localHour(reportedAt),
      );
      await insertEvent(tx, {
        incidentId: id,
        at: now,
        actorId: reporter.userId,
        actorName: reporter.name,
        kind: 'created',
        details: { source: input.source, priority, reason: suggestion.reason, routing: routed.view, duplicateOf },
      });
      await this.p.audit.record(
        reporter.audit,
        {
          action: 'incident.create',
          resourceType: 'incident',
          resourceId: id,
          details: { source: input.source, category: category.code, duplicateOf },
        },
        tx,
      );
      const incident = await getIncident(tx, id);
      if (!incident) throw new Error('incident vanished inside its transaction');
      if (routed.view.outsideJurisdiction) await this.flagOutside(tx, incident);
      if (input.dispatch === 'auto' && !duplicateOf && routed.assignee && !routed.view.outsideJurisdiction) {
        await this.dispatch.issue(
          tx,
          { userId: reporter.userId, name: reporter.name },
          incident,
          routed.assignee as Assignee,
          routed.urban,
          null,
          cfg.deadlines,
        );
      } else {
        this.live.incident(tx, incident, duplicateOf ? 'duplicate' : 'created');
      }
      await this.warnings.evaluate(tx, incident, cfg.warningRules, routed.grid?.officer_person_id ?? null);
      return { incidentId: id, created: true, routing: routed.view };
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
