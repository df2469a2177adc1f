import type { EvidenceRef } from '@fengqiao/contracts';
import type { Queryable } from '../../platform/db/db';

export interface ViolationRow {
  id: string;
  station_id: string;
  number: string;
  source: 'patrol' | 'camera';
  source_ref: string;
  status: 'pending' | 'confirmed' | 'rejected';
  plate: string;
  plate_colour: string;
  vehicle_type: string;
  appearance: string;
  occurred_at: Date;
  place: string;
  lng: number | null;
  lat: number | null;
  grid_id: string | null;
  act: string;
  suggested_code: string | null;
  evidence: EvidenceRef[];
  entered_by: string | null;
  entered_by_name: string | null;
  entered_at: Date;
  due_at: Date;
  reviewed_by: string | null;
  reviewed_by_name: string | null;
  reviewed_at: Date | null;
  code: string | null;
  checked_facts: string[];
  reject_reason: string | null;
  reject_note: string | null;
  exported_at: Date | null;
  export_batch: string | null;
  version: number;
}

export interface CodeRow {
  code: string;
  name_zh: string;
  name_en: string;
  points: number;
  fine_min: number;
  fine_max: number;
  active: boolean;
}

const SELECT = `SELECT v.*, eu.display_name AS entered_by_name, ru.display_name AS reviewed_by_name
  FROM traffic_violations v
  LEFT JOIN app_users eu ON eu.id = v.entered_by
  LEFT JOIN app_users ru ON ru.id = v.reviewed_by`;

export async function insertViolation(
  q: Queryable,
  v: {
    stationId: string;
    source: 'patrol' | 'camera';
    sourceRef: string;
    plate: string;
    plateColour: string;
    vehicleType: string;
    appearance: string;
    occurredAt: Date;
    place: string;
    lng: number | null;
    lat: number | null;
    gridId: string | null;
    act: string;
    suggestedCode: string | null;
    evidence: EvidenceRef[];
    enteredBy: string | null;
    now: Date;
    dueAt: Date;
    numberPrefix: string;
  },
): Promise<{ id: string; created: boolean }> {
  const seq = await q.query<{ n: string }>(`SELECT nextval('traffic_violation_seq') AS n`);
  const number = `${v.numberPrefix}${String(Number(seq.rows[0]?.n ?? 0) % 100_000).padStart(5, '0')}`;
  const r = await q.query<{ id: string }>(
    `INSERT INTO traffic_violations (station_id, number, source, source_ref, plate, plate_colour, vehicle_type,
       appearance, occurred_at, place, lng, lat, grid_id, act, suggested_code, evidence, entered_by, entered_at, due_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
     ON CONFLICT (source, source_ref) DO NOTHING RETURNING id`,
    [
      v.stationId,
      number,
      v.source,
      v.sourceRef,
      v.plate,
      v.plateColour,
      v.vehicleType,
      v.appearance,
      v.occurredAt,
      v.place,
      v.lng,
      v.lat,
      v.gridId,
      v.act,
      v.suggestedCode,
      JSON.stringify(v.evidence),
      v.enteredBy,
      v.now,
      v.dueAt,
    ],
  );
  if (r.rows[0]) return { id: r.rows[0].id, created: true };
  const old = await q.query<{ id: string }>('SELECT id FROM traffic_violations WHERE source = $1 AND source_ref = $2', [
    v.source,
    v.sourceRef,
  ]);
  return { id: old.rows[0]?.id ?? '', created: false };
}

export async function getViolation(q: Queryable, id: string): Promise<ViolationRow | null> {
  return (await q.query<ViolationRow>(`${SELECT} WHERE v.id = $1`, [id])).rows[0] ?? null;
}

export async function listViolations(
  q: Queryable,
  f: { stationId: string; status?: string | undefined; overdueAt?: Date | undefined; page: number; pageSize: number },
): Promise<{ rows: ViolationRow[]; total: number }> {
  const where = `v.station_id = $1 AND ($2::text IS NULL OR v.status = $2)
    AND ($3::timestamptz IS NULL OR (v.status = 'pending' AND v.due_at < $3))`;
  const args = [f.stationId, f.status ?? null, f.overdueAt ?? null];
  const [rows, total] = await Promise.all([
    q.query<ViolationRow>(
      `${SELECT} WHERE ${where}
        ORDER BY (v.status = 'pending') DESC, CASE WHEN v.status = 'pending' THEN v.due_at END ASC, v.reviewed_at DESC NULLS LAST
        LIMIT $4 OFFSET $5`,
      [...args, f.pageSize, (f.page - 1) * f.pageSize],
    ),
    q.query<{ n: string }>(`SELECT count(*) AS n FROM traffic_violations v WHERE ${where}`, args),
  ]);
  return { rows: rows.rows, total: Number(total.rows[0]?.n ?? 0) };
}

