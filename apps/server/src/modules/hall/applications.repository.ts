import type { Queryable } from '../../platform/db/db';

export type ApplicationStatus = 'submitted' | 'in_review' | 'needs_correction' | 'approved' | 'rejected' | 'withdrawn';

export interface ApplicationRow {
  id: string;
  number: string;
  station_id: string;
  citizen_id: string;
  service_id: string;
  applicant_name: string;
  id_number_masked: string;
  phone_masked: string;
  details: { address?: string; note?: string };
  status: ApplicationStatus;
  round: number;
  submitted_at: Date;
  last_submitted_at: Date;
  due_day: string;
  decided_at: Date | null;
  decision_reason: string | null;
  correction_reason: string | null;
  correction_materials: string[];
  version: number;
}

const SELECT = `SELECT id, number, station_id, citizen_id, service_id, applicant_name, id_number_masked, phone_masked, details,
  status, round, submitted_at, last_submitted_at, due_day::text AS due_day, decided_at, decision_reason, correction_reason,
  correction_materials, version FROM hall_applications`;

export async function insertUpload(q: Queryable, fileId: string, citizenId: string, now: Date): Promise<void> {
  await q.query('INSERT INTO hall_uploads (file_id, citizen_id, uploaded_at) VALUES ($1, $2, $3)', [
    fileId,
    citizenId,
    now,
  ]);
}

export async function uploadsToday(q: Queryable, citizenId: string, since: Date): Promise<number> {
  const r = await q.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM hall_uploads WHERE citizen_id = $1 AND uploaded_at > $2',
    [citizenId, since],
  );
  return r.rows[0]?.n ?? 0;
}

/** The citizen's unattached uploads among these files (locked: one file joins one application). */
export async function freeUploads(
  q: Queryable,
  citizenId: string,
  fileIds: string[],
): Promise<{ file_id: string; content_type: string; size_bytes: number }[]> {
  const r = await q.query<{ file_id: string; content_type: string; size_bytes: number }>(
    `SELECT u.file_id, f.content_type, f.size_bytes FROM hall_uploads u JOIN files f ON f.id = u.file_id
      WHERE u.citizen_id = $1 AND u.file_id = ANY($2::uuid[]) AND u.application_id IS NULL FOR UPDATE OF u`,
    [citizenId, fileIds],
  );
  return r.rows;
}

export async function attachUploads(q: Queryable, fileIds: string[], applicationId: string): Promise<void> {
  await q.query('UPDATE hall_uploads SET application_id = $2 WHERE file_id = ANY($1::uuid[])', [
    fileIds,
    applicationId,
  ]);
}

