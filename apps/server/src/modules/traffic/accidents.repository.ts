import type { Queryable } from '../../platform/db/db';

export interface StoredParty {
  role: 'a' | 'b';
  name: string;
  licenceEnc: string;
  licenceMasked: string;
  plate: string;
  vehicleType: string;
  insurer: string;
  policyNo: string;
}

export interface CaseRow {
  id: string;
  station_id: string;
  number: string;
  client_id: string;
  status: 'referred' | 'open' | 'joined' | 'agreed' | 'review' | 'documented';
  eligibility: Record<string, boolean>;
  occurred_at: Date;
  lng: number;
  lat: number;
  address: string;
  grid_id: string | null;
  weather: string;
  accident_type: string;
  description: string;
  a_citizen_id: string;
  b_citizen_id: string | null;
  parties: StoredParty[];
  join_code_hash: string | null;
  join_code_expires_at: Date | null;
  a_liability: string | null;
  b_liability: string | null;
  b_confirmed_at: Date | null;
  a_signed_at: Date | null;
  b_signed_at: Date | null;
  review_requested_at: Date | null;
  reviewed_by: string | null;
  reviewer_name: string | null;
  liability: string | null;
  determination_text: string | null;
  document_kind: 'agreement' | 'determination' | null;
  document_file_id: string | null;
  document_at: Date | null;
  incident_id: string | null;
  created_at: Date;
  updated_at: Date;
  version: number;
  join_code_enc: string | null;
}

export interface PhotoRow {
  id: string;
  case_id: string;
  kind: string;
  file_id: string;
  party: 'a' | 'b';
  uploaded_at: Date;
  content_type: string;
  size_bytes: number;
}

export async function nextCaseSeq(q: Queryable): Promise<number> {
  return Number((await q.query<{ n: string }>(`SELECT nextval('traffic_accident_seq') AS n`)).rows[0]?.n ?? 0);
}

export async function insertCase(
  q: Queryable,
  c: {
    stationId: string;
    number: string;
    clientId: string;
    eligibility: Record<string, boolean>;
    occurredAt: Date;
    lng: number;
    lat: number;
    address: string;
    gridId: string | null;
    weather: string;
    accidentType: string;
    description: string;
    aCitizenId: string;
    parties: StoredParty[];
    joinCodeHash: string;
    joinCodeEnc: string;
    joinCodeExpiresAt: Date;
    now: Date;
  },
): Promise<{ id: string; created: boolean }> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO traffic_accident_cases (station_id, number, client_id, status, eligibility, occurred_at, lng, lat,
       address, grid_id, weather, accident_type, description, a_citizen_id, parties, join_code_hash,
       join_code_expires_at, created_at, updated_at, join_code_enc)
     VALUES ($1, $2, $3, 'open', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17, $18)
     ON CONFLICT (client_id) DO NOTHING RETURNING id`,
    [
      c.stationId,
      c.number,
      c.clientId,
      JSON.stringify(c.eligibility),
      c.occurredAt,
      c.lng,
      c.lat,
      c.address,
      c.gridId,
      c.weather,
      c.accidentType,
      c.description,
      c.aCitizenId,
      JSON.stringify(c.parties),
      c.joinCodeHash,
      c.joinCodeExpiresAt,
      c.now,
      c.joinCodeEnc,
    ],
  );
  if (r.rows[0]) return { id: r.rows[0].id, created: true };
  const old = await q.query<{ id: string }>('SELECT id FROM traffic_accident_cases WHERE client_id = $1', [c.clientId]);
  return { id: old.rows[0]?.id ?? '', created: false };
}

export async function getCase(q: Queryable, id: string, lock = false): Promise<CaseRow | null> {
  return (
    (await q.query<CaseRow>(`SELECT * FROM traffic_accident_cases WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]))
      .rows[0] ?? null
  );
}

/** Open cases waiting for party B with this join code (hash), not expired. */
export async function findByJoinCode(q: Queryable, hash: string, now: Date): Promise<CaseRow | null> {
  return (
    (
      await q.query<CaseRow>(
        `SELECT * FROM traffic_accident_cases
          WHERE join_code_hash = $1 AND b_citizen_id IS NULL AND status = 'open' AND join_code_expires_at > $2
          FOR UPDATE`,
        [hash, now],
      )
    ).rows[0] ?? null
  );
}

export async function joinCodeInUse(q: Queryable, hash: string, now: Date): Promise<boolean> {
  const r = await q.query(
    `SELECT 1 FROM traffic_accident_cases WHERE join_code_hash = $1 AND status = 'open' AND join_code_expires_at > $2`,
    [hash, now],
  );
  return r.rows.length > 0;
}

