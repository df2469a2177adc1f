import type { AgreementView, DisputeSummary, FollowupView, PartyView, SessionView } from '@fengqiao/contracts';
import type { AgreementRow, TermRow } from './agreements.repository';
import type { FollowupRow, SessionRow } from './casework.repository';
import type { DisputeRow, EventRow, PartyRow } from './disputes.repository';
import type { AssignmentRow } from './mediators.repository';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** China local calendar date of an instant (YYYY-MM-DD). */
export function localDate(d: Date): string {
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

export function addDays(date: string, n: number): string {
  return new Date(new Date(`${date}T00:00:00Z`).getTime() + n * 86_400_000).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((new Date(`${to}T00:00:00Z`).getTime() - new Date(`${from}T00:00:00Z`).getTime()) / 86_400_000);
}

export function summaryView(
  d: DisputeRow,
  gridCode: string | null,
  assignments: AssignmentRow[],
  now: Date,
): DisputeSummary {
  return {
    id: d.id,
    number: d.number,
    categoryCode: d.category_code,
    source: d.source,
    summary: d.summary,
    place: d.place,
    gridId: d.grid_id,
    gridCode,
    risk: d.risk,
    amount: d.amount,
    level: d.level,
    maxLevel: d.max_level,
    track: d.track,
    status: d.status,
    outcome: d.outcome,
    partyNames: d.party_names,
    hasEnterprise: d.has_enterprise,
    mediators: assignments
      .filter((a) => a.released_at === null)
      .map((a) => ({ id: a.mediator_id, name: a.mediator_name, role: a.role })),
    registeredAt: d.registered_at.toISOString(),
    dueAt: iso(d.due_at),
    overdue: d.status === 'open' && d.due_at !== null && d.due_at.getTime() < now.getTime(),
    resolvedAt: iso(d.resolved_at),
    reopenedCount: d.reopened_count,
    version: d.version,
  };
}

export function partyView(p: PartyRow): PartyView {
  return {
    id: p.id,
    seq: p.seq,
    kind: p.kind,
    role: p.role,
    name: p.name,
    gender: p.gender,
    idNumber: p.id_number_masked,
    phone: p.phone_masked,
    creditCode: p.credit_code,
    legalRepresentative: p.legal_representative,
    address: p.address,
  };
}

export function eventView(e: EventRow) {
  return {
    id: e.id,
    at: e.at.toISOString(),
    kind: e.kind,
    actorName: e.actor_name,
    from: { status: e.from_status, level: e.from_level, track: e.from_track },
    to: { status: e.to_status, level: e.to_level, track: e.to_track },
    reason: e.reason,
    details: e.details,
    version: e.version,
  };
}

export function assignmentView(a: AssignmentRow) {
  return {
    mediatorId: a.mediator_id,
    name: a.mediator_name,
    kind: a.kind,
    role: a.role,
    level: a.level,
    track: a.track,
    score: a.score,
    assignedAt: a.assigned_at.toISOString(),
    releasedAt: iso(a.released_at),
  };
}

export function sessionView(s: SessionRow): SessionView {
  return {
    id: s.id,
    disputeId: s.dispute_id,
    disputeNumber: s.dispute_number,
    scheduledAt: s.scheduled_at.toISOString(),
    durationMinutes: s.duration_minutes,
    mode: s.mode,
    place: s.place,
    videoLink: s.video_link,
    participants: s.participants,
    status: s.status,
    minutes: s.minutes,
    heldAt: iso(s.held_at),
    version: s.version,
  };
}

export function followupView(f: FollowupRow, now: Date): FollowupView {
  return {
    id: f.id,
    disputeId: f.dispute_id,
    disputeNumber: f.dispute_number,
    seq: f.seq,
    dueAt: f.due_at.toISOString(),
    status: f.status,
    doneAt: iso(f.done_at),
    method: f.method,
    result: f.result,
    note: f.note,
    visitorName: f.visitor_name,
    overdue: f.status === 'pending' && f.due_at.getTime() < now.getTime(),
  };
}

export function agreementView(a: AgreementRow, terms: TermRow[], now: Date): AgreementView {
  const today = localDate(now);
  const open = a.judicial_status === 'none' && a.judicial_window_ends !== null;
  return {
    id: a.id,
    disputeId: a.dispute_id,
    number: a.number,
    form: a.form,
    status: a.status,
    facts: a.facts,
    issues: a.issues,
    responsibilities: a.responsibilities,
    terms: terms.map((t) => ({
      id: t.id,
      seq: t.seq,
      text: t.text,
      obligor: t.obligor,
      dueOn: t.due_on,
      amount: t.amount,
      status: t.status,
      performedOn: t.performed_on,
      note: t.note,
      overdue: t.status === 'pending' && t.due_on !== null && t.due_on < today,
    })),
    performanceMethod: a.performance_method,
    performanceDeadline: a.performance_deadline,
    performanceStatus: a.performance_status,
    agreedOn: a.agreed_on,
    signedAt: iso(a.signed_at),
    signedCopyUrl: a.signed_file_id ? `/api/mediation/agreements/${a.id}/signed` : null,
    pdfUrl: a.form === 'written' ? `/api/mediation/agreements/${a.id}/pdf` : null,
    judicial: {
      status: a.judicial_status,
      windowEnds: a.judicial_window_ends,
      daysLeft: open && a.judicial_window_ends ? Math.max(0, daysBetween(today, a.judicial_window_ends)) : null,
      appliedOn: a.judicial_applied_on,
      court: a.judicial_court,
      decidedOn: a.judicial_decided_on,
      caseNo: a.judicial_case_no,
      note: a.judicial_note,
    },
    version: a.version,
  };
}
