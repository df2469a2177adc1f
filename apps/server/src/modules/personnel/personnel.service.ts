import type { PersonRef, PersonView } from '@fengqiao/contracts';
import type { Queryable } from '../../platform/db/db';
import { forbidden, notFound } from '../../platform/errors';
import type { Ctx, Platform } from '../../platform/platform';
import { canRevealPerson, canSeePerson } from './personnel.policy';
import {
  findStaffByBadge,
  getPerson,
  getSealedFields,
  gridsOfPerson,
  listPersons,
  listStaff,
  type PersonRow,
  personKind,
  personRefs,
  teamOfPerson,
} from './personnel.repository';

function toView(r: PersonRow): PersonView {
  return {
    id: r.id,
    kind: r.kind as PersonView['kind'],
    name: r.name,
    gender: r.gender,
    team: r.team as PersonView['team'],
    title: r.title,
    badgeNo: r.badge_no,
    idNumber: r.id_number_masked,
    phone: r.phone_masked,
    gridIds: r.grid_ids,
    attributes: r.attributes,
  };
}

export interface PersonQuery {
  kind?: string;
  team?: string;
  gridId?: string;
  q?: string;
  page: number;
  pageSize: number;
}

export class PersonnelService {
  constructor(private readonly p: Platform) {}

  async list(ctx: Ctx, query: PersonQuery) {
    const { actor } = ctx;
    if (!actor.stationId) throw forbidden('no station');
    const { rows, total } = await listPersons(this.p.db, {
      stationId: actor.stationId,
      ...(query.kind ? { kind: query.kind } : {}),
      ...(query.team ? { team: query.team } : {}),
      ...(query.gridId ? { gridId: query.gridId } : {}),
      ...(actor.scope === 'grids' ? { withinGrids: actor.gridIds } : {}),
      ...(query.q
        ? { q: query.q, idBidx: this.p.pii.idNumberIndex(query.q), phoneBidx: this.p.pii.phoneIndex(query.q) }
        : {}),
      limit: query.pageSize,
      offset: (query.page - 1) * query.pageSize,
    });
    // Lists show masked identifiers, still personal data: the read is audited.
    await this.p.audit.record(ctx.audit, {
      action: 'person.list',
      resourceType: 'person',
      details: {
        count: rows.length,
        total,
        filter: { kind: query.kind, team: query.team, gridId: query.gridId, searched: Boolean(query.q) },
      },
    });
    return { items: rows.map(toView), total, page: query.page, pageSize: query.pageSize };
  }

  async get(ctx: Ctx, id: string): Promise<PersonView> {
    const row = await getPerson(this.p.db, id);
    if (!row || !canSeePerson(ctx.actor, row)) throw notFound('person');
    await this.p.audit.record(ctx.audit, { action: 'person.read', resourceType: 'person', resourceId: id });
    return toView(row);
  }

  async reveal(ctx: Ctx, id: string, field: 'idNumber' | 'phone', reason: string): Promise<string | null> {
    const row = await getPerson(this.p.db, id);
    if (!row || !canSeePerson(ctx.actor, row)) throw notFound('person');
    if (!canRevealPerson(ctx.actor, row)) {
      await this.p.audit.record(ctx.audit, {
        action: 'person.reveal',
        resourceType: 'person',
        resourceId: id,
        outcome: 'denied',
        purpose: reason,
        details: { field },
      });
      throw forbidden('your role may not reveal personal identifiers', 'no_reveal');
    }
    const sealed = await getSealedFields(this.p.db, id);
    const value = this.p.pii.open(field === 'idNumber' ? (sealed?.id_number_enc ?? null) : (sealed?.phone_enc ?? null));
    await this.p.audit.record(ctx.audit, {
      action: 'person.reveal',
      resourceType: 'person',
      resourceId: id,
      purpose: reason,
      details: { field },
    });
    return value;
  }

  /** Masked references; pass the caller's transaction when inside one. */
  async refs(ids: string[], q: Queryable = this.p.db): Promise<Map<string, PersonRef>> {
    const rows = await personRefs(q, [...new Set(ids)]);
    return new Map(rows.map((r) => [r.id, { id: r.id, name: r.name, badgeNo: r.badge_no, phone: r.phone_masked }]));
  }

  gridsOf(personId: string): Promise<string[]> {
    return gridsOfPerson(this.p.db, personId);
  }

  findStaffByBadge(stationId: string, badgeNo: string): Promise<string | null> {
    return findStaffByBadge(this.p.db, stationId, badgeNo);
  }

  kindOf(personId: string): Promise<{ station_id: string; kind: string } | null> {
    return personKind(this.p.db, personId);
  }

  /** Officers and auxiliaries of a station, with their teams (for dispatch boards). */
  staff(stationId: string) {
    return listStaff(this.p.db, stationId);
  }

  teamOf(personId: string): Promise<string | null> {
    return teamOfPerson(this.p.db, personId);
  }
}
