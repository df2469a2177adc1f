import type { Queryable } from '../../platform/db/db';

export interface DisputeRow {
  id: string;
  station_id: string;
  number: string;
  category_code: string;
  source: 'incident' | 'walk_in' | 'referral' | 'online' | 'screening';
  source_ref: string | null;
  incident_id: string | null;
  summary: string;
  facts: string;
  claims: string;
  place: string | null;
  lng: number | null;
  lat: number | null;
  grid_id: string | null;
  responsible_person_id: string | null;
  risk: 'red' | 'orange' | 'yellow';
  amount: number | null;
  has_enterprise: boolean;
  party_names: string;
  initial_level: 1 | 2 | 3;
  level: 1 | 2 | 3;
  max_level: 1 | 2 | 3;
  track: 'standard' | 'commercial';
  status: 'open' | 'resolved' | 'closed' | 'failed' | 'withdrawn';
  outcome: 'success' | 'partial' | 'failed' | 'withdrawn' | null;
  next_step: 'litigation' | 'arbitration' | 'administrative' | null;
  outcome_note: string | null;
  registered_at: Date;
  due_at: Date | null;
  resolved_at: Date | null;
  closed_at: Date | null;
  reopened_count: number;
  imported: boolean;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  version: number;
}

export interface PartyRow {
  id: string;
  dispute_id: string;
  seq: number;
  kind: 'person' | 'enterprise';
  role: 'applicant' | 'respondent' | 'third_party';
  name: string;
  gender: 'M' | 'F' | null;
  id_number_bidx: string | null;
  id_number_masked: string | null;
  phone_masked: string | null;
  credit_code: string | null;
  legal_representative: string | null;
  address: string | null;
}

export interface EventRow {
  id: number;
  dispute_id: string;
  at: Date;
  actor_id: string | null;
  actor_name: string | null;
  kind: string;
  from_status: string | null;
  to_status: string | null;
  from_level: number | null;
  to_level: number | null;
  from_track: string | null;
  to_track: string | null;
  reason: string | null;
  details: Record<string, unknown>;
  version: number | null;
}

export interface SealedValue {
  enc: string;
  bidx: string;
  masked: string;
}

export interface NewParty {
  kind: 'person' | 'enterprise';
  role: 'applicant' | 'respondent' | 'third_party';
  name: string;
  gender: 'M' | 'F' | null;
  idNumber: SealedValue | null;
  phone: SealedValue | null;
  creditCode: string | null;
  legalRepresentative: string | null;
  address: string | null;
}

export interface NewDispute {
  id?: string;
  stationId: string;
  /** A fixed number (imports keep none, history has its own); null draws the next from the sequence. */
  number: string | null;
  numberPrefix: string;
  categoryCode: string;
  source: string;
  sourceRef: string | null;
  incidentId: string | null;
  summary: string;
  facts: string;
  claims: string;
  place: string | null;
  lng: number | null;
  lat: number | null;
  gridId: string | null;
  responsiblePersonId: string | null;
  risk: string;
  amount: number | null;
  hasEnterprise: boolean;
  partyNames: string;
  level: number;
  registeredAt: Date;
  dueAt: Date | null;
  imported: boolean;
  createdBy: string | null;
  now: Date;
}

export const DISPUTE_COLUMNS = `d.id, d.station_id, d.number, d.category_code, d.source, d.source_ref, d.incident_id, d.summary,
  d.facts, d.claims, d.place, d.lng, d.lat, d.grid_id, d.responsible_person_id, d.risk, d.amount, d.has_enterprise,
  d.party_names, d.initial_level, d.level, d.max_level, d.track, d.status, d.outcome, d.next_step, d.outcome_note,
  d.registered_at, d.due_at, d.resolved_at, d.closed_at, d.reopened_count, d.imported, d.created_by, d.created_at,
  d.updated_at, d.version`;

