import type { Queryable } from '../../platform/db/db';

/** Configuration, saved views, notifications and export progress. */
export interface CategoryRow {
  code: string;
  name_zh: string;
  name_en: string;
  sort: number;
  active: boolean;
}

export interface RiskRow {
  code: 'red' | 'orange' | 'yellow';
  name_zh: string;
  meaning: string;
  resolve_days: number;
  remind_hours: number;
}

export async function listCategories(q: Queryable): Promise<CategoryRow[]> {
  const r = await q.query<CategoryRow>(
    'SELECT code, name_zh, name_en, sort, active FROM mediation_categories ORDER BY sort',
  );
  return r.rows;
}

export async function updateCategory(
  q: Queryable,
  code: string,
  patch: { nameZh?: string; nameEn?: string; sort?: number; active?: boolean },
): Promise<boolean> {
  const r = await q.query(
    `UPDATE mediation_categories SET name_zh = coalesce($2, name_zh), name_en = coalesce($3, name_en),
       sort = coalesce($4, sort), active = coalesce($5, active) WHERE code = $1`,
    [code, patch.nameZh ?? null, patch.nameEn ?? null, patch.sort ?? null, patch.active ?? null],
  );
  return r.rowCount > 0;
}

export async function listRiskLevels(q: Queryable): Promise<RiskRow[]> {
  const r = await q.query<RiskRow>(
    'SELECT code, name_zh, meaning, resolve_days, remind_hours FROM mediation_risk_levels ORDER BY sort',
  );
  return r.rows;
}

export async function updateRiskLevel(
  q: Queryable,
  code: string,
  v: { nameZh: string; meaning: string; resolveDays: number; remindHours: number },
): Promise<boolean> {
  const r = await q.query(
    'UPDATE mediation_risk_levels SET name_zh = $2, meaning = $3, resolve_days = $4, remind_hours = $5 WHERE code = $1',
    [code, v.nameZh, v.meaning, v.resolveDays, v.remindHours],
  );
  return r.rowCount > 0;
}

export async function readSettings(q: Queryable, key: string): Promise<unknown> {
  const r = await q.query<{ value: unknown }>('SELECT value FROM settings WHERE station_id IS NULL AND key = $1', [
    key,
  ]);
  return r.rows[0]?.value ?? null;
}

export async function writeSettings(
  q: Queryable,
  key: string,
  value: unknown,
  by: string | null,
  now: Date,
): Promise<void> {
  await q.query(
    `INSERT INTO settings (station_id, key, value, updated_at, updated_by) VALUES (NULL, $1, $2, $3, $4)
     ON CONFLICT (coalesce(station_id, '00000000-0000-0000-0000-000000000000'::uuid), key)
     DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by`,
    [key, JSON.stringify(value), now, by],
  );
}

// ------------------------------------------------------------------ saved views

export interface ViewRow {
  id: string;
  name: string;
  filter: Record<string, unknown>;
  created_at: Date;
}

export async function listViews(q: Queryable, userId: string): Promise<ViewRow[]> {
  const r = await q.query<ViewRow>(
    'SELECT id, name, filter, created_at FROM mediation_views WHERE user_id = $1 ORDER BY name',
    [userId],
  );
  return r.rows;
}

export async function upsertView(
  q: Queryable,
  userId: string,
  name: string,
  filter: unknown,
  now: Date,
): Promise<ViewRow> {
  const r = await q.query<ViewRow>(
    `INSERT INTO mediation_views (user_id, name, filter, created_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (user_id, name) DO UPDATE SET filter = EXCLUDED.filter
     RETURNING id, name, filter, created_at`,
    [userId, name, JSON.stringify(filter), now],
  );
  const row = r.rows[0];
  if (!row) throw new Error('view upsert returned nothing');
  return row;
}

export async function deleteView(q: Queryable, userId: string, id: string): Promise<boolean> {
  const r = await q.query('DELETE FROM mediation_views WHERE user_id = $1 AND id = $2', [userId, id]);
  return r.rowCount > 0;
}

// ------------------------------------------------------------------ notifications

export interface NotificationRow {
  id: string;
  kind: string;
  title: string;
  body: string;
  dispute_id: string | null;
  created_at: Date;
  read_at: Date | null;
}

export async function insertNotification(
  q: Queryable,
  n: {
    stationId: string;
    personId: string;
    kind: string;
    title: string;
    body: string;
    disputeId: string | null;
    now: Date;
  },
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO mediation_notifications (station_id, person_id, kind, title, body, dispute_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [n.stationId, n.personId, n.kind, n.title, n.body, n.disputeId, n.now],
  );
  const id = r.rows[0]?.id;
  if (!id) throw new Error('notification insert returned nothing');
  return id;
}

export async function listNotifications(
  q: Queryable,
  personId: string,
  unreadOnly: boolean,
): Promise<NotificationRow[]> {
  const r = await q.query<NotificationRow>(
    `SELECT id, kind, title, body, dispute_id, created_at, read_at FROM mediation_notifications
      WHERE person_id = $1${unreadOnly ? ' AND read_at IS NULL' : ''} ORDER BY created_at DESC LIMIT 200`,
    [personId],
  );
  return r.rows;
}

export async function markNotificationRead(q: Queryable, personId: string, id: string, now: Date): Promise<boolean> {
  const r = await q.query(
    'UPDATE mediation_notifications SET read_at = coalesce(read_at, $3) WHERE person_id = $1 AND id = $2',
    [personId, id, now],
  );
  return r.rowCount > 0;
}

// ------------------------------------------------------------------ exports

export interface ExportRow {
  id: string;
  station_id: string;
  user_id: string;
  filter: Record<string, unknown>;
  status: 'ready' | 'running' | 'done' | 'failed';
  total: number;
  rows_written: number;
  error: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

export async function insertExport(
  q: Queryable,
  e: { stationId: string; userId: string; filter: unknown; total: number; now: Date },
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO mediation_exports (station_id, user_id, filter, status, total, created_at)
     VALUES ($1, $2, $3, 'ready', $4, $5) RETURNING id`,
    [e.stationId, e.userId, JSON.stringify(e.filter), e.total, e.now],
  );
  const id = r.rows[0]?.id;
  if (!id) throw new Error('export insert returned nothing');
  return id;
}

export async function getExport(q: Queryable, id: string): Promise<ExportRow | null> {
  const r = await q.query<ExportRow>('SELECT * FROM mediation_exports WHERE id = $1', [id]);
  return r.rows[0] ?? null;
}

/** Claims an export for streaming (again, if it finished); false when a download of it is running. */
export async function startExport(q: Queryable, id: string, now: Date): Promise<boolean> {
  const r = await q.query(
    `UPDATE mediation_exports SET status = 'running', started_at = $2, rows_written = 0, error = NULL, finished_at = NULL
      WHERE id = $1 AND status <> 'running'`,
    [id, now],
  );
  return r.rowCount > 0;
}

export async function progressExport(q: Queryable, id: string, rows: number): Promise<void> {
  await q.query('UPDATE mediation_exports SET rows_written = $2 WHERE id = $1', [id, rows]);
}

export async function finishExport(
  q: Queryable,
  id: string,
  v: { status: 'done' | 'failed'; rows: number; error: string | null; now: Date },
): Promise<void> {
  await q.query(
    'UPDATE mediation_exports SET status = $2, rows_written = $3, error = $4, finished_at = $5 WHERE id = $1',
    [id, v.status, v.rows, v.error, v.now],
  );
}