/** Sets columns of a case and bumps its version; returns false when the version moved meanwhile. */
export async function updateCase(
  q: Queryable,
  id: string,
  version: number,
  set: Record<string, unknown>,
  now: Date,
): Promise<boolean> {
  const keys = Object.keys(set);
  const assigns = keys.map((k, i) => `${k} = $${i + 4}`);
  const r = await q.query(
    `UPDATE traffic_accident_cases SET ${[...assigns, 'updated_at = $3', 'version = version + 1'].join(', ')}
      WHERE id = $1 AND version = $2`,
    [id, version, now, ...keys.map((k) => set[k])],
  );
  return (r.rowCount ?? 0) > 0;
}

export async function casesOfCitizen(q: Queryable, citizenId: string): Promise<CaseRow[]> {
  return (
    await q.query<CaseRow>(
      `SELECT * FROM traffic_accident_cases WHERE a_citizen_id = $1 OR b_citizen_id = $1 ORDER BY created_at DESC LIMIT 50`,
      [citizenId],
    )
  ).rows;
}

export async function casesOfStation(q: Queryable, stationId: string, status?: string): Promise<CaseRow[]> {
  return (
    await q.query<CaseRow>(
      `SELECT * FROM traffic_accident_cases WHERE station_id = $1 AND ($2::text IS NULL OR status = $2)
        ORDER BY (status = 'review') DESC, created_at DESC LIMIT 200`,
      [stationId, status ?? null],
    )
  ).rows;
}

export async function insertPhoto(
  q: Queryable,
  p: { caseId: string; kind: string; fileId: string; party: 'a' | 'b'; now: Date },
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO traffic_accident_photos (case_id, kind, file_id, party, uploaded_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [p.caseId, p.kind, p.fileId, p.party, p.now],
  );
  return r.rows[0]?.id ?? '';
}

export async function photosOf(q: Queryable, caseIds: string[]): Promise<PhotoRow[]> {
  if (caseIds.length === 0) return [];
  return (
    await q.query<PhotoRow>(
      `SELECT p.id, p.case_id, p.kind, p.file_id, p.party, p.uploaded_at, f.content_type, f.size_bytes
         FROM traffic_accident_photos p JOIN files f ON f.id = p.file_id
        WHERE p.case_id = ANY($1::uuid[]) ORDER BY p.uploaded_at`,
      [caseIds],
    )
  ).rows;
}

export async function insertDeliveries(
  q: Queryable,
  caseId: string,
  rows: { insurer: string; payload: unknown }[],
  now: Date,
): Promise<string[]> {
  const ids: string[] = [];
  for (const r of rows) {
    const res = await q.query<{ id: string }>(
      `INSERT INTO traffic_insurer_deliveries (case_id, insurer, payload, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (case_id, insurer) DO NOTHING RETURNING id`,
      [caseId, r.insurer, JSON.stringify(r.payload), now],
    );
    if (res.rows[0]) ids.push(res.rows[0].id);
  }
  return ids;
}

export interface DeliveryRow {
  id: string;
  case_id: string;
  case_number: string;
  insurer: string;
  payload: Record<string, unknown>;
  status: 'pending' | 'delivered' | 'exported' | 'failed';
  attempts: number;
  created_at: Date;
  delivered_at: Date | null;
}

export async function getDelivery(q: Queryable, id: string): Promise<DeliveryRow | null> {
  return (
    (
      await q.query<DeliveryRow>(
        `SELECT d.*, c.number AS case_number FROM traffic_insurer_deliveries d
           JOIN traffic_accident_cases c ON c.id = d.case_id WHERE d.id = $1`,
        [id],
      )
    ).rows[0] ?? null
  );
}

export async function setDelivery(
  q: Queryable,
  id: string,
  status: DeliveryRow['status'],
  now: Date,
  error: string | null,
): Promise<void> {
  await q.query(
    `UPDATE traffic_insurer_deliveries SET status = $2, attempts = attempts + 1, last_error = $4,
       delivered_at = CASE WHEN $2 IN ('delivered', 'exported') THEN $3::timestamptz ELSE delivered_at END
     WHERE id = $1`,
    [id, status, now, error],
  );
}

export async function deliveriesOf(q: Queryable, stationId: string, since: Date | null): Promise<DeliveryRow[]> {
  return (
    await q.query<DeliveryRow>(
      `SELECT d.*, c.number AS case_number FROM traffic_insurer_deliveries d
         JOIN traffic_accident_cases c ON c.id = d.case_id
        WHERE c.station_id = $1 AND ($2::timestamptz IS NULL OR d.created_at >= $2)
        ORDER BY d.created_at DESC LIMIT 500`,
      [stationId, since],
    )
  ).rows;
}
