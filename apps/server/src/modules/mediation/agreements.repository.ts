import type { Queryable } from '../../platform/db/db';

export interface AgreementRow {
  id: string;
  dispute_id: string;
  number: string;
  form: 'written' | 'oral';
  status: 'draft' | 'signed' | 'void';
  facts: string;
  issues: string;
  responsibilities: { partyId: string | null; party: string; text: string }[];
  performance_method: string;
  performance_deadline: string | null;
  agreed_on: string;
  signed_file_id: string | null;
  signed_at: Date | null;
  judicial_status: 'none' | 'applied' | 'confirmed' | 'rejected' | 'lapsed' | 'not_applicable';
  judicial_window_ends: string | null;
  judicial_applied_on: string | null;
  judicial_court: string | null;
  judicial_decided_on: string | null;
  judicial_case_no: string | null;
  judicial_note: string | null;
  performance_status: 'pending' | 'in_progress' | 'performed' | 'breached';
  version: number;
}

export interface TermRow {
  id: string;
  agreement_id: string;
  seq: number;
  text: string;
  obligor: string | null;
  due_on: string | null;
  amount: number | null;
  status: 'pending' | 'performed' | 'breached' | 'waived';
  performed_on: string | null;
  note: string | null;
}

const AGREEMENT_COLUMNS = `id, dispute_id, number, form, status, facts, issues, responsibilities, performance_method,
  performance_deadline, agreed_on, signed_file_id, signed_at, judicial_status, judicial_window_ends, judicial_applied_on,
  judicial_court, judicial_decided_on, judicial_case_no, judicial_note, performance_status, version`;

export interface NewAgreement {
  id?: string;
  disputeId: string;
  /** The number's prefix, e.g. 清溪调字〔2026〕第; the sequence and 号 follow. */
  numberPrefix: string;
  number?: string;
  form: 'written' | 'oral';
  facts: string;
  issues: string;
  responsibilities: { partyId: string | null; party: string; text: string }[];
  performanceMethod: string;
  performanceDeadline: string | null;
  agreedOn: string;
  judicialStatus: 'none' | 'not_applicable';
  judicialWindowEnds: string | null;
  by: string | null;
  now: Date;
}

export async function insertAgreement(q: Queryable, a: NewAgreement): Promise<{ id: string; number: string }> {
  const r = await q.query<{ id: string; number: string }>(
    `INSERT INTO mediation_agreements (id, dispute_id, number, form, status, facts, issues, responsibilities, performance_method,
       performance_deadline, agreed_on, judicial_status, judicial_window_ends, created_by, created_at, updated_at)
     VALUES (coalesce($1::uuid, gen_random_uuid()), $2, coalesce($3, $4 || nextval('agreement_number_seq')::text || '号'), $5,
       'draft', $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15)
     RETURNING id, number`,
    [
      a.id ?? null,
      a.disputeId,
      a.number ?? null,
      a.numberPrefix,
      a.form,
      a.facts,
      a.issues,
      JSON.stringify(a.responsibilities),
      a.performanceMethod,
      a.performanceDeadline,
      a.agreedOn,
      a.judicialStatus,
      a.judicialWindowEnds,
      a.by,
      a.now,
    ],
  );
  const row = r.rows[0];
  if (!row) throw new Error('agreement insert returned nothing');
  return row;
}

export async function insertTerms(
  q: Queryable,
  agreementId: string,
  terms: { text: string; obligor: string | null; dueOn: string | null; amount: number | null }[],
): Promise<void> {
  if (terms.length === 0) return;
  await q.query(
    `INSERT INTO agreement_terms (agreement_id, seq, text, obligor, due_on, amount, status)
     SELECT $1, seq, text, obligor, due_on, amount, 'pending'
       FROM unnest($2::smallint[], $3::text[], $4::text[], $5::date[], $6::numeric[]) AS x(seq, text, obligor, due_on, amount)`,
    [
      agreementId,
      terms.map((_, i) => i + 1),
      terms.map((t) => t.text),
      terms.map((t) => t.obligor),
      terms.map((t) => t.dueOn),
      terms.map((t) => t.amount),
    ],
  );
}

