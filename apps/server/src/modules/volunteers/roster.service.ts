import type { VolunteerDetail, VolunteerSummary } from '@fengqiao/contracts';
import {
  approvalBlockers,
  canMoveVolunteer,
  chinaDay,
  chinaInstant,
  nextVolunteerStatuses,
  type VettingCheck,
  type VolunteerStatus,
} from '@fengqiao/domain';
import { PersonalDataError } from '../../platform/crypto/personal-data';
import { AppError, conflict, fieldError, notFound } from '../../platform/errors';
import type { Ctx, Platform } from '../../platform/platform';
import { assignPersonGrids, insertPersons } from '../personnel';
import type { VolunteersDeps } from './deps';
import { secondsOfPerson } from './indicators.repository';
import type { VolunteerLive } from './notify';
import { releaseFutureDuties } from './patrols.repository';
import type { PointsService } from './points.service';
import {
  getProfile,
  getVolunteer,
  insertProfile,
  insertStatusEvent,
  insertVetting,
  listStatusEvents,
  listVetting,
  listVolunteers,
  patchProfile,
  personByIdIndex,
  setStatus,
  type VolunteerRow,
  volunteerInGrids,
} from './roster.repository';
import { leaveAllTeams } from './teams.repository';
import { listCertificates } from './training.repository';
import { certificateView } from './views';
import { gridsOf, type Reach, reachesGrid, reachOf } from './volunteers.policy';

export function summaryOf(v: VolunteerRow): VolunteerSummary {
  return {
    personId: v.person_id,
    name: v.name,
    gender: v.gender,
    phone: v.phone_masked,
    idNumber: v.id_number_masked,
    status: v.status,
    skills: v.skills,
    partyMember: v.party_member,
    partyBranch: v.party_branch,
    gridIds: v.grid_ids,
    teams: v.teams,
    appliedAt: v.applied_at.toISOString(),
    approvedAt: v.approved_at?.toISOString() ?? null,
  };
}

/**
 * The real-name roster (实名登记): applications, vetting by the station
 * (identity and criminal-record check results), approval, suspension and
 * exit. Lists and reads show masked identifiers and are audited.
 */
export class RosterService {
  constructor(
    private readonly p: Platform,
    private readonly deps: VolunteersDeps,
    private readonly points: PointsService,
    private readonly live: VolunteerLive,
  ) {}

  /** The volunteer if the caller reaches them, else 404. */
  async reachable(reach: Reach, personId: string): Promise<VolunteerRow> {
    const v = await getVolunteer(this.p.db, personId);
    if (!v || v.station_id !== reach.stationId) throw notFound('volunteer');
    if (reach.kind === 'grids' && !(await volunteerInGrids(this.p.db, personId, reach.gridIds)))
      throw notFound('volunteer');
    return v;
  }

  async list(
    ctx: Ctx,
    query: {
      status?: string | undefined;
      teamId?: string | undefined;
      gridId?: string | undefined;
      skill?: string | undefined;
      q?: string | undefined;
      page: number;
      pageSize: number;
    },
  ) {
    const reach = reachOf(ctx.actor);
    const { rows, total } = await listVolunteers(this.p.db, {
      stationId: reach.stationId,
      ...(query.status ? { status: query.status } : {}),
      ...(query.teamId ? { teamId: query.teamId } : {}),
      ...(query.gridId ? { gridId: query.gridId } : {}),
      ...(query.skill ? { skill: query.skill } : {}),
      ...(query.q
        ? { q: query.q, idBidx: this.p.pii.idNumberIndex(query.q), phoneBidx: this.p.pii.phoneIndex(query.q) }
        : {}),
      withinGrids: gridsOf(reach),
      limit: query.pageSize,
      offset: (query.page - 1) * query.pageSize,
    });
    await this.p.audit.record(ctx.audit, {
      action: 'volunteer.list',
      resourceType: 'volunteer',
      details: {
        count: rows.length,
        total,
        filter: { status: query.status, teamId: query.teamId, gridId: query.gridId, searched: Boolean(query.q) },
      },
    });
    return { items: rows.map(summaryOf), total, page: query.page, pageSize: query.pageSize };
  }