export async function insertDispute(q: Queryable, n: NewDispute): Promise<{ id: string; number: string }> {
  const r = await q.query<{ id: string; number: string }>(
    `INSERT INTO disputes (id, station_id, number, category_code, source, source_ref, incident_id, summary, facts, claims, place,
       lng, lat, grid_id, responsible_person_id, risk, amount, has_enterprise, party_names, initial_level, level, max_level,
       track, status, registered_at, due_at, imported, created_by, created_at, updated_at)
     VALUES (coalesce($1::uuid, gen_random_uuid()), $2, coalesce($3, $4 || lpad(nextval('dispute_number_seq')::text, 6, '0')),
       $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $21, $21, 'standard', 'open', $22, $23,
       $24, $25, $26, $26)
     RETURNING id, number`,
    [
      n.id ?? null,
      n.stationId,
      n.number,
      n.numberPrefix,
      n.categoryCode,
      n.source,
      n.sourceRef,
      n.incidentId,
      n.summary,
      n.facts,
      n.claims,
      n.place,
      n.lng,
      n.lat,
      n.gridId,
      n.responsiblePersonId,
      n.risk,
      n.amount,
      n.hasEnterprise,
      n.partyNames,
      n.level,
      n.registeredAt,
      n.dueAt,
      n.imported,
      n.createdBy,
      n.now,
    ],
  );
  const row = r.rows[0];
  if (!row) throw new Error('dispute insert returned nothing');
  return row;
}

export async function insertParties(q: Queryable, disputeId: string, parties: NewParty[], firstSeq = 1): Promise<void> {
  if (parties.length === 0) return;
  await q.query(
    `INSERT INTO dispute_parties (dispute_id, seq, kind, role, name, gender, id_number_enc, id_number_bidx, id_number_masked,
       phone_enc, phone_bidx, phone_masked, credit_code, legal_representative, address)
     SELECT $1, * FROM unnest($2::smallint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
       $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[])`,
    [
      disputeId,
      parties.map((_, i) => firstSeq + i),
      parties.map((p) => p.kind),
      parties.map((p) => p.role),
      parties.map((p) => p.name),
      parties.map((p) => p.gender),
      parties.map((p) => p.idNumber?.enc ?? null),
      parties.map((p) => p.idNumber?.bidx ?? null),
      parties.map((p) => p.idNumber?.masked ?? null),
      parties.map((p) => p.phone?.enc ?? null),
      parties.map((p) => p.phone?.bidx ?? null),
      parties.map((p) => p.phone?.masked ?? null),
      parties.map((p) => p.creditCode),
      parties.map((p) => p.legalRepresentative),
      parties.map((p) => p.address),
    ],
  );
}