export async function getAgreement(q: Queryable, id: string, forUpdate = false): Promise<AgreementRow | null> {
  const r = await q.query<AgreementRow>(
    `SELECT ${AGREEMENT_COLUMNS} FROM mediation_agreements WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return r.rows[0] ?? null;
}

export async function agreementsOf(q: Queryable, disputeId: string): Promise<AgreementRow[]> {
  const r = await q.query<AgreementRow>(
    `SELECT ${AGREEMENT_COLUMNS} FROM mediation_agreements WHERE dispute_id = $1 ORDER BY created_at`,
    [disputeId],
  );
  return r.rows;
}

export async function hasLiveAgreement(q: Queryable, disputeId: string): Promise<boolean> {
  const r = await q.query(`SELECT 1 FROM mediation_agreements WHERE dispute_id = $1 AND status <> 'void' LIMIT 1`, [
    disputeId,
  ]);
  return r.rows.length > 0;
}

export async function termsOf(q: Queryable, agreementIds: string[]): Promise<TermRow[]> {
  if (agreementIds.length === 0) return [];
  const r = await q.query<TermRow>(
    `SELECT id, agreement_id, seq, text, obligor, due_on, amount, status, performed_on, note FROM agreement_terms
      WHERE agreement_id = ANY($1::uuid[]) ORDER BY agreement_id, seq`,
    [agreementIds],
  );
  return r.rows;
}

export async function updateAgreement(
  q: Queryable,
  id: string,
  now: Date,
  patch: Partial<{
    status: string;
    signed_file_id: string | null;
    signed_at: Date | null;
    judicial_status: string;
    judicial_window_ends: string | null;
    judicial_applied_on: string | null;
    judicial_court: string | null;
    judicial_decided_on: string | null;
    judicial_case_no: string | null;
    judicial_note: string | null;
    performance_status: string;
  }>,
): Promise<number> {
  const sets: string[] = [];
  const params: unknown[] = [id, now];
  for (const [k, v] of Object.entries(patch)) {
    params.push(v);
    sets.push(`${k} = $${params.length}`);
  }
  const r = await q.query<{ version: number }>(
    `UPDATE mediation_agreements SET ${[...sets, 'updated_at = $2', 'version = version + 1'].join(', ')}
      WHERE id = $1 RETURNING version`,
    params,
  );
  return r.rows[0]?.version ?? 0;
}

export async function updateTerm(
  q: Queryable,
  agreementId: string,
  termId: string,
  v: { status: string; performedOn: string | null; note: string | null },
): Promise<boolean> {
  const r = await q.query(
    `UPDATE agreement_terms SET status = $3, performed_on = $4, note = coalesce($5, note) WHERE agreement_id = $1 AND id = $2`,
    [agreementId, termId, v.status, v.performedOn, v.note],
  );
  return r.rowCount > 0;
}

/** Agreements of a station's disputes a where-clause over `d` admits, with extra conditions on `a`. */
export async function listAgreements(
  q: Queryable,
  disputeWhere: { where: string; params: unknown[] },
  f: { judicial?: string; performance?: string; today: string; limit: number; offset: number },
): Promise<{ rows: (AgreementRow & { dispute_number: string })[]; total: number }> {
  const params = [...disputeWhere.params];
  const where = [disputeWhere.where];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (f.judicial === 'window_open')
    where.push(`a.judicial_status = 'none' AND a.form = 'written' AND a.judicial_window_ends >= ${p(f.today)}::date`);
  else if (f.judicial) where.push(`a.judicial_status = ${p(f.judicial)}`);
  if (f.performance) where.push(`a.performance_status = ${p(f.performance)}`);
  const w = where.join(' AND ');
  const cols = AGREEMENT_COLUMNS.split(',')
    .map((c) => `a.${c.trim()}`)
    .join(', ');
  const countParams = [...params];
  const page = `LIMIT ${p(f.limit)} OFFSET ${p(f.offset)}`;
  const [total, rows] = await Promise.all([
    q.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM mediation_agreements a JOIN disputes d ON d.id = a.dispute_id WHERE ${w}`,
      countParams,
    ),
    q.query<AgreementRow & { dispute_number: string }>(
      `SELECT ${cols}, d.number AS dispute_number FROM mediation_agreements a JOIN disputes d ON d.id = a.dispute_id
        WHERE ${w} ORDER BY a.agreed_on DESC, a.number DESC ${page}`,
      params,
    ),
  ]);
  return { rows: rows.rows, total: total.rows[0]?.n ?? 0 };
}

export interface HistoryAgreement {
  id: string;
  disputeId: string;
  number: string;
  form: string;
  status: string;
  facts: string;
  performanceMethod: string;
  agreedOn: string;
  signedAt: Date | null;
  judicialStatus: string;
  judicialWindowEnds: string | null;
  judicialAppliedOn: string | null;
  judicialCourt: string | null;
  judicialDecidedOn: string | null;
  performanceStatus: string;
  createdAt: Date;
}

export interface HistoryTerm {
  agreementId: string;
  seq: number;
  text: string;
  obligor: string | null;
  dueOn: string | null;
  amount: number | null;
  status: string;
  performedOn: string | null;
}

export async function insertAgreementHistory(q: Queryable, rows: HistoryAgreement[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 2000) {
    const c = rows.slice(i, i + 2000);
    const col = <K extends keyof HistoryAgreement>(k: K) => c.map((r) => r[k]);
    await q.query(
      `INSERT INTO mediation_agreements (id, dispute_id, number, form, status, facts, performance_method, agreed_on, signed_at,
         judicial_status, judicial_window_ends, judicial_applied_on, judicial_court, judicial_decided_on, performance_status,
         created_at, updated_at)
       SELECT *, created_at FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
         $8::date[], $9::timestamptz[], $10::text[], $11::date[], $12::date[], $13::text[], $14::date[], $15::text[],
         $16::timestamptz[]) AS x(id, dispute_id, number, form, status, facts, performance_method, agreed_on, signed_at,
         judicial_status, judicial_window_ends, judicial_applied_on, judicial_court, judicial_decided_on, performance_status,
         created_at)`,
      [
        col('id'),
        col('disputeId'),
        col('number'),
        col('form'),
        col('status'),
        col('facts'),
        col('performanceMethod'),
        col('agreedOn'),
        col('signedAt'),
        col('judicialStatus'),
        col('judicialWindowEnds'),
        col('judicialAppliedOn'),
        col('judicialCourt'),
        col('judicialDecidedOn'),
        col('performanceStatus'),
        col('createdAt'),
      ],
    );
  }
}

export async function insertTermHistory(q: Queryable, rows: HistoryTerm[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 4000) {
    const c = rows.slice(i, i + 4000);
    await q.query(
      `INSERT INTO agreement_terms (agreement_id, seq, text, obligor, due_on, amount, status, performed_on)
       SELECT * FROM unnest($1::uuid[], $2::smallint[], $3::text[], $4::text[], $5::date[], $6::numeric[], $7::text[], $8::date[])`,
      [
        c.map((r) => r.agreementId),
        c.map((r) => r.seq),
        c.map((r) => r.text),
        c.map((r) => r.obligor),
        c.map((r) => r.dueOn),
        c.map((r) => r.amount),
        c.map((r) => r.status),
        c.map((r) => r.performedOn),
      ],
    );
  }
}