  async detail(ctx: Ctx, personId: string, audit = true): Promise<VolunteerDetail> {
    const reach = reachOf(ctx.actor);
    const v = await this.reachable(reach, personId);
    const now = this.p.clock.now();
    const today = chinaDay(now);
    const yearStart = chinaInstant(`${today.slice(0, 4)}-01-01`, '00:00');
    const [vetting, history, unitIds, certs, seconds, points] = await Promise.all([
      listVetting(this.p.db, personId),
      listStatusEvents(this.p.db, personId),
      this.deps.unitsOfPerson(personId),
      listCertificates(this.p.db, { stationId: v.station_id, personIds: [personId] }),
      secondsOfPerson(this.p.db, personId, yearStart, now),
      this.points.total(personId),
    ]);
    const units = (await Promise.all(unitIds.map((id) => this.deps.unit(id)))).flatMap((u) => (u ? [u] : []));
    if (audit)
      await this.p.audit.record(ctx.audit, {
        action: 'volunteer.read',
        resourceType: 'volunteer',
        resourceId: personId,
      });
    const occupation = v.attributes.occupation;
    return {
      ...summaryOf(v),
      availability: v.availability,
      occupation: typeof occupation === 'string' ? occupation : null,
      statusReason: v.status_reason,
      nextStatuses: [...nextVolunteerStatuses(v.status)].filter((s) => s !== 'vetting'),
      approvalBlockers: approvalBlockers(
        vetting.map((x) => ({ check: x.check_kind, result: x.result, at: x.checked_at.getTime() })),
      ),
      vetting: vetting.map((x) => ({
        id: x.id,
        check: x.check_kind,
        result: x.result,
        note: x.note,
        checkedBy: x.checked_by_name,
        checkedAt: x.checked_at.toISOString(),
      })),
      history: history.map((h) => ({
        from: h.from_status,
        to: h.to_status,
        reason: h.reason,
        actorName: h.actor_name,
        at: h.at.toISOString(),
      })),
      units: units.map((u) => ({ id: u.id, code: u.code, name: u.name })),
      certificates: certs.map((c) => certificateView(c, today)),
      hoursThisYear: Math.round((seconds / 3600) * 100) / 100,
      pointsTotal: points,
      version: v.version,
    };
  }

