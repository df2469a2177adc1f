import type { Queryable } from '../../platform/db/db';

export interface HomeVisitRow {
  id: string;
  number: string;
  station_id: string;
  citizen_id: string | null;
  service_id: string;
  person_name: string;
  reason: 'elderly' | 'disabled' | 'ill' | 'other';
  reason_note: string | null;
  phone_masked: string;
  id_number_masked: string | null;
  address: string;
  lng: number | null;
  lat: number | null;
  grid_id: string | null;
  source: 'online' | 'phone' | 'counter' | 'grid_worker';
  preferred_day: string | null;
  requested_at: Date;
  status: 'requested' | 'scheduled' | 'done' | 'cancelled';
  officer_person_id: string | null;
  scheduled_day: string | null;
  done_at: Date | null;
  outcome_note: string | null;
  cancel_reason: string | null;
  version: number;
}

const SELECT = `SELECT id, number, station_id, citizen_id, service_id, person_name, reason, reason_note, phone_masked,
  id_number_masked, address, lng, lat, grid_id, source, preferred_day::text AS preferred_day, requested_at, status,
  officer_person_id, scheduled_day::text AS scheduled_day, done_at, outcome_note, cancel_reason, version FROM hall_home_visits`;

export async function insertHomeVisit(
  q: Queryable,
  v: {
    stationId: string;
    citizenId: string | null;
    serviceId: string;
    personName: string;
    reason: string;
    reasonNote: string | null;
    phone: { enc: string; bidx: string; masked: string };
    idNumber: { enc: string; bidx: string; masked: string } | null;
    address: string;
    lng: number | null;
    lat: number | null;
    gridId: string | null;
    source: string;
    preferredDay: string | null;
    now: Date;
    createdBy: string | null;
  },
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO hall_home_visits (number, station_id, citizen_id, service_id, person_name, reason, reason_note, phone_enc,
       phone_bidx, phone_masked, id_number_enc, id_number_bidx, id_number_masked, address, lng, lat, grid_id, source,
       preferred_day, requested_at, status, created_by)
     VALUES ('SM' || to_char($19::timestamptz AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || (SELECT lpad(v::text, greatest(6, length(v::text)), '0') FROM nextval('hall_home_visit_seq') AS v),
       $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, 'requested', $20) RETURNING id`,
    [
      v.stationId,
      v.citizenId,
      v.serviceId,
      v.personName,
      v.reason,
      v.reasonNote,
      v.phone.enc,
      v.phone.bidx,
      v.phone.masked,
      v.idNumber?.enc ?? null,
      v.idNumber?.bidx ?? null,
      v.idNumber?.masked ?? null,
      v.address,
      v.lng,
      v.lat,
      v.gridId,
      v.source,
      v.preferredDay,
      v.now,
      v.createdBy,
    ],
  );
  const id = r.rows[0]?.id;
  if (!id) throw new Error('home visit insert returned nothing');
  return id;
}

export async function getHomeVisit(q: Queryable, id: string, lock = false): Promise<HomeVisitRow | null> {
  return (await q.query<HomeVisitRow>(`${SELECT} WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id])).rows[0] ?? null;
}

export async function homeVisitsOfCitizen(q: Queryable, citizenId: string): Promise<HomeVisitRow[]> {
  return (
    await q.query<HomeVisitRow>(`${SELECT} WHERE citizen_id = $1 ORDER BY requested_at DESC LIMIT 100`, [citizenId])
  ).rows;
}

export async function listHomeVisits(
  q: Queryable,
  f: {
    stationId: string;
    grids: string[] | null;
    personId: string | null;
    status?: string;
    officerPersonId?: string;
    day?: string;
    limit: number;
    offset: number;
  },
): Promise<{ rows: HomeVisitRow[]; total: number }> {
  const where = `station_id = $1 AND ($2::uuid[] IS NULL OR grid_id = ANY($2::uuid[]) OR officer_person_id = $3)
    AND ($4::text IS NULL OR status = $4) AND ($5::uuid IS NULL OR officer_person_id = $5) AND ($6::date IS NULL OR scheduled_day = $6)`;
  const params = [f.stationId, f.grids, f.personId, f.status ?? null, f.officerPersonId ?? null, f.day ?? null];
  const [rows, total] = await Promise.all([
    q.query<HomeVisitRow>(
      `${SELECT} WHERE ${where}
        ORDER BY CASE status WHEN 'requested' THEN 0 WHEN 'scheduled' THEN 1 ELSE 2 END, coalesce(scheduled_day, preferred_day),
                 requested_at DESC LIMIT $7 OFFSET $8`,
      [...params, f.limit, f.offset],
    ),
    q.query<{ n: number }>(`SELECT count(*)::int AS n FROM hall_home_visits WHERE ${where}`, params),
  ]);
  return { rows: rows.rows, total: total.rows[0]?.n ?? 0 };
}

export async function updateHomeVisit(
  q: Queryable,
  id: string,
  f: Partial<{
    status: string;
    officer_person_id: string;
    scheduled_day: string;
    done_at: Date;
    outcome_note: string;
    cancel_reason: string;
  }>,
): Promise<void> {
  const keys = Object.keys(f) as (keyof typeof f)[];
  await q.query(
    `UPDATE hall_home_visits SET ${[...keys.map((k, i) => `${k} = $${i + 2}`), 'version = version + 1'].join(', ')} WHERE id = $1`,
    [id, ...keys.map((k) => f[k])],
  );
}

export async function dayOfOfficer(q: Queryable, officerPersonId: string, day: string): Promise<HomeVisitRow[]> {
  return (
    await q.query<HomeVisitRow>(
      `${SELECT} WHERE officer_person_id = $1 AND scheduled_day = $2 AND status IN ('scheduled', 'done') ORDER BY requested_at`,
      [officerPersonId, day],
    )
  ).rows;
}