export async function insertApplication(
  q: Queryable,
  a: {
    stationId: string;
    citizenId: string;
    serviceId: string;
    name: string;
    idNumber: { enc: string; bidx: string; masked: string };
    phoneMasked: string;
    details: Record<string, unknown>;
    dueDay: string;
    now: Date;
  },
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO hall_applications (number, station_id, citizen_id, service_id, applicant_name, id_number_enc, id_number_bidx,
       id_number_masked, phone_masked, details, status, submitted_at, last_submitted_at, due_day, updated_at)
     VALUES ('SQ' || to_char($11::timestamptz AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || (SELECT lpad(v::text, greatest(6, length(v::text)), '0') FROM nextval('hall_application_seq') AS v),
       $1, $2, $3, $4, $5, $6, $7, $8, $9, 'submitted', $11, $11, $10, $11)
     RETURNING id`,
    [
      a.stationId,
      a.citizenId,
      a.serviceId,
      a.name,
      a.idNumber.enc,
      a.idNumber.bidx,
      a.idNumber.masked,
      a.phoneMasked,
      JSON.stringify(a.details),
      a.dueDay,
      a.now,
    ],
  );
  const id = r.rows[0]?.id;
  if (!id) throw new Error('application insert returned nothing');
  return id;
}

export async function insertMaterials(
  q: Queryable,
  applicationId: string,
  round: number,
  items: { code: string; fileId: string }[],
  now: Date,
): Promise<void> {
  if (items.length === 0) return;
  await q.query(
    `INSERT INTO hall_application_materials (application_id, material_code, file_id, round, added_at)
     SELECT $1, code, file_id, $3, $4 FROM unnest($2::text[], $5::uuid[]) AS x(code, file_id)`,
    [applicationId, items.map((i) => i.code), round, now, items.map((i) => i.fileId)],
  );
}

export async function insertApplicationEvent(
  q: Queryable,
  e: {
    applicationId: string;
    at: Date;
    kind: string;
    actorUserId: string | null;
    actorName: string | null;
    note?: string | null;
    details?: Record<string, unknown>;
  },
): Promise<void> {
  await q.query(
    `INSERT INTO hall_application_events (application_id, at, kind, actor_user_id, actor_name, note, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [e.applicationId, e.at, e.kind, e.actorUserId, e.actorName, e.note ?? null, JSON.stringify(e.details ?? {})],
  );
}

export async function getApplication(q: Queryable, id: string, lock = false): Promise<ApplicationRow | null> {
  return (await q.query<ApplicationRow>(`${SELECT} WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id])).rows[0] ?? null;
}

export async function applicationsOfCitizen(q: Queryable, citizenId: string): Promise<ApplicationRow[]> {
  return (
    await q.query<ApplicationRow>(`${SELECT} WHERE citizen_id = $1 ORDER BY submitted_at DESC LIMIT 200`, [citizenId])
  ).rows;
}

export async function listApplications(
  q: Queryable,
  f: {
    stationId: string;
    status?: string;
    serviceId?: string;
    overdueBefore?: string;
    onTime?: string;
    q?: string;
    limit: number;
    offset: number;
  },
): Promise<{ rows: ApplicationRow[]; total: number }> {
  const where = `station_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::uuid IS NULL OR service_id = $3)
    AND ($4::date IS NULL OR (due_day < $4 AND status IN ('submitted', 'in_review')))
    AND ($5::date IS NULL OR NOT (due_day < $5 AND status IN ('submitted', 'in_review')))
    AND ($6::text IS NULL OR number = $6 OR applicant_name = $6)`;
  const params = [
    f.stationId,
    f.status ?? null,
    f.serviceId ?? null,
    f.overdueBefore ?? null,
    f.onTime ?? null,
    f.q ?? null,
  ];
  const [rows, total] = await Promise.all([
    q.query<ApplicationRow>(
      `${SELECT} WHERE ${where}
        ORDER BY CASE WHEN status IN ('submitted', 'in_review') THEN 0 ELSE 1 END, due_day, submitted_at DESC
        LIMIT $7 OFFSET $8`,
      [...params, f.limit, f.offset],
    ),
    q.query<{ n: number }>(`SELECT count(*)::int AS n FROM hall_applications WHERE ${where}`, params),
  ]);
  return { rows: rows.rows, total: total.rows[0]?.n ?? 0 };
}

export async function updateApplication(
  q: Queryable,
  id: string,
  f: Partial<{
    status: ApplicationStatus;
    round: number;
    last_submitted_at: Date;
    due_day: string;
    decided_at: Date;
    decision_reason: string | null;
    reviewer_user_id: string;
    correction_reason: string | null;
    correction_materials: string[];
    reminded_at: Date;
    overdue_at: Date;
    updated_at: Date;
  }>,
): Promise<void> {
  const keys = Object.keys(f) as (keyof typeof f)[];
  const sets = keys.map((k, i) => `${k} = $${i + 2}`);
  await q.query(`UPDATE hall_applications SET ${[...sets, 'version = version + 1'].join(', ')} WHERE id = $1`, [
    id,
    ...keys.map((k) => f[k]),
  ]);
}

export async function materialsOf(
  q: Queryable,
  applicationId: string,
): Promise<
  { material_code: string; file_id: string; round: number; added_at: Date; content_type: string; size_bytes: number }[]
> {
  const r = await q.query<{
    material_code: string;
    file_id: string;
    round: number;
    added_at: Date;
    content_type: string;
    size_bytes: number;
  }>(
    `SELECT m.material_code, m.file_id, m.round, m.added_at, f.content_type, f.size_bytes
       FROM hall_application_materials m JOIN files f ON f.id = m.file_id
      WHERE m.application_id = $1 ORDER BY m.round, m.material_code`,
    [applicationId],
  );
  return r.rows;
}

export async function applicationEvents(
  q: Queryable,
  applicationId: string,
): Promise<{ at: Date; kind: string; actor_name: string | null; note: string | null }[]> {
  const r = await q.query<{ at: Date; kind: string; actor_name: string | null; note: string | null }>(
    'SELECT at, kind, actor_name, note FROM hall_application_events WHERE application_id = $1 ORDER BY id',
    [applicationId],
  );
  return r.rows;
}

/** Unattached uploads older than `before` (abandoned drafts) and their files. */
export async function deleteStaleUploads(q: Queryable, before: Date): Promise<number> {
  const r = await q.query<{ file_id: string }>(
    'DELETE FROM hall_uploads WHERE application_id IS NULL AND uploaded_at < $1 RETURNING file_id',
    [before],
  );
  const ids = r.rows.map((x) => x.file_id);
  if (ids.length > 0) await q.query('DELETE FROM files WHERE id = ANY($1::uuid[])', [ids]);
  return ids.length;
}