  /**
   * Registers an application: an existing person of kind volunteer, or a
   * new one with name, ID number (GB 11643) and phone, sealed like every
   * personal identifier. One profile per person; one person per ID number.
   */
  async apply(
    ctx: Ctx,
    b: {
      personId?: string | undefined;
      name?: string | undefined;
      gender?: 'M' | 'F' | undefined;
      idNumber?: string | undefined;
      phone?: string | undefined;
      gridId?: string | undefined;
      occupation?: string | undefined;
      skills: string[];
      availability: { weekday: number; from: string; to: string }[];
      partyMember: boolean;
      partyBranch?: string | undefined;
    },
  ): Promise<VolunteerDetail> {
    const reach = reachOf(ctx.actor);
    const stationId = reach.stationId;
    let existing: string | null = null;
    if (b.personId) {
      const kind = await this.deps.personnel.kindOf(b.personId);
      if (!kind || kind.station_id !== stationId) throw fieldError('body.personId', 'unknown_person', 'no such person');
      if (kind.kind !== 'volunteer')
        throw fieldError('body.personId', 'not_a_volunteer_person', 'only people of kind volunteer join the roster');
      existing = b.personId;
    } else {
      const missing = (['name', 'idNumber', 'phone', 'gridId'] as const).filter((k) => !b[k]);
      if (missing.length > 0)
        throw new AppError(
          'validation',
          'a new applicant needs a name, ID number, phone and grid',
          missing.map((k) => ({ path: `body.${k}`, code: 'required', message: 'required' })),
        );
      if (!reachesGrid(reach, b.gridId ?? null))
        throw fieldError('body.gridId', 'outside_jurisdiction', 'the grid is outside your jurisdiction');
      const grids = await this.deps.grids(stationId);
      if (!grids.some((g) => g.id === b.gridId)) throw fieldError('body.gridId', 'unknown_grid', 'no such grid');
    }
    let sealedId: ReturnType<Platform['pii']['sealIdNumber']> | null = null;
    let sealedPhone: ReturnType<Platform['pii']['sealPhone']> | null = null;
    if (!existing) {
      try {
        sealedId = this.p.pii.sealIdNumber(b.idNumber ?? '');
      } catch (e) {
        if (e instanceof PersonalDataError) throw fieldError('body.idNumber', e.code, 'not a valid resident ID number');
        throw e;
      }
      try {
        sealedPhone = this.p.pii.sealPhone(b.phone ?? '');
      } catch (e) {
        if (e instanceof PersonalDataError) throw fieldError('body.phone', e.code, 'not a valid phone number');
        throw e;
      }
    }
    const personId = await this.p.db.tx(async (tx) => {
      const now = this.p.clock.now();
      let id = existing;
      if (!id && sealedId && sealedPhone) {
        const dup = await personByIdIndex(tx, stationId, sealedId.bidx);
        if (dup) throw conflict('a person with this ID number is already registered', 'already_registered');
        const [created] = await insertPersons(tx, [
          {
            stationId,
            kind: 'volunteer',
            name: b.name ?? '',
            gender: b.gender ?? null,
            birthDate: null,
            team: null,
            title: '义警队员',
            badgeNo: null,
            idNumber: sealedId,
            phone: sealedPhone,
            attributes: { skills: b.skills, ...(b.occupation ? { occupation: b.occupation } : {}) },
          },
        ]);
        if (!created) throw new Error('person insert returned nothing');
        id = created;
        if (b.gridId) await assignPersonGrids(tx, [{ personId: id, gridId: b.gridId }]);
      }
      if (!id) throw new Error('no person for the application');
      const inserted = await insertProfile(tx, {
        personId: id,
        stationId,
        status: 'applied',
        skills: b.skills,
        availability: b.availability,
        partyMember: b.partyMember,
        partyBranch: b.partyBranch ?? null,
        createdBy: ctx.actor.userId,
        now,
      });
      if (!inserted) throw conflict('this person is already on the roster', 'already_registered');
      await insertStatusEvent(tx, {
        personId: id,
        from: null,
        to: 'applied',
        reason: null,
        actorId: ctx.actor.userId,
        actorName: ctx.actor.displayName,
        at: now,
      });
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'volunteer.apply',
          resourceType: 'volunteer',
          resourceId: id,
          details: { existingPerson: Boolean(existing) },
        },
        tx,
      );
      return id;
    });
    return this.detail(ctx, personId, false);
  }

  /** Records a vetting check; the first one moves the application into vetting. */
  async vet(
    ctx: Ctx,
    personId: string,
    b: { check: VettingCheck; result: 'pass' | 'fail'; note: string },
  ): Promise<VolunteerDetail> {
    const reach = reachOf(ctx.actor);
    await this.reachable(reach, personId);
    await this.p.db.tx(async (tx) => {
      const now = this.p.clock.now();
      const prof = await getProfile(tx, personId, true);
      if (!prof) throw notFound('volunteer');
      if (prof.status !== 'applied' && prof.status !== 'vetting' && b.check !== 'record_check')
        throw conflict(`a ${prof.status} volunteer is not in vetting`, 'not_in_vetting');
      await insertVetting(tx, {
        personId,
        check: b.check,
        result: b.result,
        note: b.note,
        byId: ctx.actor.userId,
        byName: ctx.actor.displayName,
        at: now,
      });
      if (prof.status === 'applied') {
        await setStatus(tx, personId, 'vetting', null, now);
        await insertStatusEvent(tx, {
          personId,
          from: 'applied',
          to: 'vetting',
          reason: `${b.check}: ${b.result}`,
          actorId: ctx.actor.userId,
          actorName: ctx.actor.displayName,
          at: now,
        });
      }
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'volunteer.vet',
          resourceType: 'volunteer',
          resourceId: personId,
          details: { check: b.check, result: b.result },
        },
        tx,
      );
    });
    return this.detail(ctx, personId, false);
  }

  /**
   * Approve, suspend, reinstate (approve a suspended volunteer), exit or
   * reject. Approval needs a passed identity and record check. Suspension
   * and exit release the volunteer's claimed future duties; exit also ends
   * their team memberships and leaderships.
   */
  async setStatus(
    ctx: Ctx,
    personId: string,
    b: { to: 'approved' | 'suspended' | 'exited' | 'rejected'; reason: string; version: number },
  ): Promise<VolunteerDetail> {
    const reach = reachOf(ctx.actor);
    await this.reachable(reach, personId);
    await this.p.db.tx(async (tx) => {
      const now = this.p.clock.now();
      const prof = await getProfile(tx, personId, true);
      if (!prof) throw notFound('volunteer');
      if (prof.version !== b.version) throw conflict('the volunteer was changed meanwhile; reload', 'stale');
      const from: VolunteerStatus = prof.status;
      if (!canMoveVolunteer(from, b.to))
        throw conflict(`a ${from} volunteer cannot become ${b.to}`, 'invalid_transition');
      if (b.to === 'approved') {
        const blockers = approvalBlockers(
          (await listVetting(tx, personId)).map((x) => ({
            check: x.check_kind,
            result: x.result,
            at: x.checked_at.getTime(),
          })),
        );
        if (blockers.length > 0)
          throw fieldError('body.to', 'vetting_incomplete', `a passed check is missing: ${blockers.join(', ')}`);
      }
      await setStatus(tx, personId, b.to, b.reason, now);
      await insertStatusEvent(tx, {
        personId,
        from,
        to: b.to,
        reason: b.reason,
        actorId: ctx.actor.userId,
        actorName: ctx.actor.displayName,
        at: now,
      });
      let released = 0;
      let teams: string[] = [];
      if (b.to === 'suspended' || b.to === 'exited') {
        released = (await releaseFutureDuties(tx, personId, now, `volunteer ${b.to}`, now, null)).length;
      }
      if (b.to === 'exited') teams = await leaveAllTeams(tx, personId, now);
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'volunteer.status',
          resourceType: 'volunteer',
          resourceId: personId,
          details: { from, to: b.to, releasedDuties: released, leftTeams: teams.length },
        },
        tx,
      );
      await this.live.notify(tx, {
        stationId: prof.station_id,
        personId,
        kind: `status_${b.to}`,
        title: b.to === 'approved' ? '您已通过审核，成为义警队员' : `义警状态变更：${b.to}`,
        body: b.reason,
        refType: 'volunteer',
        refId: personId,
      });
    });
    return this.detail(ctx, personId, false);
  }

  async patch(
    ctx: Ctx,
    personId: string,
    b: {
      skills?: string[] | undefined;
      availability?: { weekday: number; from: string; to: string }[] | undefined;
      partyMember?: boolean | undefined;
      partyBranch?: string | null | undefined;
      version: number;
    },
  ): Promise<VolunteerDetail> {
    const reach = reachOf(ctx.actor);
    await this.reachable(reach, personId);
    await this.p.db.tx(async (tx) => {
      const prof = await getProfile(tx, personId, true);
      if (!prof) throw notFound('volunteer');
      if (prof.version !== b.version) throw conflict('the volunteer was changed meanwhile; reload', 'stale');
      await patchProfile(tx, personId, {
        ...(b.skills ? { skills: b.skills } : {}),
        ...(b.availability ? { availability: b.availability } : {}),
        ...(b.partyMember !== undefined ? { partyMember: b.partyMember } : {}),
        ...(b.partyBranch !== undefined ? { partyBranch: b.partyBranch } : {}),
      });
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'volunteer.update',
          resourceType: 'volunteer',
          resourceId: personId,
          details: { fields: Object.keys(b).filter((k) => k !== 'version') },
        },
        tx,
      );
    });
    return this.detail(ctx, personId, false);
  }
}
