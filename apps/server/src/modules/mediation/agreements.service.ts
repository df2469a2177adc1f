import type { AgreementView, CreateAgreementRequest, FieldError } from '@fengqiao/contracts';
import { JUDICIAL_WINDOW_DAYS } from '@fengqiao/domain';
import type { Tx } from '../../platform/db/db';
import { badRequest, conflict, fieldError, forbidden, notFound } from '../../platform/errors';
import { readFile, storeFile } from '../../platform/files/files.service';
import type { Ctx, Platform } from '../../platform/platform';
import { renderAgreementPdf } from './agreement.pdf';
import {
  type AgreementRow,
  getAgreement,
  insertAgreement,
  insertTerms,
  listAgreements,
  termsOf,
  updateAgreement,
  updateTerm,
} from './agreements.repository';
import type { MediationDeps } from './deps';
import { getDispute, insertEvent, ledgerWhere, listParties, sealedParties, updateDispute } from './disputes.repository';
import type { DisputesService } from './disputes.service';
import { listAssignments } from './mediators.repository';
import type { MediationLive } from './notify';
import type { MediationTimers } from './timers';
import { addDays, agreementView, localDate } from './views';

export const SIGNED_COPY_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export const SIGNED_COPY_MAX_BYTES = 9 * 1024 * 1024;

/** '清溪镇派出所' → the committee '清溪镇人民调解委员会' and the number prefix '清溪调字〔2026〕第'. */
export function committeeOf(stationName: string | null): { committee: string; short: string } {
  const town = (stationName ?? '').replace(/(公安)?派出所$/, '') || '本镇';
  return { committee: `${town}人民调解委员会`, short: town.replace(/(镇|乡|街道)$/, '') || town };
}

/**
 * Mediation agreements (调解协议书): drafted from the dispute with terms,
 * printed as a PDF with signature blocks, the signed copy uploaded, the
 * 30-day judicial-confirmation window watched by a timer, applications and
 * court decisions recorded, and the performance of each term tracked.
 */
export class AgreementsService {
  constructor(
    private readonly p: Platform,
    private readonly deps: MediationDeps,
    private readonly disputes: DisputesService,
    private readonly timers: MediationTimers,
    private readonly live: MediationLive,
  ) {}

  private async view(id: string): Promise<AgreementView> {
    const a = await getAgreement(this.p.db, id);
    if (!a) throw notFound('agreement');
    return agreementView(a, await termsOf(this.p.db, [id]), this.p.clock.now());
  }

  /** The agreement, if the caller reaches its dispute. */
  private async visible(ctx: Ctx, id: string): Promise<AgreementRow> {
    const a = await getAgreement(this.p.db, id);
    if (!a) throw notFound('agreement');
    await this.disputes.visible(ctx, a.dispute_id).catch(() => {
      throw notFound('agreement');
    });
    return a;
  }