export async function getDispute(q: Queryable, id: string, forUpdate = false): Promise<DisputeRow | null> {
  const r = await q.query<DisputeRow>(
    `SELECT ${DISPUTE_COLUMNS} FROM disputes d WHERE d.id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return r.rows[0] ?? null;
}

export async function getDisputeByNumber(q: Queryable, stationId: string, number: string): Promise<DisputeRow | null> {
  const r = await q.query<DisputeRow>(
    `SELECT ${DISPUTE_COLUMNS} FROM disputes d WHERE d.station_id = $1 AND d.number = $2`,
    [stationId, number],
  );
  return r.rows[0] ?? null;
}

export async function disputeOfIncident(q: Queryable, incidentId: string): Promise<string | null> {
  const r = await q.query<{ number: string }>('SELECT number FROM disputes WHERE incident_id = $1 LIMIT 1', [
    incidentId,
  ]);
  return r.rows[0]?.number ?? null;
}

export async function existingNumbers(q: Queryable, stationId: string, numbers: string[]): Promise<Set<string>> {
  if (numbers.length === 0) return new Set();
  const r = await q.query<{ number: string }>(
    'SELECT number FROM disputes WHERE station_id = $1 AND number = ANY($2::text[])',
    [stationId, numbers],
  );
  return new Set(r.rows.map((x) => x.number));
}

export type DisputePatch = Partial<{
  category_code: string;
  summary: string;
  facts: string;
  claims: string;
  place: string | null;
  risk: string;
  amount: number | null;
  has_enterprise: boolean;
  party_names: string;
  level: number;
  max_level: number;
  track: string;
  status: string;
  outcome: string | null;
  next_step: string | null;
  outcome_note: string | null;
  due_at: Date | null;
  resolved_at: Date | null;
  closed_at: Date | null;
  reopened_count: number;
}>;

const PATCHABLE = new Set([
  'category_code',
  'summary',
  'facts',
  'claims',
  'place',
  'risk',
  'amount',
  'has_enterprise',
  'party_names',
  'level',
  'max_level',
  'track',
  'status',
  'outcome',
  'next_step',
  'outcome_note',
  'due_at',
  'resolved_at',
  'closed_at',
  'reopened_count',
]);

/** Writes the patch and bumps the version; returns the new version. */
export async function updateDispute(q: Queryable, id: string, now: Date, patch: DisputePatch): Promise<number> {
  const sets: string[] = [];
  const params: unknown[] = [id, now];
  for (const [k, v] of Object.entries(patch)) {
    if (!PATCHABLE.has(k)) throw new Error(`column ${k} is not patchable`);
    params.push(v);
    sets.push(`${k} = $${params.length}`);
  }
  const r = await q.query<{ version: number }>(
    `UPDATE disputes SET ${[...sets, 'updated_at = $2', 'version = version + 1'].join(', ')} WHERE id = $1 RETURNING version`,
    params,
  );
  const v = r.rows[0]?.version;
  if (v === undefined) throw new Error('dispute vanished during update');
  return v;
}

export interface NewEvent {
  disputeId: string;
  at: Date;
  actorId: string | null;
  actorName: string | null;
  kind: string;
  from?: { status: string; level: number; track: string } | null;
  to?: { status: string; level: number; track: string } | null;
  reason?: string | null;
  details?: Record<string, unknown>;
  version?: number | null;
}

export async function insertEvent(q: Queryable, e: NewEvent): Promise<void> {
  await q.query(
    `INSERT INTO dispute_events (dispute_id, at, actor_id, actor_name, kind, from_status, to_status, from_level, to_level,
       from_track, to_track, reason, details, version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
    [
      e.disputeId,
      e.at,
      e.actorId,
      e.actorName,
      e.kind,
      e.from?.status ?? null,
      e.to?.status ?? null,
      e.from?.level ?? null,
      e.to?.level ?? null,
      e.from?.track ?? null,
      e.to?.track ?? null,
      e.reason ?? null,
      JSON.stringify(e.details ?? {}),
      e.version ?? null,
    ],
  );
}

export async function listEvents(q: Queryable, disputeId: string): Promise<EventRow[]> {
  const r = await q.query<EventRow>('SELECT * FROM dispute_events WHERE dispute_id = $1 ORDER BY id', [disputeId]);
  return r.rows;
}

const PARTY_COLUMNS = `id, dispute_id, seq, kind, role, name, gender, id_number_bidx, id_number_masked, phone_masked, credit_code,
  legal_representative, address`;

export async function listParties(q: Queryable, disputeIds: string[]): Promise<PartyRow[]> {
  if (disputeIds.length === 0) return [];
  const r = await q.query<PartyRow>(
    `SELECT ${PARTY_COLUMNS} FROM dispute_parties WHERE dispute_id = ANY($1::uuid[]) ORDER BY dispute_id, seq`,
    [disputeIds],
  );
  return r.rows;
}

export async function sealedPartyField(
  q: Queryable,
  disputeId: string,
  partyId: string,
  field: 'idNumber' | 'phone',
): Promise<string | null | undefined> {
  const col = field === 'idNumber' ? 'id_number_enc' : 'phone_enc';
  const r = await q.query<{ v: string | null }>(
    `SELECT ${col} AS v FROM dispute_parties WHERE dispute_id = $1 AND id = $2`,
    [disputeId, partyId],
  );
  return r.rows[0] === undefined ? undefined : r.rows[0].v;
}

/** Encrypted identifiers of a dispute's parties (printing the agreement for signature). */
export async function sealedParties(
  q: Queryable,
  disputeId: string,
): Promise<{ id: string; id_number_enc: string | null; phone_enc: string | null }[]> {
  const r = await q.query<{ id: string; id_number_enc: string | null; phone_enc: string | null }>(
    'SELECT id, id_number_enc, phone_enc FROM dispute_parties WHERE dispute_id = $1',
    [disputeId],
  );
  return r.rows;
}

export async function partyCount(q: Queryable, disputeId: string): Promise<number> {
  const r = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM dispute_parties WHERE dispute_id = $1', [
    disputeId,
  ]);
  return r.rows[0]?.n ?? 0;
}

