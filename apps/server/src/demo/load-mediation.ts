import { randomUUID } from 'node:crypto';
import type { MediatorKind } from '@fengqiao/domain';
import { linkIncidentsToDisputes } from '../modules/incidents';
import {
  advanceDisputeSequences,
  DEADLINE_JOB,
  FOLLOWUP_JOB,
  type HistoryAgreement,
  type HistoryAssignment,
  type HistoryDispute,
  type HistoryEventRow,
  type HistoryFollowup,
  type HistoryParty,
  type HistoryTerm,
  insertAgreementHistory,
  insertAssignmentHistory,
  insertDisputeEventHistory,
  insertDisputeHistory,
  insertFollowupHistory,
  insertMediators,
  insertPartyHistory,
  insertTermHistory,
  JUDICIAL_JOB,
  judicialDeadline,
  setDisputeIncidents,
  timerKeys,
} from '../modules/mediation';
import type { Tx } from '../platform/db/db';
import { insertJob } from '../platform/jobs/jobs.repository';
import type { Platform } from '../platform/platform';
import { generateIncidentHistory } from './incidents.generator';
import { generateMediationHistory, MEDIATOR_PROFILE } from './mediation.generator';
import type { DemoTown } from './town.types';

export interface LoadedMediationTown {
  stationId: string;
  personIds: Map<string, string>;
  gridIds: Map<string, string>;
}

const localDate = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
const addDays = (iso: string, n: number) =>
  new Date(new Date(`${iso}T00:00:00Z`).getTime() + n * 86_400_000).toISOString().slice(0, 10);
const REMIND_HOURS = { red: 24, orange: 48, yellow: 72 } as const;

/**
 * The mediator pool and a year of the dispute ledger, bulk-loaded with
 * unnest inserts in the demo town's transaction; disputes that came from
 * dispute incidents are linked both ways; pending deadlines, follow-ups and
 * judicial-confirmation windows get their timers.
 */