  async create(ctx: Ctx, disputeId: string, b: CreateAgreementRequest): Promise<AgreementView> {
    const stationName = await this.deps.stationName(this.disputes.station(ctx));
    const { short } = committeeOf(stationName);
    const id = await this.p.db.tx(async (tx) => {
      const d = await this.disputes.lockVisible(ctx, tx, disputeId);
      if (d.status !== 'open' && d.status !== 'resolved')
        throw conflict('agreements are drawn up while the dispute is in mediation or just resolved');
      const parties = await listParties(tx, [disputeId]);
      const byId = new Map(parties.map((x) => [x.id, x]));
      const errors: FieldError[] = [
        ...b.responsibilities.flatMap((r, i) =>
          byId.has(r.partyId)
            ? []
            : [
                {
                  path: `body.responsibilities.${i}.partyId`,
                  code: 'unknown_party',
                  message: 'not a party of this dispute',
                },
              ],
        ),
        ...b.terms.flatMap((t, i) =>
          t.obligorPartyId && !byId.has(t.obligorPartyId)
            ? [
                {
                  path: `body.terms.${i}.obligorPartyId`,
                  code: 'unknown_party',
                  message: 'not a party of this dispute',
                },
              ]
            : [],
        ),
      ];
      if (errors.length > 0) throw badRequest(errors[0]?.message ?? 'invalid agreement', errors);
      const now = this.p.clock.now();
      const agreedOn = b.agreedOn ?? localDate(now);
      if (agreedOn > localDate(now))
        throw fieldError('body.agreedOn', 'future', 'the agreement date lies in the future');
      const windowEnds = b.form === 'written' ? addDays(agreedOn, JUDICIAL_WINDOW_DAYS) : null;
      const { id, number } = await insertAgreement(tx, {
        disputeId,
        numberPrefix: `${short}调字〔${agreedOn.slice(0, 4)}〕第`,
        form: b.form,
        facts: b.facts,
        issues: b.issues,
        responsibilities: b.responsibilities.map((r) => ({
          partyId: r.partyId,
          party: byId.get(r.partyId)?.name ?? '',
          text: r.text,
        })),
        performanceMethod: b.performanceMethod,
        performanceDeadline: b.performanceDeadline ?? null,
        agreedOn,
        judicialStatus: b.form === 'written' ? 'none' : 'not_applicable',
        judicialWindowEnds: windowEnds,
        by: ctx.actor.userId,
        now,
      });
      await insertTerms(
        tx,
        id,
        b.terms.map((t) => ({
          text: t.text,
          obligor: t.obligorPartyId ? (byId.get(t.obligorPartyId)?.name ?? null) : null,
          dueOn: t.dueOn ?? null,
          amount: t.amount ?? null,
        })),
      );
      if (windowEnds && windowEnds >= localDate(now)) await this.timers.judicialWindow(tx, id, windowEnds);
      const version = await updateDispute(tx, disputeId, now, {});
      await insertEvent(tx, {
        disputeId,
        at: now,
        actorId: ctx.actor.userId,
        actorName: ctx.actor.displayName,
        kind: 'agreement.created',
        details: { agreementId: id, number, form: b.form, terms: b.terms.length },
        version,
      });
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'agreement.create',
          resourceType: 'dispute',
          resourceId: disputeId,
          details: { agreementId: id, number },
        },
        tx,
      );
      await this.live.dispute(tx, { ...d, version }, 'agreement');
      return id;
    });
    return this.view(id);
  }

  async get(ctx: Ctx, id: string): Promise<AgreementView> {
    await this.visible(ctx, id);
    return this.view(id);
  }

  /**
   * The printable agreement. Identifiers are masked unless the caller holds
   * pii.reveal and asks for the full text with a reason (the print for
   * signature), which is audited as a reveal.
   */
  async pdf(ctx: Ctx, id: string, full: { reason: string } | null): Promise<{ pdf: Buffer; filename: string }> {
    const a = await this.visible(ctx, id);
    if (a.form !== 'written')
      throw conflict('an oral agreement is recorded in the ledger and has no document to print');
    if (full && !ctx.actor.permissions.has('pii.reveal'))
      throw forbidden('printing full ID numbers and phones requires pii.reveal');
    const d = await getDispute(this.p.db, a.dispute_id);
    if (!d) throw notFound('dispute');
    const [parties, terms, assignments, stationName] = await Promise.all([
      listParties(this.p.db, [d.id]),
      termsOf(this.p.db, [id]),
      listAssignments(this.p.db, [d.id], true),
      this.deps.stationName(d.station_id),
    ]);
    const sealed = full ? await sealedParties(this.p.db, d.id) : [];
    const open = (partyId: string, field: 'id_number_enc' | 'phone_enc') =>
      this.p.pii.open(sealed.find((r) => r.id === partyId)?.[field] ?? null);
    const pdf = await renderAgreementPdf({
      number: a.number,
      committee: committeeOf(stationName).committee,
      disputeNumber: d.number,
      parties: parties.map((x) => ({
        role: x.role,
        kind: x.kind,
        name: x.name,
        gender: x.gender,
        idNumber: full ? open(x.id, 'id_number_enc') : x.id_number_masked,
        creditCode: x.credit_code,
        legalRepresentative: x.legal_representative,
        phone: full ? open(x.id, 'phone_enc') : x.phone_masked,
        address: x.address,
      })),
      facts: a.facts,
      issues: a.issues,
      responsibilities: a.responsibilities,
      terms: terms.map((t) => ({ text: t.text, obligor: t.obligor, dueOn: t.due_on, amount: t.amount })),
      performanceMethod: a.performance_method,
      performanceDeadline: a.performance_deadline,
      agreedOn: a.agreed_on,
      mediators: assignments
        .sort((x, y) => (x.role === 'lead' ? -1 : y.role === 'lead' ? 1 : 0))
        .map((x) => x.mediator_name),
    });
    await this.p.audit.record(ctx.audit, {
      action: full ? 'agreement.print_full' : 'agreement.print',
      resourceType: 'dispute',
      resourceId: d.id,
      ...(full ? { purpose: full.reason } : {}),
      details: { agreementId: id },
    });
    return { pdf, filename: `agreement-${d.number}.pdf` };
  }

  async uploadSigned(ctx: Ctx, id: string, bytes: Buffer, name: string | null): Promise<AgreementView> {
    const found = await this.visible(ctx, id);
    await this.p.db.tx(async (tx) => {
      const d = await this.disputes.lockVisible(ctx, tx, found.dispute_id);
      const a = await getAgreement(tx, id, true);
      if (!a) throw notFound('agreement');
      if (a.status === 'void') throw conflict('the agreement is void');
      const now = this.p.clock.now();
      const file = await storeFile(tx, bytes, {
        stationId: d.station_id,
        purpose: 'mediation_agreement',
        createdBy: ctx.actor.userId,
        originalName: name,
        allowed: SIGNED_COPY_TYPES,
        maxBytes: SIGNED_COPY_MAX_BYTES,
        field: 'file',
        now,
      });
      await updateAgreement(tx, id, now, { status: 'signed', signed_file_id: file.id, signed_at: a.signed_at ?? now });
      const version = await updateDispute(tx, d.id, now, {});
      await insertEvent(tx, {
        disputeId: d.id,
        at: now,
        actorId: ctx.actor.userId,
        actorName: ctx.actor.displayName,
        kind: 'agreement.signed',
        details: { agreementId: id, fileId: file.id, sha256: file.sha256, contentType: file.contentType },
        version,
      });
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'agreement.signed_upload',
          resourceType: 'dispute',
          resourceId: d.id,
          details: { agreementId: id, fileId: file.id },
        },
        tx,
      );
      await this.live.dispute(tx, { ...d, version }, 'agreement');
    });
    return this.view(id);
  }

  /** The signed scan holds signatures and identifiers: every view is audited. */
  async signedCopy(ctx: Ctx, id: string) {
    const a = await this.visible(ctx, id);
    if (!a.signed_file_id) throw notFound('signed copy');
    const file = await readFile(this.p.db, a.signed_file_id);
    if (!file) throw notFound('signed copy');
    await this.p.audit.record(ctx.audit, {
      action: 'agreement.signed_view',
      resourceType: 'dispute',
      resourceId: a.dispute_id,
      details: { agreementId: id },
    });
    return file;
  }

  async judicial(
    ctx: Ctx,
    id: string,
    b:
      | { action: 'apply'; court: string; appliedOn: string; note?: string | undefined }
      | {
          action: 'decide';
          decision: 'confirmed' | 'rejected';
          decidedOn: string;
          caseNo?: string | undefined;
          note?: string | undefined;
        },
  ): Promise<AgreementView> {
    const found = await this.visible(ctx, id);
    await this.p.db.tx(async (tx) => {
      const d = await this.disputes.lockVisible(ctx, tx, found.dispute_id);
      const a = await getAgreement(tx, id, true);
      if (!a) throw notFound('agreement');
      const now = this.p.clock.now();
      const today = localDate(now);
      if (b.action === 'apply') {
        if (a.form !== 'written') throw conflict('only a written agreement goes to court for confirmation');
        if (a.status !== 'signed')
          throw conflict('upload the signed agreement before applying for judicial confirmation');
        if (a.judicial_status !== 'none') throw conflict(`judicial confirmation is already ${a.judicial_status}`);
        if (b.appliedOn > today)
          throw fieldError('body.appliedOn', 'future', 'the application date lies in the future');
        if (b.appliedOn < a.agreed_on)
          throw fieldError('body.appliedOn', 'before_agreement', 'applied before the agreement');
        if (a.judicial_window_ends && b.appliedOn > a.judicial_window_ends)
          throw fieldError(
            'body.appliedOn',
            'window_closed',
            `the 30-day window for judicial confirmation closed on ${a.judicial_window_ends}`,
          );
        await updateAgreement(tx, id, now, {
          judicial_status: 'applied',
          judicial_court: b.court,
          judicial_applied_on: b.appliedOn,
          judicial_note: b.note ?? null,
        });
      } else {
        if (a.judicial_status !== 'applied') throw conflict('record the application before the court’s decision');
        if (b.decidedOn > today) throw fieldError('body.decidedOn', 'future', 'the decision date lies in the future');
        if (a.judicial_applied_on && b.decidedOn < a.judicial_applied_on)
          throw fieldError('body.decidedOn', 'before_application', 'decided before the application');
        await updateAgreement(tx, id, now, {
          judicial_status: b.decision,
          judicial_decided_on: b.decidedOn,
          judicial_case_no: b.caseNo ?? null,
          judicial_note: b.note ?? a.judicial_note,
        });
      }
      const version = await updateDispute(tx, d.id, now, {});
      await insertEvent(tx, {
        disputeId: d.id,
        at: now,
        actorId: ctx.actor.userId,
        actorName: ctx.actor.displayName,
        kind: b.action === 'apply' ? 'judicial.applied' : `judicial.${b.decision}`,
        reason: b.note ?? null,
        details: {
          agreementId: id,
          ...(b.action === 'apply'
            ? { court: b.court, appliedOn: b.appliedOn }
            : { decidedOn: b.decidedOn, caseNo: b.caseNo ?? null }),
        },
        version,
      });
      await this.p.audit.record(
        ctx.audit,
        {
          action: `agreement.judicial_${b.action}`,
          resourceType: 'dispute',
          resourceId: d.id,
          details: { agreementId: id },
        },
        tx,
      );
      await this.live.dispute(tx, { ...d, version }, 'judicial');
    });
    return this.view(id);
  }

  async term(
    ctx: Ctx,
    id: string,
    termId: string,
    b: {
      status: 'pending' | 'performed' | 'breached' | 'waived';
      performedOn?: string | undefined;
      note?: string | undefined;
    },
  ): Promise<AgreementView> {
    const found = await this.visible(ctx, id);
    await this.p.db.tx(async (tx) => {
      const d = await this.disputes.lockVisible(ctx, tx, found.dispute_id);
      const a = await getAgreement(tx, id, true);
      if (!a) throw notFound('agreement');
      if (a.status === 'void') throw conflict('the agreement is void');
      const now = this.p.clock.now();
      const performedOn = b.status === 'performed' ? (b.performedOn ?? localDate(now)) : null;
      if (!(await updateTerm(tx, id, termId, { status: b.status, performedOn, note: b.note ?? null })))
        throw notFound('term');
      const terms = await termsOf(tx, [id]);
      const settled = terms.every((t) => t.status === 'performed' || t.status === 'waived');
      const performance = terms.some((t) => t.status === 'breached')
        ? 'breached'
        : settled
          ? 'performed'
          : terms.some((t) => t.status === 'performed' || t.status === 'waived')
            ? 'in_progress'
            : 'pending';
      await updateAgreement(tx, id, now, { performance_status: performance });
      const version = await updateDispute(tx, d.id, now, {});
      const seq = terms.find((t) => t.id === termId)?.seq ?? null;
      await insertEvent(tx, {
        disputeId: d.id,
        at: now,
        actorId: ctx.actor.userId,
        actorName: ctx.actor.displayName,
        kind:
          performance === 'performed' && a.performance_status !== 'performed'
            ? 'agreement.performed'
            : `term.${b.status}`,
        reason: b.note ?? null,
        details: { agreementId: id, termId, seq, performance },
        version,
      });
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'agreement.term',
          resourceType: 'dispute',
          resourceId: d.id,
          details: { agreementId: id, termId, status: b.status },
        },
        tx,
      );
      await this.live.dispute(tx, { ...d, version }, 'performance');
    });
    return this.view(id);
  }

  async list(
    ctx: Ctx,
    q: { judicial?: string | undefined; performance?: string | undefined; page: number; pageSize: number },
  ) {
    const f = await this.disputes.ledgerFilter(ctx, {});
    const now = this.p.clock.now();
    const { rows, total } = await listAgreements(this.p.db, ledgerWhere(f), {
      ...(q.judicial ? { judicial: q.judicial } : {}),
      ...(q.performance ? { performance: q.performance } : {}),
      today: localDate(now),
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    const terms = await termsOf(
      this.p.db,
      rows.map((r) => r.id),
    );
    return {
      items: rows.map((r) =>
        agreementView(
          r,
          terms.filter((t) => t.agreement_id === r.id),
          now,
        ),
      ),
      total,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  /** Timer: the 30-day window ended without an application. */
  async onJudicialWindow(tx: Tx, agreementId: string): Promise<void> {
    const a = await getAgreement(tx, agreementId, true);
    if (a?.judicial_status !== 'none' || a.form !== 'written') return;
    const d = await getDispute(tx, a.dispute_id, true);
    if (!d) return;
    const now = this.p.clock.now();
    await updateAgreement(tx, agreementId, now, { judicial_status: 'lapsed' });
    const version = await updateDispute(tx, d.id, now, {});
    await insertEvent(tx, {
      disputeId: d.id,
      at: now,
      actorId: null,
      actorName: '系统',
      kind: 'judicial.lapsed',
      details: { agreementId, windowEnded: a.judicial_window_ends },
      version,
    });
  }
}
