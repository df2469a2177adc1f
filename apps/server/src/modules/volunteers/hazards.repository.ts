import type { HazardCategory, HazardStatus, ResponsibleKind } from '@fengqiao/domain';
import type { Queryable } from '../../platform/db/db';

export interface HazardRow {
  id: string;
  station_id: string;
  number: string;
  category: HazardCategory;
  title: string;
  description: string;
  address: string | null;
  lng: number;
  lat: number;
  grid_id: string | null;
  place_id: string | null;
  duty_id: string | null;
  reporter_person_id: string | null;
  reporter_user_id: string | null;
  reporter_name: string | null;
  reported_at: Date;
  status: HazardStatus;
  responsible_kind: ResponsibleKind | null;
  responsible_name: string | null;
  responsible_place_id: string | null;
  due_on: string | null;
  assigned_at: Date | null;
  rectified_at: Date | null;
  closed_at: Date | null;
  overdue_since: Date | null;
  reminders: number;
  version: number;
}

const HAZARD = `SELECT id, station_id, number, category, title, description, address, lng, lat, grid_id, place_id, duty_id,
  reporter_person_id, reporter_user_id, reporter_name, reported_at, status, responsible_kind, responsible_name,
  responsible_place_id, due_on, assigned_at, rectified_at, closed_at, overdue_since, reminders, version FROM hazards`;

export async function insertHazard(
  q: Queryable,
  h: {
    stationId: string;
    category: string;
    title: string;
    description: string;
    address: string | null;
    lng: number;
    lat: number;
    gridId: string | null;
    placeId: string | null;
    dutyId: string | null;
    reporterPersonId: string | null;
    reporterUserId: string | null;
    reporterName: string | null;
    clientId: string | null;
    reportedAt: Date;
    now: Date;
  },
): Promise<string | null> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO hazards (station_id, number, category, title, description, address, lng, lat, grid_id, place_id, duty_id,
       reporter_person_id, reporter_user_id, reporter_name, client_id, reported_at, status, created_at, updated_at)
     VALUES ($1, 'YH' || to_char($15::timestamptz AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || lpad(nextval('hazard_number_seq')::text, 5, '0'),
             $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 'reported', $16, $16)
     ON CONFLICT (reporter_user_id, client_id) WHERE client_id IS NOT NULL DO NOTHING RETURNING id`,
    [
      h.stationId,
      h.category,
      h.title,
      h.description,
      h.address,
      h.lng,
      h.lat,
      h.gridId,
      h.placeId,
      h.dutyId,
      h.reporterPersonId,
      h.reporterUserId,
      h.reporterName,
      h.clientId,
      h.reportedAt,
      h.now,
    ],
  );
  return r.rows[0]?.id ?? null;
}

export async function hazardByClient(q: Queryable, userId: string, clientId: string): Promise<string | null> {
  const r = await q.query<{ id: string }>('SELECT id FROM hazards WHERE reporter_user_id = $1 AND client_id = $2', [
    userId,
    clientId,
  ]);
  return r.rows[0]?.id ?? null;
}

export async function getHazard(q: Queryable, id: string, forUpdate = false): Promise<HazardRow | null> {
  return (await q.query<HazardRow>(`${HAZARD} WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id])).rows[0] ?? null;
}

export interface HazardFilter {
  stationId: string;
  statuses?: string[];
  category?: string;
  gridId?: string;
  from?: Date;
  to?: Date;
  overdueOn?: string;
  /** Reach: null = the whole station; otherwise these grids, or these reporters. */
  withinGrids?: string[] | null;
  reporters?: string[] | null;
  limit: number;
  offset: number;
}

export async function listHazards(q: Queryable, f: HazardFilter): Promise<{ rows: HazardRow[]; total: number }> {
  const where = ['station_id = $1'];
  const params: unknown[] = [f.stationId];
  const push = (sql: string, ...vs: unknown[]) => {
    let s = sql;
    for (const v of vs) {
      params.push(v);
      s = s.replace('?', () => `$${params.length}`);
    }
    where.push(s);
  };
  if (f.statuses) push('status = ANY(?::text[])', f.statuses);
  if (f.category) push('category = ?', f.category);
  if (f.gridId) push('grid_id = ?', f.gridId);
  if (f.from) push('reported_at >= ?', f.from);
  if (f.to) push('reported_at < ?', f.to);
  if (f.overdueOn) push(`status IN ('reported', 'assigned') AND due_on < ?::date`, f.overdueOn);
  if (f.withinGrids && f.reporters)
    push('(grid_id = ANY(?::uuid[]) OR reporter_person_id = ANY(?::uuid[]))', f.withinGrids, f.reporters);
  else if (f.withinGrids) push('grid_id = ANY(?::uuid[])', f.withinGrids);
  else if (f.reporters) push('reporter_person_id = ANY(?::uuid[])', f.reporters);
  const w = where.join(' AND ');
  const total = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM hazards WHERE ${w}`, params);
  const rows = await q.query<HazardRow>(
    `${HAZARD} WHERE ${w} ORDER BY reported_at DESC, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, f.limit, f.offset],
  );
  return { rows: rows.rows, total: total.rows[0]?.n ?? 0 };
}