export async function queueCounts(
  q: Queryable,
  stationId: string,
  now: Date,
): Promise<{ pending: number; overdue: number }> {
  const r = await q.query<{ pending: string; overdue: string }>(
    `SELECT count(*) FILTER (WHERE status = 'pending') AS pending,
            count(*) FILTER (WHERE status = 'pending' AND due_at < $2) AS overdue
       FROM traffic_violations WHERE station_id = $1`,
    [stationId, now],
  );
  return { pending: Number(r.rows[0]?.pending ?? 0), overdue: Number(r.rows[0]?.overdue ?? 0) };
}

export async function review(
  q: Queryable,
  id: string,
  version: number,
  set: {
    status: 'confirmed' | 'rejected';
    by: string;
    at: Date;
    code: string | null;
    checkedFacts: string[];
    rejectReason: string | null;
    rejectNote: string | null;
  },
): Promise<boolean> {
  const r = await q.query(
    `UPDATE traffic_violations SET status = $3, reviewed_by = $4, reviewed_at = $5, code = $6, checked_facts = $7,
       reject_reason = $8, reject_note = $9, version = version + 1
     WHERE id = $1 AND version = $2 AND status = 'pending'`,
    [id, version, set.status, set.by, set.at, set.code, set.checkedFacts, set.rejectReason, set.rejectNote],
  );
  return (r.rowCount ?? 0) > 0;
}

export async function listCodes(q: Queryable): Promise<CodeRow[]> {
  return (await q.query<CodeRow>('SELECT * FROM traffic_violation_codes ORDER BY code')).rows;
}

export async function getCode(q: Queryable, code: string): Promise<CodeRow | null> {
  return (await q.query<CodeRow>('SELECT * FROM traffic_violation_codes WHERE code = $1', [code])).rows[0] ?? null;
}

export async function upsertCode(
  q: Queryable,
  c: {
    code: string;
    nameZh: string;
    nameEn: string;
    points: number;
    fineMin: number;
    fineMax: number;
    active: boolean;
  },
  now: Date,
): Promise<void> {
  await q.query(
    `INSERT INTO traffic_violation_codes (code, name_zh, name_en, points, fine_min, fine_max, active, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (code) DO UPDATE SET name_zh = $2, name_en = $3, points = $4, fine_min = $5, fine_max = $6,
       active = $7, updated_at = $8`,
    [c.code, c.nameZh, c.nameEn, c.points, c.fineMin, c.fineMax, c.active, now],
  );
}

/** Confirmed violations not yet exported, locked and stamped with the batch in one statement. */
export async function takeForExport(
  q: Queryable,
  stationId: string,
  batch: string,
  now: Date,
): Promise<ViolationRow[]> {
  const r = await q.query<{ id: string }>(
    `UPDATE traffic_violations SET exported_at = $3, export_batch = $2
      WHERE id IN (SELECT id FROM traffic_violations WHERE station_id = $1 AND status = 'confirmed' AND exported_at IS NULL
                   ORDER BY reviewed_at FOR UPDATE SKIP LOCKED)
      RETURNING id`,
    [stationId, batch, now],
  );
  if (r.rows.length === 0) return [];
  return (
    await q.query<ViolationRow>(`${SELECT} WHERE v.id = ANY($1::uuid[]) ORDER BY v.reviewed_at, v.number`, [
      r.rows.map((x) => x.id),
    ])
  ).rows;
}

export async function confirmedBetween(q: Queryable, stationId: string, from: Date, to: Date): Promise<ViolationRow[]> {
  return (
    await q.query<ViolationRow>(
      `${SELECT} WHERE v.station_id = $1 AND v.status = 'confirmed' AND v.reviewed_at >= $2 AND v.reviewed_at < $3
        ORDER BY v.reviewed_at, v.number`,
      [stationId, from, to],
    )
  ).rows;
}