// ------------------------------------------------------------------ the ledger query

/** Who may see what: the whole station, some grids (plus what they are assigned), or only their assignments. */
export type ListScope =
  | { kind: 'station' }
  | { kind: 'grids'; gridIds: string[]; personId: string | null }
  | { kind: 'assigned'; personId: string | null };

export interface LedgerFilter {
  stationId: string;
  scope: ListScope;
  statuses?: string[];
  levels?: number[];
  track?: string;
  risks?: string[];
  categories?: string[];
  source?: string;
  gridId?: string;
  mediatorId?: string;
  from?: Date;
  to?: Date;
  number?: string;
  namePrefix?: string;
  idBidx?: string;
  phoneBidx?: string;
  creditCode?: string;
  view?: 'all' | 'mine' | 'overdue' | 'at_risk';
  me?: { personId: string | null; userId: string };
  now: Date;
}

function likePrefix(s: string): string {
  return `${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The WHERE clause of a ledger filter, with its parameters. Filters through
 * parties and assignments collect the dispute ids first (`= ANY(ARRAY(…))`,
 * evaluated once), so the planner fetches those rows by key instead of
 * walking the whole ledger in date order looking for them.
 */
export function ledgerWhere(f: LedgerFilter): { where: string; params: unknown[] } {
  const params: unknown[] = [f.stationId];
  const where = ['d.station_id = $1'];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  // Grid staff reach their grids' disputes (the grid index carries the station, so counting reads the index alone).
  if (f.scope.kind === 'grids') {
    where.push(`d.grid_id = ANY(${p(f.scope.gridIds)}::uuid[])`);
  } else if (f.scope.kind === 'assigned') {
    where.push(
      `d.id = ANY(ARRAY(SELECT a.dispute_id FROM dispute_assignments a WHERE a.mediator_id = ${p(f.scope.personId)} AND a.released_at IS NULL))`,
    );
  }
  if (f.statuses?.length) where.push(`d.status = ANY(${p(f.statuses)}::text[])`);
  if (f.levels?.length) where.push(`d.level = ANY(${p(f.levels)}::smallint[])`);
  if (f.track) where.push(`d.track = ${p(f.track)}`);
  if (f.risks?.length) where.push(`d.risk = ANY(${p(f.risks)}::text[])`);
  if (f.categories?.length) where.push(`d.category_code = ANY(${p(f.categories)}::text[])`);
  if (f.source) where.push(`d.source = ${p(f.source)}`);
  if (f.gridId) where.push(`d.grid_id = ${p(f.gridId)}`);
  if (f.mediatorId)
    where.push(
      `d.id = ANY(ARRAY(SELECT a.dispute_id FROM dispute_assignments a WHERE a.mediator_id = ${p(f.mediatorId)} AND a.released_at IS NULL))`,
    );
  if (f.from) where.push(`d.registered_at >= ${p(f.from)}`);
  if (f.to) where.push(`d.registered_at < ${p(f.to)}`);
  if (f.number) where.push(`d.number = ${p(f.number)}`);
  if (f.namePrefix)
    where.push(
      `d.id = ANY(ARRAY(SELECT x.dispute_id FROM dispute_parties x WHERE x.name LIKE ${p(likePrefix(f.namePrefix))}))`,
    );
  if (f.idBidx)
    where.push(`d.id = ANY(ARRAY(SELECT x.dispute_id FROM dispute_parties x WHERE x.id_number_bidx = ${p(f.idBidx)}))`);
  if (f.phoneBidx)
    where.push(`d.id = ANY(ARRAY(SELECT x.dispute_id FROM dispute_parties x WHERE x.phone_bidx = ${p(f.phoneBidx)}))`);
  if (f.creditCode)
    where.push(
      `d.id = ANY(ARRAY(SELECT x.dispute_id FROM dispute_parties x WHERE x.credit_code = ${p(f.creditCode)}))`,
    );
  if (f.view === 'mine' && f.me) {
    // A mediator's own disputes are their assignments (the scope already); staff's are those in their charge or registered by them.
    if (f.scope.kind !== 'assigned')
      where.push(`(d.responsible_person_id = ${p(f.me.personId)} OR d.created_by = ${p(f.me.userId)})`);
  } else if (f.view === 'overdue') {
    where.push(`d.status = 'open' AND d.due_at < ${p(f.now)}`);
  } else if (f.view === 'at_risk') {
    where.push(
      `d.status = 'open' AND (d.risk = 'red' OR d.due_at < ${p(new Date(f.now.getTime() + 48 * 3_600_000))} OR d.reopened_count > 0)`,
    );
  }
  return { where: where.join(' AND '), params };
}

const ORDERS = {
  registered_desc: 'd.registered_at DESC, d.id DESC',
  registered_asc: 'd.registered_at ASC, d.id ASC',
  due_asc: 'd.due_at ASC NULLS LAST, d.id ASC',
} as const;

/** One page of the ledger and a total that stops counting at 10,001 (the UI shows "10000+"). */
export async function listDisputes(
  q: Queryable,
  f: LedgerFilter,
  page: { limit: number; offset: number; sort: keyof typeof ORDERS },
): Promise<{ rows: DisputeRow[]; total: number }> {
  const { where, params } = ledgerWhere(f);
  const [total, rows] = await Promise.all([
    q.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM disputes d WHERE ${where} LIMIT 10001) x`,
      params,
    ),
    q.query<DisputeRow>(
      `SELECT ${DISPUTE_COLUMNS} FROM disputes d WHERE ${where} ORDER BY ${ORDERS[page.sort]}
       LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, page.limit, page.offset],
    ),
  ]);
  return { rows: rows.rows, total: total.rows[0]?.n ?? 0 };
}

export async function countDisputes(q: Queryable, f: LedgerFilter): Promise<number> {
  const { where, params } = ledgerWhere(f);
  const r = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM disputes d WHERE ${where}`, params);
  return r.rows[0]?.n ?? 0;
}