export async function loadMediationHistory(
  platform: Platform,
  tx: Tx,
  town: DemoTown,
  loaded: LoadedMediationTown,
): Promise<{ disputes: number; mediators: number; linkedIncidents: number }> {
  const now = platform.clock.now();
  const name = new Map(town.people.map((p) => [p.key, p.name]));
  const communityName = new Map(town.communities.map((c) => [c.key, c.name]));

  // The pool (民调入所): every mediator of the town, with the profile of their kind.
  const pool = town.people.filter((p) => p.kind === 'mediator' && p.mediatorKind);
  await insertMediators(
    tx,
    pool.flatMap((p) => {
      const personId = loaded.personIds.get(p.key);
      const kind = p.mediatorKind as MediatorKind;
      if (!personId) return [];
      const prof = MEDIATOR_PROFILE[kind];
      const village = p.homeCommunityKey ? communityName.get(p.homeCommunityKey) : undefined;
      return [
        {
          personId,
          stationId: loaded.stationId,
          name: p.name,
          title: p.title ?? null,
          kind,
          specialties: p.mediatorSpecialties ?? [],
          levels: prof.levels,
          commercial: prof.commercial,
          gridIds: p.gridCodes.flatMap((c) => {
            const id = loaded.gridIds.get(c);
            return id ? [id] : [];
          }),
          villages: village ? [village] : [],
          maxLoad: prof.maxLoad,
          weekdays: prof.weekdays,
          active: true,
          note: null,
        },
      ];
    }),
    now,
  );

  const incidents = generateIncidentHistory(town, now);
  const history = generateMediationHistory(town, now, incidents);

  const disputes: HistoryDispute[] = [];
  const parties: HistoryParty[] = [];
  const events: HistoryEventRow[] = [];
  const assignments: HistoryAssignment[] = [];
  const agreements: HistoryAgreement[] = [];
  const terms: HistoryTerm[] = [];
  const followups: HistoryFollowup[] = [];
  const links: { incidentId: null; incidentNumber: string; disputeId: string }[] = [];
  const jobs: { kind: string; payload: unknown; at: Date; key: string }[] = [];
  const gridOfficer = new Map(town.grids.map((g) => [g.code, g.officerKey]));

  history.forEach((h, i) => {
    const id = randomUUID();
    const number = `TJ${localDate(h.registeredAt).replaceAll('-', '')}${String(i + 1).padStart(6, '0')}`;
    const timeline: Omit<HistoryEventRow, 'disputeId' | 'version'>[] = [];
    const ev = (e: Partial<Omit<HistoryEventRow, 'disputeId' | 'version'>> & { at: Date; kind: string }) =>
      timeline.push({
        actorName: null,
        fromStatus: null,
        toStatus: null,
        fromLevel: null,
        toLevel: null,
        fromTrack: null,
        toTrack: null,
        reason: null,
        ...e,
      });
    ev({
      at: h.registeredAt,
      kind: 'registered',
      actorName: name.get(h.registeredByKey) ?? null,
      toStatus: 'open',
      toLevel: h.initialLevel,
      toTrack: 'standard',
    });
    for (const s of h.steps)
      ev({
        at: s.at,
        kind: s.kind,
        actorName: s.actorKey ? (name.get(s.actorKey) ?? null) : '系统',
        fromStatus: s.from.status,
        toStatus: s.to.status,
        fromLevel: s.from.level,
        toLevel: s.to.level,
        fromTrack: s.from.track,
        toTrack: s.to.track,
        reason: s.reason,
      });
    const byAt = new Map<number, string[]>();
    for (const m of h.mediators) {
      const personId = loaded.personIds.get(m.key);
      if (!personId) continue;
      const lead = !h.mediators.some(
        (x) => x.at.getTime() === m.at.getTime() && h.mediators.indexOf(x) < h.mediators.indexOf(m),
      );
      assignments.push({
        disputeId: id,
        mediatorId: personId,
        name: name.get(m.key) ?? '',
        role: lead ? 'lead' : 'member',
        level: m.level,
        track: m.track,
        assignedAt: m.at,
      });
      byAt.set(m.at.getTime(), [...(byAt.get(m.at.getTime()) ?? []), name.get(m.key) ?? '']);
    }
    for (const [at, names] of byAt)
      ev({ at: new Date(at), kind: 'assigned', reason: `指派调解员：${names.join('、')}` });

    if (h.agreement) {
      const a = h.agreement;
      const agreementId = randomUUID();
      const n = agreements.length + 1;
      const agreedAt = h.resolvedAt ?? h.registeredAt;
      agreements.push({
        id: agreementId,
        disputeId: id,
        number: `清溪调字〔${a.agreedOn.slice(0, 4)}〕第${n}号`,
        form: a.form,
        status: a.form === 'written' ? 'signed' : 'draft',
        facts: a.facts,
        performanceMethod: a.performanceMethod,
        agreedOn: a.agreedOn,
        signedAt: a.form === 'written' ? agreedAt : null,
        judicialStatus: a.judicial,
        judicialWindowEnds: a.form === 'written' ? addDays(a.agreedOn, 30) : null,
        judicialAppliedOn: a.judicialAppliedOn,
        judicialCourt: a.judicialAppliedOn ? '霸州市人民法院' : null,
        judicialDecidedOn: a.judicialDecidedOn,
        performanceStatus: a.performance,
        createdAt: new Date(agreedAt.getTime() - 600_000),
      });
      for (const [k, t] of a.terms.entries())
        terms.push({
          agreementId,
          seq: k + 1,
          text: t.text,
          obligor: t.obligor,
          dueOn: t.dueOn,
          amount: t.amount,
          status: t.performedOn ? 'performed' : 'pending',
          performedOn: t.performedOn,
        });
      ev({ at: new Date(agreedAt.getTime() - 600_000), kind: 'agreement.created', reason: null });
      if (a.judicialAppliedOn) ev({ at: new Date(`${a.judicialAppliedOn}T02:00:00Z`), kind: 'judicial.applied' });
      if (a.judicialDecidedOn) ev({ at: new Date(`${a.judicialDecidedOn}T02:00:00Z`), kind: 'judicial.confirmed' });
      if (a.judicial === 'none' && a.form === 'written') {
        const ends = addDays(a.agreedOn, 30);
        jobs.push({
          kind: JUDICIAL_JOB,
          payload: { agreementId },
          at: judicialDeadline(ends),
          key: timerKeys.judicial(agreementId),
        });
      }
    }
    for (const f of h.followups) {
      const fid = randomUUID();
      followups.push({
        id: fid,
        disputeId: id,
        seq: f.seq,
        dueAt: f.dueAt,
        status: f.doneAt ? 'done' : h.status === 'open' ? 'cancelled' : 'pending',
        doneAt: f.doneAt,
        method: f.method,
        result: f.result,
        visitorName: f.doneAt ? (name.get(gridOfficer.get(h.gridCode) ?? '') ?? null) : null,
      });
      if (f.doneAt)
        ev({ at: f.doneAt, kind: 'followup.done', reason: f.result === 'relapse' ? '回访发现纠纷反复' : null });
      else if (h.status !== 'open' && f.dueAt.getTime() > now.getTime())
        jobs.push({ kind: FOLLOWUP_JOB, payload: { followupId: fid }, at: f.dueAt, key: timerKeys.followup(fid) });
    }
    timeline.sort((a, b) => a.at.getTime() - b.at.getTime());
    for (const [k, e] of timeline.entries()) events.push({ ...e, disputeId: id, version: k + 1 });

    if (h.status === 'open' && h.dueAt && h.dueAt.getTime() > now.getTime()) {
      const stamp = h.dueAt.toISOString();
      jobs.push({
        kind: DEADLINE_JOB,
        payload: { disputeId: id, kind: 'due', dueAt: stamp },
        at: h.dueAt,
        key: timerKeys.deadline(id, 'due'),
      });
      const remindAt = new Date(h.dueAt.getTime() - REMIND_HOURS[h.risk] * 3_600_000);
      if (remindAt.getTime() > now.getTime())
        jobs.push({
          kind: DEADLINE_JOB,
          payload: { disputeId: id, kind: 'remind', dueAt: stamp },
          at: remindAt,
          key: timerKeys.deadline(id, 'remind'),
        });
    }
    const gridId = loaded.gridIds.get(h.gridCode) ?? null;
    disputes.push({
      id,
      stationId: loaded.stationId,
      number,
      categoryCode: h.categoryCode,
      source: h.source,
      incidentId: null,
      summary: h.summary,
      facts: h.facts,
      place: h.place,
      lng: h.point?.[0] ?? null,
      lat: h.point?.[1] ?? null,
      gridId,
      responsiblePersonId: loaded.personIds.get(gridOfficer.get(h.gridCode) ?? '') ?? null,
      risk: h.risk,
      amount: h.amount,
      hasEnterprise: h.parties.some((p) => p.kind === 'enterprise'),
      partyNames: h.parties.map((p) => p.name).join('、'),
      initialLevel: h.initialLevel,
      level: h.level,
      maxLevel: h.maxLevel,
      track: h.track,
      status: h.status,
      outcome: h.outcome,
      nextStep: h.nextStep,
      registeredAt: h.registeredAt,
      dueAt: h.status === 'open' ? h.dueAt : null,
      resolvedAt: h.resolvedAt,
      closedAt: h.closedAt,
      reopenedCount: h.reopenedCount,
      updatedAt: timeline[timeline.length - 1]?.at ?? h.registeredAt,
      imported: false,
      createdBy: null,
      version: timeline.length,
    });
    for (const [k, p] of h.parties.entries())
      parties.push({
        disputeId: id,
        seq: k + 1,
        kind: p.kind,
        role: p.role,
        name: p.name,
        gender: p.gender,
        idNumber: p.idNumber ? platform.pii.sealIdNumber(p.idNumber) : null,
        phone: p.phone ? platform.pii.sealPhone(p.phone) : null,
        creditCode: p.creditCode,
        legalRepresentative: p.legalRepresentative,
      });
    if (h.incidentNumber) links.push({ incidentId: null, incidentNumber: h.incidentNumber, disputeId: id });
  });

  await insertDisputeHistory(tx, disputes);
  await insertPartyHistory(tx, parties);
  await insertDisputeEventHistory(tx, events);
  await insertAssignmentHistory(tx, assignments);
  await insertAgreementHistory(tx, agreements);
  await insertTermHistory(tx, terms);
  await insertFollowupHistory(tx, followups);
  const linked = await linkIncidentsToDisputes(tx, links, null, now);
  await setDisputeIncidents(tx, linked);
  await advanceDisputeSequences(tx, disputes.length + 1, agreements.length + 1);
  for (const j of jobs) await insertJob(tx, j.kind, j.payload, j.at, j.key, 10);
  return { disputes: disputes.length, mediators: pool.length, linkedIncidents: linked.length };
}