export async function updateHazard(
  q: Queryable,
  id: string,
  p: {
    status?: HazardStatus;
    responsibleKind?: string;
    responsibleName?: string;
    responsiblePlaceId?: string | null;
    dueOn?: string;
    assignedAt?: Date;
    rectifiedAt?: Date | null;
    closedAt?: Date;
    closedBy?: string | null;
    clearOverdue?: boolean;
    now: Date;
  },
): Promise<void> {
  await q.query(
    `UPDATE hazards SET status = coalesce($2, status),
       responsible_kind = coalesce($3, responsible_kind), responsible_name = coalesce($4, responsible_name),
       responsible_place_id = CASE WHEN $5 THEN $6::uuid ELSE responsible_place_id END,
       due_on = coalesce($7::date, due_on), assigned_at = coalesce($8, assigned_at),
       rectified_at = CASE WHEN $9 THEN $10::timestamptz ELSE rectified_at END,
       closed_at = coalesce($11, closed_at), closed_by = coalesce($12, closed_by),
       overdue_since = CASE WHEN $13 THEN NULL ELSE overdue_since END,
       updated_at = $14, version = version + 1
     WHERE id = $1`,
    [
      id,
      p.status ?? null,
      p.responsibleKind ?? null,
      p.responsibleName ?? null,
      p.responsiblePlaceId !== undefined,
      p.responsiblePlaceId ?? null,
      p.dueOn ?? null,
      p.assignedAt ?? null,
      p.rectifiedAt !== undefined,
      p.rectifiedAt ?? null,
      p.closedAt ?? null,
      p.closedBy ?? null,
      p.clearOverdue ?? false,
      p.now,
    ],
  );
}

export async function markOverdue(q: Queryable, id: string, now: Date): Promise<void> {
  await q.query(
    `UPDATE hazards SET overdue_since = coalesce(overdue_since, $2), reminders = reminders + 1, updated_at = $2,
       version = version + 1 WHERE id = $1`,
    [id, now],
  );
}

export async function insertHazardEvent(
  q: Queryable,
  e: {
    hazardId: string;
    at: Date;
    kind: string;
    actorName: string | null;
    note: string;
    details?: Record<string, unknown>;
  },
): Promise<void> {
  await q.query(
    'INSERT INTO hazard_events (hazard_id, at, kind, actor_name, note, details) VALUES ($1, $2, $3, $4, $5, $6)',
    [e.hazardId, e.at, e.kind, e.actorName, e.note, JSON.stringify(e.details ?? {})],
  );
}

export async function listHazardEvents(q: Queryable, hazardId: string) {
  return (
    await q.query<{ at: Date; kind: string; actor_name: string | null; note: string }>(
      'SELECT at, kind, actor_name, note FROM hazard_events WHERE hazard_id = $1 ORDER BY at, id',
      [hazardId],
    )
  ).rows;
}

export async function insertHazardPhoto(
  q: Queryable,
  p: { hazardId: string; stage: string; fileId: string; by: string | null; now: Date },
): Promise<string> {
  const r = await q.query<{ id: string }>(
    'INSERT INTO hazard_photos (hazard_id, stage, file_id, uploaded_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id',
    [p.hazardId, p.stage, p.fileId, p.by, p.now],
  );
  const id = r.rows[0]?.id;
  if (!id) throw new Error('photo insert returned nothing');
  return id;
}

export async function listHazardPhotos(q: Queryable, hazardId: string) {
  return (
    await q.query<{ id: string; stage: 'report' | 'rectification' | 'verification'; file_id: string }>(
      'SELECT id, stage, file_id FROM hazard_photos WHERE hazard_id = $1 ORDER BY created_at',
      [hazardId],
    )
  ).rows;
}

export async function hazardPhotoFile(q: Queryable, hazardId: string, photoId: string): Promise<string | null> {
  const r = await q.query<{ file_id: string }>('SELECT file_id FROM hazard_photos WHERE hazard_id = $1 AND id = $2', [
    hazardId,
    photoId,
  ]);
  return r.rows[0]?.file_id ?? null;
}