/**
 * Keyset page for exports: rows after the cursor in ledger order (oldest
 * first). The cursor carries the registration time as PostgreSQL's text, at
 * full (microsecond) precision: a JS Date would round it to milliseconds
 * and repeat rows.
 */
export async function exportBatch(
  q: Queryable,
  f: LedgerFilter,
  after: { at: string; id: string } | null,
  limit: number,
): Promise<(DisputeRow & { cursor_at: string })[]> {
  const { where, params } = ledgerWhere(f);
  const all = [...params];
  let keyset = '';
  if (after) {
    all.push(after.at, after.id);
    keyset = ` AND (d.registered_at, d.id) > ($${all.length - 1}::timestamptz, $${all.length}::uuid)`;
  }
  all.push(limit);
  const r = await q.query<DisputeRow & { cursor_at: string }>(
    `SELECT ${DISPUTE_COLUMNS}, d.registered_at::text AS cursor_at FROM disputes d WHERE ${where}${keyset}
      ORDER BY d.registered_at, d.id LIMIT $${all.length}`,
    all,
  );
  return r.rows;
}

// ------------------------------------------------------------------ history (demo and bulk)

export interface HistoryDispute {
  id: string;
  stationId: string;
  number: string;
  categoryCode: string;
  source: string;
  incidentId: string | null;
  summary: string;
  facts: string;
  place: string | null;
  lng: number | null;
  lat: number | null;
  gridId: string | null;
  responsiblePersonId: string | null;
  risk: string;
  amount: number | null;
  hasEnterprise: boolean;
  partyNames: string;
  initialLevel: number;
  level: number;
  maxLevel: number;
  track: string;
  status: string;
  outcome: string | null;
  nextStep: string | null;
  registeredAt: Date;
  dueAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  reopenedCount: number;
  updatedAt: Date;
  imported: boolean;
  createdBy: string | null;
  /** The version after the history's events (1 when only registered). */
  version?: number;
}

export interface HistoryParty {
  disputeId: string;
  seq: number;
  kind: string;
  role: string;
  name: string;
  gender: string | null;
  idNumber: SealedValue | null;
  phone: SealedValue | null;
  creditCode: string | null;
  legalRepresentative: string | null;
}

export interface HistoryEventRow {
  disputeId: string;
  at: Date;
  actorName: string | null;
  kind: string;
  fromStatus: string | null;
  toStatus: string | null;
  fromLevel: number | null;
  toLevel: number | null;
  fromTrack: string | null;
  toTrack: string | null;
  reason: string | null;
  version: number | null;
}

function chunks<T>(rows: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

export async function insertDisputeHistory(q: Queryable, rows: HistoryDispute[]): Promise<void> {
  for (const c of chunks(rows, 2000)) {
    const col = <K extends keyof HistoryDispute>(k: K) => c.map((r) => r[k]);
    await q.query(
      `INSERT INTO disputes (id, station_id, number, category_code, source, incident_id, summary, facts, place, lng, lat, grid_id,
         responsible_person_id, risk, amount, has_enterprise, party_names, initial_level, level, max_level, track, status,
         outcome, next_step, registered_at, due_at, resolved_at, closed_at, reopened_count, created_at, updated_at, version,
         imported, created_by)
       SELECT id, station_id, number, category_code, source, incident_id, summary, facts, place, lng, lat, grid_id,
         responsible_person_id, risk, amount, has_enterprise, party_names, initial_level, level, max_level, track, status,
         outcome, next_step, registered_at, due_at, resolved_at, closed_at, reopened_count, registered_at, updated_at, version,
         imported, created_by
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::uuid[], $7::text[], $8::text[], $9::text[],
         $10::float8[], $11::float8[], $12::uuid[], $13::uuid[], $14::text[], $15::numeric[], $16::bool[], $17::text[],
         $18::smallint[], $19::smallint[], $20::smallint[], $21::text[], $22::text[], $23::text[], $24::text[],
         $25::timestamptz[], $26::timestamptz[], $27::timestamptz[], $28::timestamptz[], $29::smallint[], $30::timestamptz[],
         $31::bool[], $32::uuid[], $33::int[])
         AS x(id, station_id, number, category_code, source, incident_id, summary, facts, place, lng, lat, grid_id,
              responsible_person_id, risk, amount, has_enterprise, party_names, initial_level, level, max_level, track, status,
              outcome, next_step, registered_at, due_at, resolved_at, closed_at, reopened_count, updated_at, imported, created_by,
              version)`,
      [
        col('id'),
        col('stationId'),
        col('number'),
        col('categoryCode'),
        col('source'),
        col('incidentId'),
        col('summary'),
        col('facts'),
        col('place'),
        col('lng'),
        col('lat'),
        col('gridId'),
        col('responsiblePersonId'),
        col('risk'),
        col('amount'),
        col('hasEnterprise'),
        col('partyNames'),
        col('initialLevel'),
        col('level'),
        col('maxLevel'),
        col('track'),
        col('status'),
        col('outcome'),
        col('nextStep'),
        col('registeredAt'),
        col('dueAt'),
        col('resolvedAt'),
        col('closedAt'),
        col('reopenedCount'),
        col('updatedAt'),
        col('imported'),
        col('createdBy'),
        c.map((r) => r.version ?? 1),
      ],
    );
  }
}

export async function insertPartyHistory(q: Queryable, rows: HistoryParty[]): Promise<void> {
  for (const c of chunks(rows, 4000)) {
    await q.query(
      `INSERT INTO dispute_parties (dispute_id, seq, kind, role, name, gender, id_number_enc, id_number_bidx, id_number_masked,
         phone_enc, phone_bidx, phone_masked, credit_code, legal_representative)
       SELECT * FROM unnest($1::uuid[], $2::smallint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
         $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[])`,
      [
        c.map((r) => r.disputeId),
        c.map((r) => r.seq),
        c.map((r) => r.kind),
        c.map((r) => r.role),
        c.map((r) => r.name),
        c.map((r) => r.gender),
        c.map((r) => r.idNumber?.enc ?? null),
        c.map((r) => r.idNumber?.bidx ?? null),
        c.map((r) => r.idNumber?.masked ?? null),
        c.map((r) => r.phone?.enc ?? null),
        c.map((r) => r.phone?.bidx ?? null),
        c.map((r) => r.phone?.masked ?? null),
        c.map((r) => r.creditCode),
        c.map((r) => r.legalRepresentative),
      ],
    );
  }
}

export async function insertEventHistory(q: Queryable, rows: HistoryEventRow[]): Promise<void> {
  for (const c of chunks(rows, 5000)) {
    const col = <K extends keyof HistoryEventRow>(k: K) => c.map((r) => r[k]);
    await q.query(
      `INSERT INTO dispute_events (dispute_id, at, actor_name, kind, from_status, to_status, from_level, to_level, from_track,
         to_track, reason, version)
       SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::smallint[],
         $8::smallint[], $9::text[], $10::text[], $11::text[], $12::int[])`,
      [
        col('disputeId'),
        col('at'),
        col('actorName'),
        col('kind'),
        col('fromStatus'),
        col('toStatus'),
        col('fromLevel'),
        col('toLevel'),
        col('fromTrack'),
        col('toTrack'),
        col('reason'),
        col('version'),
      ],
    );
  }
}

/** Draws n dispute numbers' sequence values at once (imports). */
export async function reserveNumbers(q: Queryable, n: number): Promise<number[]> {
  if (n <= 0) return [];
  const r = await q.query<{ v: number }>(
    `SELECT nextval('dispute_number_seq')::int AS v FROM generate_series(1, $1::int)`,
    [n],
  );
  return r.rows.map((x) => x.v);
}

/** Sets the incident of disputes linked after a bulk load. */
export async function setIncidents(q: Queryable, links: { disputeId: string; incidentId: string }[]): Promise<void> {
  if (links.length === 0) return;
  await q.query(
    `UPDATE disputes d SET incident_id = x.incident_id FROM unnest($1::uuid[], $2::uuid[]) AS x(dispute_id, incident_id)
      WHERE d.id = x.dispute_id`,
    [links.map((l) => l.disputeId), links.map((l) => l.incidentId)],
  );
}

export async function advanceDisputeSequences(q: Queryable, disputes: number, agreements: number): Promise<void> {
  await q.query(
    `SELECT setval('dispute_number_seq', greatest($1::bigint, (SELECT last_value FROM dispute_number_seq))),
            setval('agreement_number_seq', greatest($2::bigint, (SELECT last_value FROM agreement_number_seq)))`,
    [Math.max(1, disputes), Math.max(1, agreements)],
  );
}
